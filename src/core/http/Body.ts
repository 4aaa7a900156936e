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
import { ReadTimer } from "./ReadTimer.js"

/** The most bytes one pull takes from what is already buffered. */
const maxBatchBytes = 256 * 1024

/** How long a body whose stream ended may take to end by itself before it is cancelled (`BatchedReader.end`). */
export const endMillis = 1000

const ignore = (): void => undefined

/** The web body of a response, when it has one (fetch-backed responses). */
export const webBody = (response: HttpClientResponse.HttpClientResponse): ReadableStream<Uint8Array> | undefined => {
  const web = HttpClientResponse.toWeb(response)
  return Option.isSome(web) && web.value.body !== null ? web.value.body : undefined
}

/** A deadline besides the idle timeout: `at()` is when the stream must have moved on, `undefined` once it has. */
export interface Deadline<E> {
  readonly at: () => number | undefined
  readonly onDeadline: () => E
}

/** How long the next read may wait, and its failure: the idle timeout, or less when a deadline comes first. */
export const nextWait = <E>(
  idleMillis: number,
  onIdle: () => E,
  deadline: Deadline<E> | undefined
): readonly [millis: number, onTimeout: () => E] => {
  const at = deadline?.at()
  if (at === undefined) return [idleMillis, onIdle]
  const left = at - Date.now()
  return left < idleMillis ? [Math.max(0, left), deadline!.onDeadline] : [idleMillis, onIdle]
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
}

/** What one pull of a body reads: every piece already received, at least one. */
export type Pieces = Arr.NonEmptyReadonlyArray<Uint8Array>
type Resume<E> = (effect: Pull.Pull<Pieces, E>) => void

/** Reads one web body in batches: the read under way, the pull waiting on it, and the body's one idle timer. */
class BatchedReader<E> implements Reader<E> {
  /** Pulls the next batch of pieces (the stream's pull). */
  readonly pull: Pull.Pull<Pieces, E>
  readonly #idleMillis: number
  // The read under way that no pull waits on (a pull's probe, or a read a pull left when it timed out or was
  // interrupted): the next pull continues with it, and until then it reads ahead (`#readAhead`).
  #pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = undefined
  // Pieces read while no pull waited, up to `maxBatchBytes`: the next pull hands them on first. A web body that
  // fails drops what it holds, so what arrived before a failure is kept here, and the failure after it.
  #carried: Array<Uint8Array> = []
  #carriedBytes = 0
  // When the first piece carried arrived (a deadline passed since fails the pull instead).
  #carriedSince = 0
  #failure: { readonly cause: unknown } | undefined = undefined
  #ended = false
  // The stream is over (`end`, `close`): nothing more is read ahead.
  #over = false
  // The pull waiting, the read it waits on, and the failure when its wait is over.
  #waiting: Resume<E> | undefined = undefined
  #awaited: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = undefined
  #onTimeout: () => E
  readonly #timer = new ReadTimer(() => this.#late())

  readonly #reader: ReadableStreamDefaultReader<Uint8Array>
  readonly #options: ReadOptions<E>

