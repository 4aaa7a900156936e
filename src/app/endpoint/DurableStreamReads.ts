/**
 * What `DurableStreams` reads of a stored stream: its offsets (a chunk's index, zero-padded so that offsets sort as
 * text), and a page of its chunks from an offset: what is there now, or (long-poll) what comes within a wait.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import type * as StreamStore from "../store/StreamStore.js"

/** An offset: the index of the next chunk, 16 digits. */
export const offsetOf = (index: number): string => String(index).padStart(16, "0")

const digits = /^\d{16}$/

/** A request's `offset`: `start` (`-1`, or none), `now` (the tail), an index this server issued, or `undefined`. */
export const parseOffset = (text: string | undefined): number | "now" | undefined => {
  if (text === undefined || text === "-1") return 0
  if (text === "now") return "now"
  if (!digits.test(text)) return undefined
  const index = Number(text)
  return Number.isSafeInteger(index) ? index : undefined
}

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

/**
 * The chunks of `streamId` (of `owner`) from index `from`: what the store holds now, or with `wait`, what comes
 * within it when the stream holds nothing past `from`. Fails as `read` does for an unknown or another owner's one.
 */
export const page = (
  store: StreamStore.Service,
  streamId: string,
  owner: string | undefined,
  from: number,
  wait?: Duration.Duration,
  limit = maxChunks,
  first = firstPull
): Effect.Effect<Page, StreamStore.StreamStoreError | StreamStore.StreamNotFound> =>
  Effect.flatMap(
    pageOnce(store, streamId, owner, from, wait, limit, first),
    // Read again (see `pageOnce`) once its reader is closed: a request holds one reader at a time (`ReaderSlots`).
    (read) => read === "again" ? page(store, streamId, owner, from, wait, limit, heldPull) : Effect.succeed(read)
  )

/** One read of `page`'s, or `again` where its first pull brought nothing the store's tail says it holds. */
const pageOnce = (
  store: StreamStore.Service,
  streamId: string,
  owner: string | undefined,
  from: number,
  wait: Duration.Duration | undefined,
  limit: number,
  first: Duration.Duration
): Effect.Effect<Page | "again", StreamStore.StreamStoreError | StreamStore.StreamNotFound> =>
  Effect.scoped(Effect.gen(function*() {
    const pull = yield* Stream.toPull(yield* store.read(streamId, { after: from, owner, brief: wait === undefined }))
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
