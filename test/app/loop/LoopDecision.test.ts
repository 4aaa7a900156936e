/**
 * `runTools` and the durable loop decide what follows a step in one place (`StepDecision`), so the same steps give
 * the same conversation and the same reason to stop in both: a call runs, one whose arguments the Schema refuses
 * is answered with an error naming the field, one past `maxCallsPerStep` is answered with an error and never runs,
 * and a call of a tool without a handler ends the loop for the program (`tool-call`); a step stopped at the output
 * cap its budget set ends the loop with `budget`, and a step the spend limit refuses after another ends it with
 * `spend-limit`, the conversation so far kept. Gemini over real HTTP.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Option, Schema } from "effect"
import { DurableLoop, LanguageModel, Message, SpendLimit, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as GeminiSteps from "../../support/GeminiSteps.js"

const gemini = GeminiSteps.model

const lookupTool = (ran: Array<string>) =>
  Tool.handle(
    Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
    ({ q }) => Effect.sync(() => (ran.push(q), `found ${q}`))
  )
const notes = Tool.make("notes", { parameters: Schema.Struct({ text: Schema.String }) })

/** A conversation's results (without their ids, made at random for Gemini's calls) and its turns' kinds. */
const shape = (done: LanguageModel.DoneEvent) => ({
  reason: done.reason,
  turns: done.messages.map((message) => message._tag),
  results: done.messages.flatMap((message) =>
    message._tag === "ToolResultMessage"
      ? [[String(message.content).replace(/gemini_call_[\w-]+/g, "gemini_call"), message.isError]]
      : []
  )
})

const cases = [
  {
    name: "a call runs, one the Schema refuses and one past maxCallsPerStep are answered with errors",
    steps: [
      GeminiSteps.calls(1, [
        { name: "lookup", args: { q: "moria" } },
        { name: "lookup", args: { q: 5 } },
        { name: "lookup", args: { q: "rohan" } }
      ]),
      GeminiSteps.text(2, "Found.")
    ],
    ran: ["moria"],
    expected: (results: ReadonlyArray<ReadonlyArray<unknown>>) => {
      assert.deepStrictEqual(results[0], ["found moria", false])
      assert.match(String(results[1]![0]), /\bq\b/)
      assert.match(String(results[2]![0]), /over the limit of 2 per step/)
      assert.deepStrictEqual(results.map((result) => result[1]), [false, true, true])
    }
  },
  {
    name: "a call of a tool without a handler ends the loop for the program",
    steps: [GeminiSteps.calls(1, [{ name: "notes", args: { text: "remember" } }])],
    ran: [],
    expected: (results: ReadonlyArray<ReadonlyArray<unknown>>) => assert.deepStrictEqual(results, [])
  }
] as const

/** The options a case runs both loops with. */
interface LoopOptions {
  readonly maxCallsPerStep?: number
  readonly budget?: { readonly usd: string }
  readonly spendLimit?: { readonly key: string; readonly usd: string; readonly window: "1 day" }
}

/**
 * The same request run by `runTools` and by the durable loop `name`, each against its own replay of `steps` (a
 * spend limit's store in memory beside the model): their `DoneEvent`s, what each one's handlers ran, and the
 * requests the durable loop's model received.
 */
const bothLoops = (name: string, steps: ReadonlyArray<ReplayServer.ScenarioInput>, options: LoopOptions) =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const messages = [Message.user("Look them up")]
    const modelAt = (url: string) => Layer.merge(gemini(url), SpendLimit.layerMemory())
    const ranLoop: Array<string> = []
    const looped = yield* LanguageModel.runToolsToEnd({ messages, tools: [lookupTool(ranLoop), notes], ...options })
      .pipe(Effect.provide(modelAt(replay.serve([...steps]))))
    const ranDurable: Array<string> = []
    const agent = LanguageModel.durableLoop(name, { tools: [lookupTool(ranDurable), notes], ...options })
    const durableUrl = replay.serve([...steps])
    const durable = yield* agent.run({ executionId: "decision", messages }).pipe(
      Effect.provide(agent.layer.pipe(
        Layer.provideMerge(DurableLoop.layerMemory),
        Layer.provide(modelAt(durableUrl)),
        Layer.provideMerge(StreamStore.layerMemory())
      ))
    )
    return { looped, durable, ran: [ranLoop, ranDurable], requests: replay.requests(durableUrl) }
  })

