/**
 * Resumable UI message streams: the generation runs in the background, every chunk appended to the `StreamStore`
 * under its stream id, and whoever serves it (now, or after a reload, on any instance) reads the store. Its head is
 * pulled in the request first: an answer refused before its first content is answered as its protocol's writer
 * answers it, nothing stored. A stop asked through the store interrupts the generation wherever it runs, its head too
 * (a continuation runs the tool an approval let run before its first content: `StopHeard`), and ends the stored stream
 * with `abort`; when a converter took the stop (`StopHeard.Within`, provided to the stream), with that converter's
 * ending instead, its sums as they stand once the interrupted run has heard its cut call's ending, as a stop from
 * within ends it. The store's layer closing (the server shutting down) tells each generation writing into it the same
 * stop (`StoreShutdown`).
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import type * as Fiber from "effect/Fiber"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import type * as ProviderError from "../../core/ProviderError.js"
import * as StreamStart from "../../core/stream/StreamStart.js"
import type * as UIToMessages from "../history/UIToMessages.js"
import type * as Steering from "../loop/Steering.js"
import * as SteeringInbox from "../loop/SteeringInbox.js"
import * as UIChunk from "../protocol/UIChunk.js"
import * as EarlyStop from "../store/EarlyStop.js"
import * as HandOff from "../store/HandOff.js"
import * as StoreShutdown from "../store/StoreShutdown.js"
import * as StreamStore from "../store/StreamStore.js"
import * as ChatStop from "./ChatStop.js"
import * as SseWebResponse from "./SseWebResponse.js"
import * as StopHeard from "./StopHeard.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"
import { internalError } from "./UIFromStream.js"
import * as UIHead from "./UIHead.js"
import * as UIRedaction from "./UIRedaction.js"

type Chunk = UIChunk.Chunk

/**
 * The options of `resumable`: the id the stream is stored, resumed and stopped under, and its `owner`.
 *
 * @since 0.3.0
 * @category Resuming
 */
export interface ResumableOptions {
  /** `StreamStore.newId()`, or the chat's id. */
  readonly streamId: string
  /** Whose stream it is (from the session): only a caller giving the same owner resumes or stops it. */
  readonly owner?: string | undefined
  /**
   * The answer's inbox (`Steering.inbox`, the one its tool loop reads): on a stop, the messages sent into it that the
   * answer ends without are told back as not delivered. Without it, a stop reads no inbox.
   */
  readonly steering?: Steering.Inbox | undefined
}

/**
 * The options of `UIMessageStream.resumable`: `ResumableOptions`, and the chat request the answer answers.
 *
 * @since 0.7.0
 * @category Resuming
 */
export interface ChatResumableOptions extends ResumableOptions {
  /**
   * The request the answer answers, as `toMessages` read it: a Stop sent before the answer's stream exists that names
   * what this request carries (`stop`'s `body`: the approvals it answers, or the person's message it answers) stops the
   * answer as it starts, within 30 s, whatever is stored under `streamId` meanwhile; no tool run, no model called.
   * Without it, only a stop of the id alone, before anything is stored under it, waits for the answer.
   */
  readonly chat?: UIToMessages.ChatRequest | undefined
}

/**
 * `ResumableOptions` of a stream a stop may name beside its id (`EarlyStop`): `stopNames`, what it carries (a chat's
 * continuation, the approval ids it answers), each taking a stop kept under it before the stream existed.
 */
export interface StartOptions extends ResumableOptions {
  readonly stopNames?: ReadonlyArray<string> | undefined
  /** The owner's stops waiting, read with the stream's create (`EarlyStop.created`): `stoppedEarly` reads no more. */
  readonly earlyStops?: EarlyStop.Read | undefined
}

/**
 * What reading a stored stream can fail with.
 *
 * @since 0.3.0
 * @category Resuming
 */
export type ReadError = StreamStore.StreamStoreError | StreamStore.StreamNotFound

/** A stored stream as served: its chunks verbatim; a failure of the store, an `error` chunk and the failure. */
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
    return HandOff.answering(chunks, { from: stream })
  }

