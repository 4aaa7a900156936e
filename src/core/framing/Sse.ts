/**
 * Server-Sent Events framing, per the WHATWG algorithm: lines end with LF, CRLF or CR (also when a CRLF
 * pair is split across network pieces); `:` lines are comments; one optional space after a field's
 * colon is stripped; several `data:` lines join with LF; a blank line dispatches; the event name
 * defaults to `message`. Bytes are decoded with a streaming UTF-8 decoder, so characters split across
 * pieces survive. Each line is scanned once, whatever the piece sizes, and an event larger than the
 * configured bound is an error rather than unbounded memory.
 *
 * @internal
 */
import * as Data from "effect/Data"
import * as ProviderError from "../ProviderError.js"
import type * as BodyDecoder from "./BodyDecoder.js"
import * as LiveShapes from "./LiveShapes.js"

/** @internal */
export interface Event {
  /** The event name; `"message"` when the event had no `event:` field. */
  readonly event: string
  readonly data: string
  /** The last event id seen on the stream (`""` when none). */
  readonly id: string
}

/** @internal */
export class EventTooLargeError extends Data.TaggedError("EventTooLargeError")<{
  readonly maxEventSize: number
  readonly excerpt: string
}> {
  override get message(): string {
    return `a server-sent event exceeded the maximum size of ${this.maxEventSize} characters`
  }
}

/** The default bound on one event's text, in UTF-16 code units. */
export const defaultMaxEventSize = 8 * 1024 * 1024

const LF = 10
const CR = 13
const SPACE = 32
const COLON = 58

/**
 * The parser, usable without Effect: feed it pieces, collect events.
 *
 * @internal
 */
export class Parser {
  readonly #decoder = new TextDecoder("utf-8")
  /** The current, not yet terminated line (a rope of pieces: appending does not copy). */
  #pending = ""
  /** The previous piece ended with CR: a leading LF in the next one belongs to it. */
  #afterCR = false
  #data = ""
  #dataLines = 0
  #eventType = ""
  #lastId = ""
  #failed: EventTooLargeError | undefined = undefined

  readonly maxEventSize: number

  constructor(maxEventSize: number = defaultMaxEventSize) {
    this.maxEventSize = maxEventSize
  }

  /** Feeds one network piece; complete events are pushed to `out`. Returns an error once the bound is hit. */
  push(bytes: Uint8Array, out: Array<Event>): EventTooLargeError | undefined {
    if (this.#failed !== undefined) return this.#failed
    return this.pushText(this.#decoder.decode(bytes, { stream: true }), out)
  }

  /** Ends the input. A last event without its blank line is incomplete and is dropped, per the spec. */
  end(out: Array<Event>): EventTooLargeError | undefined {
    if (this.#failed !== undefined) return this.#failed
    return this.pushText(this.#decoder.decode(), out)
  }

  pushText(text: string, out: Array<Event>): EventTooLargeError | undefined {
    if (text.length === 0) return undefined
    let position = 0
    if (this.#afterCR) {
      this.#afterCR = false
      if (text.charCodeAt(0) === LF) position = 1
    }
    // Most streams never contain CR: they take a loop that only looks for LF, which V8 optimises far
    // better than one that tracks both.
    return text.indexOf("\r", position) === -1
      ? this.#linesLF(text, position, out)
      : this.#linesAny(text, position, out)
  }

  #linesLF(text: string, position: number, out: Array<Event>): EventTooLargeError | undefined {
    const length = text.length
    while (position < length) {
      const end = text.indexOf("\n", position)
      if (end === -1) return this.#keep(text, position)
      const error = this.#pending === "" ? this.#line(text, position, end, out) : this.#joined(text, position, end, out)
      if (error !== undefined) return error
      position = end + 1
    }
    return undefined
  }

  #linesAny(text: string, position: number, out: Array<Event>): EventTooLargeError | undefined {
    const length = text.length
    let nextCR = text.indexOf("\r", position)
    while (position < length) {
      let end = text.indexOf("\n", position)
      if (nextCR !== -1 && nextCR < position) nextCR = text.indexOf("\r", position)
      if (nextCR !== -1 && (end === -1 || nextCR < end)) end = nextCR
      if (end === -1) return this.#keep(text, position)
      const error = this.#pending === "" ? this.#line(text, position, end, out) : this.#joined(text, position, end, out)
      if (error !== undefined) return error
      position = end + 1
      if (text.charCodeAt(end) === CR) {
        if (position === length) this.#afterCR = true
        else if (text.charCodeAt(position) === LF) position++
      }
    }
    return undefined
  }

  /** Keeps the unterminated rest of a piece for the next one. */
  #keep(text: string, position: number): EventTooLargeError | undefined {
    this.#pending += position === 0 ? text : text.slice(position)
    return this.#pending.length + this.#data.length > this.maxEventSize ? this.#fail(this.#pending) : undefined
  }

  /** A line that began in an earlier piece. */
  #joined(text: string, position: number, end: number, out: Array<Event>): EventTooLargeError | undefined {
    const line = this.#pending + text.slice(position, end)
    this.#pending = ""
    return this.#line(line, 0, line.length, out)
  }

