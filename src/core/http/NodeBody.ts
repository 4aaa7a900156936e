/**
 * Reading a Node response body (`NodeHttpClient.layerNodeHttp`'s `IncomingMessage`, `layerUndici`'s body) in
 * batches, as `Body.fromWebBody` reads a web one.
 *
 * Each pull takes all the body holds with one `read()`, waiting for its `readable` event only when it holds
 * nothing; the idle timeout is one timer per body (`ReadTimer`). An interrupted pull loses nothing.
 *
 * Why the library keeps a reader of its own rather than the platform's `response.stream` (measured both ways,
 * bench/RESULTS.md, "Borrowing the platform"): through `response.stream` a served answer cost 1.5 times the server's
 * CPU (17.5 against 11.4 ms per answer), and a body whose events end before its last bytes closed its connection, so
 * that every call opened one (test/core/ConnectionReuse.test.ts, the one suite that fails without this reader).
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import * as Body from "./Body.js"
import { ReadTimer } from "./ReadTimer.js"

/** The part of a Node `Readable` the reader uses (so that the library's types never name Node's). */
export interface NodeReadable {
  read(): Uint8Array | null
  /** The bytes it holds (a stream without the member is read to find out). */
  readonly readableLength?: number | undefined
  on(event: "readable" | "end" | "close", listener: () => void): unknown
  on(event: "error", listener: (error: unknown) => void): unknown
  destroy(): unknown
  readonly readableEnded: boolean
  readonly destroyed: boolean
}

/** Whether `value` reads as a Node `Readable` (by the members the reader uses). */
const isNodeReadable = (value: unknown): value is NodeReadable =>
  typeof value === "object" && value !== null && typeof (value as NodeReadable).read === "function" &&
  typeof (value as NodeReadable).on === "function" && typeof (value as NodeReadable).destroy === "function" &&
  typeof (value as NodeReadable).readableEnded === "boolean"

/**
 * The Node body of a response, when it has one: the `source` of `@effect/platform-node`'s responses, or its
 * `body` (`layerUndici`), behind Effect's wrapper's `original`: not a public name, so a release that renames it
 * leaves these bodies to `response.stream`, slower but right (test/core/ConnectionReuse.test.ts then fails).
 */
export const nodeBody = (response: object): NodeReadable | undefined => {
  const original = (response as { readonly original?: unknown }).original
  const source = (typeof original === "object" && original !== null ?
    original as { readonly source?: unknown } :
    response as { readonly source?: unknown }).source
  if (isNodeReadable(source)) return source
  const body = typeof source === "object" && source !== null ? (source as { readonly body?: unknown }).body : undefined
  return isNodeReadable(body) ? body : undefined
}

type Pieces = Body.Pieces
type Resume<E> = (effect: Pull.Pull<Pieces, E>) => void

/** Reads one Node body: the pull waiting, the body's one idle timer, and how the body ended. */
class NodeBodyReader<E> implements Body.Reader<E> {
  /** Pulls the next batch (the stream's pull). */
  readonly pull: Pull.Pull<Pieces, E>
  // Held while the body is read: Effect's client aborts a request whose response is garbage-collected.
  readonly response: object
  readonly #body: NodeReadable
  readonly #options: Body.ReadOptions<E>
  readonly #idle: Body.Wait<E>
  readonly #timer = new ReadTimer(() => this.#late())
  #waiting: Resume<E> | undefined = undefined
  #onTimeout: () => E
  #ended = false
  #failure: E | undefined = undefined
  // When the body began to hold pieces no pull waited for (its `readable` event), else the last take (the pieces
  // came after it): a deadline passed since fails the pull instead.
  #bufferedSince: number | undefined = undefined
  #takenAt: number | undefined = undefined
  // After the stream ended: the body is left a moment to end by itself (`end`); this closes it if it does not.
  #closing: ReturnType<typeof setTimeout> | undefined = undefined