/**
 * How a protocol's stored stream tells how its generation ended, for one generation: the items its end appends (the UI
 * message stream's `error` or `abort`, AG-UI's `RUN_ERROR` or cancelled `RUN_FINISHED`).
 */
export interface Endings<A> {
  /** Sees each batch as it is appended. */
  readonly appended: (items: ReadonlyArray<A>) => void
  /** Whether `item`, the last appended, ends the answer: a stop or a failure after it changes nothing. */
  readonly isLast: (item: A) => boolean
  /** Whether `item`, the last appended, tells the generation's failure (sent already). */
  readonly isFailure: (item: A) => boolean
  /** The items telling a failure (`text`: the redactor's). */
  readonly failure: (text: string) => ReadonlyArray<A>
  /** The items telling back the messages sent into a stopped generation that it ended without (`left`). */
  readonly undelivered: (left: ReadonlyArray<SteeringInbox.Taken>) => ReadonlyArray<A>
  /** The items a stopped generation ends with, telling back the messages sent into it it ended without (`left`). */
  readonly stopped: (left: ReadonlyArray<SteeringInbox.Taken>) => ReadonlyArray<A>
}

/** The UI message stream's telling of the messages a stopped answer ended without. */
const uiUndelivered = (left: ReadonlyArray<SteeringInbox.Taken>): Array<Chunk> =>
  left.map(({ id, kind }) => UIChunk.notDelivered(id, kind, "aborted"))

/**
 * The UI message stream's endings: an `error` chunk; a stop's messages not delivered, then the ending of a stream the
 * server stopped (`UIChunk.interrupted`). The ending of a converter that took the stop (`fromStream`, `fromSteps`:
 * `StopHeard.take`) is stored instead: the metadata of what the answer spent, then that ending.
 */
export const uiEndings: Endings<Chunk> = {
  appended: () => {},
  isLast: (chunk) => chunk.type === "finish",
  isFailure: (chunk) => chunk.type === "error",
  failure: (errorText) => [{ type: "error", errorText }],
  undelivered: uiUndelivered,
  stopped: (left) => [...uiUndelivered(left), ...UIChunk.interrupted]
}

/**
 * Ends the stored stream after its generation ended with `exit`, never failing (the store may be gone): gives the
 * store's failure, from its appends (`storeFailure`), its last items' append or its end.
 */
const settle = <A>(
  store: StreamStore.Service,
  streamId: string,
  owner: StreamStore.OwnerOptions,
  exit: Exit.Exit<void, unknown>,
  generation: Generation<A>,
  redact: UIRedaction.Redact,
  steering: Steering.Inbox | undefined
): Effect.Effect<ReadError | undefined> => {
  const { appendOptions, endings, last, storeFailure } = generation
  // The last items may not fit (a full store): the stream is ended all the same. Another failure of their append (an
  // earlier append's, told late: appends do not wait for the store) or of the end is the store's.
  const endWith = (items: ReadonlyArray<A>, reason: StreamStore.EndReason): Effect.Effect<void, ReadError> =>
    Effect.andThen(
      Effect.catchIf(
        store.append(streamId, items as unknown as ReadonlyArray<StreamStore.StoredChunk>, appendOptions),
        isFull,
        () => Effect.void
      ),
      store.end(streamId, reason, owner)
    )
  const failed = (failure: ReadError) =>
    Effect.as(Effect.ignore(endWith(endings.failure(redact(failure)), "aborted")), failure)
  /** Runs `ending`: the store's failure, if it tells one, after the stream is ended as failed. */
  const settled = (ending: Effect.Effect<void, ReadError>) =>
    Effect.matchEffect(ending, { onFailure: failed, onSuccess: () => Effect.undefined })
  const completed = settled(store.end(streamId, "completed", owner))
  if (storeFailure !== undefined) return failed(storeFailure)
  // A stop that came as the generation finished changes nothing.
  if (Exit.isSuccess(exit) || (last !== undefined && endings.isLast(last))) return completed
  let ending: Effect.Effect<void, ReadError>
  const failure = Cause.findErrorOption(exit.cause)
  if (failure._tag === "Some") {
    // The generation failed: its failure is the last item (sent by the stream, or here).
    if (last !== undefined && endings.isFailure(last)) return completed
    ending = endWith(endings.failure(redact(failure.value)), "completed")
  } else if (Cause.hasInterruptsOnly(exit.cause)) {
    // A stop, or the server shutting down: the ending of the converter that took the stop (its sums as they stand, a
    // call cut short counted as far as it went), else what the protocol ends a stopped answer with; the messages sent
    // into the answer's inbox (`steering`) that it ends without told back before its last item.
    const taken = generation.stopHeard.ending() as Effect.Effect<ReadonlyArray<A>> | undefined
    ending = Effect.flatMap(
      steering === undefined ? Effect.succeed([]) : SteeringInbox.leftIn(steering),
      (left) =>
        taken === undefined
          ? endWith(endings.stopped(left), "aborted")
          : Effect.flatMap(
            Effect.timeoutOption(taken, takenEndingWait),
            (items) =>
              endWith(
                Option.isSome(items) ? toldBack(items.value, endings, left) : endings.stopped(left),
                "aborted"
              )
          )
    )
  } else {
    ending = endWith(endings.failure(internalError), "aborted")
  }
  return settled(ending)
}

