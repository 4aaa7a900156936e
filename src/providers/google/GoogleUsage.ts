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
 * The prompt's audio not read from the cache. `@google/genai` 3.3's `GenerateContentResponseUsageMetadata`:
 * `promptTokenCount` "also includes the number of tokens in the cached content", `promptTokensDetails` breaks the
 * prompt down by modality, and `cacheTokensDetails` "the cached content". Cached audio is a cache read (billed at
 * the cache rate, in `cachedTokens`), so it is not audio input a second time: counted in both, a prompt whose audio
 * was cached would lose the audio from its uncached input twice (a cost that fails as inconsistent, or bills text
 * as audio). Cached audio is then priced at the model's cached-audio rate (`cachedAudioTokens`: Gemini's pricing
 * page lists a cache rate of its own for audio).
 */
const uncachedAudio = (usage: GoogleSchemas.UsageMetadata): number | undefined => {
  const audio = modality(usage.promptTokensDetails, "AUDIO")
  return audio === undefined ? undefined : Math.max(audio - (modality(usage.cacheTokensDetails, "AUDIO") ?? 0), 0)
}

/**
 * Normalises a `usageMetadata`: input = `promptTokenCount` + `toolUsePromptTokenCount` (a server tool's
 * prompt is billed as input); cached = `cachedContentTokenCount` (audio included, also counted in cached audio:
 * `cacheTokensDetails`' `AUDIO`); audio input = the prompt's
 * audio less the cached audio (`cacheTokensDetails`); output = `candidatesTokenCount` + `thoughtsTokenCount`
 * (thinking is billed as output), reasoning = `thoughtsTokenCount`. A count left out stays `undefined`, never 0.
 *
 * @since 0.3.0
 * @category Usage
 */
export const normaliseUsage = (usage: GoogleSchemas.UsageMetadata): Usage.Usage => {
  const prompt = usage.promptTokenCount
  return Usage.make({
    inputTokens: prompt === undefined ? undefined : prompt + (usage.toolUsePromptTokenCount ?? 0),
    cachedTokens: usage.cachedContentTokenCount,
    cachedAudioTokens: modality(usage.cacheTokensDetails, "AUDIO"),
    inputAudioTokens: uncachedAudio(usage),
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
 * A tier as Gemini names it, lowercased: `flex`, or the enum's full name `SERVICE_TIER_FLEX` (the request's values in
 * ai.google.dev/gemini-api/docs/priority-inference's earlier examples); `unspecified` (`@google/genai` 3.3's
 * `ServiceTier.UNSPECIFIED`, "which is standard") and an empty value say nothing.
 */
const tierName = (value: string | undefined): string | undefined => {
  const name = value?.trim().toLowerCase().replace(/^service_tier_/, "")
  return name === undefined || name === "" || name === "unspecified" ? undefined : name
}

/**
 * The tiers the `x-gemini-service-tier` response header names that prices know. The header tells the tier that
 * served the call (ai.google.dev/gemini-api/docs/priority-inference: a priority request over its limits is served,
 * and billed, at `standard`; the Gemini API only); `@ai-sdk/google` 4.0.116 reads it when the usage leaves the tier
 * out.
 */
const servedTiers: ReadonlySet<string> = new Set(["standard", "flex", "priority"])

/**
 * The processing tier of a usage: the Gemini API's `serviceTier` (`standard`, `flex`, `priority`), else the tier
 * the response's `x-gemini-service-tier` header names (`served`: `@google/genai` 3.3's
 * `GenerateContentResponseUsageMetadata` has no `serviceTier`, so a stream may tell it only there), else Vertex's
 * `trafficType` (pay-as-you-go is the standard price; provisioned throughput is paid for apart, so it has no price
 * per call). A header value no price knows is no tier (the standard price), never a failure: it stays on the chunk
 * (`GoogleCallResponseChunk.servedTier`).
 */
export const extrasOf = (usage: GoogleSchemas.UsageMetadata, served?: string | undefined): CostMetadata.Extras => {
  const stated = tierName(usage.serviceTier)
  if (stated !== undefined) return { tier: stated }
  const header = tierName(served)
  if (header !== undefined && servedTiers.has(header)) return { tier: header }
  const traffic = usage.trafficType
  if (traffic === undefined || traffic === "TRAFFIC_TYPE_UNSPECIFIED") return {}
  return { tier: Object.hasOwn(trafficTiers, traffic) ? trafficTiers[traffic] : traffic.toLowerCase() }
}
