/**
 * Reading a response body in batches.
 *
 * `HttpClientResponse.stream` pulls one network piece per Effect step, which costs several microseconds
 * per piece: on a stream delivered in tiny pieces that dominates everything else. When the response
 * exposes its underlying body (a web `ReadableStream` from fetch, a Node readable from undici or
 * node:http), this reads it with a plain loop instead: each pull waits for one piece, then takes every
 * piece that is already buffered, up to a bound, and emits them as one Chunk. Reading happens only when
 * the consumer pulls, so backpressure is kept and memory stays bounded. The idle timeout is one timer per
 * pull, not per piece. Other responses fall back to `response.stream`.
 *
 * @internal
 */
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** The most bytes one pull takes from what is already buffered. */
const maxBatchBytes = 256 * 1024

interface Reader {
  /** The next piece, as the underlying reader reports it (not wrapped: that would delay it a tick). */
  readonly read: () => Promise<IteratorResult<Uint8Array, unknown>>
  readonly cancel: () => void
}

const webReader = (body: ReadableStream<Uint8Array>): Reader => {
  const reader = body.getReader()
  return {
    read: () => reader.read() as Promise<IteratorResult<Uint8Array, unknown>>,
    cancel: () => {
      reader.cancel().catch(() => undefined)
    }
  }
}

const iterableReader = (body: AsyncIterable<Uint8Array>): Reader => {
  const iterator = body[Symbol.asyncIterator]()
  return {
    read: () => iterator.next(),
    cancel: () => {
      void iterator.return?.()
    }
  }
}

const readerOf = (response: HttpClientResponse.HttpClientResponse): Reader | undefined => {
  const body = (response as unknown as { readonly source?: { readonly body?: unknown } }).source?.body
  if (typeof ReadableStream !== "undefined" && body instanceof ReadableStream) return webReader(body)
  if (typeof body === "object" && body !== null && Symbol.asyncIterator in body) {
    return iterableReader(body as AsyncIterable<Uint8Array>)
  }
  return undefined
}

const notYet: unique symbol = Symbol("notYet")

/**
 * Settles a few microtask turns from now: a read of an already-buffered piece settles before it (a web
 * reader at once, Node's async iterator within a couple of turns); a read waiting for the network does not.
 */
const soon = (): Promise<typeof notYet> =>
  Promise.resolve().then(() => undefined).then(() => undefined).then(() => notYet)

/**
 * The body of `response` as a stream of byte pieces, batched; `onError` turns a read failure into the
 * stream's error and `onIdle` is the failure after `idle` without a piece.
 */
export const stream = <E>(
  response: HttpClientResponse.HttpClientResponse,
  options: {
    readonly idle: Duration.Duration
    readonly onIdle: () => E
    readonly onError: (cause: unknown) => E
    readonly fallback: Stream.Stream<Uint8Array, E>
  }
): Stream.Stream<Uint8Array, E> => {
  const reader = readerOf(response)
  if (reader === undefined) return options.fallback
  const idleMillis = Duration.toMillis(options.idle)
  // A read started by the previous pull that had not finished; the next pull continues with it.
  let pending: Promise<IteratorResult<Uint8Array, unknown>> | undefined
  let ended = false

  const pull = Effect.async<Chunk.Chunk<Uint8Array>, Option.Option<E>>((resume) => {
    if (ended) return resume(Effect.fail(Option.none()))
    const first = pending ?? reader.read()
    pending = undefined
    let settled = false
    const timer = setTimeout(() => {
      if (settled) return
      settled = true
      pending = first
      resume(Effect.fail(Option.some(options.onIdle())))
    }, idleMillis)
    const fail = (cause: unknown) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resume(Effect.fail(Option.some(options.onError(cause))))
    }
    first.then(async (result) => {
      if (settled) return
      clearTimeout(timer)
      if (result.done) {
        settled = true
        ended = true
        return resume(Effect.fail(Option.none()))
      }
      const pieces = [result.value]
      let bytes = result.value.length
      // Take what is already buffered: a read that does not settle at once is kept for the next pull.
      while (bytes < maxBatchBytes) {
        const next = reader.read()
        const buffered = await Promise.race([next, soon()])
        if (buffered === notYet) {
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
      settled = true
      resume(Effect.succeed(Chunk.unsafeFromArray(pieces)))
    }, fail).catch(fail)
  })

  return Stream.repeatEffectChunkOption(pull).pipe(Stream.ensuring(Effect.sync(() => reader.cancel())))
}
