/**
 * `StreamStart.unwrap`: the stream an effect makes, made when the stream starts, with no stage of its own. What it
 * must keep of `Stream.unwrap`: the effect runs once per run of the stream, its failure is the stream's, the scope
 * it is given is the stream's (closed after the stream's last element), and a consumer that stops early stops it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope, Stream } from "effect"
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

  it.effect("gives the effect the stream's scope: its finalizer runs after the last element, and after a take", () =>
    Effect.gen(function*() {
      const log: Array<string> = []
      const made = StreamStart.unwrap(Effect.map(
        Effect.flatMap(Effect.scope, (scope) => Scope.addFinalizer(scope, Effect.sync(() => log.push("closed")))),
        () => Stream.make("a", "b", "c").pipe(Stream.tap((value) => Effect.sync(() => log.push(value))))
      ))
      yield* Stream.runDrain(made)
      assert.deepStrictEqual(log, ["a", "b", "c", "closed"])
      log.length = 0
      assert.deepStrictEqual(yield* Stream.runCollect(Stream.take(made, 1)), ["a"])
      assert.deepStrictEqual(log, ["a", "closed"])
    }))
})