/**
 * How long the ending of a converter that took the stop may take (an estimate waits for the tokenizer, loaded as the
 * call starts): past it, the stream ends with the protocol's stopped ending, so a stop never holds a generation open.
 */
const takenEndingWait = Duration.seconds(2)

/** A converter's stopped ending `items` with the messages its inbox was left with (`left`) before its last item. */
const toldBack = <A>(
  items: ReadonlyArray<A>,
  endings: Endings<A>,
  left: ReadonlyArray<SteeringInbox.Taken>
): ReadonlyArray<A> => {
  if (left.length === 0) return items
  const at = items.findIndex(endings.isLast)
  return at === -1
    ? [...items, ...endings.undelivered(left)]
    : [...items.slice(0, at), ...endings.undelivered(left), ...items.slice(at)]
}

/** Whether the store refused for want of room (an answer's last items may not fit). */
const isFull = (error: ReadError): boolean => error._tag === "StreamStoreError" && error.reason === "Full"

/**
 * How a generation ended: by itself (completed or failed), stopped through the store (interrupted, or ended by its
 * converter, which took the stop: `StopHeard.Within`), or dropped (the store failed, or its layer closed: the server
 * shutting down, `StoreShutdown`).
 */
export type Settled =
  | { readonly _tag: "Ended" }
  | { readonly _tag: "Stopped" }
  | { readonly _tag: "Dropped"; readonly storeFailure: ReadError | undefined }

/**
 * How the generation settled, from its `exit`, whether a stop was asked and taken (or was its store's layer closing),
 * and the store's failure.
 */
const settledOf = (
  exit: Exit.Exit<void, unknown>,
  stop: { readonly asked: boolean; readonly taken: boolean; readonly shutDown: boolean },
  storeFailure: ReadError | undefined
): Settled =>
  storeFailure !== undefined
    ? { _tag: "Dropped", storeFailure }
    : Exit.isSuccess(exit)
    ? stop.asked && stop.taken ? stoppedOf(stop) : { _tag: "Ended" }
    : !Cause.hasInterruptsOnly(exit.cause)
    ? { _tag: "Ended" }
    : stop.asked
    ? stoppedOf(stop)
    : { _tag: "Dropped", storeFailure: undefined }

/** A generation stopped: through the store, or dropped as its store's layer closed. */
const stoppedOf = (stop: { readonly shutDown: boolean }): Settled =>
  stop.shutDown ? { _tag: "Dropped", storeFailure: undefined } : { _tag: "Stopped" }

/**
 * One generation of a resumable stream: its appends, whether a stop was asked, the store's failure. It appends without
 * waiting for the store (`waitForStore: false`): its readers on this instance have each chunk at once, and a failure
 * of the store comes at its next append or its end.
 */
