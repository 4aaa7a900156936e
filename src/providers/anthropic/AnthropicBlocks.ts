/**
 * Anthropic's content blocks of an assistant turn sent back. From a response: text with its citations,
 * thinking with its signature (none without one), tool and server tool calls with their parsed input, a compaction
 * with its summary, and every other block (redacted thinking, server tool results, blocks this library does not
 * know) exactly as it started. From an assistant turn's neutral parts (an `effect/ai` prompt's): signed or redacted
 * thinking, text and tool calls.
 *
 * @internal
 */
import * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import * as Conversation from "../../core/request/Conversation.js"

const callTypes: ReadonlySet<string> = new Set(["tool_use", "server_tool_use", "mcp_tool_use"])

const recordOf = (block: unknown): Readonly<Record<string, unknown>> =>
  typeof block === "object" && block !== null ? block as Readonly<Record<string, unknown>> : {}

const stringOf = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** Builds one finished block from its record. */
export const build: ContentBlocks.Builder = (record, texts) => {
  const block = record.block
  if (block["type"] === "text") {
    const { citations: _, ...rest } = block
    const citations = record.citations.length > 0 ? record.citations : undefined
    return { ...rest, text: ContentBlocks.textOf(record, texts), ...(citations === undefined ? {} : { citations }) }
  }
  if (block["type"] === "thinking") {
    const signature = record.signature !== "" ? record.signature : stringOf(block["signature"]) ?? ""
    // A thinking block the stream was cut inside of has no signature, and the API takes no thinking back unsigned.
    if (signature === "") return undefined
    return { ...block, thinking: ContentBlocks.reasoningOf(record, texts), signature }
  }
  if (typeof block["type"] === "string" && callTypes.has(block["type"])) {
    // A call of the program's goes back with the id the response gave it (`ContentBlocks.Texts.callId`).
    const id = texts.callId(record.index)
    return {
      ...block,
      ...(id === undefined ? {} : { id }),
      input: ContentBlocks.inputOf(record, texts, block["input"])
    }
  }
  if (block["type"] === "compaction") return compacted(block, record.pieces)
  return block
}

/**
 * A compaction block as its deltas left it: each `compaction_delta` carries the block's final value, its `content`
 * (the summary; `null`, a compaction that failed) and, when it has the key, its `encrypted_content`, as the SDK's
 * accumulator reads them (`BetaMessageStream`, @anthropic-ai/sdk 1.14.0); the block started as a shell.
 */
const compacted = (block: Readonly<Record<string, unknown>>, deltas: ReadonlyArray<unknown>) => {
  let out = block
  for (const delta of deltas) {
    const fields = recordOf(delta)
    out = {
      ...out,
      content: fields["content"] ?? null,
      ...("encrypted_content" in fields ? { encrypted_content: fields["encrypted_content"] } : {})
    }
  }
  return out
}

/** An Anthropic block as a neutral part: thinking (signed), redacted thinking, text, a client tool call. */
export const read = (block: unknown): AssistantTurn.Part | undefined => {
  const fields = recordOf(block)
  switch (fields["type"]) {
    case "thinking":
      return {
        _tag: "Reasoning",
        text: stringOf(fields["thinking"]) ?? "",
        state: AssistantTurn.stateOf({ signature: stringOf(fields["signature"]) })
      }
    case "redacted_thinking":
      return { _tag: "Reasoning", text: "", state: AssistantTurn.stateOf({ encrypted: stringOf(fields["data"]) }) }
    case "text":
      return { _tag: "Text", text: stringOf(fields["text"]) ?? "" }
    case "tool_use":
      return {
        _tag: "ToolCall",
        id: stringOf(fields["id"]) ?? "",
        name: stringOf(fields["name"]) ?? "",
        input: fields["input"] ?? {}
      }
    default:
      return undefined
  }
}

/**
 * A neutral part as Anthropic's block: reasoning returned encrypted as `redacted_thinking`, other reasoning as
 * `thinking` with its signature (`@anthropic-ai/sdk` `ThinkingBlockParam`, `RedactedThinkingBlockParam`), and no
 * block for reasoning without one (cut before its signature, or another provider's), which the API refuses.
 */
const write = (part: AssistantTurn.Part): unknown => {
  switch (part._tag) {
    case "Reasoning":
      return part.state?.encrypted !== undefined
        ? { type: "redacted_thinking", data: part.state.encrypted }
        : part.state?.signature === undefined
        ? undefined
        : { type: "thinking", thinking: part.text, signature: part.state.signature }
    case "Text":
      return { type: "text", text: part.text }
    case "ToolCall":
      return { type: "tool_use", id: Conversation.plainCallId(part.id), name: part.name, input: part.input }
  }
}

/** A block of Anthropic's own call (`server_tool_use`, `mcp_tool_use`), or of its result (`tool_use_id`). */
const pairing = (block: unknown): AssistantTurn.Pairing | undefined => {
  const fields = recordOf(block)
  const id = stringOf(fields["id"])
  if ((fields["type"] === "server_tool_use" || fields["type"] === "mcp_tool_use") && id !== undefined) {
    return { callId: id }
  }
  const answers = stringOf(fields["tool_use_id"])
  return answers === undefined ? undefined : { resultOf: answers }
}

/**
 * The `editedCalls` rule row of this API (`Conversation.Rules`, in its request's table): what stays beside a call a
 * person edited before it ran. Kept beside the turn's blocks, which carry it (`AssistantTurn.TurnBlocks.editedCalls`),
 * so that rewriting a turn loads no request module.
 */
export const editedCalls = {
  does: "a call a person edited before it ran goes back as a `tool_use` block with the input it ran with; the " +
    "turn's thinking blocks stay beside it as they came (their signatures cover the thinking, the blocks before " +
    "the call are unchanged)",
  refusal: "Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final " +
    "`assistant` message must start with a thinking block (the thinking dropped)",
  source: "https://platform.claude.com/docs/en/build-with-claude/extended-thinking (preserving thinking blocks)"
} satisfies Conversation.Rule

export const turn: AssistantTurn.TurnBlocks = { format: "anthropic", read, write, exact: true, pairing, editedCalls }
