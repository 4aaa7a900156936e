/**
 * An assistant turn as the Responses API's output items, sent back as input items. From a response: each
 * finished item exactly as it came (a reasoning item with its id and, when asked for, its `encrypted_content`;
 * messages; function and client calls; the service's own tool calls); an item the stream was cut inside of is
 * not sent back. From an assistant turn's neutral parts (the browser's or an
 * `effect/ai` prompt's): reasoning items, messages, and function and custom tool calls, each under its item id.
 *
 * The shapes are openai-node's `ResponseReasoningItem`, `ResponseOutputMessage`, `ResponseFunctionToolCall` and
 * `ResponseCustomToolCall` (`resources/responses/responses.ts`).
 *
 * @internal
 */
import * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import * as Payload from "../../core/payload/Payload.js"
import * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import type * as Conversation from "../../core/request/Conversation.js"
import * as ChatBlocks from "../openai-compatible/ChatBlocks.js"

type Item = Readonly<Record<string, unknown>>

/** A finished item: as it came, a call of the program's with the id the response gave it (`ContentBlocks.Texts`). */
const buildDone: ContentBlocks.Builder = (record, texts) => {
  const id = texts.callId(record.index)
  // An approval request is named by its own `id`, which its answer gives back (`approval_request_id`).
  if (id === undefined || record.block["type"] === "mcp_approval_request") return record.block
  return record.block["call_id"] === id ? record.block : { ...record.block, call_id: id }
}

/**
 * A message or reasoning item whose `done` never came is not sent back: the API may have no such item, and its
 * reasoning has neither the id of a stored item nor its `encrypted_content` (its text stays the response's).
 */
const buildOpen: ContentBlocks.Builder = () => undefined

/** Whose Responses API a turn's items are: OpenAI's, or an Azure OpenAI resource's. */
export type Format = "openai-responses" | "azure-responses"

/** The format of the items a provider's Responses API streams. */
export const formatOf = (provider: "openai" | "azure"): Format =>
  provider === "azure" ? "azure-responses" : "openai-responses"

/** A block update of an item, built by `build` when the stream ends. */
const update = (_tag: "Start" | "Open", build: ContentBlocks.Builder) => (item: Item, index: number, format: Format) =>
  ({ _tag, format, index, block: item, build, read }) satisfies ContentBlocks.Update

/** The `Start` of a finished item (`response.output_item.done`). */
export const done = /* @__PURE__ */ update("Start", buildDone)

/**
 * The `Open` of a message or reasoning item as it starts (`response.output_item.added`): the text and reasoning
 * that stream next are that item's, until its `done` replaces it with the finished item.
 */
export const added = /* @__PURE__ */ update("Open", buildOpen)

/** The item types whose text or reasoning streams as deltas. */
export const streamsText = (type: string): boolean => type === "message" || type === "reasoning"

const stringOf = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** The `text` of each entry of a list of `{ type, text }` objects, joined. */
const textsOf = (list: unknown, type: string): string =>
  Array.isArray(list)
    ? list.flatMap((entry) => Payload.isRecord(entry) && entry["type"] === type ? [stringOf(entry["text"]) ?? ""] : [])
      .join("")
    : ""

const argumentsOf = (text: unknown): unknown => {
  const parsed = typeof text === "string" && text.trim() !== "" ? Payload.parseJson(text) : {}
  return parsed === Payload.invalidJson ? {} : parsed
}

/** An item as a neutral part: reasoning, a message, a function call or a custom tool call. */
const read = (block: unknown): AssistantTurn.Part | undefined => {
  if (!Payload.isRecord(block)) return undefined
  const itemId = stringOf(block["id"])
  switch (block["type"]) {
    case "reasoning":
      return {
        _tag: "Reasoning",
        text: textsOf(block["summary"], "summary_text"),
        state: AssistantTurn.stateOf({ itemId, encrypted: stringOf(block["encrypted_content"]) })
      }
    case "message":
      return { _tag: "Text", text: textsOf(block["content"], "output_text"), state: AssistantTurn.stateOf({ itemId }) }
    case "function_call":
    case "custom_tool_call":
      return {
        _tag: "ToolCall",
        id: stringOf(block["call_id"]) ?? "",
        name: stringOf(block["name"]) ?? "",
        input: block["type"] === "function_call" ? argumentsOf(block["arguments"]) : block["input"] ?? "",
        state: AssistantTurn.stateOf({
          itemId,
          itemType: block["type"] === "function_call" ? undefined : block["type"]
        })
      }
    default:
      return undefined
  }
}

const withId = (itemId: string | undefined): Item => itemId === undefined ? {} : { id: itemId }

