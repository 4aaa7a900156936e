/**
 * An assistant turn with only the calls the conversation answers. When a program's call is not sent back (a call
 * waiting for the user's approval when the user asks something else instead), the turn goes on as one that did not
 * end (`UnendedTurn.keep`): without that call, without a provider's own call whose result is not in the turn (the API
 * runs such a call when the program answers its own calls, which it will not: platform.claude.com, "Server tools"),
 * and without reasoning that only led to the calls (the Responses API refuses a reasoning item sent without the item
 * that follows it). A turn whose calls all go back is sent as it is.
 *
 * @internal
 */
import * as UnendedTurn from "../core/call/UnendedTurn.js"
import type * as AssistantTurn from "../core/provider/AssistantTurn.js"
import * as TurnFormats from "./TurnFormats.js"

/**
 * The turn's blocks with the program's calls whose blocks `sends` says go back and none other; `leftOut`: a call of
 * the turn is already left out of `blocks` (written from its parts without it).
 */
export const blocksOf = (
  format: AssistantTurn.Format,
  blocks: ReadonlyArray<unknown>,
  sends: (block: unknown) => boolean,
  leftOut = false
): ReadonlyArray<unknown> => {
  const turn = TurnFormats.turnFormats[format]
  const read = blocks.map((block) => ({ block, part: turn.read(block), pair: turn.pairing?.(block) }))
  const unsent = read.some(({ block, part }) => part?._tag === "ToolCall" && !sends(block))
  if (!unsent && !leftOut) return blocks
  const answered = new Set(read.flatMap(({ pair }) => pair !== undefined && "resultOf" in pair ? [pair.resultOf] : []))
  return UnendedTurn.keep(read.map(({ block, pair, part }) => ({
    block,
    kind: part?._tag,
    leaves: part?._tag === "ToolCall"
      ? !sends(block)
      : pair !== undefined && "callId" in pair && !answered.has(pair.callId)
  })))
}
