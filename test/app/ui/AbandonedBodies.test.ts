/**
 * A served body that nobody reads (a framework that drops the response, a `HEAD`) must not keep its call open: the
 * body is watched (`SseWriter.AbandonedBodies`, a `FinalizationRegistry`) and, collected unread, closes the
 * stream's scope. A body that is read is the reading's to end, and lets go of the watch, so that the registry does
 * not hold the call (its services, its scope) until the garbage collector comes by. Collection is played here by a
 * registry of the test's own: it runs a watch's callback when told.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Deferred, Effect, Exit, Stream } from "effect"
import type { UIMessageStream } from "effect-llm-stream"
import { UIMessageStream as UI } from "effect-llm-stream"
import * as SseWriter from "../../../src/app/ui/SseWriter.js"

/** A registry that records what it watches and runs a watch's callback when `collect` is called. */
const registry = () => {
  const watched = new Map<object, () => void>()
  const fake = {
    register: (_target: object, held: () => void, token?: object) => void watched.set(token ?? {}, held),
    unregister: (token: object) => watched.delete(token)
  } as unknown as FinalizationRegistry<() => void>
  return { fake, watched, collect: () => [...watched.values()].forEach((held) => held()) }
}

/** A stream with content that then waits forever; `ended` hears how it ended. */
const endless = (ended: Deferred.Deferred<Exit.Exit<void, unknown>>): Stream.Stream<UIMessageStream.Chunk> =>
  Stream.concat(
    Stream.make<Array<UIMessageStream.Chunk>>({ type: "start" }, { type: "text-start", id: "t" }, {
      type: "text-delta",
      id: "t",
      delta: "a"
    }),
    Stream.never
  ).pipe(Stream.onExit((exit) => Deferred.succeed(ended, Exit.asVoid(exit))))

const interrupted = (exit: Exit.Exit<void, unknown>) => Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)

describe("a body nobody reads", () => {
  const servings: ReadonlyArray<
    readonly [string, (stream: Stream.Stream<UIMessageStream.Chunk>) => Effect.Effect<unknown>]
  > = [
    ["toResponse", (stream) => UI.toResponse(stream)],
    ["toHttpServerResponse", (stream) => UI.toHttpServerResponse(stream)]
  ]
  for (const [name, serve] of servings) {
    it.live(`${name}: collected unread, it stops the stream`, () =>
      Effect.gen(function*() {
        const { collect, fake, watched } = registry()
        const ended = yield* Deferred.make<Exit.Exit<void, unknown>>()
        yield* serve(endless(ended)).pipe(Effect.provideService(SseWriter.AbandonedBodies, fake))
        assert.strictEqual(watched.size, 1)
        collect()
        assert.isTrue(interrupted(yield* Deferred.await(ended).pipe(Effect.timeout("10 seconds"))))
      }))
  }

  it.live("toResponse: read, then cancelled, it lets go of the watch", () =>
    Effect.gen(function*() {
      const { fake, watched } = registry()
      const ended = yield* Deferred.make<Exit.Exit<void, unknown>>()
      const response = yield* UI.toResponse(endless(ended)).pipe(
        Effect.provideService(SseWriter.AbandonedBodies, fake)
      )
      const reader = response.body!.getReader()
      yield* Effect.promise(() => reader.read())
      yield* Effect.promise(() => reader.cancel())
      assert.strictEqual(watched.size, 0)
      assert.isTrue(interrupted(yield* Deferred.await(ended)))
    }))

  it.live("toHttpServerResponse: once its body is pulled, it lets go of the watch", () =>
    Effect.gen(function*() {
      const { fake, watched } = registry()
      const response = yield* UI.toHttpServerResponse(
        Stream.make<Array<UIMessageStream.Chunk>>({ type: "start" }, { type: "finish" })
      ).pipe(Effect.provideService(SseWriter.AbandonedBodies, fake))
      assert.strictEqual(watched.size, 1)
      assert.strictEqual(response.body._tag, "Stream")
      if (response.body._tag !== "Stream") return
      const bytes = yield* Stream.runCollect(response.body.stream)
      assert.include(new TextDecoder().decode(bytes[0]), "\"start\"")
      assert.strictEqual(watched.size, 0)
    }))
})
