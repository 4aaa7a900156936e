/**
 * Azure chat completions streaming: Azure OpenAI deployments
 * (`{endpoint}/openai/deployments/{deployment}/chat/completions`), Azure OpenAI's v1 API
 * (`{endpoint}/openai/v1/chat/completions`) and Azure AI Inference endpoints (`{endpoint}/chat/completions`), all
 * OpenAI-compatible with content-filter annotations: a row of the compatible hosts' table
 * (`CompatibleHosts.presets.azure`), which this module reads its settings into. And Azure OpenAI's Responses API
 * (`{endpoint}/openai/v1/responses`, `responsesLayer` and `responsesModel`), with the chunks of `OpenAIResponses`.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import type * as Models from "../../data/models.js"
import type * as ChatService from "../openai-compatible/ChatService.js"
import * as CompatibleHosts from "../openai-compatible/CompatibleHosts.js"
import * as HostClient from "../openai-compatible/HostClient.js"
import type * as OpenAIResponses from "../openai-responses/OpenAIResponses.js"
import * as ResponsesRequest from "../openai-responses/ResponsesRequest.js"
import * as AzureChunk from "./AzureChunk.js"
import * as AzureModels from "./AzureModels.js"
import * as AzureProfile from "./AzureProfile.js"
import * as AzureResponses from "./AzureResponses.js"

export { toCommonFinishReason } from "../openai-compatible/ChatFinishReasons.js"

export { AzureCallResponseChunk, AzureCallResponseChunkFromPayload, ChatCompletionChunk, Choice } from "./AzureChunk.js"

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
  /**
   * The `gen_ai.provider.name` of its calls where the API it serves is not Azure OpenAI: `azure.ai.inference` for an
   * Azure AI Inference endpoint (the row of its API).
   */
  readonly telemetryName?: string | undefined
}

/**
 * Which Azure API the endpoint serves: `"deployments"` (Azure OpenAI with a dated `api-version`,
 * `/openai/deployments/{deployment}/chat/completions`), `"v1"` (Azure OpenAI's v1 API,
 * `/openai/v1/chat/completions` with the deployment as the body's `model` and no `api-version`: openai-node's
 * docs/azure.md, its "current" API; OpenAI's models with native structured output, other providers' through a forced
 * tool) or `"inference"` (Azure AI Inference and Foundry models, `/chat/completions` with the model in the body).
 * Each is a row of Azure's `apis` in the compatible hosts' table.
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
 * The row of the API `options` reach: Azure's, with its API's fields, the endpoint and the options' version and cap.
 * Not a value of the table: which API an endpoint serves is read from the endpoint (or `api`), and its models' rules
 * are OpenAI's tables (`AzureModels`).
 */
const hostOf = (options: Options): CompatibleHosts.Host => {
  const row = CompatibleHosts.presets.azure
  const api = options.api ?? apiOf(options.endpoint)
  const host: CompatibleHosts.Host = {
    ...row,
    ...row.apis[api],
    baseUrl: options.endpoint,
    ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion }),
    ...(options.maxTokensField === undefined ? {} : { maxTokensField: options.maxTokensField })
  }
  return {
    ...host,
    output: host.output ?? AzureModels.output(host, api === "v1"),
    controls: AzureModels.controls(host)
  }
}

/**
 * Makes the client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  HostClient.serve(hostOf(options), options, (json, request: StreamRequest) => AzureChunk.decodeChunk(json, request))

/**
 * @since 0.1.0
 * @category Context
 */
export class AzureClient extends Context.Service<AzureClient, Service>()("effect-llm-stream/AzureClient") {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<AzureClient, never, HttpClient.HttpClient> =>
  Layer.effect(AzureClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `AZURE_ENDPOINT`, `AZURE_API_KEY` (as
 * `Redacted`, required unless a `bearerToken` is given) and the optional `AZURE_API_VERSION`. A missing
 * endpoint or key, or an endpoint that is not a URL, is a `ProviderError.ConfigurationError` naming the
 * variable.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: Connection & Omit<Options, "endpoint" | "apiKey" | "apiVersion"> = {}
): Layer.Layer<AzureClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, apiVersion, endpoint, ...rest } = configs
  return Layer.effect(
    AzureClient,
    Effect.flatMap(
      connection({ apiKey, apiVersion, endpoint }, rest.bearerToken),
      (config) => ProviderLayers.checked("azure", { ...rest, ...config }, make)
    )
  )
}

/**
 * Where and how `layerConfig` and `responsesLayerConfig` reach a resource, as `Config`s: by default
 * `AZURE_ENDPOINT`, `AZURE_API_KEY` (as `Redacted`) and the optional `AZURE_API_VERSION`.
 *
 * @since 0.6.0
 * @category Models
 */
export interface Connection {
  readonly endpoint?: Config.Config<string> | undefined
  readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
  readonly apiVersion?: Config.Config<string | undefined> | undefined
}

