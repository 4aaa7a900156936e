/**
 * Any host that speaks OpenAI's Chat Completions, in one line: DeepSeek, xAI, OpenRouter, Vercel's AI Gateway,
 * Mistral, Together, Fireworks, Cerebras, DeepInfra, Perplexity, and Ollama, vLLM, LM Studio or llama.cpp on your own
 * machine. A host is a value, `OpenAICompatible.layer({ name, baseUrl, apiKey })`; the answer's `provider` is its `name`, its reasoning is read
 * from where the host streams it (`reasoning_content`, `reasoning`, `reasoning_details`), and its cost is the price
 * table's for that host and the model the stream names, or none (`unknown-model`): never another provider's price
 * for a model of the same name.
 *
 * @example
 * ```ts
 * import { LanguageModel, OpenAICompatible } from "effect-llm-stream"
 * import { Effect, Redacted, Stream } from "effect"
 *
 * const DeepSeek = OpenAICompatible.layerModel("deepseek-v4-flash", {
 *   name: "deepseek",
 *   apiKey: Redacted.make("sk-...")
 * })
 *
 * const program = LanguageModel.stream("Recommend a fantasy book").pipe(
 *   Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
 *   Effect.provide(DeepSeek)
 * )
 * // Run it with Main.runMain(program)
 * ```
 *
 * @since 0.6.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as ProviderLayers from "../../core/model/ModelLayers.js"
import type * as LanguageModel from "../../core/model/ModelService.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as ChatService from "./ChatService.js"
import * as CompatibleChunk from "./CompatibleChunk.js"
import * as CompatibleHosts from "./CompatibleHosts.js"
import * as HostClient from "./HostClient.js"

export { Choice, CompletionUsage, Delta, ReasoningDetail, ToolCallDelta } from "./ChatSchemas.js"

export { toCommonFinishReason } from "./ChatFinishReasons.js"

export {
  ChatCompletionChunk,
  OpenAICompatibleCallResponseChunk,
  OpenAICompatibleCallResponseChunkFromPayload,
  SearchResult
} from "./CompatibleChunk.js"

export { presets } from "./CompatibleHosts.js"
export type { Host, Preset, ReasoningField } from "./CompatibleHosts.js"

/**
 * The client of one host: its name, its profile, and its stream of chunks.
 *
 * @since 0.6.0
 * @category Models
 */
export interface Service {
  /** The host's name: every chunk's, response's, error's and span's `provider`. */
  readonly name: string
  /** What generic code asks of a provider, for this host (its name; no strict tools; estimated tokens). */
  readonly profile: ProviderProfile.Profile
  readonly stream: (
    request: CallRequest.ProviderRequest
  ) => Stream.Stream<CompatibleChunk.OpenAICompatibleCallResponseChunk, ProviderError.ProviderError>
}

/**
 * How the client reaches a host: its `name` (a preset's, `"deepseek"`, takes the preset's row: its URL and its
 * rules), its `baseUrl` up to the version path, its key (none for a local server), headers of its own (OpenRouter's
 * `HTTP-Referer`, a gateway's), and the row's rules where the host differs.
 *
 * @since 0.6.0
 * @category Models
 */
export interface Options extends ChatService.ClientOptions {
  readonly name: CompatibleHosts.Preset | (string & {})
  /** Up to the version path (`/chat/completions` is appended); a preset's by default. */
  readonly baseUrl?: string | undefined
  readonly apiKey?: Redacted.Redacted | undefined
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly maxTokensField?: CompatibleHosts.Host["maxTokensField"]
  readonly output?: CompatibleHosts.Host["output"]
  readonly reasoning?: CompatibleHosts.Host["reasoning"]
  readonly sendsReasoningDetails?: CompatibleHosts.Host["sendsReasoningDetails"]
  /**
   * Where the host states what it charged for a call (`"usage.cost"`, in USD, as OpenRouter does;
   * `"usage.cost_in_usd_ticks"`, as xAI does): that charge is the call's cost, budgets and spend limits settle on it.
   * Only a host you trust with your limits: a host stating 0 would open every one. `false` prices a preset that
   * states its charge from the table. A preset's by default (OpenRouter's, Vercel's AI Gateway's, xAI's); none
   * otherwise.
   *
   * @since 0.7.0
   */
  readonly statedCost?: CompatibleHosts.Host["statedCost"] | false
}