  /** Processes the line `source[start, end)` without copying it first; kept small so it inlines. */
  #line(source: string, start: number, end: number, out: Array<Event>): EventTooLargeError | undefined {
    if (start === end) {
      if (this.#dataLines > 0) this.#dispatch(out)
      else this.#eventType = ""
      return undefined
    }
    if (source.startsWith("data:", start)) {
      const valueStart = start + 5 < end && source.charCodeAt(start + 5) === SPACE ? start + 6 : start + 5
      const value = source.slice(valueStart, end)
      this.#data = this.#dataLines++ === 0 ? value : `${this.#data}\n${value}`
      return this.#data.length > this.maxEventSize ? this.#fail(this.#data) : undefined
    }
    if (source.startsWith("event:", start)) {
      const valueStart = start + 6 < end && source.charCodeAt(start + 6) === SPACE ? start + 7 : start + 6
      this.#eventType = source.slice(valueStart, end)
      return undefined
    }
    return source.charCodeAt(start) === COLON ? undefined : this.#otherField(source, start, end)
  }

  #dispatch(out: Array<Event>): void {
    out.push({ event: this.#eventType === "" ? "message" : this.#eventType, data: this.#data, id: this.#lastId })
    this.#data = ""
    this.#dataLines = 0
    this.#eventType = ""
  }

  /** `event:`, `id:`, a `data` line without a colon, `retry:` and unknown fields. */
  #otherField(source: string, start: number, end: number): EventTooLargeError | undefined {
    let colon = source.indexOf(":", start)
    if (colon === -1 || colon > end) colon = end
    const field = source.slice(start, colon)
    const valueStart = colon + 1 < end && source.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1
    const value = valueStart >= end ? "" : source.slice(valueStart, end)
    switch (field) {
      case "data": {
        this.#data = this.#dataLines++ === 0 ? value : `${this.#data}\n${value}`
        return this.#data.length > this.maxEventSize ? this.#fail(this.#data) : undefined
      }
      case "event": {
        this.#eventType = value
        break
      }
      case "id": {
        if (!value.includes("\u0000")) this.#lastId = value
        break
      }
        // `retry` and unknown fields are ignored: reconnection is not this decoder's business.
    }
    return undefined
  }

  #fail(text: string): EventTooLargeError {
    this.#failed = new EventTooLargeError({ maxEventSize: this.maxEventSize, excerpt: text.slice(0, 200) })
    this.#pending = ""
    this.#data = ""
    return this.#failed
  }
}

/** The failure of an SSE event larger than the bound. */
const eventTooLarge = (provider: string, error: EventTooLargeError): ProviderError.MalformedPayloadError =>
  new ProviderError.MalformedPayloadError({
    provider,
    message: `${provider}: ${error.message}; raise maxEventSize if this provider legitimately sends such events`,
    raw: error.excerpt
  })

/** SSE framing of a response body, with an oversized event reported as a malformed payload. */
export const framer = (provider: string, maxEventSize: number | undefined): BodyDecoder.Framer<Event> => {
  LiveShapes.keepOnce(SseFramer, () => new SseFramer("", new Parser()))
  return new SseFramer(provider, new Parser(maxEventSize))
}

/** A class rather than functions made per stream, so that its compiled code outlives each stream (`LiveShapes`). */
class SseFramer implements BodyDecoder.Framer<Event> {
  readonly #provider: string
  readonly #parser: Parser
  constructor(provider: string, parser: Parser) {
    this.#provider = provider
    this.#parser = parser
  }

  push(piece: Uint8Array, out: Array<Event>): ProviderError.ProviderError | undefined {
    const error = this.#parser.push(piece, out)
    return error === undefined ? undefined : eventTooLarge(this.#provider, error)
  }

  end(out: Array<Event>): ProviderError.ProviderError | undefined {
    const error = this.#parser.end(out)
    return error === undefined ? undefined : eventTooLarge(this.#provider, error)
  }
}
