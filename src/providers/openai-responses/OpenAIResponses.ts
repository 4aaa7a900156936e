/**
 * OpenAI's Responses API streaming (`POST /v1/responses`, `stream: true`): the API OpenAI recommends for
 * new work, and the only one for reasoning summaries, encrypted reasoning carried across turns and the
 * built-in tools (web search, file search, code interpreter, remote MCP, image generation). Azure OpenAI
 * serves it too (`Azure.responsesLayer`).
 *
 * Every streamed event is a chunk with the common accessors: message text in `content`, reasoning
 * summaries and reasoning text in `reasoning`, function calls assembled as tool calls, built-in tool calls
 * as server tool calls, and the finish reason and usage of the terminal event.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, OpenAIResponses } from "effect-llm-stream"
 * import { Effect, Layer } from "effect"
 * import { FetchHttpClient } from "effect/http"
 *
 * const Model = OpenAIResponses.model("gpt-5-mini", { reasoning: { effort: "low", summary: "auto" } }).pipe(
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
import type * as FinishReason from "../../core/FinishReason.js"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Usage from "../../core/Usage.js"
import type * as Models from "../../data/models.js"
import * as OpenAIProfile from "../openai/OpenAIProfile.js"
import * as ResponsesChunk from "./ResponsesChunk.js"
import * as ResponsesFinishReasons from "./ResponsesFinishReasons.js"
import type * as ResponsesRequest from "./ResponsesRequest.js"
import type * as ResponsesResume from "./ResponsesResume.js"
import * as ResponsesSchemas from "./ResponsesSchemas.js"
import * as ResponsesService from "./ResponsesService.js"
import * as ResponsesUsage from "./ResponsesUsage.js"

/**
 * The usage of a finished response: `input_tokens` (cached included, `input_tokens_details.cached_tokens`)
 * and `output_tokens` (reasoning included, `output_tokens_details.reasoning_tokens`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ResponseUsage = ResponsesSchemas.ResponseUsage

/**
 * @since 0.2.0
 * @category Models
 */
export type ResponseUsage = ResponsesSchemas.ResponseUsage

/**
 * One output item (`message`, `function_call`, `reasoning`, `web_search_call`, `mcp_call`, ...).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const OutputItem = ResponsesSchemas.OutputItem

/**
 * The `Response` object the lifecycle events carry (`response.created`, ..., `response.completed`).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const Response = ResponsesSchemas.Response

/**
 * The JSON of one streamed event: text, refusal, reasoning and function-call argument deltas, output items
 * added and done, annotations, the lifecycle events, and the progress of parts and built-in tools.
 *
 * @since 0.2.0
 * @category Schemas
 */
export const ResponseStreamEvent = ResponsesSchemas.ResponseStreamEvent

/**
 * @since 0.2.0
 * @category Models
 */
export type ResponseStreamEvent = ResponsesSchemas.ResponseStreamEvent

/**
 * Maps the Responses API's raw finish reasons: `completed` → stop, `max_output_tokens` → length,
 * `content_filter` → content_filter, `function_call` (a completed response that calls a function) →
 * tool_calls, anything else → other.
 *
 * @example
 * ```ts
 * import { OpenAIResponses } from "effect-llm-stream"
 *
 * OpenAIResponses.toCommonFinishReason("max_output_tokens") // "length"
 * ```
 *
 * @since 0.2.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason =
  ResponsesFinishReasons.toCommonFinishReason

/**
 * Normalises a Responses API usage object (it already follows the normalised convention).
 *
 * @since 0.2.0
 * @category Usage
 */
export const normaliseUsage: (usage: ResponseUsage) => Usage.Usage = ResponsesUsage.normaliseUsage

/**
 * One streamed Responses API event, wrapping the raw event in `chunk`, with the common accessors and
 * `refusal` and `response` (the `Response` object of a lifecycle event). `provider` says who served it:
 * `"openai"` or `"azure"`.
 *
 * @example
 * ```ts
 * import { OpenAIResponses } from "effect-llm-stream"
 * import { Schema } from "effect"
 *
 * const chunk = Schema.decodeUnknownSync(OpenAIResponses.OpenAIResponsesCallResponseChunkFromPayload)({
 *   type: "response.output_text.delta",
 *   sequence_number: 4,
 *   output_index: 0,
 *   item_id: "msg_1",
 *   content_index: 0,
 *   delta: "Hello"
 * })
 * chunk.content // "Hello"
 * ```
 *
 * @since 0.2.0
 * @category Models
 */
