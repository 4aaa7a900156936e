/**
 * Azure chat completions streaming: Azure OpenAI deployments
 * (`{endpoint}/openai/deployments/{deployment}/chat/completions`) and Azure AI Inference endpoints
 * (`{endpoint}/chat/completions`), both OpenAI-compatible with content-filter annotations.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as FinishReason from "./FinishReason.js"
import * as Chunk from "./internal/azure/Chunk.js"
import * as Client from "./internal/azure/Client.js"
import * as Schemas from "./internal/azure/Schemas.js"
import * as FinishReasons from "./internal/chat/FinishReasons.js"
import * as Layers from "./internal/Layers.js"
import type * as LanguageModel from "./LanguageModel.js"

/**
 * A choice, with Azure's per-choice content-filter results (and, for the asynchronous filter, the
 * offsets they apply to). Annotation chunks carry a choice without `delta`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = Schemas.Choice

/**
 * The JSON of one streamed event: an OpenAI `chat.completion.chunk` with content-filter annotations.
 * The first event is usually a prompt annotation with empty `id` and `model` and `choices: []`
 * (`prompt_filter_results`, `prompt_annotations` in old API versions).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schemas.ChatCompletionChunk

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = Schemas.ChatCompletionChunk

/**
 * Maps Azure's finish reasons: `stop`, `length`, `tool_calls` (and `function_call`), `content_filter`;
 * anything else → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReasons.toCommonFinishReason

/**
 * One streamed Azure chunk, wrapping the raw payload in `chunk`, with the deployment's `baseModel` (the
 * model prices are looked up by) and the content-filter results (`contentFilterResults`,
 * `promptFilterResults`).
 *
 * @since 0.1.0
 * @category Models
 */
export const AzureCallResponseChunk = Chunk.AzureCallResponseChunk

/**
 * @since 0.1.0
 * @category Models
 */
export type AzureCallResponseChunk = Chunk.AzureCallResponseChunk

/**
 * Decodes the JSON of one streamed event into an `AzureCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AzureCallResponseChunkFromPayload = Chunk.AzureCallResponseChunkFromPayload

/**
 * A streaming request. For Azure OpenAI deployments `model` is the deployment name; `baseModel` names the
 * real model, for pricing (it is not sent).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends Client.StreamRequest {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service extends Client.Service {}

/**
 * @since 0.1.0
 * @category Context
 */
export class AzureClient extends Context.Service<AzureClient, Service>()("effect-llm-stream/AzureClient") {}

/**
 * Which Azure API the endpoint serves: `"deployments"` (Azure OpenAI,
 * `/openai/deployments/{deployment}/chat/completions`) or `"inference"` (Azure AI Inference and Foundry
 * models, `/chat/completions` with the model in the body).
 *
 * @since 0.1.0
 * @category Models
 */
export type Api = Client.Api

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends Client.Options {}

/**
 * The API an endpoint serves when `api` is not given.
 *
 * @since 0.1.0
 * @category Utils
 */
export const apiOf: (endpoint: string) => Api = Client.apiOf

/**
 * The client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (options: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> = Client.make

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<AzureClient, never, HttpClient.HttpClient> =>
  Layer.effect(AzureClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `AZURE_ENDPOINT`, `AZURE_API_KEY` (as
 * `Redacted`, required unless a `bearerToken` is given) and the optional `AZURE_API_VERSION`. A missing
 * endpoint or key is a `ConfigError` naming the variable.
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
): Layer.Layer<AzureClient, Config.ConfigError, HttpClient.HttpClient> => {
  const { apiKey, apiVersion, endpoint, ...rest } = configs
  return Layer.effect(
    AzureClient,
    Effect.flatMap(
      Config.all({
        endpoint: endpoint ?? Config.String("AZURE_ENDPOINT"),
        // With a Microsoft Entra ID token, no key is needed.
        apiKey: apiKey ?? (rest.bearerToken === undefined
          ? Layers.requiredSecret("AZURE_API_KEY")
          : Layers.optionalSecret("AZURE_API_KEY")),
        apiVersion: apiVersion ?? Layers.optionalString("AZURE_API_VERSION")
      }),
      (config) => make({ ...rest, ...config })
    )
  )
}

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
    readonly baseModel?: string | undefined
    readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, AzureClient> =>
  Layers.languageModel(AzureClient, "azure", name, defaults, defaults.baseModel)
