/**
 * The hand-written fast paths of the decoders agree with the Schemas: whatever JSON they accept, the
 * Schema accepts too and decodes to the very same value. The Schemas stay the source of truth.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Result, Schema } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  type CallResponseChunk,
  Google,
  Groq,
  OpenAI,
  OpenAIResponses
} from "effect-llm-stream"
import * as FastCheck from "fast-check"
import * as BodyDecoder from "../../../src/core/framing/BodyDecoder.js"
import * as Payload from "../../../src/core/payload/Payload.js"
import * as AnthropicDecoder from "../../../src/providers/anthropic/AnthropicDecoder.js"
import * as AzureChunk from "../../../src/providers/azure/AzureChunk.js"
import * as BedrockDecoder from "../../../src/providers/bedrock/BedrockDecoder.js"
import * as GoogleDecoder from "../../../src/providers/google/GoogleDecoder.js"
import * as GroqChunk from "../../../src/providers/groq/GroqChunk.js"
import * as FastPath_ from "../../../src/providers/openai-compatible/ChatFastPath.js"
import * as ResponsesDecoder from "../../../src/providers/openai-responses/ResponsesDecoder.js"
import * as OpenAIChunk from "../../../src/providers/openai/OpenAIChunk.js"
import * as Fixtures from "../../../support/Fixtures.js"

/** A JSON value that is sometimes the right type and sometimes not. */
const near = <A>(right: FastCheck.Arbitrary<A>) =>
  FastCheck.oneof({ arbitrary: right, weight: 4 }, { arbitrary: FastCheck.jsonValue({ maxDepth: 2 }), weight: 1 })
const maybe = <A>(arbitrary: FastCheck.Arbitrary<A>) =>
  FastCheck.oneof(arbitrary, FastCheck.constant(undefined), FastCheck.constant(null))

const openaiLike = FastCheck.record({
  id: near(FastCheck.string()),
  object: maybe(near(FastCheck.string())),
  created: maybe(near(FastCheck.integer())),
  model: near(FastCheck.string()),
  service_tier: maybe(near(FastCheck.string())),
  system_fingerprint: maybe(near(FastCheck.string())),
  usage: maybe(near(FastCheck.record({ prompt_tokens: FastCheck.nat(), completion_tokens: FastCheck.nat() }))),
  obfuscation: maybe(FastCheck.string()),
  x_groq: FastCheck.oneof(FastCheck.constant(undefined), near(FastCheck.record({ id: FastCheck.string() }))),
  choices: near(FastCheck.array(
    near(FastCheck.record({
      index: near(FastCheck.oneof(FastCheck.nat(), FastCheck.integer({ min: -3, max: 3 }), FastCheck.double())),
      finish_reason: maybe(near(FastCheck.string())),
      logprobs: maybe(FastCheck.jsonValue({ maxDepth: 1 })),
      content_filter_results: maybe(FastCheck.jsonValue({ maxDepth: 1 })),
      delta: maybe(near(FastCheck.record({
        role: maybe(near(FastCheck.string())),
        content: maybe(near(FastCheck.string())),
        refusal: maybe(near(FastCheck.string())),
        reasoning: maybe(near(FastCheck.string())),
        tool_calls: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 })),
        channel: maybe(FastCheck.string())
      }, { requiredKeys: [] })))
    }, { requiredKeys: [] })),
    { maxLength: 3 }
  ))
}, { requiredKeys: [] })

/** JSON as the decoders receive it: no `undefined` values. */
const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value) ?? "null")

/** What the Schema makes of every value an Effect `Arbitrary` generates for it (JSON round-tripped). */
const schemaSamples = (schema: Schema.Top, seed: number): ReadonlyArray<unknown> =>
  Effect.runSync(Arbitrary.sampleEffect(Arbitrary.schema(schema), { count: 1_000, seed })).map(asJson)

