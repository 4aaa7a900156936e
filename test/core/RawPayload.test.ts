/**
 * A chunk's `chunk` is the provider's whole payload, as Mirascope's is: fields this library's schemas do
 * not name (`obfuscation`, `logprobs`, `system_fingerprint` variants, Anthropic's message `content`,
 * Bedrock's `p` padding, ...) are kept, on the fast path and the Schema path alike.
 */
import { assert, describe, it } from "@effect/vitest"
import type { CallResponseChunk } from "effect-llm-stream"
import { decodePieces, frameOffsets, recordings } from "../../support/Hostile.js"

const sseEvents = (body: Uint8Array): Array<unknown> =>
  new TextDecoder().decode(body).split(/\r?\n\r?\n/).flatMap((block) => {
    const data = block.split(/\r?\n/).filter((line) => line.startsWith("data:")).map((line) =>
      line.slice(5).replace(/^ /, "")
    ).join("\n")
    if (data === "" || data === "[DONE]") return []
    const json = JSON.parse(data)
    // Keep-alives and error events do not become chunks.
    return json?.type === "ping" || json?.type === "error" || json?.error != null ? [] : [json]
  })

const bedrockEvents = (body: Uint8Array): Array<unknown> => {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength)
  return frameOffsets(body).flatMap((offset) => {
    const total = view.getUint32(offset)
    const headersLength = view.getUint32(offset + 4)
    const headers = new Map<string, string>()
    let position = offset + 12
    while (position < offset + 12 + headersLength) {
      const nameLength = body[position]!
      const name = new TextDecoder().decode(body.subarray(position + 1, position + 1 + nameLength))
      position += 1 + nameLength + 1
      const valueLength = view.getUint16(position)
      headers.set(name, new TextDecoder().decode(body.subarray(position + 2, position + 2 + valueLength)))
      position += 2 + valueLength
    }
    if (headers.get(":message-type") !== "event") return []
    const payload = body.subarray(offset + 12 + headersLength, offset + total - 4)
    return [{ [headers.get(":event-type")!]: JSON.parse(new TextDecoder().decode(payload)) }]
  })
}

describe("the raw payload of every chunk is the provider's whole object", () => {
  for (const recording of recordings) {
    it(`${recording.provider}/${recording.name}`, () => {
      const { chunks } = decodePieces(recording, [recording.body])
      const events = recording.provider.endsWith("bedrock") ? bedrockEvents(recording.body) : sseEvents(recording.body)
      const raw = chunks.map((chunk: CallResponseChunk.CallResponseChunk) => chunk.chunk)
      assert.deepStrictEqual(raw, events.slice(0, raw.length))
    })
  }

  it("fields the schemas do not name are among them", () => {
    const openai = recordings.find((recording) => recording.name === "text.sse" && recording.provider === "openai")!
    const first = decodePieces(openai, [openai.body]).chunks[0]!.chunk as Record<string, unknown>
    assert.property(first, "obfuscation")
    const bedrock = recordings.find((recording) => recording.provider === "bedrock")!
    const start = decodePieces(bedrock, [bedrock.body]).chunks[0]!.chunk as { messageStart: Record<string, unknown> }
    assert.property(start.messageStart, "p")
  })
})
