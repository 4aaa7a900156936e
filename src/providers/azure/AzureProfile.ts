/**
 * Azure's profile: OpenAI's token counts and output limits (a deployment serves an OpenAI model), and tools
 * that take a strict mode (Chat Completions).
 *
 * @internal
 */
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as OpenAILimits from "../openai/OpenAILimits.js"
import * as OpenAIProfile from "../openai/OpenAIProfile.js"

export const profile: ProviderProfile.Profile = {
  provider: "azure",
  strictTools: true,
  // Azure OpenAI serves OpenAI's models (a deployment is priced and counted as its base model).
  tokenFamily: OpenAILimits.tokenFamily,
  maxOutputTokens: OpenAILimits.maxOutputTokens,
  // Chat Completions' and the Responses API's, as OpenAI's: Azure's filter ends an answer with `content_filter`.
  withheld: OpenAIProfile.profile.withheld
}
