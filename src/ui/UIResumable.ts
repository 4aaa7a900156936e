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
import type * as UIChunk from "./UIChunk.js"
import { internalError } from "./UIFromStream.js"
import * as UIRedaction from "./UIRedaction.js"
import * as UIResponse from "./UIResponse.js"

type Chunk = UIChunk.Chunk

/** The options of `resumable`. */
export interface ResumableOptions {
  /** The id the stream is stored, resumed and stopped under (the chat's id serves well). */
  readonly streamId: string
}

/** What reading a stored stream can fail with. */
export type ReadError = StreamStore.StreamStoreError | StreamStore.StreamNotFound

/** A failure of the store while the generation appended to it (the generation's own failures are `E`). */
class StoreFailed {
  readonly error: ReadError
  constructor(error: ReadError) {
    this.error = error
  }
}

/**
 * A stored stream as served to a client: its chunks verbatim; a failure of the store (it went away, the stream
 * expired) sends an `error` chunk, then fails the stream with the error (the protocol's way: the client shows
 * the error, the response ends cleanly).
 */
const served =
  (redact: UIRedaction.Redact) =>
  (stream: Stream.Stream<StreamStore.StoredChunk, ReadError>): Stream.Stream<Chunk, ReadError> =>
    // Stored by `resumable` from chunks of this type, and replayed verbatim (a cast, not a step per chunk).
    (stream as unknown as Stream.Stream<Chunk, ReadError>).pipe(
      Stream.catch((error) =>
        Stream.concat(Stream.succeed<Chunk>({ type: "error", errorText: redact(error) }), Stream.fail(error))
      )
    )

/** Ends the stored stream after its generation ended with `exit`, never failing (the store may be gone). */
const settle = (
  store: StreamStore.Service,
  streamId: string,
  exit: Exit.Exit<void, unknown>,
  stopAsked: boolean,
  last: Chunk | undefined,
  redact: UIRedaction.Redact
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
      ending = endWith([{ type: "error", errorText: redact(failure.value.error) }], "aborted")
    } else if (failure._tag === "Some") {
      // The generation failed: its error chunk is the last one (sent by `fromStream`, or here).
      ending = last?.type === "error"
        ? store.end(streamId, "completed")
        : endWith([{ type: "error", errorText: redact(failure.value) }], "completed")
    } else if (Cause.hasInterruptsOnly(exit.cause)) {
      // The server interrupted it (shutting down).
      ending = endWith([{ type: "abort" }], "aborted")
    } else {
      ending = endWith([{ type: "error", errorText: internalError }], "aborted")
    }
  }
  return Effect.ignore(ending)
}

/**
 * Runs `self` in the background (a fiber of its own, not the caller's), appending its chunks to the store
 * under `streamId`, and gives the stored stream to serve now.
 */
export const resumable = <E, R>(
  self: Stream.Stream<Chunk, E, R>,
  options: ResumableOptions
): Effect.Effect<Stream.Stream<Chunk, ReadError>, StreamStore.StreamStoreError, R> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const redact = yield* UIRedaction.Redaction
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
    let storeFailure: StoreFailed | undefined
    // A failure of the store stops the generation as a stop does (an interruption: its ending is `Interrupted`,
    // what the browser was sent); the store's error ends the stored stream.
    const generation = Stream.runForEachArray(self, (chunks) => {
      last = chunks[chunks.length - 1]
      return Effect.catch(
        store.append(streamId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>),
        (error) => {
          storeFailure = new StoreFailed(error)
          return Effect.interrupt
        }
      )
    })
    // A stop interrupts the generation (a race per stream: `Stream.interruptWhen` would pass every chunk through a
    // queue and a fiber of its own).
    yield* Effect.raceFirst(generation, stop).pipe(
      Effect.onExit((exit) =>
        settle(store, streamId, storeFailure === undefined ? exit : Exit.fail(storeFailure), stopAsked, last, redact)
      ),
      Effect.forkDetach()
    )
    return Stream.unwrap(Effect.map(store.read(streamId), served(redact)))
  })

/**
 * The stream stored under `streamId` from index `after` (default 0: a replay from the start), then its live
 * chunks until its end. Fails with `StreamNotFound` for an unknown or expired id.
 */
export const resume = (
  streamId: string,
  options?: { readonly after?: number | undefined }
): Effect.Effect<Stream.Stream<Chunk, ReadError>, ReadError> =>
  Effect.flatMap(
    StreamStore.StreamStore,
    (store) =>
      Effect.flatMap(UIRedaction.Redaction, (redact) => Effect.map(store.read(streamId, options), served(redact)))
  )

/**
 * `resume` as a Web `Response`: the stream (see `UIResponse.toResponse`), `204 No Content` for an unknown or
 * expired id (what `useChat({ resume: true })` expects when there is nothing to resume), `400` with a JSON
 * body `{ "error": text }` for an id no store takes (`StreamStore.isValidId`), `503` with one when the store
 * cannot be reached.
 */
export const resumeResponse = (
  streamId: string,
  options?: { readonly after?: number | undefined; readonly init?: ResponseInit | undefined }
): Effect.Effect<Response> =>
  Effect.matchEffect(resume(streamId, options), {
    onFailure: (error) =>
      Effect.map(UIRedaction.Redaction, (redact) =>
        error._tag === "StreamNotFound"
          ? new Response(null, {
            status: 204,
            ...(options?.init?.headers === undefined ? {} : { headers: options.init.headers })
          })
          : UIResponse.errorJson(error.reason === "InvalidId" ? 400 : 503, redact(error), options?.init)),
    onSuccess: (stream) => UIResponse.toResponse(stream, options?.init)
  })

/** Asks the instance running the stream `streamId` to stop it. */
export const stop = (streamId: string): Effect.Effect<void, ReadError> => StreamStore.stop(streamId)
