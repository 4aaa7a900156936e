/**
 * Test code that streams LLM calls without a network.
 *
 * - `layer(chunks)` is a `LanguageModel` whose every call replays the given chunks (of any provider),
 *   optionally failing with a `ProviderError` after them.
 * - `fromRecording(provider, body)` is a `LanguageModel` that answers every call with a recorded
 *   response body, decoded by the real provider layer over an in-memory `HttpClient`: the same
 *   framing, decoding, terminator and error handling as in production.
 * - `streamArbitrary(provider)` generates whole chunk streams of the kind the provider sends (one id
 *   and one model per stream, the provider's start and end events in their places, a finish reason,
 *   consistent non-negative usage), for property tests of code that consumes streams; each generated
 *   stream runs through `LanguageModel` with `layer(chunks)`.
 * - `toRecording(provider, chunks)` encodes chunks as the provider's wire body, so that generated
 *   streams can also go through `fromRecording` and the whole HTTP decoding path.
 *
 * The arbitraries are fast-check's (`fast-check` is a dependency of this package). A single chunk of
 * any provider also has a Schema arbitrary: `Arbitrary.schema(OpenAI.OpenAICallResponseChunk)` from
 * `effect/Arbitrary` (any payload the schema accepts, not necessarily a realistic stream).
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect } from "effect"
 * import * as FastCheck from "fast-check"
 *
 * // The code under test.
 * const shout = CallStream.accumulate(LanguageModel.stream("Recommend a book")).pipe(
 *   Effect.map((response) => response.content.toUpperCase())
 * )
 *
 * // Any stream OpenAI could send: the result is the upper-cased text of the response.
 * FastCheck.assert(
 *   FastCheck.property(TestKit.streamArbitrary("openai"), (chunks) => {
 *     const text = chunks.map((chunk) => chunk.content).join("")
 *     return Effect.runSync(Effect.provide(shout, TestKit.layer(chunks))) === text.toUpperCase()
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 */
import { EventStreamCodec } from "@smithy/core/event-streams"
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as FastCheck from "fast-check"
import * as Anthropic from "./Anthropic.js"
import * as Azure from "./Azure.js"
import * as Bedrock from "./Bedrock.js"
import type * as CallResponseChunk from "./CallResponseChunk.js"
import * as Groq from "./Groq.js"
import * as AnthropicDecoder from "./internal/anthropic/Decoder.js"
import * as AzureChunk from "./internal/azure/Chunk.js"
import * as BedrockDecoder from "./internal/bedrock/Decoder.js"
import * as BodyDecoder from "./internal/framing/BodyDecoder.js"
import * as GroqChunk from "./internal/groq/Chunk.js"
import * as OpenAIChunk from "./internal/openai/Chunk.js"
import * as LanguageModel from "./LanguageModel.js"
import * as OpenAI from "./OpenAI.js"
import type * as ProviderError from "./ProviderError.js"

// ---------------------------------------------------------------------------------------------------
// Replaying chunks
// ---------------------------------------------------------------------------------------------------

/**
 * Every provider, in a fixed order (for tests that run once per provider).
 *
 * @since 0.1.0
 * @category Constants
 */
export const providers: ReadonlyArray<CallResponseChunk.Provider> = ["openai", "anthropic", "groq", "azure", "bedrock"]

/**
 * The chunk class of each provider.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ChunkByProvider {
  readonly openai: OpenAI.OpenAICallResponseChunk
  readonly anthropic: Anthropic.AnthropicCallResponseChunk
  readonly groq: Groq.GroqCallResponseChunk
  readonly azure: Azure.AzureCallResponseChunk
  readonly bedrock: Bedrock.BedrockCallResponseChunk
}

/**
 * How a replaying `LanguageModel` behaves.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ReplayOptions {
  /** Fail every stream with this error after its chunks (a provider error in the middle of a response). */
  readonly failWith?: ProviderError.ProviderError | undefined
  /** The service's `provider`; defaults to the first chunk's, else `"openai"`. */
  readonly provider?: CallResponseChunk.Provider | undefined
  /** The service's `model`; defaults to the first model a chunk names, else `"test-model"`. */
  readonly model?: string | undefined
  /** The service's `baseModel` (what an Azure deployment runs). */
  readonly baseModel?: string | undefined
}

