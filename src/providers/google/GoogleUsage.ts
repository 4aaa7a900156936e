/**
 * Gemini usage (`usageMetadata`), normalised.
 *
 * @internal
 */
import type * as CostMetadata from "../../core/CostMetadata.js"
import * as Usage from "../../core/Usage.js"
import type * as GoogleSchemas from "./GoogleSchemas.js"

const modality = (
  details: ReadonlyArray<typeof GoogleSchemas.ModalityTokenCount.Type> | undefined,
  name: string
): number | undefined => {
  if (details === undefined) return undefined
  let total: number | undefined
  for (const detail of details) {
    if (detail.modality === name && detail.tokenCount !== undefined) total = (total ?? 0) + detail.tokenCount
  }
  return total
}

/**
 * The output of a `usageMetadata`: `candidatesTokenCount` + `thoughtsTokenCount`. A thinking-only answer (or
 * an event before the last) leaves one of them out: when the other is there, the absent one is what
 * `totalTokenCount` leaves for it (`@google/genai`: total = prompt + candidates + tool-use prompt + thoughts),
 * else 0. Both absent: not reported.
 */
const outputOf = (usage: GoogleSchemas.UsageMetadata): number | undefined => {
  const candidates = usage.candidatesTokenCount
  const thoughts = usage.thoughtsTokenCount
  if (candidates !== undefined && thoughts !== undefined) return candidates + thoughts
  const present = candidates ?? thoughts
  if (present === undefined) return undefined
  const { promptTokenCount: prompt, totalTokenCount: total } = usage
  const rest = total === undefined || prompt === undefined
    ? 0
    : total - prompt - (usage.toolUsePromptTokenCount ?? 0) - present
  return present + Math.max(rest, 0)
}

/**
 * Normalises a `usageMetadata`: input = `promptTokenCount` + `toolUsePromptTokenCount` (a server tool's
 * prompt is billed as input); cached = `cachedContentTokenCount`; output = `candidatesTokenCount` +
 * `thoughtsTokenCount` (thinking is billed as output), reasoning = `thoughtsTokenCount`. A count left out
 * stays `undefined`, never 0.
 *
 * @since 0.3.0
 * @category Usage
 */
export const normaliseUsage = (usage: GoogleSchemas.UsageMetadata): Usage.Usage => {
  const prompt = usage.promptTokenCount
  return Usage.make({
    inputTokens: prompt === undefined ? undefined : prompt + (usage.toolUsePromptTokenCount ?? 0),
    cachedTokens: usage.cachedContentTokenCount,
    inputAudioTokens: modality(usage.promptTokensDetails, "AUDIO"),
    outputTokens: outputOf(usage),
    reasoningTokens: usage.thoughtsTokenCount,
    outputAudioTokens: modality(usage.candidatesTokensDetails, "AUDIO")
  })
}

/** Vertex's traffic types (`@google/genai` `TrafficType`) as the service tiers prices know. */
const trafficTiers: Readonly<Record<string, string>> = {
  ON_DEMAND: "standard",
  ON_DEMAND_PRIORITY: "priority",
  ON_DEMAND_FLEX: "flex",
  ON_DEMAND_OFFPEAK: "offpeak",
  PROVISIONED_THROUGHPUT: "provisioned_throughput"
}

/**
 * The processing tier of a usage: the Gemini API's `serviceTier` (`standard`, `flex`, `priority`), or
 * Vertex's `trafficType` (pay-as-you-go is the standard price; provisioned throughput is paid for apart, so
 * it has no price per call).
 */
export const extrasOf = (usage: GoogleSchemas.UsageMetadata): CostMetadata.Extras => {
  if (usage.serviceTier !== undefined) return { tier: usage.serviceTier.toLowerCase() }
  const traffic = usage.trafficType
  if (traffic === undefined || traffic === "TRAFFIC_TYPE_UNSPECIFIED") return {}
  return { tier: Object.hasOwn(trafficTiers, traffic) ? trafficTiers[traffic] : traffic.toLowerCase() }
}
