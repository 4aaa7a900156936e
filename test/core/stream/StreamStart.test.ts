/**
 * `StreamStart.unwrap`: the stream an effect makes, made when the stream starts, with no stage of its own. What it
 * must keep of `Stream.unwrap`: the effect runs once per run of the stream, its failure is the stream's, and (with
 * `unwrapScoped`, the only one that takes an effect needing a scope) the scope it is given is the stream's (closed
 * after the stream's last element), and a consumer that stops early stops it.
 * `StreamStart.ensuringWith`: what it must keep of `Stream.onExit`: its finalizer runs once per run, with how the
 * run ended (its end, its failure, its interruption), and inside `Stream.concat` as its part ends.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Fiber, Scope, Stream } from "effect"
import * as StreamStart from "../../../src/core/stream/StreamStart.js"

describe("StreamStart.unwrap", () => {
  it.effect("runs its effect once per run, when the stream starts, and gives the stream it made", () =>
    Effect.gen(function*() {
      let runs = 0
      const stream = StreamStart.unwrap(Effect.sync(() => {
        runs++
        return Stream.make(1, 2, 3)
      }))
      assert.strictEqual(runs, 0)
      assert.deepStrictEqual(yield* Stream.runCollect(stream), [1, 2, 3])
      assert.deepStrictEqual(yield* Stream.runCollect(stream), [1, 2, 3])
      assert.strictEqual(runs, 2)
    }))

  it.effect("fails the stream with the effect's failure", () =>
    Effect.gen(function*() {
      const exit = yield* Effect.exit(
        Stream.runCollect(StreamStart.unwrap<number, never, never, string, never>(Effect.fail("no table")))
      )
      assert.deepStrictEqual(exit, Exit.fail("no table"))
    }))

  it.effect("unwrapScoped gives the effect the stream's scope: its finalizer runs after the last element, and after a take", () =>
    Effect.gen(function*() {
      const log: Array<string> = []
      const made = StreamStart.unwrapScoped(Effect.map(
        Effect.flatMap(Effect.scope, (scope) => Scope.addFinalizer(scope, Effect.sync(() => log.push("closed")))),
        () => Stream.make("a", "b", "c").pipe(Stream.tap((value) => Effect.sync(() => log.push(value))))
      ))
      yield* Stream.runDrain(made)
      assert.deepStrictEqual(log, ["a", "b", "c", "closed"])
      log.length = 0
      assert.deepStrictEqual(yield* Stream.runCollect(Stream.take(made, 1)), ["a"])
      assert.deepStrictEqual(log, ["a", "closed"])
    }))

  it("refuses, in its type, an effect that needs a scope", () => {
    const scoped = Effect.map(Effect.scope, () => Stream.make(1))
    // @ts-expect-error: an effect that needs a Scope takes unwrapScoped
    const refused = StreamStart.unwrap(scoped)
    assert.isTrue(Stream.isStream(refused))
    assert.isTrue(Stream.isStream(StreamStart.unwrapScoped(scoped)))
  })
})

describe("StreamStart.ensuringWith", () => {
  const watched = (stream: Stream.Stream<number, string>) => {
    const exits: Array<Exit.Exit<unknown, unknown>> = []
    return { exits, stream: StreamStart.ensuringWith(stream, (exit) => Effect.sync(() => exits.push(exit))) }
  }

  it.effect("runs its finalizer once per run: at the end, with the failure, when the run is interrupted", () =>
    Effect.gen(function*() {
      const ended = watched(Stream.make(1, 2))
      assert.deepStrictEqual(yield* Stream.runCollect(ended.stream), [1, 2])
      assert.deepStrictEqual(yield* Stream.runCollect(ended.stream), [1, 2])
      assert.deepStrictEqual(ended.exits.map(Exit.isSuccess), [true, true])

      const failed = watched(Stream.concat(Stream.make(1), Stream.fail("broken")))
      assert.deepStrictEqual(yield* Effect.exit(Stream.runCollect(failed.stream)), Exit.fail("broken"))
      assert.strictEqual(failed.exits.length, 1)
      assert.deepStrictEqual(failed.exits[0], Exit.fail("broken"))

      const waiting = watched(Stream.concat(Stream.make(1), Stream.never))
      const fiber = yield* Effect.forkChild(Stream.runDrain(waiting.stream))
      yield* Effect.yieldNow
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(waiting.exits.length, 1)
      const exit = waiting.exits[0]!
      assert.isTrue(Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause))
    }))

  it.effect("inside Stream.concat, runs as its part ends, before the next part is pulled", () =>
    Effect.gen(function*() {
      const log: Array<string> = []
      const first = StreamStart.ensuringWith(Stream.make("a"), () => Effect.sync(() => log.push("first ended")))
      const second = Stream.fromEffect(Effect.sync(() => (log.push("second pulled"), "b")))
      assert.deepStrictEqual(yield* Stream.runCollect(Stream.concat(first, second)), ["a", "b"])
      assert.deepStrictEqual(log, ["first ended", "second pulled"])
    }))
})
