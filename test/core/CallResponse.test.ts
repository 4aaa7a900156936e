import { assert, describe, it } from "@effect/vitest"
import { Schema } from "effect"
import { Bedrock, CallResponse, FinishReason, OpenAI, Usage } from "effect-llm-stream"

const openai = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)

describe("CallResponse.append", () => {
  it("a trailing usage-only chunk does not erase the finish reason", () => {
    const chunks = [
      openai({ id: "c1", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta: { content: "Hi" } }] }),
      openai({ id: "c1", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] }),
      openai({ id: "c1", model: "gpt-4o-2024-08-06", choices: [], usage: { prompt_tokens: 5, completion_tokens: 2 } })
    ]
    const response = chunks.reduce(CallResponse.append, CallResponse.empty)
    assert.deepStrictEqual(response.finishReasons, ["tool_calls"])
    assert.deepStrictEqual(response.commonFinishReasons, ["tool_calls"])
    assert.strictEqual(response.usage.inputTokens, 5)
    assert.strictEqual(response.chunkCount, 3)
  })

  it("keeps the first non-empty id and model", () => {
    const chunks = [
      openai({ id: "", model: "", choices: [] }),
      openai({ id: "c1", model: "gpt-4o", choices: [] }),
      openai({ id: "c2", model: "other", choices: [] })
    ]
    const response = chunks.reduce(CallResponse.append, CallResponse.empty)
    assert.strictEqual(response.id, "c1")
    assert.strictEqual(response.model, "gpt-4o")
  })

  it("keeps the latest value of each usage field and never sums", () => {
    const merged = Usage.merge(
      Usage.make({ inputTokens: 100, cachedTokens: 40, outputTokens: 1 }),
      Usage.make({ outputTokens: 25 })
    )
    assert.deepStrictEqual({ ...merged }, { inputTokens: 100, cachedTokens: 40, outputTokens: 25 })
    assert.strictEqual(merged.totalTokens, 125)
    assert.isUndefined(Usage.empty.totalTokens)
  })

  it("Bedrock: messageStop's finish reason survives the metadata event after it", () => {
    const decode = (eventType: string, payload: unknown) =>
      Bedrock.decodeChunk(eventType, payload, { modelId: "amazon.nova-micro-v1:0" }).pipe((either) => {
        if (either._tag === "Failure") throw either.failure
        return either.success
      })
    const response = [
      decode("messageStop", { stopReason: "guardrail_intervened" }),
      decode("metadata", { usage: { inputTokens: 1, outputTokens: 2, cacheReadInputTokens: 3 } })
    ].reduce(CallResponse.append, CallResponse.empty)
    assert.deepStrictEqual(response.finishReasons, ["guardrail_intervened"])
    assert.deepStrictEqual(response.commonFinishReasons, ["content_filter"])
    assert.strictEqual(response.usage.inputTokens, 4)
    assert.strictEqual(response.model, "amazon.nova-micro-v1:0")
  })

  it("tool-call fragments assemble by key, in the order the calls started", () => {
    const chunks = [
      openai({
        id: "c",
        model: "m",
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: "a", function: { name: "f", arguments: "" } }] } }]
      }),
      openai({
        id: "c",
        model: "m",
        choices: [{
          index: 0,
          delta: { tool_calls: [{ index: 1, id: "b", function: { name: "g", arguments: "{}" } }] }
        }]
      }),
      openai({
        id: "c",
        model: "m",
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: "{\"x\":" } }] } }]
      }),
      openai({
        id: "c",
        model: "m",
        choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: "1}" } }] } }]
      })
    ]
    const response = chunks.reduce(CallResponse.append, CallResponse.empty)
    assert.deepStrictEqual(
      response.toolCalls.map((call) => [call.id, call.name, call.arguments]),
      [["a", "f", "{\"x\":1}"], ["b", "g", "{}"]]
    )
  })

  it("holds each tool call as one record (call, slot, complete); toolCalls and the 0.4 views read the records", () => {
    const call = (index: number, fn: object) => ({ index, ...(index === 0 ? { id: "a" } : { id: "b" }), function: fn })
    const delta = (toolCall: object, finish_reason: string | null = null) =>
      openai({ id: "c", model: "m", choices: [{ index: 0, delta: { tool_calls: [toolCall] }, finish_reason }] })
    const chunks = [
      delta(call(0, { name: "f", arguments: "{\"x\":" })),
      delta(call(1, { name: "g", arguments: "{}" })),
      openai({ id: "c", model: "m", choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] })
    ]
    const [first, second, last] = [1, 2, 3].map((n) =>
      chunks.slice(0, n).reduce(CallResponse.append, CallResponse.empty)
    )
    // A second parallel call of the choice completes the first; the finish completes both.
    assert.deepStrictEqual(second!.toolCallRecords.map((record) => record.complete), [true, false])
    assert.deepStrictEqual(last!.toolCallRecords.map((record) => [record.call.name, record.slot, record.complete]), [
      ["f", { index: 0, choice: 0, custom: false }, true],
      ["g", { index: 1, choice: 0, custom: false }, true]
    ])
    // A response keeps its records when more chunks are folded after it.
    assert.deepStrictEqual(first!.toolCallRecords.map((record) => record.complete), [false])
    assert.deepStrictEqual(first!.toolCalls.map((call) => call.name), ["f"])
    // `toolCalls` is the records' calls, in order, the same array on every read; the deprecated views agree.
    assert.deepStrictEqual(last!.toolCalls, last!.toolCallRecords.map((record) => record.call))
    assert.strictEqual(last!.toolCalls, last!.toolCalls)
    assert.deepStrictEqual(last!.toolCallSlots, last!.toolCallRecords.map((record) => record.slot))
    assert.deepStrictEqual(last!.toolCallComplete, [true, true])
    assert.deepStrictEqual(last!.serverToolCalls, [])
    assert.deepStrictEqual(last!.serverToolCallSlots, [])
    // What a response prints and the turn it sends back hold the calls, not the records.
    assert.deepStrictEqual(last!.toJSON()["toolCalls"], [
      { id: "a", name: "f", arguments: "{\"x\":" },
      { id: "b", name: "g", arguments: "{}" }
    ])
    assert.notProperty(last!.toJSON(), "toolCallRecords")
    const turn = CallResponse.toMessage(last!)
    assert.deepStrictEqual(turn._tag === "AssistantMessage" ? turn.toolCalls : [], last!.toolCalls)
  })
})

describe("FinishReason.fromTable", () => {
  it("is total: prototype names and unknown values map to other", () => {
    const toCommon = FinishReason.fromTable({ stop: "stop" })
    for (const raw of ["constructor", "__proto__", "toString", "hasOwnProperty", "", "new_reason"]) {
      assert.strictEqual(toCommon(raw), "other")
    }
    assert.strictEqual(toCommon("stop"), "stop")
  })
})
