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
 * The name a response, an error or a span gives its provider: a provider of the library's, or the `name` an
 * OpenAI-compatible host was given (a host's own rules travel with its layer, not in tables keyed by provider).
 *
 * @since 0.6.0
 * @category Models
 */
export type Name = Provider | (string & {})

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

/**
 * The name an error gives as its provider when the browser's request caused it (its body, its history, an answer to
 * an approval), not a model: `ChatEndpoint` answers it as the request's 400 and logs it as the client's.
 *
 * @since 0.7.0
 * @category Constants
 */
export const browser = "ui-message-stream"