const agrees = (schema: Schema.Codec<unknown, unknown>, accepts: (json: unknown) => boolean) => {
  const decode = Schema.decodeUnknownResult(schema)
  return (json: unknown) => {
    if (!accepts(json)) return true
    const decoded = decode(json)
    // Both paths keep the payload as the provider sent it, so the fast path must only never accept what
    // the Schema rejects.
    assert.isTrue(Result.isSuccess(decoded), `the fast path accepted what the Schema rejects: ${JSON.stringify(json)}`)
    return true
  }
}

const fixtureEvents = (provider: string, name: string) =>
  Fixtures.text(provider, name).split("\n").filter((line) => line.startsWith("data: {")).map((line) =>
    JSON.parse(line.slice(6))
  )

describe("fast paths agree with the Schemas", () => {
  const cases = [
    ["OpenAI", OpenAI.ChatCompletionChunk, FastPath_.isTextChunk([])],
    ["Groq", Groq.ChatCompletionChunk, FastPath_.isTextChunk(["x_groq"])],
    ["Azure", Azure.ChatCompletionChunk, FastPath_.isTextChunk([])]
  ] as const
  for (const [name, schema, accepts] of cases) {
    it(`${name}: on near-miss JSON and on Schema-generated payloads`, () => {
      const check = agrees(schema as Schema.Codec<unknown, unknown>, accepts)
      FastCheck.assert(FastCheck.property(openaiLike, (value) => check(asJson(value))), { numRuns: 3_000, seed: 1 })
      for (const value of schemaSamples(schema, 2)) check(value)
    })
  }

  it("Anthropic: on near-miss JSON and on Schema-generated events", () => {
    const check = agrees(Anthropic.MessageStreamEvent, AnthropicDecoder.isDeltaEvent)
    const event = FastCheck.record({
      type: near(FastCheck.constantFrom("content_block_delta", "content_block_start", "ping")),
      index: near(FastCheck.oneof(FastCheck.nat(), FastCheck.integer({ min: -2, max: 2 }))),
      delta: maybe(near(FastCheck.record({
        type: near(FastCheck.constantFrom("text_delta", "input_json_delta", "thinking_delta")),
        text: maybe(near(FastCheck.string())),
        partial_json: maybe(near(FastCheck.string())),
        thinking: maybe(near(FastCheck.string())),
        signature: maybe(near(FastCheck.string()))
      }, { requiredKeys: [] })))
    }, { requiredKeys: [] })
    FastCheck.assert(FastCheck.property(event, (value) => check(asJson(value))), { numRuns: 3_000, seed: 3 })
    for (const value of schemaSamples(Anthropic.MessageStreamEvent, 4)) check(value)
  })

  it("Anthropic: the events around the text, on near-miss JSON and on Schema-generated events", () => {
    const check = agrees(Anthropic.MessageStreamEvent, AnthropicDecoder.isFrequentEvent)
    const count = maybe(
      near(FastCheck.oneof(FastCheck.nat(), FastCheck.integer({ min: -2, max: 2 }), FastCheck.double()))
    )
    const counts = (...keys: ReadonlyArray<string>) =>
      maybe(near(FastCheck.record(Object.fromEntries(keys.map((key) => [key, count])), { requiredKeys: [] })))
    const usage = maybe(near(FastCheck.record({
      type: maybe(near(FastCheck.string())),
      input_tokens: count,
      output_tokens: count,
      cache_read_input_tokens: count,
      cache_creation_input_tokens: count,
      cache_creation: counts("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens"),
      output_tokens_details: counts("thinking_tokens"),
      server_tool_use: counts("web_search_requests", "web_fetch_requests"),
      service_tier: maybe(near(FastCheck.string())),
      inference_geo: maybe(near(FastCheck.string())),
      speed: maybe(near(FastCheck.string())),
      iterations: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 2 }))
    }, { requiredKeys: [] })))
    const event = FastCheck.record({
      type: near(FastCheck.constantFrom(
        "message_start",
        "content_block_start",
        "content_block_stop",
        "message_delta",
        "message_stop"
      )),
      index: near(FastCheck.oneof(FastCheck.nat(), FastCheck.integer({ min: -2, max: 2 }))),
      message: maybe(near(FastCheck.record({
        id: near(FastCheck.string()),
        model: near(FastCheck.string()),
        role: maybe(near(FastCheck.string())),
        stop_reason: maybe(near(FastCheck.string())),
        stop_sequence: maybe(near(FastCheck.string())),
        usage
      }, { requiredKeys: [] }))),
      content_block: maybe(near(FastCheck.record({
        type: near(
          FastCheck.constantFrom("text", "thinking", "redacted_thinking", "tool_use", "web_search_tool_result")
        ),
        text: maybe(near(FastCheck.string())),
        thinking: maybe(near(FastCheck.string())),
        signature: maybe(near(FastCheck.string()))
      }, { requiredKeys: [] }))),
      delta: maybe(near(FastCheck.record({
        stop_reason: maybe(near(FastCheck.string())),
        stop_sequence: maybe(near(FastCheck.string())),
        stop_details: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 }))
      }, { requiredKeys: [] }))),
      usage
    }, { requiredKeys: [] })
    FastCheck.assert(FastCheck.property(event, (value) => check(asJson(value))), { numRuns: 5_000, seed: 13 })
    for (const value of schemaSamples(Anthropic.MessageStreamEvent, 14)) check(value)
    // Every event of recorded text and thinking answers takes it.
    for (const name of ["text.sse", "thinking.sse"]) {
      const events = fixtureEvents("anthropic", name).filter((json) => json.type !== "ping")
      assert.isAbove(events.length, 3)
      assert.deepStrictEqual(events.filter((json) => !AnthropicDecoder.isFrequentEvent(json)), [], name)
    }
  })

  it("Bedrock: on near-miss JSON and on Schema-generated text deltas", () => {
    const decode = Schema.decodeUnknownResult(Bedrock.ConverseStreamOutput)
    const payload = FastCheck.record({
      contentBlockIndex: near(FastCheck.oneof(FastCheck.nat(), FastCheck.integer({ min: -2, max: 2 }))),
      p: maybe(FastCheck.string()),
      delta: maybe(near(FastCheck.record({
        text: maybe(near(FastCheck.string())),
        toolUse: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 })),
        reasoningContent: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 }))
      }, { requiredKeys: [] })))
    }, { requiredKeys: [] })
    const check = (json: unknown) => {
      if (!BedrockDecoder.isTextDelta("contentBlockDelta", json)) return true
      const decoded = decode({ contentBlockDelta: json })
      assert.isTrue(Result.isSuccess(decoded), JSON.stringify(json))
      return true
    }
    FastCheck.assert(FastCheck.property(payload, (value) => check(asJson(value))), { numRuns: 3_000, seed: 5 })
    for (const value of schemaSamples(Bedrock.ContentBlockDeltaEvent, 6)) check(value)
  })

  it("Responses API: on near-miss JSON and on Schema-generated events", () => {
    const check = agrees(OpenAIResponses.ResponseStreamEvent, ResponsesDecoder.isDeltaEvent)
    const event = FastCheck.record({
      type: near(FastCheck.constantFrom(
        "response.output_text.delta",
        "response.reasoning_summary_text.delta",
        "response.function_call_arguments.delta",
        "response.refusal.delta"
      )),
      sequence_number: maybe(near(FastCheck.nat())),
      output_index: near(FastCheck.oneof(FastCheck.nat(), FastCheck.integer({ min: -2, max: 2 }))),
      content_index: maybe(near(FastCheck.nat())),
      summary_index: maybe(near(FastCheck.nat())),
      item_id: near(FastCheck.string()),
      delta: near(FastCheck.string()),
      logprobs: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 })),
      obfuscation: maybe(FastCheck.string())
    }, { requiredKeys: [] })
    FastCheck.assert(FastCheck.property(event, (value) => check(asJson(value))), { numRuns: 3_000, seed: 7 })
    for (const value of schemaSamples(OpenAIResponses.ResponseStreamEvent, 8)) check(value)
    const text = Fixtures.text("openai-responses", "reasoning-summary.sse").split("\n").filter((line) =>
      line.startsWith("data: ")
    ).map((line) => JSON.parse(line.slice(6)))
    const deltas = text.filter((json) => json.type.endsWith("_text.delta"))
    assert.isAbove(deltas.length, 100)
    assert.isTrue(deltas.every(ResponsesDecoder.isDeltaEvent))
  })

  it("the fast paths take most chunks of real streams (so they are exercised)", () => {
    const openai = fixtureEvents("openai", "text.sse")
    const accepted = openai.filter(FastPath_.isTextChunk([])).length
    assert.isAtLeast(accepted, openai.length - 2)
    const anthropic = fixtureEvents("anthropic", "text.sse").filter((json) => json.type === "content_block_delta")
    assert.isTrue(anthropic.every(AnthropicDecoder.isDeltaEvent))
    // Usage chunks and tool calls are always left to the Schema.
    const usage = openai.find((json) => json.usage)
    assert.isFalse(FastPath_.isTextChunk([])(usage))
  })
})

