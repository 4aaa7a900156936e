/**
 * A budget the provider cannot overshoot, against hostile loopback models (OpenAI's Chat Completions wire, over
 * the replay server): one that reports usage only at its end and ignores the output cap, one that never reports
 * usage, one that reports it wrongly (no output while text streams). Each step is sent with the output cap that
 * fits (`max_completion_tokens`, the field the `openai` SDK's `ChatCompletionCreateParams` names), a step whose
 * input alone does not fit is not sent, and a running estimate of what arrived cuts the step as it crosses. A step
 * whose cost cannot be computed (its web searches without a price) ends a budgeted loop with the reason.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Redacted, Schema } from "effect"
import { Anthropic, Cost, LanguageModel, Message, PriceTable, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Tokenizer from "../../../src/core/estimate/Tokenizer.js"
import * as PricedOpenAi from "../../support/PricedOpenAi.js"

// Estimates with the tokenizer (the test setup counts by characters elsewhere).
process.env["EFFECT_LLM_STREAM_TOKENIZER"] = "on"
Tokenizer.forget()

/** gpt-4o: $2.50 per million input tokens, $10 per million output tokens ($0.00001 each). */
const { chunk, model } = PricedOpenAi

/** A Chat Completions answer of `words` (one token each), with `usage` where and as given. */
const answer = (
  words: number,
  usage: { readonly at: "end" | "start" | "never"; readonly prompt?: number; readonly completion?: number }
) => {
  const report = chunk({
    choices: [],
    usage: { prompt_tokens: usage.prompt ?? 10, completion_tokens: usage.completion ?? words, total_tokens: 0 }
  })
  const parts = [chunk({ choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })]
  if (usage.at === "start") parts.push(report)
  for (let index = 0; index < words; index++) {
    parts.push(chunk({ choices: [{ index: 0, delta: { content: " word" }, finish_reason: null }] }))
  }
  parts.push(chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }))
  if (usage.at === "end") parts.push(report)
  parts.push("data: [DONE]\n\n")
  return { headers: { "content-type": "text/event-stream" }, body: parts.join("") }
}

const usd = (text: string) => BigDecimal.fromStringUnsafe(text)
const total = (cost: Option.Option<Cost.Cost>) => Option.getOrThrow(cost).total
const run = (budget: string, baseUrl: string, text = "Count") =>
  LanguageModel.runToolsToEnd({ messages: [Message.user(text)], budget: { usd: budget } }).pipe(
    Effect.provide(model(baseUrl))
  )

describe("a budget the provider cannot overshoot", () => {
  it.live("usage only at the end, the cap ignored: the step goes with the cap that fits and is cut as it crosses", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(answer(300, { at: "end" }))
      const done = yield* run("0.001", baseUrl)
      // "Count" is 8 input tokens ($0.00002): 98 output tokens fit in $0.001.
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body)
      assert.strictEqual(sent.max_completion_tokens, 98)
      assert.strictEqual(done.reason, "budget")
      assert.strictEqual(done.steps[0]!._tag, "Interrupted")
      const words = done.steps[0]!.response.content.split(" word").length - 1
      assert.isAtLeast(words, 90)
      assert.isBelow(words, 100)
      // Never reported: the spend is estimated, and past the budget by at most the chunk that crossed.
      assert.isTrue(done.spend.estimated)
      assert.isTrue(Option.isNone(done.cost))
      assert.isTrue(BigDecimal.isLessThanOrEqualTo(total(done.overshoot), usd("0.00001")))
      assert.isTrue(BigDecimal.isGreaterThanOrEqualTo(total(done.spend.cost), usd("0.00095")))
    }).pipe(Effect.scoped))

  it.live("usage never reported: the ending's spend is estimated, never silently 0, and the cost stays None", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const done = yield* run("1", server.serve(answer(20, { at: "never" })))
      assert.strictEqual(done.reason, "stop")
      assert.isUndefined(done.usage.outputTokens)
      assert.isTrue(Option.isNone(done.cost))
      assert.isTrue(done.spend.estimated)
      // 20 words and the answer's end; "Count" is 8 input tokens.
      assert.strictEqual(done.spend.usage.outputTokens, 21)
      assert.strictEqual(done.spend.usage.inputTokens, 8)
      assert.strictEqual(Cost.format(Option.getOrThrow(done.spend.cost)), "$0.00023")
      assert.isTrue(BigDecimal.isZero(total(done.overshoot)))
    }).pipe(Effect.scoped))

  it.live("usage reported wrongly (no output while text streams): the running estimate cuts the step all the same", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const done = yield* run("0.001", server.serve(answer(300, { at: "start", prompt: 1, completion: 0 })))
      assert.strictEqual(done.reason, "budget")
      assert.strictEqual(done.steps[0]!._tag, "Interrupted")
      assert.isBelow(done.steps[0]!.response.content.length, 100 * " word".length)
      // The provider said 1 input token: that is what the input is billed as; the output is the estimate.
      assert.strictEqual(done.spend.usage.inputTokens, 1)
      assert.isTrue(BigDecimal.isLessThanOrEqualTo(total(done.overshoot), usd("0.00001")))
    }).pipe(Effect.scoped))

  it.live("a step whose input alone does not fit is not sent: reason budget, overshoot zero", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(answer(5, { at: "end" }))
      // About 1,000 input tokens ($0.0025) against $0.001.
      const done = yield* run("0.001", baseUrl, "lorem ".repeat(1000))
      assert.strictEqual(server.requests(baseUrl).length, 0)
      assert.strictEqual(done.reason, "budget")
      assert.deepStrictEqual(done.steps, [])
      assert.isTrue(Option.isNone(done.overshoot) || BigDecimal.isZero(total(done.overshoot)))
    }).pipe(Effect.scoped))

  it.live("a negative, zero or non-numeric budget is a typed error naming the option, nothing sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(answer(5, { at: "end" }))
      for (const bad of ["-1", "0", "abc", ""]) {
        const error = yield* Effect.flip(run(bad, baseUrl))
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.match(error.message, /budget\.usd must be a positive amount of USD/)
      }
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }).pipe(Effect.scoped))
})