/**
 * A `LanguageModel` service whose `stream` replays `chunks` on every call, whatever the request, then
 * ends, or fails with `options.failWith`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (
  chunks: Iterable<CallResponseChunk.CallResponseChunk>,
  options: ReplayOptions = {}
): LanguageModel.Service => {
  // A copy: the replay does not change when the caller's array does.
  const replayed: ReadonlyArray<CallResponseChunk.CallResponseChunk> = Array.from(chunks)
  const chunkStream = Stream.fromIterable(replayed)
  const stream: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError> =
    options.failWith === undefined ? chunkStream : Stream.concat(chunkStream, Stream.fail(options.failWith))
  return LanguageModel.LanguageModel.of({
    provider: options.provider ?? replayed[0]?.provider ?? "openai",
    model: options.model ?? replayed.find((chunk) => chunk.model !== undefined)?.model ?? "test-model",
    baseModel: options.baseModel,
    stream: () => stream
  })
}

/**
 * A `LanguageModel` layer whose `stream` replays `chunks` on every call (see `make`).
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect, Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
 * const chunks = [
 *   decode({ id: "chatcmpl-1", model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: "Hello" } }] }),
 *   decode({ id: "chatcmpl-1", model: "gpt-4o-mini", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })
 * ]
 *
 * const program = CallStream.accumulate(LanguageModel.stream("Hi"))
 * Effect.runSync(Effect.provide(program, TestKit.layer(chunks))).content // "Hello"
 *
 * // The same chunks, then a rate limit.
 * const failing = TestKit.layer(chunks, {
 *   failWith: new ProviderError.RateLimitError({ provider: "openai", message: "slow down" })
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const layer = (
  chunks: Iterable<CallResponseChunk.CallResponseChunk>,
  options: ReplayOptions = {}
): Layer.Layer<LanguageModel.LanguageModel> => Layer.succeed(LanguageModel.LanguageModel, make(chunks, options))

// ---------------------------------------------------------------------------------------------------
// Recorded bodies
// ---------------------------------------------------------------------------------------------------

/**
 * How a recorded response is served.
 *
 * @since 0.1.0
 * @category Models
 */
export interface RecordingOptions {
  /**
   * The model the requests name (`LanguageModel`'s `model`). Bedrock's stream names no model, so its
   * chunks report this one. Defaults to `defaultRecordingModels[provider]`.
   */
  readonly model?: string | undefined
  /** The real model behind an Azure deployment, for pricing (`Azure.model(name, { baseModel })`). */
  readonly baseModel?: string | undefined
  /** The HTTP status of the response (default 200); with an error status, `body` is the error body. */
  readonly status?: number | undefined
  /**
   * Response headers, added to the provider's content type: `x-amzn-requestid` (Bedrock's chunk id),
   * `retry-after`, `x-request-id`, ...
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * The model a recording's `LanguageModel` names when `RecordingOptions.model` is not given.
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultRecordingModels: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "gpt-4o-mini",
  anthropic: "claude-sonnet-4-5",
  groq: "llama-3.3-70b-versatile",
  azure: "gpt-4o-mini",
  bedrock: "us.amazon.nova-micro-v1:0"
}

const contentTypeOf = (provider: CallResponseChunk.Provider): string =>
  provider === "bedrock" ? "application/vnd.amazon.eventstream" : "text/event-stream"

const utf8 = new TextEncoder()

/** The URL the provider layers send to; the in-memory client answers whatever the URL. */
const recordingUrl = "http://recording.invalid"

/** Statuses whose responses have no body (a `Response` with one cannot be built). */
const nullBodyStatuses: ReadonlySet<number> = new Set([101, 103, 204, 205, 304])

/** An `HttpClient` answering every request with the same status, headers and body (a fresh stream each time). */
const recordingClient = (
  body: Uint8Array,
  status: number,
  headers: Readonly<Record<string, string>>
): Layer.Layer<HttpClient.HttpClient> =>
  Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() =>
        HttpClientResponse.fromWeb(
          request,
          new Response(
            nullBodyStatuses.has(status) ? null : new ReadableStream<Uint8Array>({
              start(controller) {
                if (body.length > 0) controller.enqueue(body.slice())
                controller.close()
              }
            }),
            { status, headers: { ...headers } }
          )
        )
      )
    )
  )

const providerModel = (
  provider: CallResponseChunk.Provider,
  model: string,
  baseModel: string | undefined
): Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient> => {
  switch (provider) {
    case "openai":
      return OpenAI.model(model).pipe(Layer.provide(OpenAI.layer({ baseUrl: recordingUrl })))
    case "anthropic":
      return Anthropic.model(model).pipe(Layer.provide(Anthropic.layer({ baseUrl: recordingUrl })))
    case "groq":
      return Groq.model(model).pipe(Layer.provide(Groq.layer({ baseUrl: recordingUrl })))
    case "azure":
      return Azure.model(model, { baseModel }).pipe(
        Layer.provide(Azure.layer({ endpoint: recordingUrl, api: "deployments" }))
      )
    case "bedrock":
      return Bedrock.model(model).pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl: recordingUrl })))
  }
}

/**
 * A `LanguageModel` layer that answers every call with a recorded response: `body` is what the provider
 * sent (SSE text or bytes; Bedrock's binary event stream as bytes), decoded by the real provider layer
 * over an in-memory `HttpClient`. A recording that ends without the provider's end-of-stream marker
 * fails with `TruncatedStreamError`, an in-stream error event with its error, and an error `status`
 * with the error the provider's error body maps to, exactly as over the network.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect } from "effect"
 * import * as Fs from "node:fs"
 *
 * const Recorded = TestKit.fromRecording("openai", Fs.readFileSync("test/fixtures/openai/text.sse"))
 *
 * const program = CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?"))
 * // Effect.runPromise(Effect.provide(program, Recorded)) → content "4200 + 42 equals 4242."
 *
 * // An HTTP error: fails with RateLimitError, retryAfter 2 seconds.
 * const Limited = TestKit.fromRecording("openai", `{"error":{"message":"slow down","code":"rate_limit_exceeded"}}`, {
 *   status: 429,
 *   headers: { "retry-after": "2" }
 * })
 * ```
 *
 * @since 0.1.0
 * @category Layers
 */
