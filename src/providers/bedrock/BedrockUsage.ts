/**
 * Bedrock usage, normalised: raw `inputTokens` excludes cache reads and writes.
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as BedrockSchemas from "./BedrockSchemas.js"

/**
 * The cache writes of a one-hour TTL: `cacheDetails` breaks `cacheWriteInputTokens` down by TTL (`5m`,
 * `1h`; `@aws-sdk/client-bedrock-runtime` `TokenUsage.cacheDetails: CacheDetail[]`); without it the split is unknown.
 */
const oneHourWrites = (details: unknown): number | undefined => {
  if (!Array.isArray(details)) return undefined
  let total = 0
  for (const detail of details) {
    const { inputTokens, ttl } = (detail ?? {}) as { readonly ttl?: unknown; readonly inputTokens?: unknown }
    if (ttl === "1h" && typeof inputTokens === "number") total += inputTokens
  }
  return total
}

/**
 * Normalised usage: input = `inputTokens` + cache reads + cache writes.
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage = (usage: BedrockSchemas.TokenUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0),
    cachedTokens: usage.cacheReadInputTokens,
    cacheWriteTokens: usage.cacheWriteInputTokens,
    cacheWrite1hTokens: oneHourWrites(usage.cacheDetails),
    outputTokens: usage.outputTokens
  })
