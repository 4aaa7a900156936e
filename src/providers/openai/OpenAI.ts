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
 *   const stream = client.stream({ model: "gpt-4o-mini", messages: [] })
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
import type * as FinishReason from "../../core/FinishReason.js"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Models from "../../data/models.js"
import * as ChatFinishReasons from "../openai-compatible/ChatFinishReasons.js"
import * as ChatSchemas from "../openai-compatible/ChatSchemas.js"
import * as OpenAIChunk from "./OpenAIChunk.js"
import * as OpenAIProfile from "./OpenAIProfile.js"
import * as OpenAIService from "./OpenAIService.js"

/**
 * One streamed tool-call fragment (`choices[].delta.tool_calls[]`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ToolCallDelta = ChatSchemas.ToolCallDelta

/**
 * One streamed audio fragment (`choices[].delta.audio`): base64 `data` and `transcript` pieces.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AudioDelta = ChatSchemas.AudioDelta

/**
 * What a choice adds in one chunk: text, refusal, reasoning, tool-call fragments, audio.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Delta = ChatSchemas.Delta

/**
 * One choice of a chunk, with its finish reason.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = ChatSchemas.Choice

/**
 * The usage object of the final chunk (`stream_options.include_usage`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CompletionUsage = ChatSchemas.CompletionUsage

/**
 * The JSON of one streamed event: a `chat.completion.chunk`. Tolerant of the 2024 and 2025 wire shapes:
 * fields it does not name (`obfuscation`, `moderation`, ...) are kept in the raw payload, `usage` may be
 * absent or `null`, `choices` may be empty.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = ChatSchemas.ChatCompletionChunk

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = ChatSchemas.ChatCompletionChunk

/**
 * Maps OpenAI's raw finish reasons: `stop` → stop, `length` → length, `tool_calls` and the deprecated
 * `function_call` → tool_calls, `content_filter` → content_filter, anything else → other.
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 *
 * OpenAI.toCommonFinishReason("tool_calls") // "tool_calls"
 * OpenAI.toCommonFinishReason("something_new") // "other"
 * ```
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = ChatFinishReasons.toCommonFinishReason

/**
 * One streamed OpenAI chunk, wrapping the raw `chat.completion.chunk` payload in `chunk`, with the common
 * accessors (`content`, `finishReasons`, `usage`, `inputTokens`, ...) and OpenAI's own: `refusal`,
 * `reasoning`, `audio` and `audioTranscript`.
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const chunk = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)({
 *   id: "chatcmpl-1",
 *   model: "gpt-4o-mini",
 *   choices: [{ index: 0, delta: { content: "Hello" } }]
 * })
 * chunk.content // "Hello"
 * ```
 *
 * @since 0.1.0
 * @category Models
 */
export const OpenAICallResponseChunk = OpenAIChunk.OpenAICallResponseChunk

/**
 * @since 0.1.0
 * @category Models
 */
export type OpenAICallResponseChunk = OpenAIChunk.OpenAICallResponseChunk

/**
 * Decodes the JSON of one streamed event into an `OpenAICallResponseChunk` (fields the schema does not
 * name are dropped, as Schema does; the provider streams keep them).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OpenAICallResponseChunkFromPayload = OpenAIChunk.OpenAICallResponseChunkFromPayload

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`n`, `seed`, `modalities`, `audio`, `service_tier`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends OpenAIService.StreamRequest {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service extends OpenAIService.Service {}

/**
 * @since 0.1.0
 * @category Context
 */
export class OpenAIClient extends Context.Service<OpenAIClient, Service>()("effect-llm-stream/OpenAIClient") {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OpenAIService.Options {}

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = OpenAIService.defaultBaseUrl

/**
 * The client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (options?: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> = OpenAIService.make

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<OpenAIClient, never, HttpClient.HttpClient> =>
  Layer.effect(OpenAIClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `OPENAI_API_KEY` (as `Redacted`; a
 * missing key is a `ProviderError.ConfigurationError` naming it) and the optional `OPENAI_BASE_URL`. For a server that takes no
 * key (a local OpenAI-compatible one, a gateway that adds it), say so: `apiKey: Config.succeed(undefined)`.
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
 * The OpenAI models the bundled price table knows (so that their cost is computed): what `model` and
 * `layerModel` complete. Any other name is taken too (`KnownModel | (string & {})`): a model newer than the
 * table, a fine-tune.
 *
 * @example
 * ```ts
 * import { OpenAI } from "effect-llm-stream"
 *
 * const name: OpenAI.KnownModel = "gpt-4o-mini"
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
 * A `LanguageModel` ready to use, with nothing else to provide: `model(name, defaults)` over
 * `layerConfig()` (the key from `OPENAI_API_KEY`, and `OPENAI_BASE_URL` when set) and the fetch HTTP client (`FetchHttpClient`, which works in
 * Node, browsers and edge runtimes). A missing variable fails the layer with a
 * `ProviderError.ConfigurationError` naming it.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, OpenAI } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(OpenAI.layerModel("gpt-4o-mini"))
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
