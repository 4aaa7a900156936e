/**
 * What a browser is told of an answer when it ends: the protocol's finish reason, and the finish metadata, listed
 * once in `fields` and read by the UI message stream and AG-UI alike.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponse from "../../core/call/CallResponse.js"
import * as Cost from "../../core/call/Cost.js"
import * as FinishReason from "../../core/FinishReason.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as Usage from "../../core/Usage.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import type * as SpentToken from "../signing/SpentToken.js"

/** The protocol's finish reason of a response (`undefined` when the provider reported none). */
export const finishReason = (response: CallResponse.CallResponse): UIChunk.FinishReason | undefined => {
  const common = response.commonFinishReasons
  if (common.length === 0) return undefined
  // A call that asked for tools finished for them, whatever else a choice reported.
  if (common.includes("tool_calls")) return "tool-calls"
  return FinishReason.protocolNames[common[0]!] satisfies UIChunk.FinishReason
}

/**
 * The usage counts a response reported, named by `Usage.views`' `ui` column; a count never reported is absent, never
 * 0. Other models' tokens spent inside the call (Anthropic's advisor) are `byModel`.
 */
export type UsageMetadata = UsageCounts & {
  readonly byModel?: ReadonlyArray<UsageCounts & { readonly model: string }>
}

type UsageCounts = {
  readonly [Name in NonNullable<(typeof Usage.views)[Usage.Count]["ui"]>]?: number
}

/** What the call is billed for (`CallResponse.spend`), the cost an exact decimal string, and whether estimated. */
export interface SpendMetadata {
  readonly usage: UsageMetadata
  readonly cost?: string
  readonly estimated: boolean
}

/**
 * The finish metadata: the UI message stream's `finish` metadata, and (each field under `effect-llm-stream/<field>`)
 * AG-UI's `RUN_FINISHED.metadata`. `cost` is `spend.cost`: an estimate when `spend.estimated` says so. They and `usage`
 * (`spend.usage`) are the whole answer's (since 0.7.0): an answer continued after a pause (an approval, a budget
 * question) counts what its earlier requests spent and the tokens they used, so a shown total never goes down. An
 * answer continued from a 0.6 message, whose earlier tokens are not known, shows no token counts.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Metadata {
  readonly provider?: string
  readonly model?: string
  readonly finishReason?: FinishReason.FinishReason
  /** The tokens the answer used, over every request that made it (since 0.7.0). */
  readonly usage: UsageMetadata
  /**
   * The answer's cost in USD as an exact decimal string (`"0.0000138"`), `spend.cost`, over every request that made
   * it; absent without a price.
   */
  readonly cost?: string
  readonly spend: SpendMetadata
  /**
   * A tool loop's steps (since 0.6.0 on AG-UI too): since 0.7.0 the whole answer's, over every request that made it
   * (its earlier requests' signed with what they spent), as a durable run counts its own, so the count shown never
   * goes down.
   */
  readonly steps?: number
  /** Why a tool loop stopped (`stop`, `budget`, `spend-limit`, ...), or the bound that ended a call. */
  readonly stopReason?: string
}

/**
 * What the finish metadata is read from: the answer's responses, their sums, a loop's steps and reason, what the
 * answer's earlier requests spent (`earlier`, in USD: an answer continued after a pause), which its cost counts, and
 * the tokens they used (`earlierUsage`, `"unknown"` when not known), which its usage counts.
 */
export interface Answer {
  readonly responses: ReadonlyArray<CallResponse.CallResponse>
  readonly usage: Usage.Usage
  readonly spend: CallResponse.Spend
  readonly steps?: number | undefined
  readonly stopReason?: string | undefined
  readonly earlier?: BigDecimal.BigDecimal | undefined
  readonly earlierUsage?: Usage.Usage | "unknown" | undefined
}

/** The finish metadata's fields, each read from the answer: the one list both browser protocols show. */
export const fields: { readonly [K in keyof Metadata]-?: (answer: Answer) => Metadata[K] | undefined } = {
  provider: (answer) => answer.responses.at(-1)?.provider,
  model: (answer) => answer.responses.at(-1)?.model,
  finishReason: (answer) => answer.responses.at(-1)?.commonFinishReasons[0],
  usage: (answer) => usageMetadata(wholeUsage(answer.usage, answer.earlierUsage)),
  cost: (answer) => costText(answer.spend.cost, answer.earlier, answer.responses.length === 0),
  spend: (answer) => spendMetadata(answer.spend, answer.earlier, answer.earlierUsage, answer.responses.length === 0),
  steps: (answer) => answer.steps,
  stopReason: (answer) => answer.stopReason
}

const fieldEntries = /* @__PURE__ */ Object.entries(fields)

