/**
 * Anthropic Messages streaming.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import type * as CostMetadata from "./CostMetadata.js"
import * as FinishReason from "./FinishReason.js"
import * as BodyDecoder from "./internal/BodyDecoder.js"
import * as ChunkAccessors from "./internal/ChunkAccessors.js"
import * as Layers from "./internal/Layers.js"
import * as Payload from "./internal/Payload.js"
import * as Secrets from "./internal/Secrets.js"
import type * as Sse from "./internal/Sse.js"
import * as Streaming from "./internal/Streaming.js"
import * as Turns from "./internal/Turns.js"
import type * as LanguageModel from "./LanguageModel.js"
import * as ProviderError from "./ProviderError.js"
import * as Telemetry from "./Telemetry.js"
import type * as Tool from "./Tool.js"
import * as Usage from "./Usage.js"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))
const TokenCount = Nullable(Schema.Natural)

/**
 * Usage of one model iteration (context-management betas report several per call).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const IterationUsage = Schema.Struct({
  type: Schema.optionalKey(Schema.String),
  input_tokens: TokenCount,
  output_tokens: TokenCount,
  cache_read_input_tokens: TokenCount,
  cache_creation_input_tokens: TokenCount,
  cache_creation: Nullable(Schema.Struct({
    ephemeral_5m_input_tokens: TokenCount,
    ephemeral_1h_input_tokens: TokenCount
  }))
})

/**
 * The usage of `message_start` (`Usage`) and `message_delta` (`MessageDeltaUsage`, cumulative). Raw
 * `input_tokens` excludes cache reads and cache writes.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnthropicUsage = Schema.Struct({
  ...IterationUsage.fields,
  service_tier: Nullable(Schema.String),
  inference_geo: Nullable(Schema.String),
  iterations: Nullable(Schema.Array(IterationUsage))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type AnthropicUsage = typeof AnthropicUsage.Type

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStartEvent = Schema.Struct({
  type: Schema.Literal("message_start"),
  message: Schema.Struct({
    id: Schema.String,
    model: Schema.String,
    role: Schema.optionalKey(Schema.String),
    stop_reason: Nullable(Schema.String),
    stop_sequence: Nullable(Schema.String),
    usage: Nullable(AnthropicUsage)
  })
})

/**
 * A content block as it starts: `text`, `thinking`, `redacted_thinking` (with `data`), `tool_use` (with
 * `id`, `name`), server tool blocks, and block types this library does not know yet.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlock = Schema.Struct({
  type: Schema.String,
  text: Schema.optionalKey(Schema.String),
  thinking: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String),
  data: Schema.optionalKey(Schema.String),
  id: Schema.optionalKey(Schema.String),
  name: Schema.optionalKey(Schema.String),
  input: Schema.optionalKey(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStartEvent = Schema.Struct({
  type: Schema.Literal("content_block_start"),
  index: Schema.Natural,
  content_block: ContentBlock
})

/**
 * A content block fragment: `text_delta` (`text`), `input_json_delta` (`partial_json`), `thinking_delta`
 * (`thinking`), `signature_delta` (`signature`), `citations_delta` and newer kinds.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDelta = Schema.Struct({
  type: Schema.String,
  text: Schema.optionalKey(Schema.String),
  partial_json: Schema.optionalKey(Schema.String),
  thinking: Schema.optionalKey(Schema.String),
  signature: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDeltaEvent = Schema.Struct({
  type: Schema.Literal("content_block_delta"),
  index: Schema.Natural,
  delta: ContentBlockDelta
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStopEvent = Schema.Struct({
  type: Schema.Literal("content_block_stop"),
  index: Schema.Natural
})

/**
 * The stop reason and the cumulative usage of the call.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageDeltaEvent = Schema.Struct({
  type: Schema.Literal("message_delta"),
  delta: Schema.Struct({
    stop_reason: Nullable(Schema.String),
    stop_sequence: Nullable(Schema.String)
  }),
  usage: Nullable(AnthropicUsage)
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStopEvent = Schema.Struct({
  type: Schema.Literal("message_stop")
})

/**
 * The JSON of one streamed event (`ping` and `error` are handled before decoding).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStreamEvent = Schema.Union([
  MessageStartEvent,
  ContentBlockStartEvent,
  ContentBlockDeltaEvent,
  ContentBlockStopEvent,
  MessageDeltaEvent,
  MessageStopEvent
])

/**
 * @since 0.1.0
 * @category Models
 */
export type MessageStreamEvent = typeof MessageStreamEvent.Type

const knownEvents = new Set<string>(MessageStreamEvent.members.map((member) => member.fields.type.literal))

