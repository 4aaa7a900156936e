/**
 * Stream stores for tests: a store's service from its layer, and a `describe` block with a real `redis-server`
 * (started before its tests, killed after them; the block skipped, saying so in its name, where none is
 * installed) that gives its tests two stores on that Redis, as two instances would have.
 */
import { DurableStreamTestServer } from "@durable-streams/server"
import { afterAll, beforeAll, describe } from "@effect/vitest"
import { Context, Deferred, Effect, Exit, Layer } from "effect"
import type { Duration, Scope } from "effect"
import { DurableStreams, StreamStore } from "effect-llm-stream"
import { redisServer, type RunningRedis, startRedis } from "./RedisServer.js"

/** A store's service from its layer, for the scope's lifetime. */
export const storeOf = <E>(layer: Layer.Layer<never, E>): Effect.Effect<StreamStore.Service, E, Scope.Scope> =>
  Effect.map(Layer.build(layer), (context) => Context.get(context as Context.Context<never>, StreamStore.StreamStore))

/** Two stores on one backing store (two instances), streams kept `ttl` after their end. */
export type TwoStores = (
  ttl: Duration.Input
) => Effect.Effect<readonly [StreamStore.Service, StreamStore.Service], StreamStore.StreamStoreError, Scope.Scope>

let prefixes = 0

/** A key prefix of its own for a store of a test. */
export const freshPrefix = (separator: string): string => `test-${process.pid}-${++prefixes}${separator}`

/**
 * `describe(name, ...)` with a `redis-server` for its tests (`url()` is where it listens), skipped, saying so in its
 * name, where none is installed.
 */
export const describeRedisServer = (name: string, body: (url: () => string) => void): void =>
  void describe.skipIf(redisServer === undefined)(
    redisServer === undefined ? `${name} (skipped: redis-server is not installed)` : `${name} (a real redis-server)`,
    () => {
      let server: RunningRedis | undefined
      beforeAll(async () => {
        server = await startRedis()
      }, 15_000)
      afterAll(() => server?.kill())
      body(() => server!.url)
    }
  )

/** `describe(name, ...)` with a `redis-server` for its tests, and `twoStores` on it (a fresh key prefix each). */
export const describeRedis = (name: string, body: (twoStores: TwoStores) => void): void =>
  describeRedisServer(name, (url) =>
    body((ttl) =>
      Effect.gen(function*() {
        const prefix = freshPrefix(":")
        const a = yield* storeOf(StreamStore.layerRedis({ url: url(), ttl, prefix }))
        const b = yield* storeOf(StreamStore.layerRedis({ url: url(), ttl, prefix }))
        return [a, b] as const
      })
    ))

/**
 * `describe(name, ...)` with a Durable Streams reference server (`@durable-streams/server`, in this process, on a free
 * port, 2 s long-polls) for its tests, and `twoStores` on it (a fresh prefix each); `url` is where it keeps streams.
 */
export const describeDurableStreams = (
  name: string,
  body: (twoStores: TwoStores, url: () => string) => void
): void =>
  void describe(`${name} (the Durable Streams reference server)`, () => {
    let server: DurableStreamTestServer | undefined
    let url = ""
    beforeAll(async () => {
      server = new DurableStreamTestServer({ port: 0, host: "127.0.0.1", longPollTimeout: 2000 })
      url = `${await server.start()}/v1/stream`
    })
    afterAll(() => server?.stop())
    body(
      (ttl) =>
        Effect.gen(function*() {
          const prefix = `test-${process.pid}-${++prefixes}/`
          const a = yield* storeOf(StreamStore.layerDurableStreams({ url, ttl, prefix }))
          const b = yield* storeOf(StreamStore.layerDurableStreams({ url, ttl, prefix }))
          return [a, b] as const
        }),
      () => url
    )
  })

/** A Durable Streams reference server (in this process, on a free port, 2 s long-polls) for the scope's lifetime. */
export const reference: Effect.Effect<
  { readonly server: DurableStreamTestServer; readonly url: string },
  never,
  Scope.Scope
> = Effect.acquireRelease(
  Effect.promise(async () => {
    const server = new DurableStreamTestServer({ port: 0, host: "127.0.0.1", longPollTimeout: 2000 })
    return { server, url: await server.start() }
  }),
  ({ server }) => Effect.promise(() => server.stop())
)

/**
 * The library's own Durable Streams endpoint (`DurableStreams.layer`, writes enabled, 2 s long-polls, one owner) on
 * the memory store, served by `serveNode` on a free port for the scope's lifetime, as `reference` is: a store's server.
 */
export const ownEndpoint: Effect.Effect<{ readonly url: string }, never, Scope.Scope> = Effect.gen(function*() {
  const listening = yield* Deferred.make<string>()
  const endpoint = DurableStreams.layer({
    owner: () => Effect.succeed("store"),
    writes: { prefix: "" },
    longPollTimeout: "2 seconds",
    log: false
  })
  yield* Effect.forkScoped(Effect.orDie(
    DurableStreams.serveNode(endpoint, {
      port: 0,
      host: "127.0.0.1",
      onListen: (url) => Effect.asVoid(Deferred.succeed(listening, url))
    }).pipe(Effect.provide(StreamStore.layerMemory()))
  ))
  return { url: yield* Deferred.await(listening) }
})

/** The failure of a store's `exit`: its reason and message, or `undefined` for a success or a defect. */
export const failureOf = (exit: Exit.Exit<unknown, unknown>): string | undefined => {
  const reason = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
  const error = reason?._tag === "Fail"
    ? reason.error as { readonly reason?: string; readonly message: string }
    : undefined
  return error === undefined ? undefined : `${error.reason}: ${error.message}`
}
