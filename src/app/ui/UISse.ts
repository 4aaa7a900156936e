/**
 * The UI message stream on the wire: each chunk one Server-Sent Event `data: <json>\n\n`, `data: [DONE]` at
 * the end, and the protocol's response headers.
 *
 * @internal
 */
import type * as UIChunk from "./UIChunk.js"

/**
 * The headers of a UI message stream response: `content-type: text/event-stream`, `cache-control:
 * no-cache`, `x-vercel-ai-ui-message-stream: v1`, `x-accel-buffering: no`.
 *
 * @since 0.3.0
 * @category Constants
 */
export const headers: Readonly<Record<string, string>> = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-vercel-ai-ui-message-stream": "v1",
  "x-accel-buffering": "no"
}

/** The events of `chunks` (of this protocol, or any other written as JSON events: AG-UI's), as text. */
export const events = <A = UIChunk.Chunk>(chunks: ReadonlyArray<A>): string => {
  let text = ""
  for (let index = 0; index < chunks.length; index++) text += `data: ${JSON.stringify(chunks[index])}\n\n`
  return text
}

/** The event that ends the stream. */
export const done = "data: [DONE]\n\n"
