/**
 * Reading a response body in batches. A fetch-backed response streams its body one network piece per Effect
 * step, several microseconds per piece, which dominates a stream of tiny pieces. Its web `ReadableStream`
 * (`HttpClientResponse.toWeb`) is read here with a plain loop instead: each pull waits for one piece, then takes
 * every piece already buffered, up to `maxBatchBytes`, as one array. While no pull waits the reader reads ahead,
 * up to the same bound: a web stream that fails drops what it holds, so what arrived before a broken connection
 * is handed on before the failure. The idle timeout is one timer per body (`ReadTimer`). `NodeBody` reads a Node
 * body the same way.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import type * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as BodyWriter from "../framing/BodyWriter.js"
import { ReadTimer } from "./ReadTimer.js"

/** The most bytes one pull takes from what is already buffered. */
const maxBatchBytes = 256 * 1024

/** The turns of the microtask queue without a read settling after which a pull waiting is answered. */
const quietTurns = 2

/** How long after its pull began to wait a lone piece shows a paced body (milliseconds, as `Date.now` counts). */
const pacedAfter = 1

/** How long a body whose stream ended may take to end by itself before it is cancelled (`BatchedReader.end`). */
export const endMillis = 1000

const ignore = (): void => undefined

/**
 * A settled promise: `turn.then(f)` runs `f` a turn of the microtask queue later, as `queueMicrotask` does, without the
 * async resource Node makes for each `queueMicrotask` (~300 bytes a piece).
 */
const turn: Promise<void> = Promise.resolve()

/** The web response under a response, when there is one (fetch-backed responses). */
export const webResponse = (response: HttpClientResponse.HttpClientResponse): Response | undefined => {
  const web = HttpClientResponse.toWeb(response)
  return Option.isSome(web) ? web.value : undefined
}

/** The web body of a response, when it has one (fetch-backed responses). */
export const webBody = (response: HttpClientResponse.HttpClientResponse): ReadableStream<Uint8Array> | undefined =>
  webResponse(response)?.body ?? undefined

/** A deadline besides the idle timeout: `at()` is when the stream must have moved on, `undefined` once it has. */
export interface Deadline<E> {
  readonly at: () => number | undefined
  readonly onDeadline: () => E
}

/** How long a read may wait, and its failure when the wait is over. */
export type Wait<E> = readonly [millis: number, onTimeout: () => E]

/**
 * How long the next read may wait, and its failure: the idle timeout (`idle` itself, made once per body), or less
 * when a deadline comes first.
 */
export const nextWait = <E>(idle: Wait<E>, deadline: Deadline<E> | undefined): Wait<E> => {
  const at = deadline?.at()
  if (at === undefined) return idle
  const left = at - Date.now()
  return left < idle[0] ? [Math.max(0, left), deadline!.onDeadline] : idle
}

/**
 * Whether pieces a reader has held since `since` (epoch milliseconds; `undefined`: since before its first wait) may
 * still be handed on: they arrived before the deadline passed, or none has. Past it, a read hands on what came in
 * time and then fails with the deadline, however busy the connection is (keep-alives).
 */
export const arrivedInTime = <E>(since: number | undefined, deadline: Deadline<E> | undefined): boolean => {
  const at = deadline?.at()
  return since === undefined || at === undefined || since <= at
}

/** How a body is read (web or Node): the idle timeout and the failures of a slow or broken body. */
export interface ReadOptions<E> {
  readonly idle: Duration.Duration
  readonly onIdle: () => E
  readonly onError: (cause: unknown) => E
  readonly deadline?: Deadline<E> | undefined
  /**
   * Told when the reader lets go of a body that has not ended (a stop, a failure, a client gone): the request is cut
   * besides the body cancelled, as a cancelled body has not ended its request on every runtime (oven-sh/bun#33227,
   * since fixed by oven-sh/bun#33231).
   */
  readonly onCut?: (() => void) | undefined
}

/** What one pull of a body reads: every piece already received, at least one. */
export type Pieces = Arr.NonEmptyReadonlyArray<Uint8Array>
type Resume<E> = (effect: Pull.Pull<Pieces, E>) => void

/**
 * Reads one web body in batches. One read is under way at a time, started by the first pull and again after each
 * piece while fewer than `maxBatchBytes` are carried (the body's own backpressure holds the rest); each piece is
 * carried until a pull takes it. A pull waiting is answered once no read has settled for `quietTurns` turns of the
 * microtask queue, so pieces already buffered go with it. A body whose last wait ended with a single piece that came
 * a millisecond or more later (a model writing its deltas one by one over the network) is paced: its pull waiting is
 * answered as soon as a piece arrives, the quiet turns finding nothing more. The handlers are made once per body: a
 * piece costs one read and one `then`.
 */
