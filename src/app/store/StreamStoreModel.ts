/**
 * What a stream store is: the service every store implements, the chunks it keeps, how a stream ends, and its
 * errors. `StreamStore` re-exports all of it.
 *
 * @since 0.3.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"

/**
 * One stored chunk: a JSON-serialisable object, kept and replayed verbatim.
 *
 * @since 0.3.0
 * @category Models
 */
export type StoredChunk = { readonly [key: string]: unknown }

/**
 * How a stored stream ended: `completed` (whatever it said, an error chunk included), or `aborted` (stopped, or its
 * writer failed).
 *
 * @since 0.3.0
 * @category Models
 */
export type EndReason = "completed" | "aborted"

/**
 * The stream id is unknown to the store, or its stream has expired (the two are one case on purpose: a
 * client resuming either gets nothing to replay, a `204 No Content`).
 *
 * @since 0.3.0
 * @category Errors
 */
export class StreamNotFound extends Schema.TaggedError<StreamNotFound>()("StreamNotFound", {
  streamId: Schema.String,
  message: Schema.String
}) {}

/** The one `StreamNotFound` for `streamId`. */
export const notFound = (streamId: string): StreamNotFound =>
  new StreamNotFound({ streamId, message: `No stored stream ${JSON.stringify(streamId)}: unknown, or expired` })

/**
 * The store could not do what was asked: it is unreachable (`Unavailable`), a stream with that id is still open
 * (`AlreadyExists`), a chunk was appended to an ended stream (`Ended`), the id or owner is not one a store takes
 * (`InvalidId`: see `isValidId`), or the store or the owner's share of it is full (`Full`: see `layerMemory`).
 *
 * @since 0.3.0
 * @category Errors
 */
export class StreamStoreError extends Schema.TaggedError<StreamStoreError>()("StreamStoreError", {
  reason: Schema.Literals(["Unavailable", "AlreadyExists", "Ended", "InvalidId", "Full"]),
  streamId: Schema.optionalKey(Schema.String),
  message: Schema.String,
  /**
   * With `Full`: how long until the store expects room, in milliseconds (the `Retry-After` of its 503).
   * @since 0.6.0
   */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}) {}

/** The `AlreadyExists` error: a stream is still open under `streamId`. */
export const alreadyExists = (streamId: string): StreamStoreError =>
  new StreamStoreError({
    reason: "AlreadyExists",
    streamId,
    message: `A stream ${JSON.stringify(streamId)} is running`
  })

/** The `Ended` error: a chunk was appended to the stream under `streamId` after its end. */
export const ended = (streamId: string): StreamStoreError =>
  new StreamStoreError({
    reason: "Ended",
    streamId,
    message: `The stream ${JSON.stringify(streamId)} has ended: nothing can be appended to it`
  })

/** The `Full` error: the store, or the owner's share of it, is full (`what`); room is expected in `retryAfterMillis`. */
export const full = (streamId: string, what: string, retryAfterMillis: number): StreamStoreError =>
  new StreamStoreError({
    reason: "Full",
    streamId,
    message: `The stream store is full (${what}): no stream can be started or grow until some end`,
    retryAfterMillis
  })

/** The index a read starts from: `after` if it is a whole number of chunks, else 0 (a replay from the start). */
export const startOf = (options?: { readonly after?: number | undefined }): number => {
  const after = options?.after
  return after !== undefined && Number.isSafeInteger(after) && after > 0 ? after : 0
}

/**
 * Whose stream it is: the `owner` a stream was started with (a string the application derives from its session,
 * such as a user id). The same id under another owner, or under none, is another stream.
 *
 * @since 0.4.0
 * @category Models
 */
export interface OwnerOptions {
  readonly owner?: string | undefined
}