/** A neutral part as an input item (a call of another kind than a custom tool's is written as a function call). */
const write = (part: AssistantTurn.Part): unknown => {
  const itemId = part.state?.itemId
  switch (part._tag) {
    case "Reasoning": {
      const encrypted = part.state?.encrypted
      return {
        type: "reasoning",
        ...withId(itemId),
        summary: part.text === "" ? [] : [{ type: "summary_text", text: part.text }],
        ...(encrypted === undefined ? {} : { encrypted_content: encrypted })
      }
    }
    case "Text":
      return itemId === undefined
        ? { role: "assistant", content: part.text }
        : {
          type: "message",
          id: itemId,
          role: "assistant",
          status: "completed",
          content: [{ type: "output_text", text: part.text, annotations: [] }]
        }
    case "ToolCall":
      return part.state?.itemType === "custom_tool_call"
        ? {
          type: "custom_tool_call",
          ...withId(itemId),
          call_id: part.id,
          name: part.name,
          input: typeof part.input === "string" ? part.input : JSON.stringify(part.input ?? null)
        }
        : {
          type: "function_call",
          ...withId(itemId),
          call_id: part.id,
          name: part.name,
          arguments: JSON.stringify(part.input ?? {})
        }
  }
}

/**
 * Whether an item holds what its part does not write: a message's `phase` (`commentary` or `final_answer`), which
 * openai-node 7.57's `ResponseOutputMessage.phase` says to "preserve and resend ... on all assistant messages" for
 * GPT-5.3-Codex and later ("dropping it can degrade performance"), or its refusal (`ResponseOutputRefusal`, a content
 * part `{ type: "refusal", refusal }`: the model's refusal goes back as one, `refusalsApart`); a call's `namespace` (a
 * tool loaded by tool search, an MCP server's) or the `caller` that made it (`ResponseFunctionToolCall`).
 */
const whole = (block: unknown): boolean => {
  if (!Payload.isRecord(block)) return false
  if (block["type"] === "message") return typeof block["phase"] === "string" || ChatBlocks.refusalsIn(block).length > 0
  return (block["type"] === "function_call" || block["type"] === "custom_tool_call") &&
    (typeof block["namespace"] === "string" || Payload.isRecord(block["caller"]))
}

/**
 * A reasoning item and the next with the same id as one: the summary parts of one item, which the browser holds as
 * reasoning parts of their own (`ai`'s own provider does too), written back as the item's summary, in order, with the
 * `encrypted_content` one of them carries (the last: it comes with the finished item).
 */
const join = (block: unknown, next: unknown): unknown => {
  if (!isReasoning(block) || !isReasoning(next) || block["id"] === undefined || block["id"] !== next["id"]) {
    return undefined
  }
  const encrypted = next["encrypted_content"] ?? block["encrypted_content"]
  return {
    type: "reasoning",
    id: block["id"],
    summary: [...block["summary"], ...next["summary"]],
    ...(encrypted === undefined ? {} : { encrypted_content: encrypted })
  }
}

const isReasoning = (block: unknown): block is Item & { readonly summary: ReadonlyArray<unknown> } =>
  Payload.isRecord(block) && block["type"] === "reasoning" && Array.isArray(block["summary"])

/**
 * The `editedCalls` rule row of this API (`Conversation.Rules`, in its request's table): what stays beside a call a
 * person edited before it ran. Kept beside the turn's blocks, which carry it (`AssistantTurn.TurnBlocks.editedCalls`),
 * so that rewriting a turn loads no request module.
 */
export const editedCalls = {
  does: "a call a person edited before it ran goes back as its `function_call` item (its id kept) with the " +
    "arguments it ran with; the reasoning item before it stays, its encrypted content as it came",
  refusal: "Item 'rs_...' of type 'reasoning' was provided without its required following item (the call's item " +
    "dropped or renamed)",
  source: "https://platform.openai.com/docs/guides/reasoning (keeping reasoning items in context)"
} satisfies Conversation.Rule

/** The call an approval request asks to approve (`mcp_approval_request`: its `id`, its MCP server's label). */
const approvalAsked = (block: unknown): AssistantTurn.ApprovalAsked | undefined =>
  Payload.isRecord(block) && block["type"] === "mcp_approval_request" && typeof block["id"] === "string"
    ? { callId: block["id"], server: stringOf(block["server_label"]) ?? "" }
    : undefined

/** How a Responses API's items are read as an assistant turn's neutral parts, and written from them. */
export const turnOf = (format: Format): AssistantTurn.TurnBlocks => ({
  format,
  read,
  write,
  exact: false,
  whole,
  join,
  editedCalls,
  approvalAsked,
  refusals: ChatBlocks.refusalsIn
})
