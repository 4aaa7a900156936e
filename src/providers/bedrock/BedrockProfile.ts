/**
 * Bedrock's profile: Claude's token family, output limits and prefill for Claude models; its tools have no strict
 * mode the library sends.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as AnthropicLimits from "../anthropic/AnthropicLimits.js"
import * as AnthropicProfile from "../anthropic/AnthropicProfile.js"

/**
 * Claude (`anthropic.claude-…`, with a geography prefix or not, or in an ARN after its `/`) and OpenAI's open-weight
 * models are known.
 */
export const isClaude = (model: string): boolean => /(^|[./])anthropic\.claude/.test(model)

/** Amazon Nova's first models (Micro, Lite, Pro), with a geography prefix or not, or in an ARN. */
const isNovaV1 = (model: string): boolean => /(^|[./])amazon\.nova-(micro|lite|pro)-v1/.test(model)

/** What Nova Micro, Lite and Pro generate at most: "Max output tokens: 5K" (Bedrock's model cards). */
const novaMaxOutputTokens = 5_000

/**
 * What a person is told of an answer Bedrock stopped on a policy, by stop reason (`ProviderProfile.withheld`;
 * `@aws-sdk/client-bedrock-runtime` 3.1164.0 `StopReason`): `content_filtered`; `guardrail_intervened`, whose answer is
 * the guardrail's own message (`blockedOutputsMessaging`, "Message to return when the guardrail blocks a model response":
 * docs.aws.amazon.com/bedrock/latest/APIReference/API_CreateGuardrail.html), told only when none came.
 */
export const withheld: Readonly<Record<string, string | null>> = {
  ...AnthropicProfile.withheld,
  content_filtered: "Amazon Bedrock's content filter stopped this answer.",
  guardrail_intervened: null
}

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
  withheld
}
