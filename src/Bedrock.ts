/**
 * Amazon Bedrock ConverseStream.
 *
 * @since 0.1.0
 */
import { AwsV4Signer } from "aws4fetch"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import { identity } from "effect/Function"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import * as FinishReason from "./FinishReason.js"
import * as BodyDecoder from "./internal/BodyDecoder.js"
import * as ChunkAccessors from "./internal/ChunkAccessors.js"
import * as EventStream from "./internal/EventStream.js"
import * as Layers from "./internal/Layers.js"
import * as Payload from "./internal/Payload.js"
import * as Secrets from "./internal/Secrets.js"
import * as Streaming from "./internal/Streaming.js"
import * as Turns from "./internal/Turns.js"
import type * as LanguageModel from "./LanguageModel.js"
import * as ProviderError from "./ProviderError.js"
import * as Telemetry from "./Telemetry.js"
import type * as Tool from "./Tool.js"
import * as Usage from "./Usage.js"

const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(schema)
const TokenCount = optional(Schema.Natural)

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStartEvent = Schema.Struct({ role: Schema.String })

/**
 * A block start: a tool use (`toolUseId`, `name`), or another kind (tool result, image) kept as is.
 * Text and reasoning blocks usually have no start event.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStartEvent = Schema.Struct({
  contentBlockIndex: Schema.Natural,
  start: Schema.Struct({
    toolUse: optional(Schema.Struct({
      toolUseId: Schema.String,
      name: Schema.String,
      type: optional(Schema.String)
    })),
    toolResult: optional(Schema.Unknown),
    image: optional(Schema.Unknown)
  })
})

/**
 * A block fragment: `text`, `toolUse.input` (a piece of JSON text), `reasoningContent` (`text`,
 * `signature`, or base64 `redactedContent`), and other kinds kept as is.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockDeltaEvent = Schema.Struct({
  contentBlockIndex: Schema.Natural,
  delta: Schema.Struct({
    text: optional(Schema.String),
    toolUse: optional(Schema.Struct({ input: Schema.String })),
    reasoningContent: optional(Schema.Struct({
      text: optional(Schema.String),
      signature: optional(Schema.String),
      redactedContent: optional(Schema.String)
    })),
    citation: optional(Schema.Unknown),
    toolResult: optional(Schema.Unknown),
    image: optional(Schema.Unknown)
  })
})

/**
 * @since 0.1.0
 * @category Schemas
 */
export const ContentBlockStopEvent = Schema.Struct({ contentBlockIndex: Schema.Natural })

/**
 * @since 0.1.0
 * @category Schemas
 */
export const MessageStopEvent = Schema.Struct({
  stopReason: Schema.String,
  additionalModelResponseFields: optional(Schema.Unknown)
})

/**
 * Raw `inputTokens` excludes `cacheReadInputTokens` and `cacheWriteInputTokens`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TokenUsage = Schema.Struct({
  inputTokens: Schema.Natural,
  outputTokens: Schema.Natural,
  totalTokens: TokenCount,
  cacheReadInputTokens: TokenCount,
  cacheWriteInputTokens: TokenCount,
  cacheDetails: optional(Schema.Unknown)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type TokenUsage = typeof TokenUsage.Type

/**
 * Usage and metrics; it arrives after `messageStop`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const MetadataEvent = Schema.Struct({
  usage: TokenUsage,
  metrics: optional(Schema.Struct({ latencyMs: Schema.Number })),
  trace: optional(Schema.Unknown),
  performanceConfig: optional(Schema.Unknown),
  serviceTier: optional(Schema.Unknown)
})

/**
 * One streamed event (a member of the `ConverseStreamOutput` union), keyed by its event type. The
 * padding field `p` every frame carries is dropped.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const ConverseStreamOutput = Schema.Union([
  Schema.Struct({ messageStart: MessageStartEvent }),
  Schema.Struct({ contentBlockStart: ContentBlockStartEvent }),
  Schema.Struct({ contentBlockDelta: ContentBlockDeltaEvent }),
  Schema.Struct({ contentBlockStop: ContentBlockStopEvent }),
  Schema.Struct({ messageStop: MessageStopEvent }),
  Schema.Struct({ metadata: MetadataEvent })
])

/**
 * @since 0.1.0
 * @category Models
 */
