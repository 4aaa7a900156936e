/**
 * The request controls end to end, over real HTTP (the replay server, through fetch and undici): the body
 * each provider receives is the one its API accepted in a recorded call (`fixtures/controls/SOURCES.md`),
 * and what comes back (cache reads and writes, reasoning and its tokens) is in the response under the same
 * names for every provider, priced part by part. The cost of each turn is checked against an independent
 * computation: tokens times the per-million rate, summed in integer picodollars, never through `Cost`.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Redacted, Result } from "effect"
import type { LanguageModel as LM } from "effect-llm-stream"
import {
  Anthropic,
  Bedrock,
  CallResponse,
  CallStream,
  Cost,
  Groq,
  LanguageModel,
  Message,
  OpenAI,
  OpenAIResponses,
  PriceTable
} from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as C from "../../support/Controls.js"

const key = Redacted.make("k")
const sse = { "content-type": "text/event-stream; charset=utf-8" }

/** `tokens × rate` ($ per million tokens) summed, exactly (integer picodollars), as `Cost.format` writes it. */
const dollars = (terms: ReadonlyArray<readonly [tokens: number, rate: string]>): string => {
  const pico = terms.reduce((sum, [tokens, rate]) => {
    const [units, decimals = ""] = rate.split(".")
    return sum + BigInt(tokens) * (BigInt(units!) * 1_000_000n + BigInt(decimals.padEnd(6, "0")))
  }, 0n)
  const text = pico.toString().padStart(13, "0")
  return `$${`${text.slice(0, -12)}.${text.slice(-12)}`.replace(/0+$/, "").replace(/\.$/, "")}`
}

const costOf = (response: CallResponse.CallResponse): Cost.Cost => Option.getOrThrow(response.cost)

const run = (
  request: LM.Request,
  model: Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>,
  client: Layer.Layer<HttpClient.HttpClient>
) => CallStream.accumulate(LanguageModel.stream(request)).pipe(Effect.provide(model.pipe(Layer.provide(client))))

const bodiesOf = (server: ReplayServer.ReplayServer, baseUrl: string): Array<any> =>
  server.requests(baseUrl).map((request) => JSON.parse(request.body))

