/**
 * AWS event-stream framing (`application/vnd.amazon.eventstream`): cuts the byte stream into messages by their
 * prelude's total length and decodes each (`EventStreamCodec`). A frame too long, too short or failing a check is
 * an error.
 *
 * @internal
 */
import * as Data from "effect/Data"
import * as ProviderError from "../ProviderError.js"
import type * as BodyDecoder from "./BodyDecoder.js"
import * as EventStreamCodec from "./EventStreamCodec.js"
import type { Message } from "./EventStreamCodec.js"

export type { Message } from "./EventStreamCodec.js"

/** @internal */
export class FrameError extends Data.TaggedError("FrameError")<{
  readonly reason: string
  /** The first bytes of the frame, hex-encoded, for the error report. */
  readonly excerpt: string
}> {
  override get message(): string {
    return `corrupted event-stream frame: ${this.reason}`
  }
}

/** The default bound on one frame, in bytes. */
export const defaultMaxFrameSize = 16 * 1024 * 1024

const minimumFrameSize = EventStreamCodec.overhead

const hex = (bytes: Uint8Array): string =>
  Array.from(bytes.subarray(0, 48), (byte) => byte.toString(16).padStart(2, "0")).join(" ")

/**
 * The framer, usable without Effect: feed it pieces, collect messages.
 *
 * @internal
 */
export class Framer {
  /** Bytes received and not yet framed: `pieces[0]` starting at `offset`. */
  #pieces: Array<Uint8Array> = []
  #offset = 0
  #buffered = 0
  #failed: FrameError | undefined
  /** The prelude of the frame being received was checked. */
  #preludeChecked = false
  readonly #decoder = new EventStreamCodec.Decoder()

  readonly maxFrameSize: number

  constructor(maxFrameSize: number = defaultMaxFrameSize) {
    this.maxFrameSize = maxFrameSize
  }

  /** Bytes received that do not make a whole frame yet. */
  get pending(): number {
    return this.#buffered
  }

  push(bytes: Uint8Array, out: Array<Message>): FrameError | undefined {
    if (this.#failed !== undefined) return this.#failed
    if (bytes.length === 0) return undefined
    this.#pieces.push(bytes)
    this.#buffered += bytes.length
    while (this.#buffered >= 4) {
      const length = this.#peekLength()
      if (length < minimumFrameSize || length > this.maxFrameSize) {
        return this.#fail(
          length < minimumFrameSize
            ? `the prelude declares ${length} bytes, less than the 16-byte minimum`
            : `the prelude declares ${length} bytes, more than the maximum frame size of ${this.maxFrameSize}`,
          this.#take(Math.min(this.#buffered, 48), false)
        )
      }
      if (this.#buffered < length) {
        // The prelude is checked as soon as it is here: a corrupted length must not be waited for.
        if (this.#buffered >= 12 && !this.#preludeChecked) {
          const prelude = this.#take(12, false)
          const issue = EventStreamCodec.preludeIssueOf(prelude)
          if (issue !== undefined) return this.#fail(issue, prelude)
          this.#preludeChecked = true
        }
        return undefined
      }
      this.#preludeChecked = false
      const frame = this.#take(length, true)
      try {
        out.push(this.#decoder.decode(frame))
      } catch (error) {
        return this.#fail(error instanceof Error ? error.message : String(error), frame)
      }
    }
    return undefined
  }

  #peekLength(): number {
    let length = 0
    let piece = 0
    let index = this.#offset
    for (let read = 0; read < 4; read++) {
      while (index >= this.#pieces[piece]!.length) {
        piece++
        index = 0
      }
      length = length * 256 + this.#pieces[piece]![index++]!
    }
    return length
  }

  /** The next `length` buffered bytes, without copying when they lie in one piece. */
  #take(length: number, consume: boolean): Uint8Array {
    const first = this.#pieces[0]!
    let bytes: Uint8Array
    if (first.length - this.#offset >= length) {
      bytes = first.subarray(this.#offset, this.#offset + length)
      if (consume) {
        this.#offset += length
        if (this.#offset === first.length) {
          this.#pieces.shift()
          this.#offset = 0
        }
      }
    } else {
      bytes = new Uint8Array(length)
      let written = 0
      let piece = 0
      let offset = this.#offset
      while (written < length) {
        const source = this.#pieces[piece]!
        const count = Math.min(source.length - offset, length - written)
        bytes.set(source.subarray(offset, offset + count), written)
        written += count
        offset += count
        if (offset === source.length) {
          piece++
          offset = 0
        }
      }
      if (consume) {
        this.#pieces.splice(0, piece)
        this.#offset = offset
      }
    }
    if (consume) this.#buffered -= length
    return bytes
  }

  #fail(reason: string, bytes: Uint8Array): FrameError {
    this.#failed = new FrameError({ reason, excerpt: hex(bytes) })
    this.#pieces = []
    this.#buffered = 0
    return this.#failed
  }
}

/** Event-stream framing of a body: a bad frame is a malformed payload, an unfinished one a truncated response. */
export const framer = (provider: string, maxFrameSize: number | undefined): BodyDecoder.Framer<Message> => {
  const framer = new Framer(maxFrameSize)
  return {
    push: (piece, out) => {
      const error = framer.push(piece, out)
      return error === undefined
        ? undefined
        : new ProviderError.MalformedPayloadError({
          provider,
          message: `${provider}: ${error.message}`,
          raw: error.excerpt
        })
    },
    end: () =>
      framer.pending === 0 ? undefined : new ProviderError.TruncatedStreamError({
        provider,
        message:
          `${provider}: the response ended inside an event-stream frame (${framer.pending} bytes of it received); the output is incomplete`
      })
  }
}
