/**
 * Usage of the Responses API: `input_tokens` already includes the cached tokens and `output_tokens` the
 * reasoning tokens, which is the normalised convention itself.
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as ResponsesSchemas from "./ResponsesSchemas.js"

/**
 * Normalises a Responses API usage object (it already follows the normalised convention).
 *
 * @since 0.2.0
 * @category Usage
 */
export const normaliseUsage = (usage: ResponsesSchemas.ResponseUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.input_tokens,
    cachedTokens: usage.input_tokens_details?.cached_tokens ?? undefined,
    cacheWriteTokens: usage.input_tokens_details?.cache_write_tokens ?? undefined,
    outputTokens: usage.output_tokens,
    reasoningTokens: usage.output_tokens_details?.reasoning_tokens ?? undefined
  })
