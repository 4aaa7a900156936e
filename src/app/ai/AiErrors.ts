/**
 * `ProviderError` → `AiError`: each of this library's errors becomes the `AiError` reason that means the same,
 * keeping the provider's message, its retry hint, the HTTP response it came with, the parameter the provider blames,
 * its facts in the reason's metadata (`AiMetadata.ErrorMetadata`), and the original error as the reason's `cause`.
 *
 * @internal
 */
import * as AiError from "effect/ai/AiError"
import * as DateTime from "effect/DateTime"
import * as Duration from "effect/Duration"
import type * as ProviderError from "../../core/ProviderError.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as AiMetadata from "./AiMetadata.js"

/** The module name `AiError`s of the adapter carry. */
const module = "AiLanguageModel"

/** The adapter's `AiError` of `reason`, raised by `method` (`streamText`, `generateText`). */
export const make = (method: string, reason: AiError.AiErrorReason): AiError.AiError =>
  AiError.make({ module, method, reason })

const errorMetadata = (
  error: ProviderError.ProviderError
): { readonly [AiMetadata.metadataKey]: AiMetadata.ErrorMetadata } => ({
  [AiMetadata.metadataKey]: {
    error: error._tag,
    provider: error.provider,
    message: error.message,
    status: error.status ?? null,
    errorType: error.errorType ?? null,
    requestId: error.requestId ?? null,
    retryAfterMillis: "retryAfterMillis" in error ? error.retryAfterMillis ?? null : null,
    retryable: error.retryable
  }
})

/**
 * The `AiError` reason of a `ProviderError`:
 *
 * | ProviderError | reason |
 * | --- | --- |
 * | `RateLimitError` | `RateLimitError` with `retryAfter`; `QuotaExhaustedError` for `insufficient_quota` |
 * | `AuthenticationError` | `AuthenticationError` (`InsufficientPermissions` for 403, else `InvalidKey`) |
 * | `InvalidRequestError` | `ContentPolicyError` for a refusal on the provider's policy (`ProviderProfiles.refusedOnPolicy`), else `InvalidRequestError` |
 * | `ProviderUnavailableError` | `InternalProviderError` (retryable) |
 * | `TransportError`, `TruncatedStreamError` | `NetworkError` (`TransportError`, retryable) |
 * | `MalformedPayloadError` | `InvalidResponseError` |
 */
export const reason = (error: ProviderError.ProviderError): AiError.AiErrorReason => {
  const mapped = reasonOf(error)
  // `NetworkError` has a field for the cause. The other reasons have none: it is set as the standard `Error.cause`,
  // not enumerable, so encoding the reason (a Schema) is unchanged.
  if (!(mapped instanceof AiError.NetworkError)) {
    Object.defineProperty(mapped, "cause", { value: error, enumerable: false, configurable: true, writable: true })
  }
  return mapped
}

const reasonOf = (error: ProviderError.ProviderError): AiError.AiErrorReason => {
  const metadata = errorMetadata(error)
  const description = error.message
  // The response the error came with, if any: an error event inside a stream has no status of its own.
  const http = error.http === undefined ? {} : { http: { response: error.http } }
  const parameter = error.parameter === undefined ? {} : { parameter: error.parameter }
  switch (error._tag) {
    case "RateLimitError":
      return error.errorType === "insufficient_quota"
        ? new AiError.QuotaExhaustedError({ metadata, ...http })
        : new AiError.RateLimitError(
          error.retryAfterMillis === undefined
            ? { metadata, ...http }
            : { metadata, ...http, retryAfter: Duration.millis(error.retryAfterMillis) }
        )
    case "AuthenticationError":
      return new AiError.AuthenticationError({
        kind: error.status === 403 ? "InsufficientPermissions" : "InvalidKey",
        description,
        metadata,
        ...http
      })
    case "InvalidRequestError":
      return ProviderProfiles.refusedOnPolicy(error)
        ? new AiError.ContentPolicyError({ description, metadata, ...http, ...parameter })
        : new AiError.InvalidRequestError({ description, metadata, ...http, ...parameter })
    case "ProviderUnavailableError":
      return new AiError.InternalProviderError({ description, metadata, ...http })
    case "TransportError":
    case "TruncatedStreamError":
      // The URL is the provider client's and is not reported.
      return new AiError.NetworkError({ reason: "TransportError", method: "POST", url: "", description, cause: error })
    case "MalformedPayloadError":
      return new AiError.InvalidResponseError({ description, metadata, ...http })
    case "SpendLimitExceeded":
      return new AiError.QuotaExhaustedError({ metadata, resetAt: DateTime.makeUnsafe(error.resetsAt) })
    case "SpendLimitStoreError":
    case "ConfigurationError":
      return new AiError.UnknownError({ description, metadata })
  }
}

/** The `AiError` of a `ProviderError` raised by `method`. */
export const fromProviderError = (method: string) => (error: ProviderError.ProviderError): AiError.AiError =>
  make(method, reason(error))

/**
 * A part of the prompt or an option this library cannot send: where it is and what it is; `schema` when it is a
 * Schema with no JSON Schema a provider takes (a tool's parameters, a response format).
 */
export interface Unsupported {
  readonly parameter: string
  readonly description: string
  readonly schema?: true | undefined
}

/**
 * The `AiError` of a prompt part or option the adapter cannot send (an image, a provider-defined tool, ...): an
 * `InvalidRequestError` naming it; a Schema an `UnsupportedSchemaError`, as `effect/ai`'s own providers report one
 * (`OpenAiLanguageModel`'s `tryJsonSchema` and `tryToolJsonSchema`).
 */
export const fromUnsupported = (method: string) => (unsupported: Unsupported): AiError.AiError =>
  make(
    method,
    unsupported.schema === true
      ? new AiError.UnsupportedSchemaError({ description: `${unsupported.parameter}: ${unsupported.description}` })
      : new AiError.InvalidRequestError({ parameter: unsupported.parameter, description: unsupported.description })
  )