export type ConverseStreamOutput = typeof ConverseStreamOutput.Type

const eventTypes = new Set([
  "messageStart",
  "contentBlockStart",
  "contentBlockDelta",
  "contentBlockStop",
  "messageStop",
  "metadata"
])

/**
 * Maps Bedrock's stop reasons: `end_turn`, `stop_sequence` → stop, `max_tokens` → length, `tool_use` →
 * tool_calls, `content_filtered`, `guardrail_intervened` → content_filter, anything else
 * (`malformed_model_output`, `model_context_window_exceeded`, ...) → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
  content_filtered: "content_filter",
  guardrail_intervened: "content_filter"
})

/**
 * Normalised usage: input = `inputTokens` + cache reads + cache writes.
 *
 * @since 0.1.0
 * @category Usage
 */
export const normaliseUsage = (usage: TokenUsage): Usage.Usage =>
  Usage.make({
    inputTokens: usage.inputTokens + (usage.cacheReadInputTokens ?? 0) + (usage.cacheWriteInputTokens ?? 0),
    cachedTokens: usage.cacheReadInputTokens,
    cacheWriteTokens: usage.cacheWriteInputTokens,
    outputTokens: usage.outputTokens
  })

/**
 * One streamed Bedrock event, wrapping the raw event in `chunk`, with the requested model id (the
 * stream names none) and the request id of the response (`x-amzn-requestid`).
 *
 * @since 0.1.0
 * @category Models
 */
export class BedrockCallResponseChunk extends ChunkAccessors.withDerivedAccessors(
  Schema.Class<BedrockCallResponseChunk>("effect-llm-stream/BedrockCallResponseChunk")({
    chunk: ConverseStreamOutput,
    /** The model id the request named. */
    modelId: Schema.String,
    requestId: optional(Schema.String)
  }),
  { toCommonFinishReason, normaliseUsage }
) {
  /** @since 0.1.0 */
  get provider(): CallResponseChunk.Provider {
    return "bedrock"
  }

  /**
   * Text of a `contentBlockDelta`; `""` for every other event.
   *
   * @since 0.1.0
   */
  get content(): string {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.text ?? "" : ""
  }

  /**
   * Reasoning text of a `reasoningContent` delta; `""` otherwise.
   *
   * @since 0.1.0
   */
  get reasoning(): string {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.reasoningContent?.text ?? "" : ""
  }

  /**
   * The signature of a reasoning block; `""` otherwise.
   *
   * @since 0.1.0
   */
  get signature(): string {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.reasoningContent?.signature ?? "" : ""
  }

  /**
   * Redacted reasoning (base64), when the model returned it encrypted.
   *
   * @since 0.1.0
   */
  get redactedReasoning(): string | undefined {
    const chunk = this.chunk
    return "contentBlockDelta" in chunk ? chunk.contentBlockDelta.delta.reasoningContent?.redactedContent : undefined
  }

  /** @since 0.1.0 */
  override get finishReasons(): ReadonlyArray<string> {
    const chunk = this.chunk
    return "messageStop" in chunk ? [chunk.messageStop.stopReason] : []
  }

  /**
   * The requested model id (Bedrock's stream does not name the model).
   *
   * @since 0.1.0
   */
  get model(): string | undefined {
    return this.modelId
  }

  /**
   * The requested model id, which is what Bedrock prices (geo prefix included).
   *
   * @since 0.1.0
   */
  get pricingModel(): string | undefined {
    return this.modelId
  }

  /**
   * The AWS request id of the response.
   *
   * @since 0.1.0
   */
  get id(): string | undefined {
    return this.requestId
  }

  /**
   * The raw usage of the `metadata` event.
   *
   * @since 0.1.0
   */
  override get usage(): TokenUsage | undefined {
    const chunk = this.chunk
    return "metadata" in chunk ? chunk.metadata.usage : undefined
  }

  /**
   * A `contentBlockStop` completes its block's tool call; `messageStop` completes every call.
   *
   * @since 0.1.0
   */
  get toolCallsEnded(): ReadonlyArray<string> {
    const chunk = this.chunk
    return "contentBlockStop" in chunk
      ? [String(chunk.contentBlockStop.contentBlockIndex)]
      : "messageStop" in chunk
      ? [""]
      : []
  }

  /**
   * A tool-use block start (id and name) or an input fragment, keyed by block index.
   *
   * @since 0.1.0
   */
  get toolCallDeltas(): ReadonlyArray<Tool.ToolCallDelta> {
    const chunk = this.chunk
    if ("contentBlockStart" in chunk) {
      const toolUse = chunk.contentBlockStart.start.toolUse
      if (toolUse === undefined) return []
      return [{
        key: String(chunk.contentBlockStart.contentBlockIndex),
        id: toolUse.toolUseId,
        name: toolUse.name,
        arguments: ""
      }]
    }
    if ("contentBlockDelta" in chunk && chunk.contentBlockDelta.delta.toolUse !== undefined) {
      return [{
        key: String(chunk.contentBlockDelta.contentBlockIndex),
        arguments: chunk.contentBlockDelta.delta.toolUse.input
      }]
    }
    return []
  }
}

