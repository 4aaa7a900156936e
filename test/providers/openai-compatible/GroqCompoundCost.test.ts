/**
 * The cost of a Groq compound system's answer is its bill: the tokens of each model its usage breakdown lists
 * (`x_groq.usage_breakdown.models`, groq-sdk 1.6.0 `ChatCompletionChunk.XGroq.UsageBreakdown`) at that model's price,
 * plus the fee of each built-in tool it ran (`delta.executed_tools`, `ChatCompletionChunk.Choice.Delta.ExecutedTool`)
 * at groq.com/pricing's. A fee the stream does not determine (code execution billed by the hour, a search of either
 * of two prices) leaves the cost unavailable, with the part it does determine as its `partial`. Each stream is a
 * recording of groq-sdk's chunk type, through the real decoder (`TestKit.fromRecording`).
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Option, Result } from "effect"
import { CallEnding, Cost } from "effect-llm-stream"
import type { ChatCompletionChunk } from "groq-sdk/resources/chat/completions"
import type { CompletionUsage } from "groq-sdk/resources/completions"
import * as StepRecord from "../../../src/app/durable/StepRecord.js"
import { recorded } from "../../support/Collect.js"
import * as GroqChunks from "../../support/GroqChunks.js"

type ExecutedTool = ChatCompletionChunk.Choice.Delta.ExecutedTool
type XGroq = ChatCompletionChunk.XGroq

const model = "groq/compound"

const chunk = GroqChunks.chunkOf(model, "chatcmpl-compound")

const usage = (prompt: number, completion: number): CompletionUsage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: prompt + completion,
  queue_time: 0.02,
  prompt_time: 0.01,
  completion_time: 0.4,
  total_time: 0.43
})

/** GPT-OSS 120B: 2,000 in, 500 out at $0.15 / $0.60 = $0.0006; Llama 4 Scout: 1,000 in, 200 out at $0.11 / $0.34. */
const breakdown: NonNullable<XGroq["usage_breakdown"]> = {
  models: [
    { model: "openai/gpt-oss-120b", usage: usage(2000, 500) },
    { model: "meta-llama/llama-4-scout-17b-16e-instruct", usage: usage(1000, 200) }
  ]
}

/** The parts' tokens: $0.0006 + $0.000178. */
const tokensUsd = "0.000778"

/**
 * A compound answer: each tool streamed as Groq's chunks do, once as it starts (its arguments) and once with its
 * output (under the same index), then the answer and a last chunk with the usage and its breakdown in `x_groq`.
 */
const body = (tools: ReadonlyArray<ExecutedTool>, extra: Partial<XGroq> = { usage_breakdown: breakdown }) =>
  GroqChunks.sseOf([
    chunk({
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      x_groq: { id: "req_compound" }
    }),
    ...tools.flatMap((tool) => [
      chunk({ choices: [{ index: 0, delta: { executed_tools: [tool] }, finish_reason: null }] }),
      chunk({ choices: [{ index: 0, delta: { executed_tools: [{ ...tool, output: "done" }] }, finish_reason: null }] })
    ]),
    chunk({ choices: [{ index: 0, delta: { content: "Effect is a TypeScript library." }, finish_reason: null }] }),
    chunk({
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      x_groq: { id: "req_compound", usage: usage(3000, 700), ...extra }
    })
  ])

const visit: ExecutedTool = { index: 0, type: "visit_website", arguments: "{\"url\":\"https://effect.website\"}" }
const python: ExecutedTool = { index: 1, type: "python", arguments: "{\"code\":\"print(1)\"}" }
const search: ExecutedTool = { index: 2, type: "search", arguments: "{\"query\":\"effect\"}" }

const decimal = (amount: BigDecimal.BigDecimal | undefined) =>
  amount === undefined ? undefined : BigDecimal.format(BigDecimal.normalize(amount))

const unavailable = (result: Result.Result<Cost.Cost, Cost.CostUnavailable>) => {
  if (Result.isSuccess(result)) throw new Error(`expected no cost, got ${Cost.format(result.success)}`)
  return result.failure
}

