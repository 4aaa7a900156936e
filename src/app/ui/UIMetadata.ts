/**
 * What a browser is told of an answer when it ends: the protocol's finish reason, and the finish metadata, listed
 * once in `fields` and read by the UI message stream and AG-UI alike.
 *
 * @internal
 */
import * as Option from "effect/Option"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponse from "../../core/call/CallResponse.js"
import * as Cost from "../../core/call/Cost.js"
import * as FinishReason from "../../core/FinishReason.js"
import * as LoopSums from "../../core/spend/LoopSums.js"
import * as Usage from "../../core/Usage.js"
import type * as StepEvents from "../loop/StepEvents.js"
import type * as UIChunk from "./UIChunk.js"

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
 * AG-UI's `RUN_FINISHED.metadata`. `cost` is `spend.cost`: an estimate when `spend.estimated` says so.
 *
 * @since 0.3.0
 * @category Models
 */
export interface Metadata {
  readonly provider?: string
  readonly model?: string
  readonly finishReason?: FinishReason.FinishReason
  readonly usage: UsageMetadata
  /** The answer's cost in USD as an exact decimal string (`"0.0000138"`), `spend.cost`; absent without a price. */
  readonly cost?: string
  readonly spend: SpendMetadata
  /** A tool loop's steps (since 0.6.0 on AG-UI too). */
  readonly steps?: number
  /** Why a tool loop stopped (`stop`, `budget`, `spend-limit`, ...), or the bound that ended a call. */
  readonly stopReason?: string
}

/** What the finish metadata is read from: the answer's responses, their sums, and a loop's steps and reason. */
export interface Answer {
  readonly responses: ReadonlyArray<CallResponse.CallResponse>
  readonly usage: Usage.Usage
  readonly spend: CallResponse.Spend
  readonly steps?: number | undefined
  readonly stopReason?: string | undefined
}

/** The finish metadata's fields, each read from the answer: the one list both browser protocols show. */
export const fields: { readonly [K in keyof Metadata]-?: (answer: Answer) => Metadata[K] | undefined } = {
  provider: (answer) => answer.responses.at(-1)?.provider,
  model: (answer) => answer.responses.at(-1)?.model,
  finishReason: (answer) => answer.responses.at(-1)?.commonFinishReasons[0],
  usage: (answer) => usageMetadata(answer.usage),
  cost: (answer) => costText(answer.spend.cost),
  spend: (answer) => spendMetadata(answer.spend),
  steps: (answer) => answer.steps,
  stopReason: (answer) => answer.stopReason
}

/** The finish metadata of an answer. */
export const metadataOf = (answer: Answer): Metadata => {
  const metadata: Record<string, unknown> = {}
  for (const [field, read] of Object.entries(fields)) {
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

/** A tool loop's answer: its steps, and its `DoneEvent` once it ended (a stopped loop has none). */
export const ofSteps = (steps: ReadonlyArray<CallEnding.Ending>, done?: StepEvents.DoneEvent | undefined): Answer => ({
  responses: steps.map((step) => step.response),
  usage: done?.usage ?? LoopSums.usageOf(steps),
  spend: done?.spend ?? LoopSums.spendOf(steps),
  steps: steps.length,
  stopReason: done?.reason
})

/** A cost's total as metadata (`Cost.totalText`: what `Cost.toJSON` writes, without its breakdown). */
export const costText = (cost: Option.Option<Cost.Cost>): string | undefined =>
  Option.isNone(cost) ? undefined : Cost.totalText(cost.value)

/** A spend as metadata. */
export const spendMetadata = (spend: CallResponse.Spend): SpendMetadata => {
  const cost = costText(spend.cost)
  return { usage: usageMetadata(spend.usage), ...(cost === undefined ? {} : { cost }), estimated: spend.estimated }
}

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
