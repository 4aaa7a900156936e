/**
 * The Chat Completions core that OpenAI, Groq and Azure share: payload schemas, the chunk accessors,
 * usage normalisation, request encoding, error bodies and the event decoder. Each of those providers
 * only adds its own payload fields, chunk class and client options.
 *
 * @internal
 */
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import type * as CallResponseChunk from "../CallResponseChunk.js"
import type * as CostMetadata from "../CostMetadata.js"
import type * as FinishReason from "../FinishReason.js"
import type * as LanguageModel from "../LanguageModel.js"
import type * as Message from "../Message.js"
import * as ProviderError from "../ProviderError.js"
import * as Telemetry from "../Telemetry.js"
import type * as Tool from "../Tool.js"
import * as Usage from "../Usage.js"
import * as BodyDecoder from "./BodyDecoder.js"
import * as ChunkAccessors from "./ChunkAccessors.js"
import * as Payload from "./Payload.js"
import * as Secrets from "./Secrets.js"
import type * as Sse from "./Sse.js"
import * as Streaming from "./Streaming.js"

const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/** @internal */
export const ToolCallDelta = Schema.Struct({
  index: Schema.optionalKey(Schema.Natural),
  id: Nullable(Schema.String),
  type: Nullable(Schema.String),
  function: Nullable(Schema.Struct({
    name: Nullable(Schema.String),
    arguments: Nullable(Schema.String)
  }))
})

/** @internal */
export const AudioDelta = Schema.Struct({
  id: Nullable(Schema.String),
  data: Nullable(Schema.String),
  transcript: Nullable(Schema.String),
  expires_at: Nullable(Schema.Number)
})

/** @internal */
export const Delta = Schema.Struct({
  role: Nullable(Schema.String),
  content: Nullable(Schema.String),
  refusal: Nullable(Schema.String),
  /** Reasoning text (Groq and other OpenAI-compatible hosts). */
  reasoning: Nullable(Schema.String),
  tool_calls: Nullable(Schema.Array(ToolCallDelta)),
  audio: Nullable(AudioDelta)
})

/** @internal */
export const Choice = Schema.Struct({
  index: Schema.Natural,
  /** Absent on Azure content-filter annotation chunks. */
  delta: Nullable(Delta),
  finish_reason: Nullable(Schema.String),
  logprobs: Schema.optionalKey(Schema.Unknown)
})

/** @internal */
export const CompletionUsage = Schema.Struct({
  prompt_tokens: Schema.Natural,
  completion_tokens: Schema.Natural,
  total_tokens: Schema.optionalKey(Schema.Natural),
  prompt_tokens_details: Nullable(Schema.Struct({
    cached_tokens: Nullable(Schema.Natural),
    cache_write_tokens: Nullable(Schema.Natural),
    audio_tokens: Nullable(Schema.Natural)
  })),
  completion_tokens_details: Nullable(Schema.Struct({
    reasoning_tokens: Nullable(Schema.Natural),
    audio_tokens: Nullable(Schema.Natural),
    accepted_prediction_tokens: Nullable(Schema.Natural),
    rejected_prediction_tokens: Nullable(Schema.Natural)
  }))
})

/** The fields every Chat Completions chunk has; providers extend them. */
export const chatCompletionChunkFields = {
  id: Schema.String,
  object: Schema.optionalKey(Schema.String),
  created: Schema.optionalKey(Schema.Number),
  model: Schema.String,
  service_tier: Nullable(Schema.String),
  system_fingerprint: Nullable(Schema.String),
  choices: Schema.Array(Choice),
  usage: Nullable(CompletionUsage)
}

/** @internal */
export const ChatCompletionChunk = Schema.Struct(chatCompletionChunkFields)

/** @internal */
export type ChatCompletionChunk = typeof ChatCompletionChunk.Type

/** @internal */
export type CompletionUsage = typeof CompletionUsage.Type

/**
 * The fast-path check for the most frequent chunk: text (or refusal, or reasoning) deltas, no usage, no
 * tool calls, no audio, none of the `declined` provider fields. `true` only when the Schema would accept
 * the value unchanged.
 */
export const isTextChunk = (declined: ReadonlyArray<string>) => (json: unknown): boolean => {
  if (!Payload.isRecord(json)) return false
  if (typeof json.id !== "string" || typeof json.model !== "string") return false
  if (json.object !== undefined && typeof json.object !== "string") return false
  if (json.created !== undefined && typeof json.created !== "number") return false
  if (!Payload.isNullableString(json.service_tier) || !Payload.isNullableString(json.system_fingerprint)) return false
  if (json.usage !== undefined && json.usage !== null) return false
  for (const key of declined) if (json[key] !== undefined) return false
  const choices = json.choices
  if (!Array.isArray(choices)) return false
  for (const choice of choices) {
    if (!Payload.isRecord(choice) || !Payload.isIndex(choice.index)) return false
    if (!Payload.isNullableString(choice.finish_reason)) return false
    const delta = choice.delta
    if (delta === undefined || delta === null) continue
    if (!Payload.isRecord(delta)) return false
    if (
      !Payload.isNullableString(delta.role) || !Payload.isNullableString(delta.content) ||
      !Payload.isNullableString(delta.refusal) || !Payload.isNullableString(delta.reasoning)
    ) return false
    if (delta.tool_calls !== undefined || delta.audio !== undefined) return false
  }
  return true
}

