/**
 * The `finish` part of a call: the finish reason and usage in `effect/ai`'s terms, and this library's cost in its
 * metadata, all of the accumulated `CallResponse`, so it says exactly what the library's own response says.
 *
 * @internal
 */
import type * as Response from "effect/ai/Response"
import * as Result from "effect/Result"
import type * as CallResponse from "../../core/call/CallResponse.js"
import * as Cost from "../../core/call/Cost.js"
import * as FinishReason from "../../core/FinishReason.js"
import * as Usage from "../../core/Usage.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as AiMetadata from "./AiMetadata.js"

/**
 * The finish reason: the common reason's protocol name; a turn its provider paused (Anthropic's `pause_turn`) is
 * `pause`, none is `unknown`, and a structured-output call answered through its forced tool has finished (`stop`).
 */
export const finishReason = (
  response: CallResponse.CallResponse,
  options: { readonly structuredOutput: boolean }
): Response.FinishReason => {
  const common: FinishReason.FinishReason | undefined = response.commonFinishReasons[0]
  if (common === undefined) return "unknown"
  if (common === "tool_calls" && options.structuredOutput) return "stop"
  if (common === "other" && ProviderProfiles.isPaused(response.provider, response.finishReasons)) return "pause"
  return FinishReason.protocolNames[common] satisfies Response.FinishReason
}

const difference = (total: number | undefined, ...parts: ReadonlyArray<number | undefined>): number | undefined =>
  total === undefined ? undefined : parts.reduce<number>((rest, part) => rest - (part ?? 0), total)

/** What the stream carried besides text, whose tokens are a part of the output the provider may not count apart. */
export interface Streamed {
  /** Reasoning (text, a signature or redacted reasoning). */
  readonly reasoning: boolean
  /** Audio. */
  readonly audio: boolean
}

/**
 * Normalised usage in `effect/ai`'s shape: the uncached input and the text output are what the totals leave once
 * the reported parts are taken out. The text output stays absent when the stream carried reasoning or audio the
 * provider did not count apart: a false split is worse than none.
 */
export const usage = (usage: Usage.Usage, streamed: Streamed): typeof Response.Usage.Encoded => {
  const parts: Record<string, Record<string, number>> = { inputTokens: {}, outputTokens: {} }
  // The counts `effect/ai` shows as they are, where `Usage.views` puts them.
  for (const [count, path] of shown) {
    const value = Usage.countOf(usage, count)
    const [part, name] = path.split(".") as [string, string]
    if (value !== undefined) parts[part]![name] = value
  }
  const uncached = difference(usage.inputTokens, usage.cachedTokens, usage.cacheWriteTokens)
  const uncounted = (streamed.reasoning && usage.reasoningTokens === undefined) ||
    (streamed.audio && usage.outputAudioTokens === undefined)
  const text = uncounted ? undefined : difference(usage.outputTokens, usage.reasoningTokens, usage.outputAudioTokens)
  if (uncached !== undefined) parts["inputTokens"]!["uncached"] = uncached
  if (text !== undefined) parts["outputTokens"]!["text"] = text
  return parts as typeof Response.Usage.Encoded
}

/** The counts `effect/ai`'s usage shows as they are (`Usage.views`), with their paths in it. */
const shown = /* @__PURE__ */ Usage.shownIn("ai")

/** Every field of the normalised usage, `null` for what the provider did not report. */
const usageMetadata = (usage: Usage.Usage): AiMetadata.UsageMetadata => {
  const fields: Record<string, number | null> = {}
  for (const field of Object.keys(Usage.counts)) fields[field] = usage[field as keyof typeof Usage.counts] ?? null
  return fields as AiMetadata.UsageMetadata
}

/** The cost and what it was computed from, for the finish part's metadata. */
export const metadata = (response: CallResponse.CallResponse): AiMetadata.FinishMetadata => {
  const { usage } = response
  const cost = response.costResult
  const success = Result.isSuccess(cost) ? cost.success : undefined
  return {
    provider: response.provider ?? "unknown",
    model: response.pricingModel ?? null,
    finishReasons: response.finishReasons,
    usage: usageMetadata(usage),
    cost: success === undefined ? null : Cost.totalText(success),
    costUsd: success === undefined ? null : success.usd,
    costUnavailable: Result.isFailure(cost) ? { reason: cost.failure.reason, message: cost.failure.message } : null,
    priceSource: success?.source ?? null,
    priceCheckedAt: success?.checkedAt ?? null
  }
}

/** The `finish` part of a call that ended cleanly. */
export const part = (
  response: CallResponse.CallResponse,
  options: { readonly structuredOutput: boolean; readonly streamed: Streamed }
): Response.FinishPartEncoded => ({
  type: "finish",
  reason: finishReason(response, options),
  usage: usage(response.usage, options.streamed),
  metadata: { [AiMetadata.metadataKey]: metadata(response) }
})
