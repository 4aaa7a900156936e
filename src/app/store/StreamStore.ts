/**
 * Where resumable streams are kept while they run and for `ttl` after their end (default 10 minutes): JSON chunks
 * under an id, appended by the one instance running the generation, read from any cursor by any number of readers
 * on any instance sharing the store. A stop asked on any instance reaches the one running the generation.
 *
 * Without a layer, a store in this process's memory is used (one instance); `layerRedis` puts the streams on Redis
 * Streams for many instances behind a load balancer (it needs the optional peer `redis`, loaded only then), and
 * `layerDurableStreams` on any server of the Durable Streams protocol.
 *
 * A stream is known by its id and its `owner` (a string the application derives from its session). An unknown id,
 * an expired one and another owner's fail alike, with `StreamNotFound`; an unreachable store fails with
 * `StreamStoreError` (`Unavailable`) within seconds, never a hang. Without an owner, an id is a bearer secret:
 * draw it with `newId`, never from a counter or a guessable name.
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as DurableStreamsStreamStore from "./DurableStreamsStreamStore.js"
import * as EarlyStop from "./EarlyStop.js"
import * as MemoryStreamStore from "./MemoryStreamStore.js"
import * as ReaderSlots from "./ReaderSlots.js"
import * as RedisStreamStore from "./RedisStreamStore.js"
import * as StoreShutdown from "./StoreShutdown.js"
import type * as Model from "./StreamStoreModel.js"

export { isValidId, maxIdLength, newId } from "./StreamIds.js"
export { StreamNotFound, StreamStoreError } from "./StreamStoreModel.js"
export type {
  AppendOptions,
  Created,
  CreateOptions,
  EndReason,
  OwnerOptions,
  Producer,
  PutOptions,
  Service,
  StoredChunk,
  Tail,
  WriteOptions,
  Written
} from "./StreamStoreModel.js"

/**
 * How long a stream is kept after its end unless a layer says otherwise: 10 minutes.
 *
 * @since 0.3.0
 * @category Constants
 */
export const defaultTtl: Duration.Duration = /* @__PURE__ */ Duration.minutes(10)

/**
 * The store in context; one in this process's memory when none is provided.
 *
 * @since 0.3.0
 * @category Context
 */
export const StreamStore: Context.Reference<Model.Service> = /* @__PURE__ */ Context.Reference<Model.Service>(
  "effect-llm-stream/StreamStore",
  {
    defaultValue: () => memory()
  }
)

/**
 * The most streams (open, or ended and not yet expired) a memory store keeps unless its layer says otherwise: 10,000.
 *
 * @since 0.4.0
 * @category Constants
 */
export const defaultMaxStreams = 10_000

/**
 * The most bytes of chunks (their JSON size) a memory store keeps unless its layer says otherwise: 128 MiB.
 *
 * @since 0.4.0
 * @category Constants
 */
export const defaultMaxBytes = 128 * 1024 * 1024

/**
 * An owner's share of a memory store unless its layer says otherwise: a hundredth of its streams (at least 16)
 * and a sixteenth of its bytes (at least 1 MiB); of the default bounds, 100 streams and 8 MiB.
 *
 * @since 0.6.0
 * @category Constants
 */
export const ownerShareOf = (bounds: { readonly maxStreams: number; readonly maxBytes: number }): {
  readonly maxStreamsPerOwner: number
  readonly maxBytesPerOwner: number
} => ({
  maxStreamsPerOwner: Math.max(16, Math.ceil(bounds.maxStreams / 100)),
  maxBytesPerOwner: Math.max(1024 * 1024, Math.ceil(bounds.maxBytes / 16))
})

/**
 * The most readers one stream (of one owner) has at once on an instance unless its store's layer says otherwise: 16
 * (a person's tabs, each reconnecting; a page reconnecting in a loop without closing meets it).
 *
 * @since 0.7.0
 * @category Constants
 */
export const defaultMaxReadersPerStream = 16

/**
 * How many readers at once each stream an owner may hold gives the owner on an instance unless its store's layer says
 * otherwise (`maxReadersPerOwner`): 2, its answer's own and a reconnect. Of the memory store's default share, 200;
 * where a store bounds no owner's streams (Redis, Durable Streams), none: a server whose answers all share one owner
 * (an API key, a service) would otherwise cap its answers at once.
 *
 * @since 0.7.0
 * @category Constants
 */
