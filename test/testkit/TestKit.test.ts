import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Result, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { Bedrock, CallStream, LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as Fixtures from "../../support/Fixtures.js"
import { collect, failureOf } from "../support/Collect.js"
import { effectProp, prop } from "../support/Property.js"

const runs = { fastCheck: { numRuns: 60, seed: 20261121 } }

/** The chunks a `LanguageModel` layer streams for one call, and how the stream ended. */
const streamed = (layer: Layer.Layer<LanguageModel.LanguageModel>) =>
  collect(LanguageModel.stream("Recommend a fantasy book")).pipe(Effect.provide(layer))

const defined = <A>(values: ReadonlyArray<A | undefined>): ReadonlyArray<A> =>
  values.filter((value): value is A => value !== undefined)

describe("TestKit.streamArbitrary", () => {
  for (const provider of TestKit.providers) {
    effectProp(
      `${provider}: every generated stream accumulates into a complete, priced response`,
      [TestKit.streamArbitrary(provider)],
      ([chunks]) =>
        Effect.gen(function*() {
          const response = yield* CallStream.accumulate(Stream.fromIterable(chunks))
          assert.strictEqual(response.provider, provider)
          assert.strictEqual(response.chunkCount, chunks.length)
          assert.strictEqual(response.content, chunks.map((chunk) => chunk.content).join(""))
          assert.isDefined(response.id)
          assert.isDefined(response.model)
          // Exactly one finish reason, never erased by a later usage chunk.
          assert.strictEqual(response.finishReasons.length, 1)
          assert.strictEqual(defined(chunks.flatMap((chunk) => chunk.finishReasons)).length, 1)
          assert.strictEqual(
            response.commonFinishReasons[0] === "tool_calls",
            response.toolCalls.length > 0,
            "tool_calls exactly when there are tool calls"
          )
          for (const call of response.toolCalls) {
            assert.isNotEmpty(call.id)
            assert.isNotEmpty(call.name)
            assert.doesNotThrow(() => JSON.parse(call.arguments), undefined, call.arguments)
          }
          // Usage: reported, non-negative, its parts within its totals, so the cost can be computed.
          const usage = response.usage
          assert.isAtLeast(usage.inputTokens!, 0)
          assert.isAtLeast(usage.outputTokens!, 0)
          assert.isAtMost(usage.cachedTokens ?? 0, usage.inputTokens!)
          assert.isAtMost((usage.cachedTokens ?? 0) + (usage.cacheWriteTokens ?? 0), usage.inputTokens!)
          assert.isAtMost(usage.reasoningTokens ?? 0, usage.outputTokens!)
          const cost = response.costResult
          assert.isTrue(Result.isSuccess(cost), Result.isFailure(cost) ? cost.failure.message : "")
        }),
      runs
    )
  }

  prop("OpenAI, Groq, Azure: one id and one model per stream, usage in the last chunk", [
    FastCheck.constantFrom("openai" as const, "groq" as const, "azure" as const).chain((provider) =>
      TestKit.streamArbitrary(provider)
    )
  ], ([chunks]) => {
    assert.strictEqual(new Set(defined(chunks.map((chunk) => chunk.id))).size, 1)
    assert.strictEqual(new Set(defined(chunks.map((chunk) => chunk.model))).size, 1)
    const last = chunks[chunks.length - 1]!
    assert.isDefined(last.usage, "the usage arrives in the last chunk")
    assert.strictEqual(defined(chunks.map((chunk) => chunk.usage)).length, 1, "and only there")
    if (last.provider !== "groq") assert.deepStrictEqual(last.chunk.choices, [])
  }, runs)

  prop("Anthropic: exactly one message_start first and one message_stop last", [
    TestKit.streamArbitrary("anthropic")
  ], ([chunks]) => {
    const types = chunks.map((chunk) => chunk.chunk.type)
    assert.strictEqual(types[0], "message_start")
    assert.strictEqual(types[types.length - 1], "message_stop")
    assert.strictEqual(types.filter((type) => type === "message_start").length, 1)
    assert.strictEqual(types.filter((type) => type === "message_stop").length, 1)
    assert.strictEqual(types.filter((type) => type === "message_delta").length, 1)
    assert.strictEqual(defined(chunks.map((chunk) => chunk.id)).length, 1)
    // The stop reason is in message_delta, whose usage is cumulative: it never goes down.
    const start = chunks[0]!.outputTokens!
    const end = chunks.find((chunk) => chunk.chunk.type === "message_delta")!.outputTokens!
    assert.isAtMost(start, end)
  }, runs)

  prop("Bedrock: messageStart first, then messageStop, then metadata last; one model and request id", [
    TestKit.streamArbitrary("bedrock")
  ], ([chunks]) => {
    const types = chunks.map((chunk) => Object.keys(chunk.chunk)[0])
    assert.strictEqual(types[0], "messageStart")
    assert.deepStrictEqual(types.slice(-2), ["messageStop", "metadata"])
    assert.strictEqual(types.filter((type) => type === "messageStop").length, 1)
    assert.strictEqual(new Set(chunks.map((chunk) => chunk.modelId)).size, 1)
    assert.strictEqual(new Set(chunks.map((chunk) => chunk.requestId)).size, 1)
  }, runs)

  prop("options: text-only streams of the given pieces and models", [
    TestKit.streamArbitrary("openai", {
      textPiece: FastCheck.constantFrom("a", "b"),
      maxTextPieces: 3,
      maxToolCalls: 0,
      models: ["my-fine-tune"]
    })
  ], ([chunks]) => {
    assert.isTrue(chunks.every((chunk) => chunk.toolCallDeltas.length === 0))
    assert.isTrue(chunks.every((chunk) => ["", "a", "b"].includes(chunk.content)))
    assert.isAtMost(chunks.filter((chunk) => chunk.content !== "").length, 3)
    assert.deepStrictEqual([...new Set(chunks.map((chunk) => chunk.model))], ["my-fine-tune"])
  }, runs)
})

describe("TestKit.layer", () => {
  effectProp("replays exactly the chunks, on every call, and names their provider and model", [
    FastCheck.constantFrom(...TestKit.providers).chain((provider) => TestKit.streamArbitrary(provider))
  ], ([chunks]) =>
    Effect.gen(function*() {
      const layer = TestKit.layer(chunks)
      for (let call = 0; call < 2; call++) {
        const { chunks: replayed, result } = yield* streamed(layer)
        assert.isTrue(Result.isSuccess(result))
        assert.strictEqual(replayed.length, chunks.length)
        replayed.forEach((chunk, index) => assert.strictEqual(chunk, chunks[index]))
      }
      const model = yield* Effect.provide(LanguageModel.LanguageModel, layer)
      assert.strictEqual(model.provider, chunks[0]!.provider)
      assert.strictEqual(model.model, chunks.find((chunk) => chunk.model !== undefined)!.model)
    }), runs)

  effectProp("with failWith, fails with that error after every chunk", [
    TestKit.streamArbitrary("anthropic")
  ], ([chunks]) =>
    Effect.gen(function*() {
      const error = new ProviderError.ProviderUnavailableError({
        provider: "anthropic",
        status: 529,
        errorType: "overloaded_error",
        message: "anthropic (HTTP 529) [overloaded_error]: Overloaded"
      })
      const { chunks: replayed, result } = yield* streamed(TestKit.layer(chunks, { failWith: error }))
      assert.deepStrictEqual(replayed, chunks)
      assert.strictEqual(failureOf(result), error)
      assert.isTrue(failureOf(result).retryable)
    }), runs)

  it.effect("an empty replay ends at once; provider and model can be set", () =>
    Effect.gen(function*() {
      const layer = TestKit.layer([], { provider: "azure", model: "prod-chat", baseModel: "gpt-4o-2024-08-06" })
      const { chunks, result } = yield* streamed(layer)
      assert.deepStrictEqual(chunks, [])
      assert.isTrue(Result.isSuccess(result))
      const model = yield* Effect.provide(LanguageModel.LanguageModel, layer)
      assert.deepStrictEqual([model.provider, model.model, model.baseModel], [
        "azure",
        "prod-chat",
        "gpt-4o-2024-08-06"
      ])
    }))

  it.effect("later changes to the caller's array do not change the replay", () =>
    Effect.gen(function*() {
      const chunks: Array<CallResponseChunk.CallResponseChunk> = FastCheck.sample(TestKit.streamArbitrary("groq"), {
        numRuns: 1,
        seed: 1
      })[0]!.slice()
      const expected = chunks.slice()
      const layer = TestKit.layer(chunks)
      chunks.length = 0
      assert.deepStrictEqual((yield* streamed(layer)).chunks, expected)
    }))
})

describe("TestKit.fromRecording", () => {
  it.effect("OpenAI text.sse streams the recorded answer through the real decoder", () =>
    Effect.gen(function*() {
      const response = yield* CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?")).pipe(
        Effect.provide(TestKit.fromRecording("openai", Fixtures.bytes("openai", "text.sse")))
      )
      assert.strictEqual(response.content, "4200 + 42 equals 4242.")
      assert.strictEqual(response.model, "gpt-4o-2024-08-06")
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [16, 10])
      // The same recording as text.
      const fromText = yield* CallStream.accumulate(LanguageModel.stream("again")).pipe(
        Effect.provide(TestKit.fromRecording("openai", Fixtures.text("openai", "text.sse")))
      )
      assert.deepStrictEqual(fromText, response)
    }))

  it.effect("Anthropic and Bedrock recordings; Bedrock takes its model and request id from the options", () =>
    Effect.gen(function*() {
      const anthropic = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(TestKit.fromRecording("anthropic", Fixtures.bytes("anthropic", "text.sse")))
      )
      assert.strictEqual(anthropic.content, "4200 + 42 = 4242")
      const body = Fixtures.body("bedrock", "converse-text.eventstream.b64")
      const bedrock = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(TestKit.fromRecording("bedrock", body, {
          model: "us.amazon.nova-micro-v1:0",
          headers: { "x-amzn-requestid": "req-1" }
        }))
      )
      assert.strictEqual(bedrock.model, "us.amazon.nova-micro-v1:0")
      assert.strictEqual(bedrock.id, "req-1")
      assert.isNotEmpty(bedrock.content)
      assert.isTrue(Result.isSuccess(bedrock.costResult))
    }))

  it.effect("a recording fails as the provider would: truncated bodies, in-stream errors, HTTP errors", () =>
    Effect.gen(function*() {
      const text = Fixtures.text("openai", "text.sse")
      const truncated = yield* streamed(TestKit.fromRecording("openai", text.replace("data: [DONE]", "")))
      assert.instanceOf(failureOf(truncated.result), ProviderError.TruncatedStreamError)
      assert.strictEqual(truncated.chunks.map((chunk) => chunk.content).join(""), "4200 + 42 equals 4242.")

      const overloaded = yield* streamed(TestKit.fromRecording("anthropic", Fixtures.bytes("anthropic", "error.sse")))
      assert.instanceOf(failureOf(overloaded.result), ProviderError.ProviderUnavailableError)

      const limited = yield* streamed(TestKit.fromRecording("openai", Fixtures.bytes("openai", "http-429.json"), {
        status: 429,
        headers: { "retry-after": "2", "content-type": "application/json" }
      }))
      const error = failureOf(limited.result)
      assert.instanceOf(error, ProviderError.RateLimitError)
      assert.strictEqual(error.retryAfterMillis, 2000)
      assert.deepStrictEqual(limited.chunks, [])
    }))

  it.live("takes pieces and pacing: a shipped sample's events arrive one by one, its delay apart", () =>
    Effect.gen(function*() {
      const sample = ReplayServer.samples["anthropic"]!
      const arrivals: Array<number> = []
      const paced = yield* LanguageModel.stream("x").pipe(
        Stream.tap(() => Effect.sync(() => arrivals.push(Date.now()))),
        CallStream.accumulate,
        Effect.provide(TestKit.fromRecording("anthropic", sample.body, { cuts: sample.cuts, delayMs: 15 }))
      )
      const whole = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(TestKit.fromRecording("anthropic", sample.body))
      )
      assert.strictEqual(paced.content, whole.content)
      assert.strictEqual(paced.chunkCount, whole.chunkCount)
      // Every event waited for its piece: generously, the chunks span more than half of the delays.
      assert.isAtLeast(arrivals.at(-1)! - arrivals[0]!, (sample.cuts.length * 15) / 2)
      // The same body given as its pieces.
      const pieces = ReplayServer.splitAt(sample.body, sample.cuts)
      const fromPieces = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(TestKit.fromRecording("anthropic", pieces))
      )
      assert.strictEqual(fromPieces.content, whole.content)
    }))
})

