/**
 * Bedrock's errors: HTTP error bodies (the type in `x-amzn-errortype` or `__type`), and the exception
 * and error frames of the event stream, with the status each exception stands for.
 *
 * @internal
 */
import * as ErrorReport from "../../core/http/ErrorReport.js"
import type * as HttpErrors from "../../core/http/HttpErrors.js"
import * as Payload from "../../core/payload/Payload.js"
import * as ProviderError from "../../core/ProviderError.js"

/** What an exception's body may say besides its `message`. */
interface ExceptionBody {
  readonly message?: unknown
  readonly originalStatusCode?: unknown
  readonly originalMessage?: unknown
}

/**
 * The status a model's own error (`originalStatusCode`) stands for: a 4xx other than those worth a retry (408, 409,
 * 429, as `ErrorReport.fromReport` classes them) is the request refused by the model, an invalid request; anything
 * else leaves the error unavailable, to be retried.
 */
const modelStatus = ({ originalStatusCode: status }: ExceptionBody): number | undefined =>
  typeof status === "number" && status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429
    ? 400
    : undefined

/** The status each exception stands for, or how its body says it. */
const exceptionStatus: Readonly<Record<string, number | ((body: ExceptionBody) => number | undefined)>> = {
  throttlingException: 429,
  serviceQuotaExceededException: 429,
  validationException: 400,
  accessDeniedException: 403,
  resourceNotFoundException: 404,
  modelTimeoutException: 408,
  internalServerException: 500,
  serviceUnavailableException: 503,
  modelNotReadyException: 503,
  // @aws-sdk/client-bedrock-runtime 3.1164 errors.d.ts `ModelStreamErrorException { originalStatusCode?,
  // originalMessage? }`; botocore bedrock-runtime service-2.json (`httpStatusCode: 424`, `senderFault: true`).
  modelStreamErrorException: modelStatus
}

const statusOf = (exceptionType: string | undefined, body: ExceptionBody = {}): number | undefined => {
  if (exceptionType === undefined) return undefined
  // `ThrottlingException` in a header, `throttlingException` in a frame.
  const key = exceptionType.charAt(0).toLowerCase() + exceptionType.slice(1)
  const status = Object.hasOwn(exceptionStatus, key) ? exceptionStatus[key] : undefined
  return typeof status === "function" ? status(body) : status
}

/** The message of an exception, with the model's own error when it names one (`originalMessage`). */
const exceptionMessage = (body: ExceptionBody, text: string): string | undefined => {
  const message = typeof body.message === "string" ? body.message : undefined
  const original = typeof body.originalMessage === "string" && body.originalMessage !== "" &&
      body.originalMessage !== message
    ? body.originalMessage
    : undefined
  if (original === undefined) return message ?? (text || undefined)
  const status = typeof body.originalStatusCode === "number" ? ` (HTTP ${body.originalStatusCode})` : ""
  return `${message ?? "the model failed"}; the model's own error${status}: ${original}`
}

/** Reads the message and type of a Bedrock error response (its body, or the `x-amzn-errortype` header). */
export const parseErrorBody = (
  text: string,
  headers: Readonly<Record<string, string | undefined>>
): HttpErrors.ErrorBody => {
  const parsed = Payload.parseJson(text)
  const value: ExceptionBody & { readonly Message?: unknown; readonly __type?: unknown } = Payload.isRecord(parsed)
    ? parsed
    : {}
  const message = [value.message, value.Message].find((text): text is string => typeof text === "string")
  // `ThrottlingException:http://internal.amazon.com/...` in the header, `...#ThrottlingException` in `__type`.
  const errorType = headers["x-amzn-errortype"]?.split(":")[0] ||
    (typeof value.__type === "string" ? value.__type.split("#").pop() : undefined) || undefined
  return { message: exceptionMessage({ ...value, message }, ""), errorType, standsFor: statusOf(errorType, value) }
}

/**
 * The `ProviderError` of an `exception` frame (`:exception-type`, JSON body with `message`; a
 * `modelStreamErrorException`'s also with the model's `originalStatusCode` and `originalMessage`).
 */
export const exceptionError = (
  exceptionType: string,
  text: string,
  requestId: string | undefined
): ProviderError.ProviderError => {
  const parsed = Payload.parseJson(text)
  const body: ExceptionBody = Payload.isRecord(parsed) ? parsed : {}
  return ErrorReport.fromReport({
    provider: "bedrock",
    standsFor: statusOf(exceptionType, body),
    errorType: exceptionType,
    message: exceptionMessage(body, text),
    requestId
  })
}

/** The `ProviderError` of an `error` frame (`:error-code`, `:error-message`). */
export const errorFrameError = (
  errorCode: string | undefined,
  message: string | undefined,
  requestId: string | undefined
): ProviderError.ProviderError =>
  ErrorReport.fromReport({
    provider: "bedrock",
    errorType: errorCode,
    message: message ?? "the stream reported an error",
    requestId
  })
