/**
 * The errors of Chat Completions hosts: error bodies (`{"error": {"message", "type", "code"}}`) and
 * in-stream error events, with the status an error's code or type stands for.
 *
 * @internal
 */
import * as ErrorReport from "../../core/http/ErrorReport.js"
import type * as HttpErrors from "../../core/http/HttpErrors.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ProviderError from "../../core/ProviderError.js"

/** The wire body of an OpenAI-style error: `{"error": {"message", "type", "code", "status_code"?}}`. */
export const parseErrorBody = (text: string): HttpErrors.ErrorBody => {
  const parsed = Payload.parseJson(text)
  return parsed === Payload.invalidJson ? {} : errorBodyOf(parsed)
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined

/**
 * The status an error code or type stands for, for errors that name none: in-stream error events, and
 * error bodies sent with status 200 (by a proxy, or a provider mid-stream). Azure puts the status itself
 * in `code` (`"401"`).
 */
const statusOfCode: Readonly<Record<string, number>> = {
  invalid_api_key: 401,
  authentication_error: 401,
  permission_error: 403,
  permission_denied: 403,
  invalid_request_error: 400,
  context_length_exceeded: 400,
  content_filter: 400,
  model_not_found: 404,
  not_found_error: 404,
  DeploymentNotFound: 404,
  rate_limit_exceeded: 429,
  tokens: 429,
  requests: 429,
  insufficient_quota: 429,
  server_error: 500,
  service_unavailable: 503,
  // The codes a Responses API `response.failed` names (openai 7.59.0 resources/responses/responses.d.ts,
  // `ResponseError.code`; server_error and rate_limit_exceeded above): the request's prompt or images at fault, which
  // a retry sends again as they are, but for the vector store's timeout.
  invalid_prompt: 400,
  data_residency_mismatch: 400,
  bio_policy: 400,
  misalignment_policy_violation: 400,
  vector_store_timeout: 504,
  invalid_image: 400,
  invalid_image_format: 400,
  invalid_base64_image: 400,
  invalid_image_url: 400,
  image_too_large: 400,
  image_too_small: 400,
  image_parse_error: 400,
  image_content_policy_violation: 400,
  invalid_image_mode: 400,
  image_file_too_large: 400,
  unsupported_image_media_type: 400,
  empty_image_file: 400,
  failed_to_download_image: 400,
  image_file_not_found: 400
}

const statusOf = (code: string | undefined): number | undefined =>
  code === undefined
    ? undefined
    : /^[1-5]\d\d$/.test(code)
    ? Number(code)
    : Object.hasOwn(statusOfCode, code)
    ? statusOfCode[code]
    : undefined

const errorBodyOf = (value: unknown): HttpErrors.ErrorBody => {
  const error = typeof value === "object" && value !== null && "error" in value ? value.error : undefined
  if (typeof error === "string") return { message: error }
  if (typeof error !== "object" || error === null) return {}
  const fields = error as Record<string, unknown>
  const code = stringOf(fields["code"])
  const type = stringOf(fields["type"])
  // A status the body states (Groq's `status_code`, Azure's numeric `code`), apart from what a code stands for.
  const stated = typeof fields["status_code"] === "number"
    ? fields["status_code"]
    : code !== undefined && /^[1-5]\d\d$/.test(code)
    ? Number(code)
    : undefined
  return {
    message: stringOf(fields["message"]),
    errorType: code ?? type,
    status: stated,
    standsFor: statusOf(code) ?? statusOf(type),
    parameter: typeof fields["param"] === "string" && fields["param"] !== "" ? fields["param"] : undefined,
    policyDetails: code === "content_filter" ? filterResultOf(fields["innererror"]) : undefined
  }
}

/**
 * The results of the filter that refused a prompt (`code: content_filter`), as Azure OpenAI sends them: its
 * `innererror.content_filter_result` (learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter, "Scenario
 * details": a prompt that triggers a filter gets a 400 with `innererror.code` `ResponsibleAIPolicyViolation`).
 */
const filterResultOf = (innererror: unknown): unknown =>
  typeof innererror === "object" && innererror !== null
    ? (innererror as Readonly<Record<string, unknown>>)["content_filter_result"]
    : undefined

/** The `ProviderError` for an in-stream `{"error": ...}` event. */
export const streamError = (provider: string, value: unknown): ProviderError.ProviderError => {
  const body = errorBodyOf(value)
  return ErrorReport.fromReport({
    provider,
    status: body.status,
    standsFor: body.standsFor,
    message: body.message ?? "the stream reported an error",
    errorType: body.errorType,
    parameter: body.parameter
  })
}

/**
 * The `ProviderError` of a stream the host stopped early, saying why in `reason` (Groq's `x_groq.error`): a
 * `ProviderUnavailableError` (nothing says the request was at fault; a retry may succeed) unless the reason is a code
 * that stands for a status (`rate_limit_exceeded`); a reason that is a code (`over_capacity`) is also its `errorType`.
 */
export const stoppedEarly = (provider: string, reason: string): ProviderError.ProviderError => {
  const code = /^[A-Za-z0-9_.-]{1,64}$/.test(reason) ? reason : undefined
  return ErrorReport.fromReport({
    provider,
    standsFor: statusOf(code),
    message: reason === ""
      ? "the host stopped the stream early, without saying why"
      : `the host stopped the stream early: ${reason}`,
    errorType: code
  })
}

/**
 * The `ProviderError` of an answer whose choice finished in error (`ChatFinishReasons.failed`: `error`,
 * `insufficient_system_resource`): a `ProviderUnavailableError` (nothing says the request was at fault), the reason
 * as its `errorType`.
 */
export const finishedInError = (provider: string, reason: string): ProviderError.ProviderError =>
  ErrorReport.fromReport({
    provider,
    message: `the answer ended in an error (finish reason ${reason})`,
    errorType: reason
  })

/**
 * The error of an answer whose stream ended with no choice saying why it finished, on a host that always says why
 * (`ChatFinishReasons.Unsaid`'s `cut`): cut short on its way, like a body that ends before its `[DONE]`.
 */
export const unfinished = (provider: string): ProviderError.TruncatedStreamError =>
  new ProviderError.TruncatedStreamError({
    provider,
    message:
      `${provider}: the stream ended before the answer finished (no finish reason came); the output is incomplete`
  })