describe("instances built without the constructor", () => {
  // Every decoder, fast path or not, builds chunks with `Payload.instantiate`; for every chunk class and
  // every field it has (Azure's `baseModel`, Bedrock's `modelId`, `requestId` and `blockStart`,
  // Anthropic's `block`), that must be the very object the Schema constructor builds.
  const classes = [
    OpenAI.OpenAICallResponseChunk,
    Groq.GroqCallResponseChunk,
    Azure.AzureCallResponseChunk,
    Anthropic.AnthropicCallResponseChunk,
    Bedrock.BedrockCallResponseChunk,
    OpenAIResponses.OpenAIResponsesCallResponseChunk
  ] as const
  const accessors = (chunk: CallResponseChunk.CallResponseChunk) => [
    chunk.provider,
    chunk.content,
    chunk.reasoning,
    chunk.finishReasons,
    chunk.commonFinishReasons,
    chunk.model,
    chunk.pricingModel,
    chunk.id,
    chunk.usage,
    chunk.commonUsage,
    chunk.costMetadata,
    chunk.toolCallDeltas,
    chunk.toolCallsEnded,
    chunk.serverToolCallDeltas,
    chunk.serverToolResults,
    chunk.contentBlockUpdate
  ]
  for (const chunkClass of classes) {
    it.prop(
      `${chunkClass.identifier}: equal the constructor's, with the same accessors`,
      [chunkClass as unknown as Schema.Codec<CallResponseChunk.CallResponseChunk>],
      ([constructed]) => {
        const fields = { ...constructed }
        const built = Payload.instantiate(chunkClass as any, fields) as CallResponseChunk.CallResponseChunk
        assert.instanceOf(built, chunkClass as new(...args: Array<any>) => unknown)
        assert.strictEqual(Object.getPrototypeOf(built), Object.getPrototypeOf(constructed))
        assert.deepStrictEqual(Object.keys(built), Object.keys(constructed))
        assert.deepStrictEqual({ ...built }, fields)
        assert.isTrue(Schema.is(chunkClass as Schema.Top)(built))
        assert.deepStrictEqual(accessors(built), accessors(constructed))
      },
      { arbitrary: { runs: 200, seed: 12 } }
    )
  }

  it("the decoders' chunks of real streams carry every field of their class, and only those", () => {
    const recordings = [
      [OpenAI.OpenAICallResponseChunk, "openai", "text.sse", OpenAIChunk.bodyDecoder()],
      [Groq.GroqCallResponseChunk, "groq", "text.sse", GroqChunk.bodyDecoder()],
      [Azure.AzureCallResponseChunk, "azure", "text.sse", AzureChunk.bodyDecoder({ baseModel: "gpt-4o" })],
      [Anthropic.AnthropicCallResponseChunk, "anthropic", "tool-use.sse", AnthropicDecoder.bodyDecoder()],
      [
        Bedrock.BedrockCallResponseChunk,
        "bedrock",
        "tool-use.eventstream.b64",
        BedrockDecoder.bodyDecoder({ modelId: "m", requestId: "r" })
      ]
    ] as const
    for (const [chunkClass, provider, file, decoder] of recordings) {
      const chunks: ReadonlyArray<object> = decodeAll(
        decoder as BodyDecoder.BodyDecoder<any>,
        Fixtures.body(provider, file)
      )
      assert.isAbove(chunks.length, 2)
      const fieldNames = Object.keys(chunkClass.fields)
      for (const chunk of chunks) {
        assert.isTrue(Schema.is(chunkClass as Schema.Top)(chunk), `${provider}: ${JSON.stringify(chunk)}`)
        for (const key of Object.keys(chunk)) assert.include(fieldNames, key, `${provider}: ${key}`)
      }
      // The context the client passes in is on every chunk.
      if (provider === "azure") assert.isTrue(chunks.every((chunk: any) => chunk.baseModel === "gpt-4o"))
      if (provider === "bedrock") {
        assert.isTrue(chunks.every((chunk: any) => chunk.modelId === "m" && chunk.requestId === "r"))
        assert.isTrue(chunks.some((chunk: any) => chunk.blockStart !== undefined))
      }
      if (provider === "anthropic") assert.isTrue(chunks.some((chunk: any) => chunk.block !== undefined))
    }
  })
})

