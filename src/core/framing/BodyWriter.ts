/**
 * Response bodies written from payloads, the inverse of framing: Server-Sent Events and AWS event-stream
 * frames carrying JSON. The test kit writes its generated streams and `toRecording` bodies with them, each
 * provider choosing its framing.
 *
 * @internal
 */
import * as EventStreamCodec from "./EventStreamCodec.js"

export const utf8 = new TextEncoder()

/**
 * Joins byte arrays (frames) into one body.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const concatBytes = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/** SSE events carrying JSON payloads (an `event:` line each with `eventOf`, a last `data: ${done}` with `done`). */
export const sseBody = (
  payloads: ReadonlyArray<unknown>,
  options: {
    readonly eventOf?: ((payload: unknown) => string) | undefined
    readonly done?: string | undefined
  } = {}
): Uint8Array => {
  let text = ""
  for (const payload of payloads) {
    if (options.eventOf !== undefined) text += `event: ${options.eventOf(payload)}\n`
    text += `data: ${JSON.stringify(payload)}\n\n`
  }
  if (options.done !== undefined) text += `data: ${options.done}\n\n`
  return utf8.encode(text)
}

/**
 * Writes one AWS event-stream frame (prelude, string headers, JSON payload, CRCs), as Bedrock sends them: for
 * hand-made Bedrock bodies, such as an exception frame (`:message-type: exception`).
 *
 * @example
 * ```ts
 * import { TestKit } from "effect-llm-stream/testing"
 *
 * const throttled = TestKit.eventStreamFrame(
 *   { ":exception-type": "throttlingException", ":content-type": "application/json", ":message-type": "exception" },
 *   { message: "Too many requests" }
 * )
 * ```
 *
 * @since 0.1.0
 * @category Encoding
 */
export const jsonFrame = (headers: Readonly<Record<string, string>>, payload: unknown): Uint8Array =>
  EventStreamCodec.encode(headers, utf8.encode(JSON.stringify(payload)))