export const fromRecording = (
  provider: CallResponseChunk.Provider,
  body: string | Uint8Array,
  options: RecordingOptions = {}
): Layer.Layer<LanguageModel.LanguageModel> =>
  providerModel(provider, options.model ?? defaultRecordingModels[provider], options.baseModel).pipe(
    Layer.provide(
      recordingClient(
        // A copy: the recording does not change when the caller's buffer does.
        typeof body === "string" ? utf8.encode(body) : new Uint8Array(body),
        options.status ?? 200,
        { "content-type": contentTypeOf(provider), ...options.headers }
      )
    )
  )

const eventStreamCodec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => utf8.encode(text)
)

/**
 * One AWS event-stream frame (prelude, string headers, JSON payload, CRCs), as Bedrock sends them: for
 * hand-made Bedrock bodies, such as an exception frame (`:message-type: exception`).
 *
 * @example
 * ```ts
 * import { TestKit } from "effect-llm-stream/testing"
 *
 * const throttled = TestKit.eventStreamFrame(
 *   { ":exception-type": "throttlingException", ":content-type": "application/json", ":message-type": "exception" },
 *   { message: "Too many requests" }
 * )
 * ```
 *
 * @since 0.1.0
 * @category Encoding
 */
export const eventStreamFrame = (headers: Readonly<Record<string, string>>, payload: unknown): Uint8Array =>
  eventStreamCodec.encode({
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, { type: "string" as const, value }])
    ),
    body: utf8.encode(JSON.stringify(payload))
  })

/**
 * The `event` frame of a Bedrock ConverseStream event (`messageStart`, `contentBlockDelta`, ...).
 *
 * @since 0.1.0
 * @category Encoding
 */
export const bedrockEventFrame = (eventType: string, payload: unknown): Uint8Array =>
  eventStreamFrame({ ":event-type": eventType, ":content-type": "application/json", ":message-type": "event" }, payload)

/**
 * Frames joined into one body.
 *
 * @since 0.1.0
 * @category Encoding
 */
export const concatBytes = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

/**
 * Encodes chunks as the body the provider would have sent: SSE `data:` events (with `event:` names for
 * Anthropic) ending with `data: [DONE]` for OpenAI, Groq and Azure; binary event-stream frames for
 * Bedrock. `fromRecording(provider, toRecording(provider, chunks))` streams the same chunks (for
 * Bedrock, give `fromRecording` the chunks' `modelId` as `model` and their `requestId` as the
 * `x-amzn-requestid` header).
 *
 * @since 0.1.0
 * @category Encoding
 */
export const toRecording = <P extends CallResponseChunk.Provider>(
  provider: P,
  chunks: Iterable<ChunkByProvider[P]>
): Uint8Array => {
  if (provider === "bedrock") {
    const events: Array<readonly [string, unknown]> = []
    for (const chunk of chunks as Iterable<Bedrock.BedrockCallResponseChunk>) {
      events.push(...Object.entries(chunk.chunk))
    }
    return eventStreamBody(events)
  }
  return sseBody(provider, Array.from(chunks as Iterable<CallResponseChunk.CallResponseChunk>, (chunk) => chunk.chunk))
}

/** SSE events of payloads, as the provider sends them (Anthropic names its events; the others end with `[DONE]`). */
const sseBody = (provider: CallResponseChunk.Provider, payloads: ReadonlyArray<unknown>): Uint8Array => {
  let text = ""
  for (const payload of payloads) {
    if (provider === "anthropic") text += `event: ${(payload as { readonly type?: string }).type}\n`
    text += `data: ${JSON.stringify(payload)}\n\n`
  }
  if (provider !== "anthropic") text += "data: [DONE]\n\n"
  return utf8.encode(text)
}

/** Bedrock's event-stream frames of events. */
const eventStreamBody = (events: ReadonlyArray<readonly [eventType: string, payload: unknown]>): Uint8Array =>
  concatBytes(events.map(([eventType, payload]) => bedrockEventFrame(eventType, payload)))

// ---------------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------------

/**
 * What `streamArbitrary` generates.
 *
 * @since 0.1.0
 * @category Models
 */
