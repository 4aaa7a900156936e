/**
 * Azure's profile: its telemetry name (Azure OpenAI's), OpenAI's prices for a model without an Azure
 * price, and tools that take a strict mode (Chat Completions).
 *
 * @internal
 */
import * as OpenAILimits from "../openai/OpenAILimits.js"
import type * as ProviderProfile from "../providers/ProviderProfile.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "azure.ai.openai",
  // Azure's Global deployments are priced like OpenAI's models unless an Azure price says otherwise.
  pricedLike: "openai",
  strictTools: true,
  // Azure OpenAI serves OpenAI's models (a deployment is priced and counted as its base model).
  tokenFamily: OpenAILimits.tokenFamily,
  maxOutputTokens: OpenAILimits.maxOutputTokens
}
