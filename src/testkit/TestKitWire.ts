/**
 * Provider wire bodies for tests: SSE events and AWS event-stream frames written from payloads, and a body
 * decoded whole by the provider's own body decoder.
 *
 * @internal
 */
import type * as CallResponseChunk from "../CallResponseChunk.js"
import * as BodyDecoder from "../internal/framing/BodyDecoder.js"
import * as EventStreamCodec from "../internal/framing/EventStreamCodec.js"

export const contentTypeOf = (provider: CallResponseChunk.Provider): string =>
  provider === "bedrock" ? "application/vnd.amazon.eventstream" : "text/event-stream"

export const utf8 = new TextEncoder()

/** One AWS event-stream frame: prelude, string headers, JSON payload, CRCs. */
export const eventStreamFrame = (headers: Readonly<Record<string, string>>, payload: unknown): Uint8Array =>
  EventStreamCodec.encode(headers, utf8.encode(JSON.stringify(payload)))

/** The `event` frame of a Bedrock ConverseStream event. */
export const bedrockEventFrame = (eventType: string, payload: unknown): Uint8Array =>
  eventStreamFrame({ ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" }, payload)

/** Byte arrays joined. */
export const concatBytes = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** SSE events of payloads, as the provider sends them (Anthropic names its events; the others end with `[DONE]`). */
export const sseBody = (provider: CallResponseChunk.Provider, payloads: ReadonlyArray<unknown>): Uint8Array => {
  let text = ""
  for (const payload of payloads) {
    if (provider === "anthropic") text += `event: ${(payload as { readonly type?: string }).type}\n`
    text += `data: ${JSON.stringify(payload)}\n\n`
  }
  if (provider !== "anthropic") text += "data: [DONE]\n\n"
  return utf8.encode(text)
}

/** Bedrock's event-stream frames of events. */
export const eventStreamBody = (events: ReadonlyArray<readonly [eventType: string, payload: unknown]>): Uint8Array =>
  concatBytes(events.map(([eventType, payload]) => bedrockEventFrame(eventType, payload)))

/**
 * Decodes a body the generator wrote with the provider's own body decoder (framing, event decoding and
 * the state between events), so that every chunk is one the real decoder produces; a failure is a bug of
 * the generator, reported with the body.
 */
export const decodeBody = <C>(decoder: BodyDecoder.BodyDecoder<C>, body: Uint8Array): ReadonlyArray<C> => {
  const chunks: Array<C> = []
  const status = decoder.push(body, chunks) ?? decoder.end(chunks)
  if (status !== BodyDecoder.complete) {
    throw new Error(
      `TestKit generated a stream its decoder rejects (${String(status)}): ${new TextDecoder().decode(body)}`
    )
  }
  return chunks
}

/** The usage object of OpenAI-style APIs: `prompt_tokens` includes the cached tokens. */
