/**
 * The fold holds each tool call as one record (the call, its slot, whether it is complete), and a response it gave
 * away keeps its records while the same fold goes on (the UI stream, the `effect/ai` parts, budgets and spend
 * guards read the fold's response mid-stream and keep folding). Recorded Anthropic streams: a provider's own
 * `web_fetch` call beside a client call, and a client call whose arguments stream in pieces; and the calls of two
 * choices at the same index, whose fragments interleave.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { CallResponse, OpenAI } from "effect-llm-stream"
import * as Accumulator from "../../../src/core/fold/Accumulator.js"
import { anthropicChunks } from "../../support/Collect.js"

const recordings = [
  ["anthropic", "web-fetch-error-client-tool.sse"],
  ["conversations", "anthropic-thinking-tool-use.1.sse"]
] as const

describe("the fold's tool-call records", () => {
  for (const [folder, name] of recordings) {
    it.effect(`${name}: what the fold gave away after each chunk is the fold of the chunks up to it`, () =>
      Effect.gen(function*() {
        const chunks = yield* anthropicChunks(folder, name)
        const fold = new Accumulator.Accumulator()
        const given = chunks.map((chunk) => fold.push(chunk).fields())
        assert.isAbove(fold.toolCallRecords.length, 0)
        let prefix = CallResponse.empty
        for (const [n, chunk] of chunks.entries()) {
          prefix = CallResponse.append(prefix, chunk)
          assert.deepStrictEqual(given[n]!.toolCallRecords, prefix.toolCallRecords, `after chunk ${n}`)
          assert.deepStrictEqual(given[n]!.serverToolCallRecords, prefix.serverToolCallRecords, `after chunk ${n}`)
        }
        // A call is open while its arguments stream, complete once its block stopped.
        const opened = given.findIndex((fields) => fields.toolCallRecords.length > 0)
        assert.isFalse(given[opened]!.toolCallRecords[0]!.complete)
        assert.isTrue(given[given.length - 1]!.toolCallRecords.every((record) => record.complete))
      }))
  }

  it("choices' calls at the same index stay apart, their fragments interleaved (OpenAI `n: 2`)", () => {
    // Chat Completions streams each choice's deltas under its own `choices[].index`, and a tool call's fragments
    // under its `tool_calls[].index` within that choice (openai-node `ChatCompletionChunk.Choice.Delta.ToolCall`).
    const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
    const fragment = (choice: number, args: string, first?: string) =>
      decode({
        id: "c",
        model: "gpt-4o",
        choices: [{
          index: choice,
          delta: {
            tool_calls: [{
              index: 0,
              ...(first
                ? { id: first, function: { name: first, arguments: args } }
                : { function: { arguments: args } })
            }]
          }
        }]
      })
    const chunks = [
      fragment(0, "{\"a\":", "zero"),
      fragment(1, "{\"b\":", "one"),
      fragment(1, "2"),
      fragment(0, "1"),
      fragment(0, "}"),
      fragment(1, "}")
    ]
    const fold = new Accumulator.Accumulator()
    for (const chunk of chunks) fold.push(chunk)
    assert.deepStrictEqual(fold.toolCallRecords.map(({ call, slot }) => [slot.choice, call.name, call.arguments]), [
      [0, "zero", "{\"a\":1}"],
      [1, "one", "{\"b\":2}"]
    ])
  })

  it.effect("a provider's own call and the program's keep their slots (content-block indices) apart", () =>
    Effect.gen(function*() {
      const chunks = yield* anthropicChunks("anthropic", "web-fetch-error-client-tool.sse")
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.serverToolCallRecords.map(({ call, slot }) => [call.name, slot.index]), [
        ["web_fetch", 1]
      ])
      assert.deepStrictEqual(response.toolCallRecords.map(({ call, slot }) => [call.name, slot.index]), [
        ["display_products", 4]
      ])
    }))
})