const validateEvent = Schema.decodeUnknownResult(ConverseStreamOutput)

/** A valid event is kept as Bedrock sent it, fields the schema does not name included. */
const decodeEvent = (event: unknown): Result.Result<ConverseStreamOutput, Schema.SchemaError> => {
  const validated = validateEvent(event)
  return Result.isSuccess(validated) ? Result.succeed(event as ConverseStreamOutput) : validated
}

/**
 * The fast-path check for the most frequent event: a text delta.
 *
 * @internal
 */
export const isTextDelta = (eventType: string, payload: unknown): boolean => {
  if (eventType !== "contentBlockDelta" || !Payload.isRecord(payload) || !Payload.isIndex(payload.contentBlockIndex)) {
    return false
  }
  const delta = payload.delta
  return Payload.isRecord(delta) && (delta.text === undefined || typeof delta.text === "string") &&
    delta.toolUse === undefined && delta.reasoningContent === undefined
}

/**
 * Decodes the JSON payload of one `event` frame of type `eventType`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const decodeChunk = (
  eventType: string,
  payload: unknown,
  context: { readonly modelId: string; readonly requestId?: string | undefined }
): Result.Result<BedrockCallResponseChunk, Schema.SchemaError> =>
  Result.map(
    isTextDelta(eventType, payload)
      ? Result.succeed({ contentBlockDelta: payload } as ConverseStreamOutput)
      : decodeEvent({ [eventType]: payload }),
    (chunk) =>
      Payload.instantiate(
        BedrockCallResponseChunk,
        context.requestId === undefined
          ? { chunk, modelId: context.modelId }
          : { chunk, modelId: context.modelId, requestId: context.requestId }
      )
  )

const exceptionStatus: Readonly<Record<string, number | undefined>> = {
  throttlingException: 429,
  serviceQuotaExceededException: 429,
  validationException: 400,
  accessDeniedException: 403,
  resourceNotFoundException: 404,
  modelTimeoutException: 408,
  internalServerException: 500,
  serviceUnavailableException: 503,
  modelNotReadyException: 503,
  modelStreamErrorException: undefined
}

const utf8 = new TextDecoder()

const headerString = (message: EventStream.Message, name: string): string | undefined => {
  const header = message.headers[name]
  return header !== undefined && typeof header.value === "string" ? header.value : undefined
}

const eventDecoder = (
  context: { readonly modelId: string; readonly requestId?: string | undefined }
): BodyDecoder.EventDecoder<EventStream.Message, BedrockCallResponseChunk> => {
  let stopped = false
  let metadata = false
  return {
    decode: (message) => {
      const messageType = headerString(message, ":message-type")
      const text = utf8.decode(message.body)
      if (messageType === "event") {
        const eventType = headerString(message, ":event-type") ?? ""
        if (!eventTypes.has(eventType)) return BodyDecoder.skip
        const parsed = Streaming.parseJson(text)
        if (parsed === Streaming.invalidJson) {
          return Streaming.malformed("bedrock", `the payload of a \`${eventType}\` frame is not valid JSON`, text)
        }
        const decoded = decodeChunk(eventType, parsed, context)
        if (Result.isFailure(decoded)) {
          return Streaming.malformed(
            "bedrock",
            `a \`${eventType}\` event does not match the expected schema: ${decoded.failure.message}`,
            text
          )
        }
        if (eventType === "messageStop") stopped = true
        if (eventType === "metadata") metadata = true
        return decoded.success
      }
      if (messageType === "exception") {
        const exceptionType = headerString(message, ":exception-type") ?? "unknownException"
        const parsed = Streaming.parseJson(text)
        const body = (parsed === Streaming.invalidJson ? undefined : parsed) as
          | { readonly message?: unknown }
          | undefined
        return new BodyDecoder.Failure(ProviderError.fromReport({
          provider: "bedrock",
          status: Object.hasOwn(exceptionStatus, exceptionType) ? exceptionStatus[exceptionType] : undefined,
          errorType: exceptionType,
          message: typeof body?.message === "string" ? body.message : text || undefined,
          requestId: context.requestId
        }))
      }
      if (messageType === "error") {
        return new BodyDecoder.Failure(ProviderError.fromReport({
          provider: "bedrock",
          errorType: headerString(message, ":error-code"),
          message: headerString(message, ":error-message") ?? "the stream reported an error",
          requestId: context.requestId
        }))
      }
      return Streaming.malformed("bedrock", `a frame has an unknown :message-type (${messageType})`, text)
    },
    complete: () => stopped && metadata
  }
}

const eventStreamFramer = (maxFrameSize: number | undefined): BodyDecoder.Framer<EventStream.Message> => {
  const framer = new EventStream.Framer(maxFrameSize)
  return {
    push: (piece, out) => {
      const error = framer.push(piece, out)
      return error === undefined
        ? undefined
        : new ProviderError.MalformedPayloadError({
          provider: "bedrock",
          message: `bedrock: ${error.message}`,
          raw: error.excerpt
        })
    },
    end: () =>
      framer.pending === 0 ? undefined : new ProviderError.TruncatedStreamError({
        provider: "bedrock",
        message:
          `bedrock: the response ended inside an event-stream frame (${framer.pending} bytes of it received); the output is incomplete`
      })
  }
}

/**
 * The body decoder of a ConverseStream response (event-stream framing and event decoding, without HTTP).
 *
 * @internal
 */