/** A resource's endpoint, key (required unless an Entra ID token is given) and version, read from `Config`. */
const connection = (configs: Connection, bearerToken: Redacted.Redacted | undefined) =>
  ProviderLayers.configured(
    "azure",
    Config.all({
      endpoint:
        (configs.endpoint ?? ProviderLayers.requiredString("AZURE_ENDPOINT", endpointHint("AZURE_ENDPOINT is not set")))
          .pipe(Config.flatMap(checkEndpoint)),
      // With a Microsoft Entra ID token, no key is needed.
      apiKey: configs.apiKey ?? (bearerToken === undefined
        ? ProviderLayers.requiredSecret("AZURE_API_KEY", "Azure")
        : ProviderLayers.optionalSecret("AZURE_API_KEY")),
      apiVersion: configs.apiVersion ?? ProviderLayers.optionalString("AZURE_API_VERSION")
    })
  )

const endpointHint = (problem: string) =>
  `${problem}: set it to your resource's endpoint (https://<resource>.openai.azure.com, or an Azure AI Foundry endpoint), or pass one with Azure.layer({ endpoint, apiKey })`

/** An endpoint must be an absolute http(s) URL: a bare resource name would otherwise fail every call. */
const checkEndpoint = (endpoint: string): Config.Config<string> => {
  try {
    const url = new URL(endpoint)
    if (url.protocol === "https:" || url.protocol === "http:") return Config.succeed(endpoint)
  } catch {
    // reported below
  }
  return ProviderLayers.invalid(endpointHint(`the Azure endpoint is not an http(s) URL: ${JSON.stringify(endpoint)}`))
}

/**
 * The models the bundled price table knows on Azure: what a deployment's `baseModel` completes (the deployment
 * name itself is yours). Any other name is taken too (`KnownModel | (string & {})`).
 *
 * @example
 * ```ts
 * import { Azure } from "effect-llm-stream"
 *
 * const baseModel: Azure.KnownModel = "gpt-4o-mini"
 * const Model = Azure.layerModel("my-deployment", { baseModel })
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.AzureModel

/**
 * A `LanguageModel` served by Azure. `name` is what requests are sent with (the deployment name for
 * Azure OpenAI); `baseModel` names the real model (`gpt-4o-2024-08-06`), which a deployment name does
 * not, so that prices can be looked up.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: string,
  defaults: LanguageModel.Settings & {
    readonly baseModel?: KnownModel | (string & {}) | undefined
    readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, AzureClient> =>
  ProviderLayers.languageModel(AzureClient, AzureProfile.profile, name, defaults, defaults.baseModel)

/**
 * The Responses API client of an Azure OpenAI resource (its chunks are `OpenAIResponses` chunks whose
 * `provider` is `"azure"`).
 *
 * @since 0.2.0
 * @category Context
 */
export class AzureResponsesClient
  extends Context.Service<AzureResponsesClient, OpenAIResponses.Service>()("effect-llm-stream/AzureResponsesClient")
{}

export type { ResponsesOptions } from "./AzureResponses.js"

/**
 * @since 0.2.0
 * @category Layers
 */
export const responsesLayer = (
  options: AzureResponses.ResponsesOptions
): Layer.Layer<AzureResponsesClient, never, HttpClient.HttpClient> =>
  Layer.effect(AzureResponsesClient, AzureResponses.make(options))

/**
 * The Responses API layer configured from `Config`: `AZURE_ENDPOINT`, `AZURE_API_KEY` (required unless a
 * `bearerToken` is given) and the optional `AZURE_API_VERSION`.
 *
 * @since 0.2.0
 * @category Layers
 */
export const responsesLayerConfig = (
  configs: Connection & Omit<AzureResponses.ResponsesOptions, "endpoint" | "apiKey" | "apiVersion"> = {}
): Layer.Layer<AzureResponsesClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, apiVersion, endpoint, ...rest } = configs
  return Layer.effect(
    AzureResponsesClient,
    Effect.flatMap(
      connection({ apiKey, apiVersion, endpoint }, rest.bearerToken),
      (config) => ProviderLayers.checked("azure", { ...rest, ...config }, AzureResponses.make)
    )
  )
}

/**
 * A `LanguageModel` served by an Azure OpenAI deployment through the Responses API. `name` is the
 * deployment (sent as `model`); `baseModel` names the real model for pricing.
 *
 * @since 0.2.0
 * @category Layers
 */
export const responsesModel = (
  name: string,
  defaults: LanguageModel.Settings & OpenAIResponses.ResponsesOptions & {
    readonly baseModel?: KnownModel | (string & {}) | undefined
    readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, AzureResponsesClient> =>
  ProviderLayers.languageModel(
    AzureResponsesClient,
    AzureProfile.profile,
    name,
    defaults,
    defaults.baseModel,
    ResponsesRequest.layerRules
  )

/**
 * A `LanguageModel` ready to use, with nothing else to provide: `model(name, defaults)` over `layerConfig()`
 * (`AZURE_ENDPOINT` and `AZURE_API_KEY`) and the HTTP client the layer is given, else on Node the library's own
 * (node:http with keep-alive connections), else fetch (`FetchHttpClient`: browsers, edge runtimes, Deno, Bun). A
 * missing variable fails the layer with a `ProviderError.ConfigurationError` naming it. `name` is the deployment;
 * `baseModel` names the model for pricing.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Azure } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(Azure.layerModel("my-deployment", { baseModel: "gpt-4o-mini" }))
 * )
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerModel = (
  name: string,
  defaults: LanguageModel.Settings & {
    readonly baseModel?: KnownModel | (string & {}) | undefined
    readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  } = {}
): Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> =>
  ProviderLayers.ready(model(name, defaults), layerConfig())