export const readersPerOwnedStream = 2

/**
 * The bounds on readers at once that every store's layer takes: `maxReadersPerStream` on one stream (of one owner,
 * default 16), `maxReadersPerOwner` on all an owner's streams (default `readersPerOwnedStream` for each stream the
 * store lets an owner hold, `maxStreamsPerOwner`; none where it bounds no owner's streams), counted on each instance
 * from a reader's
 * start to its end (its client gone); `Infinity` for none. A read past either fails with `StreamStoreError`
 * `TooManyReaders` (a `429` from a route) and is logged; readers already reading go on (docs/ui.md, "One instance or
 * many"). The library's own brief reads (a page of what a stream holds, a steering inbox's, a chat's running answer
 * looked up), which it ends within a bound of its own, take no slot: a stream's writes and catch-up reads go on while
 * its live readers fill its bound.
 *
 * @since 0.7.0
 * @category Models
 */
export interface ReaderBounds {
  readonly maxReadersPerStream?: number | undefined
  readonly maxReadersPerOwner?: number | undefined
}

/** A bound given (at least 1; `Infinity` for none), else `fallback`. */
const boundOf = (given: number | undefined, fallback: number) =>
  given === undefined || Number.isNaN(given) ? fallback : Math.max(1, Math.floor(given))

/**
 * `service` with its readers bounded as `options` say, each bound left out its default (an owner's, from the streams
 * the store lets an owner hold: `streamsPerOwner`, none if it bounds none).
 */
const readersBounded = (
  service: Model.Service,
  options: ReaderBounds | undefined,
  streamsPerOwner = Infinity
): Model.Service =>
  ReaderSlots.bounded(service, {
    maxReadersPerStream: boundOf(options?.maxReadersPerStream, defaultMaxReadersPerStream),
    maxReadersPerOwner: boundOf(options?.maxReadersPerOwner, readersPerOwnedStream * streamsPerOwner)
  })

/** The memory store of `options`, each bound left out its default. */
const memory = (options?: Parameters<typeof layerMemory>[0]) => {
  const bounds = {
    maxStreams: options?.maxStreams ?? defaultMaxStreams,
    maxBytes: options?.maxBytes ?? defaultMaxBytes
  }
  const share = ownerShareOf(bounds)
  const maxStreamsPerOwner = options?.maxStreamsPerOwner ?? share.maxStreamsPerOwner
  const store = MemoryStreamStore.make({
    ttl: Duration.fromInputUnsafe(options?.ttl ?? defaultTtl),
    ...bounds,
    maxStreamsPerOwner,
    maxBytesPerOwner: options?.maxBytesPerOwner ?? share.maxBytesPerOwner
  })
  return readersBounded(store, options, maxStreamsPerOwner)
}

/**
 * A store in this process's memory, streams kept `ttl` (default 10 minutes) after their end. Only the
 * instance that holds it can resume its streams: behind a load balancer, use `layerRedis`.
 *
 * It is bounded (`maxStreams`, `maxBytes`), and shared fairly between owners (`maxStreamsPerOwner`, `maxBytesPerOwner`,
 * default `ownerShareOf` the bounds). At a bound, ended streams make room before they expire; only when open streams
 * fill it does a start or an append fail with `StreamStoreError` `Full` and `retryAfterMillis` (docs/ui.md, "One
 * instance or many"). Its readers at once are bounded as every store's are (`ReaderBounds`: 16 on a stream; on an
 * owner's, 2 for each stream it may hold). Closing the layer ends the answers running into it first (each store's layer
 * does, since 0.7.0): each told its stop, as `stop` tells it, so its converter stores its ending with what it spent
 * (its run interrupted, the ending stored as it settles), half a second given to each.
 *
 * @example
 * ```ts
 * import { StreamStore } from "effect-llm-stream"
 *
 * const store = StreamStore.layerMemory({ ttl: "5 minutes", maxStreams: 2_000, maxBytes: 32 * 1024 * 1024 })
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerMemory = (
  options?: ReaderBounds & {
    readonly ttl?: Duration.Input | undefined
    readonly maxStreams?: number | undefined
    readonly maxBytes?: number | undefined
    readonly maxStreamsPerOwner?: number | undefined
    readonly maxBytesPerOwner?: number | undefined
  }
): Layer.Layer<never> => closingAnswers(Effect.sync(() => memory(options)))

/**
 * A layer of a store of your own (`service`, a `Service` over any backend), given what the library's store layers
 * give theirs: its readers bounded on this instance (`ReaderBounds`: `maxReadersPerStream` default 16,
 * `maxReadersPerOwner` none unless given), and the answers running into it ended as the layer closes, each told its
 * stop first so that its converter stores its ending with its sums. A store provided with
 * `Layer.succeed(StreamStore, service)` gets neither.
 *
 * @example
 * ```ts
 * import { StreamStore } from "effect-llm-stream"
 *
 * declare const myStore: StreamStore.Service
 *
 * const store = StreamStore.layer(myStore, { maxReadersPerStream: 8 })
 * ```
 *
 * @since 0.7.0
 * @category Layers
 */