  constructor(response: object, body: NodeReadable, options: Body.ReadOptions<E>) {
    this.response = response
    this.#body = body
    this.#options = options
    this.#idle = [Duration.toMillis(options.idle), options.onIdle]
    this.#onTimeout = options.onIdle
    this.pull = Effect.callback((resume) => this.#startPull(resume))
    // A body that has already ended emits no `end` again.
    this.#ended = body.readableEnded
    body.on("readable", this.#onReadable)
    body.on("end", this.#onEnd)
    body.on("error", this.#onError)
    body.on("close", this.#onClose)
  }

  /** Stops reading: the stream failed or was interrupted. */
  close(): void {
    this.#waiting = undefined
    this.#timer.clear()
    if (this.#closing !== undefined) clearTimeout(this.#closing)
    this.#body.destroy()
  }

  /** Leaves the body to end by itself, as `Body.fromWebBody` does; anything else, or a second's wait, closes it. */
  end(): void {
    this.#waiting = undefined
    this.#timer.clear()
    if (this.#ended || this.#body.destroyed) return
    this.#closing = setTimeout(() => this.close(), Body.endMillis)
    // The wait never keeps a Node process alive on its own.
    if (typeof this.#closing === "object") this.#closing.unref()
    this.#onReadable()
  }

  /** Answers a pull with what is buffered, the failure or end, or waits (only in time past a deadline). */
  #startPull(resume: Resume<E>): void {
    const [wait, whenLate] = Body.nextWait(this.#idle, this.#options.deadline)
    const since = this.#bufferedSince ?? this.#takenAt
    const pieces = this.#take()
    if (pieces !== undefined) {
      return resume(
        wait > 0 || Body.arrivedInTime(since, this.#options.deadline) ? Effect.succeed(pieces) : Effect.fail(whenLate())
      )
    }
    if (this.#failure !== undefined) return resume(Effect.fail(this.#failure))
    if (this.#ended) return resume(Cause.done())
    if (wait === 0) return resume(Effect.fail(whenLate()))
    this.#waiting = resume
    this.#onTimeout = whenLate
    this.#timer.wait(Date.now() + wait)
  }

  /**
   * What the body holds, taken when the pull waiting runs it (else it waits again): a pull since interrupted ignores
   * its resumption (Effect marks it resumed), so the pieces stay for the next pull, with no finalizer to push on
   * every pull's stack.
   */
  readonly #taken: Pull.Pull<Pieces, E> = Effect.suspend(() => {
    const pieces = this.#take()
    return pieces === undefined ? this.pull : Effect.succeed(pieces)
  })

  /** Everything the body holds, or `undefined` when it holds nothing. */
  #take(): Pieces | undefined {
    // A body that failed or was closed still hands on what it received before: it comes before the failure.
    const piece = this.#body.read()
    if (piece === null) return undefined
    this.#bufferedSince = undefined
    this.#takenAt = Date.now()
    return [piece]
  }

  /** Hands the pull waiting `answer`. */
  #answer(answer: Pull.Pull<Pieces, E>): void {
    const resume = this.#waiting
    if (resume === undefined) return
    this.#waiting = undefined
    resume(answer)
  }

  readonly #onReadable = (): void => {
    if (this.#closing !== undefined) {
      if (this.#take() !== undefined) this.close()
      return
    }
    if (this.#waiting === undefined) {
      this.#bufferedSince ??= Date.now()
      return
    }
    if (this.#body.readableLength !== 0) this.#answer(this.#taken)
    // Nothing held: the body's end (a last chunk alone, after a pause) emits `end` only once `read` is called.
    else this.#body.read()
  }

  readonly #onEnd = (): void => {
    this.#ended = true
    if (this.#closing !== undefined) clearTimeout(this.#closing)
    this.#answer(Cause.done())
  }

  readonly #onError = (cause: unknown): void => {
    this.#fail(this.#options.onError(cause))
  }

  /** A body closed before its end: the connection broke. */
  readonly #onClose = (): void => {
    if (!this.#ended) this.#fail(this.#options.onError(new Error("the connection closed before the body ended")))
  }

  #fail(failure: E): void {
    if (this.#failure !== undefined || this.#ended) return
    this.#failure = failure
    this.#answer(Effect.fail(failure))
  }

  /** The wait is over: the pull waiting fails with the idle timeout (or the deadline's failure). */
  #late(): void {
    this.#answer(Effect.fail(this.#onTimeout()))
  }
}

/** Reads a Node body as a stream of byte pieces, batched, under `options`' timeouts. */
export const fromNodeBody = <E>(
  response: object,
  body: NodeReadable,
  options: Body.ReadOptions<E>
): Stream.Stream<Uint8Array, E> => Body.fromReader(() => new NodeBodyReader(response, body, options))
