/**
 * The Azure client: Azure OpenAI deployments (`{endpoint}/openai/deployments/{deployment}/chat/completions`),
 * Azure OpenAI's v1 API (`{endpoint}/openai/v1/chat/completions`, the deployment as the body's `model`) and Azure
 * AI Inference endpoints (`{endpoint}/chat/completions`), all OpenAI-compatible, with an `api-key` header or a
 * Microsoft Entra ID bearer token.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as Secrets from "../../core/http/Secrets.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ChatParts from "../openai-compatible/ChatParts.js"
import * as ChatService from "../openai-compatible/ChatService.js"
import * as AzureChunk from "./AzureChunk.js"
import * as AzureModels from "./AzureModels.js"

/**
 * A streaming request. For Azure OpenAI deployments `model` is the deployment name; `baseModel` names the
 * real model, for pricing (it is not sent).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {
  /** The real model behind the deployment, for pricing; it is not sent. */
  readonly baseModel?: string | undefined
}

/**
 * The Azure client service.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<AzureChunk.AzureCallResponseChunk, ProviderError.ProviderError>
}

/**
 * Which Azure API the endpoint serves: `"deployments"` (Azure OpenAI with a dated `api-version`,
 * `/openai/deployments/{deployment}/chat/completions`), `"v1"` (Azure OpenAI's v1 API,
 * `/openai/v1/chat/completions` with the deployment as the body's `model` and no `api-version`: openai-node's
 * docs/azure.md, its "current" API; OpenAI's models with native structured output, other providers' through a forced
 * tool) or `"inference"` (Azure AI Inference and Foundry models, `/chat/completions`
 * with the model in the body).
 *
 * @since 0.1.0
 * @category Models
 */
export type Api = "deployments" | "v1" | "inference"

/**
 * How the client reaches Azure.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends ChatService.ClientOptions {
  /** `https://{resource}.openai.azure.com`, `https://{name}.{region}.models.ai.azure.com`, ... */
  readonly endpoint: string
  /** Sent as the `api-key` header. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** A Microsoft Entra ID token, sent as `Authorization: Bearer`. */
  readonly bearerToken?: Redacted.Redacted | undefined
  /**
   * The `api-version` query parameter; defaults to `2024-10-21` (deployments) or `2024-05-01-preview`
   * (inference); the v1 API sends one only when given (`preview`).
   */
  readonly apiVersion?: string | undefined
  /**
   * Defaults to `"v1"` for an endpoint whose path ends in `/openai/v1`; `"deployments"` for
   * `*.openai.azure.com` and `*.cognitiveservices.azure.com`, and for an endpoint whose path has an `/openai`
   * segment (a custom domain); else `"inference"`.
   */
  readonly api?: Api | undefined
  /**
   * The body field of the token limit; defaults to `max_completion_tokens` (deployments, v1) or `max_tokens`
   * (inference).
   */
  readonly maxTokensField?: "max_completion_tokens" | "max_tokens" | undefined
}

/**
 * The API an endpoint serves when `api` is not given.
 *
 * @since 0.1.0
 * @category Utils
 */
export const apiOf = (endpoint: string): Api => {
  try {
    const url = new URL(endpoint)
    if (/\/openai\/v1\/?$/.test(url.pathname)) return "v1"
    return url.hostname.endsWith(".openai.azure.com") || url.hostname.endsWith(".cognitiveservices.azure.com") ||
        /\/openai(\/(?!v1(\/|$))|$)/.test(url.pathname)
      ? "deployments"
      : "inference"
  } catch {
    return "inference"
  }
}

/**
 * The Chat Completions URL of a deployment: the endpoint as given when it already names the deployment
 * (`.../openai/deployments/{deployment}`), `/deployments/{deployment}/chat/completions` after an endpoint that
 * ends in `/openai`, else `/openai/deployments/{deployment}/chat/completions` after the resource's endpoint.
 */
const deploymentUrl = (base: string, deployment: string): string =>
  base.includes("/openai/deployments/")
    ? `${base}/chat/completions`
    : `${base}${/\/openai$/.test(base) ? "" : "/openai"}/deployments/${encodeURIComponent(deployment)}/chat/completions`

/**
 * The base URL of a resource's v1 API (`{resource}/openai/v1`), from an endpoint given either way: the resource's, or
 * its `/openai/v1` URL (trailing slashes dropped). The Chat Completions and the Responses clients share it.
 *
 * @since 0.5.0
 * @category Utils
 */
export const v1Base = (endpoint: string): string =>
  `${endpoint.replace(/\/+$/, "").replace(/\/openai\/v1$/, "")}/openai/v1`

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const api = options.api ?? apiOf(options.endpoint)
    const apiVersion = options.apiVersion ??
      (api === "deployments" ? "2024-10-21" : api === "v1" ? undefined : "2024-05-01-preview")
    // The v1 API is Azure OpenAI's, as the deployments are, and takes what the newest API version takes: its tables
    // read it as an undated version.
    const family = api === "inference" ? "inference" : "deployments"
    const tablesVersion = apiVersion ?? "v1"
    const base = options.endpoint.replace(/\/+$/, "")
    const url = (request: StreamRequest) =>
      api === "deployments"
        ? deploymentUrl(base, request.model)
        : api === "v1"
        ? `${v1Base(base)}/chat/completions`
        : `${base}/chat/completions`
    return {
      stream: ChatService.streamChunks(ChatService.transformed(client, options), {
        provider: "azure",
        maxTokensField: options.maxTokensField ?? (api === "inference" ? "max_tokens" : "max_completion_tokens"),
        includeModel: api !== "deployments",
        // Azure OpenAI serves OpenAI's models and Chat Completions API, with the same input rules.
        parts: ChatParts.openaiPolicy,
        controls: AzureModels.host(family, tablesVersion),
        maxEventSize: options.maxEventSize,
        timeouts: options.timeouts,
        secrets: new Secrets.Secrets([options.apiKey, options.bearerToken]),
        output: api === "v1" ? AzureModels.v1Support : AzureModels.support(api, tablesVersion),
        request: (request) => {
          const httpRequest = HttpClientRequest.post(url(request)).pipe(
            ChatService.acceptEventStream,
            (request) =>
              apiVersion === undefined ? request : HttpClientRequest.setUrlParam(request, "api-version", apiVersion),
            ChatService.withBearer(options.bearerToken)
          )
          return options.apiKey === undefined
            ? httpRequest
            : HttpClientRequest.setHeader(httpRequest, "api-key", Redacted.value(options.apiKey))
        }
      }, (json, request: StreamRequest) => AzureChunk.decodeChunk(json, request))
    }
  })
