/**
 * `AgUi.readRunInput` on inputs no client of this server would send, and `fromSteps`' sums: each refusal is an
 * `InvalidRequestError` with status 400 naming the field, made before any work that grows with the input (the caps of
 * `toMessages`); user content parts become the library's parts; a loop's usage is one entry per provider and model,
 * summed over its steps as `Usage.add` sums them, and its exact cost is the `DoneEvent`'s. A run's owner is said once,
 * to `readRunInput` (`RunInput.owner`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schema, Stream } from "effect"
import type { LanguageModel as LM } from "effect-llm-stream"
import { AgUi, LanguageModel, Message, Tool } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as AgUiClient from "../../support/AgUiClient.js"

const input = (fields: object) => ({ threadId: "t", runId: "r", messages: [], ...fields })

const refusal = (body: unknown, options?: AgUi.ReadRunInputOptions) =>
  Effect.flip(AgUi.readRunInput(typeof body === "string" ? body : JSON.stringify(body), options))

describe("readRunInput refuses", () => {
  it.effect("what is not a run's input, naming the field (400)", () =>
    Effect.gen(function*() {
      const cases: Array<readonly [unknown, string]> = [
        ["not json", ""],
        [{ runId: "r", messages: [] }, "threadId"],
        [input({ messages: [{ id: "1", role: "user" }] }), "messages[0].content"],
        [
          input({ messages: [{ id: "1", role: "user", content: [{ type: "sticker" }] }] }),
          "messages[0].content[0].type"
        ],
        [
          input({
            messages: [{ id: "1", role: "user", content: [{ type: "video", source: { type: "url", value: "x" } }] }]
          }),
          "messages[0].content[0]"
        ],
        [
          input({
            messages: [{ id: "1", role: "user", content: [{ type: "document", source: { type: "url", value: "x" } }] }]
          }),
          "messages[0].content[0]"
        ],
        [input({ messages: [{ id: "1", role: "tool", toolCallId: "c", content: "x" }] }), "messages[0].toolCallId"],
        [input({ resume: [{ interruptId: "a1.x", status: "resolved" }] }), "resume[0].interruptId"],
        [input({ resume: [{ interruptId: "x", status: "maybe" }] }), "resume[0].status"]
      ]
      for (const [body, field] of cases) {
        const error = yield* refusal(body)
        assert.strictEqual(error.status, 400, field)
        assert.strictEqual(error.parameter, field === "" ? undefined : field, JSON.stringify(body).slice(0, 80))
      }
    }))

  it.effect("past its caps, before parsing what grows with it", () =>
    Effect.gen(function*() {
      const many = input({
        messages: Array.from({ length: 11 }, (_, id) => ({ id: `${id}`, role: "user", content: "x" }))
      })
      const tooMany = yield* refusal(many, { maxMessages: 10 })
      assert.include(tooMany.message, "over the limit of 10 (maxMessages)")
      const deep = `{"threadId":"t","runId":"r","messages":[],"state":${"[".repeat(1500)}${"]".repeat(1500)}}`
      assert.include((yield* refusal(deep)).message, "nested deeper than 1000")
      const entries = Array.from({ length: 65 }, () => ({ interruptId: "x", status: "cancelled" }))
      assert.strictEqual((yield* refusal(input({ resume: entries }))).parameter, "resume")
      // The order of an assistant message's parts counts with the content parts, against the same cap.
      const turn = Array.from({ length: 100_001 }, () => ["text", 0])
      const ordered = input({
        messages: [{ id: "1", role: "assistant", content: "", metadata: { "effect-llm-stream/turn": turn } }]
      })
      const tooLong = yield* refusal(ordered)
      assert.strictEqual(tooLong.parameter, "messages")
      assert.include(tooLong.message, "more than 100000 parts in all")
    }))
})

describe("readRunInput takes", () => {
  it.effect("user content as the library's parts, and the client's tools that clientTools names", () =>
    Effect.gen(function*() {
      const read = yield* AgUi.readRunInput(
        input({
          messages: [{
            id: "1",
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", source: { type: "data", value: "iVBORw0KGgo=", mimeType: "image/png" } },
              {
                type: "document",
                source: { type: "url", value: "https://example.com/a.pdf", mimeType: "application/pdf" }
              }
            ]
          }],
          tools: [
            { name: "get_location", description: "Where", parameters: { type: "object", properties: {} } },
            { name: "format_disk", description: "No", parameters: { type: "object" } }
          ],
          state: { step: 2 },
          forwardedProps: { a: 1 }
        }),
        { clientTools: ["get_location"] }
      )
      assert.deepStrictEqual(read.messages, [
        Message.user([
          Message.text("What is this?"),
          Message.image("data:image/png;base64,iVBORw0KGgo=", { mediaType: "image/png" }),
          Message.file("https://example.com/a.pdf", { mediaType: "application/pdf" })
        ])
      ])
      assert.deepStrictEqual(read.tools.map((tool) => [tool.name, tool.jsonSchema]), [
        ["get_location", { type: "object", properties: {} }]
      ])
      assert.deepStrictEqual([read.threadId, read.runId, read.state, read.forwardedProps], ["t", "r", { step: 2 }, {
        a: 1
      }])
    }))

  it.effect("a tool clientTools names that the client does not describe is declared by its name", () =>
    Effect.gen(function*() {
      // Issue 85: `clientTools` alone did not declare the tool; the model's call of it was answered as a failure.
      const read = yield* AgUi.readRunInput(
        JSON.stringify({
          threadId: "t",
          runId: "r",
          messages: [{ id: "u1", role: "user", content: "where am I?" }],
          tools: []
        }),
        { clientTools: ["get_location"] }
      )
      assert.deepStrictEqual(read.tools.map((tool) => [tool.name, tool.jsonSchema]), [
        ["get_location", { type: "object" }]
      ])
    }))
})

describe("a loop's run", () => {
  it.effect("sums its usage per provider and model, and carries its exact cost", () =>
    Effect.gen(function*() {
      const weather = Tool.handle(
        Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
        ({ city }) => Effect.succeed(`18°C in ${city}`)
      )
      let done: LM.DoneEvent | undefined
      const events = yield* LanguageModel.runTools({ messages: [Message.user("Weather?")], tools: [weather] }).pipe(
        Stream.tap((event) => Effect.sync(() => event._tag === "DoneEvent" && (done = event))),
        AgUi.fromSteps({ threadId: "t", runId: "r" }),
        Stream.runCollect
      )
      assert.deepStrictEqual(AgUiClient.problems(events), [])
      assert.deepStrictEqual(
        events.filter((event) => event.type === "STEP_STARTED").map((event: any) => event.stepName),
        ["step-1", "step-2"]
      )
      const finished = events.at(-1) as AgUi.Event.RunFinished
      const step = done!.steps[0]!.response
      assert.strictEqual(finished.usage?.length, 1)
      const [entry] = finished.usage!
      assert.deepStrictEqual([entry!.provider, entry!.model], [step.provider, step.model])
      assert.deepStrictEqual([entry!.inputTokens, entry!.outputTokens, entry!.totalTokens], [250, 30, 280])
      assert.deepStrictEqual([entry!.cachedInputTokens, entry!.reasoningTokens], [
        done!.usage.cachedTokens,
        done!.usage.reasoningTokens
      ])
      assert.strictEqual(finished.metadata?.[AgUi.costKey], Option.getOrThrow(done!.cost).toJSON().total)
      const result = events.find((event) => event.type === "TOOL_CALL_RESULT") as AgUi.Event.ToolCallResult
      assert.strictEqual(result.content, "18°C in Paris")
    }).pipe(Effect.provide(TestKit.scripted([
      {
        toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }],
        usage: { inputTokens: 100, outputTokens: 20 }
      },
      { text: "It is 18°C in Paris.", usage: { inputTokens: 150, outputTokens: 10 } }
    ]))))
})

describe("a run's owner, said once to readRunInput", () => {
  it.effect("is the input's: RunInput.owner is the owner it was read for", () =>
    Effect.gen(function*() {
      const body = JSON.stringify({ threadId: "t", runId: "r1", messages: [{ id: "u1", role: "user", content: "hi" }] })
      assert.strictEqual((yield* AgUi.readRunInput(body, { owner: "ann" })).owner, "ann")
      assert.isUndefined((yield* AgUi.readRunInput(body)).owner)
    }))
})
