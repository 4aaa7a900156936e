/**
 * Azure chat completions streaming: Azure OpenAI deployments
 * (`{endpoint}/openai/deployments/{deployment}/chat/completions`) and Azure AI Inference endpoints
 * (`{endpoint}/chat/completions`), both OpenAI-compatible with content-filter annotations; and Azure
 * OpenAI's Responses API (`{endpoint}/openai/v1/responses`, `responsesLayer` and `responsesModel`), with
 * the chunks of `OpenAIResponses`.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Models from "../../data/models.js"
import type * as OpenAIResponses from "../openai-responses/OpenAIResponses.js"
import * as AzureProfile from "./AzureProfile.js"
import * as AzureResponses from "./AzureResponses.js"
import { make, type Options, type Service } from "./AzureService.js"

export { ChatCompletionChunk, Choice } from "./AzureSchemas.js"

export { toCommonFinishReason } from "../openai-compatible/ChatFinishReasons.js"

export { AzureCallResponseChunk, AzureCallResponseChunkFromPayload } from "./AzureChunk.js"

export { apiOf, make } from "./AzureService.js"
export type { Api, Options, Service, StreamRequest } from "./AzureService.js"

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
  configs: {
    readonly endpoint?: Config.Config<string> | undefined
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly apiVersion?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "endpoint" | "apiKey" | "apiVersion"> = {}
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
 * Where and how to reach a resource, from `Config`: `AZURE_ENDPOINT`, `AZURE_API_KEY` (required unless
 * an Entra ID token is given) and the optional `AZURE_API_VERSION`.
 */
const connection = (
  configs: {
    readonly endpoint?: Config.Config<string> | undefined
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly apiVersion?: Config.Config<string | undefined> | undefined
  },
  bearerToken: Redacted.Redacted | undefined
) =>
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
  configs: {
    readonly endpoint?: Config.Config<string> | undefined
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly apiVersion?: Config.Config<string | undefined> | undefined
  } & Omit<AzureResponses.ResponsesOptions, "endpoint" | "apiKey" | "apiVersion"> = {}
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
  ProviderLayers.languageModel(AzureResponsesClient, AzureProfile.profile, name, defaults, defaults.baseModel)

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
