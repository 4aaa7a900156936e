/**
 * The OpenAI client: Chat Completions over `{baseUrl}/chat/completions` with a bearer key.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as Secrets from "../../core/http/Secrets.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ChatParts from "../openai-compatible/ChatParts.js"
import * as ChatService from "../openai-compatible/ChatService.js"
import * as OpenAIChunk from "./OpenAIChunk.js"
import * as OpenAIModels from "./OpenAIModels.js"

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`n`, `seed`, `modalities`, `audio`, `service_tier`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {}

/**
 * The OpenAI client service.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<OpenAIChunk.OpenAICallResponseChunk, ProviderError.ProviderError>
}

/**
 * How the client reaches OpenAI.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends ChatService.ClientOptions {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.openai.com/v1`; point it at a proxy, a gateway or a test server. */
  readonly baseUrl?: string | undefined
  readonly organization?: string | undefined
  readonly project?: string | undefined
}

/** Sets the bearer key and the organization and project headers, when configured. */
export const authorize =
  (options: Pick<Options, "apiKey" | "organization" | "project">) =>
  (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest =>
    request.pipe(
      ChatService.withBearer(options.apiKey),
      options.organization === undefined
        ? (request) => request
        : HttpClientRequest.setHeader("openai-organization", options.organization),
      options.project === undefined
        ? (request) => request
        : HttpClientRequest.setHeader("openai-project", options.project)
    )

/** What OpenAI's Chat Completions take of the request controls, by the model's family. */
export const controls = OpenAIModels.chatHost({
  api: "OpenAI",
  modelOf: (request) => request.model,
  key: true,
  userField: "safety_identifier",
  serviceTiers: { auto: "auto", default: "default", flex: "flex", priority: "priority" }
})

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = "https://api.openai.com/v1"

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    // Every call's request before its body: the same URL and headers, built once.
    const baseUrl = options.baseUrl ?? defaultBaseUrl
    const request = HttpClientRequest.post(ChatService.joinUrl(baseUrl, "chat/completions"))
      .pipe(ChatService.acceptEventStream, authorize(options))
    return {
      stream: ChatService.streamChunks(ChatService.transformed(client, options), {
        provider: "openai",
        maxTokensField: "max_completion_tokens",
        includeModel: true,
        // OpenAI's own Chat Completions takes a file it holds by its id (`fileIds`), and a refusal in its own field.
        parts: { ...ChatParts.openaiPolicy, fileIds: "openai", refusalsApart: true },
        output: (request) => OpenAIModels.support(request.model),
        controls,
        maxEventSize: options.maxEventSize,
        timeouts: options.timeouts,
        secrets: new Secrets.Secrets([options.apiKey]),
        request: () => request,
        // OpenAI always says why an answer finished: a stream without it was cut short (`ChatFinishReasons.Unsaid`).
        unsaid: OpenAIChunk.unsaidAt(baseUrl)
      }, OpenAIChunk.decodeChunk)
    }
  })
