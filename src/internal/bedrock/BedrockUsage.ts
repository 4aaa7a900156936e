/**
 * Bedrock usage, normalised: raw `inputTokens` excludes cache reads and writes.
 *
 * @internal
 */
import * as Usage from "../../Usage.js"
import type * as BedrockSchemas from "./BedrockSchemas.js"

/** Normalised usage: input = `inputTokens` + cache reads + cache writes. */
export const normaliseUsage = (usage: BedrockSchemas.TokenUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0),
    cachedTokens: usage.cacheReadInputTokens,
    cacheWriteTokens: usage.cacheWriteInputTokens,
    outputTokens: usage.outputTokens
  })