export const bodyDecoder = (
  context: { readonly modelId: string; readonly requestId?: string | undefined },
  maxFrameSize?: number | undefined
): BodyDecoder.BodyDecoder<BedrockCallResponseChunk> =>
  BodyDecoder.make("bedrock", eventStreamFramer(maxFrameSize), eventDecoder(context))

const parseErrorBody = (text: string, headers: Readonly<Record<string, string | undefined>>): Streaming.ErrorBody => {
  const parsed = Streaming.parseJson(text)
  const value = (parsed === Streaming.invalidJson ? undefined : parsed) as {
    readonly message?: unknown
    readonly Message?: unknown
  } | undefined
  const message = typeof value?.message === "string"
    ? value.message
    : typeof value?.Message === "string"
    ? value.Message
    : undefined
  // `ThrottlingException:http://internal.amazon.com/...` in the header, `...#ThrottlingException` in `__type`.
  const typeField = (value as { readonly __type?: unknown } | undefined)?.__type
  const errorType = headers["x-amzn-errortype"]?.split(":")[0] ||
    (typeof typeField === "string" ? typeField.split("#").pop() : undefined) || undefined
  const exception = errorType === undefined ? undefined : errorType.charAt(0).toLowerCase() + errorType.slice(1)
  return {
    message,
    errorType,
    status: exception !== undefined && Object.hasOwn(exceptionStatus, exception)
      ? exceptionStatus[exception]
      : undefined
  }
}

