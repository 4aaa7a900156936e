/**
 * Anthropic usage, normalised: input includes cache reads and writes, reasoning is
 * `output_tokens_details.thinking_tokens`, the server tools' requests are `server_tool_use`'s, and a call
 * that ran several iterations (context compaction) is the sum over its iterations.
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as AnthropicSchemas from "./AnthropicSchemas.js"

const sum = (values: ReadonlyArray<number | null | undefined>): number | undefined => {
  let total = 0
  for (const value of values) {
    if (value === null || value === undefined) return undefined
    total += value
  }
  return total
}

/**
 * Normalises an Anthropic usage object: input = `input_tokens` + cache reads + cache writes; a call that
 * ran several iterations (context compaction) is the sum over its iterations, which is what is billed.
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage = (usage: AnthropicSchemas.AnthropicUsage): Usage.Usage => {
  const parts = usage.iterations && usage.iterations.length > 0 ? usage.iterations : [usage]
  const total = (count: (part: AnthropicSchemas.IterationUsage) => number | null | undefined) => sum(parts.map(count))
  return Usage.make({
    inputTokens: total((part) =>
      part.input_tokens == null
        ? undefined
        : part.input_tokens + (part.cache_read_input_tokens ?? 0) + (part.cache_creation_input_tokens ?? 0)
    ),
    cachedTokens: total((part) => part.cache_read_input_tokens),
    cacheWriteTokens: total((part) => part.cache_creation_input_tokens),
    cacheWrite1hTokens: total((part) => part.cache_creation?.ephemeral_1h_input_tokens),
    outputTokens: total((part) => part.output_tokens),
    reasoningTokens: total((part) => part.output_tokens_details?.thinking_tokens),
    // Requests are counted for the whole call, not per iteration.
    webSearchRequests: usage.server_tool_use?.web_search_requests ?? undefined,
    webFetchRequests: usage.server_tool_use?.web_fetch_requests ?? undefined
  })
}