/**
 * @since 0.6.0
 * @category Context
 */
export class OpenAICompatibleClient extends Context.Service<OpenAICompatibleClient, Service>()(
  "effect-llm-stream/OpenAICompatibleClient"
) {}

/** A host's name: letters, digits, `.`, `_` and `-`, as a span, a metric and the price table name it. */
const validName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/** The row of the host `options` name: the preset's, with the options' rules over it. */
const hostOf = (options: Options): CompatibleHosts.Host | undefined => {
  const preset = CompatibleHosts.presetOf(options.name)
  // Azure's row has no URL of its own (each resource has one): it must be given.
  const baseUrl = options.baseUrl || preset?.baseUrl
  if (!baseUrl) return undefined
  return {
    ...preset,
    name: options.name,
    baseUrl,
    maxTokensField: options.maxTokensField ?? preset?.maxTokensField,
    output: options.output ?? preset?.output,
    reasoning: options.reasoning ?? preset?.reasoning,
    sendsReasoningDetails: options.sendsReasoningDetails ?? preset?.sendsReasoningDetails,
    statedCost: options.statedCost === false ? undefined : options.statedCost ?? preset?.statedCost
  }
}

/** The host's name is not one a span and the price table can carry, or it has no URL: a configuration error. */
const misconfigured = (options: Options): ProviderError.ConfigurationError | undefined => {
  const name = String(options.name)
  if (!validName.test(name)) {
    return new ProviderError.ConfigurationError({
      provider: "openai-compatible",
      message: `OpenAICompatible: the host's name ${
        JSON.stringify(name.slice(0, 64))
      } is not a name: use letters, digits, ".", "_" or "-" (at most 64), as "deepseek" or "my-vllm"`
    })
  }
  if (hostOf(options) === undefined) {
    return new ProviderError.ConfigurationError({
      provider: name,
      message: `${name}: no baseUrl; give the host's URL up to its version path, as "http://localhost:8000/v1"`
    })
  }
  return undefined
}

/**
 * Makes the client of a host, over the `HttpClient` in context; a name that is none, or a host with no URL, fails
 * with a `ProviderError.ConfigurationError` before any request.
 *
 * @since 0.6.0
 * @category Constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const error = misconfigured(options)
  const host = hostOf(options)
  if (error !== undefined || host === undefined) return Effect.fail(error!)
  const field = host.statedCost
  const stating = field === undefined
    ? CompatibleChunk.OpenAICompatibleCallResponseChunk
    : CompatibleChunk.statingChunks[field]
  const decode = CompatibleChunk.decodeChunk(
    host.name,
    host.usage === undefined ? stating : CompatibleChunk.counting(stating, host.usage)
  )
  if (field === undefined) {
    return ProviderLayers.checked(host.name, options, (checked) => HostClient.serve(host, checked, decode))
  }
  return ProviderLayers.checked(
    host.name,
    options,
    (checked) =>
      Effect.map(HostClient.serve(host, checked, decode), (client) => ({
        ...client,
        stream: (request) => client.stream(request).pipe(Stream.tap((chunk) => warnInvalidCharge(chunk, field)))
      }))
  )
}

/** Warns of a charge a host states that is none (not a finite amount ≥ 0): it is ignored, the table's price used. */
const warnInvalidCharge = (
  chunk: CompatibleChunk.OpenAICompatibleCallResponseChunk,
  field: CompatibleChunk.StatedCostField
): Effect.Effect<void> => {
  if (chunk.chunk.usage == null) return Effect.void
  const stated = CompatibleChunk.statedCostOf(chunk, field)
  if (stated?._tag !== "Invalid") return Effect.void
  return Effect.logWarning(
    `${chunk.provider} stated a charge (${field}) that is not a finite amount of at least 0: ${
      (typeof stated.value === "number" ? String(stated.value) : String(JSON.stringify(stated.value))).slice(0, 100)
    }; the call is priced from the price table`
  )
}