/** Normalised usage of a Chat Completions usage object (`prompt_tokens` already includes cached tokens). */
export const normaliseUsage = (usage: CompletionUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.prompt_tokens,
    cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? undefined,
    cacheWriteTokens: usage.prompt_tokens_details?.cache_write_tokens ?? undefined,
    inputAudioTokens: usage.prompt_tokens_details?.audio_tokens ?? undefined,
    outputTokens: usage.completion_tokens,
    reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? undefined,
    outputAudioTokens: usage.completion_tokens_details?.audio_tokens ?? undefined
  })

/** The finish reasons of Chat Completions, shared by OpenAI, Groq and Azure. */
export const finishReasonTable: Readonly<Record<string, FinishReason.FinishReason>> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  function_call: "tool_calls",
  content_filter: "content_filter"
}

const noReasons: ReadonlyArray<string> = []

const firstChoice = (chunk: ChatCompletionChunk) => {
  for (const choice of chunk.choices) {
    if (choice.index === 0) return choice
  }
  return undefined
}

/** A constructor whose instances wrap a Chat Completions payload in `chunk` (a `Schema.Class`). */
export type PayloadClass<P extends ChatCompletionChunk> = abstract new(...args: Array<any>) => {
  readonly chunk: P
}

/**
 * Adds the common chunk accessors to a provider's `Schema.Class` over an OpenAI-compatible payload.
 */
export const withAccessors = <B extends PayloadClass<ChatCompletionChunk>>(
  Base: B,
  options: {
    readonly provider: CallResponseChunk.Provider
    readonly toCommonFinishReason: (raw: string) => FinishReason.FinishReason
    /** Reads usage the provider reports somewhere other than the top-level `usage` (Groq's `x_groq.usage`). */
    readonly rawUsage?: ((chunk: InstanceType<B>["chunk"]) => CompletionUsage | undefined) | undefined
  }
) => {
  const rawUsage: (chunk: ChatCompletionChunk) => CompletionUsage | undefined = options.rawUsage ??
    ((chunk) => chunk.usage ?? undefined)
  abstract class WithAccessors extends ChunkAccessors.withDerivedAccessors(Base, {
    toCommonFinishReason: options.toCommonFinishReason,
    normaliseUsage
  }) {
    /** The provider name. */
    get provider(): CallResponseChunk.Provider {
      return options.provider
    }
    /** Text of the first choice (`choices[].index === 0`) in this chunk; `""` when none. */
    get content(): string {
      return firstChoice(this.chunk)?.delta?.content ?? ""
    }
    /** Refusal text of the first choice in this chunk; `""` when none. */
    get refusal(): string {
      return firstChoice(this.chunk)?.delta?.refusal ?? ""
    }
    /** Reasoning text of the first choice, for hosts that stream it (`delta.reasoning`); `""` when none. */
    get reasoning(): string {
      return firstChoice(this.chunk)?.delta?.reasoning ?? ""
    }
    /** The raw `finish_reason` of every choice that finished in this chunk. */
    get finishReasons(): ReadonlyArray<string> {
      let reasons: Array<string> | undefined
      for (const choice of this.chunk.choices) {
        if (choice.finish_reason) (reasons ??= []).push(choice.finish_reason)
      }
      return reasons ?? noReasons
    }
    /** The model named by the chunk (a resolved snapshot name such as `gpt-4o-2024-08-06`). */
    get model(): string | undefined {
      return this.chunk.model === "" ? undefined : this.chunk.model
    }
    /** The model prices are looked up by. */
    get pricingModel(): string | undefined {
      return this.model
    }
    /** The response id (`chatcmpl-...`). */
    get id(): string | undefined {
      return this.chunk.id === "" ? undefined : this.chunk.id
    }
    /** The raw usage object, when this chunk carries one. */
    get usage(): CompletionUsage | undefined {
      return rawUsage(this.chunk)
    }
    /** The service tier the response was served with. */
    protected override costExtras(): CostMetadata.Extras {
      return { tier: this.chunk.service_tier ?? undefined }
    }
    /** A choice that finishes completes its tool calls. */
    get toolCallsEnded(): ReadonlyArray<string> {
      const ended: Array<string> = []
      for (const choice of this.chunk.choices) {
        if (choice.finish_reason) ended.push(String(choice.index))
      }
      return ended
    }
    /** Tool-call fragments, keyed by choice index and tool-call index. */
    get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
      const deltas: Array<Tool.ToolCallDelta> = []
      for (const choice of this.chunk.choices) {
        const calls = choice.delta?.tool_calls
        if (!calls) continue
        for (let position = 0; position < calls.length; position++) {
          const call = calls[position]!
          deltas.push({
            key: `${choice.index}:${call.index ?? position}`,
            id: call.id ?? undefined,
            name: call.function?.name ?? undefined,
            arguments: call.function?.arguments ?? ""
          })
        }
      }
      return deltas
    }
  }
  return WithAccessors
}

