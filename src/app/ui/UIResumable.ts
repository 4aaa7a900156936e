/**
 * Resumable UI message streams: the generation runs in the background of the server, every chunk appended
 * to the `StreamStore` under its stream id; whoever serves it (now, or after a reload, on any instance) reads
 * the store. A disconnect stops only its reader; a stop asked through the store interrupts the generation
 * wherever it runs and ends the stored stream with `abort`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import * as HandOff from "../store/HandOff.js"
import * as StreamStore from "../store/StreamStore.js"
import type * as UIChunk from "./UIChunk.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import { internalError } from "./UIFromStream.js"
import * as UIRedaction from "./UIRedaction.js"
import * as UIResponse from "./UIResponse.js"

type Chunk = UIChunk.Chunk

/**
 * The options of `resumable`: the id the stream is stored, resumed and stopped under, and its `owner`.
 *
 * @since 0.3.0
 * @category Resuming
 */
export interface ResumableOptions {
  /** The id the stream is stored, resumed and stopped under (`StreamStore.newId()`, or the chat's id). */
  readonly streamId: string
  /**
   * Whose stream it is (a string the app derives from its session, such as a user id): only a caller giving
   * the same owner resumes or stops it; any other, or none, gets what an unknown id gets.
   */
  readonly owner?: string | undefined
}

/** What reading a stored stream can fail with. */
export type ReadError = StreamStore.StreamStoreError | StreamStore.StreamNotFound

/**
 * A stored stream as served to a client: its chunks verbatim; a failure of the store (it went away, the stream
 * expired) sends an `error` chunk, then fails the stream with the error (the protocol's way: the client shows
 * the error, the response ends cleanly).
 */
const served =
  (redact: UIRedaction.Redact) =>
  (stream: Stream.Stream<StreamStore.StoredChunk, ReadError>): Stream.Stream<Chunk, ReadError> => {
    // Stored by `resumable` from chunks of this type, and replayed verbatim (a cast, not a step per chunk).
    const chunks = (stream as unknown as Stream.Stream<Chunk, ReadError>).pipe(
      Stream.catch((error) =>
        Stream.concat(Stream.succeed<Chunk>({ type: "error", errorText: redact(error) }), Stream.fail(error))
      )
    )
    // A failure is pulled, never handed off: the reader's hand-off is the served stream's.
    const handOff = HandOff.of(stream)
    return handOff === undefined ? chunks : HandOff.carry(chunks, handOff)
  }

/**
 * Ends the stored stream after its generation ended with `exit` (interrupted by a stop, or by `storeFailure`,
 * the store's failure as it appended), never failing (the store may be gone): gives the store's failure, the
 * one its appends failed with, or the one its end failed with (the store failed after the last append).
 */
const settle = (
  store: StreamStore.Service,
  streamId: string,
  owner: StreamStore.OwnerOptions,
  exit: Exit.Exit<void, unknown>,
  storeFailure: ReadError | undefined,
  last: Chunk | undefined,
  redact: UIRedaction.Redact,
  stopped: (() => unknown) | undefined
): Effect.Effect<ReadError | undefined> => {
  // The last chunks may not fit (a full store): the stream is ended all the same.
  const endWith = (chunks: ReadonlyArray<Chunk>, reason: StreamStore.EndReason) =>
    Effect.andThen(
      Effect.ignore(store.append(streamId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>, owner)),
      store.end(streamId, reason, owner)
    )
  /** Tries to end it for readers that still reach it, telling them the store failed. */
  const failed = (failure: ReadError) =>
    Effect.as(Effect.ignore(endWith([{ type: "error", errorText: redact(failure) }], "aborted")), failure)
  /** Ends it as its generation did, or, if the store refuses the end, as failed. */
  const completed = Effect.matchEffect(store.end(streamId, "completed", owner), {
    onFailure: failed,
    onSuccess: () => Effect.undefined
  })
  if (storeFailure !== undefined) return failed(storeFailure)
  // A stop that came as the generation finished changes nothing.
  if (Exit.isSuccess(exit) || last?.type === "finish") return completed
  let ending: Effect.Effect<void, unknown>
  const failure = Cause.findErrorOption(exit.cause)
  if (failure._tag === "Some") {
    // The generation failed: its error chunk is the last one (sent by `fromStream`, or here).
    if (last?.type === "error") return completed
    ending = endWith([{ type: "error", errorText: redact(failure.value) }], "completed")
  } else if (Cause.hasInterruptsOnly(exit.cause)) {
    // A stop, or the server shutting down: what the answer spent (the metadata `stopped` gives), then `abort`.
    const metadata = stopped?.()
    ending = endWith(
      metadata === undefined ? [{ type: "abort" }] : [{ type: "message-metadata", messageMetadata: metadata }, {
        type: "abort"
      }],
      "aborted"
    )
  } else {
    ending = endWith([{ type: "error", errorText: internalError }], "aborted")
  }
  return Effect.as(Effect.ignore(ending), undefined)
}

