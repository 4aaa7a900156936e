/**
 * The providers this library streams from.
 *
 * @since 0.2.0
 */

/**
 * The name of a provider this library calls.
 *
 * @since 0.2.0
 * @category Models
 */
export type Provider = "openai" | "anthropic" | "groq" | "azure" | "bedrock" | "google" | "google-vertex"

/**
 * Every provider, in a fixed order.
 *
 * @since 0.2.0
 * @category Constants
 */
export const providers: ReadonlyArray<Provider> = [
  "openai",
  "anthropic",
  "groq",
  "azure",
  "bedrock",
  "google",
  "google-vertex"
]
