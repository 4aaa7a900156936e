/**
 * Google's errors: the JSON of an error response (`{ "error": { "code", "message", "status", "details" } }`,
 * as one object or, from Vertex's streaming endpoint, a one-element array; Google's `google.rpc.Status`),
 * and the same object sent as an event inside a 200 stream. `RESOURCE_EXHAUSTED` is a rate limit, its wait
 * read from a `google.rpc.RetryInfo` detail (`retryDelay: "34.4s"`).
 *
 * @internal
 */
import * as ErrorReport from "../../core/http/ErrorReport.js"
import type * as HttpErrors from "../../core/http/HttpErrors.js"
import * as Payload from "../../core/payload/Payload.js"
import type * as ProviderError from "../../core/ProviderError.js"

/** The HTTP status each canonical status stands for (google.rpc.Code's HTTP mapping). */
const statusOf: Readonly<Record<string, number>> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  ABORTED: 409,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  INTERNAL: 500,
  UNKNOWN: 500,
  DATA_LOSS: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504
}

/**
 * The class each `google.rpc.ErrorInfo` reason names over the HTTP status it came with. A key the Gemini API does not
 * accept is a 400 `INVALID_ARGUMENT` whose detail says `reason: "API_KEY_INVALID"` (Mirascope's recording
 * `python/tests/e2e/input/cassettes/test_authentication_error_stream/google_gemini_2_5_flash.yaml`; Mirascope reads
 * it as an authentication error, `python/mirascope/llm/providers/google/_utils/errors.py`).
 */
const reasonStatus: Readonly<Record<string, number>> = {
  API_KEY_INVALID: 401
}

/** The error's first detail of the `google.rpc` type `type` (`RetryInfo`, `ErrorInfo`), if it has one. */
const detailOf = (details: unknown, type: string): Record<string, unknown> | undefined =>
  Array.isArray(details)
    ? details.find((detail) => Payload.isRecord(detail) && String(detail["@type"]).endsWith(`google.rpc.${type}`))
    : undefined

/** The class the reason of an `ErrorInfo` detail names, if the error has one the table knows. */
const classOf = (details: unknown): number | undefined => {
  const reason = detailOf(details, "ErrorInfo")?.["reason"]
  return typeof reason === "string" && Object.hasOwn(reasonStatus, reason) ? reasonStatus[reason] : undefined
}

/** A duration in protobuf's JSON form (`"34.4s"`) in milliseconds. */
const millisOf = (duration: unknown): number | undefined => {
  if (typeof duration !== "string") return undefined
  const match = /^(\d+(?:\.\d+)?)s$/.exec(duration.trim())
  return match === null ? undefined : Math.round(Number(match[1]) * 1000)
}

/** The wait of a `RetryInfo` detail, if the error has one. */
const retryDelayOf = (details: unknown): number | undefined => millisOf(detailOf(details, "RetryInfo")?.["retryDelay"])

/** What Google's error object says, with the HTTP status its code names. */
export interface GoogleError extends HttpErrors.ErrorBody {
  readonly code?: number | undefined
}

/** The error object of a parsed body or event (`{ error }` or `[{ error }]`), if it is one. */
export const errorOf = (value: unknown): GoogleError | undefined => {
  const record = Array.isArray(value) && value.length === 1 ? value[0] : value
  if (!Payload.isRecord(record) || !Payload.isRecord(record["error"])) return undefined
  const error = record["error"]
  const status = typeof error["status"] === "string" ? error["status"] : undefined
  const code = typeof error["code"] === "number" ? error["code"] : undefined
  return {
    message: typeof error["message"] === "string" ? error["message"] : undefined,
    errorType: status,
    code,
    standsFor: code ?? (status !== undefined && Object.hasOwn(statusOf, status) ? statusOf[status] : undefined),
    retryAfterMillis: retryDelayOf(error["details"]),
    classAs: classOf(error["details"])
  }
}

/** A Google error body: its JSON, or the JSON of its one `data:` event when it came framed as a stream. */
export const parseErrorBody = (text: string): HttpErrors.ErrorBody => {
  const trimmed = text.trim()
  const parsed = Payload.parseJson(trimmed.startsWith("data:") ? trimmed.slice(5) : trimmed)
  return parsed === Payload.invalidJson ? {} : errorOf(parsed) ?? {}
}

/**
 * The `ProviderError` of an `{"error": ...}` event inside a 200 stream: classified by the status the event
 * names (`UNAVAILABLE`, code 503, is a retryable unavailability), which is its `status` and `errorType`.
 */
export const streamError = (provider: string, error: GoogleError): ProviderError.ProviderError =>
  ErrorReport.fromReport({
    provider,
    status: error.code,
    standsFor: error.standsFor,
    classAs: error.classAs,
    message: error.message ?? "the stream reported an error",
    errorType: error.errorType,
    retryAfterMillis: error.retryAfterMillis
  })

/**
 * Whether Gemini refused a request for a thought signature it cannot read (`unreadableTurns`): one another model or
 * account made. "Corrupted thought signature." (decolua/9router#4136, Wei-Shaw/sub2api#393), "Invalid thought
 * signature." (lbjlaq/Antigravity-Manager#3342), "Thought signature is not valid" (decolua/9router#450).
 */
export const refusesSignature = (error: ProviderError.ProviderError): boolean =>
  error._tag === "InvalidRequestError" &&
  /\b(?:corrupted thought signature|invalid thought signature|thought signature is not valid)\b/i.test(error.message)
