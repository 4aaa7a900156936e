/**
 * OpenAI's profile: its token families and output limits, and tools that take a strict mode (Chat Completions and the
 * Responses API).
 *
 * @internal
 */
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as OpenAILimits from "./OpenAILimits.js"

export const profile: ProviderProfile.Profile = {
  provider: "openai",
  strictTools: true,
  tokenFamily: OpenAILimits.tokenFamily,
  maxOutputTokens: OpenAILimits.maxOutputTokens
}