/** The finish metadata of an answer. */
export const metadataOf = (answer: Answer): Metadata => {
  const metadata: Record<string, unknown> = {}
  for (const [field, read] of fieldEntries) {
    const value = read(answer)
    if (value !== undefined) metadata[field] = value
  }
  return metadata as unknown as Metadata
}

/** One call's answer; `stopReason` the bound that cut it, if one did. */
export const ofResponse = (response: CallResponse.CallResponse, stopReason?: string | undefined): Answer => ({
  responses: [response],
  usage: response.usage,
  spend: response.spend,
  stopReason
})

/**
 * A tool loop's answer: its steps, its `DoneEvent` once it ended (a stopped loop has none), and what the answer's
 * earlier requests spent, used and the steps they made (else, with a budget, what its `DoneEvent` counted before this
 * loop's steps). Its `steps` are the whole answer's: the earlier requests' (none when not known) and this loop's.
 */
export const ofSteps = (
  steps: ReadonlyArray<CallEnding.Ending>,
  done?: StepEvents.DoneEvent | undefined,
  spent?: SpentToken.Spent | undefined
): Answer => {
  const earlier = spent?.usd
  const spend = done?.spend ?? LoopSums.spendOf(steps)
  return {
    responses: steps.map((step) => step.response),
    usage: done?.usage ?? LoopSums.usageOf(steps),
    spend,
    steps: (spent?.steps ?? 0) + steps.length,
    stopReason: done?.reason,
    earlier: earlier ?? (done?.budget === undefined ? undefined : spentBefore(done.budget.spent, spend)),
    earlierUsage: spent === undefined ? undefined : spent.usage ?? "unknown"
  }
}

/** What an answer's budget counted before the loop that spent `spend` (`LoopStep.answerBudget`'s sum, less it). */
const spentBefore = (spent: BigDecimal.BigDecimal, spend: CallResponse.Spend): BigDecimal.BigDecimal =>
  Option.match(spend.cost, { onNone: () => spent, onSome: (cost) => BigDecimal.subtract(spent, cost.total) })

/**
 * A cost's total as metadata (`Cost.totalText`: what `Cost.toJSON` writes, without its breakdown), with what the
 * answer's earlier requests spent (`earlier`) added. A run that made no request (`noRequest`: a continued answer that
 * paused again before its first step, at a budget question) cost nothing: the whole answer's total is then `earlier`,
 * never absent, so a total shown never goes down.
 */
export const costText = (
  cost: Option.Option<Cost.Cost>,
  earlier?: BigDecimal.BigDecimal | undefined,
  noRequest = false
): string | undefined =>
  Option.isNone(cost)
    ? noRequest && earlier !== undefined ? BigDecimal.format(BigDecimal.normalize(earlier)) : undefined
    : earlier === undefined
    ? Cost.totalText(cost.value)
    : BigDecimal.format(BigDecimal.normalize(BigDecimal.sum(earlier, cost.value.total)))

/** A spend as metadata; its cost and usage with what the answer's earlier requests spent and used added. */
export const spendMetadata = (
  spend: CallResponse.Spend,
  earlier?: BigDecimal.BigDecimal | undefined,
  earlierUsage?: Usage.Usage | "unknown" | undefined,
  noRequest = false
): SpendMetadata => {
  const cost = costText(spend.cost, earlier, noRequest)
  const usage = usageMetadata(wholeUsage(spend.usage, earlierUsage))
  return { usage, ...(cost === undefined ? {} : { cost }), estimated: spend.estimated }
}

/**
 * The tokens the whole answer used: `usage`, with the earlier requests' added; none known when theirs are not (a
 * count is never made up).
 */
export const wholeUsage = (usage: Usage.Usage, earlier: Usage.Usage | "unknown" | undefined): Usage.Usage =>
  earlier === undefined ? usage : earlier === "unknown" ? Usage.empty : Usage.add(earlier, usage)

/** The usage counts reported (a count never reported is absent), and other models' (`Usage.viewOf`). */
export const usageMetadata = (reported: Usage.Usage): UsageMetadata => Usage.viewOf(reported, "ui")

/** The `finish` chunk: the finish reason of `last` (`cut` when it has none) and the message metadata, if any. */
export const finish = (
  last: CallResponse.CallResponse | undefined,
  messageMetadata: (() => unknown) | undefined,
  cut?: UIChunk.FinishReason | undefined
): UIChunk.Finish => {
  const reason = last === undefined ? undefined : finishReason(last) ?? cut
  return {
    type: "finish",
    ...(reason === undefined ? {} : { finishReason: reason }),
    ...(messageMetadata === undefined ? {} : { messageMetadata: messageMetadata() })
  }
}