describe("a cached conversation: cache writes on the first call, cache reads on the next", () => {
  for (const [clientName, client] of clients) {
    it.effect(`Anthropic, cache: { ttl: "5m" } on the model layer, two recorded turns, via ${clientName}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recorded = Fixtures.json("controls", "anthropic-cache.requests.json")
        const baseUrl = server.serve([1, 2].map((turn) => ({
          headers: sse,
          body: Fixtures.bytes("controls", `anthropic-cache-turn${turn}.sse`)
        })))
        const model = Anthropic.model("claude-sonnet-4-5", { cache: { ttl: "5m" } }).pipe(
          Layer.provide(Anthropic.layer({ apiKey: key, baseUrl }))
        )
        const system = "You are a helpful assistant."
        const question = Message.user([Message.text(recorded[0].messages[0].content[0].text)])
        const first = yield* run({ system, messages: [question] }, model, client)
        const followUp = Message.user([Message.text(recorded[1].messages[2].content[0].text)])
        const second = yield* run(
          { system, messages: [question, CallResponse.toMessage(first), followUp] },
          model,
          client
        )
        assert.deepStrictEqual(bodiesOf(server, baseUrl), recorded.map((body: object) => ({ ...body, stream: true })))
        // Turn 1 writes the prefix; turn 2 reads it and writes the new turn.
        assert.deepStrictEqual(
          [first.usage.inputTokens, first.usage.cacheWriteTokens, first.usage.cachedTokens, first.usage.outputTokens],
          [3 + 1111, 1111, 0, 397]
        )
        assert.deepStrictEqual(
          [
            second.usage.inputTokens,
            second.usage.cacheWriteTokens,
            second.usage.cachedTokens,
            second.usage.outputTokens
          ],
          [3 + 409 + 1111, 409, 1111, 33]
        )
        // Claude Sonnet 4.5 (Anthropic's pricing page): $3 input, $3.75 5-minute cache writes, $0.30 cache
        // reads, $15 output per million tokens.
        assert.strictEqual(Cost.format(costOf(first)), dollars([[3, "3"], [1111, "3.75"], [397, "15"]]))
        assert.strictEqual(Cost.format(costOf(second)), dollars([[3, "3"], [409, "3.75"], [1111, "0.3"], [33, "15"]]))
        const uncached = dollars([[3 + 409 + 1111, "3"], [33, "15"]])
        assert.isTrue(costOf(second).usd < Number(uncached.slice(1)))
        // The parts, one call away.
        const parts = costOf(second).breakdown
        assert.deepStrictEqual(
          [parts.input, parts.cacheWrite, parts.cacheRead, parts.output].map((part) =>
            Cost.format({ total: part } as Cost.Cost)
          ),
          [dollars([[3, "3"]]), dollars([[409, "3.75"]]), dollars([[1111, "0.3"]]), dollars([[33, "15"]])]
        )
      }))

    it.effect(`Bedrock, four cache points on Claude Sonnet 4.5, the recorded request twice, via ${clientName}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recorded = Fixtures.json("controls", "bedrock-cache.request.json")
        const responses: ReadonlyArray<any> = Fixtures.json("controls", "bedrock-cache.responses.json")
        const baseUrl = server.serve(responses.map((response) => ({
          headers: { "content-type": "application/vnd.amazon.eventstream" },
          body: TestKit.concatBytes([
            TestKit.bedrockEventFrame("messageStart", { role: "assistant" }),
            ...response.output.message.content.map((block: any, index: number) =>
              TestKit.bedrockEventFrame("contentBlockDelta", { contentBlockIndex: index, delta: { text: block.text } })
            ),
            TestKit.bedrockEventFrame("contentBlockStop", { contentBlockIndex: 0 }),
            TestKit.bedrockEventFrame("messageStop", { stopReason: response.stopReason }),
            TestKit.bedrockEventFrame("metadata", { usage: response.usage, metrics: response.metrics })
          ])
        })))
        const modelId = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
        const model = Bedrock.model(modelId).pipe(
          Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl }))
        )
        const request = C.recordedBedrockCacheRequest(recorded)
        const first = yield* run(request, model, client)
        const second = yield* run(request, model, client)
        const { inferenceConfig: _, ...expected } = recorded
        assert.deepStrictEqual(bodiesOf(server, baseUrl), [expected, expected])
        assert.deepStrictEqual([first.content, first.usage.cacheWriteTokens, first.usage.cachedTokens], ["21", 1322, 0])
        assert.deepStrictEqual([second.usage.cacheWriteTokens, second.usage.cachedTokens, second.usage.inputTokens], [
          0,
          1322,
          1324
        ])
        const rates = Result.getOrThrow(PriceTable.bundled.lookup("bedrock", modelId)).rates
        assert.strictEqual(
          Cost.format(costOf(first)),
          dollars([[2, rates.input], [1322, rates.cacheWrite!], [5, rates.output]])
        )
        assert.strictEqual(
          Cost.format(costOf(second)),
          dollars([[2, rates.input], [1322, rates.cacheRead!], [5, rates.output]])
        )
      }))

    it.effect(`OpenAI gpt-5.6, an explicit breakpoint, the recorded two turns, via ${clientName}`, () =>
      Effect.gen(function*() {
        // A call is priced at the prices in force when it was sent (the fiber's clock): a day of GPT-5.6 Sol's.
        const sentAt = Date.parse("2026-11-26T12:00:00Z")
        yield* TestClock.setTime(sentAt)
        const server = yield* ReplayServer.make
        const recorded = Fixtures.json("controls", "openai-cache.requests.json")
        const baseUrl = server.serve([1, 2].map((turn) => ({
          headers: sse,
          body: Fixtures.bytes("controls", `openai-cache-turn${turn}.sse`)
        })))
        const model = OpenAI.model("gpt-5.6-sol", {
          extraBody: { prompt_cache_key: "pydantic-ai-prompt-cache-e2e-chat", prompt_cache_options: { ttl: "30m" } }
        }).pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl })))
        const request: LM.Request = {
          messages: [Message.user([
            Message.text(recorded[0].messages[0].content[0].text),
            Message.cachePoint(),
            Message.text("Reply with exactly: OK")
          ])]
        }
        const first = yield* run(request, model, client)
        const second = yield* run(request, model, client)
        const sent = recorded.map((body: object) => ({
          ...body,
          stream: true,
          stream_options: { include_usage: true }
        }))
        assert.deepStrictEqual(bodiesOf(server, baseUrl), sent)
        assert.deepStrictEqual([first.usage.cacheWriteTokens, first.usage.cachedTokens], [4012, 0])
        assert.deepStrictEqual([second.usage.cacheWriteTokens, second.usage.cachedTokens], [0, 4012])
        const rates = Result.getOrThrow(PriceTable.bundled.lookup("openai", "gpt-5.6-sol", new Date(sentAt))).rates
        assert.strictEqual(
          Cost.format(costOf(first)),
          dollars([[8, rates.input], [4012, rates.cacheWrite!], [4, rates.output]])
        )
        assert.strictEqual(
          Cost.format(costOf(second)),
          dollars([[8, rates.input], [4012, rates.cacheRead!], [4, rates.output]])
        )
      }))
  }
})

