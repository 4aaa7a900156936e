/**
 * The provider's blocks of a turn that did not end (stopped, failed, cut at a budget's cap), or whose calls the
 * conversation leaves unanswered: every API refuses a call sent back without its result, so the turn keeps its
 * blocks without:
 *
 * - the program's calls;
 * - a provider's own call whose result never came, where the result is a block of its own paired by id
 *   (`server_tool_use` and `mcp_tool_use`, Anthropic's and Bedrock's): sent back without it, the call is one the API
 *   runs when the program answers its own calls (platform.claude.com, "Server tools"), which it will not;
 * - reasoning that only led to those calls: a reasoning block stays where a block other than a call or reasoning
 *   follows it (the Responses API refuses a reasoning item sent without the item it led to).
 *
 * @internal
 */
import type * as Accumulator from "../fold/Accumulator.js"
import * as ContentBlocks from "../fold/ContentBlocks.js"
import type * as AssistantTurn from "../provider/AssistantTurn.js"

/** Whether a provider's call of this type has its result in a block of its own, paired with the call by id. */
const resultIsABlock = (type: string): boolean => type === "server_tool_use" || type === "mcp_tool_use"

/** What the turn is read from: a response, or the fold it is made of. */
export type Source =
  & Omit<ContentBlocks.Source, "serverToolCallRecords">
  & Pick<Accumulator.Fields, "blockRecords" | "serverToolCallRecords" | "serverToolResults">

/** The stream positions of the provider's own calls whose result block never came. */
const unansweredServerCalls = (source: Source): ReadonlySet<number> => {
  const answered = new Set(source.serverToolResults.map((result) => result.toolUseId))
  return new Set(
    source.serverToolCallRecords.flatMap((record) =>
      resultIsABlock(record.call.type) && !answered.has(record.call.id) ? [record.slot.index] : []
    )
  )
}

/** A block of a turn as the rule reads it: the part it is (if any), and whether it leaves (a call without result). */
export interface Entry {
  readonly block: unknown
  readonly kind: AssistantTurn.Part["_tag"] | undefined
  readonly leaves: boolean
}

/** The blocks of a turn without those that leave, reasoning kept only where a block other than reasoning follows. */
export const keep = (entries: ReadonlyArray<Entry>): ReadonlyArray<unknown> => {
  const kept = entries.filter((entry) => !entry.leaves)
  const lastAnswer = Math.max(-1, ...kept.map(({ kind }, at) => kind !== "Reasoning" ? at : -1))
  return kept.flatMap(({ block, kind }, at) => kind === "Reasoning" && at > lastAnswer ? [] : [block])
}

/** The turn's blocks that can go back without results, in order (see the module's description). */
export const blocks = (source: Source): ReadonlyArray<unknown> => {
  const texts = ContentBlocks.textsOf(source)
  const unanswered = unansweredServerCalls(source)
  return keep(source.blockRecords.flatMap((record) => {
    const block = record.build(record, texts)
    if (block === undefined) return []
    const kind = record.read(block)?._tag
    return [{ block, kind, leaves: kind === "ToolCall" || unanswered.has(record.index) }]
  }))
}
