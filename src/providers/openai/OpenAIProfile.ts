/**
 * OpenAI's profile: its token families and output limits, and tools that take a strict mode (Chat Completions and the
 * Responses API).
 *
 * @internal
 */
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as ChatFinishReasons from "../openai-compatible/ChatFinishReasons.js"
import * as OpenAILimits from "./OpenAILimits.js"

export const profile: ProviderProfile.Profile = {
  provider: "openai",
  strictTools: true,
  tokenFamily: OpenAILimits.tokenFamily,
  maxOutputTokens: OpenAILimits.maxOutputTokens,
  withheld: {
    ...ChatFinishReasons.withheld,
    // The Responses API: a `refusal` content part (openai 7.59.0 resources/responses/responses.d.ts,
    // `ResponseOutputRefusal`, "A refusal from the model") is shown in its own words, told so only when it has none;
    // `incomplete_details.reason` `content_filter` is Chat Completions' row.
    refusal: "The model declined to answer."
  }
}
