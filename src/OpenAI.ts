/**
 * OpenAI Chat Completions streaming.
 *
 * @example
 * ```ts
 * import { CallStream, OpenAI } from "effect-llm-stream"
 * import { FetchHttpClient } from "effect/http"
 * import { Config, Effect, Layer } from "effect"
 *
 * const OpenAILive = OpenAI.model("gpt-4o-mini").pipe(
 *   Layer.provide(OpenAI.layerConfig({ apiKey: Config.Redacted("OPENAI_API_KEY") })),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 *
 * const program = Effect.gen(function*() {
 *   const client = yield* OpenAI.OpenAIClient
 *   const stream = client.stream({ model: "gpt-4o-mini", messages: [] })
 *   return yield* CallStream.accumulate(stream)
 * })
 * ```
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Base64 from "effect/encoding/Base64"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as FinishReason from "./FinishReason.js"
import * as Layers from "./internal/Layers.js"
import * as OpenAICompatible from "./internal/OpenAICompatible.js"
import * as Payload from "./internal/Payload.js"
import * as Secrets from "./internal/Secrets.js"
import type * as LanguageModel from "./LanguageModel.js"
import type * as ProviderError from "./ProviderError.js"

/**
 * One streamed tool-call fragment (`choices[].delta.tool_calls[]`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ToolCallDelta = OpenAICompatible.ToolCallDelta

/**
 * One streamed audio fragment (`choices[].delta.audio`): base64 `data` and `transcript` pieces.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AudioDelta = OpenAICompatible.AudioDelta

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Delta = OpenAICompatible.Delta

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Choice = OpenAICompatible.Choice

/**
 * The usage object of the final chunk (`stream_options.include_usage`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const CompletionUsage = OpenAICompatible.CompletionUsage

/**
 * The JSON of one streamed event: a `chat.completion.chunk`. Tolerant of the 2024 and 2025 wire shapes:
 * unknown fields (`obfuscation`, `logprobs`, `moderation`, ...) are ignored, `usage` may be absent or
 * `null`, `choices` may be empty.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = OpenAICompatible.ChatCompletionChunk

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/**
 * Maps OpenAI's raw finish reasons: `stop` → stop, `length` → length, `tool_calls` and the deprecated
 * `function_call` → tool_calls, `content_filter` → content_filter, anything else → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable(
  OpenAICompatible.finishReasonTable
)

/**
 * One streamed OpenAI chunk, wrapping the raw `chat.completion.chunk` payload in `chunk`.
 *
 * @since 0.1.0
 * @category Models
 */
export class OpenAICallResponseChunk extends OpenAICompatible.withAccessors(
  Schema.Class<OpenAICallResponseChunk>("effect-llm-stream/OpenAICallResponseChunk")({ chunk: ChatCompletionChunk }),
  { provider: "openai", toCommonFinishReason }
) {
  /**
   * The audio bytes of the first choice's audio fragment (`delta.audio.data`, base64-decoded), when the
   * call asked for audio output.
   *
   * @since 0.1.0
   */
  get audio(): Uint8Array | undefined {
    const data = this.chunk.choices.find((choice) => choice.index === 0)?.delta?.audio?.data
    if (data === undefined || data === null) return undefined
    return Result.getOrUndefined(Base64.decode(data))
  }

  /**
   * The transcript fragment of the first choice's audio, when present.
   *
   * @since 0.1.0
   */
  get audioTranscript(): string | undefined {
    return this.chunk.choices.find((choice) => choice.index === 0)?.delta?.audio?.transcript ?? undefined
  }
}

/**
 * Decodes the JSON of one streamed event into an `OpenAICallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const OpenAICallResponseChunkFromPayload: Schema.Codec<
  OpenAICallResponseChunk,
  typeof ChatCompletionChunk.Encoded
> = Payload
  .chunkFromPayload(ChatCompletionChunk, OpenAICallResponseChunk)

const decodeChunk = Payload.fastDecoder(
  ChatCompletionChunk,
  OpenAICompatible.isTextChunk([]),
  (chunk) => Payload.instantiate(OpenAICallResponseChunk, { chunk })
)

/**
 * The body decoder of a stream (SSE framing and chunk decoding, without HTTP).
 *
 * @internal
 */
export const bodyDecoder = (maxEventSize?: number | undefined) =>
  OpenAICompatible.bodyDecoder("openai", decodeChunk, maxEventSize)

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`n`, `seed`, `modalities`, `audio`, `service_tier`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends OpenAICompatible.StreamRequest {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (request: StreamRequest) => Stream.Stream<OpenAICallResponseChunk, ProviderError.ProviderError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class OpenAIClient extends Context.Service<OpenAIClient, Service>()("effect-llm-stream/OpenAIClient") {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OpenAICompatible.ClientOptions {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.openai.com/v1`; point it at a proxy, a gateway or a test server. */
  readonly baseUrl?: string | undefined
  readonly organization?: string | undefined
  readonly project?: string | undefined
}

/**
 * The default API base URL.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl = "https://api.openai.com/v1"

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const url = OpenAICompatible.joinUrl(options.baseUrl ?? defaultBaseUrl, "chat/completions")
    const endpoint: OpenAICompatible.Endpoint = {
      provider: "openai",
      maxTokensField: "max_completion_tokens",
      includeModel: true,
      maxEventSize: options.maxEventSize,
      timeouts: options.timeouts,
      secrets: new Secrets.Secrets([options.apiKey]),
      request: () =>
        HttpClientRequest.post(url).pipe(
          OpenAICompatible.acceptEventStream,
          OpenAICompatible.withBearer(options.apiKey),
          options.organization === undefined
            ? (request) => request
            : HttpClientRequest.setHeader("openai-organization", options.organization),
          options.project === undefined
            ? (request) => request
            : HttpClientRequest.setHeader("openai-project", options.project)
        )
    }
    return OpenAIClient.of({
      stream: OpenAICompatible.streamChunks(OpenAICompatible.transformed(client, options), endpoint, decodeChunk)
    })
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<OpenAIClient, never, HttpClient.HttpClient> =>
  Layer.effect(OpenAIClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `OPENAI_API_KEY` (as `Redacted`; a
 * missing key is a `ConfigError` naming it) and the optional `OPENAI_BASE_URL`. For a server that takes no
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
  } & OpenAICompatible.ClientOptions = {}
): Layer.Layer<OpenAIClient, Config.ConfigError, HttpClient.HttpClient> => {
  const { maxEventSize, timeouts, transformClient, ...rest } = configs
  return Layer.effect(
    OpenAIClient,
    Effect.flatMap(
      Config.all({
        apiKey: rest.apiKey ?? Layers.requiredSecret("OPENAI_API_KEY"),
        baseUrl: rest.baseUrl ?? Layers.optionalString("OPENAI_BASE_URL"),
        organization: rest.organization ?? Config.succeed(undefined),
        project: rest.project ?? Config.succeed(undefined)
      }),
      (config) => make({ ...config, maxEventSize, timeouts, transformClient })
    )
  )
}

/**
 * A `LanguageModel` served by OpenAI with the given model and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: string,
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, OpenAIClient> =>
  Layers.languageModel(OpenAIClient, "openai", name, defaults)
