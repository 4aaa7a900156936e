/**
 * `CachedContext`: a service given to every pull of a stream, the context with it made once per context the pulls
 * run in (where `Stream.provideService` copies the context on every pull). What it must keep: every pull sees the
 * service, and a context the effect runs in again is not made again.
 */
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Stream } from "effect"
import * as CachedContext from "../../../src/core/stream/CachedContext.js"

class Greeting extends Context.Service<Greeting, string>()("test/CachedContext/Greeting") {}

describe("CachedContext", () => {
  it.effect("updating: the context is made once per context the effect runs in", () =>
    Effect.gen(function*() {
      let made = 0
      const provided = CachedContext.updating((context) => {
        made++
        return Context.add(context, Greeting, "hello")
      })
      // `updating` keeps the effect's requirements as they are: `f` is what provides the service.
      const read = provided(Effect.service(Greeting)) as Effect.Effect<string>
      assert.deepStrictEqual([yield* read, yield* read, yield* read], ["hello", "hello", "hello"])
      assert.strictEqual(made, 1)
      // In another context, it is made again.
      assert.strictEqual(yield* read.pipe(Effect.provideService(Greeting, "other")), "hello")
      assert.strictEqual(made, 2)
    }))

  it.effect("provideService: every pull of the stream sees the service", () =>
    Effect.gen(function*() {
      const greetings = Stream.make(1, 2, 3).pipe(
        Stream.rechunk(1),
        Stream.mapEffect((n) => Effect.map(Effect.service(Greeting), (greeting) => `${greeting} ${n}`))
      )
      const collected = yield* Stream.runCollect(CachedContext.provideService(greetings, Greeting, "hi"))
      assert.deepStrictEqual(collected, ["hi 1", "hi 2", "hi 3"])
    }))
})
