/**
 * Anthropic Messages streaming.
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
import type * as Usage from "../../core/Usage.js"
import type * as Models from "../../data/models.js"
import * as AnthropicChunk from "./AnthropicChunk.js"
import * as AnthropicFinishReasons from "./AnthropicFinishReasons.js"
import * as AnthropicProfile from "./AnthropicProfile.js"
import * as AnthropicRequest from "./AnthropicRequest.js"
import * as AnthropicSchemas from "./AnthropicSchemas.js"
import * as AnthropicService from "./AnthropicService.js"
import * as AnthropicUsage_ from "./AnthropicUsage.js"

/**
 * Usage of one model iteration (context-management betas report several per call).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IterationUsage = AnthropicSchemas.IterationUsage

/**
 * The usage of `message_start` (`Usage`) and `message_delta` (`MessageDeltaUsage`, cumulative). Raw
 * `input_tokens` excludes cache reads and cache writes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnthropicUsage = AnthropicSchemas.AnthropicUsage

/**
 * @since 0.1.0
 * @category Models
 */
export type AnthropicUsage = AnthropicSchemas.AnthropicUsage

/**
 * The first event: the message's id, model and input usage.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStartEvent = AnthropicSchemas.MessageStartEvent

/**
 * A content block as it starts: `text`, `thinking`, `redacted_thinking` (with `data`), `tool_use` (with
 * `id`, `name`), server tool calls (`server_tool_use`, `mcp_tool_use`) and their results (`*_tool_result`),
 * and block types this library does not know yet.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlock = AnthropicSchemas.ContentBlock

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStartEvent = AnthropicSchemas.ContentBlockStartEvent

/**
 * A content block fragment: `text_delta` (`text`), `input_json_delta` (`partial_json`), `thinking_delta`
 * (`thinking`), `signature_delta` (`signature`), `citations_delta` (`citation`) and newer kinds.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDelta = AnthropicSchemas.ContentBlockDelta

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDeltaEvent = AnthropicSchemas.ContentBlockDeltaEvent

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStopEvent = AnthropicSchemas.ContentBlockStopEvent

/**
 * The stop reason and the cumulative usage of the call.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageDeltaEvent = AnthropicSchemas.MessageDeltaEvent

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStopEvent = AnthropicSchemas.MessageStopEvent

/**
 * The JSON of one streamed event (`ping` and `error` are handled before decoding).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamEvent = AnthropicSchemas.MessageStreamEvent

/**
 * @since 0.1.0
 * @category Models
 */
export type MessageStreamEvent = AnthropicSchemas.MessageStreamEvent

/**
 * Maps Anthropic's stop reasons: `end_turn`, `stop_sequence` → stop, `max_tokens` and
 * `model_context_window_exceeded` → length (the output was cut short), `tool_use` → tool_calls, `refusal` →
 * content_filter, anything else (`pause_turn`, future values) → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason =
  AnthropicFinishReasons.toCommonFinishReason

/**
 * Normalises an Anthropic usage object: input = `input_tokens` + cache reads + cache writes; a call that
 * ran several iterations (context compaction) is the sum over its iterations, which is what is billed.
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage: (usage: AnthropicUsage) => Usage.Usage = AnthropicUsage_.normaliseUsage

/**
 * One streamed Anthropic event, wrapping the raw event in `chunk` and, for a fragment or the end of a
 * content block, the block as it started in `block`. Besides the common accessors: `thinking`,
 * `signature`, `blockType`, and the server tool calls the provider runs itself (`serverToolCallDeltas`,
 * `serverToolResults`), which are not tool calls for the program to answer.
 *
 * @since 0.1.0
 * @category Models
 */
export const AnthropicCallResponseChunk = AnthropicChunk.AnthropicCallResponseChunk

/**
 * @since 0.1.0
 * @category Models
 */
export type AnthropicCallResponseChunk = AnthropicChunk.AnthropicCallResponseChunk

/**
 * Decodes the JSON of one streamed event into an `AnthropicCallResponseChunk` (without its `block`: a
 * lone event does not say which block it extends).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnthropicCallResponseChunkFromPayload = AnthropicChunk.AnthropicCallResponseChunkFromPayload

/**
 * The `max_tokens` sent when a request sets none (the Messages API requires one).
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultMaxTokens: number = AnthropicRequest.defaultMaxTokens

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`thinking`, `metadata`, `top_k`, `mcp_servers`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends AnthropicService.StreamRequest {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service extends AnthropicService.Service {}

/**
 * @since 0.1.0
 * @category Context
 */
export class AnthropicClient extends Context.Service<AnthropicClient, Service>()("effect-llm-stream/AnthropicClient") {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends AnthropicService.Options {}

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = AnthropicService.defaultBaseUrl

/**
 * The client service, over the `HttpClient` in context.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make: (options?: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> = AnthropicService.make

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<AnthropicClient, never, HttpClient.HttpClient> =>
  Layer.effect(AnthropicClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `ANTHROPIC_API_KEY` (as `Redacted`; a
 * missing key is a `ProviderError.ConfigurationError` naming it) and the optional `ANTHROPIC_BASE_URL`. For a server that takes no
 * key (a local Anthropic-compatible one, a gateway that adds it), say so: `apiKey: Config.succeed(undefined)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "apiKey" | "baseUrl"> = {}
): Layer.Layer<AnthropicClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  return Layer.effect(
    AnthropicClient,
    Effect.flatMap(
      ProviderLayers.configured(
        "anthropic",
        Config.all({
          apiKey: apiKey ?? ProviderLayers.requiredSecret("ANTHROPIC_API_KEY", "Anthropic"),
          baseUrl: baseUrl ?? ProviderLayers.optionalString("ANTHROPIC_BASE_URL")
        })
      ),
      (config) => ProviderLayers.checked("anthropic", { ...rest, ...config }, make)
    )
  )
}

/**
 * The Anthropic models the bundled price table knows (so that their cost is computed): what `model` and
 * `layerModel` complete. Any other name is taken too (`KnownModel | (string & {})`): a model newer than the
 * table, a fine-tune.
 *
 * @example
 * ```ts
 * import { Anthropic } from "effect-llm-stream"
 *
 * const name: Anthropic.KnownModel = "claude-haiku-4-5"
 * const Model = Anthropic.layerModel(name)
 * ```
 *
 * @since 0.4.0
 * @category Models
 */
export type KnownModel = Models.AnthropicModel

/**
 * A `LanguageModel` served by Anthropic with the given model and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, AnthropicClient> =>
  ProviderLayers.languageModel(AnthropicClient, AnthropicProfile.profile, name, defaults)

/**
 * A `LanguageModel` ready to use, with nothing else to provide: `model(name, defaults)` over
 * `layerConfig()` (the key from `ANTHROPIC_API_KEY`, and `ANTHROPIC_BASE_URL` when set) and the fetch HTTP client (`FetchHttpClient`, which works in
 * Node, browsers and edge runtimes). A missing variable fails the layer with a
 * `ProviderError.ConfigurationError` naming it.
 *
 * @example
 * ```ts
 * import { Effect, Stream } from "effect"
 * import { LanguageModel, Anthropic } from "effect-llm-stream"
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(Anthropic.layerModel("claude-haiku-4-5"))
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
