/**
 * Anthropic usage, normalised (`normaliseUsage`). The iterations of the model asked (`message`; `compaction`, the
 * same model's, billed and not in the top-level figures) are the top-level figures.
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
 * The iteration types of another model than the one asked, each naming its model (`@anthropic-ai/sdk` 1.14,
 * `BetaIterationsUsage`: `BetaAdvisorMessageIterationUsage`, "Token usage for an advisor sub-inference iteration";
 * `BetaFallbackMessageIterationUsage`, "the fallback-model attempt that served the response"). An advisor's tokens
 * are not in the top-level figures ("the response reports the main model's tokens at the top").
 */
const otherModels: ReadonlySet<string> = new Set(["advisor_message", "fallback_message"])

const isOtherModel = (part: AnthropicSchemas.IterationUsage): boolean =>
  part.type !== undefined && otherModels.has(part.type) && typeof part.model === "string" && part.model !== ""

/**
 * Whether an iteration ran on another model than the one asked: an other model's type, or a `message` of the model
 * that served a fallback (`BetaFallbackMessageIterationUsage`: "the serving hop's earlier tool-loop iterations produce
 * `message` entries", the serving hop's last the `fallback_message`).
 */
const onOtherModel = (iterations: ReadonlyArray<AnthropicSchemas.IterationUsage>) => {
  const servedBy = new Set(
    iterations.filter((part) => part.type === "fallback_message" && isOtherModel(part)).map((part) => part.model)
  )
  return (part: AnthropicSchemas.IterationUsage): boolean =>
    isOtherModel(part) || (part.type === "message" && typeof part.model === "string" && servedBy.has(part.model))
}

/** The summed counts of `parts` (a count one part lacks is unknown), the whole usage's breakdown where they have none. */
const countsOver = (parts: ReadonlyArray<AnthropicSchemas.IterationUsage>, whole: Counts): Usage.Fields => {
  const counts = parts.map(countsOf)
  const total = (name: keyof Counts) => sum(counts.map((part) => part[name]))
  return {
    inputTokens: total("inputTokens"),
    cachedTokens: total("cachedTokens"),
    cacheWriteTokens: total("cacheWriteTokens"),
    // The iterations carry no breakdown of output (`BetaMessageIterationUsage` has no `output_tokens_details`) and
    // may carry none of their cache writes (`cache_creation: null`): the usage object's own breakdown then.
    cacheWrite1hTokens: total("cacheWrite1hTokens") ?? whole.cacheWrite1hTokens ?? undefined,
    outputTokens: total("outputTokens"),
    reasoningTokens: total("reasoningTokens") ?? whole.reasoningTokens ?? undefined
  }
}

/** The other models' iterations, one entry per model, each the sum of its iterations. */
const byModelOf = (parts: ReadonlyArray<AnthropicSchemas.IterationUsage>): ReadonlyArray<Usage.ModelUsage> => {
  const models = new Map<string, Array<AnthropicSchemas.IterationUsage>>()
  for (const part of parts) models.set(part.model!, [...(models.get(part.model!) ?? []), part])
  return [...models].map(([model, runs]) => ({ model, ...Usage.make(countsOver(runs, {} as Counts)) }))
}

/**
 * Normalises an Anthropic usage object: input = `input_tokens` + cache reads + cache writes; a call that ran
 * several iterations is the sum over the model asked's (context compaction included, as billed), other models'
 * iterations listed apart (`byModel`: an advisor's, a fallback's with its tool-loop iterations).
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage = (usage: AnthropicSchemas.AnthropicUsage): Usage.Usage => {
  const whole = countsOf(usage)
  const iterations = usage.iterations ?? []
  const isOther = onOtherModel(iterations)
  const own = iterations.filter((part) => !isOther(part))
  const others = iterations.filter(isOther)
  return Usage.make({
    ...countsOver(own.length > 0 ? own : [usage], whole),
    // Requests are counted for the whole call, not per iteration.
    webSearchRequests: usage.server_tool_use?.web_search_requests ?? undefined,
    webFetchRequests: usage.server_tool_use?.web_fetch_requests ?? undefined,
    byModel: others.length > 0 ? byModelOf(others) : undefined
  })
}

/** The raw `input_tokens` a normalised usage was made of: its input without the cache reads and writes. */
const rawInputOf = (usage: Usage.Usage): number | undefined =>
  usage.inputTokens === undefined
    ? undefined
    : usage.inputTokens - (usage.cachedTokens ?? 0) - (usage.cacheWriteTokens ?? 0)

/**
 * The call's usage with a usage object folded over the usage reported before it, field by field as
 * `@anthropic-ai/sdk` does (`lib/MessageStream.ts`, `message_delta`: each count the delta has overwrites the
 * snapshot's, one absent or null keeps it). The input is a sum of three counts, so the counts are completed before
 * they are summed: a host whose `message_delta` sends `input_tokens` without the cache counts (`MessageDeltaUsage`
 * allows them null) keeps `message_start`'s cache counts in the input, and an input that grew (a server-tool loop)
 * is the delta's.
 */
export const foldUsage = (earlier: Usage.Usage, usage: AnthropicSchemas.AnthropicUsage): Usage.Usage =>
  Usage.merge(
    earlier,
    normaliseUsage({
      ...usage,
      input_tokens: usage.input_tokens ?? rawInputOf(earlier) ?? null,
      cache_read_input_tokens: usage.cache_read_input_tokens ?? earlier.cachedTokens ?? null,
      cache_creation_input_tokens: usage.cache_creation_input_tokens ?? earlier.cacheWriteTokens ?? null
    })
  )
