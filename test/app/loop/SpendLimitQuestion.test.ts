/**
 * The question before a spend limit's cap (`spendLimit: { ..., askAt }`) in `runTools`: once what the limit's key
 * spent in its window crosses `askAt` of it, the loop stops before its next step with the budget's question
 * (`BudgetQuestionEvent`: what the key spent, the limit's `usd` and `label`) and `budget-question`. `continue` goes
 * on, `stop` ends the loop with `spend-limit`; a limit without `askAt` never asks.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Schema, Stream } from "effect"
import { LanguageModel, Message, SpendLimit, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

/** A loop of `request` served the `steps`: its events and how many requests it sent. */
const run = (steps: ReadonlyArray<LoopWire.Step>, request: Omit<LanguageModel.RunRequest, "tools">) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(steps.map((step, index) => LoopWire.scripted("openai", step, `${index + 1}`)))
    const events = yield* Stream.runCollect(LanguageModel.runTools({ ...request, tools: [lookup] })).pipe(
      Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
    )
    const done = events.at(-1) as LanguageModel.DoneEvent
    const question = events.find((event) => event._tag === "BudgetQuestionEvent") as
      | LanguageModel.BudgetQuestionEvent
      | undefined
    return { done, question, requests: server.requests(baseUrl).length }
  })

const call = { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }], input: 1000, output: 50 }

/** The first request under `limit`: a step with a tool call, then (unless asked) the answer. */
const first = (limit: LanguageModel.RunRequest["spendLimit"]) =>
  run([call, { texts: ["Found it."] }], { messages: [Message.user("Look it up")], spendLimit: limit })

/**
 * A limit of $0.0065 a day: the first step ($0.003: 1,000 input and 50 output tokens of gpt-4o) crosses 45 % of it;
 * the next step, its input estimated under 100 tokens, is held at the 1,000 the first one's under-estimate measured
 * (25 % more, counted by characters): $0.003125 and 16 output tokens fit in what is left.
 */
const limit = (key: string, askAt?: number): SpendLimit.Options => ({
  key,
  usd: "0.0065",
  window: "1 day",
  minOutputTokens: 16,
  label: "daily limit",
  ...(askAt === undefined ? {} : { askAt })
})

/** The next request of the answer, with `answers`, under the same limit. */
const answering = (
  asked: Effect.Success<ReturnType<typeof first>>,
  key: string,
  answers: ReadonlyArray<Tool.ToolApproval>
) => run([{ texts: ["Found it."] }], { messages: [...asked.done.messages, ...answers], spendLimit: limit(key, 0.45) })

describe("a question before a spend limit's cap", () => {
  it.live("asks once the key spent askAt of it; continue goes on, stop ends with spend-limit", () =>
    Effect.gen(function*() {
      const asked = yield* first(limit("alice", 0.45))
      assert.strictEqual(asked.done.reason, "budget-question")
      assert.strictEqual(asked.requests, 1, "the next step is not sent")
      const question = asked.question!
      assert.isTrue(BigDecimal.equals(question.cap, BigDecimal.fromStringUnsafe("0.0065")))
      assert.isTrue(BigDecimal.equals(question.spent, BigDecimal.fromStringUnsafe("0.003")))
      assert.strictEqual(question.label, "daily limit")
      assert.strictEqual(question.kind, "budget", "a spend limit's question: a budget pause")
      const going = yield* answering(asked, "alice", [Message.budgetAnswer({ answer: "continue" })])
      assert.strictEqual(going.done.reason, "stop")
      assert.strictEqual(going.requests, 1)
      assert.isUndefined(going.question, "asked once")
      const stopped = yield* answering(asked, "alice", [Message.budgetAnswer({ answer: "stop" })])
      assert.strictEqual(stopped.done.reason, "spend-limit")
      assert.strictEqual(stopped.requests, 0, "nothing sent")
    }).pipe(Effect.scoped, Effect.provide(SpendLimit.layerMemory())))

  it.live("a limit without askAt never asks", () =>
    Effect.gen(function*() {
      const unasked = yield* first(limit("bob"))
      assert.strictEqual(unasked.done.reason, "stop")
      assert.strictEqual(unasked.requests, 2)
      assert.isUndefined(unasked.question)
    }).pipe(Effect.scoped, Effect.provide(SpendLimit.layerMemory())))
})