export interface StreamArbitraryOptions {
  /**
   * One piece of text as the provider streams it. The default mixes words, runs of spaces, newlines
   * and tabs, punctuation, accented letters, CJK, emoji and the occasional empty piece.
   */
  readonly textPiece?: FastCheck.Arbitrary<string> | undefined
  /** The most text pieces in one stream (default 16). */
  readonly maxTextPieces?: number | undefined
  /** The most tool calls in one stream (default 2; 0 for text-only streams). */
  readonly maxToolCalls?: number | undefined
  /** The models a stream may name; the default models of each provider all have a bundled price. */
  readonly models?: ReadonlyArray<string> | undefined
}

/**
 * The models `streamArbitrary` picks from by default (all in the bundled price table).
 *
 * @since 0.1.0
 * @category Constants
 */
export const defaultArbitraryModels: Readonly<Record<CallResponseChunk.Provider, ReadonlyArray<string>>> = {
  openai: ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
  anthropic: ["claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001", "claude-3-5-haiku-20241022"],
  groq: ["llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b"],
  azure: ["gpt-4o-2024-11-20", "gpt-4o-mini-2024-07-18", "gpt-5-mini-2025-08-07"],
  bedrock: [
    "us.amazon.nova-micro-v1:0",
    "amazon.nova-lite-v1:0",
    "anthropic.claude-3-haiku-20240307-v1:0",
    "meta.llama3-3-70b-instruct-v1:0"
  ]
}

/** Raw finish reasons each provider sends when no tool was called (the first is the usual one). */
const finishReasonsWithoutTools: Readonly<Record<CallResponseChunk.Provider, ReadonlyArray<string>>> = {
  openai: ["stop", "length", "content_filter"],
  anthropic: ["end_turn", "max_tokens", "stop_sequence", "refusal", "pause_turn", "model_context_window_exceeded"],
  groq: ["stop", "length"],
  azure: ["stop", "length", "content_filter"],
  bedrock: [
    "end_turn",
    "max_tokens",
    "stop_sequence",
    "content_filtered",
    "guardrail_intervened",
    "model_context_window_exceeded"
  ]
}

const finishReasonWithTools: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "tool_calls",
  anthropic: "tool_use",
  groq: "tool_calls",
  azure: "tool_calls",
  bedrock: "tool_use"
}

const toolCallIdPrefix: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "call_",
  anthropic: "toolu_",
  groq: "call_",
  azure: "call_",
  bedrock: "tooluse_"
}

const defaultTextPiece: FastCheck.Arbitrary<string> = FastCheck.oneof(
  {
    weight: 6,
    arbitrary: FastCheck.array(
      FastCheck.constantFrom(
        "The",
        " dragon",
        "book",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        ",",
        ".",
        " Élise",
        "naïve",
        "日本語",
        "🐉",
        "4242",
        "-",
        "'s",
        "\u00a0"
      ),
      { minLength: 1, maxLength: 4 }
    ).map((parts) => parts.join(""))
  },
  { weight: 2, arbitrary: FastCheck.string({ minLength: 1, maxLength: 8, unit: "grapheme" }) },
  { weight: 1, arbitrary: FastCheck.constant("") }
)

/** Splits `text` into pieces at code-point offsets derived from `cuts` (never inside a character). */
const splitText = (text: string, cuts: ReadonlyArray<number>): ReadonlyArray<string> => {
  const points = Array.from(text)
  if (points.length < 2) return [text]
  const offsets = [...new Set(cuts.map((cut) => 1 + (cut % (points.length - 1))))].sort((a, b) => a - b)
  const pieces: Array<string> = []
  let start = 0
  for (const offset of offsets) {
    pieces.push(points.slice(start, offset).join(""))
    start = offset
  }
  pieces.push(points.slice(start).join(""))
  return pieces
}

interface ToolCallScript {
  readonly id: string
  readonly name: string
  /** The JSON text of the arguments. */
  readonly arguments: string
  /** Where the arguments are cut into streamed fragments. */
  readonly cuts: ReadonlyArray<number>
}

interface UsageScript {
  /** Input tokens neither read from nor written to a cache. */
  readonly uncachedInput: number
  readonly cacheRead: number | undefined
  readonly cacheWrite: number | undefined
  readonly output: number
  /** A part of `output`. */
  readonly reasoning: number | undefined
}

/** One stream, before it is written in a provider's format. */
interface StreamScript {
  readonly model: string
  readonly responseId: string
  readonly requestId: string
  readonly created: number
  readonly texts: ReadonlyArray<string>
  readonly reasoning: ReadonlyArray<string>
  readonly signature: string
  readonly toolCalls: ReadonlyArray<ToolCallScript>
  readonly finishReasonWithoutTools: string
  readonly usage: UsageScript
  /** Wire-shape variants: older and newer API versions, optional fields and blocks. */
  readonly variant: WireVariant
}

