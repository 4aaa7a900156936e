/**
 * Groq chat completions streaming (OpenAI-compatible, with Groq's `x_groq` extension). Groq is a row of the
 * compatible hosts' table (`OpenAICompatible.layer({ name: "groq" })` reaches it too); this module keeps its names:
 * its chunk class, whose `provider` is always `"groq"`, its client tag and its layers.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import type * as Models from "../../data/models.js"
import type * as ChatService from "../openai-compatible/ChatService.js"
import * as CompatibleHosts from "../openai-compatible/CompatibleHosts.js"
import * as HostClient from "../openai-compatible/HostClient.js"
import * as GroqChunk from "./GroqChunk.js"

export { ChatCompletionChunk, GroqUsage, XGroq } from "../openai-compatible/CompatibleChunk.js"

export { toCommonFinishReason } from "../openai-compatible/ChatFinishReasons.js"

export { GroqCallResponseChunk, GroqCallResponseChunkFromPayload } from "./GroqChunk.js"

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`reasoning_effort`, `reasoning_format`, `seed`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends CallRequest.ProviderRequest {}

/**
 * The Groq client service.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (
    request: StreamRequest
  ) => Stream.Stream<GroqChunk.GroqCallResponseChunk, ProviderError.ProviderError>
}

/**
 * How the client reaches Groq.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Options extends ChatService.ClientOptions {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.groq.com/openai/v1`. */
  readonly baseUrl?: string | undefined
}

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl: string = "https://api.groq.com/openai/v1"

/**
 * Makes the client service, over the `HttpClient` in context: the compatible hosts' client with Groq's row.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  HostClient.serve(
    { ...CompatibleHosts.groq, baseUrl: options.baseUrl ?? defaultBaseUrl },
    options,
    GroqChunk.decodeChunk
  )

/** Groq's profile: its tools' strict mode, its token families and output caps, from its row. */
const profile = CompatibleHosts.profileOf(CompatibleHosts.groq)

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
  ProviderLayers.languageModel(GroqClient, profile, name, defaults)

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
