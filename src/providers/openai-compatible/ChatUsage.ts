/**
 * Usage of Chat Completions: `prompt_tokens` already includes cached tokens, and `completion_tokens`
 * reasoning and audio tokens, which is the normalised convention itself. Some hosts say it otherwise, each read
 * here where its fields say so, or where its row's `Rule` does:
 *
 * - DeepSeek names its cached input `prompt_cache_hit_tokens` (API reference, "Create Chat Completion", `usage`:
 *   `prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens`).
 * - xAI's `completion_tokens` leave the reasoning out: its `total_tokens` is prompt + completion + reasoning (the AI
 *   SDK's `convertXaiChatUsage`, vercel/ai `packages/xai`: output = `completion_tokens + reasoning_tokens`). A usage
 *   whose total adds the reasoning on top of the completion says so itself, and its output is both.
 * - Vercel's AI Gateway leaves the reasoning out of `completion_tokens` and of `total_tokens` alike, so only its
 *   row says so (`reasoningApart`).
 * - A llama.cpp server before `prompt_tokens_details` names its cached input only in its `timings` (`cache_n`,
 *   beside `prompt_n`, the tokens it evaluated: `prompt_tokens` is both), which its row reads (`cachedInTimings`).
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as ChatSchemas from "./ChatSchemas.js"

/**
 * How a host's usage differs from what its fields say, a rule of its row (`CompatibleHosts.Host.usage`), each with
 * the recordings and the source it was read from beside the row.
 */
export interface Rule {
  /**
   * Its `completion_tokens` leave the reasoning out whatever its `total_tokens` says (Vercel's AI Gateway, whose
   * total leaves it out too): the output is both.
   */
  readonly reasoningApart?: boolean | undefined
  /**
   * A usage that names no cached input has it in the chunk's `timings.cache_n` (a llama.cpp server's; `prompt_tokens`
   * is `cache_n` + `prompt_n`).
   */
  readonly cachedInTimings?: boolean | undefined
}

/**
 * Whether `usage` counts its reasoning apart from `completion_tokens`: its host's `rule` says so (Vercel's AI
 * Gateway), or its total adds them on top (xAI).
 */
export const reasoningApart = (usage: ChatSchemas.CompletionUsage, rule?: Rule): boolean => {
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0
  const { completion_tokens: output, prompt_tokens: input, total_tokens: total } = usage
  if (reasoning <= 0 || output == null) return false
  return rule?.reasoningApart === true || (input != null && total === input + output + reasoning)
}

/**
 * The cached input a llama.cpp server's `timings` name (`cache_n`): a whole number of tokens no larger than the
 * prompt's, else unknown.
 */
export const cachedInTimings = (timings: unknown, inputTokens: number | undefined): number | undefined => {
  const cached = typeof timings === "object" && timings !== null
    ? (timings as { cache_n?: unknown }).cache_n
    : undefined
  return Number.isSafeInteger(cached) && (cached as number) >= 0 &&
      (inputTokens === undefined || (cached as number) <= inputTokens)
    ? cached as number
    : undefined
}

/**
 * Normalised usage of a Chat Completions usage object, by its host's `rule` (none by default), with the chunk's
 * `timings` when the rule reads them. A count the host sent as `null` or left out is unknown (`undefined`), never 0:
 * the cost of such a call is unavailable, or estimated, as the cost rules say.
 */
export const normaliseUsage = (usage: ChatSchemas.CompletionUsage, rule?: Rule, timings?: unknown): Usage.Usage => {
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens ?? undefined
  const output = usage.completion_tokens ?? undefined
  const inputTokens = usage.prompt_tokens ?? undefined
  const cachedTokens = usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ??
    (rule?.cachedInTimings === true ? cachedInTimings(timings, inputTokens) : undefined)
  return Usage.make({
    inputTokens,
    cachedTokens: cachedTokens ?? undefined,
    cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens ?? undefined,
    inputAudioTokens: usage.prompt_tokens_details?.audio_tokens ?? undefined,
    outputTokens: output !== undefined && reasoningApart(usage, rule) ? output + reasoningTokens! : output,
    reasoningTokens,
    outputAudioTokens: usage.completion_tokens_details?.audio_tokens ?? undefined
  })
}
