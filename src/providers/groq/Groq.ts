/**
 * Groq chat completions streaming (OpenAI-compatible, with Groq's `x_groq` extension).
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
import * as GroqProfile from "./GroqProfile.js"
import { make, type Options, type Service } from "./GroqService.js"

export { ChatCompletionChunk, GroqUsage, XGroq } from "./GroqSchemas.js"

export { toCommonFinishReason } from "../openai-compatible/ChatFinishReasons.js"

export { GroqCallResponseChunk, GroqCallResponseChunkFromPayload } from "./GroqChunk.js"

export { defaultBaseUrl, make } from "./GroqService.js"
export type { Options, Service, StreamRequest } from "./GroqService.js"

/**
 * @since 0.1.0
 * @category Context
 */
export class GroqClient extends Context.Service<GroqClient, Service>()("effect-llm-stream/GroqClient") {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<GroqClient, never, HttpClient.HttpClient> =>
  Layer.effect(GroqClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `GROQ_API_KEY` (as `Redacted`; a
 * missing key is a `ProviderError.ConfigurationError` naming it) and the optional `GROQ_BASE_URL`. For a server that takes no
 * key (a local OpenAI-compatible one, a gateway that adds it), say so: `apiKey: Config.succeed(undefined)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "apiKey" | "baseUrl"> = {}
): Layer.Layer<GroqClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  return Layer.effect(
    GroqClient,
    Effect.flatMap(
      ProviderLayers.configured(
        "groq",
        Config.all({
          apiKey: apiKey ?? ProviderLayers.requiredSecret("GROQ_API_KEY", "Groq"),
          baseUrl: baseUrl ?? ProviderLayers.optionalString("GROQ_BASE_URL")
        })
      ),
      (config) => ProviderLayers.checked("groq", { ...rest, ...config }, make)
    )
  )
}

/**
 * The Groq models the bundled price table knows (so that their cost is computed): what `model` and
 * `layerModel` complete. Any other name is taken too (`KnownModel | (string & {})`): a model newer than the
 * table, a fine-tune.
 *
 * @example
 * ```ts
 * import { Groq } from "effect-llm-stream"
 *
 * const name: Groq.KnownModel = "openai/gpt-oss-120b"
 * const Model = Groq.layerModel(name)
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.GroqModel

/**
 * A `LanguageModel` served by Groq with the given model and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, GroqClient> =>
  ProviderLayers.languageModel(GroqClient, GroqProfile.profile, name, defaults)

/**
 * A `LanguageModel` ready to use, with nothing else to provide: `model(name, defaults)` over `layerConfig()` (the key
 * from `GROQ_API_KEY`, and `GROQ_BASE_URL` when set) and the HTTP client the layer is given, else on Node the
 * library's own (node:http with keep-alive connections), else fetch (`FetchHttpClient`: browsers, edge runtimes, Deno,
 * Bun). A missing variable fails the layer with a `ProviderError.ConfigurationError` naming it.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Groq } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(Groq.layerModel("openai/gpt-oss-120b"))
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