/**
 * AWS credentials for SigV4 signing.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Credentials {
  readonly accessKeyId: string
  readonly secretAccessKey: Redacted.Redacted
  readonly sessionToken?: Redacted.Redacted | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export interface Options {
  readonly region: string
  /**
   * Static credentials, or an effect that yields them for every call (so that rotating credentials,
   * the AWS default provider chain or a cache can be plugged in). Requests are signed with SigV4.
   */
  readonly credentials?: Credentials | Effect.Effect<Credentials, unknown> | undefined
  /** A Bedrock API key (`AWS_BEARER_TOKEN_BEDROCK`), sent as `Authorization: Bearer`; no signing then. */
  readonly apiKey?: Redacted.Redacted | undefined
  /** Defaults to `https://bedrock-runtime.{region}.amazonaws.com`. */
  readonly baseUrl?: string | undefined
  /** Adjusts the HTTP client; runs before signing, so it cannot break the signature. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /** The largest event-stream frame accepted, in bytes (default 16 MiB). */
  readonly maxFrameSize?: number | undefined
  /** Time to the response and between body pieces (defaults: 2 minutes and 10 minutes). */
  readonly timeouts?: Streaming.Timeouts | undefined
  /** The signing clock, for tests; defaults to now. */
  readonly clock?: (() => Date) | undefined
}

/**
 * A streaming request: a `LanguageModel.Request` for a model id (or inference profile id or ARN), plus
 * raw body fields in `extraBody` (`additionalModelRequestFields`, `guardrailConfig`, ...).
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamRequest extends LanguageModel.Request {
  readonly model: string
  readonly extraBody?: Readonly<Record<string, unknown>> | undefined
}

/**
 * The JSON body of a ConverseStream request. A `toolChoice` of `"none"` is sent as no tool choice
 * (Converse has no such option).
 *
 * @since 0.1.0
 * @category Encoding
 */
export const encodeRequest = (request: StreamRequest): Record<string, unknown> => {
  const { system: systemTexts, turns: messages } = Turns.fromMessages<unknown>(request.messages, {
    text: (text) => ({ text }),
    toolCall: (call, input) => ({ toolUse: { toolUseId: call.id, name: call.name, input } }),
    toolResult: (message) => ({
      toolResult: {
        toolUseId: message.toolCallId,
        content: [{ text: message.content }],
        ...(message.isError ? { status: "error" } : {})
      }
    })
  })
  const system = [...(request.system === undefined ? [] : [request.system]), ...systemTexts].map((text) => ({ text }))
  const body: Record<string, unknown> = { messages }
  if (system.length > 0) body.system = system
  const inferenceConfig: Record<string, unknown> = {}
  if (request.maxTokens !== undefined) inferenceConfig.maxTokens = request.maxTokens
  if (request.temperature !== undefined) inferenceConfig.temperature = request.temperature
  if (request.topP !== undefined) inferenceConfig.topP = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    inferenceConfig.stopSequences = request.stopSequences
  }
  if (Object.keys(inferenceConfig).length > 0) body.inferenceConfig = inferenceConfig
  if (request.tools !== undefined && request.tools.length > 0) {
    const toolChoice = request.toolChoice
    body.toolConfig = {
      tools: request.tools.map((tool) => ({
        toolSpec: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          inputSchema: { json: tool.jsonSchema }
        }
      })),
      ...(toolChoice === undefined || toolChoice === "none"
        ? {}
        : {
          toolChoice: toolChoice === "auto"
            ? { auto: {} }
            : toolChoice === "required"
            ? { any: {} }
            : { tool: { name: toolChoice.name } }
        })
    }
  }
  Object.assign(body, request.extraBody)
  return body
}

const resolveCredentials = (
  credentials: Credentials | Effect.Effect<Credentials, unknown>
): Effect.Effect<Credentials, ProviderError.AuthenticationError> =>
  Effect.isEffect(credentials)
    ? Effect.mapError(credentials, (error) =>
      new ProviderError.AuthenticationError({
        provider: "bedrock",
        message: `bedrock: could not obtain AWS credentials: ${error instanceof Error ? error.message : String(error)}`
      }))
    : Effect.succeed(credentials)