/** Every chunk of a whole body, decoded in one piece by the synchronous core. */
const decodeAll = <C>(decoder: BodyDecoder.BodyDecoder<C>, body: Uint8Array): Array<C> => {
  const out: Array<C> = []
  const pushed = decoder.push(body, out)
  assert.isUndefined(pushed === BodyDecoder.complete ? undefined : pushed)
  const ended = decoder.end(out)
  assert.isTrue(ended === undefined || ended === BodyDecoder.complete, String(ended))
  return out
}

describe("Google's fast path agrees with its Schema", () => {
  it("on near-miss JSON, on Schema-generated events, and takes every event of recorded text answers", () => {
    const check = agrees(
      Google.GenerateContentResponse as Schema.Codec<unknown, unknown>,
      GoogleDecoder.isFrequentEvent
    )
    const count = maybe(near(FastCheck.oneof(FastCheck.nat(), FastCheck.double())))
    const details = maybe(near(FastCheck.array(
      near(FastCheck.record({ modality: maybe(near(FastCheck.string())), tokenCount: count }, { requiredKeys: [] })),
      { maxLength: 2 }
    )))
    const part = near(FastCheck.record({
      text: maybe(near(FastCheck.string())),
      thought: maybe(near(FastCheck.boolean())),
      thoughtSignature: maybe(near(FastCheck.string())),
      functionCall: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 2 }))
    }, { requiredKeys: [] }))
    const event = FastCheck.record({
      candidates: maybe(near(FastCheck.array(
        near(FastCheck.record({
          index: count,
          finishReason: maybe(near(FastCheck.string())),
          safetyRatings: maybe(near(FastCheck.array(FastCheck.jsonValue({ maxDepth: 1 }), { maxLength: 2 }))),
          content: maybe(near(FastCheck.record({
            role: maybe(near(FastCheck.string())),
            parts: maybe(near(FastCheck.array(part, { maxLength: 3 })))
          }, { requiredKeys: [] })))
        }, { requiredKeys: [] })),
        { maxLength: 2 }
      ))),
      usageMetadata: maybe(near(FastCheck.record({
        promptTokenCount: count,
        candidatesTokenCount: count,
        thoughtsTokenCount: count,
        promptTokensDetails: details,
        trafficType: maybe(near(FastCheck.string()))
      }, { requiredKeys: [] }))),
      promptFeedback: FastCheck.oneof(FastCheck.constant(undefined), FastCheck.jsonValue({ maxDepth: 1 })),
      modelVersion: maybe(near(FastCheck.string())),
      responseId: maybe(near(FastCheck.string()))
    }, { requiredKeys: [] })
    FastCheck.assert(FastCheck.property(event, (value) => check(asJson(value))), { numRuns: 3_000, seed: 21 })
    for (const value of schemaSamples(Google.GenerateContentResponse, 22)) check(value)
    for (const name of ["text.sse", "thoughts-gemma4.sse", "reasoning-gemini3.sse"]) {
      const events = fixtureEvents("google", name)
      assert.deepStrictEqual(events.filter((json) => !GoogleDecoder.isFrequentEvent(json)), [], name)
    }
  })
})
