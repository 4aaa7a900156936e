/**
 * The Groq client: OpenAI-compatible Chat Completions over `{baseUrl}/chat/completions` with a bearer key.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ChatService from "../openai-compatible/ChatService.js"
import * as GroqChunk from "./GroqChunk.js"
import * as GroqModels from "./GroqModels.js"
import * as GroqParts from "./GroqParts.js"

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`reasoning_effort`, `reasoning_format`, `seed`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {}

/**
 * The Groq client service.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<GroqChunk.GroqCallResponseChunk, ProviderError.ProviderError>
}

/**
 * How the client reaches Groq.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends ChatService.ClientOptions {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.groq.com/openai/v1`. */
  readonly baseUrl?: string | undefined
}

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = "https://api.groq.com/openai/v1"

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  ChatService.makeHosted(
    "groq",
    options.baseUrl ?? defaultBaseUrl,
    options,
    ChatService.withBearer(options.apiKey),
    GroqChunk.decodeChunk,
    GroqParts.policy,
    GroqModels.support,
    GroqModels.host
  )
