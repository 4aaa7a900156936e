/**
 * The one place that maps a provider to what its folder implements; generic code asks these tables and
 * never compares a provider's name. One table per concern, so that a program carries only the tables it
 * asks (the profiles with every call's telemetry, the turn blocks with the `effect/ai` adapter).
 *
 * Adding a provider: its entry in `profiles` (and in `turnBlocks` if its assistant turns are sent back as
 * its own content blocks).
 *
 * @internal
 */
import type * as Provider from "../../Provider.js"
import * as AnthropicBlocks from "../anthropic/AnthropicBlocks.js"
import * as AnthropicProfile from "../anthropic/AnthropicProfile.js"
import * as AzureProfile from "../azure/AzureProfile.js"
import * as BedrockBlocks from "../bedrock/BedrockBlocks.js"
import * as BedrockProfile from "../bedrock/BedrockProfile.js"
import * as GroqProfile from "../groq/GroqProfile.js"
import * as OpenAIProfile from "../openai/OpenAIProfile.js"
import type * as AssistantTurn from "./AssistantTurn.js"
import type * as ProviderProfile from "./ProviderProfile.js"

/** Each provider's profile: its telemetry name, whose prices stand in for its own, its tools' strict mode. */
export const profiles: Readonly<Record<Provider.Provider, ProviderProfile.Profile>> = {
  openai: OpenAIProfile.profile,
  anthropic: AnthropicProfile.profile,
  groq: GroqProfile.profile,
  azure: AzureProfile.profile,
  bedrock: BedrockProfile.profile
}

/** How the providers that take an assistant turn back as their own content blocks write one. */
export const turnBlocks: Readonly<Partial<Record<Provider.Provider, AssistantTurn.TurnBlocks>>> = {
  anthropic: AnthropicBlocks.turn,
  bedrock: BedrockBlocks.turn
}

/** What each provider's entry in `table` says, by provider, in the table's order. */
export const each = <A, B>(
  table: Readonly<Record<Provider.Provider, A>>,
  read: (entry: A) => B
): Readonly<Record<Provider.Provider, B>> => {
  const entries = Object.entries(table).map(([provider, entry]) => [provider, read(entry)] as const)
  return Object.fromEntries(entries) as Record<Provider.Provider, B>
}
