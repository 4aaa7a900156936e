/**
 * Each provider's profile, by provider: the one table code above the providers asks for a provider's strict tools,
 * token family and output limits (see `core/provider/ProviderProfile.ts`). A table of its own, so that a program
 * that only streams loads, of the providers it does not use, only their profiles and limits (a few numbers each).
 *
 * Adding a provider: its entry here, in `ProviderTestKits.ts`, and in `TurnFormats.ts` if its assistant turns are
 * sent back as its own content blocks.
 *
 * @internal
 */
import type * as Provider from "../core/Provider.js"
import * as ProviderProfile from "../core/provider/ProviderProfile.js"
import * as AnthropicProfile from "./anthropic/AnthropicProfile.js"
import * as AzureProfile from "./azure/AzureProfile.js"
import * as BedrockProfile from "./bedrock/BedrockProfile.js"
import * as GoogleProfile from "./google/GoogleProfile.js"
import * as CompatibleHosts from "./openai-compatible/CompatibleHosts.js"
import * as OpenAIProfile from "./openai/OpenAIProfile.js"

/** Each provider's profile: its telemetry name, whose prices stand in for its own, its tools' strict mode. */
export const profiles: Readonly<Record<Provider.Provider, ProviderProfile.Profile>> = {
  openai: OpenAIProfile.profile,
  anthropic: AnthropicProfile.profile,
  groq: CompatibleHosts.profileOf(CompatibleHosts.groq),
  azure: AzureProfile.profile,
  bedrock: BedrockProfile.profile,
  google: GoogleProfile.profile,
  "google-vertex": GoogleProfile.vertexProfile
}

/**
 * The profile of the provider named `provider`, or `undefined` for a name that is none of the library's (an
 * OpenAI-compatible host's, whose rules travel with its layer): what is known of every provider then applies.
 */
export const profileOf = (provider: Provider.Name | undefined): ProviderProfile.Profile | undefined =>
  provider !== undefined && Object.hasOwn(profiles, provider) ? profiles[provider as Provider.Provider] : undefined

/**
 * Whether a response of `provider` that ended with `finishReasons` is a turn the provider paused, to be sent back
 * unchanged as the last message for the model to continue it (its profile's `pausesWith`: Anthropic's `pause_turn`).
 */
export const isPaused = (provider: string | undefined, finishReasons: ReadonlyArray<string>): boolean => {
  const pausesWith = profileOf(provider)?.pausesWith
  return pausesWith !== undefined && finishReasons.includes(pausesWith)
}

/**
 * Whether `model` of `provider` continues a conversation that ends with an assistant turn (a prefill): yes unless its
 * profile says it does not (Claude 4.6 and later).
 */
export const takesPrefill = (provider: string | undefined, model: string | undefined): boolean =>
  model === undefined || profileOf(provider)?.takesPrefill?.(model) !== false

/**
 * The sentence telling a person why a response stopped on a policy with no words of refusal of its own, by its
 * provider's `withheld` row (`ProviderProfile.withheldNotice`); `undefined` for any other response.
 */
export const withheldNotice = (
  response: Parameters<typeof ProviderProfile.withheldNotice>[1] & { readonly provider: Provider.Name | undefined }
): string | undefined => ProviderProfile.withheldNotice(profileOf(response.provider), response)

/**
 * The cause a provider named for a stop or a refusal on its policy, in plain words, read in its `policyDetails` by its
 * profile (`ProviderProfile.policyCause`: Azure's filtered categories); `undefined` when it names none.
 */
export const policyCause = (provider: Provider.Name | undefined, details: unknown): string | undefined =>
  ProviderProfile.causeOf(profileOf(provider), details)

/** Whether a provider refused a request on its policy, by its error type (`ProviderProfile.refusesOnPolicy`). */
export const refusedOnPolicy = (
  error: { readonly provider: Provider.Name; readonly errorType?: string | undefined }
): boolean => ProviderProfile.refusesOnPolicy(profileOf(error.provider), error.errorType)

/**
 * Whether `text` is a sentence `withheldNotice` tells a person of an answer stopped on a policy, of any provider's row
 * (`ProviderProfile.isNotice`): the model did not say it.
 */
export const isNotice = (text: string): boolean => ProviderProfile.isNotice(Object.values(profiles), text)
