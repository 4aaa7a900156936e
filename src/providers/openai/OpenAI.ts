/**
 * OpenAI Chat Completions streaming.
 *
 * @example
 * ```ts
 * import { CallStream, OpenAI } from "effect-llm-stream"
 * import { FetchHttpClient } from "effect/http"
 * import { Config, Effect, Layer } from "effect"
 *
 * const OpenAILive = OpenAI.layerConfig({ apiKey: Config.Redacted("OPENAI_API_KEY") }).pipe(
 *   Layer.provide(FetchHttpClient.layer)
 * )
 *
 * // The client itself, for OpenAI-only code: chunks with OpenAI's own fields (audio, refusal, ...).
 * const program = Effect.gen(function*() {
 *   const client = yield* OpenAI.OpenAIClient
 *   const stream = client.stream({ model: "gpt-6-luna", messages: [] })
 *   return yield* CallStream.accumulate(stream)
 * }).pipe(Effect.provide(OpenAILive))
 * ```
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
import * as OpenAIProfile from "./OpenAIProfile.js"
import { make, type Options, type Service } from "./OpenAIService.js"

export {
  AudioDelta,
  ChatCompletionChunk,
  Choice,
  CompletionUsage,
  Delta,
  ToolCallDelta
} from "../openai-compatible/ChatSchemas.js"

export { toCommonFinishReason } from "../openai-compatible/ChatFinishReasons.js"

export { OpenAICallResponseChunk, OpenAICallResponseChunkFromPayload } from "./OpenAIChunk.js"

export { defaultBaseUrl, make } from "./OpenAIService.js"
export type { Options, Service, StreamRequest } from "./OpenAIService.js"

/**
 * @since 0.1.0
 * @category Context
 */
export class OpenAIClient extends Context.Service<OpenAIClient, Service>()("effect-llm-stream/OpenAIClient") {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<OpenAIClient, never, HttpClient.HttpClient> =>
  Layer.effect(OpenAIClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `OPENAI_API_KEY` (as `Redacted`; a missing key is a
 * `ProviderError.ConfigurationError` naming it) and the optional `OPENAI_BASE_URL`. For a server that takes no key (a
 * local OpenAI-compatible one, a gateway that adds it), say so: `apiKey: Config.succeed(undefined)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
    readonly organization?: Config.Config<string | undefined> | undefined
    readonly project?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "apiKey" | "baseUrl" | "organization" | "project"> = {}
): Layer.Layer<OpenAIClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, organization, project, ...rest } = configs
  return Layer.effect(
    OpenAIClient,
    Effect.flatMap(
      ProviderLayers.configured(
        "openai",
        Config.all({
          apiKey: apiKey ?? ProviderLayers.requiredSecret("OPENAI_API_KEY", "OpenAI"),
          baseUrl: baseUrl ?? ProviderLayers.optionalString("OPENAI_BASE_URL"),
          organization: organization ?? Config.succeed(undefined),
          project: project ?? Config.succeed(undefined)
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
 * import { OpenAI } from "effect-llm-stream"
 *
 * const name: OpenAI.KnownModel = "gpt-6-luna"
 * const Model = OpenAI.layerModel(name)
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.OpenAIModel

/**
 * A `LanguageModel` served by OpenAI with the given model and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, OpenAIClient> =>
  ProviderLayers.languageModel(OpenAIClient, OpenAIProfile.profile, name, defaults)

/**
 * A `LanguageModel` ready to use: `model(name, defaults)` over `layerConfig()` (`OPENAI_API_KEY`, and `OPENAI_BASE_URL`
 * when set) and the HTTP client the layer is given, else Node's or fetch; a missing variable fails it with a
 * `ConfigurationError`.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, OpenAI } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(OpenAI.layerModel("gpt-6-luna"))
 * )
 * ```
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerModel = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> =>
  ProviderLayers.ready(model(name, defaults), layerConfig())