describe("Groq compound systems: the cost is the bill", () => {
  it.effect("each model's tokens at its own price, and a website visit at $1 per 1,000", () =>
    Effect.gen(function*() {
      const { response, result } = yield* recorded("groq", body([visit]), model)
      assert.strictEqual(result._tag, "Success")
      const cost = Result.getOrThrow(response.costResult)
      // $0.000778 of tokens, and one visit ($0.001): the visit streamed twice under its index is one run.
      assert.strictEqual(Cost.totalText(cost), "0.001778")
      assert.strictEqual(decimal(cost.breakdown.builtInTools), "0.001")
      assert.strictEqual(cost.model, model)
      assert.strictEqual(cost.source, "https://groq.com/pricing")
      assert.deepStrictEqual(
        cost.byModel?.map((part) => [part.model, Cost.totalText(part)]),
        [["openai/gpt-oss-120b", "0.0006"], ["meta-llama/llama-4-scout-17b-16e-instruct", "0.000178"]]
      )
      assert.deepStrictEqual(response.costMetadata.toolRuns, { visit_website: 1 })
      // The usage stays the call's as Groq reports it.
      assert.deepInclude(response.usage, { inputTokens: 3000, outputTokens: 700 })
    }))

  it.effect("code execution, billed by the hour without a duration: unavailable, the rest of the bill its partial", () =>
    Effect.gen(function*() {
      const { response, result } = yield* recorded("groq", body([visit, python]), model)
      assert.strictEqual(result._tag, "Success")
      const failure = unavailable(response.costResult)
      assert.strictEqual(failure.reason, "unmeasured-fee")
      assert.include(failure.message, "code execution (1 run at $0.18 an hour")
      assert.strictEqual(failure.partial && Cost.totalText(failure.partial), "0.001778")
      assert.isTrue(Option.isNone(response.cost))
      assert.deepInclude((response.toJSON()["costUnavailable"] as any).partial, { total: "0.001778" })
    }))

  it.effect("a web search, Basic ($5) or Advanced ($8) per 1,000, which the stream does not say: unavailable", () =>
    Effect.gen(function*() {
      const { response } = yield* recorded("groq", body([search]), model)
      const failure = unavailable(response.costResult)
      assert.strictEqual(failure.reason, "unmeasured-fee")
      assert.include(failure.message, "web search (1 run at $5 or $8 per 1,000")
      assert.strictEqual(failure.partial && Cost.totalText(failure.partial), tokensUsd)
    }))

  it.effect("a tool no row names, or a run not of the SDK's shape, has no price: missing-rate, never free", () =>
    Effect.gen(function*() {
      const { response } = yield* recorded("groq", body([{ index: 3, type: "teleport", arguments: "{}" }]), model)
      const failure = unavailable(response.costResult)
      assert.strictEqual(failure.reason, "missing-rate")
      assert.include(failure.message, "the tool \"teleport\" (1 run)")
      assert.strictEqual(failure.partial && Cost.totalText(failure.partial), tokensUsd)
      const malformed = yield* recorded("groq", body([{ type: "visit_website" } as ExecutedTool]), model)
      assert.strictEqual(unavailable(malformed.response.costResult).reason, "missing-rate")
      // A type that is a name of Object's prototype is a tool of its own, not lost.
      const proto = yield* recorded("groq", body([{ index: 0, type: "__proto__", arguments: "{}" }]), model)
      assert.include(unavailable(proto.response.costResult).message, "the tool \"__proto__\" (1 run)")
    }))

  it.effect("a breakdown not of the SDK's shape: the stream succeeds, its cost unavailable (invalid-usage)", () =>
    Effect.gen(function*() {
      const broken = { usage_breakdown: { models: [{ model: "openai/gpt-oss-120b", usage: "many" }] } } as any
      const { response, result } = yield* recorded("groq", body([visit], broken), model)
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.content, "Effect is a TypeScript library.")
      assert.strictEqual(unavailable(response.costResult).reason, "invalid-usage")
    }))

  it.effect("a model of the breakdown the table does not price: unknown-model, naming it", () =>
    Effect.gen(function*() {
      const unknown = { usage_breakdown: { models: [{ model: "groq/secret-model", usage: usage(10, 10) }] } }
      const { response } = yield* recorded("groq", body([], unknown), model)
      const failure = unavailable(response.costResult)
      assert.strictEqual(failure.reason, "unknown-model")
      assert.include(failure.message, "groq/secret-model")
    }))

  it.effect("a durable step stored and resumed keeps what its bill is made of: the models and the tools' runs", () =>
    Effect.gen(function*() {
      const { response } = yield* recorded("groq", body([visit, python]), model)
      const record = StepRecord.toJson(StepRecord.fromEnding(new CallEnding.Completed({ response })))
      const resumed = yield* StepRecord.toEnding(record as StepRecord.StepRecord)
      assert.deepStrictEqual(resumed.response.costMetadata.toolRuns, { visit_website: 1, python: 1 })
      assert.deepStrictEqual(resumed.response.costMetadata.parts, response.costMetadata.parts)
    }))

  it.effect("without a breakdown (models: null or none) the system has no price of its own", () =>
    Effect.gen(function*() {
      for (const models of [null, []]) {
        const { response } = yield* recorded("groq", body([], { usage_breakdown: { models: models as any } }), model)
        assert.strictEqual(unavailable(response.costResult).reason, "unknown-model")
      }
    }))
})