/**
 * The client of the host `options` describe.
 *
 * @example
 * ```ts
 * import { OpenAICompatible } from "effect-llm-stream"
 *
 * // A local vLLM server: no key.
 * const Local = OpenAICompatible.layer({ name: "vllm", baseUrl: "http://localhost:8000/v1" })
 * ```
 *
 * @since 0.6.0
 * @category Layers
 */
export const layer = (
  options: Options
): Layer.Layer<OpenAICompatibleClient, ProviderError.ConfigurationError, HttpClient.HttpClient> =>
  Layer.effect(OpenAICompatibleClient, make(options))

/** The environment variable a host's setting is read from when it has no preset: `MY_VLLM_BASE_URL`. */
const variable = (name: string, setting: string): string =>
  `${name.toUpperCase().replace(/[^A-Z0-9]+/g, "_")}_${setting}`

/** The key of the host named `name`: its preset's variable (required), else `<NAME>_API_KEY` when set. */
const apiKeyConfig = (name: string): Config.Config<Redacted.Redacted | undefined> => {
  const preset = CompatibleHosts.presetOf(name)
  return preset?.apiKeyEnv !== undefined
    ? ProviderLayers.requiredSecret(preset.apiKeyEnv, "OpenAICompatible")
    : ProviderLayers.optionalSecret(variable(name, "API_KEY"))
}

/**
 * A layer configured from `Config`. A preset's name reads its key from its variable (`DEEPSEEK_API_KEY`; a missing
 * key is a `ProviderError.ConfigurationError` naming it) and its URL from `<NAME>_BASE_URL` when set, else the
 * preset's; another name reads `<NAME>_BASE_URL` (required unless `baseUrl` is given) and `<NAME>_API_KEY` when set.
 *
 * @since 0.6.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "apiKey" | "baseUrl">
): Layer.Layer<OpenAICompatibleClient, ProviderError.ConfigurationError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  const name = String(rest.name)
  return Layer.effect(
    OpenAICompatibleClient,
    Effect.flatMap(
      ProviderLayers.configured(
        name,
        Config.all({
          apiKey: apiKey ?? apiKeyConfig(name),
          baseUrl: baseUrl ?? ProviderLayers.optionalString(variable(name, "BASE_URL"))
        })
      ),
      (config) => make({ ...rest, ...config })
    )
  )
}

/**
 * A `LanguageModel` served by the host in context with the given model and default settings: its chunks, responses,
 * errors and spans name the host (`provider`), and its prices are the host's own.
 *
 * @since 0.6.0
 * @category Layers
 */
export const model = (
  name: string,
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, OpenAICompatibleClient> =>
  Layer.unwrap(
    Effect.map(
      OpenAICompatibleClient,
      (client) => ProviderLayers.languageModel(Effect.succeed(client), client.profile, name, defaults)
    )
  )

/**
 * A `LanguageModel` ready to use: `model(name, defaults)` over the host `options` describe, its key and URL read as
 * `layerConfig` reads them where `options` leave them out, and the HTTP client the layer is given, else on Node the
 * library's own, else fetch.
 *
 * @example
 * ```ts
 * import { OpenAICompatible } from "effect-llm-stream"
 *
 * // Reads OPENROUTER_API_KEY.
 * const Router = OpenAICompatible.layerModel("anthropic/claude-sonnet-4.5", { name: "openrouter" })
 * // A local Ollama server.
 * const Local = OpenAICompatible.layerModel("qwen3:8b", { name: "ollama" })
 * ```
 *
 * @since 0.6.0
 * @category Layers
 */
export const layerModel = (
  name: string,
  options: Options,
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError> => {
  const { apiKey, baseUrl, ...rest } = options
  return ProviderLayers.ready(
    model(name, defaults),
    layerConfig({
      ...rest,
      ...(apiKey === undefined ? {} : { apiKey: Config.succeed(apiKey) }),
      ...(baseUrl === undefined ? {} : { baseUrl: Config.succeed(baseUrl) })
    })
  )
}
