/**
 * Anthropic's content blocks of an assistant turn sent back. From a response: text with its citations,
 * thinking with its signature, tool and server tool calls with their parsed input, and every other block
 * (redacted thinking, server tool results, blocks this library does not know) exactly as it started. From
 * an assistant turn's neutral parts (an `effect/ai` prompt's): signed or redacted thinking, text and tool
 * calls.
 *
 * @internal
 */
import * as ContentBlocks from "../fold/ContentBlocks.js"
import type * as AssistantTurn from "../providers/AssistantTurn.js"

const callTypes: ReadonlySet<string> = new Set(["tool_use", "server_tool_use", "mcp_tool_use"])

/** Builds one finished block from its record. */
export const build: ContentBlocks.Builder = (record, texts) => {
  const block = record.block
  if (block["type"] === "text") {
    const { citations: _, ...rest } = block
    const citations = record.citations.length > 0 ? record.citations : undefined
    return { ...rest, text: ContentBlocks.textOf(record, texts), ...(citations === undefined ? {} : { citations }) }
  }
  if (block["type"] === "thinking") {
    return {
      ...block,
      thinking: ContentBlocks.reasoningOf(record, texts),
      signature: record.signature !== "" ? record.signature : block["signature"] ?? ""
    }
  }
  if (typeof block["type"] === "string" && callTypes.has(block["type"])) {
    return { ...block, input: ContentBlocks.inputOf(record, texts, block["input"]) }
  }
  return block
}

/** How an assistant turn's parts are written as Anthropic's blocks. */
export const turn: AssistantTurn.TurnBlocks = {
  format: "anthropic",
  reasoning: (thinking, signature) => ({ type: "thinking", thinking, signature }),
  redactedReasoning: (data) => ({ type: "redacted_thinking", data }),
  text: (text) => ({ type: "text", text }),
  toolCall: (id, name, input) => ({ type: "tool_use", id, name, input })
}