  constructor(reader: ReadableStreamDefaultReader<Uint8Array>, options: ReadOptions<E>) {
    this.#reader = reader
    this.#options = options
    this.#idleMillis = Duration.toMillis(options.idle)
    this.#onTimeout = options.onIdle
    this.pull = Effect.callback((resume) => this.#startPull(resume))
  }

  /** Stops reading: the stream's scope closed. */
  close(): void {
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
    const pending = this.#pending
    if (this.#ended || pending === undefined || this.#carried.length > 0) return this.close()
    this.#over = true
    this.#waiting = undefined
    this.#timer.clear()
    const late = setTimeout(() => this.close(), endMillis)
    // The wait never keeps a Node process alive on its own.
    if (typeof late === "object") late.unref()
    pending.then((result) => {
      clearTimeout(late)
      if (!result.done) this.close()
    }, () => clearTimeout(late))
  }

  /** Fails the pull waiting: its wait is over. */
  #late(): void {
    if (this.#waiting === undefined) return
    const resume = this.#waiting
    this.#waiting = undefined
    if (this.#awaited !== undefined) this.#readAhead(this.#awaited)
    resume(Effect.fail(this.#onTimeout()))
  }

  /**
   * Keeps `read`, a read no pull waits on, for the next pull; until a pull takes it, what it reads is carried and
   * the next read started, up to `maxBatchBytes` (the body's own backpressure holds the rest), and a failure is
   * kept for after the pieces before it.
   */
  #readAhead(read: Promise<ReadableStreamReadResult<Uint8Array>>): void {
    this.#pending = read
    read.then((result) => {
      if (this.#pending !== read || this.#over) return
      this.#pending = undefined
      if (result.done) {
        this.#ended = true
        return
      }
      this.#carry([result.value], result.value.length)
      if (this.#carriedBytes < maxBatchBytes) this.#readAhead(this.#reader.read())
    }, (cause) => {
      if (this.#pending !== read || this.#over) return
      this.#pending = undefined
      this.#failure = { cause }
    })
  }

  /** Keeps `pieces`, read while no pull waited, for the next pull. */
  #carry(pieces: ReadonlyArray<Uint8Array>, bytes: number): void {
    if (this.#carried.length === 0) this.#carriedSince = Date.now()
    for (const piece of pieces) this.#carried.push(piece)
    this.#carriedBytes += bytes
  }

  /** The pieces carried, handed on (the carried list emptied). */
  #takeCarried(): Pieces {
    const pieces = this.#carried as unknown as Pieces
    this.#carried = []
    this.#carriedBytes = 0
    return pieces
  }

  /** Answers a pull with what is carried, the failure or end after it, or the next read (past a deadline, in time). */
  #startPull(resume: Resume<E>): Effect.Effect<void> | void {
    const [wait, whenLate] = nextWait(this.#idleMillis, this.#options.onIdle, this.#options.deadline)
    if (this.#carried.length > 0) {
      return resume(
        wait > 0 || arrivedInTime(this.#carriedSince, this.#options.deadline)
          ? Effect.succeed(this.#takeCarried())
          : Effect.fail(whenLate())
      )
    }
    if (this.#failure !== undefined) return resume(Effect.fail(this.#options.onError(this.#failure.cause)))
    if (this.#ended) return resume(Cause.done())
    if (wait === 0) return resume(Effect.fail(whenLate()))
    const first = this.#pending ?? this.#reader.read()
    this.#pending = undefined
    this.#waiting = resume
    this.#awaited = first
    this.#onTimeout = whenLate
    this.#timer.wait(Date.now() + wait)
    const fail = (cause: unknown) => {
      if (this.#waiting !== resume) return
      this.#waiting = undefined
      resume(Effect.fail(this.#options.onError(cause)))
    }
    let settled = false
    first.then((result) => {
      settled = true
      return this.#answer(resume, result)
    }, fail).catch(fail)
    // An interrupted pull hands nothing on: the read it waited on goes to the next one.
    return Effect.sync(() => {
      if (this.#waiting !== resume) return
      this.#waiting = undefined
      if (!settled) this.#readAhead(first)
    })
  }

  /** Answers the pull waiting with the piece read and every piece already buffered behind it (or the end). */
  async #answer(resume: Resume<E>, result: ReadableStreamReadResult<Uint8Array>): Promise<void> {
    if (this.#waiting !== resume) return
    if (result.done) {
      this.#waiting = undefined
      this.#ended = true
      return resume(Cause.done())
    }
    const pieces: [Uint8Array, ...Array<Uint8Array>] = [result.value]
    let bytes = result.value.length
    // Take what is already buffered: a read of a piece at hand settles within a turn of the microtask queue
    // (also from a body fed by its source's pull, as fetch's and undici's are); a read that does not is kept
    // for the next pull. (A flag set by the read, not a race against a timer promise: a race allocates
    // several promises per piece, which dominates tiny pieces.)
    while (bytes < maxBatchBytes) {
      const next = this.#reader.read()
      let buffered: ReadableStreamReadResult<Uint8Array> | undefined
      next.then((read) => {
        buffered = read
      }, ignore)
      await undefined
      if (buffered === undefined) {
        this.#readAhead(next)
        break
      }
      if (buffered.done) {
        this.#ended = true
        break
      }
      pieces.push(buffered.value)
      bytes += buffered.value.length
    }
    if (this.#waiting !== resume) return this.#carry(pieces, bytes)
    this.#waiting = undefined
    resume(Effect.succeed(pieces))
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
