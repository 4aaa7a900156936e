/**
 * An assistant turn's reasoning as OpenRouter's `reasoning_details`, the one piece of a Chat Completions turn a host
 * wants back as it sent it (OpenRouter's "Reasoning Tokens" guide, "Preserving reasoning blocks": the
 * `reasoning_details` of an assistant message go back on it, unchanged and in order, for the upstream model, Claude's
 * signed thinking or an encrypted reasoning item, to go on from). Each detail streams in pieces under its `index`; a
 * finished detail is its pieces joined. The turn's text and calls go back as Chat Completions writes them; only the
 * details, and the model's refusal (which goes back in its own field), are blocks.
 *
 * @internal
 */
import type * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import type * as StreamEvent from "../../core/fold/StreamEvent.js"
import type * as Message from "../../core/Message.js"
import * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import type * as Conversation from "../../core/request/Conversation.js"
import type * as ChatSchemas from "./ChatSchemas.js"

type Detail = typeof ChatSchemas.ReasoningDetail.Type

const stringOf = (value: unknown): string | undefined => typeof value === "string" ? value : undefined

/** The finished detail: its pieces' `text`, `summary` and `data` joined, its last `signature`, its first names. */
const build: ContentBlocks.Builder = (record) => {
  const out: Record<string, unknown> = { ...record.block }
  for (const piece of record.pieces as ReadonlyArray<Detail>) {
    for (const field of ["text", "summary", "data"] as const) {
      const value = piece[field]
      if (typeof value === "string") out[field] = (stringOf(out[field]) ?? "") + value
    }
    if (typeof piece.signature === "string" && piece.signature !== "") out["signature"] = piece.signature
  }
  return out
}

/** A detail as a neutral part: reasoning, with its signature, or encrypted (`reasoning.encrypted`'s `data`). */
const read = (block: unknown): AssistantTurn.Part | undefined => {
  if (typeof block !== "object" || block === null) return undefined
  const detail = block as Readonly<Record<string, unknown>>
  const type = stringOf(detail["type"])
  if (type === undefined || !type.startsWith("reasoning.")) return undefined
  return {
    _tag: "Reasoning",
    text: stringOf(detail["text"]) ?? stringOf(detail["summary"]) ?? "",
    state: AssistantTurn.stateOf({
      signature: stringOf(detail["signature"]),
      encrypted: stringOf(detail["data"]),
      itemId: stringOf(detail["id"]),
      itemType: stringOf(detail["format"])
    })
  }
}

/**
 * A neutral reasoning part as a detail (its id, and the upstream model's format in `itemType`); text and calls are no
 * detail.
 */
const write = (part: AssistantTurn.Part): unknown => {
  if (part._tag !== "Reasoning") return undefined
  const state = part.state ?? {}
  return {
    ...(state.encrypted !== undefined
      ? { type: "reasoning.encrypted", data: state.encrypted }
      : {
        type: "reasoning.text",
        text: part.text,
        ...(state.signature === undefined ? {} : { signature: state.signature })
      }),
    ...(state.itemId === undefined ? {} : { id: state.itemId }),
    ...(state.itemType === undefined ? {} : { format: state.itemType })
  }
}

/**
 * The `editedCalls` rule row of this API (`Conversation.Rules`, in its request's table): what stays beside a call a
 * person edited before it ran. Kept beside the turn's blocks, which carry it (`AssistantTurn.TurnBlocks.editedCalls`),
 * so that rewriting a turn loads no request module.
 */
export const editedCalls = {
  does: "a call a person edited before it ran goes back in `tool_calls` with the arguments it ran with; the " +
    "turn's `reasoning_details` (OpenRouter's, signed upstream) stay beside it as they came",
  refusal: "the upstream's own 400 passed through, e.g. Claude's \"Expected `thinking` or `redacted_thinking`, but " +
    "found `tool_use`\" (the reasoning dropped)",
  source: "https://openrouter.ai/docs/use-cases/reasoning-tokens#preserving-reasoning-blocks"
} satisfies Conversation.Rule

/** A host's plain reasoning (`reasoning_content`) as a detail: the reasoning its block's span streamed. */
const buildPlain: ContentBlocks.Builder = (record, texts) => ({
  type: "reasoning.text",
  text: texts.reasoning.slice(record.reasoningFrom, record.reasoningTo)
})

/**
 * The `Open` of the block that keeps a host's plain `reasoning_content` on the turn (a `reasoning.text` detail at index
 * 0, its text the reasoning streamed after it), made once: every such delta carries it, allocating nothing.
 */
export const plainReasoning: StreamEvent.StreamEvent = {
  _tag: "BlockUpdate",
  update: { _tag: "Open", format: "openrouter", index: 0, block: { type: "reasoning.text" }, build: buildPlain, read }
}

