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
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Models from "../../data/models.js"
import * as AnthropicProfile from "./AnthropicProfile.js"
import * as AnthropicRequest from "./AnthropicRequest.js"
import { make, type Options, type Service } from "./AnthropicService.js"

export {
  AnthropicUsage,
  ContentBlock,
  ContentBlockDelta,
  ContentBlockDeltaEvent,
  ContentBlockStartEvent,
  ContentBlockStopEvent,
  IterationUsage,
  MessageDeltaEvent,
  MessageStartEvent,
  MessageStopEvent,
  MessageStreamEvent
} from "./AnthropicSchemas.js"

export { toCommonFinishReason } from "./AnthropicFinishReasons.js"

export { normaliseUsage } from "./AnthropicUsage.js"

export { AnthropicCallResponseChunk, AnthropicCallResponseChunkFromPayload } from "./AnthropicChunk.js"

export { defaultMaxTokens } from "./AnthropicLimits.js"

export { defaultBaseUrl, make } from "./AnthropicService.js"
export type { Options, Service, StreamRequest } from "./AnthropicService.js"

/**
 * @since 0.1.0
 * @category Context
 */
export class AnthropicClient extends Context.Service<AnthropicClient, Service>()("effect-llm-stream/AnthropicClient") {}

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<AnthropicClient, never, HttpClient.HttpClient> =>
  Layer.effect(AnthropicClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `ANTHROPIC_API_KEY` (as `Redacted`; a missing key is a
 * `ProviderError.ConfigurationError` naming it) and the optional `ANTHROPIC_BASE_URL`. For a server that takes no key
 * (a local Anthropic-compatible one, a gateway that adds it), say so: `apiKey: Config.succeed(undefined)`.
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
 * The Anthropic models the bundled price table knows (and prices), which `model` and `layerModel` complete;
 * any other name is taken too (a model newer than the table, a fine-tune).
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
 * The default settings of an Anthropic model layer, and `keepRefusedTurns`.
 *
 * @since 0.7.0
 * @category Models
 */
export type ModelDefaults = LanguageModel.Settings & {
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
  /**
   * Sends a turn Claude's streaming classifiers stopped (`stop_reason: "refusal"`, `finishReason: "content_filter"`)
   * and the user message that led to it in the requests after it, as they came. By default both are left out of what
   * the model is told once a message follows them, as Anthropic asks ("you must reset the conversation context before
   * continuing [...] Attempting to continue without resetting will result in continued refusals":
   * platform.claude.com/docs/en/test-and-evaluate/strengthen-guardrails/handle-streaming-refusals); what the person
   * sees is the same either way. Set it where leaving out a person's message is a decision the product makes itself.
   */
  readonly keepRefusedTurns?: boolean | undefined
}

/**
 * A `LanguageModel` served by Anthropic with the given model and default settings (`ModelDefaults`: a refused turn and
 * the message that led to it are left out of later requests unless `keepRefusedTurns`).
 *
 * @example
 * ```ts
 * import { Anthropic } from "effect-llm-stream"
 *
 * // The product decides itself what a refused turn leaves out: every turn goes back as it came.
 * const Model = Anthropic.model("claude-sonnet-4-6", { keepRefusedTurns: true })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: KnownModel | (string & {}),
  defaults: ModelDefaults = {}
): Layer.Layer<LanguageModel.LanguageModel, never, AnthropicClient> => {
  const { rules, settings } = AnthropicRequest.claudeLayer(defaults)
  return ProviderLayers.languageModel(AnthropicClient, AnthropicProfile.profile, name, settings, undefined, rules)
}

/**
 * A `LanguageModel` ready to use: `model(name, defaults)` over `layerConfig()` (`ANTHROPIC_API_KEY`, and
 * `ANTHROPIC_BASE_URL` when set) and the HTTP client the layer is given, else Node's or fetch; a missing variable fails
 * it with a `ConfigurationError`.
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
  defaults: ModelDefaults = {}
): Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> =>
  ProviderLayers.ready(model(name, defaults), layerConfig())