interface WireVariant {
  /** OpenAI: `usage: null` on every chunk but the last (2025) rather than absent (2024). */
  readonly usageNullOnEveryChunk: boolean
  /** OpenAI, Azure: `prompt_tokens_details` and `completion_tokens_details` in the usage. */
  readonly usageDetails: boolean
  /** OpenAI: `service_tier` on every chunk. */
  readonly serviceTier: boolean
  /** Azure: the prompt annotation chunk first. */
  readonly promptAnnotation: boolean
  /** Groq: usage on the finish chunk (as recorded) rather than in a chunk with `choices: []`. */
  readonly usageOnFinishChunk: boolean
  /** Groq: the top-level `usage` beside `x_groq.usage`. */
  readonly topLevelUsage: boolean
  /** Anthropic, Bedrock: the cache token counts. */
  readonly cacheFields: boolean
  /** Anthropic: cache writes with the one-hour lifetime rather than the five-minute one. */
  readonly oneHourCache: boolean
  /** Anthropic: the `message_delta` usage repeats the input counts. */
  readonly deltaRepeatsInput: boolean
  /** Anthropic thinking, Bedrock reasoning, Groq `delta.reasoning`. */
  readonly reasoning: boolean
}

const alphanumericCharacter = FastCheck.constantFrom(
  ..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
)

const alphanumeric = (length: number): FastCheck.Arbitrary<string> =>
  FastCheck.string({ unit: alphanumericCharacter, minLength: length, maxLength: length })

const toolCallArbitrary = (provider: CallResponseChunk.Provider): FastCheck.Arbitrary<ToolCallScript> =>
  FastCheck.record({
    id: alphanumeric(24).map((suffix) => `${toolCallIdPrefix[provider]}${suffix}`),
    name: FastCheck.constantFrom("get_weather", "search_books", "lookup_order"),
    arguments: FastCheck.dictionary(
      FastCheck.constantFrom("city", "query", "days", "unit", "order_id"),
      FastCheck.oneof(
        FastCheck.string({ maxLength: 12 }),
        FastCheck.integer({ min: -1000, max: 1000 }),
        FastCheck.boolean()
      ),
      { maxKeys: 3 }
    ).map((input) => JSON.stringify(input)),
    cuts: FastCheck.array(FastCheck.nat(), { maxLength: 6 })
  })

const usageArbitrary: FastCheck.Arbitrary<UsageScript> = FastCheck.record({
  uncachedInput: FastCheck.integer({ min: 0, max: 100_000 }),
  cacheRead: FastCheck.option(FastCheck.integer({ min: 0, max: 60_000 }), { nil: undefined }),
  cacheWrite: FastCheck.option(FastCheck.integer({ min: 0, max: 20_000 }), { nil: undefined }),
  output: FastCheck.integer({ min: 0, max: 20_000 }),
  reasoning: FastCheck.option(FastCheck.integer({ min: 0, max: 20_000 }), { nil: undefined })
}).map((usage) => ({
  ...usage,
  reasoning: usage.reasoning === undefined ? undefined : Math.min(usage.reasoning, usage.output)
}))

const scriptArbitrary = (
  provider: CallResponseChunk.Provider,
  options: StreamArbitraryOptions
): FastCheck.Arbitrary<StreamScript> => {
  const textPiece = options.textPiece ?? defaultTextPiece
  const models = options.models ?? defaultArbitraryModels[provider]
  if (models.length === 0) throw new Error("TestKit.streamArbitrary: `models` is empty")
  return FastCheck.record({
    model: FastCheck.constantFrom(...models),
    responseId: alphanumeric(24),
    requestId: FastCheck.uuid(),
    created: FastCheck.integer({ min: 1_700_000_000, max: 1_800_000_000 }),
    texts: FastCheck.array(textPiece, { maxLength: options.maxTextPieces ?? 16 }),
    reasoning: FastCheck.array(textPiece, { maxLength: 4 }),
    signature: alphanumeric(32),
    toolCalls: FastCheck.uniqueArray(toolCallArbitrary(provider), {
      maxLength: options.maxToolCalls ?? 2,
      selector: (call) => call.id
    }),
    finishReasonWithoutTools: FastCheck.constantFrom(...finishReasonsWithoutTools[provider]),
    usage: usageArbitrary,
    variant: FastCheck.record({
      usageNullOnEveryChunk: FastCheck.boolean(),
      usageDetails: FastCheck.boolean(),
      serviceTier: FastCheck.boolean(),
      promptAnnotation: FastCheck.boolean(),
      usageOnFinishChunk: FastCheck.boolean(),
      topLevelUsage: FastCheck.boolean(),
      cacheFields: FastCheck.boolean(),
      oneHourCache: FastCheck.boolean(),
      deltaRepeatsInput: FastCheck.boolean(),
      reasoning: FastCheck.boolean()
    })
  })
}

const finishReasonOf = (provider: CallResponseChunk.Provider, script: StreamScript): string =>
  script.toolCalls.length > 0 ? finishReasonWithTools[provider] : script.finishReasonWithoutTools

/**
 * Decodes a body the generator wrote with the provider's own body decoder (framing, event decoding and
 * the state between events), so that every chunk is one the real decoder produces; a failure is a bug of
 * the generator, reported with the body.
 */