/**
 * How a generation ended, told once its stored stream was ended: its stream ended (completed or failed:
 * `Ended`), a stop asked through the store interrupted it (`Stopped`), or it was dropped: the store failed as it
 * appended (`storeFailure`), or the server went away.
 */
export type Settled =
  | { readonly _tag: "Ended" }
  | { readonly _tag: "Stopped" }
  | { readonly _tag: "Dropped"; readonly storeFailure: ReadError | undefined }

const settledOf = (exit: Exit.Exit<void, unknown>, stopAsked: boolean, storeFailure: ReadError | undefined): Settled =>
  storeFailure !== undefined
    ? { _tag: "Dropped", storeFailure }
    : Exit.isSuccess(exit) || !Cause.hasInterruptsOnly(exit.cause)
    ? { _tag: "Ended" }
    : stopAsked
    ? { _tag: "Stopped" }
    : { _tag: "Dropped", storeFailure: undefined }

/**
 * One generation of a resumable stream: the chunks it appends to the store, whether a stop was asked, and how the
 * store failed, if it did.
 */
class Generation {
  stopAsked = false
  appending = false
  storeFailure: ReadError | undefined = undefined
  last: Chunk | undefined = undefined
  /**
   * What follows each append, made once (every model delta is an append of its own): the generation goes on, or
   * stops after a stop asked during the append, or when the store failed (its ending `Interrupted`, as for a stop).
   */
  readonly afterAppend: {
    readonly onSuccess: () => Effect.Effect<void>
    readonly onFailure: (error: ReadError) => Effect.Effect<void>
  }

  readonly store: StreamStore.Service
  readonly streamId: string
  readonly owner: StreamStore.OwnerOptions

  constructor(
    store: StreamStore.Service,
    streamId: string,
    owner: StreamStore.OwnerOptions
  ) {
    this.store = store
    this.streamId = streamId
    this.owner = owner
    this.afterAppend = {
      onSuccess: () => {
        this.appending = false
        return this.stopAsked ? Effect.interrupt : Effect.void
      },
      onFailure: (error) => {
        this.appending = false
        this.storeFailure = error
        return Effect.interrupt
      }
    }
  }

  /** Appends one batch of the stream's chunks to the store. */
  append(chunks: ReadonlyArray<Chunk>): Effect.Effect<void> {
    this.last = chunks[chunks.length - 1]
    this.appending = true
    return Effect.matchEffect(
      this.store.append(this.streamId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>, this.owner),
      this.afterAppend
    )
  }

  /** Stops the generation running in `fiber` on a stop asked of its stream: at once, or after the append under way. */
  stop(fiber: Fiber.Fiber<unknown, unknown>): void {
    this.stopAsked = true
    if (!this.appending) fiber.interruptUnsafe()
  }

  /**
   * Runs `self`, appending its chunks. A stop interrupts it while it waits for the model; a batch the model handed
   * on is stored first (what `onEnd` upstream reports is what the store holds), and it stops after it. The stop is
   * heard through the store's `onStopUnsafe`, or, for a store without it, by a fiber waiting on `stopped`.
   */
  run<E, R>(self: Stream.Stream<Chunk, E, R>): Effect.Effect<void, E, R> {
    return Effect.withFiber((fiber) => {
      const appends = self.pipe(Stream.runForEachArray((chunks) => this.append(chunks)))
      const stop = () => this.stop(fiber)
      const { onStopUnsafe } = this.store
      if (onStopUnsafe === undefined) {
        const watch = this.store.stopped(this.streamId, this.owner).pipe(
          Effect.catch(() => Effect.never),
          Effect.andThen(Effect.sync(stop))
        )
        return Effect.andThen(Effect.forkChild(watch), appends)
      }
      return Effect.ensuring(appends, Effect.sync(onStopUnsafe(this.streamId, this.owner, stop)))
    })
  }
}

/**
 * Runs `self` in the background (a fiber of its own, not the caller's), appending its chunks to the store
 * under `streamId`, and gives the stored stream to serve now. `onSettled` hears how the generation ended;
 * `stopped` gives the message metadata a stopped stream ends with before its `abort` (what the answer spent).
 */
