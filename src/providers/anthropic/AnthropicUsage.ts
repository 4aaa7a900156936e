/**
 * Anthropic usage, normalised: input includes cache reads and writes, reasoning is
 * `output_tokens_details.thinking_tokens`, the server tools' requests are `server_tool_use`'s, and a call
 * that ran several iterations (context compaction, an advisor, fallbacks) is the sum over its iterations; the
 * iterations that name their model are reported for pricing (`modelIterations`).
 *
 * @internal
 */
import type * as CostMetadata from "../../core/CostMetadata.js"
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

/** The token counts of a usage object or of one iteration: input = `input_tokens` + cache reads + cache writes. */
const countsOf = (part: AnthropicSchemas.IterationUsage) => ({
  inputTokens: part.input_tokens == null
    ? undefined
    : part.input_tokens + (part.cache_read_input_tokens ?? 0) + (part.cache_creation_input_tokens ?? 0),
  cachedTokens: part.cache_read_input_tokens,
  cacheWriteTokens: part.cache_creation_input_tokens,
  cacheWrite1hTokens: part.cache_creation?.ephemeral_1h_input_tokens,
  outputTokens: part.output_tokens,
  reasoningTokens: part.output_tokens_details?.thinking_tokens
})

type Counts = ReturnType<typeof countsOf>

/**
 * Normalises an Anthropic usage object: input = `input_tokens` + cache reads + cache writes; a call that
 * ran several iterations (context compaction, an advisor's sub-inference, a fallback model's attempt) is the sum
 * over its iterations, which is what is billed.
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage = (usage: AnthropicSchemas.AnthropicUsage): Usage.Usage => {
  const whole = countsOf(usage)
  const parts = usage.iterations && usage.iterations.length > 0 ? usage.iterations.map(countsOf) : [whole]
  const total = (name: keyof Counts) => sum(parts.map((part) => part[name]))
  return Usage.make({
    inputTokens: total("inputTokens"),
    cachedTokens: total("cachedTokens"),
    cacheWriteTokens: total("cacheWriteTokens"),
    // The iterations carry no breakdown of output (`BetaMessageIterationUsage` has no `output_tokens_details`) and
    // may carry none of their cache writes (`cache_creation: null`): the usage object's own breakdown then.
    cacheWrite1hTokens: total("cacheWrite1hTokens") ?? whole.cacheWrite1hTokens ?? undefined,
    outputTokens: total("outputTokens"),
    reasoningTokens: total("reasoningTokens") ?? whole.reasoningTokens ?? undefined,
    // Requests are counted for the whole call, not per iteration.
    webSearchRequests: usage.server_tool_use?.web_search_requests ?? undefined,
    webFetchRequests: usage.server_tool_use?.web_fetch_requests ?? undefined
  })
}

/**
 * The iterations that name the model they ran on, counted as `normaliseUsage` counts them: the call's cost prices
 * those of another model than the response's (an advisor's, a fallback's) at that model's rates
 * (`BetaAdvisorMessageIterationUsage`, `BetaFallbackMessageIterationUsage` in the SDK's `usage.iterations`).
 *
 * @since 0.5.0
 * @category Usage
 */
export const modelIterations = (
  usage: AnthropicSchemas.AnthropicUsage
): ReadonlyArray<CostMetadata.ModelIteration> | undefined => {
  const named = usage.iterations?.filter((part) => typeof part.model === "string" && part.model !== "")
  if (named === undefined || named.length === 0) return undefined
  return named.map((part) => {
    const iteration: Record<string, unknown> = { model: part.model }
    for (const [name, count] of Object.entries(countsOf(part))) if (count != null) iteration[name] = count
    return iteration as CostMetadata.ModelIteration
  })
}
