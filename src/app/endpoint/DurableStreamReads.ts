/**
 * What `DurableStreams` reads of a stored stream: a page of its chunks from an index (`DurableStreamOffsets` names
 * it), what is there now or (long-poll) what comes within a wait, and its tail.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import type * as StreamStore from "../store/StreamStore.js"

/** A page of a stream: its chunks from `from`, the offset after them, whether the stream ended there. */
export interface Page {
  readonly chunks: ReadonlyArray<StreamStore.StoredChunk>
  readonly next: number
  readonly closed: boolean
  readonly upToDate: boolean
}

/** How long a read waits for what a store holds now: its first pull, and each one after. */
const firstPull = Duration.millis(100)
const laterPull = Duration.millis(10)

/**
 * How long a catch-up read waits for chunks its store's tail says it holds, when its first pull brought none (a
 * store read through another connection, on a loaded host, may take longer than `firstPull` to hand them on).
 */
const heldPull = Duration.seconds(5)

/** The most chunks one response carries: past it, the client asks again from its next offset. */
export const maxChunks = 1000

/** How a page is read: its wait, its most chunks, and what is checked once its read started. */
export interface PageOptions<E> {
  /** With it, what comes within it when the stream holds nothing past `from` (long-poll). */
  readonly wait?: Duration.Duration | undefined
  /** The most chunks taken (default `maxChunks`). */
  readonly limit?: number | undefined
  /**
   * Run once the store's read started, before a chunk is taken: a read is of the stream it started on, so a check of
   * the stream's generation here tells that stream's (a failure here fails the page).
   */
  readonly started?: Effect.Effect<void, E> | undefined
}

/**
 * The chunks of `streamId` (of `owner`) from index `from`: what the store holds now, or with `wait`, what comes
 * within it when the stream holds nothing past `from`. Fails as `read` does for an unknown or another owner's one.
 */
export const page = <E = never>(
  store: StreamStore.Service,
  streamId: string,
  owner: string | undefined,
  from: number,
  options: PageOptions<E> = {},
  first = firstPull
): Effect.Effect<Page, StreamStore.StreamStoreError | StreamStore.StreamNotFound | E> =>
  Effect.flatMap(
    pageOnce(store, streamId, owner, from, options, first),
    // Read again (see `pageOnce`) once its reader is closed: a request holds one reader at a time (`ReaderSlots`).
    (read) => read === "again" ? page(store, streamId, owner, from, options, heldPull) : Effect.succeed(read)
  )

/** One read of `page`'s, or `again` where its first pull brought nothing the store's tail says it holds. */
const pageOnce = <E>(
  store: StreamStore.Service,
  streamId: string,
  owner: string | undefined,
  from: number,
  options: PageOptions<E>,
  first: Duration.Duration
): Effect.Effect<Page | "again", StreamStore.StreamStoreError | StreamStore.StreamNotFound | E> =>
  Effect.scoped(Effect.gen(function*() {
    const wait = options.wait
    const limit = options.limit ?? maxChunks
    const read = yield* store.read(streamId, { after: from, owner, brief: wait === undefined })
    if (options.started !== undefined) yield* options.started
    const pull = yield* Stream.toPull(read)
    const chunks: Array<StreamStore.StoredChunk> = []
    let closed = false
    let within = wait === undefined ? first : Duration.max(wait, first)
    while (chunks.length < limit) {
      const pulled = yield* pull.pipe(
        Effect.map(Option.some),
        Pull.catchDone(() => Effect.succeed(Option.none())),
        Effect.timeoutOption(within)
      )
      if (Option.isNone(pulled)) {
        // Nothing yet where the store says it holds more (a read, not a wait): read again, waiting longer, once (a
        // reader whose pull was cut is not pulled again: what it took as it was cut would be lost).
        const again = chunks.length === 0 && wait === undefined && first === firstPull && store.tail !== undefined
        if (again && (yield* store.tail!(streamId, { owner })).count > from) return "again" as const
        break
      }
      if (Option.isNone(pulled.value)) {
        closed = true
        break
      }
      chunks.push(...pulled.value.value)
      within = laterPull
    }
    const taken = chunks.slice(0, limit)
    return { chunks: taken, next: from + taken.length, closed, upToDate: taken.length === chunks.length }
  }))

/** The tail of `streamId` (read from index `from`): the offset after its last chunk now, and whether it ended. */
export const tail = (
  store: StreamStore.Service,
  streamId: string,
  owner: string | undefined,
  from = 0
): Effect.Effect<
  { readonly next: number; readonly closed: boolean },
  StreamStore.StreamStoreError | StreamStore.StreamNotFound
> =>
  Effect.gen(function*() {
    let at = from
    while (true) {
      const read = yield* page(store, streamId, owner, at)
      if (read.chunks.length < maxChunks) return { next: read.next, closed: read.closed }
      at = read.next
    }
  })