/**
 * Signs a request with SigV4 (service `bedrock`).
 *
 * @since 0.1.0
 * @category Signing
 */
export const sign = (
  request: HttpClientRequest.HttpClientRequest,
  options: { readonly region: string; readonly credentials: Credentials; readonly date: Date }
): Effect.Effect<HttpClientRequest.HttpClientRequest> =>
  Effect.promise(async () => {
    const body = request.body._tag === "Uint8Array" ? request.body.body : undefined
    const { credentials } = options
    const signer = new AwsV4Signer({
      method: request.method,
      url: request.url,
      headers: Object.entries(request.headers),
      body: body === undefined ? null : (body as Uint8Array<ArrayBuffer>),
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: Redacted.value(credentials.secretAccessKey),
      ...(credentials.sessionToken === undefined ? {} : { sessionToken: Redacted.value(credentials.sessionToken) }),
      service: "bedrock",
      region: options.region,
      datetime: options.date.toISOString().replace(/[:-]|\.\d{3}/g, "")
    })
    const signed = await signer.sign()
    let result = request
    signed.headers.forEach((value, name) => {
      if (name === "authorization" || name.startsWith("x-amz-")) {
        result = HttpClientRequest.setHeader(result, name, value)
      }
    })
    return result
  })

/**
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly stream: (request: StreamRequest) => Stream.Stream<BedrockCallResponseChunk, ProviderError.ProviderError>
}

/**
 * @since 0.1.0
 * @category Context
 */
export class BedrockClient extends Context.Service<BedrockClient, Service>()("effect-llm-stream/BedrockClient") {}

/**
 * @since 0.1.0
 * @category Constructors
 */
export const make = (options: Options): Effect.Effect<Service, never, HttpClient.HttpClient> =>
  Effect.map(HttpClient.HttpClient, (httpClient) => {
    const base = (options.baseUrl ?? `https://bedrock-runtime.${options.region}.amazonaws.com`).replace(/\/+$/, "")
    const transformed = (options.transformClient ?? identity)(httpClient)
    const apiKey = options.apiKey
    const credentials = options.credentials
    // Credentials obtained per call are added to the secrets as they are resolved.
    const secrets = new Secrets.Secrets([apiKey])
    const remember = (resolved: Credentials): Credentials => {
      secrets.add(resolved.secretAccessKey)
      secrets.add(resolved.sessionToken)
      return resolved
    }
    // Authentication is the last step, after every user transform of the request.
    const client: HttpClient.HttpClient.With<HttpClientError.HttpClientError | ProviderError.AuthenticationError> =
      credentials !== undefined && apiKey === undefined
        ? HttpClient.mapRequestEffect(
          transformed,
          (request) =>
            Effect.flatMap(resolveCredentials(credentials), (resolved) =>
              sign(request, {
                region: options.region,
                credentials: remember(resolved),
                date: options.clock?.() ?? new Date()
              }))
        )
        : HttpClient.transformResponse(
          apiKey === undefined
            ? transformed
            : HttpClient.mapRequest(
              transformed,
              HttpClientRequest.setHeader("authorization", `Bearer ${Redacted.value(apiKey)}`)
            ),
          // Widens the error type to the signing client's (`With` is invariant in its error).
          (response): Effect.Effect<
            HttpClientResponse.HttpClientResponse,
            HttpClientError.HttpClientError | ProviderError.AuthenticationError
          > => response
        )
    return BedrockClient.of({
      stream: (request) => {
        const httpRequest = HttpClientRequest.post(`${base}/model/${encodeURIComponent(request.model)}/converse-stream`)
          .pipe(
            HttpClientRequest.setHeader("accept", "application/vnd.amazon.eventstream"),
            HttpClientRequest.bodyJsonUnsafe(encodeRequest(request))
          )
        return Streaming.streamResponse(
          {
            provider: "bedrock",
            client,
            request: httpRequest,
            parseErrorBody,
            contentType: "application/vnd.amazon.eventstream",
            secrets,
            timeouts: options.timeouts
          },
          (response, bytes) => {
            const requestId = response.headers["x-amzn-requestid"]
            const context = { modelId: request.model, requestId: requestId === "" ? undefined : requestId }
            return Streaming.decodeBody(() => bodyDecoder(context, options.maxFrameSize))(bytes)
          }
        ).pipe(Telemetry.instrument("bedrock", request))
      }
    })
  })

