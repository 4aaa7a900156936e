/**
 * Limits and budgets that tell the truth, with the scripted offline model of every provider (its requests read on
 * its wire): each step of a tool loop under a budget, and each call under a spend limit with room to spare, is sent
 * with an output cap of at least 80 % of what fits (the room left after the input the provider reports, up to
 * what the model takes: Groq's and Nova's own maxima, not a guess of 4,096); the running meter counts the tokens
 * of the text so far, so a stream of short pieces is not counted as twice its size and a budget cuts near its
 * amount, not at half of it; a call refused before it was sent spends exactly 0; a loop whose first step does not
 * fit says its overshoot is $0 (`Some`), not `None`, in `runTools` and the durable loop alike.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Schema, Stream } from "effect"
import {
  CallStream,
  Cost,
  CostMetadata,
  DurableLoop,
  LanguageModel,
  Message,
  PriceTable,
  SpendLimit,
  StreamStore,
  Tool,
  Usage
} from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"

const providers: ReadonlyArray<TestKit.ScriptedProvider> = [...TestKit.providers, "openai-responses"]

/** The output cap a request body was sent with, in each API's field. */
const capOf = (body: any): number | undefined =>
  body.max_completion_tokens ?? body.max_tokens ?? body.max_output_tokens ?? body.inferenceConfig?.maxTokens ??
    body.generationConfig?.maxOutputTokens

const usd = (cost: Cost.Cost) => BigDecimal.toNumberUnsafe(cost.total)

/** The cost of `inputTokens` and `outputTokens` of the model (bundled prices). */
const costOf = (provider: string, model: string, inputTokens: number, outputTokens: number) =>
  usd(
    Option.getOrThrow(
      Option.fromNullishOr(
        Cost.price(
          PriceTable.bundled,
          provider as never,
          model,
          CostMetadata.fromUsage(Usage.make({ inputTokens, outputTokens }))
        ).pipe((result) => result._tag === "Success" ? result.success : undefined)
      )
    )
  )

const weather = Tool.handle(
  Tool.make("get_weather", { description: "The weather", parameters: Schema.Struct({ city: Schema.String }) }),
  ({ city }) => Effect.succeed(`18°C in ${city}`)
)

const turns: ReadonlyArray<TestKit.Turn> = [
  { text: "Let me check.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { text: "It is 18°C in Paris. ".repeat(100) }
]

/**
 * The cap each scripted model's request has of its own: the model's maximum output (OpenAI's gpt-4o-mini 16,384;
 * Groq's llama-3.3-70b-versatile 32,768; Nova Micro 5,000; Gemini 2.5 Flash 65,536), or for Anthropic the
 * `max_tokens` every request is sent with when it names none (the API requires one).
 */
const ownCap: Readonly<Record<string, number>> = {
  openai: 16_384,
  azure: 16_384,
  "openai-responses": 16_384,
  anthropic: 4_096,
  groq: 32_768,
  bedrock: 5_000,
  google: 65_536,
  "google-vertex": 65_536
}

describe("output caps use what fits", () => {
  for (const provider of providers) {
    it.live(`each step of a budget, and a call under a roomy spend limit (${provider})`, () =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const model = EndpointApp.scriptedOnWire(turns, provider, bodies)
        const done = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Weather in Paris?")],
          tools: [weather],
          budget: { usd: "0.01" }
        }).pipe(Effect.provide(model))
        const service = yield* Effect.provide(LanguageModel.LanguageModel, model)
        const name = service.baseModel ?? service.model
        const perToken = costOf(service.provider, name, 0, 1_000_000) / 1_000_000
        let spent = 0
        assert.isAtLeast(done.steps.length, 1)
        done.steps.forEach((step, index) => {
          // What fits: the room left after the input the provider reported, up to the request's own cap.
          const inputCost = costOf(service.provider, name, step.response.usage.inputTokens!, 0)
          const fits = Math.min(ownCap[provider]!, Math.floor((0.01 - spent - inputCost) / perToken))
          const cap = capOf(bodies[index])!
          assert.isAtLeast(cap, 0.8 * fits, `step ${index + 1}: cap ${cap}, ${fits} fit`)
          assert.isAtMost(cap, ownCap[provider]!)
          spent += usd(Option.getOrThrow(step.response.spend.cost))
        })
        // With a spend limit of $10 a day, the cap is the request's own, all of it.
        bodies.length = 0
        yield* LanguageModel.stream({
          messages: [Message.user("Hi")],
          spendLimit: { key: `roomy-${provider}`, usd: "10", window: "1 day" }
        }).pipe(Stream.take(1), Stream.runDrain, Effect.provide(Layer.merge(model, SpendLimit.layerMemory())))
        assert.strictEqual(capOf(bodies[0]), ownCap[provider])
      }).pipe(Effect.scoped))
  }
})

describe("the running meter", () => {
  it.live("counts the tokens of the text so far: a budget of short pieces is cut near its amount, not at half", () =>
    Effect.gen(function*() {
      // One-letter words, each its own piece: counted alone, each would round up to a token.
      const model = TestKit.scripted([{ text: "a ".repeat(6000) }], { provider: "anthropic" })
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Go")], budget: { usd: "0.01" } })
        .pipe(Effect.provide(model))
      assert.strictEqual(done.reason, "budget")
      const spent = usd(Option.getOrThrow(done.spend.cost))
      assert.isAtLeast(spent, 0.009, String(spent))
      assert.isAtMost(spent, 0.0101, String(spent))
    }))
})

describe("nothing sent, nothing spent", () => {
  it.live("a call refused before it was sent spends exactly 0, not an estimate", () =>
    Effect.gen(function*() {
      const ending = yield* CallStream.settle(
        LanguageModel.stream({
          messages: [Message.user("lorem ".repeat(500))],
          spendLimit: { key: "tiny", usd: "0.000001", window: "1 day" }
        })
      ).pipe(Effect.provide(Layer.merge(TestKit.scripted([{ text: "Hi" }]), SpendLimit.layerMemory())))
      assert.strictEqual(ending._tag, "Failed")
      const spend = ending.response.spend
      assert.isFalse(spend.estimated)
      assert.strictEqual(spend.usage.inputTokens, 0)
      assert.strictEqual(spend.usage.outputTokens, 0)
      assert.strictEqual(usd(Option.getOrThrow(spend.cost)), 0)
    }))

  it.live("a loop whose first step does not fit its budget: reason budget, overshoot $0 (Some), spend $0", () =>
    Effect.gen(function*() {
      const request = { messages: [Message.user("lorem ".repeat(500))], budget: { usd: "0.0000001" } }
      const model = TestKit.scripted([{ text: "Hi" }])
      const looped = yield* LanguageModel.runToolsToEnd(request).pipe(Effect.provide(model))
      // The durable loop stores the step it did not send with its model's prices, and says the same.
      const agent = LanguageModel.durableLoop("no-room", { budget: request.budget })
      const durable = yield* agent.run({ executionId: "no-room", messages: request.messages }).pipe(
        Effect.provide(agent.layer.pipe(
          Layer.provideMerge(DurableLoop.layerMemory),
          Layer.provide(model),
          Layer.provideMerge(StreamStore.layerMemory())
        ))
      )
      for (const done of [looped, durable]) {
        assert.strictEqual(done.reason, "budget")
        assert.strictEqual(done.steps.length, 0)
        assert.isTrue(Option.isSome(done.overshoot))
        assert.strictEqual(usd(Option.getOrThrow(done.overshoot)), 0)
      }
    }))
})
