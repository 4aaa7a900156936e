/**
 * Google Gemini streaming: the Gemini API (`generativelanguage.googleapis.com`) and Vertex AI
 * (`aiplatform.googleapis.com`), over `streamGenerateContent?alt=sse`.
 *
 * @since 0.3.0
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
import * as GoogleProfile from "./GoogleProfile.js"
import { make, makeVertex, type Options, type Service, type VertexOptions } from "./GoogleService.js"

export { GenerateContentResponse, UsageMetadata } from "./GoogleSchemas.js"

export { toCommonFinishReason } from "./GoogleFinishReasons.js"

export { normaliseUsage } from "./GoogleUsage.js"

export { GoogleCallResponseChunk, GoogleCallResponseChunkFromPayload } from "./GoogleChunk.js"

export { defaultBaseUrl, make, makeVertex } from "./GoogleService.js"
export type { AccessToken, Options, Service, StreamRequest, VertexOptions } from "./GoogleService.js"

/**
 * The client of the Gemini API or of Vertex AI.
 *
 * @since 0.3.0
 * @category Context
 */
export class GoogleClient extends Context.Service<GoogleClient, Service>()("effect-llm-stream/GoogleClient") {}

/**
 * The Gemini API client: the key is sent as `x-goog-api-key` (never in the URL).
 *
 * @since 0.3.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<GoogleClient, never, HttpClient.HttpClient> =>
  Layer.effect(GoogleClient, make(options))

/**
 * The Vertex AI client: a project and a location (`global` by default) with an `accessToken` or an `auth` effect that
 * yields tokens, or express mode with an `apiKey` and no project (`VertexOptions`).
 *
 * @since 0.3.0
 * @category Layers
 */
export const vertexLayer = (options: VertexOptions): Layer.Layer<GoogleClient, never, HttpClient.HttpClient> =>
  Layer.effect(GoogleClient, makeVertex(options))

/**
 * A Gemini API layer configured from `Config`. Without arguments it reads `GEMINI_API_KEY`, else
 * `GOOGLE_API_KEY` (as `Redacted`; neither set is a `ProviderError.ConfigurationError` naming them), and the
 * optional `GEMINI_BASE_URL`.
 *
 * @since 0.3.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "apiKey" | "baseUrl"> = {}
): Layer.Layer<GoogleClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  return Layer.effect(
    GoogleClient,
    Effect.flatMap(
      ProviderLayers.configured(
        "google",
        Config.all({
          apiKey: apiKey ??
            Config.Redacted("GEMINI_API_KEY").pipe(
              Config.orElse(() => Config.Redacted("GOOGLE_API_KEY")),
              Config.orElse(() =>
                ProviderLayers.invalid(
                  "neither GEMINI_API_KEY nor GOOGLE_API_KEY is set: set one to your Gemini API key, or pass a key with Google.layer({ apiKey: Redacted.make(key) })"
                )
              )
            ),
          baseUrl: baseUrl ?? ProviderLayers.optionalString("GEMINI_BASE_URL")
        })
      ),
      (config) => make({ ...rest, ...config })
    )
  )
}

/**
 * The Google models the bundled price table knows (and prices), which `model` and `layerModel` complete;
 * any other name is taken too (a model newer than the table, a fine-tune).
 *
 * @example
 * ```ts
 * import { Google } from "effect-llm-stream"
 *
 * const name: Google.KnownModel = "gemini-3.5-flash"
 * const Model = Google.layerModel(name)
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.GoogleModel

/**
 * A `LanguageModel` served by the Gemini API with the given model and default settings.
 *
 * @since 0.3.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, GoogleClient> =>
  ProviderLayers.languageModel(GoogleClient, GoogleProfile.profile, name, defaults)

/**
 * A `LanguageModel` served by Vertex AI (over `vertexLayer`) with the given model and default settings.
 *
 * @since 0.3.0
 * @category Layers
 */
export const vertexModel = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, GoogleClient> =>
  ProviderLayers.languageModel(GoogleClient, GoogleProfile.vertexProfile, name, defaults)

/**
 * A `LanguageModel` ready to use: `model(name, defaults)` over `layerConfig()` (`GEMINI_API_KEY` or `GOOGLE_API_KEY`)
 * and the HTTP client the layer is given, else Node's or fetch; a missing variable fails it with a
 * `ConfigurationError`.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Google } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(Google.layerModel("gemini-3.5-flash"))
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
