/**
 * Anthropic's error bodies and in-stream error events: `{"type": "error", "error": {"type", "message"}}`,
 * with the status each error type stands for.
 *
 * @internal
 */
import * as ErrorReport from "../../core/http/ErrorReport.js"
import type * as HttpErrors from "../../core/http/HttpErrors.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ProviderError from "../../core/ProviderError.js"

const errorStatus: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529
}

const errorOf = (value: unknown): HttpErrors.ErrorBody & { readonly requestId?: string | undefined } => {
  if (typeof value !== "object" || value === null) return {}
  const record = value as Record<string, unknown>
  const error = typeof record["error"] === "object" && record["error"] !== null
    ? record["error"] as Record<string, unknown>
    : {}
  const errorType = typeof error["type"] === "string" ? error["type"] : undefined
  return {
    message: typeof error["message"] === "string" ? error["message"] : undefined,
    errorType,
    standsFor: errorType !== undefined && Object.hasOwn(errorStatus, errorType) ? errorStatus[errorType] : undefined,
    requestId: typeof record["request_id"] === "string" ? record["request_id"] : undefined
  }
}

/** Reads the message and type of an Anthropic error response's body. */
export const parseErrorBody = (text: string): HttpErrors.ErrorBody => {
  const parsed = Payload.parseJson(text)
  return parsed === Payload.invalidJson ? {} : errorOf(parsed)
}

/** The `ProviderError` of an in-stream `event: error`. */
export const streamError = (data: string): ProviderError.ProviderError => {
  const parsed = Payload.parseJson(data)
  const body = parsed === Payload.invalidJson ? { message: data } : errorOf(parsed)
  return ErrorReport.fromReport({
    provider: "anthropic",
    standsFor: body.standsFor,
    message: body.message ?? "the stream reported an error",
    errorType: body.errorType,
    requestId: "requestId" in body ? body.requestId : undefined
  })
}
