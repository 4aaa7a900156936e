/**
 * Anthropic's profile: Claude's token family and output limits; its tools have no strict mode the library sends.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as AnthropicLimits from "./AnthropicLimits.js"

export const profile: ProviderProfile.Profile = {
  provider: "anthropic",
  strictTools: false,
  tokenFamily: () => TokenFamily.claude,
  maxOutputTokens: AnthropicLimits.maxOutputTokens,
  defaultOutputTokens: AnthropicLimits.defaultOutputTokens
}
