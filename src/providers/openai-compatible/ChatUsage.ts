/**
 * Usage of Chat Completions: `prompt_tokens` already includes cached tokens, and `completion_tokens`
 * reasoning and audio tokens, which is the normalised convention itself. Two hosts say it otherwise, each read
 * here where its fields say so:
 *
 * - DeepSeek names its cached input `prompt_cache_hit_tokens` (API reference, "Create Chat Completion", `usage`:
 *   `prompt_tokens = prompt_cache_hit_tokens + prompt_cache_miss_tokens`).
 * - xAI's `completion_tokens` leave the reasoning out: its `total_tokens` is prompt + completion + reasoning (the AI
 *   SDK's `convertXaiChatUsage`, vercel/ai `packages/xai`: output = `completion_tokens + reasoning_tokens`). A usage
 *   whose total adds the reasoning on top of the completion says so itself, and its output is both.
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as ChatSchemas from "./ChatSchemas.js"

/** Whether `usage` counts its reasoning apart from `completion_tokens` (xAI): its total adds them on top. */
export const reasoningApart = (usage: ChatSchemas.CompletionUsage): boolean => {
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0
  const { completion_tokens: output, prompt_tokens: input, total_tokens: total } = usage
  return reasoning > 0 && input != null && output != null && total === input + output + reasoning
}

/**
 * Normalised usage of a Chat Completions usage object. A count the host sent as `null` or left out is unknown
 * (`undefined`), never 0: the cost of such a call is unavailable, or estimated, as the cost rules say.
 */
export const normaliseUsage = (usage: ChatSchemas.CompletionUsage): Usage.Usage => {
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens ?? undefined
  const output = usage.completion_tokens ?? undefined
  return Usage.make({
    inputTokens: usage.prompt_tokens ?? undefined,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? undefined,
    cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens ?? undefined,
    inputAudioTokens: usage.prompt_tokens_details?.audio_tokens ?? undefined,
    outputTokens: output !== undefined && reasoningApart(usage) ? output + reasoningTokens! : output,
    reasoningTokens,
    outputAudioTokens: usage.completion_tokens_details?.audio_tokens ?? undefined
  })
}
