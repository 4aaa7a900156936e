/**
 * The errors of the HTTP exchange: what a provider's error body says, the error for an error status or for
 * a body that is not the expected stream, transport failures and timeouts.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Payload from "../payload/Payload.js"
import * as ProviderError from "../ProviderError.js"
import * as ErrorReport from "./ErrorReport.js"
import * as RequestChecks from "./RequestChecks.js"

const requestIdHeaders = ["x-request-id", "request-id", "x-amzn-requestid", "apim-request-id"]

/** The provider's request id of a response. */
const requestIdOf = (headers: Readonly<Record<string, string | undefined>>): string | undefined => {
  for (const name of requestIdHeaders) {
    const value = headers[name]
    if (value !== undefined && value !== "") return value
  }
  return undefined
}

/** What a provider reads out of an error body: its message, error type and the status they stand for. */
export interface ErrorBody {
  readonly message?: string | undefined
  readonly errorType?: string | undefined
  /** A status the body names itself (Groq's `status_code`, Azure's `code: "401"`). */
  readonly status?: number | undefined
  /** The status the error type or code stands for (`rate_limit_exceeded` → 429): it only chooses the class. */
  readonly standsFor?: number | undefined
  /** The status whose class the body's reason names over the response's (Google's `API_KEY_INVALID` → 401). */
  readonly classAs?: number | undefined
  /** The request parameter the body names as the cause (OpenAI-style `param`). */
  readonly parameter?: string | undefined
  /** The wait the body asks for (Google's `RetryInfo`), used when no header gives one. */
  readonly retryAfterMillis?: number | undefined
  /** What the body says of the policy a request was refused on, as sent (`InvalidRequestError.policyDetails`). */
  readonly policyDetails?: unknown
}

/** The header names a provider request carries its credentials in (each provider's key or token header). */
export const credentialHeaderNames: ReadonlyArray<string> = [
  "authorization",
  "x-api-key",
  "x-goog-api-key",
  "api-key",
  "x-amz-security-token"
]

/** Response headers that can carry credentials or sessions: kept by name, their values redacted. */
const sensitiveHeaders: ReadonlySet<string> = new Set([
  ...credentialHeaderNames,
  "proxy-authorization",
  "www-authenticate",
  "proxy-authenticate",
  "cookie",
  "set-cookie"
])

/** The response an error came with: its status and headers, credentials and cookies redacted. */
export const httpOf = (
  response: HttpClientResponse.HttpClientResponse
): { readonly status: number; readonly headers: Readonly<Record<string, string>> } => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(response.headers)) {
    if (typeof value !== "string") continue
    headers[name] = sensitiveHeaders.has(name.toLowerCase()) ? "<redacted>" : value
  }
  return { status: response.status, headers }
}

/** A provider's reading of an error body (with the response headers: Bedrock names the type there). */
export type ErrorBodyParser = (text: string, headers: Readonly<Record<string, string | undefined>>) => ErrorBody

/**
 * What actually went wrong under an error: the message of the deepest `cause` (fetch wraps
 * `connect ECONNREFUSED 127.0.0.1:9` in a `TypeError: fetch failed`), and of every error of an
 * `AggregateError` (one per address tried).
 */
export const causeMessage = (cause: unknown): string | undefined => {
  let deepest: string | undefined
  for (let current = cause, depth = 0; current instanceof Error && depth < 16; depth++) {
    if (current instanceof AggregateError && current.errors.length > 0) {
      const messages = current.errors.map(causeMessage).filter((message) => message !== undefined)
      if (messages.length > 0) return [...new Set(messages)].join("; ")
    }
    if (current.message !== "") deepest = current.message
    current = current.cause
  }
  // A client's error may quote the URL it was given, user name and password included.
  return deepest === undefined ? undefined : RequestChecks.withoutUserinfo(deepest)
}

/** What a connection failure usually means, by the system error its message names. */
const connectionHints: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bECONNREFUSED\b/, "nothing accepts connections there: check the URL, and that the server is running"],
  [
    /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME)\b/,
    "the host name does not resolve: check the host in the URL, and the network"
  ],
  [/\b(ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/, "the host cannot be reached: check the URL and the network"],
  [/certificate|\bCERT_|SSL|TLS/i, "the TLS handshake failed: check the URL's scheme and host, and any proxy"]
]

/**
 * An answer no HTTP client reads (a head past 16 KiB on Node, another protocol's bytes, a `101` nobody asked for), in
 * each parser's words.
 */
const unreadableAnswer = /\bParse Error\b|\bHeaders Overflow\b|does not match the HTTP|\bHPE_[A-Z_]+\b|\bbad upgrade\b/i

/** Where a request went, as errors name it: its origin and path (no query, no user name or password). */
const whereOf = (url: string): string => {
  try {
    const parsed = new URL(url)
    return `${parsed.origin}${parsed.pathname}`
  } catch {
    // a relative or invalid URL is reported as it is
    return url
  }
}

/**
 * The error of an informational status as the final answer (a `101` nobody asked for, which node:http hands on as a
 * response): what fetch and undici refuse as a bad upgrade.
 */
export const informationalAnswer = (
  provider: string,
  request: HttpClientRequest.HttpClientRequest,
  status: number
): ProviderError.TransportError =>
  new ProviderError.TransportError({
    provider,
    message: `${provider}: ${
      whereOf(request.url)
    } answered with what no HTTP client reads: HTTP ${status} as its answer`
  })

