/**
 * The HTTP answer to a failure before any content: its status by whose failure it is, its text (the redaction's
 * sentence, as `text/plain`: the `ai` client's `error.message`), and what a program may act on, in headers (a spend
 * limit's reason and reset, `Retry-After`).
 *
 * @internal
 */
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Model from "../store/StreamStoreModel.js"

/** An error's answer: its status, headers, and body fields (the sentence `error`; the rest sent as headers). */
export interface ErrorAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: { readonly error: string } & Readonly<Record<string, unknown>>
}

/**
 * Whether a request was refused before it was sent, by this library: it came with no status, response or error type
 * of a provider's.
 */
export const isRefusedUnsent = (error: ProviderError.InvalidRequestError): boolean =>
  error.status === undefined && error.http === undefined && error.errorType === undefined

/**
 * Whether a failure is the browser's input, refused before any model call: its body (the endpoint's own refusal), or
 * a conversation its model cannot take as it is (a part, an answer continued, a message: `parameter` `messages…`).
 */
export const isBrowsersInput = (error: ProviderError.ProviderError): boolean =>
  error._tag === "InvalidRequestError" && (
    error.provider === Provider.browser || error.refusedPart !== undefined || error.refusedPrefill !== undefined ||
    (isRefusedUnsent(error) && error.parameter?.startsWith("messages") === true)
  )

/**
 * Whether a provider's failure is the server's configuration: a `ConfigurationError`, a key refused (401, 403), a
 * model or path unknown (404, `model_not_found`), a host no connection could be made to, a request refused before it
 * was sent for what the server set (a model's option the model does not take, a bound out of range).
 */
export const isServersConfiguration = (error: ProviderError.ProviderError): boolean => {
  switch (error._tag) {
    case "ConfigurationError":
    case "AuthenticationError":
      return true
    case "InvalidRequestError":
      if (isBrowsersInput(error)) return false
      return error.status === 404 || error.errorType === "model_not_found" || isRefusedUnsent(error)
    case "TransportError":
      return error.connect === true
    default:
      return false
  }
}

/**
 * Whether a failure is the request's own refusal, before any model answer: the browser's input (400, 415) or the
 * server's configuration (500). Every protocol answers it with that status, as `statusOf` gives it.
 */
export const isRequestsRefusal = (error: unknown): boolean =>
  ProviderError.isProviderError(error) && (isBrowsersInput(error) || isServersConfiguration(error))

/** A provider failure's status, by its kind: 502 when not here. */
const statuses: { readonly [Tag in ProviderError.ProviderError["_tag"]]?: number } = {
  RateLimitError: 429,
  SpendLimitExceeded: 429,
  ProviderUnavailableError: 503,
  SpendLimitStoreError: 503
}

/** A stream store's refusal's status, by its reason: 503 when not here (the store down or full). */
const storeStatuses: { readonly [Reason in Model.StreamStoreError["reason"]]?: number } = {
  AlreadyExists: 409,
  InvalidId: 400,
  // A stream read by as many readers as it may (ReaderSlots): the client's to close one.
  TooManyReaders: 429
}

/**
 * The status of a failure: the server's configuration 500; a store down or full 503, a stream read by too many
 * readers 429; a rate limit or the user's spend limit 429; a provider unavailable 503, another provider failure 502;
 * a chat already answering 409; a request the browser got wrong its own status (400, 413); a part the model cannot
 * take 415; another conversation the model cannot take as it is (an answer continued, a message) 400; anything else
 * 500.
 */
export const statusOf = (error: unknown): number => {
  if (error instanceof Model.StreamStoreError) {
    return storeStatuses[error.reason] ?? 503
  }
  if (!ProviderError.isProviderError(error) || isServersConfiguration(error)) return 500
  // A request this server refused before any model call (its body, its options) names the browser's part.
  const browsers = error._tag === "InvalidRequestError" && error.provider === Provider.browser
  if (browsers && error.status !== undefined) return error.status
  // An attachment the model cannot take, refused before it was sent: the browser's to change.
  if (error._tag === "InvalidRequestError" && error.refusedPart !== undefined) return 415
  // A conversation the model cannot take as it is (an answer continued, a message), refused before it was sent.
  if (isBrowsersInput(error)) return 400
  return statuses[error._tag] ?? 502
}

/** Whole seconds from `now` to `at` (epoch milliseconds), at least 1: a `Retry-After` value. */
const secondsUntil = (at: number, now: number): string => String(Math.max(1, Math.ceil((at - now) / 1000)))

/**
 * The answer to `error`, whose text is `text`: a spend limit reached is a 429 with `Retry-After` and the fields
 * `reason: "spend-limit"` and `resetsAt` (ISO 8601); a rate limit or a full store carries its `Retry-After` if known.
 */
export const answerOf = (error: unknown, text: string, now: number): ErrorAnswer => {
  const status = statusOf(error)
  if (error instanceof ProviderError.SpendLimitExceeded) {
    return {
      status,
      headers: { "retry-after": secondsUntil(error.resetsAt, now) },
      body: { error: text, reason: "spend-limit", resetsAt: new Date(error.resetsAt).toISOString() }
    }
  }
  const retryAfter = error instanceof ProviderError.RateLimitError || error instanceof Model.StreamStoreError
    ? error.retryAfterMillis
    : undefined
  if (retryAfter !== undefined) {
    return { status, headers: { "retry-after": secondsUntil(now + retryAfter, now) }, body: { error: text } }
  }
  return { status, headers: {}, body: { error: text } }
}

/** A failure that is not an error value (a defect): a 500 with `text`. */
export const internal = (text: string): ErrorAnswer => ({ status: 500, headers: {}, body: { error: text } })

/** `resetsAt` as `x-error-resets-at`: a field's header name. */
const headerOf = (field: string): string => `x-error-${field.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`

/** An answer as an `effect/http` response: the sentence as the body, each other field as `X-Error-<Field>`. */
export const toServerResponse = (answer: ErrorAnswer, init?: ResponseInit): HttpServerResponse.HttpServerResponse => {
  const contentType = "text/plain; charset=utf-8"
  const headers = new Headers({ "content-type": contentType, ...answer.headers })
  for (const [field, value] of Object.entries(answer.body)) {
    if (field !== "error" && value !== undefined) headers.set(headerOf(field), String(value))
  }
  if (init?.headers !== undefined) new Headers(init.headers).forEach((value, name) => headers.set(name, value))
  return HttpServerResponse.text(answer.body.error, { status: answer.status, headers, contentType })
}
