/**
 * `generateText` from `streamText`: the stream parts of a call folded into the parts of a whole response.
 * Each text and reasoning block becomes one `text` / `reasoning` part in the place its start had, with the
 * metadata of its start, deltas and end merged (so a reasoning signature is kept); `tool-params-*` parts are
 * dropped (the `tool-call` part carries the whole call); every other part is kept as it is.
 *
 * @internal
 */
import type * as Response from "effect/ai/Response"

type Metadata = Readonly<Record<string, unknown>>

/** Merges metadata as `effect/ai`'s history does: provider by provider, the later entry's keys winning. */
const merge = (left: Metadata | undefined, right: Metadata | undefined): Metadata | undefined => {
  if (right === undefined) return left
  if (left === undefined) return right
  const merged: Record<string, unknown> = { ...left }
  for (const [provider, entry] of Object.entries(right)) {
    const previous = merged[provider]
    merged[provider] = typeof previous === "object" && previous !== null && typeof entry === "object" && entry !== null
      ? { ...previous, ...entry }
      : entry
  }
  return merged
}

interface Block {
  readonly type: "text" | "reasoning"
  readonly position: number
  text: string
  metadata: Metadata | undefined
}

const toPart = (block: Block): Response.TextPartEncoded | Response.ReasoningPartEncoded => {
  const part = { type: block.type, text: block.text } as Response.TextPartEncoded | Response.ReasoningPartEncoded
  return block.metadata === undefined || Object.keys(block.metadata).length === 0
    ? part
    : { ...part, metadata: block.metadata as Response.TextPartEncoded["metadata"] & {} }
}

/** The parts of a whole response, from the stream parts of a call. */
export const toParts = (parts: ReadonlyArray<Response.StreamPartEncoded>): Array<Response.PartEncoded> => {
  const out: Array<Response.PartEncoded | Block> = []
  const open = new Map<string, Block>()
  const start = (type: Block["type"], id: string, metadata: Metadata | undefined) => {
    const block: Block = { type, position: out.length, text: "", metadata }
    open.set(`${type}:${id}`, block)
    out.push(block)
  }
  const extend = (type: Block["type"], id: string, delta: string, metadata: Metadata | undefined) => {
    const block = open.get(`${type}:${id}`)
    if (block === undefined) return
    block.text += delta
    block.metadata = merge(block.metadata, metadata)
  }
  for (const part of parts) {
    switch (part.type) {
      case "text-start":
      case "reasoning-start":
        start(part.type === "text-start" ? "text" : "reasoning", part.id, part.metadata)
        break
      case "text-delta":
        extend("text", part.id, part.delta, part.metadata)
        break
      case "reasoning-delta":
        extend("reasoning", part.id, part.delta, part.metadata)
        break
      case "text-end":
      case "reasoning-end": {
        const type = part.type === "text-end" ? "text" : "reasoning"
        extend(type, part.id, "", part.metadata)
        open.delete(`${type}:${part.id}`)
        break
      }
      case "tool-params-start":
      case "tool-params-delta":
      case "tool-params-end":
      case "error":
        // The tool call carries the whole call; an error part is not a part of a whole response.
        break
      default:
        out.push(part)
    }
  }
  return out.map((entry) => "position" in entry ? toPart(entry) : entry)
}
