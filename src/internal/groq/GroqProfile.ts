/**
 * Groq's profile: its telemetry name, tools that take a strict mode (Chat Completions), and its models' output caps.
 *
 * @internal
 */
import * as TokenFamily from "../estimate/TokenFamily.js"
import type * as ProviderProfile from "../providers/ProviderProfile.js"
import * as GroqLimits from "./GroqLimits.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "groq",
  strictTools: true,
  // OpenAI's open-weight models count in o200k (`o200k_harmony`); Llama, Qwen and the others are estimated.
  tokenFamily: (model) => model.startsWith("openai/gpt-oss") ? TokenFamily.openai : TokenFamily.other,
  maxOutputTokens: GroqLimits.maxOutputTokens
}
