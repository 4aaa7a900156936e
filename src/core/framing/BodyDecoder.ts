/**
 * The synchronous core of every provider: a response body's bytes in, chunks out, with the provider's
 * framing, event decoding, end-of-stream marker and truncation rules, and no Effect at all. The stream
 * of a call runs one `BodyDecoder` in a single stage; tests drive it directly, a byte at a time.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import type * as Stream from "effect/Stream"
import * as ProviderError from "../ProviderError.js"
import * as Transducer from "../stream/Transducer.js"
import * as LiveShapes from "./LiveShapes.js"

/** The end-of-stream marker was decoded: the response is complete and nothing after it is read. */
export const complete: unique symbol = Symbol.for("effect-llm-stream/internal/BodyDecoder/complete")

/** `undefined`: more input is wanted; `complete`; or the error the stream fails with. */
export type Status = undefined | typeof complete | ProviderError.ProviderError

/** A decoder of one response body, fresh for each response. */
export interface BodyDecoder<A> {
  /** Decodes one piece of the body; the values it completes are pushed to `out`, also before a failure. */
  readonly push: (piece: Uint8Array, out: Array<A>) => Status
  /** The body ended; a body that ends before its end-of-stream marker is a truncated response. */
  readonly end: (out: Array<A>) => Status
}

/** What a provider's event decoder makes of one event. */
export type Decoded<C> = C | typeof skip | typeof done | Failure

/** The event carries nothing for the user (keep-alive, unknown event type). */
export const skip: unique symbol = Symbol.for("effect-llm-stream/internal/skip")

/** The event is the provider's end-of-stream marker. */
export const done: unique symbol = Symbol.for("effect-llm-stream/internal/done")

/** The event is an error: the stream fails with it after the chunks before it. */
export class Failure {
  readonly error: ProviderError.ProviderError
  constructor(error: ProviderError.ProviderError) {
    this.error = error
  }
}

/** A provider's event decoder, fresh for each stream. */
export interface EventDecoder<Ev, C> {
  readonly decode: (event: Ev) => Decoded<C>
  /**
   * Whether the stream is complete after the chunk just decoded, for providers whose end-of-stream
   * marker is itself a chunk (Anthropic's `message_stop`) or a state (Bedrock's `messageStop` followed by
   * `metadata`); or the error it fails with after that chunk (Gemini's blocked prompt, whose chunk carries
   * the billed usage). Without it, only a `done` result ends the stream.
   */
  readonly complete?: (() => boolean | ProviderError.ProviderError) | undefined
  /**
   * Whether a body that ends now is complete, for providers that send no end-of-stream marker (Gemini:
   * the last candidate event carried a finish reason); or the error it fails with (a Chat Completions host that
   * said the answer failed, then closed without its marker). Without it, a body ending before the marker is
   * truncated.
   */
  readonly completeAtEnd?: (() => boolean | ProviderError.ProviderError) | undefined
}

/** A framer: bytes into events (SSE events, event-stream messages), synchronously. */
export interface Framer<Ev> {
  /** Frames one piece; complete events are pushed to `out`, also before a failure. */
  readonly push: (piece: Uint8Array, out: Array<Ev>) => ProviderError.ProviderError | undefined
  /** The body ended: a failure when it ended inside an event that must not be dropped. */
  readonly end: (out: Array<Ev>) => ProviderError.ProviderError | undefined
}

/** The failure of a body that ends before the provider's end-of-stream marker. */
export const truncated = (provider: string): ProviderError.TruncatedStreamError =>
  new ProviderError.TruncatedStreamError({
    provider,
    message: `${provider}: the response ended before the end-of-stream marker; the output is incomplete`
  })

/**
 * The most bytes a response body may hold: far past any answer (a Gemini image model's drafts and 4K image, a Responses
 * image's partial images), so that a host that streams without end fails rather than grows what the call keeps.
 */
export const maxResponseBytes = 256 * 2 ** 20

/** The failure of a body past `maxBytes`. */
export const tooLarge = (provider: string, maxBytes: number): ProviderError.MalformedPayloadError =>
  new ProviderError.MalformedPayloadError({
    provider,
    message: `${provider}: the response went on past ${maxBytes} bytes; the host sends without end`,
    raw: ""
  })

/**
 * Makes a body decoder from a framer and an event decoder: decoding stops at the end-of-stream marker, an error
 * event fails the stream after the chunks before it, a body that ends before the marker is truncated, and one past
 * `maxBytes` (default `maxResponseBytes`) fails. `each`, when given, makes what is handed on of each decoded value (a
 * provider's chunks get their calls' ids there: `CallIds.given`).
 */
export const make = <Ev, C>(
  provider: string,
  framer: Framer<Ev>,
  decoder: EventDecoder<Ev, C>,
  each: (value: C) => C = same,
  maxBytes = maxResponseBytes
): BodyDecoder<C> => {
  LiveShapes.keepOnce(Decoding, () => new Decoding("", { push: ignore, end: ignore }, { decode: () => skip }, same, 0))
  return new Decoding(provider, framer, decoder, each, maxBytes)
}