/**
 * A stream store: streams of JSON chunks under an id and an owner, written by one writer, read by any number
 * of readers (from any instance sharing the store), each from a cursor; a stream expires `ttl` after its end.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Service {
  /** How long a stream is kept after its end. */
  readonly ttl: Duration.Duration
  /**
   * Opens an empty stream under `streamId` (and `owner`), replacing an ended one (whose readers never see the
   * new one); fails with `AlreadyExists` while one is open under it, and with `Full` when the store is full.
   */
  readonly create: (streamId: string, options?: OwnerOptions) => Effect.Effect<void, StreamStoreError>
  /** Appends chunks, in order, to an open stream. */
  readonly append: (
    streamId: string,
    chunks: ReadonlyArray<StoredChunk>,
    options?: OwnerOptions
  ) => Effect.Effect<void, StreamStoreError | StreamNotFound>
  /** Ends a stream: readers get what it holds and end; it expires `ttl` from now. Ending it again does nothing. */
  readonly end: (
    streamId: string,
    reason: EndReason,
    options?: OwnerOptions
  ) => Effect.Effect<void, StreamStoreError | StreamNotFound>
  /**
   * The stream's chunks from index `after` (default 0), then the ones appended while it is read, until its end.
   * The stream fails with `StreamNotFound` if it expires while read, and with `StreamStoreError` if the store goes
   * away. A reader only ever gets the chunks of the stream it started on, though its id be re-used.
   */
  readonly read: (
    streamId: string,
    options?: { readonly after?: number | undefined; readonly owner?: string | undefined }
  ) => Effect.Effect<Stream.Stream<StoredChunk, StreamStoreError | StreamNotFound>, StreamStoreError | StreamNotFound>
  /** Asks whoever writes the stream to stop (`stopped` completes there); nothing for a stream already ended. */
  readonly stop: (streamId: string, options?: OwnerOptions) => Effect.Effect<void, StreamStoreError | StreamNotFound>
  /** Completes when a stop of the stream is asked, on any instance sharing the store. */
  readonly stopped: (streamId: string, options?: OwnerOptions) => Effect.Effect<void, StreamStoreError>
  /**
   * Calls `onStop` once when a stop of the stream is asked (at once if one was), never for a stream that is not
   * here or ended unstopped; gives the function that stops listening. It listens outside an Effect (hence `Unsafe`):
   * `resumable` hears its generation's stop without a fiber waiting on `stopped` for each answer. Optional.
   *
   * @since 0.5.0
   */
  readonly onStopUnsafe?: OnStopUnsafe | undefined
  /** Claims `key` for `ttl`: `true` the first time, `false` while an earlier claim lives, on every instance. */
  readonly claim: (key: string, ttl: Duration.Duration) => Effect.Effect<boolean, StreamStoreError>
  /**
   * Keeps `value` (JSON) under `key` (a stream id's form) and `owner` for `ttl`, replacing what was kept there: a
   * stream of one value, closed, with a time to live of its own (Durable Streams' `PUT` with `Stream-TTL` and a
   * body). Fails with `Full` when the store, or the owner's share of it, holds as many values as it may.
   *
   * @since 0.7.0
   */
  readonly put: (key: string, value: unknown, options: PutOptions) => Effect.Effect<void, StreamStoreError>
  /**
   * The value kept under `key` and `owner`, `undefined` when none is (never kept, expired, or another owner's).
   *
   * @since 0.7.0
   */
  readonly get: (key: string, options?: OwnerOptions) => Effect.Effect<unknown, StreamStoreError>
}

/**
 * How `Service.put` keeps a value: for `ttl`, under `owner` (whose share of the store it counts in).
 *
 * @since 0.7.0
 * @category Models
 */
export interface PutOptions extends OwnerOptions {
  readonly ttl: Duration.Input
}

/**
 * A store's `onStopUnsafe` (see `Service`).
 *
 * @since 0.5.0
 * @category Models
 */
export type OnStopUnsafe = (streamId: string, options: OwnerOptions | undefined, onStop: () => void) => () => void
