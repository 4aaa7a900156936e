/**
 * Everything that can go wrong while streaming a call, as typed errors.
 *
 * Each error names its `provider`, carries a message a user can act on, and says whether a retry can
 * help (`retryable`). Rate-limit and unavailability errors carry the provider's retry hint. No error
 * ever holds an API key or a request header.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

const common = {
  /** The provider that produced the error (`openai`, `anthropic`, `groq`, `azure`, `bedrock`). */
  provider: Schema.String,
  message: Schema.String,
  /** The HTTP status, for errors that came with one (or that an in-stream error event named). */
  status: Schema.optionalKey(Schema.Number),
  /** The provider's own error type or code (`rate_limit_exceeded`, `overloaded_error`, ...). */
  errorType: Schema.optionalKey(Schema.String),
  /** The provider's request id, to quote to its support. */
  requestId: Schema.optionalKey(Schema.String),
  /** The provider's explicit retry advice (`x-should-retry`), which overrides the default. */
  shouldRetry: Schema.optionalKey(Schema.Boolean)
}

const retryHint = {
  /** How long the provider asked to wait before retrying, in milliseconds. */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}

const retryAfterOf = (millis: number | undefined): Option.Option<Duration.Duration> =>
  millis === undefined ? Option.none() : Option.some(Duration.millis(millis))

/**
 * The API key was missing, wrong, or not allowed to do this (HTTP 401/403).
 *
 * @since 0.1.0
 * @category Errors
 */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>()("AuthenticationError", common) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? false
  }
}

/**
 * The provider throttled the call (HTTP 429 or a rate-limit event). `retryAfter` holds its hint.
 * Exhausted quota (`insufficient_quota`) is reported as a rate limit that is not retryable.
 *
 * @since 0.1.0
 * @category Errors
 */
export class RateLimitError
  extends Schema.TaggedError<RateLimitError>()("RateLimitError", { ...common, ...retryHint })
{
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? (this.errorType !== "insufficient_quota")
  }
  /** @since 0.1.0 */
  get retryAfter(): Option.Option<Duration.Duration> {
    return retryAfterOf(this.retryAfterMillis)
  }
}

/**
 * The provider rejected the request itself (HTTP 400/404/413/422, unknown model, bad parameter, a
 * prompt blocked by a content filter). The message is the provider's own.
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidRequestError extends Schema.TaggedError<InvalidRequestError>()("InvalidRequestError", common) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? false
  }
}

/**
 * The provider failed or is overloaded (HTTP 408/409/5xx/529, `server_error` and `overloaded_error`
 * events, Bedrock service exceptions).
 *
 * @since 0.1.0
 * @category Errors
 */
export class ProviderUnavailableError
  extends Schema.TaggedError<ProviderUnavailableError>()("ProviderUnavailableError", { ...common, ...retryHint })
{
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? true
  }
  /** @since 0.1.0 */
  get retryAfter(): Option.Option<Duration.Duration> {
    return retryAfterOf(this.retryAfterMillis)
  }
}

/**
 * The connection could not be made, broke while the response was being read, or timed out.
 *
 * @since 0.1.0
 * @category Errors
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  ...common,
  /** Set when the error is a timeout: no response in time (`first-byte`), or a silent stream (`idle`). */
  timeout: Schema.optionalKey(Schema.Literals(["first-byte", "idle"]))
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? true
  }
}

/**
 * A streamed payload could not be decoded: invalid JSON, a known event that violates its schema, an
 * oversized or corrupted frame. `raw` holds the offending text, cut to a bounded length.
 *
 * @since 0.1.0
 * @category Errors
 */
export class MalformedPayloadError extends Schema.TaggedError<MalformedPayloadError>()("MalformedPayloadError", {
  ...common,
  /** The payload text that failed to decode (at most `maxRawLength` characters). */
  raw: Schema.String
}) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? false
  }
}

/**
 * The response body ended before the provider's end-of-stream marker (`[DONE]`, `message_stop`,
 * Bedrock's `metadata`): the response is incomplete.
 *
 * @since 0.1.0
 * @category Errors
 */
