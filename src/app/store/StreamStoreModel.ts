/**
 * What a stream store is: the service every store implements, the chunks it keeps, how a stream ends, and its
 * errors. `StreamStore` re-exports all of it.
 *
 * @since 0.3.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import type * as Result from "effect/Result"
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
 * A stored chunk read as an entry of one of the library's own streams (an answer's, an inbox's): itself when it is a
 * JSON object, else an entry of no fields. A store may hold any JSON value (a client's JSON stream keeps its values as
 * they came), and a hostile or broken one may answer any: read so, it is no entry the reader knows, never a defect.
 */
export const entryOf = (chunk: unknown): StoredChunk =>
  typeof chunk === "object" && chunk !== null && !Array.isArray(chunk) ? chunk as StoredChunk : {}

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
 * (`InvalidId`: see `isValidId`), the store or the owner's share of it is full (`Full`: see `layerMemory`), or the
 * stream, or its owner's streams, have as many readers on this instance as they may (`TooManyReaders`, since 0.7.0:
 * see `ReaderBounds`).
 *
 * @since 0.3.0
 * @category Errors
 */
export class StreamStoreError extends Schema.TaggedError<StreamStoreError>()("StreamStoreError", {
  reason: Schema.Literals(["Unavailable", "AlreadyExists", "Ended", "InvalidId", "Full", "TooManyReaders"]),
  streamId: Schema.optionalKey(Schema.String),
  message: Schema.String,
  /**
   * With `Full`: how long until the store expects room; with `Unavailable`, when it knows: until it may have caught
   * up; with `TooManyReaders`, a second. In milliseconds (the `Retry-After` of its 503, or 429).
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

/**
 * The `Full` error: the store, or the owner's share of it, is full (`what`); room is expected in `retryAfterMillis`.
 */
export const full = (streamId: string, what: string, retryAfterMillis: number): StreamStoreError =>
  new StreamStoreError({
    reason: "Full",
    streamId,
    message: `The stream store is full (${what}): no stream can be started or grow until some end`,
    retryAfterMillis
  })

/**
 * The `TooManyReaders` error: a read of `streamId` met a bound on readers at once (`what`); a slot frees as a reader's
 * connection closes, so a client is asked to wait a second.
 */
export const tooManyReaders = (streamId: string, what: string): StreamStoreError =>
  new StreamStoreError({
    reason: "TooManyReaders",
    streamId,
    message: `The stream ${JSON.stringify(streamId)} has too many readers on this instance (${what}): ` +
      "close one before reading it again",
    retryAfterMillis: 1000
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
 * How `Service.create` opens a stream: as `owner`; with `replacing` (since 0.7.0), only in place of what its caller
 * looked at before deciding to: the ended stream of that generation (`Tail.generation`), or, `null`, none. Checked and
 * created in one step on every instance sharing the store (a compare-and-set): a stream created since the look, even
 * one ended since, is `AlreadyExists`. With `read`, the key of a value kept under the owner (`Service.put`), `create`
 * gives that value as it stands once the stream is created (`Created`), read in the create's own round trip where the
 * store can (Redis: its script): a write kept before the create is in it, one kept after finds the stream.
 *
 * @since 0.7.0
 * @category Models
 */
export interface CreateOptions extends OwnerOptions {
  readonly replacing?: string | null | undefined
  readonly read?: string | undefined
}

/**
 * What `Service.create` gives when asked to read (`CreateOptions.read`): the value kept under that key and the owner
 * once the stream was created, as `get` gives it (`undefined`: none), or why it could not be read (the stream is
 * created all the same). A store that gives nothing was not asked to read, or does not (one made before 0.7.0): its
 * caller reads with `get` after the create.
 *
 * @since 0.7.0
 * @category Models
 */
export interface Created {
  readonly read: Result.Result<unknown, StreamStoreError>
}

/**
 * How `Service.append` appends: as `owner`; with `waitForStore: false`, completing before the store holds the chunks
 * where that would take a round trip (Redis: the readers on this instance get them at once, the others once stored;
 * the writer waits only while more than 512 chunks, or 1 MiB of their JSON, are not yet stored; a refused append
 * fails its writer's next append or its end, and the end waits until the store holds every chunk). The memory store's
 * appends complete at once, and Durable Streams' once its server answers, with it or without.
 *
 * @since 0.7.0
 * @category Models
 */
export interface AppendOptions extends OwnerOptions {
  readonly waitForStore?: boolean | undefined
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
   * new one); fails with `AlreadyExists` while one is open under it (or, with `replacing`, when what is under it is not
   * what its caller looked at), and with `Full` when the store is full. With `read` (since 0.7.0), gives the value
   * kept under that key once the stream is created (`Created`).
   */
  readonly create: (streamId: string, options?: CreateOptions) => Effect.Effect<Created | void, StreamStoreError>
  /**
   * Appends chunks, in order, to an open stream; completes once the store holds them, unless `waitForStore` is false
   * (see `AppendOptions`).
   */
  readonly append: (
    streamId: string,
    chunks: ReadonlyArray<StoredChunk>,
    options?: AppendOptions
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
   * away. A reader only ever gets the chunks of the stream it started on, though its id be re-used. The library's
   * stores bound the readers at once on each instance (`TooManyReaders`, see `ReaderBounds`); a `brief` read (since
   * 0.7.0), one its caller ends within a bound of its own once it has what the stream holds (a page, a lookup), takes
   * no reader's slot.
   */
  readonly read: (
    streamId: string,
    options?: {
      readonly after?: number | undefined
      readonly owner?: string | undefined
      readonly brief?: boolean | undefined
    }
  ) => Effect.Effect<Stream.Stream<StoredChunk, StreamStoreError | StreamNotFound>, StreamStoreError | StreamNotFound>
  /**
   * The stream's tail: how many chunks it holds now, whether it has ended, and its generation. A reader resuming past
   * them, or with an offset of another generation, asks for an offset it was never given. Optional (a store without it
   * cannot tell such an offset from one not yet reached).
   *
   * @since 0.7.0
   */
  readonly tail?:
    | ((streamId: string, options?: OwnerOptions) => Effect.Effect<Tail, StreamStoreError | StreamNotFound>)
    | undefined
  /**
   * Appends chunks as a writer of the Durable Streams protocol does, checked and done in one step per stream (one
   * Lua script on Redis): only if `seq` sorts after the last `seq` written (`Stream-Seq`), only once per `producer`'s
   * epoch and sequence number (an idempotent producer: a retry is a `Duplicate`, an older epoch `StaleEpoch`), then
   * ends the stream if `end` (the chunks and the end together: no reader sees one without the other). A refusal is
   * told in the result, not failed; an ended stream is `Ended` (unless the write repeats the producer's last, or only
   * ends it again without a producer: then nothing is done, as `end` does). Optional.
   *
   * @since 0.7.0
   */
  readonly write?:
    | ((
      streamId: string,
      chunks: ReadonlyArray<StoredChunk>,
      options: WriteOptions
    ) => Effect.Effect<Written, StreamStoreError | StreamNotFound>)
    | undefined
  /**
   * Deletes the stream, open or ended, at once: its readers end with `StreamNotFound`, its id is free for another;
   * `StreamNotFound` if there is none. Optional.
   *
   * @since 0.7.0
   */
  readonly delete?:
    | ((streamId: string, options?: OwnerOptions) => Effect.Effect<void, StreamStoreError | StreamNotFound>)
    | undefined
  /**
   * Sets when the stream expires, open or ended: at `at` (epoch milliseconds), in place of `ttl` after its end (its
   * end no longer moves it); another `expire` moves it again, so a time to live counted from the last read or write
   * (Durable Streams' `Stream-TTL`) is an `expire` after each. `StreamNotFound` if there is none. Optional.
   *
   * @since 0.7.0
   */
  readonly expire?:
    | ((streamId: string, at: number, options?: OwnerOptions) => Effect.Effect<void, StreamStoreError | StreamNotFound>)
    | undefined
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
  /**
   * Keeps `value` under `key` and `owner` for `ttl` as `put` does, only if what is kept there is still `expected` (the
   * value `get` gave, compared as JSON; `undefined`: none kept), checked and kept in one step on every instance sharing
   * the store (a compare-and-set): `true` if it kept it, `false`, nothing done, if another write came between. Fails
   * as `put` does.
   *
   * @since 0.7.0
   */
  readonly swap: (
    key: string,
    expected: unknown,
    value: unknown,
    options: PutOptions
  ) => Effect.Effect<boolean, StreamStoreError>
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
 * A stream's tail (see `Service.tail`): how many chunks it holds, whether it has ended, and its generation (letters and
 * digits, another for each stream started under its id).
 *
 * @since 0.7.0
 * @category Models
 */
export interface Tail {
  readonly count: number
  readonly ended: boolean
  readonly generation: string
  /**
   * How many chunks past `count` the stream's writer may have handed to its readers before the store holds them
   * (`AppendOptions.waitForStore`): an offset past both was never issued. Unknown without.
   *
   * @since 0.7.0
   */
  readonly ahead?: number | undefined
}

/**
 * A store's `onStopUnsafe` (see `Service`).
 *
 * @since 0.5.0
 * @category Models
 */
export type OnStopUnsafe = (streamId: string, options: OwnerOptions | undefined, onStop: () => void) => () => void

/**
 * A producer's place in its writes (Durable Streams' `Producer-Id`, `Producer-Epoch`, `Producer-Seq`): writes of an
 * `id` are taken in `seq` order (0, 1, 2, ...) within an `epoch`; a higher epoch starts again at 0 and fences off the
 * lower ones.
 *
 * @since 0.7.0
 * @category Models
 */
export interface Producer {
  readonly id: string
  readonly epoch: number
  readonly seq: number
}

/**
 * How `Service.write` appends: as `owner`, after `seq`, as `producer`, ending the stream after the chunks if `end`.
 *
 * @since 0.7.0
 * @category Models
 */
export interface WriteOptions extends OwnerOptions {
  readonly seq?: string | undefined
  readonly producer?: Producer | undefined
  readonly end?: boolean | undefined
}

/**
 * What `Service.write` did: `Written` (the stream now holds `count` chunks; `ended` if it has ended), or nothing:
 * `Duplicate` (the producer's write was taken before; `seq` its last), `Ended`, `SeqConflict` (`seq` does not sort
 * after the last), `StaleEpoch` (the producer's `epoch` now), `EpochStart` (a new epoch not starting at 0), `SeqGap`
 * (the producer's next `expected`).
 *
 * @since 0.7.0
 * @category Models
 */
export type Written =
  | { readonly _tag: "Written"; readonly count: number; readonly ended: boolean }
  | { readonly _tag: "Duplicate"; readonly seq: number; readonly count: number; readonly ended: boolean }
  | { readonly _tag: "Ended"; readonly count: number }
  | { readonly _tag: "SeqConflict" }
  | { readonly _tag: "StaleEpoch"; readonly epoch: number }
  | { readonly _tag: "EpochStart" }
  | { readonly _tag: "SeqGap"; readonly expected: number }

/** The most producers a stream keeps the place of: a write of another is refused (`Full`). */
export const maxProducers = 1024

/** A producer's last write, as a store keeps it. */
export interface ProducerState {
  readonly epoch: number
  readonly seq: number
}

/**
 * What a write of `producer` is, given its `state` (none yet): `undefined` if it is taken (its new state is
 * `{ epoch, seq }`), else the refusal (Kafka's idempotent producer, as the reference server checks it).
 */
export const producerCheck = (
  state: ProducerState | undefined,
  producer: Producer
): Exclude<Written, { _tag: "Written" | "Ended" | "SeqConflict" }> | undefined => {
  if (state === undefined) return producer.seq === 0 ? undefined : { _tag: "SeqGap", expected: 0 }
  if (producer.epoch < state.epoch) return { _tag: "StaleEpoch", epoch: state.epoch }
  if (producer.epoch > state.epoch) return producer.seq === 0 ? undefined : { _tag: "EpochStart" }
  if (producer.seq <= state.seq) return { _tag: "Duplicate", seq: state.seq, count: 0, ended: false }
  return producer.seq === state.seq + 1 ? undefined : { _tag: "SeqGap", expected: state.seq + 1 }
}
