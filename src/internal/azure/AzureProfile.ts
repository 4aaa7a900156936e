/**
 * Azure's profile: its telemetry name (Azure OpenAI's), OpenAI's prices for a model without an Azure
 * price, and tools that take a strict mode (Chat Completions).
 *
 * @internal
 */
import type * as ProviderProfile from "../providers/ProviderProfile.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "azure.ai.openai",
  // Azure's Global deployments are priced like OpenAI's models unless an Azure price says otherwise.
  pricedLike: "openai",
  strictTools: true
}
