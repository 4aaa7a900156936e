/**
 * Bedrock's profile: Claude's token family, output limits and prefill for Claude models; its tools have no strict
 * mode the library sends.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as AnthropicLimits from "../anthropic/AnthropicLimits.js"
import * as BedrockFinishReasons from "./BedrockFinishReasons.js"

/**
 * Claude (`anthropic.claude-…`, with a geography prefix or not, or in an ARN after its `/`) and OpenAI's open-weight
 * models are known.
 */
export const isClaude = (model: string): boolean => /(^|[./])anthropic\.claude/.test(model)

/** Amazon Nova's first models (Micro, Lite, Pro), with a geography prefix or not, or in an ARN. */
const isNovaV1 = (model: string): boolean => /(^|[./])amazon\.nova-(micro|lite|pro)-v1/.test(model)

/** What Nova Micro, Lite and Pro generate at most: "Max output tokens: 5K" (Bedrock's model cards). */
const novaMaxOutputTokens = 5_000

export const profile: ProviderProfile.Profile = {
  provider: "bedrock",
  strictTools: false,
  tokenFamily: (model) =>
    isClaude(model)
      ? TokenFamily.claude
      : /(^|[./])openai\.gpt-oss/.test(model)
      ? TokenFamily.openai
      : TokenFamily.other,
  maxOutputTokens: (model) =>
    isClaude(model) ? AnthropicLimits.maxOutputTokens(model) : isNovaV1(model) ? novaMaxOutputTokens : undefined,
  // Claude on Bedrock takes a prefill as on the Messages API (the `endsWithUser` row Bedrock's table inherits).
  takesPrefill: AnthropicLimits.takesPrefill,
  withheld: BedrockFinishReasons.withheld
}
