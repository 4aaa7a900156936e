/**
 * An answer's cost is the sum of its steps' only when every step is priced: a step whose usage has no price (here
 * answered by a model the table does not price) leaves the answer's cost and spend unknown (`None`), never the sum of
 * the other steps shown as the whole bill; the running cost of each chunk after it, and of its own chunks once its
 * usage is known, is unknown too (`undefined`), never a smaller number than one shown before it. A stop condition on
 * the cost (`costExceeds`) still reads what the priced steps cost: a part of the bill above the amount is enough.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Option, Result, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  () => Effect.succeed("found")
)

/** An Anthropic step that calls `lookup`: 1,000 input and 100 output tokens, of the test kit's model or `model`. */
const step = (id: string, model?: string) =>
  LoopWire.scripted("anthropic", {
    calls: [{ id: `c${id}`, name: "lookup", arguments: "{\"q\":\"a\"}" }],
    input: 1000,
    output: 100,
    ...(model === undefined ? {} : { model })
  }, id)

const unpriced = "claude-without-a-price"

const request = (steps: number) => ({
  messages: [Message.user("Find a")],
  tools: [lookup],
  stopWhen: LanguageModel.stepCountIs(steps)
})

const model = (baseUrl: string) => LoopWire.modelAt("anthropic", baseUrl, FetchHttpClient.layer)

const answer = (baseUrl: string, steps: number) =>
  LanguageModel.runToolsToEnd(request(steps)).pipe(Effect.provide(model(baseUrl)))

/** The running cost of each chunk of a loop, by step: its total, or `undefined` when unknown. */
const runningCosts = (baseUrl: string, steps: number) =>
  Stream.runCollect(LanguageModel.runTools(request(steps))).pipe(
    Effect.provide(model(baseUrl)),
    Effect.map((events) =>
      events.flatMap((event) => event._tag === "ChunkEvent" ? [[event.step, event.cost?.toJSON().total] as const] : [])
    )
  )

describe("an answer's cost over steps one of which has no price", () => {
  it.live("the first step has no price: the answer's cost and spend are None, not the second's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const done = yield* answer(server.serve([step("1", unpriced), step("2")]), 2)
      assert.strictEqual(done.steps.length, 2)
      const [first, second] = done.steps.map((one) => one.response.costResult)
      assert.isTrue(Result.isFailure(first!) && first.failure.reason === "unknown-model")
      assert.isTrue(Result.isSuccess(second!))
      assert.isTrue(Option.isNone(done.cost), "the answer's cost is unknown, not the second step's")
      assert.isTrue(Option.isNone(done.spend.cost), "the answer's spend is unknown, not the second step's")
    }).pipe(Effect.scoped))

  it.live("the last step has no price: the answer's cost and spend are None, not the first's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const done = yield* answer(server.serve([step("1"), step("2", unpriced)]), 2)
      assert.isTrue(Option.isNone(done.cost))
      assert.isTrue(Option.isNone(done.spend.cost))
    }).pipe(Effect.scoped))

  it.live("every step priced: the answer's cost and spend are the sum of the steps'", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const done = yield* answer(server.serve([step("1"), step("2")]), 2)
      const [first, second] = done.steps.map((one) => Option.getOrThrow(one.response.cost).total)
      assert.isTrue(BigDecimal.equals(Option.getOrThrow(done.cost).total, BigDecimal.sum(first!, second!)))
      assert.isTrue(BigDecimal.equals(Option.getOrThrow(done.spend.cost).total, BigDecimal.sum(first!, second!)))
    }).pipe(Effect.scoped))

  it.live("the running cost: the priced first step's, then unknown from the unpriced step's usage on", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const costs = yield* runningCosts(server.serve([step("1"), step("2", unpriced), step("3")]), 3)
      const of = (n: number) => costs.filter(([at]) => at === n).map(([, cost]) => cost)
      assert.isDefined(of(1).at(-1))
      // Once the second step's usage is reported, and for every chunk of the third step.
      assert.isUndefined(of(2).at(-1))
      assert.isAtLeast(of(3).length, 1)
      assert.isTrue(of(3).every((cost) => cost === undefined), "not the third step's cost alone")
    }).pipe(Effect.scoped))

  it.live("costExceeds stops on what the priced steps cost, a part of the bill, though the whole is unknown", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([step("1", unpriced), step("2"), step("3")])
      const done = yield* LanguageModel.runToolsToEnd({
        ...request(3),
        stopWhen: [LanguageModel.costExceeds("0.000001"), LanguageModel.stepCountIs(3)]
      }).pipe(Effect.provide(model(baseUrl)))
      assert.strictEqual(done.reason, "cost")
      assert.strictEqual(done.steps.length, 2)
      assert.isTrue(Option.isNone(done.cost))
    }).pipe(Effect.scoped))
})