const ignore = (): undefined => undefined

const same = <C>(value: C): C => value

/** A body decoder: a class, so that its compiled code outlives each stream (`LiveShapes`). */
class Decoding<Ev, C> implements BodyDecoder<C> {
  readonly #events: Array<Ev> = []
  #status: Status = undefined
  readonly #provider: string
  readonly #framer: Framer<Ev>
  readonly #decoder: EventDecoder<Ev, C>
  readonly #each: (value: C) => C
  /** The bytes the body may still hold. */
  #room: number
  readonly #maxBytes: number
  constructor(
    provider: string,
    framer: Framer<Ev>,
    decoder: EventDecoder<Ev, C>,
    each: (value: C) => C,
    maxBytes: number
  ) {
    this.#provider = provider
    this.#framer = framer
    this.#decoder = decoder
    this.#each = each
    this.#room = maxBytes
    this.#maxBytes = maxBytes
  }

  push(piece: Uint8Array, out: Array<C>): Status {
    if (this.#status !== undefined) return this.#status
    if ((this.#room -= piece.length) < 0) return this.#status = tooLarge(this.#provider, this.#maxBytes)
    return this.#step(out, this.#framer.push(piece, this.#events))
  }

  end(out: Array<C>): Status {
    if (this.#status !== undefined) return this.#status
    const ended = this.#step(out, this.#framer.end(this.#events))
    if (ended !== undefined) return ended
    const atEnd = this.#decoder.completeAtEnd?.() ?? false
    return this.#status = atEnd === true ? complete : atEnd === false ? truncated(this.#provider) : atEnd
  }

  #step(out: Array<C>, framingError: ProviderError.ProviderError | undefined): Status {
    const decoded = this.#decodeFramed(out)
    this.#events.length = 0
    this.#status = decoded ?? framingError
    return this.#status
  }

  #decodeFramed(out: Array<C>): Status {
    const decoder = this.#decoder
    const events = this.#events
    const checksCompletion = decoder.complete !== undefined
    for (let index = 0; index < events.length; index++) {
      const result = decoder.decode(events[index]!)
      if (result === skip) continue
      if (result === done) return complete
      if (result instanceof Failure) return result.error
      out.push(this.#each(result))
      if (checksCompletion) {
        const completed = decoder.complete!()
        if (completed === true) return complete
        if (completed !== false) return completed
      }
    }
    return undefined
  }
}

/** A whole body decoded at once: the values it completed, and how it ended. */
export interface Whole<A> {
  readonly values: ReadonlyArray<A>
  readonly status: Status
}

/** Decodes a whole body at once (a body written in memory, such as a test kit's generated stream). */
export const decodeWhole = <A>(decoder: BodyDecoder<A>, body: Uint8Array): Whole<A> => {
  const values: Array<A> = []
  const status = decoder.push(body, values) ?? decoder.end(values)
  return { values, status }
}

/** What `decodeBody` also does with what it decodes, without a stage of its own in every pull. */
export interface DecodeOptions<C> {
  /** Told each batch of values until it answers `true` (a look at the stream's start). */
  readonly watch?: ((values: Arr.NonEmptyReadonlyArray<C>) => boolean) | undefined
  /** Applied to every failure of the stream, the body's and the decoder's (a client's secrets taken out). */
  readonly mapError?: ((error: ProviderError.ProviderError) => ProviderError.ProviderError) | undefined
}

/**
 * Decodes a response body with a fresh `BodyDecoder`, one network piece at a time in a single synchronous stage,
 * ending at the end-of-stream marker (without waiting for the connection to close).
 */
export const decodeBody = <C>(makeDecoder: () => BodyDecoder<C>, options?: DecodeOptions<C>) => {
  const make = (): Transducer.Transducer<Uint8Array, C, ProviderError.ProviderError> => {
    const decoder = makeDecoder()
    // The watch of this run, until it answers `true`.
    let watch = options?.watch
    const step = (out: Array<C>, status: Status): Transducer.Step<C, ProviderError.ProviderError> => {
      if (watch !== undefined && Arr.isArrayNonEmpty(out) && watch(out)) watch = undefined
      return status === undefined
        ? { out, next: "continue" }
        : status === complete
        ? { out, next: "done" }
        : { out, next: "fail", error: status }
    }
    return {
      push: (pieces) => {
        const out: Array<C> = []
        for (const piece of pieces) {
          const status = decoder.push(piece, out)
          if (status !== undefined) return step(out, status)
        }
        return step(out, undefined)
      },
      end: () => {
        const out: Array<C> = []
        return step(out, decoder.end(out))
      }
    }
  }
  return <R>(bytes: Stream.Stream<Uint8Array, ProviderError.ProviderError, R>): Stream.Stream<
    C,
    ProviderError.ProviderError,
    R
  > => Transducer.transduceMapping(make, options?.mapError)(bytes)
}
