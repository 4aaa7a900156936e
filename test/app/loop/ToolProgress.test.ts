/**
 * A handler's interim outputs (`run.progress`): each a `ToolProgressEvent` in `runTools` as the handler runs, before
 * the call's `ToolResultEvent`, whose result (the value the handler ends with) is the only one the model reads. On the
 * UI message stream, read by the `ai` package's own client, each is a `tool-output-available` with `preliminary:
 * true` the client shows, and the last output is the result; AG-UI 1.0 has no event for them (its result only). A
 * handler run by the loop with no progress reported sends none, and a 0.6 caller of `handler(input, call)` still works.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { AgUi, LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { readResponse } from "../../support/UIClient.js"

const search = Tool.handle(
  Tool.make("search", { parameters: Schema.Struct({ query: Schema.String }) }),
  ({ query }, _call, run) =>
    Effect.gen(function*() {
      yield* run.progress({ status: "searching", query })
      yield* Effect.sleep("20 millis")
      yield* run.progress({ status: "reading", found: 3 })
      return { results: [`${query}: 3 results`] }
    })
)

const turns: ReadonlyArray<TestKit.Turn> = [
  { toolCalls: [{ name: "search", arguments: { query: "effect" } }] },
  { text: "Found 3." }
]

const loop = () =>
  LanguageModel.runTools({ messages: [Message.user("Search effect")], tools: [search] }).pipe(
    Stream.provide(TestKit.scripted(turns, { provider: "openai" }))
  )

describe("a handler's interim outputs", () => {
  it.live("runTools: each a ToolProgressEvent before the call's result, which the model reads alone", () =>
    Effect.gen(function*() {
      const events = yield* Stream.runCollect(loop())
      const tags = events.filter((event) => event._tag !== "ChunkEvent").map((event) => event._tag)
      assert.deepStrictEqual(tags.slice(0, 4), [
        "ToolProgressEvent",
        "ToolProgressEvent",
        "ToolResultEvent",
        "StepEndEvent"
      ])
      const progress = events.flatMap((event) => event._tag === "ToolProgressEvent" ? [event.output] : [])
      assert.deepStrictEqual(progress, [{ status: "searching", query: "effect" }, { status: "reading", found: 3 }])
      const result = events.find((event) => event._tag === "ToolResultEvent")!
      assert.strictEqual(result.message.content, JSON.stringify({ results: ["effect: 3 results"] }))
    }))

  it.live("the UI message stream: preliminary outputs the ai client shows, then the result", () =>
    Effect.gen(function*() {
      const response = yield* loop().pipe(UIMessageStream.fromSteps({ tools: [search] }), UIMessageStream.toResponse())
      const { chunks, errors, message } = yield* Effect.promise(() => readResponse(response))
      assert.deepStrictEqual(errors, [])
      const outputs = chunks.filter((chunk) => chunk.type === "tool-output-available") as Array<any>
      assert.deepStrictEqual(outputs.map((chunk) => [chunk.output, chunk.preliminary]), [
        [{ status: "searching", query: "effect" }, true],
        [{ status: "reading", found: 3 }, true],
        [{ results: ["effect: 3 results"] }, undefined]
      ])
      const part = message!.parts.find((part) => part.type === "tool-search") as any
      assert.strictEqual(part.state, "output-available")
      assert.deepStrictEqual(part.output, { results: ["effect: 3 results"] })
      assert.notStrictEqual(part.preliminary, true)
    }))

  it.live("AG-UI: the result alone", () =>
    Effect.gen(function*() {
      const events = yield* loop().pipe(AgUi.fromSteps({ threadId: "t", runId: "r" }), Stream.runCollect)
      const results = events.filter((event) => event.type === "TOOL_CALL_RESULT") as Array<any>
      assert.deepStrictEqual(results.map((event) => event.content), [
        JSON.stringify({ results: ["effect: 3 results"] })
      ])
    }))

  it.live("a 0.6 caller of handler(input, call): progress goes nowhere, the result as before", () =>
    Effect.gen(function*() {
      const output = yield* search.handler({ query: "x" }, { id: "c", name: "search", arguments: "{}" } as any)
      assert.deepStrictEqual(output, { results: ["x: 3 results"] })
    }))
})
