/**
 * What the library asks of every provider besides its streams and its requests: the name telemetry gives
 * it, whose prices stand in for its own, whether its tools take a strict mode, and for estimates and budgets how
 * a model's tokens are counted and how many it generates at most. Each provider's folder
 * has its profile (`<Provider>Profile.ts`), and `ProviderTable.profiles` maps a provider to it.
 *
 * @internal
 */
import type * as Provider from "../../Provider.js"
import * as TokenFamily from "../estimate/TokenFamily.js"

/** A provider's profile. */
export interface Profile {
  /** Its `gen_ai.provider.name`, as OpenTelemetry's GenAI semantic conventions spell it. */
  readonly telemetryName: string
  /** The provider whose price applies to a model this one has no price of. */
  readonly pricedLike?: Provider.Provider | undefined
  /**
   * Whether its tools take a strict mode (`strict`, with a JSON Schema where every key is required and the
   * optional ones are nullable, as the `effect/ai` adapter sends a tool annotated `Tool.Strict`).
   */
  readonly strictTools: boolean
  /** How a model's tokens are estimated (default: `TokenFamily.other`). */
  readonly tokenFamily?: ((model: string) => TokenFamily.Family) | undefined
  /** The largest output cap a model takes, when known (a larger one is refused). */
  readonly maxOutputTokens?: ((model: string) => number | undefined) | undefined
  /** The output cap a request without `maxTokens` is sent with, when the provider sends one of its own. */
  readonly defaultOutputTokens?: ((model: string) => number | undefined) | undefined
}

/** The token family of a model of a provider with `profile`. */
export const tokenFamilyOf = (profile: Profile | undefined, model: string): TokenFamily.Family =>
  profile?.tokenFamily?.(model) ?? TokenFamily.other
