/**
 * Everything that can go wrong while streaming a call, as typed errors: each names its `provider`, carries a
 * message a user can act on and says whether a retry can help (`retryable`). No error holds an API key.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"

/** The HTTP response an error came with (secrets redacted); an in-stream error event has none. */
const HttpResponse = Schema.Struct({
  status: Schema.Number,
  headers: Schema.Record(Schema.String, Schema.String)
})

const common = {
  /** The provider that produced the error (`openai`, `anthropic`, `groq`, `azure`, `bedrock`). */
  provider: Schema.String,
  message: Schema.String,
  /** The HTTP status: the response's, or one an in-stream error names itself (never inferred from its type). */
  status: Schema.optionalKey(Schema.Number),
  /** The provider's own error type or code (`rate_limit_exceeded`, `overloaded_error`, ...). */
  errorType: Schema.optionalKey(Schema.String),
  /**
   * The request parameter the provider names as the cause (OpenAI-style `param`: `tools[0].parameters`, `model`); for
   * a request this library refused before sending it, the message it refused (`messages[2]`; since 0.7.0).
   */
  parameter: Schema.optionalKey(Schema.String),
  /** The HTTP response the error came with (status and redacted headers), when it came with one. */
  http: Schema.optionalKey(HttpResponse),
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
 * A part of a request its model cannot take (an attachment's type, say), found before any byte was sent: the part's
 * kind (`file`, `image`, `audio`), its media type when known, and the model asked.
 *
 * @since 0.7.0
 * @category Models
 */
export const RefusedPart = Schema.Struct({
  kind: Schema.String,
  mediaType: Schema.optionalKey(Schema.String),
  model: Schema.String
})

/**
 * A conversation refused before it was sent because it ends with an assistant turn its model cannot continue (a
 * prefill, which Claude 4.6 and later refuse): the model asked.
 *
 * @since 0.7.0
 * @category Models
 */
export const RefusedPrefill = Schema.Struct({ model: Schema.String })

/**
 * A user message refused before it was sent because it has no text or file, which its provider's API refuses (an
 * empty text on Anthropic, Bedrock and Gemini; only whitespace on Anthropic and Bedrock too): `latest` when it is the
 * conversation's last user message (the one a person just sent), not one earlier in it.
 *
 * @since 0.7.0
 * @category Models
 */
export const RefusedEmptyMessage = Schema.Struct({ latest: Schema.Boolean })

/**
 * The provider rejected the request itself (HTTP 400/404/413/422, unknown model, bad parameter, a
 * prompt blocked by a content filter). The message is the provider's own. A request refused here before it was sent
 * for a part its model cannot take names that part in `refusedPart`; one that ends with an assistant turn its model
 * cannot continue names the model in `refusedPrefill`; one with a user message of no text or file says so in
 * `refusedEmptyMessage` (all since 0.7.0).
 *
 * @since 0.1.0
 * @category Errors
 */
export class InvalidRequestError extends Schema.TaggedError<InvalidRequestError>()("InvalidRequestError", {
  ...common,
  refusedPart: Schema.optionalKey(RefusedPart),
  refusedPrefill: Schema.optionalKey(RefusedPrefill),
  refusedEmptyMessage: Schema.optionalKey(RefusedEmptyMessage),
  /**
   * What the provider said of the policy it refused the request on, as sent (Azure OpenAI's
   * `innererror.content_filter_result` of a `content_filter` refusal: each category's result); since 0.7.0.
   */
  policyDetails: Schema.optionalKey(Schema.Unknown)
}) {
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
  /** Which timeout it is: `first-byte`, `idle`, `first-content`, or `total` (the whole stream's, not retried). */
  timeout: Schema.optionalKey(Schema.Literals(["first-byte", "idle", "first-content", "total"])),
  /**
   * Set when no connection could be made (a URL not valid, nothing listening, a name that does not resolve, a
   * failed TLS handshake): most often the server's configuration, which a chat server answers as such (since 0.6.0).
   */
  connect: Schema.optionalKey(Schema.Boolean)
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
 * The server's configuration is wrong: a key, endpoint or region not set or not valid (the layer fails, the
 * message naming the variable), or a call asking what it cannot give (a spend limit on a model without a price).
 *
 * @since 0.3.0
 * @category Errors
 */
export class ConfigurationError extends Schema.TaggedError<ConfigurationError>()("ConfigurationError", common) {
  /** A configuration error is fixed by the configuration, never by a retry. @since 0.3.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * A call's spend limit (`spendLimit: { key, usd, window }`) has no room for the most the call could cost: nothing
 * was sent. Not retryable before the window rolls over (`resetsAt`).
 *
 * @example
 * ```ts
 * import { LanguageModel, SpendLimit } from "effect-llm-stream"
 * import { Effect, Stream } from "effect"
 *
 * const program = LanguageModel.stream({ messages: [], spendLimit: { key: "u", usd: "0.01", window: "1 hour" } }).pipe(
 *   Stream.runDrain,
 *   Effect.catchTag("SpendLimitExceeded", (error) => Effect.log(`limit reached; resets at ${error.resetsAt}`))
 * )
 * ```
 *
 * @since 0.4.0
 * @category Errors
 */
export class SpendLimitExceeded extends Schema.TaggedError<SpendLimitExceeded>()("SpendLimitExceeded", {
  ...common,
  /** The limit's key (a user, a team). */
  key: Schema.String,
  /** The limit in USD, as an exact decimal string. */
  limit: Schema.String,
  /** What the key has spent (settled and reserved) in the current window, in USD. */
  spent: Schema.String,
  /** When the current window ends (epoch milliseconds). */
  resetsAt: Schema.Number,
  /** What the limit is called where a person reads it (its `label`), if it has one. @since 0.6.0 */
  label: Schema.optionalKey(Schema.String)
}) {
  /** A retry fails the same way until the window rolls over. @since 0.4.0 */
  get retryable(): boolean {
    return false
  }
}

/**
 * The store of spend limits (`SpendLimit.layerRedis`) failed: the call is not sent when its reservation could
 * not be made (an application that prefers to serve anyway catches this error and calls without `spendLimit`).
 *
 * @example
 * ```ts
 * import { LanguageModel } from "effect-llm-stream"
 * import { Stream } from "effect"
 *
 * const request: LanguageModel.Request = { messages: [], spendLimit: { key: "u", usd: "1", window: "1 day" } }
 * const failOpen = Stream.catchTag(
 *   LanguageModel.stream(request),
 *   "SpendLimitStoreError",
 *   () => LanguageModel.stream({ ...request, spendLimit: undefined })
 * )
 * ```
 *
 * @since 0.4.0
 * @category Errors
 */
export class SpendLimitStoreError extends Schema.TaggedError<SpendLimitStoreError>()("SpendLimitStoreError", common) {
  /** The store may answer again. @since 0.4.0 */
  get retryable(): boolean {
    return true
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
    TruncatedStreamError,
    SpendLimitExceeded,
    SpendLimitStoreError,
    ConfigurationError
  ] as const
)

/**
 * @since 0.1.0
 * @category Models
 */
export type ProviderError = typeof ProviderError.Type

// Node prints an uncaught error under its constructor's name, and a bundler renames a class whose name
// collides (effect/http has a `TransportError` too) or minifies it: each class is named after its tag.
for (const errorClass of ProviderError.members) {
  Object.defineProperty(errorClass, "name", { value: errorClass.identifier })
}

/**
 * Whether a value is one of the `ProviderError`s.
 *
 * @since 0.2.0
 * @category Guards
 */
export const isProviderError = (value: unknown): value is ProviderError =>
  ProviderError.members.some((errorClass) => value instanceof errorClass)

const textFields = ["message", "raw", "errorType", "requestId", "parameter"] as const

/**
 * Returns the same error with `f` applied to each of its texts (`message`, `raw`, `errorType`, `requestId`,
 * `parameter`, and the values of the response headers in `http`).
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
  const http = error.http
  if (http !== undefined) {
    fields["http"] = {
      status: http.status,
      headers: Object.fromEntries(Object.entries(http.headers).map(([name, value]) => [name, f(value)]))
    }
  }
  return new (error.constructor as new(fields: Record<string, unknown>) => E)(fields)
}