/** A refusal block as a Chat Completions turn keeps it: `{ type: "refusal", refusal }`, its pieces joined. */
const buildRefusal: ContentBlocks.Builder = (record) => ({
  type: "refusal",
  refusal: (record.pieces as ReadonlyArray<string>).join("")
})

/** The index of a turn's refusal block, apart from its reasoning details' (`index` from 0). */
const refusalIndex = -1

/** The `Open` of a turn's refusal block, made once (every refusal delta carries it). */
const refusalOpen: StreamEvent.StreamEvent = {
  _tag: "BlockUpdate",
  update: {
    _tag: "Open",
    format: "openrouter",
    index: refusalIndex,
    block: { type: "refusal" },
    build: buildRefusal,
    read
  }
}

/**
 * The block updates of a piece of the model's refusal (`delta.refusal`, openai-node
 * src/resources/chat/completions/completions.ts `ChatCompletionChunk.Choice.Delta.refusal`): the turn keeps it as a
 * block of its own, which goes back in the assistant message's `refusal` field (`refusalsApart`).
 */
export const refusalUpdates = (refusal: string): ReadonlyArray<StreamEvent.StreamEvent> => [
  refusalOpen,
  { _tag: "BlockUpdate", update: { _tag: "Piece", index: refusalIndex, piece: refusal } }
]

/** Whether a turn's block, or a part of a message item, is a refusal (`{ type: "refusal", refusal }`). */
const isRefusal = (block: unknown): block is { readonly refusal: string } =>
  typeof block === "object" && block !== null && (block as { readonly type?: unknown }).type === "refusal" &&
  typeof (block as { readonly refusal?: unknown }).refusal === "string"

/**
 * The refusal a block holds, in pieces, in either of the two shapes OpenAI's APIs give it, both `{ type: "refusal",
 * refusal }`: a Chat Completions turn's refusal block (`refusalUpdates`), or the refusal parts of a Responses API
 * message item (openai-node src/resources/responses/responses.ts `ResponseOutputMessage.content`,
 * `ResponseOutputRefusal`). The `refusals` column of both APIs' rows of the table of turn formats
 * (`TurnFormats.turnFormats`); no other format's blocks have either shape.
 */
export const refusalsIn = (block: unknown): ReadonlyArray<string> => {
  if (isRefusal(block)) return [block.refusal]
  const content = typeof block === "object" && block !== null &&
      (block as { readonly type?: unknown }).type === "message"
    ? (block as { readonly content?: unknown }).content
    : undefined
  return Array.isArray(content) ? content.filter(isRefusal).map((part) => part.refusal) : []
}

/**
 * The refusal a turn holds, joined (a conversation moves from one of OpenAI's APIs to the other: `refusalsApart`);
 * `undefined` when it holds none. Its blocks are read by the `refusals` column OpenAI's two APIs' rows share
 * (`refusalsIn`): the compatible core sits below the table of turn formats and cannot ask it for the turn's row, and no
 * other row has the column, nor do other formats' blocks have either shape, so this reads each turn as its row would.
 */
export const refusalOf = (content: Message.ProviderContent | undefined): string | undefined => {
  const refusals = content === undefined ? [] : content.blocks.flatMap(refusalsIn)
  return refusals.length === 0 ? undefined : refusals.join("")
}

/** How OpenRouter's reasoning details, and a turn's refusal, are read as an assistant turn's parts, and written. */
export const turn: AssistantTurn.TurnBlocks = {
  format: "openrouter",
  read,
  write,
  exact: false,
  editedCalls,
  refusals: refusalsIn
}

/** The reasoning details of a turn's blocks: those that are no refusal. */
export const detailsOf = (content: Message.ProviderContent | undefined): ReadonlyArray<unknown> =>
  content?.provider === "openrouter" ? content.blocks.filter((block) => !isRefusal(block)) : []

/** The block updates of a chunk's reasoning details: each opens its block (by its `index`) and is a piece of it. */
export const updates = (details: ReadonlyArray<Detail>): ReadonlyArray<StreamEvent.StreamEvent> => {
  const events: Array<StreamEvent.StreamEvent> = []
  for (const detail of details) {
    const index = detail.index ?? 0
    const block: Record<string, unknown> = { type: detail.type }
    if (typeof detail.id === "string") block["id"] = detail.id
    if (typeof detail.format === "string") block["format"] = detail.format
    events.push(
      { _tag: "BlockUpdate", update: { _tag: "Open", format: "openrouter", index, block, build, read } },
      { _tag: "BlockUpdate", update: { _tag: "Piece", index, piece: detail } }
    )
  }
  return events
}
