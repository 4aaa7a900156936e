/**
 * An assistant turn as Gemini's parts, sent back as they came: Gemini 3 rejects a turn whose function calls
 * lost their `thoughtSignature`, and every model reads its thought signatures back. From a response: the
 * text of consecutive text parts (and of consecutive thought parts) joined into one part with the signature
 * that came on it (or on the empty text part after it), each function call with its arguments and its
 * signature, and every other part (code execution, images, server tool parts) exactly as it came.
 *
 * @internal
 */
import * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import type * as Conversation from "../../core/request/Conversation.js"
import type * as GoogleSchemas from "./GoogleSchemas.js"

/** The prefix of the ids this library gives calls Google sent without one (never sent back to Google). */
export const syntheticIdPrefix = "gemini_call_"

/** A function call's id as Google takes it back: its own id, never one this library made (nor an empty one). */
export const realId = (id: string | undefined): string | undefined =>
  id === undefined || id === "" || id.startsWith(syntheticIdPrefix) ? undefined : id

const withSignature = (part: Record<string, unknown>, signature: string): Record<string, unknown> =>
  signature === "" ? part : { ...part, thoughtSignature: signature }

/** Builds one finished part from its record. */
export const build: ContentBlocks.Builder = (record, texts) => {
  const block = record.block
  const call = block["functionCall"] as GoogleSchemas.FunctionCall | undefined
  if (call !== undefined) {
    // The id the response gave the call (`ContentBlocks.Texts.callId`), unless this library made it.
    const id = realId(texts.callId(record.index) ?? call.id)
    return withSignature({
      functionCall: {
        name: call.name,
        args: ContentBlocks.inputOf(record, texts, call.args ?? {}),
        ...(id === undefined ? {} : { id })
      }
    }, record.signature)
  }
  if (block["text"] !== undefined) {
    return block["thought"] === true
      ? withSignature({ text: ContentBlocks.reasoningOf(record, texts), thought: true }, record.signature)
      : withSignature({ text: ContentBlocks.textOf(record, texts) }, record.signature)
  }
  return block
}

/** The `Start` of the block a part opens: text, a thought, a function call, or the part itself. */
export const start = (part: GoogleSchemas.Part & Readonly<Record<string, unknown>>, index: number) => {
  const call = part.functionCall
  const block: Readonly<Record<string, unknown>> = call !== undefined
    ? { functionCall: { name: call.name, ...(call.id === undefined ? {} : { id: call.id }), args: call.args ?? {} } }
    : part.text !== undefined
    ? (part.thought === true ? { text: "", thought: true } : { text: "" })
    : part
  return { _tag: "Start" as const, format: "google" as const, index, block, build, read }
}

const stringOf = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** A Gemini part as a neutral part: a thought, text, or a function call, each with its `thoughtSignature`. */
const read = (block: unknown): AssistantTurn.Part | undefined => {
  if (typeof block !== "object" || block === null) return undefined
  const part = block as GoogleSchemas.Part & Readonly<Record<string, unknown>>
  const state = AssistantTurn.stateOf({ signature: stringOf(part.thoughtSignature) })
  const call = part.functionCall
  if (call !== undefined) {
    return { _tag: "ToolCall", id: call.id ?? "", name: call.name ?? "", input: call.args ?? {}, state }
  }
  if (typeof part.text !== "string") return undefined
  return { _tag: part.thought === true ? "Reasoning" : "Text", text: part.text, state }
}

/**
 * A neutral part as Gemini's part (`@google/genai` `Part`): its signature on it, and a function call's id only
 * when Google gave it one.
 */
const write = (part: AssistantTurn.Part): unknown => {
  const signature = part.state?.signature ?? ""
  switch (part._tag) {
    case "Reasoning":
      return withSignature({ text: part.text, thought: true }, signature)
    case "Text":
      return withSignature({ text: part.text }, signature)
    case "ToolCall": {
      const id = realId(part.id)
      return withSignature(
        { functionCall: { name: part.name, args: part.input, ...(id === undefined ? {} : { id }) } },
        signature
      )
    }
  }
}

/**
 * The `editedCalls` rule row of this API (`Conversation.Rules`, in its request's table): what stays beside a call a
 * person edited before it ran. Kept beside the turn's blocks, which carry it (`AssistantTurn.TurnBlocks.editedCalls`),
 * so that rewriting a turn loads no request module.
 */
export const editedCalls = {
  does: "a call a person edited before it ran goes back with the arguments it ran with and the documented " +
    "`skip_thought_signature_validator` in place of its own `thoughtSignature` (a call Gemini did not make as " +
    "sent); the turn's other parts keep their signatures",
  refusal: "Function call is missing a thought_signature in functionCall parts (without one); Corrupted thought " +
    "signature.",
  source: "https://ai.google.dev/gemini-api/docs/thought-signatures (FAQ: injecting a custom function call)",
  signature: "skip_thought_signature_validator"
} satisfies Conversation.Rule

/** How Gemini's parts are read as an assistant turn's neutral parts, and written from them. */
export const turn: AssistantTurn.TurnBlocks = { format: "google", read, write, exact: false, editedCalls }