describe("reasoning: the request each family takes, and the reasoning and its tokens in the response", () => {
  for (const [clientName, client] of clients) {
    it.effect(`Anthropic Claude Opus 5, effort xhigh with a summary, the recorded call, via ${clientName}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          headers: sse,
          body: Fixtures.bytes("controls", "anthropic-adaptive-thinking.sse")
        })
        const model = Anthropic.model("claude-opus-5").pipe(Layer.provide(Anthropic.layer({ apiKey: key, baseUrl })))
        const response = yield* run(
          {
            messages: [Message.user([Message.text("What is 2+2?")])],
            reasoning: { effort: "xhigh", summary: "auto" }
          },
          model,
          client
        )
        const recorded = Fixtures.json("controls", "anthropic-adaptive-thinking.request.json")
        assert.deepStrictEqual(bodiesOf(server, baseUrl), [{ ...recorded, stream: true }])
        assert.strictEqual(
          response.reasoning,
          "This is a straightforward arithmetic problem, so I'll just provide the answer directly."
        )
        assert.strictEqual(response.content, "2 + 2 = 4")
        assert.deepStrictEqual([response.usage.outputTokens, response.usage.reasoningTokens], [44, 33])
        // Claude Opus 5 (Anthropic's pricing page): $5 input, $25 output per million tokens; thinking is output.
        assert.strictEqual(Cost.format(costOf(response)), dollars([[13, "5"], [44, "25"]]))
        assert.strictEqual(`$${BigDecimal.format(costOf(response).breakdown.reasoning)}`, dollars([[33, "25"]]))
      }))

    it.effect(`the Responses API, gpt-5 with effort medium and an auto summary, the recorded call, via ${clientName}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          headers: sse,
          body: Fixtures.bytes("openai-responses", "reasoning-summary.sse")
        })
        const model = OpenAIResponses.model("gpt-5").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl }))
        )
        const recorded = Fixtures.json("controls", "openai-responses-reasoning.request.json")
        const response = yield* run(
          {
            messages: [Message.user(recorded.input[0].content)],
            reasoning: { effort: "medium", summary: "auto" }
          },
          model,
          client
        )
        assert.deepStrictEqual(bodiesOf(server, baseUrl), [recorded])
        assert.include(response.reasoning, "prime")
        assert.strictEqual(response.content, "3")
        assert.strictEqual(response.usage.reasoningTokens, 832)
      }))

    it.effect(`Chat Completions, gpt-5-mini at minimal effort on the flex tier it reports, via ${clientName}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recording = Fixtures.text("openai", "length-reasoning.sse")
        // The same recording, as the flex tier reports itself (`service_tier: "flex"`): the cost follows it.
        const baseUrl = server.serve([
          { headers: sse, body: recording },
          { headers: sse, body: recording.replaceAll("\"service_tier\":\"default\"", "\"service_tier\":\"flex\"") }
        ])
        const model = OpenAI.model("gpt-5-mini").pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl })))
        const request: LM.Request = {
          messages: [Message.user("Hi")],
          reasoning: { effort: "minimal" },
          serviceTier: "flex"
        }
        const standard = yield* run(request, model, client)
        const flex = yield* run(request, model, client)
        for (const body of bodiesOf(server, baseUrl)) {
          assert.deepStrictEqual([body.reasoning_effort, body.service_tier], ["minimal", "flex"])
        }
        assert.deepStrictEqual([flex.usage.outputTokens, flex.usage.reasoningTokens], [50, 50])
        const price = Result.getOrThrow(PriceTable.bundled.lookup("openai", "gpt-5-mini-2025-08-07"))
        assert.strictEqual(Cost.format(costOf(standard)), dollars([[13, price.rates.input], [50, price.rates.output]]))
        assert.isTrue(
          BigDecimal.equals(
            costOf(flex).total,
            BigDecimal.multiply(costOf(standard).total, BigDecimal.fromStringUnsafe(price.flexMultiplier!))
          )
        )
      }))

    it.effect(`Groq gpt-oss-120b at effort high, and Bedrock Claude Sonnet 4 with a thinking budget, via ${clientName}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const groqUrl = server.serve({ headers: sse, body: Fixtures.bytes("groq", "reasoning.sse") })
        const groq = Groq.model("openai/gpt-oss-120b").pipe(
          Layer.provide(Groq.layer({ apiKey: key, baseUrl: groqUrl }))
        )
        const onGroq = yield* run({ messages: [Message.user("Hi")], reasoning: { effort: "high" } }, groq, client)
        assert.strictEqual(bodiesOf(server, groqUrl)[0].reasoning_effort, "high")
        assert.strictEqual(onGroq.reasoning.length > 0, true)
        const bedrockUrl = server.serve({
          headers: { "content-type": "application/vnd.amazon.eventstream" },
          body: Fixtures.body("bedrock", "reasoning.eventstream.b64")
        })
        const bedrock = Bedrock.model("us.anthropic.claude-sonnet-4-20250514-v1:0").pipe(
          Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl: bedrockUrl }))
        )
        const onBedrock = yield* run(
          { messages: [Message.user("Hi")], reasoning: { effort: "medium" } },
          bedrock,
          client
        )
        const [sent] = bodiesOf(server, bedrockUrl)
        assert.deepStrictEqual(sent.additionalModelRequestFields, {
          thinking: { type: "enabled", budget_tokens: 8192 }
        })
        assert.strictEqual(sent.inferenceConfig.maxTokens, 8192 + 4096)
        assert.strictEqual(onBedrock.reasoning, Fixtures.json("bedrock", "reasoning.expected.json").reasoningText)
      }))
  }
})