const decodeBody = <C>(decoder: BodyDecoder.BodyDecoder<C>, body: Uint8Array): ReadonlyArray<C> => {
  const chunks: Array<C> = []
  const status = decoder.push(body, chunks) ?? decoder.end(chunks)
  if (status !== BodyDecoder.complete) {
    throw new Error(
      `TestKit generated a stream its decoder rejects (${String(status)}): ${new TextDecoder().decode(body)}`
    )
  }
  return chunks
}

/** The usage object of OpenAI-style APIs: `prompt_tokens` includes the cached tokens. */
const completionUsage = (usage: UsageScript, withDetails: boolean) => {
  const cached = usage.cacheRead ?? 0
  const promptTokens = usage.uncachedInput + cached
  const base = {
    prompt_tokens: promptTokens,
    completion_tokens: usage.output,
    total_tokens: promptTokens + usage.output
  }
  return withDetails
    ? {
      ...base,
      prompt_tokens_details: { cached_tokens: cached, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: usage.reasoning ?? 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0
      }
    }
    : base
}

const noFilter = { filtered: false, severity: "safe" }
const contentFilterResults = { hate: noFilter, self_harm: noFilter, sexual: noFilter, violence: noFilter }

/** OpenAI-style tool-call fragments: id, type and name first, then the arguments in pieces. */
const toolCallFragments = (script: StreamScript) =>
  script.toolCalls.flatMap((call, index) => [
    { index, id: call.id, type: "function", function: { name: call.name, arguments: "" } },
    ...splitText(call.arguments, call.cuts).map((piece) => ({ index, function: { arguments: piece } }))
  ])

/**
 * OpenAI: a role chunk, content chunks, tool-call fragments, a finish chunk, and (with
 * `stream_options.include_usage`, which this library always sends) a last chunk with `choices: []` and
 * the usage. Variants: `usage: null` on every other chunk (2025) or absent (2024); usage details
 * present or not; `service_tier` present or not.
 */
const openAIPayloads = (script: StreamScript): ReadonlyArray<unknown> => {
  const { serviceTier, usageDetails, usageNullOnEveryChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.responseId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    ...(serviceTier ? { service_tier: "default" } : {}),
    system_fingerprint: "fp_deacdd5f6f"
  }
  const nullUsage = usageNullOnEveryChunk ? { usage: null } : {}
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...nullUsage
  })
  return [
    choice({ role: "assistant", content: "", refusal: null }),
    ...script.texts.map((content) => choice({ content })),
    ...toolCallFragments(script).map((fragment) => choice({ tool_calls: [fragment] })),
    choice({}, finishReasonOf("openai", script)),
    { ...base, choices: [], usage: completionUsage(script.usage, usageDetails) }
  ]
}

/**
 * Azure: an optional prompt annotation first (empty `id` and `model`, `choices: []`), then OpenAI's
 * chunks with per-choice content-filter results; a `content_filter` finish arrives in an annotation
 * without `delta`; the usage chunk comes last.
 */
