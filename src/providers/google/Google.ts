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
import type * as FinishReason from "../../core/FinishReason.js"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Usage from "../../core/Usage.js"
import type * as Models from "../../data/models.js"
import * as GoogleChunk from "./GoogleChunk.js"
import * as GoogleFinishReasons from "./GoogleFinishReasons.js"
import * as GoogleProfile from "./GoogleProfile.js"
import * as GoogleSchemas from "./GoogleSchemas.js"
import * as GoogleService from "./GoogleService.js"
import * as GoogleUsage from "./GoogleUsage.js"

/**
 * One streamed `GenerateContentResponse`: `candidates` (the first is the answer: its `content.parts`,
 * `finishReason`, `safetyRatings`, `groundingMetadata`, `citationMetadata`), `promptFeedback`,
 * `usageMetadata`, `modelVersion`, `responseId`. Fields the library does not read are kept as sent.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const GenerateContentResponse = GoogleSchemas.GenerateContentResponse

/**
 * @since 0.3.0
 * @category Models
 */
export type GenerateContentResponse = GoogleSchemas.GenerateContentResponse

/**
 * A `usageMetadata`: `promptTokenCount` (cached tokens included), `cachedContentTokenCount`,
 * `candidatesTokenCount`, `thoughtsTokenCount`, `toolUsePromptTokenCount`, the per-modality details, and
 * Vertex's `trafficType`.
 *
 * @since 0.3.0
 * @category Schemas
 */
export const UsageMetadata = GoogleSchemas.UsageMetadata

/**
 * @since 0.3.0
 * @category Models
 */
export type UsageMetadata = GoogleSchemas.UsageMetadata

/**
 * Maps Gemini's finish reasons: `STOP` → stop (tool_calls when the answer called functions), `MAX_TOKENS`
 * → length; `SAFETY`, `RECITATION`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`,
 * `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION` and Vertex's `MODEL_ARMOR` → content_filter; anything else
 * (`MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `IMAGE_OTHER`, `NO_IMAGE`,
 * `LANGUAGE`, `OTHER`, future values) → other.
 *
 * @since 0.3.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = GoogleFinishReasons.toCommonFinishReason

/**
 * Normalises a `usageMetadata`: input = `promptTokenCount` + `toolUsePromptTokenCount` (a server tool's
 * prompt is billed as input); cached = `cachedContentTokenCount`; output = `candidatesTokenCount` +
 * `thoughtsTokenCount` (thinking is billed as output), reasoning = `thoughtsTokenCount`. A count left out
 * stays `undefined`, never 0.
 *
 * @since 0.3.0
 * @category Usage
 */
export const normaliseUsage: (usage: UsageMetadata) => Usage.Usage = GoogleUsage.normaliseUsage

/**
 * One streamed Gemini event, wrapping the raw `GenerateContentResponse` in `chunk`. Besides the common
 * accessors: `provider` (`google` or `google-vertex`), `candidate` (the first: the answer; the raw `chunk`
 * keeps every candidate), `thoughtSignatures`, `finishMessage`, `safetyRatings`, `groundingMetadata` and
 * `promptFeedback`. Thought summaries are its `reasoning`; function calls its tool
 * calls (streamed `partialArgs` as JSON text, piece by piece); code execution, Gemini 3's server tool
 * parts and grounding its server tool calls and results.
 *
 * @since 0.3.0
 * @category Models
 */
export const GoogleCallResponseChunk = GoogleChunk.GoogleCallResponseChunk

/**
 * @since 0.3.0
 * @category Models
 */
export type GoogleCallResponseChunk = GoogleChunk.GoogleCallResponseChunk

/**
 * Decodes the JSON of one streamed event into a `GoogleCallResponseChunk` (served by the Gemini API).
 *
 * @since 0.3.0
 * @category Schemas
 */
export const GoogleCallResponseChunkFromPayload = GoogleChunk.GoogleCallResponseChunkFromPayload

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`cachedContent`, `safetySettings`, `tools: [{ googleSearch: {} }]`, `generationConfig` fields, ...).
 *
 * @since 0.3.0
 * @category Models
 */
export interface StreamRequest extends GoogleService.StreamRequest {}

/**
 * @since 0.3.0
 * @category Models
 */
export interface Service extends GoogleService.Service {}

/**
 * The client of the Gemini API or of Vertex AI.
 *
 * @since 0.3.0
 * @category Context
 */
export class GoogleClient extends Context.Service<GoogleClient, Service>()("effect-llm-stream/GoogleClient") {}

/**
 * @since 0.3.0
 * @category Models
 */
export interface Options extends GoogleService.Options {}

/**
 * @since 0.3.0
 * @category Models
 */
export interface VertexOptions extends GoogleService.VertexOptions {}

/**
 * An access token and when it expires (milliseconds since the epoch), as a Vertex `auth` effect yields it.
 *
 * @since 0.3.0
 * @category Models
 */
export interface AccessToken extends GoogleService.AccessToken {}

/**
 * The default Gemini API base URL, with its version.
 *
 * @since 0.3.0
 * @category Constants
 */
export const defaultBaseUrl: string = GoogleService.defaultBaseUrl

/**
 * The Gemini API client service, over the `HttpClient` in context.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const make: (options?: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> = GoogleService.make

/**
 * The Vertex AI client service, over the `HttpClient` in context.
 *
 * @since 0.3.0
 * @category Constructors
 */
export const makeVertex: (options: VertexOptions) => Effect.Effect<Service, never, HttpClient.HttpClient> =
  GoogleService.makeVertex

/**
 * The Gemini API client: the key is sent as `x-goog-api-key` (never in the URL).
 *
 * @since 0.3.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<GoogleClient, never, HttpClient.HttpClient> =>
  Layer.effect(GoogleClient, make(options))

/**
 * The Vertex AI client: a project and a location (`global` by default) with an `accessToken` or an `auth`
 * effect that yields tokens (one with its `expiresAt` is kept until a minute before then; one without is
 * asked for on every call); or express mode, with an `apiKey` and no project. `apiVersion` is `v1` by default (`v1beta1` for preview features); `baseUrl` replaces the
 * endpoint up to the version.
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
 * The Google models the bundled price table knows (so that their cost is computed): what `model` and
 * `layerModel` complete. Any other name is taken too (`KnownModel | (string & {})`): a model newer than the
 * table, a fine-tune.
 *
 * @example
 * ```ts
 * import { Google } from "effect-llm-stream"
 *
 * const name: Google.KnownModel = "gemini-2.5-flash"
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
 * A `LanguageModel` ready to use, with nothing else to provide: `model(name, defaults)` over
 * `layerConfig()` (the key from `GEMINI_API_KEY` or `GOOGLE_API_KEY`) and the fetch HTTP client.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Google } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(Google.layerModel("gemini-2.5-flash"))
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
