/**
 * A user's property tests over the chunk classes' Schema arbitraries, as docs/testing.md ("Single chunks") offers
 * them: `Arbitrary.schema(X)` of `effect/Arbitrary`, or the class itself in `it.prop`. For every provider's chunk
 * class the arbitrary builds and gives small values; each value goes through `Schema.encode` and back, and through
 * JSON text (`Schema.toCodecJson`) and back, to an equal chunk; and every accessor a user reads is total on it: the
 * declared type, counts that are non-negative safe integers, finish reasons of the common set, a cost that is never a
 * defect nor negative. The payload schemas each provider module exports for property tests decode, through the
 * provider's own decoding, into chunks with the same accessors.
 */
import { assert, describe, it } from "@effect/vitest"
import { Arbitrary, Effect, Result, Schema } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  CallResponseChunk,
  Cost,
  CostMetadata,
  FinishReason,
  Google,
  Groq,
  OpenAI,
  OpenAICompatible,
  OpenAIResponses,
  PriceTable,
  Usage
} from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

interface Case {
  readonly name: string
  /** The chunk class, a `Schema.Class` (its arbitrary is any chunk the schema accepts). */
  readonly chunk: Schema.Codec<CallResponseChunk.CallResponseChunk, unknown>
  /** The raw payload schema the provider module exports for users' property tests. */
  readonly payload: Schema.Codec<unknown, unknown>
  /** The provider's own decoding of one encoded payload into a chunk. */
  readonly fromPayload: (encoded: unknown) => CallResponseChunk.CallResponseChunk
  /** The model whose bundled price every generated chunk's cost metadata is also priced at. */
  readonly model: string
  readonly provider: CallResponseChunk.Provider
}

const codec = <A, I>(schema: Schema.Codec<A, I>) => schema as unknown as Schema.Codec<any, unknown>

/** A case: the chunk class, the payload schema and its decoding; priced at the provider's first arbitrary model. */
const caseOf = (
  name: string,
  provider: CallResponseChunk.Provider,
  schemas: readonly [chunk: Schema.Codec<any, any>, payload: Schema.Codec<any, any>, fromPayload: Case["fromPayload"]]
): Case => ({
  name,
  provider,
  chunk: codec(schemas[0]),
  payload: codec(schemas[1]),
  fromPayload: schemas[2],
  model: TestKit.defaultArbitraryModels[provider][0]!
})

const decodingWith = (schema: Schema.Codec<CallResponseChunk.CallResponseChunk, any>) =>
  Schema.decodeUnknownSync(schema)

/** One Bedrock event frame: its type is the payload's one key, its JSON that key's value. */
const bedrockFrame = (encoded: unknown) => {
  const [eventType, body] = Object.entries(encoded as Record<string, unknown>)[0]!
  return Result.getOrThrow(
    Bedrock.decodeChunk(eventType, body, { modelId: TestKit.defaultArbitraryModels.bedrock[0]! })
  )
}

const cases: ReadonlyArray<Case> = [
  caseOf("OpenAI Chat Completions", "openai", [
    OpenAI.OpenAICallResponseChunk,
    OpenAI.ChatCompletionChunk,
    decodingWith(OpenAI.OpenAICallResponseChunkFromPayload)
  ]),
  caseOf("OpenAI Responses", "openai", [
    OpenAIResponses.OpenAIResponsesCallResponseChunk,
    OpenAIResponses.ResponseStreamEvent,
    decodingWith(OpenAIResponses.OpenAIResponsesCallResponseChunkFromPayload)
  ]),
  caseOf("Anthropic", "anthropic", [
    Anthropic.AnthropicCallResponseChunk,
    Anthropic.MessageStreamEvent,
    decodingWith(Anthropic.AnthropicCallResponseChunkFromPayload)
  ]),
  caseOf("Groq", "groq", [
    Groq.GroqCallResponseChunk,
    Groq.ChatCompletionChunk,
    decodingWith(Groq.GroqCallResponseChunkFromPayload)
  ]),
  caseOf("Azure", "azure", [
    Azure.AzureCallResponseChunk,
    Azure.ChatCompletionChunk,
    decodingWith(Azure.AzureCallResponseChunkFromPayload)
  ]),
  caseOf("Bedrock", "bedrock", [Bedrock.BedrockCallResponseChunk, Bedrock.ConverseStreamOutput, bedrockFrame]),
  caseOf("Google", "google", [
    Google.GoogleCallResponseChunk,
    Google.GenerateContentResponse,
    decodingWith(Google.GoogleCallResponseChunkFromPayload)
  ]),
  // A host of the compatible core, priced as OpenAI's models.
  caseOf("OpenAI-compatible", "openai", [
    OpenAICompatible.OpenAICompatibleCallResponseChunk,
    OpenAICompatible.ChatCompletionChunk,
    decodingWith(OpenAICompatible.OpenAICompatibleCallResponseChunkFromPayload("deepseek"))
  ])
]

