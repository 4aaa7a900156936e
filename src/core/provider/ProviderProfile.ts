/**
 * What the library asks of every provider besides its streams and its requests: strict tools, how a model's tokens
 * are counted and capped, how it pauses a turn. Each provider's folder has its `<Provider>Profile.ts`;
 * `ProviderProfiles.profiles` maps a provider to it for the code above the providers.
 *
 * @internal
 */
import type * as CallBasis from "../estimate/CallBasis.js"
import * as TokenFamily from "../estimate/TokenFamily.js"
import type * as Provider from "../Provider.js"

/** A provider's profile. */
export interface Profile {
  /** The provider this is the profile of. */
  readonly provider: Provider.Name
  /** Whether its tools take a strict mode (every key required, the optional ones nullable). */
  readonly strictTools: boolean
  /** How a model's tokens are estimated (default: `TokenFamily.other`). */
  readonly tokenFamily?: ((model: string) => TokenFamily.Family) | undefined
  /** The largest output cap a model takes, when known (a larger one is refused). */
  readonly maxOutputTokens?: ((model: string) => number | undefined) | undefined
  /** The output cap a request without `maxTokens` is sent with, when the provider sends one of its own. */
  readonly defaultOutputTokens?: ((model: string) => number | undefined) | undefined
  /** The finish reason of a turn the provider continues when it is sent back as it is (Anthropic's `pause_turn`). */
  readonly pausesWith?: string | undefined
  /**
   * Whether a model continues a conversation that ends with an assistant turn (a prefill); default: it does. One that
   * does not refuses such a request before it is sent (Anthropic's `endsWithUser` row).
   */
  readonly takesPrefill?: ((model: string) => boolean) | undefined
  /**
   * The media types of the file parts it sends as documents, which its citations number in order, where it sends only
   * some (another is refused, or sent as its `alt` text, and numbers none); default: every file part.
   */
  readonly documentTypes?: ReadonlySet<string> | undefined
}

/** The token family of a model of a provider with `profile`. */
export const tokenFamilyOf = (profile: Profile | undefined, model: string): TokenFamily.Family =>
  profile?.tokenFamily?.(model) ?? TokenFamily.other

/** What the estimates know of `model` (priced as `pricingModel`), from its provider's `profile`. */
export const factsOf = (profile: Profile | undefined, model: string, pricingModel: string): CallBasis.ModelFacts => ({
  family: tokenFamilyOf(profile, pricingModel),
  maxOutputTokens: profile?.maxOutputTokens?.(pricingModel),
  defaultOutputTokens: profile?.defaultOutputTokens?.(model),
  documentTypes: profile?.documentTypes
})