class Generation<A> {
  stopAsked = false
  appending = false
  storeFailure: ReadError | undefined = undefined
  last: A | undefined = undefined
  readonly appendOptions: StreamStore.AppendOptions
  /** What follows each append, made once (every model delta is an append of its own). */
  readonly afterAppend: {
    readonly onSuccess: () => Effect.Effect<void>
    readonly onFailure: (error: ReadError) => Effect.Effect<void>
  }

  readonly store: StreamStore.Service
  readonly streamId: string
  readonly owner: StreamStore.OwnerOptions
  readonly endings: Endings<A>
  /** The stop listened for; taken by the stream's converter (`StopHeard.Within`), which ends the stream itself. */
  readonly stopHeard: StopHeard.StopHeard
  /** The answer's inbox, whose untaken messages a stopped answer tells back (`ResumableOptions.steering`). */
  readonly steering: Steering.Inbox | undefined

  constructor(
    store: StreamStore.Service,
    streamId: string,
    owner: StreamStore.OwnerOptions,
    endings: Endings<A>,
    stopHeard: StopHeard.StopHeard,
    steering: Steering.Inbox | undefined
  ) {
    this.store = store
    this.streamId = streamId
    this.owner = owner
    this.endings = endings
    this.stopHeard = stopHeard
    this.steering = steering
    this.appendOptions = { owner: owner.owner, waitForStore: false }
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

  /** Appends `chunks` without waiting for the store. */
  append(chunks: ReadonlyArray<A>): Effect.Effect<void> {
    this.last = chunks[chunks.length - 1]
    this.endings.appended(chunks)
    this.appending = true
    return Effect.matchEffect(
      this.store.append(this.streamId, chunks as unknown as ReadonlyArray<StreamStore.StoredChunk>, this.appendOptions),
      this.afterAppend
    )
  }

  /**
   * Stops the generation running in `fiber` on a stop asked of its stream: at once, or after the append under way (one
   * waiting for room in the store; the others complete as they are made). The ending of a converter that took the
   * stop is stored as the generation settles (`settle`).
   */
  stop(fiber: Fiber.Fiber<unknown, unknown>): void {
    this.stopAsked = true
    if (!this.appending) fiber.interruptUnsafe()
  }

  /**
   * Runs `self`, appending `first` (its head, pulled already), then its chunks; a stop (`heard`) lets the append under
   * way finish (what `onEnd` reports is what the store holds: every chunk appended, the end stored after them).
   */
  run<E, R>(
    first: ReadonlyArray<A>,
    self: Stream.Stream<A, E, R>,
    heard: Effect.Effect<void>
  ): Effect.Effect<void, E, R> {
    return Effect.withFiber((fiber) => {
      const rest = self.pipe(Stream.runForEachArray((chunks) => this.append(chunks)))
      const appends = first.length === 0 ? rest : Effect.andThen(this.append(first), rest)
      return Effect.andThen(Effect.forkChild(Effect.andThen(heard, Effect.sync(() => this.stop(fiber)))), appends)
    })
  }
}

/**
 * A start refused before the answer's first content, as its protocol's writer answers it (an HTTP status, no event):
 * the items the answer sent before its failure, and the failure. Nothing of it is stored.
 */
export interface Refused<A, E> {
  readonly _tag: "Refused"
  readonly items: ReadonlyArray<A>
  readonly cause: Cause.Cause<E>
}

/** The refused start as a stream, served as its protocol serves any: the items it sent, then its failure. */
export const refusedStream = <A, E>(refused: Refused<A, E>): Stream.Stream<A, E> =>
  Stream.concat(Stream.fromIterable(refused.items), Stream.failCause(refused.cause))

/**
 * Gives up the stream created for an answer that never started (its head refused, or its request gone first): the
 * stream deleted (ended, on a store without `delete`), as if never made. Never fails.
 */
export const release = (streamId: string, owner: string | undefined): Effect.Effect<void> =>
  Effect.flatMap(StreamStore.StreamStore, (store) =>
    Effect.ignore(
      store.delete === undefined ? store.end(streamId, "aborted", { owner }) : store.delete(streamId, { owner })
    ))

/**
 * Runs `self` in the background under `options.streamId`, appending its items to the store and ending the stored
 * stream as `endings` says; `onSettled` hears how it ended. Its head is pulled first, up to its first content
 * (`wire.isContent`): a failure before it that `wire` answers with an HTTP status (`refuses`) is given back, the stream
 * given up (`release`); a request gone before it leaves the answer running (`startCreated`). Fails as the store's
 * `create` does.
 */
export const start = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  options: StartOptions,
  wire: Check<A>,
  endings: Endings<A>,
  onSettled?: ((settled: Settled) => Effect.Effect<void>) | undefined
): Effect.Effect<Refused<A, E> | undefined, StreamStore.StreamStoreError, R> =>
  Effect.flatMap(
    StreamStore.StreamStore,
    (store) =>
      EarlyStop.created(store, options.streamId, { owner: options.owner }, (earlyStops) =>
        startCreated(self, earlyStops === undefined ? options : { ...options, earlyStops }, wire, endings, onSettled))
  )

