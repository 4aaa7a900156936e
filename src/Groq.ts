/**
 * Groq chat completions streaming (OpenAI-compatible, with Groq's `x_groq` extension).
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as FinishReason from "./FinishReason.js"
import * as Layers from "./internal/Layers.js"
import * as OpenAICompatible from "./internal/OpenAICompatible.js"
import * as Payload from "./internal/Payload.js"
import * as Secrets from "./internal/Secrets.js"
import type * as LanguageModel from "./LanguageModel.js"
import type * as ProviderError from "./ProviderError.js"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/**
 * Groq's usage: the Chat Completions counts plus queue, prompt, completion and total times (seconds).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const GroqUsage = Schema.Struct({
  ...OpenAICompatible.CompletionUsage.fields,
  queue_time: Nullable(Schema.Number),
  prompt_time: Nullable(Schema.Number),
  completion_time: Nullable(Schema.Number),
  total_time: Nullable(Schema.Number)
})

/**
 * The `x_groq` extension: the Groq request id (first and last chunk), the seed, the usage (last chunk,
 * sent even without `stream_options`) and an error string when a stream stops early.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const XGroq = Schema.Struct({
  id: Nullable(Schema.String),
  seed: Nullable(Schema.Number),
  usage: Nullable(GroqUsage),
  error: Nullable(Schema.String)
})

/**
 * The JSON of one streamed event: an OpenAI `chat.completion.chunk` plus `x_groq`; reasoning models
 * stream `delta.reasoning`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ChatCompletionChunk = Schema.Struct({
  ...OpenAICompatible.chatCompletionChunkFields,
  usage: Nullable(GroqUsage),
  x_groq: Nullable(XGroq)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/**
 * Maps Groq's finish reasons like OpenAI's: `stop`, `length`, `tool_calls` (and `function_call`),
 * `content_filter`; anything else → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable(
  OpenAICompatible.finishReasonTable
)

/**
 * One streamed Groq chunk. Usage is read from the top-level `usage` or, when absent, from
 * `x_groq.usage`; `reasoning` holds reasoning text.
 *
 * @since 0.1.0
 * @category Models
 */
export class GroqCallResponseChunk extends OpenAICompatible.withAccessors(
  Schema.Class<GroqCallResponseChunk>("effect-llm-stream/GroqCallResponseChunk")({ chunk: ChatCompletionChunk }),
  {
    provider: "groq",
    toCommonFinishReason,
    rawUsage: (chunk: ChatCompletionChunk) => chunk.usage ?? chunk.x_groq?.usage ?? undefined
  }
) {
  /**
   * Groq's request id (`x_groq.id`, on the first and the last chunk).
   *
   * @since 0.1.0
   */
  get groqRequestId(): string | undefined {
    return this.chunk.x_groq?.id ?? undefined
  }
}

/**
 * Decodes the JSON of one streamed event into a `GroqCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const GroqCallResponseChunkFromPayload: Schema.Codec<
  GroqCallResponseChunk,
  typeof ChatCompletionChunk.Encoded
> = Payload.chunkFromPayload(ChatCompletionChunk, GroqCallResponseChunk)

const decodeChunk = Payload.fastDecoder(
  ChatCompletionChunk,
  OpenAICompatible.isTextChunk(["x_groq"]),
  (chunk) => Payload.instantiate(GroqCallResponseChunk, { chunk })
)

/**
 * The body decoder of a stream (SSE framing and chunk decoding, without HTTP).
 *
 * @internal
 */
export const bodyDecoder = (maxEventSize?: number | undefined) =>
  OpenAICompatible.bodyDecoder("groq", decodeChunk, maxEventSize)

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`reasoning_effort`, `reasoning_format`, `seed`, ...).
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
  readonly stream: (request: StreamRequest) => Stream.Stream<GroqCallResponseChunk, ProviderError.ProviderError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class GroqClient extends Context.Service<GroqClient, Service>()("effect-llm-stream/GroqClient") {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options extends OpenAICompatible.ClientOptions {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.groq.com/openai/v1`. */
  readonly baseUrl?: string | undefined
}

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl = "https://api.groq.com/openai/v1"

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (client) => {
    const url = OpenAICompatible.joinUrl(options.baseUrl ?? defaultBaseUrl, "chat/completions")
    return GroqClient.of({
      stream: OpenAICompatible.streamChunks(OpenAICompatible.transformed(client, options), {
        provider: "groq",
        maxTokensField: "max_completion_tokens",
        includeModel: true,
        maxEventSize: options.maxEventSize,
        timeouts: options.timeouts,
        secrets: new Secrets.Secrets([options.apiKey]),
        request: () =>
          HttpClientRequest.post(url).pipe(
            OpenAICompatible.acceptEventStream,
            OpenAICompatible.withBearer(options.apiKey)
          )
      }, decodeChunk)
    })
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<GroqClient, never, HttpClient.HttpClient> =>
  Layer.effect(GroqClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `GROQ_API_KEY` (as `Redacted`; a
 * missing key is a `ConfigError` naming it) and the optional `GROQ_BASE_URL`. For a server that takes no
 * key (a local OpenAI-compatible one, a gateway that adds it), say so: `apiKey: Config.succeed(undefined)`.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & OpenAICompatible.ClientOptions = {}
): Layer.Layer<GroqClient, Config.ConfigError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  return Layer.effect(
    GroqClient,
    Effect.flatMap(
      Config.all({
        apiKey: apiKey ?? Layers.requiredSecret("GROQ_API_KEY"),
        baseUrl: baseUrl ?? Layers.optionalString("GROQ_BASE_URL")
      }),
      (config) => make({ ...rest, ...config })
    )
  )
}

/**
 * A `LanguageModel` served by Groq with the given model and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: string,
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, GroqClient> =>
  Layers.languageModel(GroqClient, "groq", name, defaults)
