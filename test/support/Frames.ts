/** Event-stream frames built with `@smithy/core/event-streams`, for exceptions and corruption cases. */
import { EventStreamCodec } from "@smithy/core/event-streams"

const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text)
)

const stringHeaders = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: "string" as const, value }]))

export const event = (eventType: string, payload: unknown): Uint8Array =>
  codec.encode({
    headers: stringHeaders({
      ":event-type": eventType,
      ":content-type": "application/json",
      ":message-type": "event"
    }),
    body: new TextEncoder().encode(JSON.stringify(payload))
  })

export const exception = (exceptionType: string, payload: unknown): Uint8Array =>
  codec.encode({
    headers: stringHeaders({
      ":exception-type": exceptionType,
      ":content-type": "application/json",
      ":message-type": "exception"
    }),
    body: new TextEncoder().encode(JSON.stringify(payload))
  })

export const concat = (frames: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(frames.reduce((total, frame) => total + frame.length, 0))
  let offset = 0
  for (const frame of frames) {
    out.set(frame, offset)
    offset += frame.length
  }
  return out
}