export const layer = (service: Model.Service, options?: ReaderBounds): Layer.Layer<never> =>
  closingAnswers(Effect.sync(() => readersBounded(service, options)))

/**
 * A layer of the store `make` builds, which ends the answers running into it as it closes, before the store's own
 * connections close (`StoreShutdown`: each told its stop first, so its converter stores its ending with its sums).
 */
const closingAnswers = <E, R>(make: Effect.Effect<Model.Service, E, R>) =>
  Layer.effectContext(Effect.gen(function*() {
    const store = yield* make
    const running = yield* StoreShutdown.make
    return Context.make(StreamStore, store).pipe(Context.add(StoreShutdown.Running, running))
  }))

/**
 * What a store shared by many instances is given: where its server is (`url`, which may hold a password), how long
 * it keeps a stream after its end (`ttl`, default 10 minutes), the `prefix` its names start with, and the bounds on
 * this instance's readers at once (`ReaderBounds`).
 *
 * @since 0.7.0
 * @category Models
 */
export interface SharedOptions extends ReaderBounds {
  readonly url: string | Redacted.Redacted<string>
  readonly ttl?: Duration.Input | undefined
  readonly prefix?: string | undefined
}

/** `options` with each setting left out its default (`prefix` the backend's own). */
const sharedOf = (options: SharedOptions, prefix: string) => ({
  url: options.url,
  ttl: Duration.fromInputUnsafe(options.ttl ?? defaultTtl),
  prefix: options.prefix ?? prefix
})

/**
 * How many connections the readers of one instance share on a Redis store unless its layer says otherwise: 4.
 *
 * @since 0.4.0
 * @category Constants
 */
export const defaultReadConnections = 4

