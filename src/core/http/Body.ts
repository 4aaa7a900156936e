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
 * read per pull) would cost more than the piece. Other responses (undici, node:http) use `response.stream`,
 * which already takes everything Node has buffered in one step.
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Option from "effect/Option"
import type * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"

/** The most bytes one pull takes from what is already buffered. */
const maxBatchBytes = 256 * 1024

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

/**
 * A web body as a stream of byte pieces, batched; `onError` turns a read failure into the stream's error
 * and `onIdle` is the failure after `idle` without a piece (or `deadline`'s, when it comes first).
 */
export const fromWebBody = <E>(
  body: ReadableStream<Uint8Array>,
  options: {
    readonly idle: Duration.Duration
    readonly onIdle: () => E
    readonly onError: (cause: unknown) => E
    readonly deadline?: Deadline<E> | undefined
  }
): Stream.Stream<Uint8Array, E> =>
  Stream.suspend(() => {
    const reader = body.getReader()
    const idleMillis = Duration.toMillis(options.idle)
    // A read started by an earlier pull that had not finished (it timed out, or was interrupted): the next pull
    // continues with it, so no piece is lost.
    let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined
    // Pieces a pull interrupted while it gathered them had read: the next pull hands them on first.
    let carried: Arr.NonEmptyReadonlyArray<Uint8Array> | undefined
    let ended = false
    // The pull waiting, the read it waits on, when that wait ends and the failure then.
    let waiting: ((effect: Pull.Pull<Arr.NonEmptyReadonlyArray<Uint8Array>, E>) => void) | undefined
    let awaited: Promise<ReadableStreamReadResult<Uint8Array>> | undefined
    let dueAt = 0
    let onTimeout: () => E = options.onIdle
    // One timer per body, not per pull: when it fires early (the pull it was set for was answered), it is set
    // again for the pull waiting now, if any.
    let timer: ReturnType<typeof setTimeout> | undefined
    let timerAt = Infinity

    const arm = (at: number): void => {
      if (timer !== undefined && timerAt <= at) return
      if (timer !== undefined) clearTimeout(timer)
      timerAt = at
      timer = setTimeout(onTimer, Math.max(0, at - Date.now()))
    }
    const onTimer = (): void => {
      timer = undefined
      timerAt = Infinity
      if (waiting === undefined) return
      if (Date.now() < dueAt) return arm(dueAt)
      const resume = waiting
      waiting = undefined
      pending = awaited
      resume(Effect.fail(onTimeout()))
    }

    const pull: Pull.Pull<Arr.NonEmptyReadonlyArray<Uint8Array>, E> = Effect.callback((resume) => {
      if (carried !== undefined) {
        const pieces = carried
        carried = undefined
        return resume(Effect.succeed(pieces))
      }
      if (ended) return resume(Cause.done())
      const [wait, whenLate] = nextWait(idleMillis, options.onIdle, options.deadline)
      // A deadline that has passed fails the read at once, however busy the connection is (keep-alives).
      if (wait === 0) return resume(Effect.fail(whenLate()))
      const first = pending ?? reader.read()
      pending = undefined
      waiting = resume
      awaited = first
      dueAt = Date.now() + wait
      onTimeout = whenLate
      arm(dueAt)
      const fail = (cause: unknown) => {
        if (waiting !== resume) return
        waiting = undefined
        resume(Effect.fail(options.onError(cause)))
      }
      let settled = false
      first.then(async (result) => {
        settled = true
        if (waiting !== resume) return
        if (result.done) {
          waiting = undefined
          ended = true
          return resume(Cause.done())
        }
        const pieces: [Uint8Array, ...Array<Uint8Array>] = [result.value]
        let bytes = result.value.length
        // Take what is already buffered: a read of a piece at hand settles within a turn of the microtask queue
        // (also from a body fed by its source's pull, as fetch's and undici's are); a read that does not is kept
        // for the next pull. (A flag set by the read, not a race against a timer promise: a race allocates
        // several promises per piece, which dominates tiny pieces.)
        while (bytes < maxBatchBytes) {
          const next = reader.read()
          let buffered: ReadableStreamReadResult<Uint8Array> | undefined
          next.then((read) => {
            buffered = read
          }, ignore)
          await undefined
          if (buffered === undefined) {
            pending = next
            break
          }
          if (buffered.done) {
            ended = true
            break
          }
          pieces.push(buffered.value)
          bytes += buffered.value.length
        }
        if (waiting !== resume) {
          carried = pieces
          return
        }
        waiting = undefined
        resume(Effect.succeed(pieces))
      }, fail).catch(fail)
      // An interrupted pull hands nothing on: the read it waited on goes to the next one.
      return Effect.sync(() => {
        if (waiting !== resume) return
        waiting = undefined
        if (!settled) pending = first
      })
    })

    // The reader is cancelled when the stream's scope closes (a finalizer on the scope: `Stream.ensuring` is a
    // stage of its own, several times the cost on a short call).
    return Stream.fromChannel(Channel.fromTransform((_, scope) =>
      Effect.as(
        Scope.addFinalizer(
          scope,
          Effect.sync(() => {
            waiting = undefined
            if (timer !== undefined) clearTimeout(timer)
            reader.cancel().catch(ignore)
          })
        ),
        pull
      )
    ))
  })

/**
 * The body of `response` as a stream of byte pieces: batched from the web body when there is one, else
 * `fallback`.
 */
export const stream = <E>(
  response: HttpClientResponse.HttpClientResponse,
  options: {
    readonly idle: Duration.Duration
    readonly onIdle: () => E
    readonly onError: (cause: unknown) => E
    readonly deadline?: Deadline<E> | undefined
    /** The body of a response without a web body (made only then). */
    readonly fallback: () => Stream.Stream<Uint8Array, E>
  }
): Stream.Stream<Uint8Array, E> => {
  const body = webBody(response)
  return body === undefined ? options.fallback() : fromWebBody(body, options)
}
