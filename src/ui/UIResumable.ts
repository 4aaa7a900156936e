/**
 * Resumable UI message streams: the generation runs in the background of the server, every chunk appended
 * to the `StreamStore` under its stream id; whoever serves it (now, or after a reload, on any instance) reads
 * the store. A disconnect stops only its reader; a stop asked through the store interrupts the generation
 * wherever it runs and ends the stored stream with `abort`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Stream from "effect/Stream"
import * as StreamStore from "../StreamStore.js"

/** A UI message stream chunk. */
type Chunk = { readonly type: string; readonly [field: string]: unknown }

/** The one-line text of an error, for an `error` chunk. */
const errorText = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string" &&
    error.message.trim() !== ""
    ? error.message.split("\n", 1)[0]!.trim()
    : "An error occurred."

/** A failure of the store while the generation appended to it (the generation's own failures are `E`). */
class StoreFailed {
  readonly error: StreamStore.StreamStoreError | StreamStore.StreamNotFound
  constructor(error: StreamStore.StreamStoreError | StreamStore.StreamNotFound) {
    this.error = error
  }
}

/**
 * A stored stream as served to a client: its chunks verbatim; a failure of the store (it went away, the stream
 * expired) sends an `error` chunk, then fails the stream with the error (the protocol's way: the client shows
 * the error, the response ends cleanly).
 */
const served = <E extends StreamStore.StreamStoreError | StreamStore.StreamNotFound>(
  stream: Stream.Stream<StreamStore.StoredChunk, E>
): Stream.Stream<Chunk, E> =>
  stream.pipe(
    Stream.map((chunk) => chunk as unknown as Chunk),
    Stream.catch((error) =>
      Stream.concat(Stream.succeed({ type: "error", errorText: error.message }), Stream.fail(error))
    )
  )

/** Ends the stored stream after its generation ended with `exit`, never failing (the store may be gone). */
const settle = (
  store: StreamStore.Service,
  streamId: string,
  exit: Exit.Exit<void, unknown>,
  stopAsked: boolean,
  last: Chunk | undefined
): Effect.Effect<void> => {
  const endWith = (chunks: ReadonlyArray<Chunk>, reason: StreamStore.EndReason) =>
    Effect.andThen(
      store.append(streamId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>),
      store.end(streamId, reason)
    )
  let ending: Effect.Effect<void, unknown>
  if (Exit.isSuccess(exit)) {
    // A stop that came as the generation finished changes nothing.
    ending = stopAsked && last?.type !== "finish"
      ? endWith([{ type: "abort" }], "aborted")
      : store.end(streamId, "completed")
  } else {
    const failure = Cause.findErrorOption(exit.cause)
    if (failure._tag === "Some" && failure.value instanceof StoreFailed) {
      // The store failed: try to end it for readers that still reach it.
      ending = endWith([{ type: "error", errorText: failure.value.error.message }], "aborted")
    } else if (failure._tag === "Some") {
      // The generation failed: its error chunk is the last one (sent by `fromStream`, or here).
      ending = last?.type === "error"
        ? store.end(streamId, "completed")
        : endWith([{ type: "error", errorText: errorText(failure.value) }], "completed")
    } else if (Cause.hasInterruptsOnly(exit.cause)) {
      // The server interrupted it (shutting down).
      ending = endWith([{ type: "abort" }], "aborted")
    } else {
      ending = endWith([{ type: "error", errorText: "An internal error occurred." }], "aborted")
    }
  }
  return Effect.ignore(ending)
}

/**
 * Runs `self` in the background (a fiber of its own, not the caller's), appending its chunks to the store
 * under `streamId`, and gives the stored stream to serve now.
 */
export const resumable = <C extends Chunk, E, R>(
  self: Stream.Stream<C, E, R>,
  options: { readonly streamId: string }
): Effect.Effect<
  Stream.Stream<C, StreamStore.StreamStoreError | StreamStore.StreamNotFound>,
  StreamStore.StreamStoreError,
  R
> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const { streamId } = options
    yield* store.create(streamId)
    let stopAsked = false
    let last: Chunk | undefined
    const stop = store.stopped(streamId).pipe(
      Effect.catch(() => Effect.never),
      Effect.map(() => {
        stopAsked = true
      })
    )
    yield* self.pipe(
      Stream.interruptWhen(stop),
      Stream.runForEachArray((chunks) => {
        last = chunks[chunks.length - 1]
        return Effect.mapError(
          store.append(streamId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>),
          (error) => new StoreFailed(error)
        )
      }),
      Effect.onExit((exit) => settle(store, streamId, exit, stopAsked, last)),
      Effect.forkDetach()
    )
    return Stream.unwrap(Effect.map(store.read(streamId), served)) as Stream.Stream<
      C,
      StreamStore.StreamStoreError | StreamStore.StreamNotFound
    >
  })

/**
 * The stream stored under `streamId` from index `after` (default 0: a replay from the start), then its live
 * chunks until its end. Fails with `StreamNotFound` for an unknown or expired id.
 */
export const resume = (
  streamId: string,
  options?: { readonly after?: number | undefined }
): Effect.Effect<
  Stream.Stream<Chunk, StreamStore.StreamStoreError | StreamStore.StreamNotFound>,
  StreamStore.StreamStoreError | StreamStore.StreamNotFound
> => Effect.flatMap(StreamStore.StreamStore, (store) => Effect.map(store.read(streamId, options), served))

/** Asks the instance running the stream `streamId` to stop it. */
export const stop = (
  streamId: string
): Effect.Effect<void, StreamStore.StreamStoreError | StreamStore.StreamNotFound> => StreamStore.stop(streamId)
