/**
 * Tool calls as they stream: fragments, where each call came from in its stream, what ends calls, and how
 * fragments add up to calls (in the `Accumulator`).
 *
 * @internal
 */
import * as Payload from "../payload/Payload.js"
import * as Tool from "../Tool.js"

/**
 * One streamed fragment of a server tool call: a `ToolCallDelta` with the provider's kind of call. A `whole` fragment
 * carries the call's whole arguments, which replace those so far: a provider that names a call again with its output
 * (Groq's `executed_tools`) sends them again.
 */
export interface ServerToolCallDelta extends ToolCallDelta {
  readonly type?: string | undefined
  readonly whole?: boolean | undefined
}

/**
 * One streamed fragment of a tool call. `index` identifies the call within its stream (OpenAI-style:
 * the tool-call index within its choice; Anthropic and Bedrock: the content-block index) and `choice`
 * the output it belongs to (OpenAI-style `n > 1`); `id` and `name` arrive on the first fragment,
 * `arguments` pieces are concatenated. A fragment of a custom tool's call (`custom`: Chat Completions'
 * `type: "custom"` calls) carries a piece of its free-form input, escaped as in a JSON string (`customPiece`).
 */
export interface ToolCallDelta {
  readonly index: number
  readonly choice?: number | undefined
  readonly id?: string | undefined
  readonly name?: string | undefined
  readonly arguments: string
  readonly custom?: boolean | undefined
}

/** Where a tool call came from in its stream (`ToolCallDelta`), and whether it is a custom tool's call. */
export interface ToolCallSlot {
  readonly index: number
  readonly choice?: number | undefined
  readonly custom?: boolean | undefined
}

/** A piece of a custom tool's input, escaped as in the JSON string its call's `arguments` carry. */
export const customPiece = (piece: string): string => JSON.stringify(piece).slice(1, -1)

/** The input of a custom tool's call from its arguments (a JSON string), or `undefined` for a function call's. */
export const customInputOf = (args: string): string | undefined => {
  const input = args.trimStart().startsWith("\"") ? Payload.parseJson(args) : undefined
  return typeof input === "string" ? input : undefined
}

/** Completes a custom tool's call: closes its JSON string. */
export const closeCustom = (call: Tool.ToolCall): Tool.ToolCall => appendDelta(call, { index: 0, arguments: "\"" })

/** Whether a slot is of the first choice: the one a UI message, `effect/ai` or structured output reads. */
export const isFirstChoice = (slot: ToolCallSlot): boolean => slot.choice === undefined || slot.choice === 0

/** Writes a tool call slot as a map key. */
export const slotKey = (slot: ToolCallSlot): string => `${slot.choice ?? ""}:${slot.index}`

/** Maps the key of each call's slot to its position. */
export const positionsOf = (calls: ReadonlyArray<{ readonly slot: ToolCallSlot }>): Map<string, number> => {
  const positions = new Map<string, number>()
  calls.forEach((call, position) => positions.set(slotKey(call.slot), position))
  return positions
}

/** Which tool calls a chunk completes: every call, one choice's calls, or the call at one index. */
export type ToolCallsEnded =
  | { readonly _tag: "AllEnded" }
  | { readonly _tag: "ChoiceEnded"; readonly choice: number }
  | { readonly _tag: "CallEnded"; readonly index: number }

/** Whether `ended` completes the call in `slot`. */
export const isEndedBy = (slot: ToolCallSlot, ended: ToolCallsEnded): boolean => {
  switch (ended._tag) {
    case "AllEnded":
      return true
    case "ChoiceEnded":
      return slot.choice === ended.choice
    case "CallEnded":
      return slot.index === ended.index
  }
}

/** Adds a fragment to the server tool call it belongs to (or starts it); a `whole` one's arguments replace its own. */
export const appendServerDelta = (
  call: Tool.ServerToolCall | undefined,
  delta: ServerToolCallDelta
): Tool.ServerToolCall =>
  new Tool.ServerToolCall({
    id: call?.id || delta.id || "",
    name: call?.name || delta.name || "",
    type: call?.type || delta.type || "",
    arguments: delta.whole === true ? delta.arguments : (call?.arguments ?? "") + delta.arguments
  }, { disableChecks: true })

/** Adds a fragment to its call (or starts it): the first id and name win, argument pieces concatenate. */
export const appendDelta = (call: Tool.ToolCall | undefined, delta: ToolCallDelta): Tool.ToolCall =>
  new Tool.ToolCall({
    id: call?.id || delta.id || "",
    name: call?.name || delta.name || "",
    // A custom tool's input opens its JSON string.
    arguments: (call?.arguments || (delta.custom ? "\"" : "")) + delta.arguments
  }, { disableChecks: true })
