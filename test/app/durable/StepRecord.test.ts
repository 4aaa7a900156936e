/**
 * A durable step's response as stored, across the change to one tool-call record per call: a step is stored as
 * before (the calls, the slot of each and whether each is complete side by side, the shape 0.4 stores), so a run
 * stored before the change resumes with the same response and a step stored now reads the same as one stored
 * then. The stored steps of test/fixtures/durable (SOURCES.md says how they were made) against the same
 * recordings folded now. A record changed (a field of the wrong type or missing, a count past any real one, other
 * JSON) is a `SchemaError` where it is read, never an ending or a tool's answer.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Option, Schema } from "effect"
import { CallEnding, CallResponse, Message, Tool } from "effect-llm-stream"
import * as StepRecord from "../../../src/app/durable/StepRecord.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { anthropicChunks } from "../../support/Collect.js"

const stored = Fixtures.json<Record<"completed" | "interrupted", StepRecord.StepRecord>>(
  "durable",
  "step-records.json"
)

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value))

/** The steps of the fixture, folded now from the same recordings (see SOURCES.md). */
const endings = Effect.gen(function*() {
  const served = yield* anthropicChunks("anthropic", "web-fetch-error-client-tool.sse")
  const called = yield* anthropicChunks("conversations", "anthropic-thinking-tool-use.1.sse")
  const fold = (chunks: typeof called, n: number) => chunks.slice(0, n).reduce(CallResponse.append, CallResponse.empty)
  const cutAt = called.findIndex((_, n) => (fold(called, n + 1).toolCalls[0]?.arguments ?? "") !== "") + 1
  return {
    completed: new CallEnding.Completed({ response: fold(served, served.length) }),
    interrupted: new CallEnding.Interrupted({ response: fold(called, cutAt) })
  }
})

describe("a durable step's response as stored", () => {
  it.effect("a step is stored as before: its calls, their slots and completeness side by side, no records", () =>
    Effect.gen(function*() {
      const now = yield* endings
      for (const name of ["completed", "interrupted"] as const) {
        const record = StepRecord.toJson(StepRecord.fromEnding(now[name])) as StepRecord.StepRecord
        assert.deepStrictEqual(record.response, stored[name].response, name)
        assert.notProperty(record.response, "toolCallRecords")
      }
      const interrupted = stored.interrupted.response as Record<string, unknown>
      assert.deepStrictEqual(interrupted["toolCallComplete"], [false])
      assert.deepStrictEqual(interrupted["toolCallSlots"], [{ index: 1 }])
    }))

  it.effect("a step stored before resumes with the same response: calls, records, turn, cost", () =>
    Effect.gen(function*() {
      const now = yield* endings
      for (const name of ["completed", "interrupted"] as const) {
        const resumed = yield* StepRecord.toEnding(stored[name])
        const response = now[name].response
        assert.strictEqual(resumed._tag, now[name]._tag)
        // As JSON: a slot's fields that are `undefined` are not stored.
        assert.deepStrictEqual(plain(resumed.response.toolCallRecords), plain(response.toolCallRecords), name)
        assert.deepStrictEqual(plain(resumed.response.serverToolCallRecords), plain(response.serverToolCallRecords))
        assert.deepStrictEqual(resumed.response.toolCalls, response.toolCalls, name)
        assert.deepStrictEqual(resumed.response.serverToolCalls, response.serverToolCalls, name)
        assert.deepStrictEqual(CallResponse.toMessage(resumed.response), CallResponse.toMessage(response), name)
        assert.deepStrictEqual(resumed.response.toJSON(), response.toJSON(), name)
        assert.strictEqual(Option.getOrThrow(resumed.response.cost).usd, Option.getOrThrow(response.cost).usd)
      }
      assert.deepStrictEqual(now.completed.response.serverToolCalls.map((call) => call.name), ["web_fetch"])
      assert.deepStrictEqual(now.interrupted.response.toolCallRecords.map((record) => record.complete), [false])
    }))

  it.effect("a record this library did not write is a SchemaError, never an ending or an answer", () =>
    Effect.gen(function*() {
      const { completed } = stored
      const response = completed.response as Record<string, unknown>
      const changed: ReadonlyArray<StepRecord.StepRecord> = [
        { ...completed, response: { ...response, finishReasons: "tool_use" } },
        { ...completed, response: { ...response, usage: undefined } },
        { ...completed, response: { ...response, chunkCount: 2 ** 64 } },
        { ...completed, response: { ...response, blockRecords: [{ format: "another", index: 0 }] } },
        { ...completed, response: [1, 2, 3] },
        { ...completed, price: { rates: "not prices" } }
      ]
      for (const record of changed) {
        const error = yield* Effect.flip(StepRecord.toEnding(StepRecord.toJson(record) as StepRecord.StepRecord))
        assert.isTrue(Schema.isSchemaError(error), JSON.stringify(record).slice(0, 200))
      }
      const noRoom = StepRecord.nothingOf([{ outcome: "NoRoom", response: null, price: { model: 5 } }])
      assert.isTrue(Schema.isSchemaError(yield* Effect.flip(noRoom)))
      // A failed step without its error, decoded as the engine decodes it.
      const failed = Schema.decodeUnknownExit(StepRecord.StepRecord)({ ...completed, outcome: "Failed" })
      assert.strictEqual(failed._tag, "Failure")
      // A tool's answer to another call, or a request for input whose result is not what it stores.
      const call = new Tool.ToolCall({ id: "call_1", name: "refund", arguments: "{}" })
      const message = new Message.ToolResultMessage({
        toolCallId: "call_2",
        name: "refund",
        content: "ok",
        isError: false
      })
      const other = StepRecord.toToolResult(1, call, { message, isError: false, result: "ok" })
      assert.isTrue(Schema.isSchemaError(yield* Effect.flip(other)))
      const asks = { message: "Which order?", requestedSchema: {} }
      const mine = new Message.ToolResultMessage({ ...message, toolCallId: "call_1" })
      const asked = StepRecord.toToolResult(1, call, { message: mine, isError: false, result: "text", asks })
      assert.isTrue(Schema.isSchemaError(yield* Effect.flip(asked)))
      const answered = yield* StepRecord.toToolResult(1, call, { message: mine, isError: false, result: "ok" })
      assert.strictEqual(answered.result, "ok")
    }))
})
