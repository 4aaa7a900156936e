/**
 * What a browser is told when something fails: every text sent about a failure is made by one function from it, so
 * that no internal detail (a tool's error, an upstream body, a host name, a password) reaches a browser. The default
 * says only what kind of failure it was; the detail stays on the server, in the stream's ending and the logs.
 *
 * @since 0.4.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Layer from "effect/Layer"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Provider from "../../core/Provider.js"
import * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as FormFit from "../loop/FormFit.js"
import * as Model from "../store/StreamStoreModel.js"
import * as UIErrorAnswer from "./UIErrorAnswer.js"

/**
 * A tool call that failed, as `onError` and the `Redaction` receive it: the tool, the call, and what failed (the
 * handler's error, the arguments' decoding error, a timeout, or the provider's own result for a tool it ran).
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
 * The function that makes a browser's text from a failure: the stream's error, or a `ToolFailure`.
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

/** A store (streams, spend limits) that is down or full: the user can only wait. */
const unavailable = "Temporarily unavailable, try again."

/** A provider's failure in one sentence, by its kind (the server's configuration and a spend limit apart). */
const providerTexts: { readonly [Tag in ProviderError.ProviderError["_tag"]]?: string } = {
  RateLimitError: "The model is rate limited; try again shortly.",
  ProviderUnavailableError: "The model is unavailable; try again shortly.",
  TransportError: "The model is unavailable; try again shortly.",
  InvalidRequestError: "The provider refused the request.",
  MalformedPayloadError: "The model's answer broke off.",
  TruncatedStreamError: "The model's answer broke off.",
  SpendLimitStoreError: unavailable
}

/** A message the provider refused on its policy, in one sentence naming the cause. */
const policyText = "The provider's content filter blocked this message."

/** A media type as it may stand in a sentence: `type/subtype` of plain characters, else nothing. */
const plainMediaType = (mediaType: string | undefined): string | undefined =>
  mediaType !== undefined && /^[a-z0-9][\w.+-]{0,63}\/[a-z0-9][\w.+-]{0,63}$/i.test(mediaType) ? mediaType : undefined

/** A part the model cannot take, in one sentence naming its type and the model. */
const refusedPartText = (part: typeof ProviderError.RefusedPart.Type): string => {
  const mediaType = plainMediaType(part.mediaType)
  const kind = part.kind === "image" || part.kind === "audio" ? part.kind : "file"
  const what = mediaType === undefined
    ? `this ${kind}`
    : `${/^[aeiou]/i.test(mediaType) ? "an" : "a"} ${mediaType} ${kind}`
  return `The model ${ErrorReport.loggable(part.model, 100)} cannot take ${what}.`
}

/**
 * A request refused before it reached the provider, in one sentence naming the cause: the browser's request; a
 * conversation its model cannot continue, a part it cannot take, or a message with nothing in it (the person's own,
 * or one earlier in the chat); another conversation this library could not send as it is (the server's own settings
 * are its configuration, said before). `undefined` for a provider's own refusal (it came with an HTTP status or the
 * provider's error type).
 */
const notSentText = (error: ProviderError.InvalidRequestError): string | undefined => {
  if (error.provider === Provider.browser) return "The server refused the request."
  if (error.refusedPart !== undefined) return refusedPartText(error.refusedPart)
  if (error.refusedPrefill !== undefined) {
    return `The model ${ErrorReport.loggable(error.refusedPrefill.model, 100)} cannot continue an answer; send a ` +
      "new message."
  }
  if (error.refusedEmptyMessage !== undefined) {
    return error.refusedEmptyMessage.latest
      ? "Your message is empty; write something to send."
      : "An earlier message in this chat is empty, which the model cannot take."
  }
  return UIErrorAnswer.isRefusedUnsent(error) ? "The request could not be sent to the model." : undefined
}

