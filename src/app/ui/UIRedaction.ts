/**
 * What a browser is told when something fails: every text the UI message stream sends about a failure (`error`
 * and `tool-output-error` chunks, the JSON bodies of error responses, the errors of stored streams) is made by
 * one function from the failure, so that no internal detail (a tool's error, an upstream body, a host name, a
 * request id, a password) reaches a browser. The default says only what kind of failure it was; the detail stays
 * on the server, in the stream's ending (and a tool's in the logs). `UIMessageStream` re-exports all of it.
 *
 * @since 0.4.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Layer from "effect/Layer"
import * as ProviderError from "../../core/ProviderError.js"
import * as Model from "../store/StreamStoreModel.js"

/**
 * A tool call that failed, as its `tool-output-error` text is made from it: the tool, the call, and what failed
 * (the handler's error, the arguments' decoding error, a timeout's text, or the provider's own result for a
 * tool it ran itself). What `onError` and the `Redaction` receive for a tool.
 *
 * @example
 * ```ts
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * const onError = (error: unknown) =>
 *   error instanceof UIMessageStream.ToolFailure ? `${error.toolName} is not available now.` : "Something went wrong."
 * ```
 *
 * @since 0.4.0
 * @category Redaction
 */
export class ToolFailure extends Data.TaggedClass("ToolFailure")<{
  readonly toolName: string
  readonly toolCallId: string
  readonly error: unknown
  readonly providerExecuted: boolean
}> {
  /**
   * What the default shows: the tool's name, never what failed.
   *
   * @since 0.4.0
   */
  get message(): string {
    return `The tool ${this.toolName} failed.`
  }
}

/**
 * The function that makes a browser's text from a failure: the stream's error (a `ProviderError`, a
 * `StreamStore` error, the program's own), or a `ToolFailure`.
 *
 * @example
 * ```ts
 * import type { UIMessageStream } from "effect-llm-stream"
 *
 * const redact: UIMessageStream.Redact = () => "Something went wrong. Try again."
 * ```
 *
 * @since 0.4.0
 * @category Redaction
 */
export type Redact = (error: unknown) => string

/** A provider's failure in words, by its kind. */
const providerText = (error: ProviderError.ProviderError): string => {
  switch (error._tag) {
    case "RateLimitError":
      return "The model is rate limited. Try again shortly."
    case "ProviderUnavailableError":
    case "TransportError":
      return "The model is unavailable. Try again shortly."
    case "AuthenticationError":
    case "InvalidRequestError":
      return "The model refused the request."
    case "MalformedPayloadError":
    case "TruncatedStreamError":
      return "The model's answer broke off."
    case "SpendLimitExceeded":
      return `The ${error.label ?? `spending limit of $${error.limit}`} is reached; it resets at ${
        new Date(error.resetsAt).toISOString()
      }.`
    case "SpendLimitStoreError":
      return unavailable
    case "ConfigurationError":
      return configuration
    default:
      return "The model request failed."
  }
}

/** A store (streams, spend limits) that is down or full: the user can only wait. */
const unavailable = "Temporarily unavailable, try again."

/** The server's configuration is wrong (a model without a price under a limit): nothing the user can change. */
const configuration = "The server could not answer (a configuration error)."

/** A store's failure in words, by its reason. */
const storeText = (error: Model.StreamStoreError | Model.StreamNotFound): string => {
  if (error._tag === "StreamNotFound") return "There is no such stream."
  switch (error.reason) {
    case "Full":
      return "Too many answers are running now; try again shortly."
    case "AlreadyExists":
      return "A stream with this id is running."
    case "Ended":
      return "The stream has ended."
    case "InvalidId":
      return "Not a stream id."
    default:
      return unavailable
  }
}

/**
 * Whether a tool's failure is the server refusing an approval (`LanguageModel.ApprovalRefused`): the server's own
 * words (forged, expired, used before), which name nothing internal, so the user learns why nothing ran.
 */
const isApprovalRefusal = (error: unknown): error is { readonly message: string } =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "ApprovalRefused" &&
  "message" in error && typeof error.message === "string"

/**
 * The default: a tool's failure is `The tool <name> failed.` (an approval the server refused, its reason); a
 * provider's, its kind in words (`The model is rate limited`, `unavailable`, `refused the request`, `The model's
 * answer broke off`), never its message (an upstream body, a host name, a request id); the user's spend limit
 * reached, that and when it resets (the app's own policy); the server's configuration (`ConfigurationError`: a
 * model layer that could not be built, a model without a price under a limit), `The server could not answer (a
 * configuration error).`; a store down (streams, spend limits) or a spend limit's store full, `Temporarily
 * unavailable, try again.`; a stream store full, `Too many answers are running now; try again shortly.`;
 * a stream store's other refusals, their reason in words; anything else, `An error occurred.` A function of your
 * own can fall back to it.
 *
 * @example
 * ```ts
 * import { UIMessageStream } from "effect-llm-stream"
 *
 * class QuotaExceeded {
 *   readonly _tag = "QuotaExceeded"
 * }
 *
 * const mine: UIMessageStream.Redact = (error) =>
 *   error instanceof QuotaExceeded ? "You have used today's questions." : UIMessageStream.redact(error)
 * ```
 *
 * @since 0.4.0
 * @category Redaction
 */
export const redact: Redact = (error) => {
  if (error instanceof ToolFailure) return isApprovalRefusal(error.error) ? error.error.message : error.message
  if (ProviderError.isProviderError(error)) return providerText(error)
  if (error instanceof Model.StreamStoreError || error instanceof Model.StreamNotFound) return storeText(error)
  return "An error occurred."
}

/**
 * The function in context that every browser-facing text of a failure passes (`fromStream`, `fromSteps`,
 * `toResponse`, `resumable`, `resume`, `resumeResponse`): `redact` unless `layerRedaction` provides another.
 * A stream's own `onError` takes its place for that stream.
 *
 * @example
 * ```ts
 * import { UIMessageStream } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const text = Effect.map(UIMessageStream.Redaction, (redact) => redact(new Error("db at 10.0.0.5 refused")))
 * ```
 *
 * @since 0.4.0
 * @category Redaction
 */
export const Redaction: Context.Reference<Redact> = /* @__PURE__ */ Context.Reference<Redact>(
  "effect-llm-stream/UIMessageStream/Redaction",
  { defaultValue: () => redact }
)

/**
 * A layer that makes `redact` the `Redaction` for everything it provides: one place for what the browser is told.
 *
 * @example
 * ```ts
 * import { ProviderError, UIMessageStream } from "effect-llm-stream"
 *
 * // The provider's own message for a refused request (the default shows only the kind of failure).
 * const redaction = UIMessageStream.layerRedaction((error) =>
 *   ProviderError.isProviderError(error) && error._tag === "InvalidRequestError"
 *     ? `The model refused: ${error.message}`
 *     : UIMessageStream.redact(error)
 * )
 * ```
 *
 * @since 0.4.0
 * @category Redaction
 */
export const layerRedaction = (redact: Redact): Layer.Layer<never> => Layer.succeed(Redaction, redact)