/**
 * Maps Anthropic's stop reasons: `end_turn`, `stop_sequence` → stop, `max_tokens` → length, `tool_use` →
 * tool_calls, `refusal` → content_filter, anything else (`pause_turn`, `model_context_window_exceeded`,
 * future values) → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  refusal: "content_filter"
})

const sum = (values: ReadonlyArray<number | null | undefined>): number | undefined => {
  let total = 0
  for (const value of values) {
    if (value === null || value === undefined) return undefined
    total += value
  }
  return total
}

/**
 * Normalises an Anthropic usage object: input = `input_tokens` + cache reads + cache writes (cache
 * fields an old stream does not send count as 0 there, and stay `undefined` on their own). When the call
 * ran several iterations (context compaction), the usage is the sum over its iterations, which is what is
 * billed; the top-level counts describe only the last one. A count that is missing (`null` in
 * `message_delta`) stays `undefined`, so an earlier snapshot's value is kept when accumulating.
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage = (usage: AnthropicUsage): Usage.Usage => {
  const parts = usage.iterations && usage.iterations.length > 0 ? usage.iterations : [usage]
  const total = (count: (part: typeof IterationUsage.Type) => number | null | undefined) => sum(parts.map(count))
  return Usage.make({
    inputTokens: total((part) =>
      part.input_tokens == null
        ? undefined
        : part.input_tokens + (part.cache_read_input_tokens ?? 0) + (part.cache_creation_input_tokens ?? 0)
    ),
    cachedTokens: total((part) => part.cache_read_input_tokens),
    cacheWriteTokens: total((part) => part.cache_creation_input_tokens),
    cacheWrite1hTokens: total((part) => part.cache_creation?.ephemeral_1h_input_tokens),
    outputTokens: total((part) => part.output_tokens)
  })
}

const none: ReadonlyArray<never> = []

/**
 * One streamed Anthropic event, wrapping the raw event in `chunk`.
 *
 * @since 0.1.0
 * @category Models
 */
export class AnthropicCallResponseChunk extends ChunkAccessors.withDerivedAccessors(
  Schema.Class<AnthropicCallResponseChunk>("effect-llm-stream/AnthropicCallResponseChunk")({
    chunk: MessageStreamEvent
  }),
  { toCommonFinishReason, normaliseUsage }
) {
  /** @since 0.1.0 */
  get provider(): CallResponseChunk.Provider {
    return "anthropic"
  }

  /**
   * Text of a `text_delta`; `""` for every other event.
   *
   * @since 0.1.0
   */
  get content(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta" && chunk.delta.type === "text_delta" ? chunk.delta.text ?? "" : ""
  }

  /**
   * Text of a `thinking_delta`; `""` for every other event.
   *
   * @since 0.1.0
   */
  get thinking(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta" && chunk.delta.type === "thinking_delta"
      ? chunk.delta.thinking ?? ""
      : ""
  }

  /**
   * The signature of a thinking block (`signature_delta`); `""` for every other event.
   *
   * @since 0.1.0
   */
  get signature(): string {
    const chunk = this.chunk
    return chunk.type === "content_block_delta" && chunk.delta.type === "signature_delta"
      ? chunk.delta.signature ?? ""
      : ""
  }

  /**
   * The stop reason, read from `message_delta` (and from `message_start` should it ever carry one).
   *
   * @since 0.1.0
   */
  override get finishReasons(): ReadonlyArray<string> {
    const chunk = this.chunk
    const reason = chunk.type === "message_delta"
      ? chunk.delta.stop_reason
      : chunk.type === "message_start"
      ? chunk.message.stop_reason
      : undefined
    return reason ? [reason] : none
  }

  /** @since 0.1.0 */
  get model(): string | undefined {
    return this.chunk.type === "message_start" ? this.chunk.message.model || undefined : undefined
  }

  /** @since 0.1.0 */
  get pricingModel(): string | undefined {
    return this.model
  }

  /** @since 0.1.0 */
  get id(): string | undefined {
    return this.chunk.type === "message_start" ? this.chunk.message.id || undefined : undefined
  }

  /**
   * The raw usage of `message_start` or `message_delta` (cumulative).
   *
   * @since 0.1.0
   */
  override get usage(): AnthropicUsage | undefined {
    const chunk = this.chunk
    return chunk.type === "message_start"
      ? chunk.message.usage ?? undefined
      : chunk.type === "message_delta"
      ? chunk.usage ?? undefined
      : undefined
  }

  /**
   * The service tier and inference geography the call was served with.
   *
   * @since 0.1.0
   */
  protected override costExtras(): CostMetadata.Extras {
    const usage = this.usage
    return { tier: usage?.service_tier ?? undefined, region: usage?.inference_geo ?? undefined }
  }

  /**
   * A `content_block_stop` completes its block's tool call; the stop reason completes every call.
   *
   * @since 0.1.0
   */
  get toolCallsEnded(): ReadonlyArray<string> {
    const chunk = this.chunk
    return chunk.type === "content_block_stop"
      ? [String(chunk.index)]
      : chunk.type === "message_delta" && chunk.delta.stop_reason
      ? [""]
      : none
  }

  /**
   * A `tool_use` block start (id and name) or an `input_json_delta` fragment, keyed by block index.
   *
   * @since 0.1.0
   */
  get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
    const chunk = this.chunk
    if (chunk.type === "content_block_start" && chunk.content_block.type === "tool_use") {
      return [{ key: String(chunk.index), id: chunk.content_block.id, name: chunk.content_block.name, arguments: "" }]
    }
    if (chunk.type === "content_block_delta" && chunk.delta.type === "input_json_delta") {
      return [{ key: String(chunk.index), arguments: chunk.delta.partial_json ?? "" }]
    }
    return none
  }
}

