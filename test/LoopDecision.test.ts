/**
 * `runTools` and the durable loop decide what follows a step in one place (`StepDecision`), so the same steps give
 * the same conversation and the same reason to stop in both: a call runs, one whose arguments the Schema refuses
 * is answered with an error naming the field, one past `maxCallsPerStep` is answered with an error and never runs,
 * and a call of a tool without a handler ends the loop for the program (`tool-call`). Gemini over real HTTP.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as GeminiSteps from "./support/GeminiSteps.js"

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

describe("runTools and the durable loop decide alike", () => {
  for (const testCase of cases) {
    it.live(testCase.name, () =>
      Effect.gen(function*() {
        const replay = yield* ReplayServer.make
        const messages = [Message.user("Look them up")]
        const options = { maxCallsPerStep: 2 } as const
        const ranLoop: Array<string> = []
        const looped = yield* LanguageModel.runToolsToEnd({
          messages,
          tools: [lookupTool(ranLoop), notes],
          ...options
        }).pipe(Effect.provide(gemini(replay.serve([...testCase.steps]))))
        const ranDurable: Array<string> = []
        const agent = LanguageModel.durableLoop(`decision-${testCase.ran.length}`, {
          tools: [lookupTool(ranDurable), notes],
          ...options
        })
        const durable = yield* agent.run({ executionId: "decision", messages }).pipe(
          Effect.provide(agent.layer.pipe(
            Layer.provideMerge(DurableLoop.layerMemory),
            Layer.provide(gemini(replay.serve([...testCase.steps]))),
            Layer.provideMerge(StreamStore.layerMemory())
          ))
        )
        assert.deepStrictEqual(shape(durable), shape(looped))
        assert.strictEqual(looped.reason, testCase.ran.length === 0 ? "tool-call" : "stop")
        testCase.expected(shape(looped).results)
        assert.deepStrictEqual([ranLoop, ranDurable], [[...testCase.ran], [...testCase.ran]])
      }).pipe(Effect.scoped))
  }
})