const providerText = (error: ProviderError.ProviderError): string => {
  // The server's configuration (a key, a model, a host, a price): nothing the user can change.
  if (UIErrorAnswer.isServersConfiguration(error)) return "The server could not answer (a configuration error)."
  const notSent = error._tag === "InvalidRequestError" ? notSentText(error) : undefined
  if (notSent !== undefined) return notSent
  // A message the provider refused on its policy (its content filter, Gemini's block reasons), not for its form.
  if (error._tag === "InvalidRequestError" && ProviderProfiles.refusedOnPolicy(error)) {
    return ProviderProfile.withCause(policyText, ProviderProfiles.policyCause(error.provider, error.policyDetails))
  }
  if (error._tag !== "SpendLimitExceeded") return providerTexts[error._tag] ?? "The model request failed."
  const limit = error.label ?? `spending limit of $${error.limit}`
  return `The ${limit} is reached; it resets at ${new Date(error.resetsAt).toISOString()}.`
}

/** A stream store's refusal in words, by its reason. */
const storeTexts: { readonly [Reason in Model.StreamStoreError["reason"]]?: string } = {
  Full: "Too many answers are running now; try again shortly.",
  AlreadyExists: "A stream with this id is running.",
  Ended: "The stream has ended.",
  InvalidId: "Not a stream id.",
  TooManyReaders: "This answer is open in too many tabs or connections at once; close one and try again."
}

const storeText = (error: Model.StreamStoreError | Model.StreamNotFound): string =>
  error._tag === "StreamNotFound" ? "There is no such stream." : storeTexts[error.reason] ?? unavailable

/** Whether a tool's failure is the server refusing an approval: its own words, which name nothing internal. */
const isApprovalRefusal = (error: unknown): error is { readonly message: string } =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "ApprovalRefused" &&
  "message" in error && typeof error.message === "string"

/**
 * What the person is told of an answer refused for not fitting its tool's form (`ToolInput.AnswerMisfit`, known by
 * its fields: a durable run gives it back from its journal as plain JSON): that, naming the field it gets wrong;
 * `undefined` for any other failure.
 */
const misfitText = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null || !("_tag" in error) || error._tag !== "AnswerMisfit") {
    return undefined
  }
  return FormFit.told("field" in error ? error.field : undefined)
}

/**
 * A durable run that cannot read its own records (`DurableLoop.DurableLoopError`, `InvalidRecord`), known by its
 * fields: the durable loop is built on this module.
 */
const isUnreadableRun = (error: unknown): boolean =>
  typeof error === "object" && error !== null && "_tag" in error && error._tag === "DurableLoopError" &&
  "reason" in error && error.reason === "InvalidRecord"

/**
 * The default, one sentence naming the cause: `The tool <name> failed.` (an approval the server refused, its reason;
 * an answer that does not fit the tool's form, `Your answer does not match what the form asks for in "<field>".`);
 * a provider's failure, its kind in words (`The model is rate limited; try again shortly.`, a 400 `The provider
 * refused the request.`), never its message; a request refused before it was sent, why (`The model <model> cannot
 * continue an answer; send a new message.`, `The model <model> cannot take a <type> file.`, `The request could not
 * be sent to the model.`; the browser's own request, `The server refused the request.`); the
 * user's spend limit, that and when it resets; the server's configuration, `The server could not answer (a
 * configuration error).`; a store down, `Temporarily unavailable, try again.`; a stream store's refusals, their
 * reason in words; a durable run whose stored record cannot be read, `The run's saved record cannot be read; it
 * cannot go on.`; anything else, `An error occurred.` A function of your own can fall back to it.
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
  if (error instanceof ToolFailure) {
    return isApprovalRefusal(error.error) ? error.error.message : misfitText(error.error) ?? error.message
  }
  if (ProviderError.isProviderError(error)) return providerText(error)
  if (error instanceof Model.StreamStoreError || error instanceof Model.StreamNotFound) return storeText(error)
  if (isUnreadableRun(error)) return "The run's saved record cannot be read; it cannot go on."
  return "An error occurred."
}

/**
 * The function in context that every browser-facing text of a failure passes: `redact` unless `layerRedaction`
 * provides another. A stream's own `onError` takes its place for that stream.
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
