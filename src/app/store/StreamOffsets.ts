/**
 * Offsets in a stored stream: where a reader resumes, as the string a client keeps (an SSE event's `id:`, its
 * `Last-Event-ID`). An offset is opaque to the client and sorts as a string in the order of its stream. A store that
 * tells its tail (memory, Redis, Durable Streams: each keeps or counts chunks by index) issues the offset after the
 * first `n` chunks of a stream as `n` in 16 digits, then `_` and the stream's generation (`Tail.generation`: a stream
 * started again under the same id has another), so an offset of an earlier stream under the id is not taken for one
 * of the current one. A store whose server issues offsets of its own would give them in its reads, and this module
 * is where they would be told apart. An offset a stream never issued (malformed, another stream's, or past what it
 * holds and its writer may have handed on) is `InvalidOffset`.
 *
 * @since 0.7.0
 */
import type * as Arr from "effect/Array"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as HandOff from "./HandOff.js"
import * as Model from "./StreamStoreModel.js"

/** The digits of an offset's index: up to 10^16, beyond any stream a store keeps. */
const width = 16

const pattern = /^(\d{16})_([0-9A-Za-z]{1,32})$/

/** The generation of a stream whose store tells none (no `tail`). */
const noGeneration = "0"

/**
 * The offset after the first `count` chunks of the stream of `generation`, kept by index.
 *
 * @since 0.7.0
 * @category Offsets
 */
export const ofIndex = (count: number, generation: string): string =>
  `${String(count).padStart(width, "0")}_${generation}`

/**
 * The offset is not one the stream issued: malformed, from another stream, or past what it holds (a resume route
 * answers it `400`).
 *
 * @since 0.7.0
 * @category Errors
 */
export class InvalidOffset extends Schema.TaggedError<InvalidOffset>()("InvalidOffset", {
  streamId: Schema.String,
  offset: Schema.String,
  message: Schema.String
}) {}

const invalid = (streamId: string, offset: string) =>
  new InvalidOffset({
    streamId,
    offset: offset.slice(0, 64),
    message: `The stream ${JSON.stringify(streamId)} issued no offset ${JSON.stringify(offset.slice(0, 64))}`
  })

/**
 * An event of a stored stream (one chunk), with the offset just after it: a reader given it resumes with what follows.
 */
export interface Located<A> {
  readonly offset: string
  readonly event: A
}

/** What reading a stream from an offset fails with. */
export type ReadError = Model.StreamStoreError | Model.StreamNotFound

/**
 * How long an offset past what a store holds waits for it: a writer's reader hands each chunk to its client as the
 * append goes out, before the store confirms it, so a client cut then asks another instance for an offset the store
 * holds a moment later. Within `Tail.ahead`, a store still short of it then is behind its writer (`behind`); a store
 * that tells no bound refuses the offset as never issued.
 */
const inFlightMillis = 1_000

/**
 * The store holds `count` chunks of a live stream and has not caught up with an offset its writer issued within
 * `inFlightMillis` (a 503 with `Retry-After`: the client asks again).
 */
const behind = (streamId: string, count: number) =>
  new Model.StreamStoreError({
    reason: "Unavailable",
    streamId,
    message: `The store holds ${count} chunks of the stream ${
      JSON.stringify(streamId)
    } and has not caught up with its writer`,
    retryAfterMillis: inFlightMillis
  })

/**
 * The stream `streamId` read after `offset` (from its start without one), each chunk located, then live until its
 * end. An offset another stream under the id issued, or past what the stream holds (with a store that tells its tail)
 * is refused before anything is read: at once once the stream has ended or past `Tail.ahead`, else if the store is
 * still short of it after `inFlightMillis` (then as `behind`, with a store that tells `ahead`).
 */