/**
 * @since 0.1.0
 * @category Layers
 */
export const layer = (options: Options): Layer.Layer<BedrockClient, never, HttpClient.HttpClient> =>
  Layer.effect(BedrockClient, make(options))

/**
 * A layer configured from `Config`. Without arguments it reads `AWS_REGION` (or `AWS_DEFAULT_REGION`),
 * then `AWS_BEARER_TOKEN_BEDROCK` (a Bedrock API key) if set, else `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY` and the optional `AWS_SESSION_TOKEN`; secrets are read as `Redacted`. Without
 * either kind of credentials it fails with a `ConfigError` naming the variables.
 *
 * @since 0.1.0
 * @category Layers
 */
export const layerConfig = (
  configs: {
    readonly region?: Config.Config<string> | undefined
    readonly apiKey?: Config.Config<Redacted.Redacted | undefined> | undefined
    readonly credentials?: Config.Config<Credentials | undefined> | undefined
    readonly baseUrl?: Config.Config<string | undefined> | undefined
  } & Omit<Options, "region" | "apiKey" | "credentials" | "baseUrl"> = {}
): Layer.Layer<BedrockClient, Config.ConfigError, HttpClient.HttpClient> => {
  const { apiKey, baseUrl, credentials, region, ...rest } = configs
  const staticCredentials: Config.Config<Credentials | undefined> = Config.all({
    accessKeyId: Layers.optionalString("AWS_ACCESS_KEY_ID"),
    secretAccessKey: Layers.optionalSecret("AWS_SECRET_ACCESS_KEY"),
    sessionToken: Layers.optionalSecret("AWS_SESSION_TOKEN")
  }).pipe(
    Config.map(({ accessKeyId, secretAccessKey, sessionToken }) =>
      accessKeyId === undefined || secretAccessKey === undefined
        ? undefined
        : { accessKeyId, secretAccessKey, sessionToken }
    )
  )
  return Layer.effect(
    BedrockClient,
    Effect.flatMap(
      Config.all({
        region: region ?? Config.String("AWS_REGION").pipe(Config.orElse(() => Config.String("AWS_DEFAULT_REGION"))),
        apiKey: apiKey ?? Layers.optionalSecret("AWS_BEARER_TOKEN_BEDROCK"),
        credentials: credentials ?? staticCredentials,
        // Neither a Bedrock API key nor AWS credentials is a configuration error, not an unsigned request.
        authentication: apiKey !== undefined || credentials !== undefined
          ? Config.succeed(undefined)
          : Layers.optionalSecret("AWS_BEARER_TOKEN_BEDROCK").pipe(
            Config.orElse(() => Config.succeed(undefined)),
            Config.flatMap((token) =>
              token !== undefined ? Config.succeed(undefined) : staticCredentials.pipe(
                Config.flatMap((found) =>
                  found !== undefined ? Config.succeed(undefined) : Config.fail(
                    new ConfigProvider.SourceError({
                      message:
                        "no Bedrock credentials: set AWS_BEARER_TOKEN_BEDROCK (a Bedrock API key), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)"
                    })
                  )
                )
              )
            )
          ),
        baseUrl: baseUrl ?? Layers.optionalString("BEDROCK_BASE_URL")
      }),
      ({ authentication: _, ...config }) => make({ ...rest, ...config })
    )
  )
}

/**
 * A `LanguageModel` served by Bedrock with the given model id (`us.anthropic.claude-sonnet-4-...`,
 * `amazon.nova-micro-v1:0`, ...) and default settings.
 *
 * @since 0.1.0
 * @category Layers
 */
export const model = (
  name: string,
  defaults: LanguageModel.Settings & { readonly extraBody?: Readonly<Record<string, unknown>> | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel, never, BedrockClient> =>
  Layers.languageModel(BedrockClient, "bedrock", name, defaults)