export const OpenAIResponsesCallResponseChunk = ResponsesChunk.OpenAIResponsesCallResponseChunk

/**
 * @since 0.2.0
 * @category Models
 */
export type OpenAIResponsesCallResponseChunk = ResponsesChunk.OpenAIResponsesCallResponseChunk

/**
 * Decodes the JSON of one streamed event into an `OpenAIResponsesCallResponseChunk` (served by OpenAI).
 *
 * @since 0.2.0
 * @category Schemas
 */
export const OpenAIResponsesCallResponseChunkFromPayload = ResponsesChunk.OpenAIResponsesCallResponseChunkFromPayload

/**
 * What a Responses API call may set beyond the common request: `store`, `include` (such as
 * `"reasoning.encrypted_content"`), `previousResponseId`, and `builtInTools` (`{ type: "web_search" }`,
 * `{ type: "mcp", ... }`, sent as given). Reasoning is the common `reasoning` control (since 0.3.0, typed:
 * `{ effort, summary }`, encoded for the model's family).
 *
 * @since 0.2.0
 * @category Models
 */
export interface ResponsesOptions extends ResponsesRequest.ResponsesOptions {}

/**
 * A streaming request: a `LanguageModel.Request` for a named model, its Responses API options, and raw
 * body fields in `extraBody`.
 *
 * @since 0.2.0
 * @category Models
 */
export interface StreamRequest extends ResponsesService.StreamRequest {}

/**
 * @since 0.2.0
 * @category Models
 */
export interface Service extends ResponsesService.Service {}

/**
 * @since 0.2.0
 * @category Context
 */
export class OpenAIResponsesClient
  extends Context.Service<OpenAIResponsesClient, Service>()("effect-llm-stream/OpenAIResponsesClient")
{}

/**
 * How the client reaches OpenAI, and whether it resumes dropped background streams (`resume`).
 *
 * @since 0.2.0
 * @category Models
 */
export interface Options extends ResponsesService.OpenAIOptions {}

/**
 * Resuming a dropped stream of a response created with `background: true` (`Options.resume`, opt-in): after
 * a transport error, a truncated body or an idle timeout, the stream goes on from the last event received
 * (`GET /responses/{id}?stream=true&starting_after=<sequence_number>`), as one stream with no event twice
 * and none missing, up to `attempts` times (default 3), waiting by `schedule` before each. Each resume is an
 * `effect_llm_stream.resume` event on the call's span. A response that cannot be resumed (not a background
 * one, expired, not found) fails with the original error.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "effect/http"
 * import { OpenAIResponses } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * const Model = OpenAIResponses.model("gpt-5", { extraBody: { background: true } }).pipe(
 *   Layer.provide(OpenAIResponses.layerConfig({ resume: { attempts: 5 } })),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.3.0
 * @category Models
 */
export interface ResumeOptions extends ResponsesResume.ResumeOptions {}

/**
 * The client service, over the `HttpClient` in context.
 *
 * @since 0.2.0
 * @category Constructors
 */
export const make: (options?: Options) => Effect.Effect<Service, never, HttpClient.HttpClient> =
  ResponsesService.makeOpenAI

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
 * The OpenAI models the bundled price table knows (so that their cost is computed): what `model` and
 * `layerModel` complete. Any other name is taken too (`KnownModel | (string & {})`): a model newer than the
 * table, a fine-tune.
 *
 * @example
 * ```ts
 * import { OpenAIResponses } from "effect-llm-stream"
 *
 * const name: OpenAIResponses.KnownModel = "gpt-4o-mini"
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
  ProviderLayers.languageModel(OpenAIResponsesClient, OpenAIProfile.profile, name, defaults)

/**
 * A `LanguageModel` served by the Responses API, ready to use: `model(name, defaults)` over `layerConfig()`
 * (the key from `OPENAI_API_KEY`, and `OPENAI_BASE_URL` when set) and the fetch HTTP client. A missing
 * variable fails the layer with a `ProviderError.ConfigurationError` naming it.
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