export class TruncatedStreamError extends Schema.TaggedError<TruncatedStreamError>()("TruncatedStreamError", common) {
  /** @since 0.1.0 */
  get retryable(): boolean {
    return this.shouldRetry ?? true
  }
}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ProviderError = Schema.Union(
  [
    AuthenticationError,
    RateLimitError,
    InvalidRequestError,
    ProviderUnavailableError,
    TransportError,
    MalformedPayloadError,
    TruncatedStreamError
  ] as const
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ProviderError = typeof ProviderError.Type

/**
 * Whether a value is one of the `ProviderError`s.
 *
 * @since 0.2.0
 * @category Guards
 */
export const isProviderError = (value: unknown): value is ProviderError =>
  ProviderError.members.some((errorClass) => value instanceof errorClass)

const textFields = ["message", "raw", "errorType", "requestId"] as const

/**
 * The same error with `f` applied to each of its texts (`message`, `raw`, `errorType`, `requestId`).
 *
 * @since 0.2.0
 * @category Utils
 */
export const mapText = <E extends ProviderError>(error: E, f: (text: string) => string): E => {
  const { _tag: _, ...fields }: Record<string, unknown> = { ...error, message: error.message }
  for (const name of textFields) {
    const value = fields[name]
    if (typeof value === "string") fields[name] = f(value)
  }
  return new (error.constructor as new(fields: Record<string, unknown>) => E)(fields)
}

/**
 * The longest payload excerpt a `MalformedPayloadError` keeps.
 *
 * @since 0.1.0
 * @category Constants
 */
export const maxRawLength = 2_000

/**
 * Cuts a payload to `maxRawLength` characters for an error report.
 *
 * @since 0.1.0
 * @category Utils
 */
export const truncateRaw = (raw: string): string =>
  raw.length <= maxRawLength ? raw : `${raw.slice(0, maxRawLength)}… (${raw.length - maxRawLength} more characters)`

/**
 * What an HTTP error response or an in-stream error event says.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ErrorReport {
  readonly provider: string
  /** The HTTP status, or the status an in-stream error maps to. */
  readonly status?: number | undefined
  /** The provider's own message, if it sent one. */
  readonly message?: string | undefined
  readonly errorType?: string | undefined
  readonly requestId?: string | undefined
  readonly retryAfterMillis?: number | undefined
  readonly shouldRetry?: boolean | undefined
}

const optionalFields = (report: ErrorReport) => {
  const fields: {
    status?: number
    errorType?: string
    requestId?: string
    shouldRetry?: boolean
  } = {}
  if (report.status !== undefined) fields.status = report.status
  if (report.errorType !== undefined) fields.errorType = report.errorType
  if (report.requestId !== undefined) fields.requestId = report.requestId
  if (report.shouldRetry !== undefined) fields.shouldRetry = report.shouldRetry
  return fields
}

const describe = (report: ErrorReport, fallback: string): string => {
  const status = report.status === undefined ? "" : ` (HTTP ${report.status})`
  const type = report.errorType === undefined ? "" : ` [${report.errorType}]`
  return `${report.provider}${status}${type}: ${report.message ?? fallback}`
}

/**
 * Classifies an error report by its status: 401/403 authentication, 429 rate limit, 408/409/5xx/529
 * unavailable, any other status invalid request.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromReport = (report: ErrorReport): ProviderError => {
  const fields = { provider: report.provider, ...optionalFields(report) }
  const status = report.status
  const retryAfter = report.retryAfterMillis === undefined ? {} : { retryAfterMillis: report.retryAfterMillis }
  if (status === 401 || status === 403) {
    return new AuthenticationError({
      ...fields,
      message: describe(report, "the API key was rejected; check that it is set and valid for this endpoint")
    })
  }
  if (status === 429) {
    return new RateLimitError({
      ...fields,
      ...retryAfter,
      message: describe(report, "rate limit reached; retry later")
    })
  }
  if (status === undefined || status === 408 || status === 409 || status >= 500) {
    return new ProviderUnavailableError({
      ...fields,
      ...retryAfter,
      message: describe(report, "the provider failed to serve the request")
    })
  }
  return new InvalidRequestError({ ...fields, message: describe(report, "the request was rejected") })
}

/**
 * Reads the retry hint of a response: `retry-after-ms` (milliseconds), else `retry-after` (seconds or
 * an HTTP date), as the official SDKs do.
 *
 * @since 0.1.0
 * @category Utils
 */
export const retryAfterMillisFromHeaders = (
  headers: Readonly<Record<string, string | undefined>>,
  now: number = Date.now()
): number | undefined => {
  const ms = headers["retry-after-ms"]
  if (ms !== undefined) {
    const value = Number.parseFloat(ms)
    if (Number.isFinite(value) && value >= 0) return value
  }
  const after = headers["retry-after"]
  if (after !== undefined) {
    const seconds = Number(after)
    if (after.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Date.parse(after)
    if (Number.isFinite(date)) return Math.max(0, date - now)
  }
  return undefined
}

/**
 * Reads `x-should-retry: true|false`.
 *
 * @since 0.1.0
 * @category Utils
 */
export const shouldRetryFromHeaders = (headers: Readonly<Record<string, string | undefined>>): boolean | undefined => {
  const value = headers["x-should-retry"]
  return value === "true" ? true : value === "false" ? false : undefined
}