export const resumable = <E, R>(
  self: Stream.Stream<Chunk, E, R>,
  options: ResumableOptions,
  onSettled?: ((settled: Settled) => Effect.Effect<void>) | undefined,
  stopped?: (() => unknown) | undefined
): Effect.Effect<Stream.Stream<Chunk, ReadError>, StreamStore.StreamStoreError, R> =>
  Effect.gen(function*() {
    const store = yield* StreamStore.StreamStore
    const redact = yield* UIRedaction.Redaction
    const { streamId } = options
    const owner = { owner: options.owner }
    yield* store.create(streamId, owner)
    const generation = new Generation(store, streamId, owner)
    yield* generation.run(self).pipe(
      Effect.onExit((exit) =>
        Effect.flatMap(
          settle(store, streamId, owner, exit, generation.storeFailure, generation.last, redact, stopped),
          (storeFailure) =>
            onSettled === undefined ? Effect.void : onSettled(settledOf(exit, generation.stopAsked, storeFailure))
        )
      ),
      Effect.forkDetach()
    )
    // Read from the start now (not as a stage that reads on its first pull): the stream just created cannot be
    // unknown, but a store gone meanwhile is told to the client like any later failure of the store.
    return yield* Effect.match(store.read(streamId, owner), {
      onFailure: (error) => served(redact)(Stream.fail(error)),
      onSuccess: served(redact)
    })
  })

/** The options of `resume`: the index to resume after, and the owner the stream was started with. */
export interface ResumeOptions {
  readonly after?: number | undefined
  readonly owner?: string | undefined
}

/**
 * The stream stored under `streamId` and `owner`: its chunks verbatim from the start (a replay, what `useChat`
 * expects) or from index `after` (the chunks the client has, `start` and `start-step` counted), then the live
 * ones until its end. An unknown or expired id, or another owner's stream, fails with `StreamNotFound` (answer
 * 204, as `resumeResponse` does); a failure of the store sends an `error` chunk, then fails the stream.
 *
 * @since 0.3.0
 * @category Resuming
 */
export const resume = (
  streamId: string,
  options?: ResumeOptions
): Effect.Effect<Stream.Stream<Chunk, ReadError>, ReadError> =>
  Effect.flatMap(
    StreamStore.StreamStore,
    (store) =>
      Effect.flatMap(UIRedaction.Redaction, (redact) => Effect.map(store.read(streamId, options), served(redact)))
  )

/**
 * `resume` as the Web `Response` of a resume route: the stream (as `toResponse` serves it), `204 No Content`
 * for an unknown or expired id or another owner's stream (what `useChat({ resume: true })` expects when there
 * is nothing to resume), `400` whose body is a sentence as text for an id no store takes
 * (`StreamStore.isValidId`), `503` with one when the store cannot be reached; each with `init`'s headers.
 *
 * @example
 * ```ts
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * // GET /api/chat/:chatId/stream (where useChat reconnects by default)
 * const resume = (userId: string, chatId: string) => UIMessageStream.resumeResponse(chatId, { owner: userId })
 * ```
 *
 * @since 0.3.0
 * @category Resuming
 */
export const resumeResponse = (
  streamId: string,
  options?: ResumeOptions & { readonly init?: ResponseInit | undefined }
): Effect.Effect<Response> =>
  Effect.matchEffect(resume(streamId, options), {
    onFailure: (error) =>
      error._tag === "StreamNotFound"
        ? Effect.succeed(
          new Response(null, {
            status: 204,
            ...(options?.init?.headers === undefined ? {} : { headers: options.init.headers })
          })
        )
        : Effect.map(
          Effect.zip(UIRedaction.Redaction, Clock.currentTimeMillis),
          ([redact, now]) => UIResponse.errorResponse(UIErrorAnswer.answerOf(error, redact(error), now), options?.init)
        ),
    onSuccess: (stream) => UIResponse.toResponse(stream, options?.init)
  })

/**
 * Stops the generation of the stream `streamId` wherever it runs, on any instance sharing the store, within a
 * second: the provider request is aborted, the stored stream ends with `abort` and stays resumable until it
 * expires. Does nothing for a stream already ended; fails with `StreamStore.StreamNotFound` for an unknown or
 * expired id, or another owner's stream.
 *
 * @since 0.3.0
 * @category Resuming
 */
export const stop = (streamId: string, options?: StreamStore.OwnerOptions): Effect.Effect<void, ReadError> =>
  StreamStore.stop(streamId, options)