/** The wire body of an OpenAI-style error: `{"error": {"message", "type", "code", "status_code"?}}`. */
export const parseErrorBody = (text: string): Streaming.ErrorBody => {
  const parsed = Streaming.parseJson(text)
  return parsed === Streaming.invalidJson ? {} : errorBodyOf(parsed)
}

const stringOf = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : undefined

/**
 * The status an error code or type stands for, for errors that name none: in-stream error events, and
 * error bodies sent with status 200 (by a proxy, or a provider mid-stream). Azure puts the status itself
 * in `code` (`"401"`).
 */
const statusOfCode: Readonly<Record<string, number>> = {
  invalid_api_key: 401,
  authentication_error: 401,
  permission_error: 403,
  permission_denied: 403,
  invalid_request_error: 400,
  context_length_exceeded: 400,
  content_filter: 400,
  model_not_found: 404,
  not_found_error: 404,
  DeploymentNotFound: 404,
  rate_limit_exceeded: 429,
  tokens: 429,
  requests: 429,
  insufficient_quota: 429,
  server_error: 500,
  service_unavailable: 503
}

const statusOf = (code: string | undefined): number | undefined =>
  code === undefined
    ? undefined
    : /^[1-5]\d\d$/.test(code)
    ? Number(code)
    : Object.hasOwn(statusOfCode, code)
    ? statusOfCode[code]
    : undefined

const errorBodyOf = (value: unknown): Streaming.ErrorBody => {
  const error = typeof value === "object" && value !== null && "error" in value ? value.error : undefined
  if (typeof error === "string") return { message: error }
  if (typeof error !== "object" || error === null) return {}
  const fields = error as Record<string, unknown>
  const code = stringOf(fields.code)
  const type = stringOf(fields.type)
  return {
    message: stringOf(fields.message),
    errorType: code ?? type,
    status: typeof fields.status_code === "number" ? fields.status_code : statusOf(code) ?? statusOf(type)
  }
}

/** The `ProviderError` for an in-stream `{"error": ...}` event. */
export const streamError = (provider: string, value: unknown): ProviderError.ProviderError => {
  const body = errorBodyOf(value)
  return ProviderError.fromReport({
    provider,
    status: body.status,
    message: body.message ?? "the stream reported an error",
    errorType: body.errorType
  })
}

/** The event decoder of a Chat Completions stream. */
export const eventDecoder = <C>(
  provider: string,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>
): BodyDecoder.EventDecoder<Sse.Event, C> => ({
  decode: (event) => {
    const data = event.data
    if (data === "[DONE]") return BodyDecoder.done
    if (event.event !== "message" && event.event !== "error") return BodyDecoder.skip
    const parsed = Streaming.parseJson(data)
    if (parsed === Streaming.invalidJson) {
      return Streaming.malformed(provider, "a streamed event is not valid JSON", data)
    }
    const json = parsed
    if (
      event.event === "error" ||
      (typeof json === "object" && json !== null && "error" in json && json.error != null)
    ) {
      return new BodyDecoder.Failure(streamError(provider, json))
    }
    const decoded = decodeChunk(json)
    return Result.isSuccess(decoded)
      ? decoded.success
      : Streaming.malformed(
        provider,
        `a streamed chunk does not match the expected schema: ${decoded.failure.message}`,
        data
      )
  }
})

/** A provider request: a `LanguageModel.Request` for a named model, plus raw body fields. */
export interface StreamRequest extends LanguageModel.Request {
  readonly model: string
  /** Extra JSON fields merged into the request body (`n`, `seed`, `service_tier`, ...). */
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
}

const encodeMessage = (message: Message.Message): unknown => {
  switch (message._tag) {
    case "SystemMessage":
      return { role: "system", content: message.text }
    case "UserMessage":
      return { role: "user", content: message.text }
    case "AssistantMessage":
      return message.toolCalls.length === 0
        ? { role: "assistant", content: message.text }
        : {
          role: "assistant",
          content: message.text === "" ? null : message.text,
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: "function",
            function: { name: call.name, arguments: call.arguments }
          }))
        }
    case "ToolResultMessage":
      return { role: "tool", tool_call_id: message.toolCallId, content: message.content }
  }
}

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } }

