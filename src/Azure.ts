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
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as FinishReason from "./FinishReason.js"
import * as Layers from "./internal/Layers.js"
import * as OpenAICompatible from "./internal/OpenAICompatible.js"
import * as Payload from "./internal/Payload.js"
import * as Secrets from "./internal/Secrets.js"
import type * as LanguageModel from "./LanguageModel.js"
import type * as ProviderError from "./ProviderError.js"

/**
 * A choice, with Azure's per-choice content-filter results (and, for the asynchronous filter, the
 * offsets they apply to). Annotation chunks carry a choice without `delta`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = Schema.Struct({
  ...OpenAICompatible.Choice.fields,
  content_filter_results: Schema.optionalKey(Schema.Unknown),
  content_filter_offsets: Schema.optionalKey(Schema.Unknown)
})

/**
 * The JSON of one streamed event: an OpenAI `chat.completion.chunk` with content-filter annotations.
 * The first event is usually a prompt annotation with empty `id` and `model` and `choices: []`
 * (`prompt_filter_results`, `prompt_annotations` in old API versions).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...OpenAICompatible.chatCompletionChunkFields,
  choices: Schema.Array(Choice),
  prompt_filter_results: Schema.optionalKey(Schema.Unknown),
  prompt_annotations: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/**
 * Maps Azure's finish reasons: `stop`, `length`, `tool_calls` (and `function_call`), `content_filter`;
 * anything else → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable(
  OpenAICompatible.finishReasonTable
)

/**
 * One streamed Azure chunk.
 *
 * @since 0.1.0
 * @category Models
 */
export class AzureCallResponseChunk extends OpenAICompatible.withAccessors(
  Schema.Class<AzureCallResponseChunk>("effect-llm-stream/AzureCallResponseChunk")({
    chunk: ChatCompletionChunk,
    /** The real model behind the deployment, as configured with `Azure.model(name, { baseModel })`. */
    baseModel: Schema.optionalKey(Schema.String)
  }),
  { provider: "azure", toCommonFinishReason }
) {
  /**
   * The configured `baseModel` when there is one (a deployment name is not a model name), else the
   * model Azure reports.
   *
   * @since 0.1.0
   */
  override get pricingModel(): string | undefined {
    return this.baseModel ?? this.model
  }

  /**
   * The content-filter results of the first choice in this chunk, as Azure sent them.
   *
   * @since 0.1.0
   */
  get contentFilterResults(): unknown {
    const choices: ReadonlyArray<typeof Choice.Type> = this.chunk.choices
    return choices.find((choice) => choice.index === 0)?.content_filter_results
  }

  /**
   * The prompt's content-filter results (first event of the stream).
   *
   * @since 0.1.0
   */
  get promptFilterResults(): unknown {
    return this.chunk.prompt_filter_results ?? this.chunk.prompt_annotations
  }
}

/**
 * Decodes the JSON of one streamed event into an `AzureCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AzureCallResponseChunkFromPayload: Schema.Codec<
  AzureCallResponseChunk,
  typeof ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(ChatCompletionChunk, AzureCallResponseChunk)

const decodePayload = Payload.fastDecoder(ChatCompletionChunk, OpenAICompatible.isTextChunk([]), identity)

const decodeChunk = (json: unknown, request: { readonly baseModel?: string | undefined }) =>
  Result.map(decodePayload(json), (chunk) =>
    Payload.instantiate(
      AzureCallResponseChunk,
      request.baseModel === undefined ? { chunk } : { chunk, baseModel: request.baseModel }
    ))

/**
 * The body decoder of a stream (SSE framing and chunk decoding, without HTTP).
 *
 * @internal
 */
export const bodyDecoder = (request: { readonly baseModel?: string | undefined }, maxEventSize?: number | undefined) =>
  OpenAICompatible.bodyDecoder("azure", (json) => decodeChunk(json, request), maxEventSize)

/**
 * A streaming request. For Azure OpenAI deployments `model` is the deployment name.
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends OpenAICompatible.StreamRequest {
  /** The real model behind the deployment, for pricing; it is not sent. */
  readonly baseModel?: string | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (request: StreamRequest) => Stream.Stream<AzureCallResponseChunk, ProviderError.ProviderError>
}

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
export type Api = "deployments" | "inference"

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OpenAICompatible.ClientOptions {
  /** `https://{resource}.openai.azure.com`, `https://{name}.{region}.models.ai.azure.com`, ... */
  readonly endpoint: string
  /** Sent as the `api-key` header. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** A Microsoft Entra ID token, sent as `Authorization: Bearer`. */
  readonly bearerToken?: Redacted.Redacted | undefined
  /** The `api-version` query parameter; defaults to `2024-10-21` (deployments) or `2024-05-01-preview`. */
  readonly apiVersion?: string | undefined
  /** Defaults to `"deployments"` for `*.openai.azure.com` and `*.cognitiveservices.azure.com`, else `"inference"`. */
  readonly api?: Api | undefined
  /** The body field of the token limit; defaults to `max_completion_tokens` (deployments) or `max_tokens`. */
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
    const host = new URL(endpoint).hostname
    return host.endsWith(".openai.azure.com") || host.endsWith(".cognitiveservices.azure.com")
      ? "deployments"
      : "inference"
  } catch {
    return "inference"
  }
}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const api = options.api ?? apiOf(options.endpoint)
    const apiVersion = options.apiVersion ?? (api === "deployments" ? "2024-10-21" : "2024-05-01-preview")
    const base = options.endpoint.replace(/\/+$/, "")
    const url = (request: StreamRequest) =>
      api === "deployments" && !base.includes("/openai/deployments/")
        ? `${base}/openai/deployments/${encodeURIComponent(request.model)}/chat/completions`
        : `${base}/chat/completions`
    return AzureClient.of({
      stream: OpenAICompatible.streamChunks(OpenAICompatible.transformed(client, options), {
        provider: "azure",
        maxTokensField: options.maxTokensField ?? (api === "deployments" ? "max_completion_tokens" : "max_tokens"),
        includeModel: api === "inference",
        maxEventSize: options.maxEventSize,
        timeouts: options.timeouts,
        secrets: new Secrets.Secrets([options.apiKey, options.bearerToken]),
        request: (request) => {
          let httpRequest = HttpClientRequest.post(url(request)).pipe(
            OpenAICompatible.acceptEventStream,
            HttpClientRequest.setUrlParam("api-version", apiVersion),
            OpenAICompatible.withBearer(options.bearerToken)
          )
          if (options.apiKey !== undefined) {
            httpRequest = HttpClientRequest.setHeader(httpRequest, "api-key", Redacted.value(options.apiKey))
          }
          return httpRequest
        }
      }, (json, request: StreamRequest) => decodeChunk(json, request))
    })
  })

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
): Layer.Layer<LanguageModel.LanguageModel, never, AzureClient> => {
  return Layers.languageModel(AzureClient, "azure", name, defaults, defaults.baseModel)
}
