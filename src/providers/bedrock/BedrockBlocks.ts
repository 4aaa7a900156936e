/**
 * Bedrock's Converse content blocks of an assistant turn sent back. From a response: text (with its citations),
 * reasoning with its signature (or redacted), tool and server tool calls with their parsed input, tool results with
 * the whole content that streamed into them, and images with the source that streamed into them. From an assistant
 * turn's neutral parts (an `effect/ai` prompt's): signed or redacted reasoning, text and tool calls.
 *
 * @internal
 */
import * as Base64 from "effect/encoding/Base64"
import * as Result from "effect/Result"
import * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import * as Conversation from "../../core/request/Conversation.js"

/** The start of a text block (Bedrock streams none). */
export const text: Readonly<Record<string, unknown>> = { text: "" }

/** The start of a reasoning block (Bedrock streams none). */
export const reasoning: Readonly<Record<string, unknown>> = { reasoningContent: {} }

const recordOf = (value: unknown): Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null ? value as Readonly<Record<string, unknown>> : {}

const stringOf = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** Builds one finished block from its record. */
export const build: ContentBlocks.Builder = (record, texts) => {
  const block = record.block as {
    readonly toolUse?: Readonly<Record<string, unknown>>
    readonly toolResult?: Readonly<Record<string, unknown>>
    readonly reasoningContent?: unknown
    readonly text?: unknown
    readonly image?: unknown
  }
  if (block.toolUse !== undefined) {
    // A call of the program's goes back with the id the response gave it (`ContentBlocks.Texts.callId`).
    const id = texts.callId(record.index)
    const toolUseId = id === undefined ? {} : { toolUseId: id }
    return { toolUse: { ...block.toolUse, ...toolUseId, input: ContentBlocks.inputOf(record, texts, undefined) } }
  }
  if (block.toolResult !== undefined) {
    // Its whole content, the one piece its block's end gave it. A result cut before its end goes back as no block, and
    // its call with it (`ContentBlocks.build`, by `pairing`): a `toolUse` goes back only with its `toolResult`, whose
    // `content` is required (@aws-sdk/client-bedrock-runtime 3.1164.0 models_0.d.ts `ToolResultBlock`), and the
    // content cut is not the result Bedrock's tool gave (`status: "error"` is documented for results a program sends).
    const content = record.pieces[0]
    return content === undefined ? undefined : { toolResult: { ...block.toolResult, content } }
  }
  if (block.reasoningContent !== undefined) {
    const redacted = (block.reasoningContent as { readonly redactedContent?: unknown }).redactedContent
    if (redacted !== undefined) return { reasoningContent: { redactedContent: redacted } }
    // Reasoning without a signature (cut before it, or from a model that signs none) does not go back: Claude
    // refuses it unsigned, and a turn without it is a valid request for every model.
    if (record.signature === "") return undefined
    return {
      reasoningContent: {
        reasoningText: { text: ContentBlocks.reasoningOf(record, texts), signature: record.signature }
      }
    }
  }
  if (block.text !== undefined) {
    const text = ContentBlocks.textOf(record, texts)
    // Cited text goes back with its citations (`CitationsContentBlock`: the text generated, the citations).
    return record.citations.length === 0
      ? { text }
      : { citationsContent: { content: [{ text }], citations: record.citations } }
  }
  if (block.image !== undefined) return imageOf(block.image, record.pieces)
  return block
}

/**
 * An image the model made, as its deltas streamed it: the start's `format` and the `source` of the deltas
 * (`ImageBlockDelta.source`, its bytes in pieces, joined), or no block when none came or one failed (`error`):
 * `ImageBlock.source` is required (@aws-sdk/client-bedrock-runtime 3.1164.0 models_0.d.ts).
 */
const imageOf = (start: unknown, deltas: ReadonlyArray<unknown>): unknown => {
  const sources = deltas.map((delta) => {
    const fields = recordOf(delta)
    return fields["error"] === undefined ? fields["source"] : undefined
  })
  if (sources.length === 0 || sources.some((source) => source === undefined)) return undefined
  if (sources.length === 1) return { image: { ...recordOf(start), source: sources[0] } }
  // In several pieces: their bytes, joined.
  const pieces = sources.map((source) => {
    const bytes = stringOf(recordOf(source)["bytes"])
    return bytes === undefined ? undefined : Result.getOrUndefined(Base64.decode(bytes))
  })
  if (pieces.some((piece) => piece === undefined)) return undefined
  return {
    image: { ...recordOf(start), source: { bytes: Base64.encode(BodyWriter.concatBytes(pieces as Array<Uint8Array>)) } }
  }
}