describe("runTools and the durable loop decide alike", () => {
  for (const testCase of cases) {
    it.live(testCase.name, () =>
      Effect.gen(function*() {
        const { durable, looped, ran } = yield* bothLoops(`decision-${testCase.ran.length}`, testCase.steps, {
          maxCallsPerStep: 2
        })
        assert.deepStrictEqual(shape(durable), shape(looped))
        assert.strictEqual(looped.reason, testCase.ran.length === 0 ? "tool-call" : "stop")
        testCase.expected(shape(looped).results)
        assert.deepStrictEqual(ran, [[...testCase.ran], [...testCase.ran]])
      }).pipe(Effect.scoped))
  }
})

/** A Gemini step (`finishReason` as Gemini sends it) with its usage. */
const step = (n: number, parts: ReadonlyArray<object>, finishReason: string, outputTokens: number) => ({
  headers: { "content-type": "text/event-stream" },
  body: `data: ${
    JSON.stringify({
      candidates: [{ content: { role: "model", parts }, finishReason, index: 0 }],
      usageMetadata: {
        promptTokenCount: 100,
        candidatesTokenCount: outputTokens,
        totalTokenCount: 100 + outputTokens
      },
      modelVersion: "gemini-2.5-flash",
      responseId: `bound-${n}`
    })
  }\r\n\r\n`
})

const bounds = [
  {
    // $0.001 holds ~390 output tokens at $2.50 per million, far below Gemini 2.5 Flash's own 65,536: the step is
    // sent with that cap and stops at it (MAX_TOKENS), its cost within the budget (the meter does not cut it).
    name: "a step stopped at the cap its budget set (MAX_TOKENS) ends the loop with budget, its text kept",
    steps: [step(1, [{ text: "The first part of a long" }], "MAX_TOKENS", 300)],
    request: { budget: { usd: "0.001" } },
    reason: "budget",
    turns: ["UserMessage", "AssistantMessage"]
  },
  {
    // The first step fits ($0.0007 holds 256 output tokens and its input); it spends $0.00053, and the second
    // has no room for the 256 output tokens a call needs at least (`minOutputTokens`): refused before sending.
    name: "a step the spend limit refuses after another ends the loop with spend-limit, the answered call kept",
    steps: [step(1, [{ functionCall: { name: "lookup", args: { q: "moria" } } }], "STOP", 200)],
    request: { spendLimit: { key: "decision", usd: "0.0007", window: "1 day" } },
    reason: "spend-limit",
    turns: ["UserMessage", "AssistantMessage", "ToolResultMessage"]
  }
] as const

describe("runTools and the durable loop stop alike where a bound ends the answer", () => {
  for (const testCase of bounds) {
    it.live(testCase.name, () =>
      Effect.gen(function*() {
        const { durable, looped, requests } = yield* bothLoops(`bound-${testCase.reason}`, testCase.steps, {
          ...testCase.request
        })
        for (const done of [looped, durable]) {
          assert.strictEqual(done.reason, testCase.reason)
          assert.deepStrictEqual(done.messages.map((message) => message._tag), [...testCase.turns])
          assert.strictEqual(done.steps.length, testCase.reason === "budget" ? 1 : 2)
          assert.isTrue(Option.isSome(done.cost))
        }
        assert.deepStrictEqual(shape(durable), shape(looped))
        // One model request per loop (the refused step was never sent), with the cap the bound set.
        assert.strictEqual(requests.length, 1)
        const cap = JSON.parse(requests[0]!.body).generationConfig.maxOutputTokens
        assert.isBelow(cap, testCase.reason === "budget" ? 400 : 300)
      }).pipe(Effect.scoped))
  }
})