export const read = (
  store: Model.Service,
  streamId: string,
  options: { readonly offset?: string | undefined; readonly owner?: string | undefined }
): Effect.Effect<Stream.Stream<Located<Model.StoredChunk>, ReadError>, ReadError | InvalidOffset> =>
  Effect.suspend(() => {
    const offset = options.offset
    const parsed = offset === undefined ? undefined : pattern.exec(offset)
    if (offset !== undefined && (parsed === undefined || parsed === null)) {
      return Effect.fail(invalid(streamId, offset))
    }
    const after = parsed ? Number(parsed[1]) : 0
    const owner = { owner: options.owner }
    const at = { after, generation: parsed ? parsed[2]! : undefined, offset: offset ?? "" }
    return Effect.flatMap(
      reached(store, streamId, owner, at),
      (generation) =>
        Effect.flatMap(
          store.read(streamId, { after, owner: options.owner }),
          (chunks) =>
            Effect.flatMap(
              sameRun(store, streamId, owner, generation),
              (same): ReturnType<typeof read> =>
                same
                  ? Effect.succeed(located(chunks, after, generation))
                  : offset === undefined
                  ? read(store, streamId, options)
                  : Effect.fail(invalid(streamId, offset))
            )
        )
    )
  })

/**
 * Whether the stream is still of `generation` once its reader started: a reader reads the run it started on, so the
 * same generation before and after it started is the one it reads. Another (a run started anew under the id between
 * the two) is read again from its start, or refuses an offset of the run replaced.
 */
const sameRun = (store: Model.Service, streamId: string, owner: Model.OwnerOptions, generation: string) =>
  store.tail === undefined
    ? Effect.succeed(true)
    : Effect.map(store.tail(streamId, owner), (tail) => tail.generation === generation)

/**
 * The stream's generation once it holds `at.after` chunks. Fails with `InvalidOffset` if the offset is another
 * generation's, past what an ended stream holds, or past what its writer may have handed on (`Tail.ahead`); with
 * `behind` if the store is still short of it after `inFlightMillis` (`InvalidOffset` from a store telling no bound).
 */
const reached = (
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions,
  at: { readonly after: number; readonly generation: string | undefined; readonly offset: string }
): Effect.Effect<string, ReadError | InvalidOffset> => {
  const tail = store.tail
  if (tail === undefined) {
    return at.generation === undefined || at.generation === noGeneration
      ? Effect.succeed(noGeneration)
      : Effect.fail(invalid(streamId, at.offset))
  }
  return Effect.flatMap(Clock.currentTimeMillis, (startedAt) => {
    const check = (pause: number): Effect.Effect<string, ReadError | InvalidOffset> =>
      Effect.flatMap(
        tail(streamId, owner),
        (held) =>
          at.generation !== undefined && at.generation !== held.generation
            ? Effect.fail(invalid(streamId, at.offset))
            : held.count >= at.after
            ? Effect.succeed(held.generation)
            : held.ended || (held.ahead !== undefined && at.after > held.count + held.ahead)
            ? Effect.fail(invalid(streamId, at.offset))
            : Effect.flatMap(Clock.currentTimeMillis, (now) => {
              const left = inFlightMillis - (now - startedAt)
              if (left <= 0) {
                return Effect.fail(
                  held.ahead === undefined ? invalid(streamId, at.offset) : behind(streamId, held.count)
                )
              }
              return Effect.andThen(Effect.sleep(Math.min(pause, left)), check(pause * 2))
            })
      )
    // Asked again 20 ms later, then twice as long each time: a few reads of the tail in all, however many wait.
    return check(20)
  })
}

/** `chunks` read from index `after`, each with its offset, handed off as the store's reader hands off its pages. */
export const located = <A, E>(
  chunks: Stream.Stream<A, E>,
  after: number,
  generation: string
): Stream.Stream<Located<A>, E> => {
  let next = after
  const locate = (page: Arr.NonEmptyReadonlyArray<A>): Arr.NonEmptyReadonlyArray<Located<A>> => {
    const out: Array<Located<A>> = new Array(page.length)
    for (let index = 0; index < page.length; index++) {
      out[index] = { offset: ofIndex(++next, generation), event: page[index]! }
    }
    return out as unknown as Arr.NonEmptyReadonlyArray<Located<A>>
  }
  return HandOff.answering(Stream.mapArray(chunks, locate), { from: chunks, map: locate })
}