/** The JSON body of a streaming Chat Completions request. */
export const encodeRequest = (
  request: StreamRequest,
  options: {
    /** `max_completion_tokens` (OpenAI, Groq) or `max_tokens` (older Azure API versions). */
    readonly maxTokensField: "max_completion_tokens" | "max_tokens"
    /** Whether `model` goes in the body (not for Azure OpenAI deployments, where it is in the path). */
    readonly includeModel: boolean
  }
): Record<string, unknown> => {
  const messages: Array<unknown> = []
  if (request.system !== undefined) messages.push({ role: "system", content: request.system })
  for (const message of request.messages) messages.push(encodeMessage(message))
  const body: Record<string, unknown> = {}
  if (options.includeModel) body.model = request.model
  body.messages = messages
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens
  if (request.temperature !== undefined) body.temperature = request.temperature
  if (request.topP !== undefined) body.top_p = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body.stop = request.stopSequences
  if (request.tools !== undefined && request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.jsonSchema,
        ...(tool.strict === undefined ? {} : { strict: tool.strict })
      }
    }))
  }
  if (request.toolChoice !== undefined) body.tool_choice = encodeToolChoice(request.toolChoice)
  Object.assign(body, request.extraBody)
  body.stream = true
  body.stream_options = { ...(body.stream_options as object | undefined), include_usage: true }
  return body
}

/** How a provider reaches its Chat Completions endpoint. */
export interface Endpoint {
  readonly provider: CallResponseChunk.Provider
  /** The request for a call, before the body is set (URL, auth headers, query parameters). */
  readonly request: (request: StreamRequest) => HttpClientRequest.HttpClientRequest
  readonly maxTokensField: "max_completion_tokens" | "max_tokens"
  readonly includeModel: boolean
  readonly maxEventSize?: number | undefined
  readonly timeouts?: Streaming.Timeouts | undefined
  /** The client's secrets, removed from every error. */
  readonly secrets: Secrets.Secrets
}

/** Options every OpenAI-compatible layer accepts. */
export interface ClientOptions {
  /** Adjusts the HTTP client (retries, proxies, extra headers); applied to every call. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest server-sent event accepted, in characters (default 8 MiB). */
  readonly maxEventSize?: number | undefined
  /** Time to the response and between body pieces (defaults: 2 minutes and 10 minutes). */
  readonly timeouts?: Streaming.Timeouts | undefined
}

/** Streams one call: request encoding, HTTP, SSE framing and chunk decoding. */
export const streamChunks = <C extends CallResponseChunk.Common, R extends StreamRequest = StreamRequest>(
  client: HttpClient.HttpClient,
  endpoint: Endpoint,
  decodeChunk: (json: unknown, request: R) => Result.Result<C, Schema.SchemaError>
) =>
(request: R): Stream.Stream<C, ProviderError.ProviderError> => {
  const httpRequest = HttpClientRequest.bodyJsonUnsafe(
    endpoint.request(request),
    encodeRequest(request, endpoint)
  )
  return Streaming.streamResponse(
    {
      provider: endpoint.provider,
      client,
      request: httpRequest,
      parseErrorBody,
      contentType: "text/event-stream",
      secrets: endpoint.secrets,
      timeouts: endpoint.timeouts
    },
    (_, bytes) =>
      Streaming.decodeBody(() =>
        bodyDecoder(endpoint.provider, (json) => decodeChunk(json, request), endpoint.maxEventSize)
      )(bytes)
  ).pipe(Telemetry.instrument(endpoint.provider, request))
}

/** The body decoder of a Chat Completions stream. */
export const bodyDecoder = <C>(
  provider: string,
  decodeChunk: (json: unknown) => Result.Result<C, Schema.SchemaError>,
  maxEventSize?: number | undefined
): BodyDecoder.BodyDecoder<C> => Streaming.sseBody(provider, maxEventSize, eventDecoder(provider, decodeChunk))

/** Applies the user's transform to a client. */
export const transformed = (client: HttpClient.HttpClient, options: ClientOptions): HttpClient.HttpClient =>
  (options.transformClient ?? identity)(client)

/** Sets a bearer token when a key is configured. */
export const withBearer =
  (apiKey: Redacted.Redacted | undefined) =>
  (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest =>
    apiKey === undefined
      ? request
      : HttpClientRequest.setHeader(request, "authorization", `Bearer ${Redacted.value(apiKey)}`)

/** Joins a base URL and a path without doubling or dropping the slash. */
export const joinUrl = (base: string, path: string): string => `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`

/** Accept header for event streams. */
export const acceptEventStream = HttpClientRequest.setHeader("accept", "text/event-stream")
