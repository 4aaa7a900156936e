/**
 * What the library asks of every provider besides its streams and its requests: the name telemetry gives
 * it, whose prices stand in for its own, and whether its tools take a strict mode. Each provider's folder
 * has its profile (`<Provider>Profile.ts`), and `ProviderTable.profiles` maps a provider to it.
 *
 * @internal
 */
import type * as Provider from "../../Provider.js"

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
}