export const transportError = (
  provider: string,
  request: HttpClientRequest.HttpClientRequest,
  error: HttpClientError.HttpClientError
): ProviderError.TransportError => {
  const message = causeMessage(error.cause)
  const cause = message === undefined ? "" : `: ${message}`
  const where = whereOf(request.url)
  const reason = error.reason._tag
  const hint = message === undefined ? undefined : connectionHints.find(([pattern]) => pattern.test(message))?.[1]
  const answered = reason === "TransportError" && message !== undefined && unreadableAnswer.test(message)
  // No connection made: a URL not valid, or a failure a hint names (a reset after connecting is not one).
  const connect = reason === "InvalidUrlError" || (reason === "TransportError" && !answered && hint !== undefined)
  return new ProviderError.TransportError({
    provider,
    ...(connect ? { connect: true } : {}),
    message: reason === "InvalidUrlError"
      ? `${provider}: the request URL is not valid: ${where}${cause}`
      : reason === "EncodeError"
      ? `${provider}: could not encode the request to ${where}${cause}`
      : answered
      ? `${provider}: ${where} answered with what no HTTP client reads${cause}`
      : reason === "TransportError"
      ? `${provider}: could not connect to ${where}${cause}${hint === undefined ? "" : ` (${hint})`}`
      : `${provider}: the connection failed while reading the response from ${where}${cause}`
  })
}

/** Builds the `ProviderError` for a response with an error status. */
export const statusError = (
  provider: string,
  response: HttpClientResponse.HttpClientResponse,
  bodyText: string,
  parseBody: (text: string) => ErrorBody
): ProviderError.ProviderError => {
  const body = parseBody(bodyText)
  const message = body.message ?? (bodyText.trim() === "" ? undefined : Payload.truncateRaw(bodyText.trim()))
  return fromBody(provider, response, body, { status: response.status, message })
}

/** The error of a response whose body says what went wrong: the body's reading, and the response's headers. */
const fromBody = (
  provider: string,
  response: HttpClientResponse.HttpClientResponse,
  body: ErrorBody,
  fields: Pick<ErrorReport.ErrorReport, "status" | "standsFor" | "message">
): ProviderError.ProviderError =>
  ErrorReport.fromReport({
    provider,
    ...fields,
    classAs: body.classAs,
    errorType: body.errorType,
    parameter: body.parameter,
    policyDetails: body.policyDetails,
    http: httpOf(response),
    requestId: requestIdOf(response.headers),
    retryAfterMillis: ErrorReport.retryAfterMillisFromHeaders(response.headers) ?? body.retryAfterMillis,
    shouldRetry: ErrorReport.shouldRetryFromHeaders(response.headers)
  })

/** What each timeout is, and the option that sets it. */
const timeoutTexts = {
  "first-byte": ["no response within", "raise timeouts.firstByte if the provider is slow to start"],
  "idle": ["the stream was silent for", "raise timeouts.idle for providers with long pauses"],
  "first-content": [
    "no content (only keep-alives or metadata) within",
    "raise timeouts.firstContent for models that think long before answering"
  ],
  "total": ["the stream did not end within", "raise timeouts.total for longer answers"]
} as const

/** The failure of a call that waited too long; one past the overall deadline (`total`) is not retried. */
export const timeoutError = (
  provider: string,
  kind: "first-byte" | "idle" | "first-content" | "total",
  duration: Duration.Input
) => {
  const [what, hint] = timeoutTexts[kind]
  return new ProviderError.TransportError({
    provider,
    timeout: kind,
    message: `${provider}: ${what} ${Duration.format(Duration.fromInputUnsafe(duration))}; ${hint}`,
    ...(kind === "total" ? { shouldRetry: false } : {})
  })
}

/**
 * The error for a successful status whose body is not the expected stream: a JSON error body (an object, or
 * Gemini's array of one) is mapped as it would be with its error status; anything else is a `MalformedPayloadError`
 * quoting its first bytes and naming its content type (none, another, or the stream's own on a document).
 */
export const unexpectedBody = (
  provider: string,
  response: HttpClientResponse.HttpClientResponse,
  expected: string,
  text: string,
  parseErrorBody: ErrorBodyParser
): ProviderError.ProviderError => {
  const trimmed = text.trim()
  const headers = response.headers
  if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && Payload.parseJson(trimmed) !== Payload.invalidJson) {
    const body = parseErrorBody(trimmed, headers)
    if (body.message !== undefined || body.errorType !== undefined) {
      return fromBody(provider, response, body, {
        status: body.status,
        standsFor: body.standsFor,
        message: body.message
      })
    }
  }
  const contentType = headers["content-type"]?.trim()
  const excerpt = trimmed.slice(0, 200).replace(/\s+/g, " ")
  const is = contentType === undefined || contentType === ""
    ? "is without a content type"
    : contentType.split(";")[0]!.trim().toLowerCase() === expected
    ? `is not one, though labelled ${contentType}`
    : `is ${contentType}`
  return new ProviderError.MalformedPayloadError({
    provider,
    status: response.status,
    http: httpOf(response),
    message: `${provider}: expected an event stream (${expected}) but the response (HTTP ${response.status}) ${is}; ` +
      `it begins: ${excerpt === "" ? "(empty)" : excerpt}`,
    raw: Payload.truncateRaw(trimmed)
  })
}
