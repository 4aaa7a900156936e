/**
 * Where resumable streams are kept while they run and for `ttl` after their end (default 10 minutes): streams
 * of JSON chunks under an id, appended by the one instance running the generation, read from any cursor by any
 * number of readers on any instance sharing the store, waiting for live chunks until the end. A stop asked on
 * any instance reaches the one running the generation.
 *
 * `StreamStore` is a `Context.Reference`: without a layer, a store in this process's memory is used (one
 * instance). `layerRedis` puts the streams on Redis Streams for many instances behind a load balancer; it
 * needs the `redis` package (node-redis), an optional peer dependency, loaded only when that layer is built.
 *
 * An unknown id and an expired one fail alike, with `StreamNotFound`; a store that is unreachable or went
 * away fails with `StreamStoreError` (`Unavailable`), within seconds, never a hang.
 *
 * @since 0.3.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as MemoryStreamStore from "./store/MemoryStreamStore.js"
import * as RedisStreamStore from "./store/RedisStreamStore.js"
import type * as Model from "./store/StreamStoreModel.js"

export { isValidId, maxIdLength, StreamNotFound, StreamStoreError } from "./store/StreamStoreModel.js"
export type { EndReason, Service, StoredChunk } from "./store/StreamStoreModel.js"

/**
 * How long a stream is kept after its end unless a layer says otherwise: 10 minutes.
 *
 * @since 0.3.0
 * @category Constants
 */
export const defaultTtl: Duration.Duration = /* @__PURE__ */ Duration.minutes(10)

/**
 * The store in context; one in this process's memory (streams kept `defaultTtl` after their end) when none is
 * provided.
 *
 * @since 0.3.0
 * @category Context
 */
export const StreamStore: Context.Reference<Model.Service> = /* @__PURE__ */ Context.Reference<Model.Service>(
  "effect-llm-stream/StreamStore",
  { defaultValue: () => MemoryStreamStore.make({ ttl: defaultTtl }) }
)

/**
 * A store in this process's memory, streams kept `ttl` (default 10 minutes) after their end. Only the
 * instance that holds it can resume its streams: behind a load balancer, use `layerRedis`. A stream holds
 * every chunk its generation wrote until it expires (no cap per stream: it grows with the answer, as the
 * call's response does); streams are only created by the server, under ids `isValidId` takes.
 *
 * @example
 * ```ts
 * import { StreamStore } from "effect-llm-stream"
 *
 * const store = StreamStore.layerMemory({ ttl: "5 minutes" })
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerMemory = (options?: { readonly ttl?: Duration.Input | undefined }): Layer.Layer<never> =>
  Layer.sync(StreamStore, () => MemoryStreamStore.make({ ttl: Duration.fromInputUnsafe(options?.ttl ?? defaultTtl) }))

/**
 * A store on Redis Streams at `url` (`redis://host:6379`, `rediss://user:password@host`), shared by every
 * instance using the same Redis and `prefix` (default `"effect-llm-stream:"`), streams kept `ttl` (default 10
 * minutes) after their end. Building the layer connects (failing with `Unavailable` if Redis cannot be reached
 * within 5 s); its connections close with the layer. Needs the `redis` package installed.
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
export const layerRedis = (options: {
  readonly url: string | Redacted.Redacted<string>
  readonly ttl?: Duration.Input | undefined
  readonly prefix?: string | undefined
}): Layer.Layer<never, Model.StreamStoreError> =>
  Layer.effect(
    StreamStore,
    RedisStreamStore.make({
      url: Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url,
      ttl: Duration.fromInputUnsafe(options.ttl ?? defaultTtl),
      prefix: options.prefix ?? "effect-llm-stream:"
    })
  )

/**
 * Asks the instance running the stream `streamId` to stop it (see `UIMessageStream.stop`). Does nothing for a
 * stream already ended; fails with `StreamNotFound` for an unknown or expired id.
 *
 * @since 0.3.0
 * @category Operations
 */
export const stop = (streamId: string): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> =>
  Effect.flatMap(StreamStore, (store) => store.stop(streamId))