describe("TestKit.toRecording", () => {
  for (const provider of TestKit.providers) {
    effectProp(
      `${provider}: generated streams encoded as the wire body decode to the same chunks`,
      [TestKit.streamArbitrary(provider)],
      ([chunks]) =>
        Effect.gen(function*() {
          const first = chunks[0]!
          const options = first instanceof Bedrock.BedrockCallResponseChunk
            ? { model: first.modelId, headers: { "x-amzn-requestid": first.requestId! } }
            : {}
          const { chunks: decoded, result } = yield* streamed(
            TestKit.fromRecording(provider, TestKit.toRecording(provider, chunks), options)
          )
          assert.isTrue(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
          assert.deepStrictEqual(decoded, chunks)
        }),
      { fastCheck: { numRuns: 40, seed: 7 } }
    )
  }
})

// The worked example of docs/testing.md (a user's property test over TestKit.streamArbitrary) runs as
// written in a fresh project: test/package/Package.test.ts.

describe("a user's property test with TestKit", () => {
  // Any payload the schema accepts, one chunk at a time: for accessor-level properties, not streams.
  it.prop(
    "single chunks have Schema arbitraries: it.prop with OpenAI.OpenAICallResponseChunk",
    [OpenAI.OpenAICallResponseChunk],
    ([chunk]) => {
      assert.instanceOf(chunk, OpenAI.OpenAICallResponseChunk)
      // Each raw reason mapped; a finish the host never said (`finishUnsaid`) is a common reason alone.
      if (chunk.finishReasons.length > 0) {
        assert.strictEqual(chunk.commonFinishReasons.length, chunk.finishReasons.length)
      } else assert.isAtMost(chunk.commonFinishReasons.length, 1)
      assert.isString(chunk.content)
    },
    { arbitrary: { runs: 200, seed: 3 } }
  )
})
