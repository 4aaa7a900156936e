/**
 * OpenAI's Responses API streaming (`POST /v1/responses`, `stream: true`): the API OpenAI recommends for
 * new work, and the only one for reasoning summaries, encrypted reasoning carried across turns and the
 * built-in tools (web search, file search, code interpreter, remote MCP, image generation). Azure OpenAI
 * serves it too (`Azure.responsesLayer`).
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, OpenAIResponses } from "effect-llm-stream"
 * import { Effect, Layer } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const Model = OpenAIResponses.model("gpt-5.4-mini", { reasoning: { effort: "low", summary: "auto" } }).pipe(
 *   Layer.provide(OpenAIResponses.layerConfig()), // OPENAI_API_KEY
 *   Layer.provide(FetchHttpClient.layer)
 * )
 *
 * const program = Effect.gen(function*() {
 *   const response = yield* CallStream.accumulate(LanguageModel.stream("Recommend a fantasy book"))
 *   return [response.reasoning, response.content, response.finishReasons] as const
 * }).pipe(Effect.provide(Model))
 * ```
 *
 * @since 0.2.0
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
import * as OpenAIProfile from "../openai/OpenAIProfile.js"
import * as ResponsesRequest from "./ResponsesRequest.js"
import { type ResponsesOptions } from "./ResponsesRequest.js"
import { make, type Options, type Service } from "./ResponsesService.js"

export { OutputItem, Response, ResponseStreamEvent, ResponseUsage } from "./ResponsesSchemas.js"

export { toCommonFinishReason } from "./ResponsesFinishReasons.js"

export { normaliseUsage } from "./ResponsesUsage.js"

export { OpenAIResponsesCallResponseChunk, OpenAIResponsesCallResponseChunkFromPayload } from "./ResponsesChunk.js"

export type { ResponsesOptions } from "./ResponsesRequest.js"

export { make } from "./ResponsesService.js"
export type { Options, Service, StreamRequest } from "./ResponsesService.js"

/**
 * @since 0.2.0
 * @category Context
 */
export class OpenAIResponsesClient
  extends Context.Service<OpenAIResponsesClient, Service>()("effect-llm-stream/OpenAIResponsesClient")
{}

export type { ResumeOptions } from "./ResponsesResume.js"

/**
 * @since 0.2.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<OpenAIResponsesClient, never, HttpClient.HttpClient> =>
  Layer.effect(OpenAIResponsesClient, make(options))

/**
 * A layer configured from `Config`: `OPENAI_API_KEY` (required, as `Redacted`) and the optional
 * `OPENAI_BASE_URL`, as `OpenAI.layerConfig`.
 *
 * @since 0.2.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "apiKey" | "baseUrl"> = {}
): Layer.Layer<OpenAIResponsesClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  return Layer.effect(
    OpenAIResponsesClient,
    Effect.flatMap(
      ProviderLayers.configured(
        "openai",
        Config.all({
          apiKey: apiKey ?? ProviderLayers.requiredSecret("OPENAI_API_KEY", "OpenAIResponses"),
          baseUrl: baseUrl ?? ProviderLayers.optionalString("OPENAI_BASE_URL")
        })
      ),
      (config) => ProviderLayers.checked("openai", { ...rest, ...config }, make)
    )
  )
}

/**
 * The OpenAI models the bundled price table knows (and prices), which `model` and `layerModel` complete;
 * any other name is taken too (a model newer than the table, a fine-tune).
 *
 * @example
 * ```ts
 * import { OpenAIResponses } from "effect-llm-stream"
 *
 * const name: OpenAIResponses.KnownModel = "gpt-6-luna"
 * const Model = OpenAIResponses.layerModel(name)
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.OpenAIModel

/**
 * A `LanguageModel` served by OpenAI's Responses API with the given model and default settings and options.
 *
 * @since 0.2.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & ResponsesOptions & {
    readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, OpenAIResponsesClient> =>
  ProviderLayers.languageModel(
    OpenAIResponsesClient,
    OpenAIProfile.profile,
    name,
    defaults,
    undefined,
    ResponsesRequest.layerRules
  )

/**
 * A `LanguageModel` served by the Responses API, ready to use: `model(name, defaults)` over `layerConfig()`
 * (`OPENAI_API_KEY`, and `OPENAI_BASE_URL` when set) and the HTTP client the layer is given, else Node's or fetch; a
 * missing variable fails it with a `ConfigurationError`.
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerModel = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & ResponsesOptions & {
    readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  } = {}
): Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> =>
  ProviderLayers.ready(model(name, defaults), layerConfig())
