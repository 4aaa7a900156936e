/**
 * Bedrock's Converse content blocks of an assistant turn sent back. From a response: text, reasoning with
 * its signature (or redacted), tool and server tool calls with their parsed input, and tool results with
 * the content that streamed into them. From an assistant turn's neutral parts (an `effect/ai` prompt's):
 * signed or redacted reasoning, text and tool calls.
 *
 * @internal
 */
import * as ContentBlocks from "../fold/ContentBlocks.js"
import type * as AssistantTurn from "../providers/AssistantTurn.js"

/** The start of a text block (Bedrock streams none). */
export const text: Readonly<Record<string, unknown>> = { text: "" }

/** The start of a reasoning block (Bedrock streams none). */
export const reasoning: Readonly<Record<string, unknown>> = { reasoningContent: {} }

/** Builds one finished block from its record. */
export const build: ContentBlocks.Builder = (record, texts) => {
  const block = record.block as {
    readonly toolUse?: Readonly<Record<string, unknown>>
    readonly toolResult?: Readonly<Record<string, unknown>>
    readonly reasoningContent?: unknown
    readonly text?: unknown
  }
  if (block.toolUse !== undefined) {
    return { toolUse: { ...block.toolUse, input: ContentBlocks.inputOf(record, texts, undefined) } }
  }
  if (block.toolResult !== undefined) {
    return { toolResult: { ...block.toolResult, content: record.pieces.flatMap((piece) => piece as Array<unknown>) } }
  }
  if (block.reasoningContent !== undefined) {
    const redacted = (block.reasoningContent as { readonly redactedContent?: unknown }).redactedContent
    return redacted !== undefined
      ? { reasoningContent: { redactedContent: redacted } }
      : {
        reasoningContent: {
          reasoningText: { text: ContentBlocks.reasoningOf(record, texts), signature: record.signature }
        }
      }
  }
  if (block.text !== undefined) return { text: ContentBlocks.textOf(record, texts) }
  return block
}

/** How an assistant turn's parts are written as Bedrock's blocks. */
export const turn: AssistantTurn.TurnBlocks = {
  format: "bedrock",
  reasoning: (text, signature) => ({ reasoningContent: { reasoningText: { text, signature } } }),
  redactedReasoning: (data) => ({ reasoningContent: { redactedContent: data } }),
  text: (text) => ({ text }),
  toolCall: (toolUseId, name, input) => ({ toolUse: { toolUseId, name, input } })
}
