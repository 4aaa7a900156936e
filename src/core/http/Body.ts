/**
 * Reading a response body in batches.
 *
 * A fetch-backed response (`FetchHttpClient`, `HttpClientResponse.fromWeb`) streams its body one network
 * piece per Effect step, which costs several microseconds per piece: on a stream delivered in tiny pieces
 * that dominates everything else. Its web `ReadableStream` (reached with the public
 * `HttpClientResponse.toWeb`) is read here with a plain loop instead: each pull waits for one piece, then
 * takes every piece that is already buffered, up to a bound, and emits them as one array. Reading happens
 * only when the consumer pulls (one read at most under way ahead of it), so backpressure is kept and memory
 * stays bounded. The idle timeout is one timer per body, set again only when it fires before its pull is due:
 * under load every model delta is a read of its own, and a timer per pull (or an `async` frame, or a probing
 * read per pull) would cost more than the piece (`ReadTimer`). A Node body (node:http's, undici's) is read the
 * same way by `NodeBody`.
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

/**
 * A deadline a body's reads must meet besides the idle timeout: `at()` is the time (epoch milliseconds) by which
 * the stream must have moved on (the first content, decided above the body), or `undefined` once it has.
 */
export interface Deadline<E> {
  readonly at: () => number | undefined
  readonly onDeadline: () => E
}

/**
 * How long the next read may wait, and the failure when it does not settle in time: the idle timeout, or less
 * when a deadline comes first (`0` when it has passed).
 */
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
  // A read started by an earlier pull that had not finished (it timed out, or was interrupted): the next pull
  // continues with it, so no piece is lost.
  #pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined = undefined
  // Pieces a pull interrupted while it gathered them had read: the next pull hands them on first.
  #carried: Pieces | undefined = undefined
  #ended = false
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
    this.#waiting = undefined
    this.#timer.clear()
    this.#reader.cancel().catch(ignore)
  }

  /**
   * Closes the body after its stream ended (the provider's last event read, or the consumer took what it wanted):
   * a read already started is waited on, at most `endMillis`, and the body left to end by itself when that read
   * is its end, so that the connection goes back to the client's pool rather than being closed (a provider writes
   * its body's end just after its last event, often in a packet of its own). Anything else read, a failure or the
   * wait running out cancels it, as `close` does at once.
   */
  end(): void {
    const pending = this.#pending
    if (this.#ended || pending === undefined) return this.close()
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
    this.#pending = this.#awaited
    resume(Effect.fail(this.#onTimeout()))
  }

  /** Answers a pull with what is carried, the end, or the next read (continuing one an earlier pull left). */
  #startPull(resume: Resume<E>): Effect.Effect<void> | void {
    if (this.#carried !== undefined) {
      const pieces = this.#carried
      this.#carried = undefined
      return resume(Effect.succeed(pieces))
    }
    if (this.#ended) return resume(Cause.done())
    const [wait, whenLate] = nextWait(this.#idleMillis, this.#options.onIdle, this.#options.deadline)
    // A deadline that has passed fails the read at once, however busy the connection is (keep-alives).
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
      if (!settled) this.#pending = first
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
        this.#pending = next
        break
      }
      if (buffered.done) {
        this.#ended = true
        break
      }
      pieces.push(buffered.value)
      bytes += buffered.value.length
    }
    if (this.#waiting !== resume) {
      this.#carried = pieces
      return
    }
    this.#waiting = undefined
    resume(Effect.succeed(pieces))
  }
}

/**
 * Reads a web body as a stream of byte pieces, batched; `onError` turns a read failure into the stream's error
 * and `onIdle` is the failure after `idle` without a piece (or `deadline`'s, when it comes first).
 */
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

/**
 * The pieces the reader `make` returns reads, as a stream (a reader per run). The reader is let go when the
 * stream's scope closes (a finalizer on the scope, as `StreamStart.ensuringWith` adds one, written out here so that
 * a call's stream needs nothing more): closed at once when the stream failed or was interrupted, else left a moment
 * to end by itself, keeping its connection.
 */
export const fromReader = <E>(make: () => Reader<E>): Stream.Stream<Uint8Array, E> =>
  Stream.suspend(() => {
    const reader = make()
    return Stream.fromChannel(Channel.fromTransform((_, scope) =>
      Effect.as(
        Scope.addFinalizerExit(
          scope,
          (exit) => Effect.sync(() => Exit.isSuccess(exit) ? reader.end() : reader.close())
        ),
        reader.pull
      )
    ))
  })