/** An Anthropic step that called `lookup` and ran `searches` web searches (its usage's `server_tool_use`). */
const searchedStep = (searches: number) => {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
  return {
    headers: { "content-type": "text/event-stream" },
    body: [
      event("message_start", {
        message: {
          id: "msg_1",
          type: "message",
          role: "assistant",
          model: "claude-budget-test",
          content: [],
          stop_reason: null,
          usage: { input_tokens: 40, output_tokens: 1 }
        }
      }),
      event("content_block_start", {
        index: 0,
        content_block: { type: "tool_use", id: "toolu_1", name: "lookup", input: {} }
      }),
      event("content_block_delta", { index: 0, delta: { type: "input_json_delta", partial_json: "{\"q\":\"x\"}" } }),
      event("content_block_stop", { index: 0 }),
      event("message_delta", {
        delta: { stop_reason: "tool_use" },
        usage: { input_tokens: 40, output_tokens: 12, server_tool_use: { web_search_requests: searches } }
      }),
      event("message_stop", {})
    ].join("")
  }
}

describe("a budget needs the cost of every step", () => {
  const lookup = Tool.handle(
    Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
    () => Effect.succeed("found")
  )
  // Token rates, and no price for web searches.
  const prices = PriceTable.layer([{
    provider: "anthropic",
    model: "claude-budget-test",
    source: "https://example.com/prices",
    checkedAt: "2026-11-26",
    periods: [{ from: null, rates: { input: "3", output: "15" } }]
  }])
  const anthropicAt = (baseUrl: string) =>
    Anthropic.model("claude-budget-test").pipe(
      Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
      Layer.provide(FetchHttpClient.layer)
    )

  it.live("a step whose searches have no price: the loop fails naming the missing price before the next step", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([searchedStep(2), searchedStep(0)])
      const error = yield* Effect.flip(
        LanguageModel.runToolsToEnd({ messages: [Message.user("Find x")], tools: [lookup], budget: { usd: "1" } }).pipe(
          Effect.provide(Layer.merge(anthropicAt(baseUrl), prices))
        )
      )
      assert.strictEqual(error._tag, "ConfigurationError")
      assert.include(error.message, "a budget needs the cost of every step")
      assert.include(error.message, "has no price for web searches (2)")
      // The first step ran; the second, whose room could not be known, was never sent.
      assert.strictEqual(server.requests(baseUrl).length, 1)
    }).pipe(Effect.scoped))

  it.live("the same step without searches is priced, and the loop goes on to its answer", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([searchedStep(0), searchedStep(0)])
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Find x")],
        tools: [lookup],
        budget: { usd: "1" },
        stopWhen: LanguageModel.stepCountIs(2)
      }).pipe(Effect.provide(Layer.merge(anthropicAt(baseUrl), prices)))
      assert.strictEqual(done.steps.length, 2)
      assert.strictEqual(server.requests(baseUrl).length, 2)
      assert.isTrue(Option.isSome(done.cost))
    }).pipe(Effect.scoped))
})