/** What decides whether an answer's start is refused: its protocol's content, and the failures answered as a status. */
export type Check<A> = Pick<UIHead.Wire<A>, "isContent" | "answersFailure">

/**
 * `start` on a stream already created under `options.streamId` (reserved before its answer's model was called). The
 * head is pulled in the background too: a request gone before the first content leaves the answer running (a page
 * reloaded while a model thinks reads it again), and one refused after its request went is given up there.
 */
export const startCreated = Effect.fnUntraced(function*<A, E, R>(
  self: Stream.Stream<A, E, R>,
  options: StartOptions,
  wire: Check<A>,
  endings: Endings<A>,
  onSettled?: ((settled: Settled) => Effect.Effect<void>) | undefined
) {
  const decided = Deferred.makeUnsafe<Refused<A, E> | undefined>()
  // Told at once if `begin` ends before it decided (a defect, the process shutting down): no request waits for ever.
  const started = Effect.ensuring(begin(self, options, wire, endings, decided, onSettled), Deferred.interrupt(decided))
  yield* Effect.forkDetach(started, { startImmediately: true })
  return yield* Deferred.await(decided)
})

/**
 * Pulls the answer's head, then tells `decided` whether it was refused (given up) or runs it under the stream; a stop
 * is listened for from the head's first pull to the generation's end (`StopHeard`).
 */
const begin = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  options: StartOptions,
  wire: Check<A>,
  endings: Endings<A>,
  decided: Deferred.Deferred<Refused<A, E> | undefined>,
  onSettled?: ((settled: Settled) => Effect.Effect<void>) | undefined
) =>
  Effect.flatMap(StreamStore.StreamStore, (store) =>
    Effect.flatMap(
      StopHeard.listen(store, options.streamId, { owner: options.owner }),
      (stop) =>
        Effect.ensuring(
          StoreShutdown.held(
            StopHeard.hearing(pullThenRun(self, options, wire, endings, decided, stop, onSettled), stop),
            stop.shutDown
          ),
          stop.end
        )
    ))

/** `begin` once the stop is listened for. */
const pullThenRun = Effect.fnUntraced(function*<A, E, R>(
  self: Stream.Stream<A, E, R>,
  options: StartOptions,
  wire: Check<A>,
  endings: Endings<A>,
  decided: Deferred.Deferred<Refused<A, E> | undefined>,
  stop: StopHeard.StopHeard,
  onSettled?: ((settled: Settled) => Effect.Effect<void>) | undefined
) {
  const givenUp = release(options.streamId, options.owner)
  // The stream's pull lives in this scope, closed as the generation ends.
  const scope = Scope.makeUnsafe()
  // A stop asked before the stream existed (`EarlyStop`) is heard before the head is pulled: no model is called.
  yield* stoppedEarly(options, stop)
  // A stop asked before the first content (a continuation's approved tool running) interrupts the head there; the
  // stream's converter may take it (`StopHeard.Within`, given to the pull that starts the stream, not to each pull).
  const head = stop.isHeard() ? UIHead.stoppedHead<A, E, R>() : yield* UIHead.pullHead(
    self,
    scope,
    wire.isContent,
    stop.heard
  ).pipe(
    Effect.provideService(StopHeard.Within, stop),
    Effect.onInterrupt(() => givenUp)
  )
  if (UIHead.refuses(wire, head.ended)) {
    yield* Scope.close(scope, Exit.failCause(head.ended))
    yield* givenUp
    const refused: Refused<A, E> = { _tag: "Refused", items: head.chunks, cause: head.ended as Cause.Cause<E> }
    return yield* Deferred.succeed(decided, refused)
  }
  yield* Deferred.succeed(decided, undefined)
  // Stopped in its head: what the head sent is stored, then the stream ends as a stopped one does (with the ending of
  // its converter, when it took the stop).
  const rest = StreamStart.ensuringWith(
    stop.isHeard() ? Stream.failCause(Cause.interrupt()) : UIHead.rest(head),
    (exit) => Scope.close(scope, exit)
  )
  yield* generate(head.chunks, rest, options, endings, stop, (settled) =>
    onSettled === undefined
      ? Scope.close(scope, Exit.void)
      : Effect.andThen(Scope.close(scope, Exit.void), onSettled(settled)))
})

