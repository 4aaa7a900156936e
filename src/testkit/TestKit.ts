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
 * import { CallStream, LanguageModel, PriceTable } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect } from "effect"
 * import * as FastCheck from "fast-check"
 *
 * // The code under test.
 * const shout = CallStream.accumulate(LanguageModel.stream("Recommend a book")).pipe(
 *   Effect.map((response) => response.content.toUpperCase())
 * )
 *
 * // Any stream OpenAI could send: the result is the upper-cased text of the response. `Effect.runSync` with the
 * // price table at hand (`PriceTable.layerBundled`): without it, the first response loads the table asynchronously.
 * FastCheck.assert(
 *   FastCheck.property(TestKit.streamArbitrary("openai"), (chunks) => {
 *     const text = chunks.map((chunk) => chunk.content).join("")
 *     const answer = Effect.runSync(Effect.provide(shout, [TestKit.layer(chunks), PriceTable.layerBundled]))
 *     return answer === text.toUpperCase()
 *   })
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
/** @ts-ignore fast-check is an optional peer dependency: a program that never calls streamArbitrary type-checks without it */
import type * as FastCheck from "fast-check"
import * as LanguageModel from "../app/LanguageModel.js"
import type * as CallResponseChunk from "../core/call/CallResponseChunk.js"
import * as Provider from "../core/Provider.js"
import type * as ProviderError from "../core/ProviderError.js"
import * as ProviderTestKits from "../providers/ProviderTestKits.js"
import * as TestKitPayloads from "./TestKitPayloads.js"
import * as TestKitScript from "./TestKitScript.js"

export { concatBytes, jsonFrame as eventStreamFrame } from "../core/framing/BodyWriter.js"
export { eventFrame as bedrockEventFrame } from "../providers/bedrock/BedrockTestKit.js"
export type { Chunks as ChunkByProvider } from "../providers/ProviderTestKits.js"
export { defaultRecordingModels, fromRecording, type RecordingOptions } from "./TestKitRecording.js"
export { defaultArbitraryModels, type StreamArbitraryOptions } from "./TestKitScript.js"
export * from "./TestKitScripted.js"

// ---------------------------------------------------------------------------------------------------
// Replaying chunks
// ---------------------------------------------------------------------------------------------------

/**
 * Every provider, in a fixed order (for tests that run once per provider).
 *
 * @since 0.1.0
 * @category Constants
 */
export const providers: ReadonlyArray<CallResponseChunk.Provider> = Provider.providers

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
 * import { CallStream, LanguageModel, OpenAI, PriceTable, ProviderError } from "effect-llm-stream"
 * import { TestKit } from "effect-llm-stream/testing"
 * import { Effect, Schema } from "effect"
 *
 * const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
 * const chunks = [
 *   decode({ id: "chatcmpl-1", model: "gpt-4o-mini", choices: [{ index: 0, delta: { content: "Hello" } }] }),
 *   decode({ id: "chatcmpl-1", model: "gpt-4o-mini", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })
 * ]
 *
 * // Synchronously, with the price table at hand (else the first response loads it asynchronously).
 * const program = CallStream.accumulate(LanguageModel.stream("Hi"))
 * Effect.runSync(Effect.provide(program, [TestKit.layer(chunks), PriceTable.layerBundled])).content // "Hello"
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
  chunks: Iterable<ProviderTestKits.Chunks[P]>
): Uint8Array =>
  ProviderTestKits.testKits[provider].wire.body(
    Array.from(chunks as Iterable<CallResponseChunk.CallResponseChunk>, (chunk) => chunk.chunk)
  )

// ---------------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------------

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
 *   any the provider sends, including ones that map to `"other"` (`pause_turn`) or to `"length"`
 *   (`model_context_window_exceeded`);
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
  options: TestKitScript.StreamArbitraryOptions = {}
): FastCheck.Arbitrary<ReadonlyArray<ProviderTestKits.Chunks[P]>> =>
  TestKitScript.scriptArbitrary(provider, options).map((script) =>
    TestKitPayloads.chunksOf(provider, script) as ReadonlyArray<ProviderTestKits.Chunks[P]>
  )
