/**
 * From what an error response or an in-stream error event says to the typed error: classification by
 * status, retry hints from headers; and what of such a text may go into a log line (`loggable`).
 *
 * @internal
 */
import * as Payload from "../payload/Payload.js"
import * as ProviderError from "../ProviderError.js"

/** What an HTTP error response or an in-stream error event says. */
export interface ErrorReport {
  readonly provider: string
  /** The HTTP status: the response's, or one the error body names itself. */
  readonly status?: number | undefined
  /**
   * The status an error type or code stands for (`overloaded_error` → 529), which only chooses the class
   * of an error that has no status: it is never reported as the error's status.
   */
  readonly standsFor?: number | undefined
  /**
   * The status whose class the body's own reason names over the HTTP status (Google's `API_KEY_INVALID`, sent
   * with 400: an authentication error); it only chooses the class, never reported as the status.
   */
  readonly classAs?: number | undefined
  /** The provider's own message, if it sent one. */
  readonly message?: string | undefined
  readonly errorType?: string | undefined
  /** The request parameter the provider names as the cause. */
  readonly parameter?: string | undefined
  /** The HTTP response the error came with. */
  readonly http?: { readonly status: number; readonly headers: Readonly<Record<string, string>> } | undefined
  readonly requestId?: string | undefined
  readonly retryAfterMillis?: number | undefined
  readonly shouldRetry?: boolean | undefined
  /** What the provider said of the policy it refused the request on (`InvalidRequestError.policyDetails`). */
  readonly policyDetails?: unknown
}

const optionalNames = ["status", "errorType", "parameter", "http", "requestId", "shouldRetry"] as const

/** The report's optional fields that are set (an error's optional key takes no `undefined`). */
const optionalFields = (report: ErrorReport) =>
  Object.fromEntries(optionalNames.flatMap((name) => report[name] === undefined ? [] : [[name, report[name]]])) as {
    readonly [K in (typeof optionalNames)[number]]?: Exclude<ErrorReport[K], undefined>
  }

/**
 * The error's message: the provider's own, cut to `Payload.maxRawLength` (an error event may be as large as any
 * event, megabytes, which would go whole into every log line and span), or `fallback` when it sent none or a blank one.
 */
const describe = (report: ErrorReport, fallback: string): string => {
  const status = report.status === undefined ? "" : ` (HTTP ${report.status})`
  const type = report.errorType === undefined ? "" : ` [${report.errorType}]`
  const message = report.message?.trim()
  return `${report.provider}${status}${type}: ${
    message === undefined || message === "" ? fallback : Payload.truncateRaw(message)
  }`
}

/**
 * Classifies an error report by its status (or the class its body's reason names over it; without a status, the
 * status its type stands for): 401/403
 * authentication, 429 rate limit, 408/409/5xx/529 and none at all unavailable, any other status invalid
 * request.
 */
export const fromReport = (report: ErrorReport): ProviderError.ProviderError => {
  const fields = { provider: report.provider, ...optionalFields(report) }
  const status = report.classAs ?? report.status ?? report.standsFor
  const retryAfter = report.retryAfterMillis === undefined ? {} : { retryAfterMillis: report.retryAfterMillis }
  if (status === 401 || status === 403) {
    return new ProviderError.AuthenticationError({
      ...fields,
      message: describe(report, "the API key was rejected; check that it is set and valid for this endpoint")
    })
  }
  if (status === 429) {
    return new ProviderError.RateLimitError({
      ...fields,
      ...retryAfter,
      message: describe(report, "rate limit reached; retry later")
    })
  }
  if (status === undefined || status === 408 || status === 409 || status >= 500) {
    return new ProviderError.ProviderUnavailableError({
      ...fields,
      ...retryAfter,
      message: describe(report, "the provider failed to serve the request")
    })
  }
  return new ProviderError.InvalidRequestError({
    ...fields,
    ...(report.policyDetails === undefined ? {} : { policyDetails: report.policyDetails }),
    message: describe(report, "the request was rejected")
  })
}

/**
 * Reads the retry hint of a response: `retry-after-ms` (milliseconds), else `retry-after` (seconds or
 * an HTTP date), as the official SDKs do.
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
    // Seconds as openai-node reads them (`parseFloat`, src/client.ts): the leading number. A header sent twice and
    // joined ("5, 6") is then its first value, not the date `Date.parse` makes of it (in 2001: no wait at all).
    const seconds = Number.parseFloat(after)
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
    const date = Number.isNaN(seconds) ? Date.parse(after) : Number.NaN
    if (Number.isFinite(date)) return Math.max(0, date - now)
  }
  return undefined
}

/** Reads `x-should-retry: true|false`. */
export const shouldRetryFromHeaders = (headers: Readonly<Record<string, string | undefined>>): boolean | undefined => {
  const value = headers["x-should-retry"]
  return value === "true" ? true : value === "false" ? false : undefined
}

/** A terminal's escape sequence, whole: CSI (colours, cursor moves), OSC (a window's title, a link) and ESC pairs. */
const escapeSequence =
  /(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[\u0040-\u005f]/g

/** What else may not stand in a log line: C0 controls (LF, CR, ESC, ...), DEL, C1, line separators, bidi overrides. */
const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** `text`, cut after `max` characters (an ellipsis marks the cut). */
export const cut = (text: string, max: number): string => text.length > max ? `${text.slice(0, max)}…` : text

/**
 * A text from outside (a provider's error type or message, an MCP server's, a store's, a browser's ids) as it may go
 * into a log line: at most `max` characters of it, its terminal escape sequences removed and every other control
 * character a space, so that it can neither start a line of its own (LF, CR) nor repaint the reader's terminal (ANSI).
 */
export const loggable = (text: string, max = 2000): string => {
  return cut(text, max).replace(escapeSequence, "").replace(control, " ")
}
