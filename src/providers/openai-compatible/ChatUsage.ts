/**
 * Usage of Chat Completions: `prompt_tokens` already includes cached tokens, and `completion_tokens`
 * reasoning and audio tokens, which is the normalised convention itself.
 *
 * @internal
 */
import * as Usage from "../../core/Usage.js"
import type * as ChatSchemas from "./ChatSchemas.js"

/** Normalised usage of a Chat Completions usage object. */
export const normaliseUsage = (usage: ChatSchemas.CompletionUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.prompt_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? undefined,
    cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens ?? undefined,
    inputAudioTokens: usage.prompt_tokens_details?.audio_tokens ?? undefined,
    outputTokens: usage.completion_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? undefined,
    outputAudioTokens: usage.completion_tokens_details?.audio_tokens ?? undefined
  })
