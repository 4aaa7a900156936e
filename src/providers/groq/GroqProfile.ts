/**
 * Groq's profile: its models' token families and output caps, and tools that take a strict mode (Chat Completions).
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as GroqLimits from "./GroqLimits.js"

export const profile: ProviderProfile.Profile = {
  provider: "groq",
  strictTools: true,
  // OpenAI's open-weight models count in o200k (`o200k_harmony`); Llama, Qwen and the others are estimated.
  tokenFamily: (model) => model.startsWith("openai/gpt-oss") ? TokenFamily.openai : TokenFamily.other,
  maxOutputTokens: GroqLimits.maxOutputTokens
}