/**
 * Takes the stop asked of the stream of `options` before it existed (`EarlyStop.take`, under its id or one of its
 * `stopNames`; read with its create, `earlyStops`, where the store could), if one was, and waits (a second at most)
 * until `stop` hears it through the store, as a stop asked now is heard. A store that cannot say is logged.
 */
const stoppedEarly = (
  options: StartOptions,
  stop: StopHeard.StopHeard
) =>
  Effect.flatMap(
    StreamStore.StreamStore,
    (store) => EarlyStop.take(store, options.streamId, { owner: options.owner }, options.stopNames, options.earlyStops)
  )
    .pipe(
      Effect.flatMap((taken) => taken ? Effect.ignore(Effect.timeout(stop.heard, "1 second")) : Effect.void),
      Effect.catch((error) =>
        Effect.logWarning(`a stop asked before the answer started could not be read: ${error.message}`)
      )
    )

/**
 * Runs `self` after `first` under the created stream of `options` (see `start`), in the caller's fiber, until `stop` is
 * heard (it may have been already, while its head was pulled).
 */
const generate = Effect.fnUntraced(function*<A, E, R>(
  first: ReadonlyArray<A>,
  self: Stream.Stream<A, E, R>,
  options: ResumableOptions,
  endings: Endings<A>,
  stop: StopHeard.StopHeard,
  onSettled: (settled: Settled) => Effect.Effect<void>
) {
  const store = yield* StreamStore.StreamStore
  const redact = yield* UIRedaction.Redaction
  const { streamId } = options
  const owner = { owner: options.owner }
  const generation = new Generation(store, streamId, owner, endings, stop, options.steering)
  generation.stopAsked = stop.isHeard()
  yield* generation.run(first, self, stop.heard).pipe(
    Effect.onExit((exit) =>
      Effect.flatMap(
        settle(store, streamId, owner, exit, generation, redact, options.steering),
        (storeFailure) =>
          onSettled(
            settledOf(
              exit,
              { asked: generation.stopAsked || stop.isHeard(), taken: stop.isTaken(), shutDown: stop.isShutDown() },
              storeFailure
            )
          )
      )
    ),
    Effect.ignore
  )
})

/**
 * Runs `self` in the background, appending its chunks to the store, and gives the stored stream to serve now; an
 * answer refused before its first content (any failure: the UI message stream's writer answers each with its HTTP
 * status) is given as itself, its chunks then its failure, nothing stored. `onSettled` hears how a stored one ended.
 */
export const resumable = <E, R>(
  self: Stream.Stream<Chunk, E, R>,
  options: ChatResumableOptions,
  onSettled?: ((settled: Settled) => Effect.Effect<void>) | undefined
): Effect.Effect<Stream.Stream<Chunk, ReadError | E>, StreamStore.StreamStoreError, R> =>
  Effect.flatMap(
    start(
      self,
      options.chat === undefined ? options : { ...options, stopNames: ChatStop.carried(options.chat) },
      UIHead.uiWire,
      uiEndings,
      onSettled
    ),
    (refused): Effect.Effect<Stream.Stream<Chunk, ReadError | E>> =>
      refused === undefined ? readFromStart(options) : Effect.succeed(refusedStream(refused))
  )