/** A Converse block as a neutral part: reasoning (signed, or redacted), text, a client tool call. */
export const read = (block: unknown): AssistantTurn.Part | undefined => {
  const fields = recordOf(block)
  if (fields["reasoningContent"] !== undefined) {
    const reasoning = recordOf(fields["reasoningContent"])
    const redacted = stringOf(reasoning["redactedContent"])
    if (redacted !== undefined) {
      return { _tag: "Reasoning", text: "", state: AssistantTurn.stateOf({ encrypted: redacted }) }
    }
    const text = recordOf(reasoning["reasoningText"])
    return {
      _tag: "Reasoning",
      text: stringOf(text["text"]) ?? "",
      state: AssistantTurn.stateOf({ signature: stringOf(text["signature"]) })
    }
  }
  if (typeof fields["text"] === "string") return { _tag: "Text", text: fields["text"] }
  if (fields["citationsContent"] !== undefined) {
    const content = recordOf(fields["citationsContent"])["content"]
    const pieces = Array.isArray(content) ? content.map((piece) => stringOf(recordOf(piece)["text"]) ?? "") : []
    return { _tag: "Text", text: pieces.join("") }
  }
  if (fields["toolUse"] !== undefined) {
    const call = recordOf(fields["toolUse"])
    if (call["type"] === "server_tool_use") return undefined
    return {
      _tag: "ToolCall",
      id: stringOf(call["toolUseId"]) ?? "",
      name: stringOf(call["name"]) ?? "",
      input: call["input"] ?? {}
    }
  }
  return undefined
}

/**
 * A neutral part as a Converse block (`@aws-sdk/client-bedrock-runtime` `ContentBlock`): reasoning returned
 * encrypted as `reasoningContent.redactedContent`, other reasoning as `reasoningContent.reasoningText` with its
 * signature, and no block for reasoning without one.
 */
const write = (part: AssistantTurn.Part): unknown => {
  switch (part._tag) {
    case "Reasoning":
      return part.state?.encrypted !== undefined
        ? { reasoningContent: { redactedContent: part.state.encrypted } }
        : part.state?.signature === undefined
        ? undefined
        : { reasoningContent: { reasoningText: { text: part.text, signature: part.state.signature } } }
    case "Text":
      return { text: part.text }
    case "ToolCall":
      return { toolUse: { toolUseId: Conversation.plainCallId(part.id), name: part.name, input: part.input } }
  }
}

/** A block of Bedrock's own call (`toolUse` of `type: "server_tool_use"`), or of its result (`toolResult`). */
export const pairing = (block: unknown): AssistantTurn.Pairing | undefined => {
  const fields = recordOf(block)
  const call = recordOf(fields["toolUse"])
  const id = stringOf(call["toolUseId"])
  if (call["type"] === "server_tool_use" && id !== undefined) return { callId: id }
  const answers = stringOf(recordOf(fields["toolResult"])["toolUseId"])
  return answers === undefined ? undefined : { resultOf: answers }
}

/**
 * The `editedCalls` rule row of this API (`Conversation.Rules`, in its request's table): what stays beside a call a
 * person edited before it ran. Kept beside the turn's blocks, which carry it (`AssistantTurn.TurnBlocks.editedCalls`),
 * so that rewriting a turn loads no request module.
 */
export const editedCalls = {
  does: "a call a person edited before it ran goes back as a `toolUse` block with the input it ran with; the " +
    "turn's `reasoningContent` (its signature) stays beside it as it came",
  refusal: "Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final " +
    "`assistant` message must start with a thinking block (ValidationException; the reasoning dropped)",
  source: "https://docs.aws.amazon.com/bedrock/latest/userguide/claude-messages-extended-thinking.html"
} satisfies Conversation.Rule

export const turn: AssistantTurn.TurnBlocks = { format: "bedrock", read, write, exact: true, pairing, editedCalls }
