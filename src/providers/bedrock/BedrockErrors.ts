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

const exceptionStatus: Readonly<Record<string, number | undefined>> = {
  throttlingException: 429,
  serviceQuotaExceededException: 429,
  validationException: 400,
  accessDeniedException: 403,
  resourceNotFoundException: 404,
  modelTimeoutException: 408,
  internalServerException: 500,
  serviceUnavailableException: 503,
  modelNotReadyException: 503,
  modelStreamErrorException: undefined
}

const statusOf = (exceptionType: string | undefined): number | undefined => {
  if (exceptionType === undefined) return undefined
  const key = exceptionType.charAt(0).toLowerCase() + exceptionType.slice(1)
  return Object.hasOwn(exceptionStatus, key) ? exceptionStatus[key] : undefined
}

/** Reads the message and type of a Bedrock error response (its body, or the `x-amzn-errortype` header). */
export const parseErrorBody = (
  text: string,
  headers: Readonly<Record<string, string | undefined>>
): HttpErrors.ErrorBody => {
  const parsed = Payload.parseJson(text)
  const value = (parsed === Payload.invalidJson ? undefined : parsed) as {
    readonly message?: unknown
    readonly Message?: unknown
    readonly __type?: unknown
  } | undefined
  const message = [value?.message, value?.Message].find((text): text is string => typeof text === "string")
  // `ThrottlingException:http://internal.amazon.com/...` in the header, `...#ThrottlingException` in `__type`.
  const errorType = headers["x-amzn-errortype"]?.split(":")[0] ||
    (typeof value?.__type === "string" ? value.__type.split("#").pop() : undefined) || undefined
  return { message, errorType, standsFor: statusOf(errorType) }
}

/** The `ProviderError` of an `exception` frame (`:exception-type`, JSON body with `message`). */
export const exceptionError = (
  exceptionType: string,
  text: string,
  requestId: string | undefined
): ProviderError.ProviderError => {
  const parsed = Payload.parseJson(text)
  const body = (parsed === Payload.invalidJson ? undefined : parsed) as { readonly message?: unknown } | undefined
  return ErrorReport.fromReport({
    provider: "bedrock",
    standsFor: statusOf(exceptionType),
    errorType: exceptionType,
    message: typeof body?.message === "string" ? body.message : text || undefined,
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