const runs = { runs: 200, seed: 29 }

const commonSet: ReadonlyArray<string> = FinishReason.FinishReason.literals

/** Undefined, or a count: a non-negative safe integer. */
const assertCount = (value: unknown, what: string) => {
  if (value !== undefined) {
    assert.isTrue(Number.isSafeInteger(value) && (value as number) >= 0, `${what} is ${String(value)}`)
  }
}

const isOptionalString = (value: unknown) => value === undefined || typeof value === "string"

/** Every accessor a user reads, with its declared type; the cost at `price` a success of a non-negative total or a reason. */
const assertAccessors = (chunk: CallResponseChunk.CallResponseChunk, price: PriceTable.ModelPrice) => {
  for (const text of [chunk.content, chunk.reasoning, chunk.refusal]) assert.isString(text)
  assert.isTrue(chunk.finishReasons.every((reason) => typeof reason === "string"))
  // Each raw reason mapped; a finish the host never said (`finishUnsaid`) is a common reason alone.
  if (chunk.finishReasons.length > 0) {
    assert.strictEqual(chunk.commonFinishReasons.length, chunk.finishReasons.length)
  } else assert.isAtMost(chunk.commonFinishReasons.length, 1)
  for (const reason of chunk.commonFinishReasons) assert.include(commonSet, reason)
  assert.isTrue(isOptionalString(chunk.model) && isOptionalString(chunk.id) && isOptionalString(chunk.pricingModel))
  for (const count of ["inputTokens", "cachedTokens", "outputTokens"] as const) assertCount(chunk[count], count)
  const usage = chunk.commonUsage
  if (usage !== undefined) {
    assert.isTrue(Schema.is(Usage.Usage)(usage), JSON.stringify(usage))
    for (const [name, value] of Object.entries(usage)) if (name !== "byModel") assertCount(value, `commonUsage.${name}`)
    assert.strictEqual(chunk.inputTokens, usage.inputTokens)
    assert.strictEqual(chunk.outputTokens, usage.outputTokens)
  } else assert.isTrue(chunk.inputTokens === undefined && chunk.outputTokens === undefined)
  const metadata = chunk.costMetadata
  assert.isTrue(Schema.is(CostMetadata.CostMetadata)(metadata), JSON.stringify(metadata))
  assert.isArray(chunk.toolCallDeltas)
  const audio = (chunk as { readonly audio?: unknown }).audio
  assert.isTrue(audio === undefined || audio instanceof Uint8Array)
  assert.isTrue(isOptionalString((chunk as { readonly audioTranscript?: unknown }).audioTranscript))
  for (
    const cost of [
      Cost.compute(price, metadata),
      Cost.price(PriceTable.bundled, chunk.provider, chunk.pricingModel, metadata)
    ]
  ) {
    if (Result.isSuccess(cost)) assert.isTrue(cost.success.total.value >= 0n, Cost.format(cost.success))
    else assert.instanceOf(cost.failure, Cost.CostUnavailable)
  }
}