/**
 * Decodes the JSON of one streamed event into an `AnthropicCallResponseChunk`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const AnthropicCallResponseChunkFromPayload: Schema.Codec<
  AnthropicCallResponseChunk,
  typeof MessageStreamEvent.Encoded
> = Payload
  .chunkFromPayload(MessageStreamEvent, AnthropicCallResponseChunk)

/**
 * The fast-path check for the most frequent event: a content block delta with string fields.
 *
 * @internal
 */
export const isDeltaEvent = (json: unknown): boolean => {
  if (!Payload.isRecord(json) || json.type !== "content_block_delta" || !Payload.isIndex(json.index)) return false
  const delta = json.delta
  return Payload.isRecord(delta) && typeof delta.type === "string" &&
    (delta.text === undefined || typeof delta.text === "string") &&
    (delta.partial_json === undefined || typeof delta.partial_json === "string") &&
    (delta.thinking === undefined || typeof delta.thinking === "string") &&
    (delta.signature === undefined || typeof delta.signature === "string")
}

const decodeChunk = Payload.fastDecoder(
  MessageStreamEvent,
  isDeltaEvent,
  (chunk) => Payload.instantiate(AnthropicCallResponseChunk, { chunk })
)

const errorStatus: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529
}

const errorOf = (value: unknown): Streaming.ErrorBody & { readonly requestId?: string | undefined } => {
  if (typeof value !== "object" || value === null) return {}
  const record = value as Record<string, unknown>
  const error = typeof record.error === "object" && record.error !== null
    ? record.error as Record<string, unknown>
    : {}
  const errorType = typeof error.type === "string" ? error.type : undefined
  return {
    message: typeof error.message === "string" ? error.message : undefined,
    errorType,
    status: errorType !== undefined && Object.hasOwn(errorStatus, errorType) ? errorStatus[errorType] : undefined,
    requestId: typeof record.request_id === "string" ? record.request_id : undefined
  }
}

const parseErrorBody = (text: string): Streaming.ErrorBody => {
  const parsed = Streaming.parseJson(text)
  return parsed === Streaming.invalidJson ? {} : errorOf(parsed)
}

const eventDecoder = (): BodyDecoder.EventDecoder<Sse.Event, AnthropicCallResponseChunk> => {
  let stopped = false
  return {
    decode: (event) => {
      if (event.event === "ping") return BodyDecoder.skip
      if (event.event === "error") {
        const parsed = Streaming.parseJson(event.data)
        const body = parsed === Streaming.invalidJson ? { message: event.data } : errorOf(parsed)
        return new BodyDecoder.Failure(ProviderError.fromReport({
          provider: "anthropic",
          status: body.status,
          message: body.message ?? "the stream reported an error",
          errorType: body.errorType,
          requestId: body.requestId
        }))
      }
      const parsed = Streaming.parseJson(event.data)
      if (parsed === Streaming.invalidJson) {
        return Streaming.malformed("anthropic", "a streamed event is not valid JSON", event.data)
      }
      const type = (parsed as { readonly type?: unknown } | null)?.type
      // Events this library does not know (and keep-alives sent as data) are skipped, not errors.
      if (typeof type !== "string" || !knownEvents.has(type)) {
        return type === "ping" || typeof type === "string"
          ? BodyDecoder.skip
          : Streaming.malformed("anthropic", "a streamed event has no `type`", event.data)
      }
      const decoded = decodeChunk(parsed)
      if (Result.isFailure(decoded)) {
        return Streaming.malformed(
          "anthropic",
          `a \`${type}\` event does not match the expected schema: ${decoded.failure.message}`,
          event.data
        )
      }
      if (type === "message_stop") stopped = true
      return decoded.success
    },
    complete: () => stopped
  }
}

/**
 * The body decoder of an Anthropic stream (SSE framing and event decoding, without HTTP).
 *
 * @internal
 */
export const bodyDecoder = (maxEventSize?: number | undefined): BodyDecoder.BodyDecoder<AnthropicCallResponseChunk> =>
  Streaming.sseBody("anthropic", maxEventSize, eventDecoder())

