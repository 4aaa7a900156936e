/**
 * What a UI message says about the call it came from: the protocol's finish reason and the default message metadata
 * (provider, model, finish reason, usage, the cost as an exact decimal string, and the spend). Both are read from the
 * call's response.
 *
 * @internal
 */
import * as Option from "effect/Option"
import type * as CallResponse from "../../core/call/CallResponse.js"
import * as Cost from "../../core/call/Cost.js"
import * as FinishReason from "../../core/FinishReason.js"
import * as Usage from "../../core/Usage.js"
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
 * The usage counts a response reported, under the names of `Usage.views`' `ui` column (`inputTokens`,
 * `cachedTokens`, `cacheWriteTokens`, `outputTokens`, `reasoningTokens`, `totalTokens`); a count never reported is
 * absent, never 0. Other models' tokens spent inside the call (Anthropic's advisor) are `byModel`, one entry per model.
 */
export type UsageMetadata = UsageCounts & {
  readonly byModel?: ReadonlyArray<UsageCounts & { readonly model: string }>
}

type UsageCounts = {
  readonly [Name in NonNullable<(typeof Usage.views)[Usage.Count]["ui"]>]?: number
}

/**
 * What the call is billed for (`CallResponse.spend`): its usage, its cost in USD as an exact decimal string
 * (absent for a model without a price), and whether they are estimated (the stream ended before the provider's
 * usage arrived).
 */
export interface SpendMetadata {
  readonly usage: UsageMetadata
  readonly cost?: string
  readonly estimated: boolean
}

/**
 * The default message metadata `fromStream` sends with `finish`: provider, model, the common finish reason,
 * the usage the provider reported (a field never reported is absent, never 0) and the cost in USD as an
 * exact decimal string (absent when the model has no price).
 *
 * @since 0.3.0
 * @category Models
 */
export interface Metadata {
  /**
   * What ended the answer when a bound did rather than the model: the cap of a tool loop's budget (`budget`) or of
   * a spend limit (`spend-limit`). A tool loop's message says why it stopped in any case.
   */
  readonly stopReason?: string
  readonly provider?: string
  readonly model?: string
  readonly finishReason?: FinishReason.FinishReason
  readonly usage: UsageMetadata
  /** The cost in USD as an exact decimal string (`"0.0000138"`), absent when it cannot be computed. */
  readonly cost?: string
  readonly spend: SpendMetadata
}

/** A cost's total as metadata (`Cost.totalText`: what `Cost.toJSON` writes, without its breakdown). */
export const costText = (cost: Option.Option<Cost.Cost>): string | undefined =>
  Option.isNone(cost) ? undefined : Cost.totalText(cost.value)

/** A spend as metadata; `cost` is its cost's text when the caller has it already. */
export const spendMetadata = (spend: CallResponse.Spend, cost = costText(spend.cost)): SpendMetadata => ({
  usage: usageMetadata(spend.usage),
  ...(cost === undefined ? {} : { cost }),
  estimated: spend.estimated
})

/** The usage counts reported (a count never reported is absent), and other models' (`Usage.viewOf`). */
export const usageMetadata = (reported: Usage.Usage): UsageMetadata => Usage.viewOf(reported, "ui")

/** The default metadata of the message a response is. */
export const metadata = (response: CallResponse.CallResponse): Metadata => {
  const usage = usageMetadata(response.usage)
  const spend = response.spend
  // A spend not estimated is the response's own usage and cost: the cost is computed and written once.
  const cost = costText(spend.estimated ? response.cost : spend.cost)
  const reason = response.commonFinishReasons[0]
  return {
    ...(response.provider === undefined ? {} : { provider: response.provider }),
    ...(response.model === undefined ? {} : { model: response.model }),
    ...(reason === undefined ? {} : { finishReason: reason }),
    usage,
    ...(cost === undefined ? {} : { cost }),
    spend: spendMetadata(spend, spend.estimated ? undefined : cost)
  }
}

/**
 * The `finish` chunk of a message: the finish reason of `last` (one call's response, or a tool loop's last step's;
 * `cut` when it has none, an answer cut short) and the message metadata, when there is any.
 */
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