class BatchedReader<E> implements Reader<E> {
  /** Pulls the next batch of pieces (the stream's pull). */
  readonly pull: Pull.Pull<Pieces, E>
  readonly #idle: Wait<E>
  // The read under way, if any (`end` waits on it).
  #reading: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = undefined
  // Pieces read and not yet taken by a pull, in an array made when the first arrives (`undefined` when none are). A
  // web body that fails drops what it holds, so what arrived before a failure is kept here, and the failure after it.
  // An empty array made at each take and filled later outlived scavenges under load: V8 then allocated the arrays
  // of that site in the old generation, and every piece put in one went there with it (bench/RESULTS.md).
  #carried: Array<Uint8Array> | undefined = undefined
  #carriedBytes = 0
  // When the first piece carried arrived (a deadline passed since fails the pull instead).
  #carriedSince = 0
  #failure: { readonly cause: unknown } | undefined = undefined
  #ended = false
  // The stream is over (`end`, `close`): nothing more is read.
  #over = false
  // The pull waiting, and its failure when its wait is over.
  #waiting: Resume<E> | undefined = undefined
  #onTimeout: () => E
  // A check of the pull waiting is queued; a read settled since it was; the turns since one last settled.
  #checkQueued = false
  #moved = false
  #quiet = 0
  // When the pull waiting began to wait; whether the last wait ended with one piece that came later (`pacedAfter`).
  #waitedSince = 0
  #paced = false
  readonly #timer = new ReadTimer(() => this.#late())

  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  readonly #options: ReadOptions<E>

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>, options: ReadOptions<E>) {
    this.#reader = reader
    this.#options = options
    this.#idle = [Duration.toMillis(options.idle), options.onIdle]
    this.#onTimeout = options.onIdle
    this.pull = Effect.callback((resume) => this.#startPull(resume))
  }

  /** Stops reading: the stream's scope closed. */
  close(): void {
    if (!this.#ended) this.#options.onCut?.()
    this.#over = true
    this.#waiting = undefined
    this.#timer.clear()
    this.#reader.cancel().catch(ignore)
  }

  /**
   * Closes the body after its stream ended: a read already started is waited on, at most `endMillis`, and when it
   * is the body's end the connection goes back to the client's pool (a provider writes its body's end just after
   * its last event, often in a packet of its own). Anything else cancels it, as `close` does at once.
   */
  end(): void {
    const reading = this.#reading
    if (this.#ended || reading === undefined || this.#carried !== undefined) return this.close()
    this.#over = true
    this.#waiting = undefined
    this.#timer.clear()
    const late = setTimeout(() => this.close(), endMillis)
    // The wait never keeps a Node process alive on its own.
    if (typeof late === "object") late.unref()
    reading.then((result) => {
      clearTimeout(late)
      if (!result.done) this.close()
    }, () => clearTimeout(late))
  }

  /** Starts the next read, unless one is under way, the body is over or enough is carried. */
  #read(): void {
    if (this.#reading !== undefined || this.#over || this.#ended || this.#failure !== undefined) return
    if (this.#carriedBytes >= maxBatchBytes) return
    const read = this.#reader.read()
    this.#reading = read
    read.then(this.#onRead, this.#onFail)
  }

  /** A read settled with a piece or the body's end: the piece carried, the next read started. */
  readonly #onRead = (result: ReadableStreamReadResult<Uint8Array>): void => {
    this.#reading = undefined
    if (this.#over) return
    if (result.done) {
      this.#ended = true
    } else {
      if (this.#carried === undefined) {
        this.#carried = [result.value]
        this.#carriedSince = Date.now()
      } else this.#carried.push(result.value)
      this.#carriedBytes += result.value.length
      this.#read()
    }
    this.#settled()
  }

  /** A read failed: the failure kept for after the pieces before it. */
  readonly #onFail = (cause: unknown): void => {
    this.#reading = undefined
    if (this.#over) return
    this.#failure = { cause }
    this.#settled()
  }

  /** A read settled: the pull waiting is checked a microtask turn later. */
  #settled(): void {
    this.#moved = true
    if (this.#waiting === undefined || this.#checkQueued) return
    if (this.#paced) return this.#answer()
    this.#checkQueued = true
    this.#moved = false
    this.#quiet = 0
    turn.then(this.#check)
  }

  /**
   * Answers the pull waiting once a read under way has not settled for `quietTurns` turns of the microtask queue: a
   * read of a piece at hand settles within them (also from a body fed by its source's pull, as fetch's and undici's
   * are, whose next read settles once the source's pull has), so the pull takes the pieces already buffered too.
   */
  readonly #check = (): void => {
    this.#checkQueued = false
    if (this.#waiting === undefined) return
    this.#quiet = this.#moved ? 0 : this.#quiet + 1
    if (this.#reading !== undefined && this.#quiet < quietTurns) {
      this.#checkQueued = true
      this.#moved = false
      return void turn.then(this.#check)
    }
    this.#answer()
  }

  /** Answers the pull waiting with the pieces carried, or the failure or end after them. */
  #answer(): void {
    const resume = this.#waiting!
    const carried = this.#carried
    this.#paced = carried?.length === 1 && this.#carriedSince - this.#waitedSince >= pacedAfter
    const answer = carried !== undefined
      ? this.#take
      : this.#failure !== undefined
      ? Effect.fail(this.#options.onError(this.#failure.cause))
      : this.#ended
      ? Cause.done()
      : undefined
    // Nothing to hand on (a pull since took it: this one came after an interrupted one): it waits for the next read.
    if (answer === undefined) return
    this.#waiting = undefined
    resume(answer)
  }

  /** Fails the pull waiting: its wait is over (the read under way is carried for the next pull). */
  #late(): void {
    if (this.#waiting === undefined) return
    const resume = this.#waiting
    this.#waiting = undefined
    resume(Effect.fail(this.#onTimeout()))
  }

  /** The pieces carried, handed on (the carried list emptied, reading ahead again). */
  #takeCarried(): Pieces {
    const pieces = this.#carried as unknown as Pieces
    this.#carried = undefined
    this.#carriedBytes = 0
    this.#read()
    return pieces
  }

  /**
   * The pieces carried, taken when the pull waiting runs it: a pull since interrupted ignores its resumption (Effect
   * marks it resumed), so the pieces stay for the next pull, with no finalizer to push on every pull's stack.
   */
  readonly #take: Pull.Pull<Pieces, E> = Effect.sync(() => this.#takeCarried())

  /** Answers a pull with what is carried, the failure or end after it, or the next read (past a deadline, in time). */
  #startPull(resume: Resume<E>): void {
    const [wait, whenLate] = nextWait(this.#idle, this.#options.deadline)
    if (this.#carried !== undefined) {
      return resume(
        wait > 0 || arrivedInTime(this.#carriedSince, this.#options.deadline)
          ? Effect.succeed(this.#takeCarried())
          : Effect.fail(whenLate())
      )
    }
    if (this.#failure !== undefined) return resume(Effect.fail(this.#options.onError(this.#failure.cause)))
    if (this.#ended) return resume(Cause.done())
    if (wait === 0) return resume(Effect.fail(whenLate()))
    this.#waiting = resume
    this.#onTimeout = whenLate
    this.#waitedSince = Date.now()
    this.#timer.wait(this.#waitedSince + wait)
    this.#read()
  }
}

/** Reads a web body as a stream of byte pieces, batched, under `options`' timeouts. */
export const fromWebBody = <E>(
  body: ReadableStream<Uint8Array>,
  options: ReadOptions<E>
): Stream.Stream<Uint8Array, E> => fromReader(() => new BatchedReader(body.getReader(), options))

/** A body's reader: its pull, and how it is let go when its stream ends (`end`), fails or is interrupted (`close`). */
export interface Reader<E> {
  readonly pull: Pull.Pull<Pieces, E>
  end(): void
  close(): void
}

/** The pieces a reader reads, as a stream; at the scope's end closed at once on a failure, else left to end. */
export const fromReader = <E>(make: () => Reader<E>): Stream.Stream<Uint8Array, E> =>
  Stream.fromChannel(Channel.fromTransform((_, scope) =>
    Effect.suspend(() => {
      const reader = make()
      return Effect.as(
        Scope.addFinalizerExit(
          scope,
          (exit) => Effect.sync(() => Exit.isSuccess(exit) ? reader.end() : reader.close())
        ),
        reader.pull
      )
    })
  ))

/**
 * A body's bytes whole, read piece by piece and refused with `tooLarge()` as soon as they pass `max` bytes: a body
 * that states no length, or a wrong one, is read no further than past it.
 */
export const bytesUpTo = <E, E2>(
  body: Stream.Stream<Uint8Array, E>,
  max: number,
  tooLarge: () => E2
): Effect.Effect<Uint8Array, E | E2> =>
  Effect.suspend(() => {
    const parts: Array<Uint8Array> = []
    let size = 0
    return Effect.as(
      Stream.runForEach(
        body,
        (part) => (size += part.length) > max ? Effect.fail(tooLarge()) : Effect.sync(() => void parts.push(part))
      ),
      parts
    ).pipe(Effect.map(BodyWriter.concatBytes))
  })