/**
 * A streaming request: a `LanguageModel.Request` for a named model, plus raw body fields in `extraBody`
 * (`thinking`, `metadata`, `top_k`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends LanguageModel.Request {
  readonly model: string
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
}

/**
 * The `max_tokens` sent when a request sets none (the Messages API requires one).
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultMaxTokens = 4096

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  choice === "auto"
    ? { type: "auto" }
    : choice === "required"
    ? { type: "any" }
    : choice === "none"
    ? { type: "none" }
    : { type: "tool", name: choice.name }

/**
 * The JSON body of a streaming Messages request.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const encodeRequest = (request: StreamRequest): Record<string, unknown> => {
  const { system, turns: messages } = Turns.fromMessages<unknown>(request.messages, {
    text: (text) => ({ type: "text", text }),
    toolCall: (call, input) => ({ type: "tool_use", id: call.id, name: call.name, input }),
    toolResult: (message) => ({
      type: "tool_result",
      tool_use_id: message.toolCallId,
      content: message.content,
      ...(message.isError ? { is_error: true } : {})
    })
  })
  if (request.system !== undefined) system.unshift(request.system)
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    messages
  }
  if (system.length > 0) body.system = system.join("\n\n")
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body.stop_sequences = request.stopSequences
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.jsonSchema
    }))
  }
  if (request.toolChoice !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice)
  Object.assign(body, request.extraBody)
  body.stream = true
  return body
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (request: StreamRequest) => Stream.Stream<AnthropicCallResponseChunk, ProviderError.ProviderError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class AnthropicClient extends Context.Service<AnthropicClient, Service>()("effect-llm-stream/AnthropicClient") {}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://api.anthropic.com`. */
  readonly baseUrl?: string | undefined
  /** The `anthropic-version` header; defaults to `2023-06-01`. */
  readonly apiVersion?: string | undefined
  /** Beta features, sent as the `anthropic-beta` header. */
  readonly betas?: ReadonlyArray<string> | undefined
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest server-sent event accepted, in characters (default 8 MiB). */
  readonly maxEventSize?: number | undefined
  /** Time to the response and between body pieces (defaults: 2 minutes and 10 minutes). */
  readonly timeouts?: Streaming.Timeouts | undefined
}

/**
 * @since 0.1.0
 * @category Constants
 */
export const defaultBaseUrl = "https://api.anthropic.com"

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => {
    const client = (options.transformClient ?? identity)(httpClient)
    const url = `${(options.baseUrl ?? defaultBaseUrl).replace(/\/+$/, "")}/v1/messages`
    const secrets = new Secrets.Secrets([options.apiKey])
    return AnthropicClient.of({
      stream: (request) => {
        let httpRequest = HttpClientRequest.post(url).pipe(
          HttpClientRequest.setHeader("accept", "text/event-stream"),
          HttpClientRequest.setHeader("anthropic-version", options.apiVersion ?? "2023-06-01"),
          HttpClientRequest.bodyJsonUnsafe(encodeRequest(request))
        )
        if (options.apiKey !== undefined) {
          httpRequest = HttpClientRequest.setHeader(httpRequest, "x-api-key", Redacted.value(options.apiKey))
        }
        if (options.betas !== undefined && options.betas.length > 0) {
          httpRequest = HttpClientRequest.setHeader(httpRequest, "anthropic-beta", options.betas.join(","))
        }
        return Streaming.streamResponse(
          {
            provider: "anthropic",
            client,
            request: httpRequest,
            parseErrorBody,
            contentType: "text/event-stream",
            secrets,
            timeouts: options.timeouts
          },
          (_, bytes) => Streaming.decodeBody(() => bodyDecoder(options.maxEventSize))(bytes)
        ).pipe(Telemetry.instrument("anthropic", request))
      }
    })
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options = {}): Layer.Layer<AnthropicClient, never, HttpClient.HttpClient> =>
  Layer.effect(AnthropicClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `ANTHROPIC_API_KEY` (as `Redacted`; a
 * missing key is a `ConfigError` naming it) and the optional `ANTHROPIC_BASE_URL`. For a server that takes no
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
): Layer.Layer<AnthropicClient, Config.ConfigError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, ...rest } = configs
  return Layer.effect(
    AnthropicClient,
    Effect.flatMap(
      Config.all({
        apiKey: apiKey ?? Layers.requiredSecret("ANTHROPIC_API_KEY"),
        baseUrl: baseUrl ?? Layers.optionalString("ANTHROPIC_BASE_URL")
      }),
      (config) => make({ ...rest, ...config })
    )
  )
}

/**
 * A `LanguageModel` served by Anthropic with the given model and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: string,
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, AnthropicClient> =>
  Layers.languageModel(AnthropicClient, "anthropic", name, defaults)
