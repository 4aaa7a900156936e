/**
 * An assistant turn's parts, provider-neutral: text, reasoning and tool calls, each with the opaque state its
 * provider put on it (`State`). Every provider that takes a turn back as its own content blocks reads them into
 * these parts and writes these parts back as blocks (`TurnBlocks`, in its `<Provider>Blocks.ts`), so that the
 * browser protocols can carry a turn's state.
 *
 * @internal
 */
import type { Format, Pairing } from "../fold/ContentBlocks.js"

/**
 * What a provider put on one part of an assistant turn that it needs back, unchanged, on that part of the next
 * request (each field set only where the provider has it):
 *
 * - `signature`: a signature over the part: Anthropic's `thinking.signature`, Bedrock's
 *   `reasoningContent.reasoningText.signature`, Gemini's `thoughtSignature` (on a thought, a text or a
 *   function call part).
 * - `encrypted`: the reasoning itself, encrypted by the provider: Anthropic's `redacted_thinking.data`,
 *   Bedrock's `reasoningContent.redactedContent` (base64), the Responses API's reasoning `encrypted_content`.
 * - `itemId`: the id of the output item the part was (the Responses API's `rs_…`, `msg_…`, `fc_…`).
 * - `itemType`: the kind of output item a tool call was, where the API has several (the Responses API's
 *   `custom_tool_call`; a function call has none).
 */
export interface State {
  readonly signature?: string | undefined
  readonly encrypted?: string | undefined
  readonly itemId?: string | undefined
  readonly itemType?: string | undefined
}

/** The fields of a `State`, in the order its JSON form lists them. */
export const stateFields = ["signature", "encrypted", "itemId", "itemType"] as const

/** One part of an assistant turn, in the turn's order. */
export type Part =
  | {
    readonly _tag: "Text"
    readonly text: string
    readonly state?: State | undefined
  }
  | {
    /** Reasoning; reasoning returned encrypted has its `state.encrypted` (and often no text). */
    readonly _tag: "Reasoning"
    readonly text: string
    readonly state?: State | undefined
  }
  | {
    readonly _tag: "ToolCall"
    readonly id: string
    readonly name: string
    readonly input: unknown
    readonly state?: State | undefined
  }

export type { Format } from "../fold/ContentBlocks.js"

/** How a provider reads its content blocks as neutral parts, and writes neutral parts as its blocks. */
export interface TurnBlocks {
  readonly format: Format
  /** The part a finished block is, or `undefined` for a block that is none (a server tool's call or result, ...). */
  readonly read: (block: unknown) => Part | undefined
  /** The block a part is written as, or `undefined` for a part the provider takes back as no block. */
  readonly write: (part: Part) => unknown
  /**
   * Whether the API checks a turn sent back against the turn it sent, field by field (Anthropic's prefix check on
   * thinking blocks): a block whose part writes it otherwise must then go back as it came.
   */
  readonly exact: boolean
  /**
   * The API's `editedCalls` rule (its request's table holds the same row): a call a person edited goes back as its
   * block with the input it ran with, its signature replaced by `signature` where the row names one; `undefined` where
   * the API has no such rule (the turn then goes back as another provider's).
   */
  readonly editedCalls?: { readonly does: string; readonly signature?: string | undefined } | undefined
  /** Whether a block holds what the API needs back that its part does not write (a Responses message's `phase`). */
  readonly whole?: ((block: unknown) => boolean) | undefined
  /** The one block a block and the next are, where the provider's block was parts (a reasoning item's summaries). */
  readonly join?: ((block: unknown, next: unknown) => unknown) | undefined
  /** Pairs a provider's own call and its result block by id (Anthropic's `server_tool_use`, Bedrock's). */
  readonly pairing?: ((block: unknown) => Pairing | undefined) | undefined
  /**
   * The call a block asks the program to approve, where the provider runs it itself once approved (OpenAI's
   * `mcp_approval_request`, an MCP server's call): its id, and the server that runs it.
   */
  readonly approvalAsked?: ((block: unknown) => ApprovalAsked | undefined) | undefined
  /**
   * The model's refusal a block holds, in pieces (a Chat Completions turn's `refusal` block, the `refusal` parts of a
   * Responses API message item): what an API that takes a refusal apart sends in its place (`refusalsApart`); none
   * where the API's turns hold no refusal of their own (Claude's and Gemini's refusals are stop reasons).
   */
  readonly refusals?: ((block: unknown) => ReadonlyArray<string>) | undefined
}

/** A call the provider runs itself once the program approves it (`TurnBlocks.approvalAsked`). */
export interface ApprovalAsked {
  readonly callId: string
  /** Who runs it: an MCP server's label. */
  readonly server: string
}

// What a block of a provider's own call or of its result says of the pair (`TurnBlocks.pairing`): the fold's type.
export type { Pairing }

/** The state with only its set fields, or `undefined` when none is set (an empty string is not set). */
export const stateOf = (state: State): State | undefined => {
  let out: Record<string, string> | undefined
  for (const field of stateFields) {
    const value = state[field]
    if (typeof value === "string" && value !== "") (out ??= {})[field] = value
  }
  return out
}

/**
 * The turn's parts as the provider's blocks, in order; an empty text is no block unless it carries state (Gemini's
 * signature), and parts that were one block of the provider's are written as that block (`join`).
 */
export const blocks = (writer: TurnBlocks, parts: ReadonlyArray<Part>): ReadonlyArray<unknown> => {
  const out: Array<unknown> = []
  for (const part of parts) {
    if (part._tag === "Text" && part.text === "" && part.state === undefined) continue
    const block = writer.write(part)
    if (block === undefined) continue
    const joined = out.length === 0 ? undefined : writer.join?.(out[out.length - 1], block)
    if (joined === undefined) out.push(block)
    else out[out.length - 1] = joined
  }
  return out
}