/**
 * The stored stream of `options` read from its start (or from index `after`), served; a store gone meanwhile is told
 * as its later failure.
 */
export const readFromStart = Effect.fnUntraced(function*(options: ResumableOptions, after?: number) {
  const store = yield* StreamStore.StreamStore
  const redact = yield* UIRedaction.Redaction
  return yield* Effect.match(store.read(options.streamId, { owner: options.owner, after }), {
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
 * The stream stored under `streamId` and `owner`: its chunks from the start (what `useChat` expects) or after index
 * `after`, then the live ones until its end. An unknown or expired id, or another owner's stream, fails with
 * `StreamNotFound` (answer 204); a failure of the store sends an `error` chunk, then fails the stream.
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
 * `resume` as the Web `Response` of a resume route: the stream, `204 No Content` when there is none (what
 * `useChat({ resume: true })` expects), `400` for an id no store takes, `503` when the store cannot be reached.
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
          ([redact, now]) =>
            HttpServerResponse.toWeb(
              UIErrorAnswer.toServerResponse(UIErrorAnswer.answerOf(error, redact(error), now), options?.init)
            )
        ),
    onSuccess: (stream) => SseWebResponse.toResponse(stream, UIHead.uiWire, options?.init)
  })

/**
 * The options of `stop`: the owner the stream was started with, and the stop request's body as the page sent it.
 *
 * @since 0.7.0
 * @category Resuming
 */
export interface StopOptions extends StreamStore.OwnerOptions {
  /**
   * The stop request's body, as text: the AI SDK's guide sends the page's current assistant message (`{
   * assistantMessage }`), this library's pages its last message's id beside it (`messageId`); other fields are the
   * app's. It names the continuation the stop is for (the approvals that message answers) or the answer to the
   * person's message: kept 30 s under those names, it stops the answer started under `streamId` that carries one
   * (`resumable`'s `chat`), whatever reaches the server first. Empty or left out: the id alone.
   */
  readonly body?: string | undefined
}

/**
 * Stops the generation of the stream `streamId` wherever it runs, within a second: the provider request is aborted,
 * the stored stream ends with `abort`, after an `interrupted` `finish`. A stream made by `fromStream` or `fromSteps`
 * ends as a stop from within ends it, with the metadata of what the answer spent up to the stop (since 0.7.0). A stream
 * not started yet under the id and owner (none stored there) is stopped as it starts, within 30 seconds (since 0.7.0):
 * nothing is pulled from it, its stored stream an `interrupted` `finish` then `abort`. A stream found ended was the
 * one the stop was for: no later one is stopped, unless the stop's `body` names the answer it is for (since 0.7.0:
 * `StopOptions.body`). Fails with `StreamStoreError` (`Full`: the owner's share is used up), and with
 * `InvalidRequestError` (400) for a body that is not such JSON, nothing stopped.
 *
 * @example
 * ```ts
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * // POST /api/chat/:chatId/stop, its body as the page sent it
 * const stop = (userId: string, chatId: string, body: string) => UIMessageStream.stop(chatId, { owner: userId, body })
 * ```
 *
 * @since 0.3.0
 * @category Resuming
 */
export function stop(
  streamId: string,
  options?: StreamStore.OwnerOptions & { readonly body?: undefined }
): Effect.Effect<void, ReadError>
export function stop(
  streamId: string,
  options: StopOptions
): Effect.Effect<void, ReadError | ProviderError.InvalidRequestError>
export function stop(
  streamId: string,
  options?: StopOptions
): Effect.Effect<void, ReadError | ProviderError.InvalidRequestError> {
  if (options?.body === undefined) return StreamStore.stop(streamId, options)
  const owner = { owner: options.owner }
  return Effect.flatMap(
    ChatStop.namesOf(options.body),
    (names) => Effect.flatMap(StreamStore.StreamStore, (store) => EarlyStop.stop(store, streamId, owner, names))
  )
}
