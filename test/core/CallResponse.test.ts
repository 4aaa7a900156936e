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