const azurePayloads = (script: StreamScript): ReadonlyArray<unknown> => {
  const { promptAnnotation, usageDetails } = script.variant
  const base = {
    id: `chatcmpl-${script.responseId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    system_fingerprint: null,
    usage: null
  }
  const choice = (fields: Record<string, unknown>) => ({
    ...base,
    choices: [{ index: 0, finish_reason: null, logprobs: null, ...fields }]
  })
  const finishReason = finishReasonOf("azure", script)
  return [
    ...(promptAnnotation
      ? [{
        choices: [],
        created: 0,
        id: "",
        model: "",
        object: "",
        prompt_filter_results: [{ prompt_index: 0, content_filter_results: contentFilterResults }]
      }]
      : []),
    choice({ delta: { role: "assistant", content: "", refusal: null }, content_filter_results: {} }),
    ...script.texts.map((content) => choice({ delta: { content }, content_filter_results: contentFilterResults })),
    ...toolCallFragments(script).map((fragment) => choice({ delta: { tool_calls: [fragment] } })),
    finishReason === "content_filter"
      ? choice({
        finish_reason: finishReason,
        content_filter_results: { ...contentFilterResults, violence: { filtered: true, severity: "medium" } }
      })
      : choice({ delta: {}, finish_reason: finishReason, content_filter_results: {} }),
    { ...base, choices: [], usage: completionUsage(script.usage, usageDetails) }
  ]
}

/**
 * Groq: OpenAI's format with `x_groq` (its request id on the first and last chunk), optional reasoning
 * (`delta.reasoning`), tool calls whole in one chunk. The usage comes either on the finish chunk, in
 * `x_groq.usage` and (in newer streams) the top-level `usage`, as recorded; or in a last chunk with
 * `choices: []`.
 */
const groqPayloads = (script: StreamScript): ReadonlyArray<unknown> => {
  const { reasoning, topLevelUsage, usageOnFinishChunk } = script.variant
  const base = {
    id: `chatcmpl-${script.requestId}`,
    object: "chat.completion.chunk",
    created: script.created,
    model: script.model,
    system_fingerprint: "fp_f8b414701e"
  }
  const requestId = `req_${script.responseId.toLowerCase()}`
  const cached = script.usage.cacheRead
  const promptTokens = script.usage.uncachedInput + (cached ?? 0)
  const usage = {
    queue_time: 0.041905864,
    prompt_tokens: promptTokens,
    prompt_time: 0.003940145,
    completion_tokens: script.usage.output,
    completion_time: 0.652230333,
    total_tokens: promptTokens + script.usage.output,
    total_time: 0.656170478,
    ...(cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: cached } })
  }
  const choice = (delta: unknown, finishReason: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }]
  })
  const finish = choice({}, finishReasonOf("groq", script))
  return [
    { ...choice({ role: "assistant", content: "" }), x_groq: { id: requestId, seed: 1535227698 } },
    ...(reasoning ? script.reasoning.map((piece) => choice({ reasoning: piece })) : []),
    ...script.texts.map((content) => choice({ content })),
    ...script.toolCalls.map((call, index) =>
      choice({
        tool_calls: [{ id: call.id, type: "function", function: { name: call.name, arguments: call.arguments }, index }]
      })
    ),
    ...(usageOnFinishChunk
      ? [{ ...finish, x_groq: { id: requestId, usage }, ...(topLevelUsage ? { usage } : {}) }]
      : [finish, { ...base, choices: [], usage, x_groq: { id: requestId, usage } }])
  ]
}

/**
 * Anthropic: exactly one `message_start` first (id, model, input and cache usage), content blocks (an
 * optional thinking block with its signature, a text block, `tool_use` blocks with `input_json_delta`
 * fragments), one `message_delta` (stop reason, cumulative usage), exactly one `message_stop` last.
 * Variants: cache fields present (with the 5-minute/1-hour split) or absent; the `message_delta` usage
 * repeating the input counts or not; a thinking block or not.
 */
const anthropicPayloads = (script: StreamScript): ReadonlyArray<unknown> => {
  const { cacheFields, deltaRepeatsInput, oneHourCache, reasoning } = script.variant
  const { cacheRead, cacheWrite, output, uncachedInput } = script.usage
  const inputUsage = cacheFields
    ? {
      input_tokens: uncachedInput,
      cache_creation_input_tokens: cacheWrite ?? 0,
      cache_read_input_tokens: cacheRead ?? 0,
      cache_creation: {
        ephemeral_5m_input_tokens: oneHourCache ? 0 : cacheWrite ?? 0,
        ephemeral_1h_input_tokens: oneHourCache ? cacheWrite ?? 0 : 0
      }
    }
    : { input_tokens: uncachedInput }
  const stopReason = finishReasonOf("anthropic", script)
  const events: Array<unknown> = [{
    type: "message_start",
    message: {
      id: `msg_${script.responseId}`,
      type: "message",
      role: "assistant",
      content: [],
      model: script.model,
      stop_reason: null,
      stop_sequence: null,
      usage: { ...inputUsage, output_tokens: Math.min(output, 1), service_tier: "standard" }
    }
  }]
  let index = 0
  const block = (start: unknown, deltas: ReadonlyArray<unknown>) => {
    events.push({ type: "content_block_start", index, content_block: start })
    for (const delta of deltas) events.push({ type: "content_block_delta", index, delta })
    events.push({ type: "content_block_stop", index })
    index++
  }
  if (reasoning && script.reasoning.length > 0) {
    block({ type: "thinking", thinking: "", signature: "" }, [
      ...script.reasoning.map((thinking) => ({ type: "thinking_delta", thinking })),
      { type: "signature_delta", signature: script.signature }
    ])
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    block({ type: "text", text: "" }, script.texts.map((text) => ({ type: "text_delta", text })))
  }
  for (const call of script.toolCalls) {
    block({ type: "tool_use", id: call.id, name: call.name, input: {} }, [
      { type: "input_json_delta", partial_json: "" },
      ...splitText(call.arguments, call.cuts).map((partial_json) => ({ type: "input_json_delta", partial_json }))
    ])
  }
  events.push(
    {
      type: "message_delta",
      delta: { stop_reason: stopReason, stop_sequence: stopReason === "stop_sequence" ? "\n\nHuman:" : null },
      usage: deltaRepeatsInput ? { ...inputUsage, output_tokens: output } : { output_tokens: output }
    },
    { type: "message_stop" }
  )
  return events
}

/**
 * Bedrock: `messageStart` first, content blocks (optional reasoning with its signature, text deltas,
 * `toolUse` blocks), `messageStop` with the stop reason, then `metadata` with the usage, last. Variants:
 * cache counts present or absent; reasoning or not.
 */
const bedrockEvents = (script: StreamScript): ReadonlyArray<readonly [eventType: string, payload: unknown]> => {
  const { cacheFields, reasoning } = script.variant
  const events: Array<readonly [string, unknown]> = [["messageStart", { role: "assistant" }]]
  let index = 0
  const delta = (payload: unknown) => events.push(["contentBlockDelta", { contentBlockIndex: index, delta: payload }])
  const stop = () => events.push(["contentBlockStop", { contentBlockIndex: index++ }])
  if (reasoning && script.reasoning.length > 0) {
    for (const text of script.reasoning) delta({ reasoningContent: { text } })
    delta({ reasoningContent: { signature: script.signature } })
    stop()
  }
  if (script.texts.length > 0 || script.toolCalls.length === 0) {
    for (const text of script.texts.length > 0 ? script.texts : [""]) delta({ text })
    stop()
  }
  for (const call of script.toolCalls) {
    events.push(["contentBlockStart", {
      contentBlockIndex: index,
      start: { toolUse: { toolUseId: call.id, name: call.name } }
    }])
    for (const input of splitText(call.arguments, call.cuts)) delta({ toolUse: { input } })
    stop()
  }
  const { cacheRead, cacheWrite, output, uncachedInput } = script.usage
  const cache = cacheFields
    ? {
      ...(cacheRead === undefined ? {} : { cacheReadInputTokens: cacheRead }),
      ...(cacheWrite === undefined ? {} : { cacheWriteInputTokens: cacheWrite })
    }
    : {}
  events.push(
    ["messageStop", { stopReason: finishReasonOf("bedrock", script) }],
    ["metadata", {
      usage: {
        inputTokens: uncachedInput,
        outputTokens: output,
        totalTokens: uncachedInput + (cacheFields ? (cacheRead ?? 0) + (cacheWrite ?? 0) : 0) + output,
        ...cache
      },
      metrics: { latencyMs: 300 + (script.created % 5000) }
    }]
  )
  return events
}

const chunksOf = (provider: CallResponseChunk.Provider, script: StreamScript): ReadonlyArray<unknown> => {
  switch (provider) {
    case "openai":
      return decodeBody(OpenAIChunk.bodyDecoder(), sseBody(provider, openAIPayloads(script)))
    case "anthropic":
      return decodeBody(AnthropicDecoder.bodyDecoder(), sseBody(provider, anthropicPayloads(script)))
    case "groq":
      return decodeBody(GroqChunk.bodyDecoder(), sseBody(provider, groqPayloads(script)))
    case "azure":
      return decodeBody(AzureChunk.bodyDecoder({}), sseBody(provider, azurePayloads(script)))
    case "bedrock":
      return decodeBody(
        BedrockDecoder.bodyDecoder({ modelId: script.model, requestId: script.requestId }),
        eventStreamBody(bedrockEvents(script))
      )
  }
}

/**
 * Whole streams of chunks the provider could send for one call, written as the provider's wire body and
 * decoded with its own decoder, so every chunk is one the real decoder produces. Within one stream:
 *
 * - one response id and one model (Azure's leading prompt annotation has none; Bedrock's chunks carry the
 *   requested model id and the request id, as over the wire);
 * - the provider's frame: OpenAI and Azure end with a usage chunk with `choices: []`; Groq reports usage
 *   on its last chunk (`x_groq.usage`, as recorded) or in a `choices: []` chunk; Anthropic has exactly one
 *   `message_start` first and one `message_stop` last; Bedrock has `messageStart` first, then
 *   `messageStop`, then `metadata` last;
 * - exactly one finish reason, `tool_calls` / `tool_use` exactly when there are tool calls, and otherwise
 *   any the provider sends, including ones that map to `"other"` (`pause_turn`,
 *   `model_context_window_exceeded`);
 * - usage that is non-negative and consistent: cached and cache-write tokens are parts of the input,
 *   reasoning a part of the output, so the stream's cost can be computed for the default models;
 * - text in pieces of any size (the chunking varies), tool calls with JSON arguments cut at arbitrary
 *   code points (Groq: whole), optional reasoning or thinking blocks.
 *
 * Run a generated stream through code that uses `LanguageModel` with `layer(chunks)`.
 *
 * @example
 * ```ts
 * import { CallStream, LanguageModel } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { assert, it } from "@effect/vitest"
 * import { Effect } from "effect"
 * import * as FastCheck from "fast-check"
 *
 * it("the response's text is the concatenated chunk texts", async () => {
 *   await FastCheck.assert(
 *     FastCheck.asyncProperty(TestKit.streamArbitrary("anthropic"), async (chunks) => {
 *       const response = await Effect.runPromise(
 *         CallStream.accumulate(LanguageModel.stream("Hi")).pipe(Effect.provide(TestKit.layer(chunks)))
 *       )
 *       assert.strictEqual(response.content, chunks.map((chunk) => chunk.content).join(""))
 *     })
 *   )
 * })
 * ```
 *
 * @since 0.1.0
 * @category Arbitraries
 */
export const streamArbitrary = <P extends CallResponseChunk.Provider>(
  provider: P,
  options: StreamArbitraryOptions = {}
): FastCheck.Arbitrary<ReadonlyArray<ChunkByProvider[P]>> =>
  scriptArbitrary(provider, options).map((script) => chunksOf(provider, script) as ReadonlyArray<ChunkByProvider[P]>)
