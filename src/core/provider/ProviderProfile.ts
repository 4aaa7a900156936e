/**
 * What the library asks of every provider besides its streams and its requests: strict tools, how a model's tokens
 * are counted and capped, how it pauses a turn. Each provider's folder has its `<Provider>Profile.ts`;
 * `ProviderProfiles.profiles` maps a provider to it for the code above the providers.
 *
 * @internal
 */
import type * as CallBasis from "../estimate/CallBasis.js"
import * as TokenFamily from "../estimate/TokenFamily.js"
import type * as FinishReason from "../FinishReason.js"
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
  /**
   * What a person is told of an answer the provider stopped on its policy, by raw finish reason: one sentence naming
   * the cause (`null`: the answer's text is the provider's own words, as a guardrail's message, when any came). Each
   * row names its source; `withheldNotice` reads it.
   */
  readonly withheld?: Readonly<Record<string, string | null>> | undefined
  /**
   * What a person is told of the cause the provider named for a stop or a refusal on its policy (its `policyDetails`,
   * as sent: Azure OpenAI's content filter results), in plain words: the categories it filtered; `undefined` when they
   * name none. `withheldNotice` and a refused request's sentence add it.
   */
  readonly policyCause?: ((details: unknown) => string | undefined) | undefined
  /**
   * The error types of an `InvalidRequestError` that say the provider refused the request's content on its policy
   * (not its form), besides `content_filter` (`refusesOnPolicy`).
   */
  readonly policyErrors?: ReadonlySet<string> | undefined
}

/**
 * Whether a request the provider refused with `errorType` was refused on its policy, not for its form:
 * `content_filter` (Azure OpenAI's error code for a filtered prompt, learn.microsoft.com "Content filtering", and any
 * host's that sends it), or one of the profile's `policyErrors`.
 */
export const refusesOnPolicy = (profile: Profile | undefined, errorType: string | undefined): boolean =>
  errorType !== undefined && (errorType === "content_filter" || profile?.policyErrors?.has(errorType) === true)

/** What a person is told of an answer stopped on a policy when its provider has no row for the reason. */
const withheldByPolicy = "The provider's content filter stopped this answer."

/** A sentence with the cause its provider named, before its full stop (`... this answer (violence).`). */
export const withCause = (sentence: string, cause: string | undefined): string =>
  cause === undefined ? sentence : `${sentence.replace(/\.$/, "")} (${cause}).`

/** The cause `profile` reads in a provider's `policyDetails` (`Profile.policyCause`), when it names one. */
export const causeOf = (profile: Profile | undefined, details: unknown): string | undefined =>
  details === undefined ? undefined : profile?.policyCause?.(details)

/**
 * The sentence telling a person why an answer ended as it did, for a response of `profile`'s provider that ended on a
 * policy (`content_filter`) without words of refusal of the model's or the provider's own (`refusal`): its row in the
 * profile's `withheld` (the first raw reason with one), else one sentence naming the provider's content filter.
 * `undefined` for any other ending, a refusal in words, and an answer whose text is the provider's words.
 */
export const withheldNotice = (
  profile: Profile | undefined,
  response: {
    readonly finishReasons: ReadonlyArray<string>
    readonly commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
    readonly refusal: string
    readonly content: string
    readonly policyDetails?: unknown
  }
): string | undefined => {
  if (!response.commonFinishReasons.includes("content_filter") || response.refusal.trim() !== "") return undefined
  const rows = profile?.withheld
  const raw = rows === undefined ? undefined : response.finishReasons.find((reason) => Object.hasOwn(rows, reason))
  const row = raw === undefined ? withheldByPolicy : rows![raw]
  // The provider's words are the answer's text, when any came; else the cause is told as for any provider.
  const sentence = row !== null ? row : response.content.trim() === "" ? withheldByPolicy : undefined
  return sentence === undefined ? undefined : withCause(sentence, causeOf(profile, response.policyDetails))
}

/**
 * Whether `text` is a sentence `withheldNotice` tells a person, of one of `profiles` or any provider (a paragraph of
 * its own after the answer's text, its blank line before it): shown to the person only, never told to a model as its
 * own.
 */
export const isNotice = (profiles: Iterable<Profile>, text: string): boolean => {
  const said = text.startsWith("\n\n") ? text.slice(2) : text
  // The sentence as it is, or without the cause `withCause` adds, which is no model's either.
  const sentences = [said, said.replace(/ \([^()]*\)\.$/, ".")]
  if (sentences.includes(withheldByPolicy)) return true
  for (const profile of profiles) {
    const rows = profile.withheld === undefined ? [] : Object.values(profile.withheld)
    if (sentences.some((sentence) => rows.includes(sentence))) return true
  }
  return false
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