/** The accessors of a chunk, as a user compares two chunks' meaning. */
const reading = (chunk: CallResponseChunk.CallResponseChunk) => ({
  content: chunk.content,
  reasoning: chunk.reasoning,
  finishReasons: chunk.finishReasons,
  commonFinishReasons: chunk.commonFinishReasons,
  model: chunk.model,
  id: chunk.id,
  commonUsage: chunk.commonUsage === undefined ? undefined : { ...chunk.commonUsage },
  costMetadata: { ...chunk.costMetadata },
  events: chunk.events.length
})

describe("the chunk classes' Schema arbitraries", () => {
  for (const testCase of cases) {
    describe(testCase.name, () => {
      const price = Result.getOrThrow(PriceTable.bundled.lookup(testCase.provider, testCase.model))
      const json = Schema.toCodecJson(testCase.chunk)

      it.effect("builds with effect/Arbitrary and samples small values", () =>
        Effect.gen(function*() {
          const samples = yield* Arbitrary.sampleEffect(Arbitrary.schema(testCase.chunk), { count: 100, seed: 5 })
          assert.strictEqual(samples.length, 100)
          for (const sample of samples) {
            assert.isBelow(JSON.stringify(Schema.encodeSync(json)(sample)).length, 64 * 1024)
          }
        }))

      it.prop("reads back equal, encoded and as JSON text (Schema.toCodecJson); every accessor is total", [
        testCase.chunk
      ], ([chunk]) => {
        const encoded = Schema.encodeSync(testCase.chunk)(chunk)
        const decoded = Schema.decodeUnknownSync(testCase.chunk)(encoded)
        assert.deepStrictEqual(Schema.encodeSync(testCase.chunk)(decoded), encoded)
        assert.deepStrictEqual(reading(decoded), reading(chunk))
        const text = JSON.stringify(Schema.encodeSync(json)(chunk))
        const read = Schema.decodeUnknownSync(json)(JSON.parse(text))
        assert.strictEqual(JSON.stringify(Schema.encodeSync(json)(read)), text)
        assert.deepStrictEqual(reading(read), reading(chunk))
        assertAccessors(chunk, price)
      }, { arbitrary: runs })

      // No number field takes `NaN` or `±Infinity` (JSON text writes them `null`): what is stored reads back.
      it.effect("its encoded form, written as JSON text, decodes back", () =>
        Effect.gen(function*() {
          const result = yield* Arbitrary.checkEffect(
            Arbitrary.schema(testCase.chunk),
            (chunk) =>
              Effect.as(
                Effect.try(() =>
                  Schema.decodeUnknownSync(testCase.chunk)(
                    JSON.parse(JSON.stringify(Schema.encodeSync(testCase.chunk)(chunk)))
                  )
                ),
                true
              ),
            { runs: 1000, seed: 1, maxShrinks: 0 }
          )
          assert.strictEqual(result._tag, "Passed")
        }))

      it.prop("CallResponse.append folds any list of them into a response whose accessors are total", [
        Schema.Array(testCase.chunk)
      ], ([chunks]) => {
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        assert.strictEqual(response.content, chunks.map((chunk) => chunk.content).join(""))
        assert.isTrue(response.commonFinishReasons.every((reason) => commonSet.includes(reason)))
        for (const [name, value] of Object.entries(response.usage)) {
          if (name !== "byModel") assertCount(value, `usage.${name}`)
        }
        const cost = response.costResult
        if (Result.isSuccess(cost)) assert.isTrue(cost.success.total.value >= 0n)
        assert.isArray(response.toolCalls)
      }, { arbitrary: { runs: 50, seed: 31 } })

      it.prop("the exported payload schema's values decode into chunks as the provider's stream does", [
        testCase.payload
      ], ([payload]) => {
        const chunk = testCase.fromPayload(Schema.encodeSync(testCase.payload)(payload))
        assertAccessors(chunk, price)
      }, { arbitrary: { runs: 100, seed: 37 } })
    })
  }
})
