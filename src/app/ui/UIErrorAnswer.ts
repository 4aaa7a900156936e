/**
 * The HTTP answer to a failure before any content (a UI message stream that failed first, a store that refused):
 * its status by whose failure it is, its JSON body (`{ "error": text }`, the text the redaction made), and what
 * the client may act on: a spend limit's `reason` and `resetsAt` with `Retry-After`, a provider's retry hint, a
 * full store's.
 * `toResponse`, `toNodeResponse`, `resumeResponse` and `ChatEndpoint` all answer through it.
 *
 * @internal
 */
import * as ProviderError from "../../core/ProviderError.js"
import * as Model from "../store/StreamStoreModel.js"

/** An error's answer: its status, the headers to add, and the JSON body. */
export interface ErrorAnswer {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: { readonly error: string } & Readonly<Record<string, unknown>>
}

/**
 * The status of a failure: the server's configuration 500; a store or a limit's store down or full 503; a
 * provider rate limit, or the user's spend limit, 429; a provider unavailable 503, another provider failure
 * 502; a chat already answering 409; a request the browser got wrong its own status (400, 413); anything else 500.
 */
export const statusOf = (error: unknown): number => {
  if (error instanceof Model.StreamStoreError) {
    return error.reason === "AlreadyExists" ? 409 : error.reason === "InvalidId" ? 400 : 503
  }
  if (!ProviderError.isProviderError(error)) return 500
  switch (error._tag) {
    case "RateLimitError":
    case "SpendLimitExceeded":
      return 429
    case "ProviderUnavailableError":
    case "SpendLimitStoreError":
      return 503
    case "ConfigurationError":
      return 500
    case "InvalidRequestError":
      // A request this server refused before any model call (its body, its options) names the browser's part.
      return error.provider === "ui-message-stream" && error.status !== undefined ? error.status : 502
    default:
      return 502
  }
}

/** Whole seconds from `now` to `at` (epoch milliseconds), at least 1: a `Retry-After` value. */
const secondsUntil = (at: number, now: number): string => String(Math.max(1, Math.ceil((at - now) / 1000)))

/**
 * The answer to `error`, whose text for the browser is `text`: a spend limit reached is a 429 with `Retry-After`
 * (whole seconds to the window's reset) and `{ error, reason: "spend-limit", resetsAt }` (an ISO 8601 instant),
 * the app's own policy rather than an internal detail; a provider's rate limit carries its `Retry-After` when it
 * gave one, and a stream store full (a 503) the time it expects room in. `now` is the current time (epoch
 * milliseconds).
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