/**
 * A store on Redis Streams at `url` (`redis://host:6379`, `rediss://user:password@host`), shared by every instance
 * using the same Redis and `prefix` (default `"effect-llm-stream:"`), streams kept `ttl` (default 10 minutes) after
 * their end. Building the layer connects (failing with `Unavailable` if Redis cannot be reached within 5 s); its
 * connections close with the layer, after the answers running into it ended (as `layerMemory`'s). Needs the `redis`
 * package installed. An instance holds at most `2 + readConnections` connections (default 6), however many streams it
 * writes and reads (docs/ui.md, "One instance or many"); its bound is Redis's `maxmemory` (with `volatile-ttl`, ended
 * streams are evicted first). A chunk is at most 16 MiB of JSON: a larger one is refused as it is written (`Full`); an
 * entry over it, or not as this library writes it, fails its readers with `Unavailable`, none of it sent on (a read
 * behind or starting takes none of it from Redis, and at most 16 MiB a page).
 *
 * @example
 * ```ts
 * import { StreamStore } from "effect-llm-stream"
 * import { Config, Effect, Layer } from "effect"
 *
 * // The URL (it may hold a password) from the environment, as a redacted value.
 * const store = Layer.unwrap(
 *   Effect.gen(function*() {
 *     const url = yield* Config.Redacted("REDIS_URL")
 *     return StreamStore.layerRedis({ url, ttl: "10 minutes" })
 *   })
 * )
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerRedis = (
  options: SharedOptions & { readonly readConnections?: number | undefined }
): Layer.Layer<never, Model.StreamStoreError> =>
  closingAnswers(
    Effect.map(
      RedisStreamStore.make({
        ...sharedOf(options, "effect-llm-stream:"),
        readConnections: Math.max(1, Math.floor(options.readConnections ?? defaultReadConnections))
      }),
      (store) => readersBounded(store, options)
    )
  )

/**
 * A store on a Durable Streams server (the protocol of `@durable-streams/server`, ElectricSQL, TanStack AI's durable
 * answers), shared by every instance using the same server and `prefix` (default `"effect-llm-stream/"`), streams kept
 * `ttl` (default 10 minutes) after their end. `url` is where the server keeps its streams (the reference server's
 * `<origin>/v1/stream`); `headers` (an `Authorization`, say, as a redacted value) go with every request and into no
 * error, and into no span but redacted (a server's echo of a redacted one scrubbed). Spoken with the platform's
 * `fetch`: no package to install. Building the layer reaches the server once (failing with `Unavailable` if it cannot
 * within 5 s); closing it ends the answers running into it first (as `layerMemory`'s).
 *
 * Each answer is a JSON stream (created with `PUT` and `Stream-TTL`, appended with `POST`, closed at its end, read with
 * `GET` then `live=long-poll`) beside a control stream of its own (its stops, read with long-poll by its writer, its
 * end, and the expiries `expire` sets, the last one counting); both are made with `Stream-TTL` of `ttl`, so the server
 * keeps an answer no longer than `ttl` after its last read or write, even one whose `expire` said later (the protocol
 * changes no stream's expiry once it is made); an owner is folded into the stream's name as a SHA-256 digest; a claim
 * is a stream created with `Stream-Expires-At`, which only the first `PUT` creates (docs/ui.md, "One instance or
 * many"). Each read's answer is checked against what was asked: JSON (its content type), at most 32 MiB, its offset
 * after the one asked, an `ETag` in the protocol's form naming the range asked and the reader's stream, a control
 * stream's generation as this library writes it; else the read fails with `Unavailable`. Items carry no stream of their
 * own: a first answer of another stream's items, its `ETag` its own, is told by nothing.
 *
 * @example
 * ```ts
 * import { StreamStore } from "effect-llm-stream"
 * import { Config, Effect, Layer, Redacted } from "effect"
 *
 * const store = Layer.unwrap(
 *   Effect.gen(function*() {
 *     const token = yield* Config.Redacted("STREAMS_TOKEN")
 *     return StreamStore.layerDurableStreams({
 *       url: "https://streams.example.com/v1/stream",
 *       headers: { authorization: Redacted.make(`Bearer ${Redacted.value(token)}`) }
 *     })
 *   })
 * )
 * ```
 *
 * @since 0.7.0
 * @category Layers
 */
export const layerDurableStreams = (
  options: SharedOptions & {
    readonly headers?: Readonly<Record<string, string | Redacted.Redacted<string>>> | undefined
  }
): Layer.Layer<never, Model.StreamStoreError> =>
  closingAnswers(
    Effect.map(
      DurableStreamsStreamStore.make({
        ...sharedOf(options, "effect-llm-stream/"),
        headers: options.headers ?? {}
      }),
      (store) => readersBounded(store, options)
    )
  ).pipe(Layer.provide(FetchHttpClient.layer))

/**
 * Asks the instance running the stream `streamId` of `owner` to stop it (see `UIMessageStream.stop`). Does
 * nothing for a stream already ended. Since 0.7.0, a stop of a stream not started yet (no stream under the id and
 * owner) waits 30 seconds for it, on every instance sharing the store: started within them, it stops before its
 * model is called (its stored stream ends as a stopped one does); else the stop is dropped. The stops waiting are
 * kept through the store's `get` and `swap` (a custom store's too), at most 64 an owner on every store. Fails with
 * `StreamStoreError` (`Full`: the owner has 64 stops waiting; `Unavailable`: other writes kept coming first).
 *
 * @since 0.3.0
 * @category Operations
 */
export const stop = (
  streamId: string,
  options?: Model.OwnerOptions
): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> =>
  Effect.flatMap(StreamStore, (store) => EarlyStop.stop(store, streamId, options))
