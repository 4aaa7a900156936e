import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result } from "effect"
import { Anthropic, CallStream, Cost, CostMetadata, LanguageModel, PriceTable } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"

const sse = { "content-type": "text/event-stream; charset=utf-8", "request-id": "req_replay" }
const model = "claude-sonnet-4-6"

/** The start of a call that read 1,111 tokens from the cache and wrote 409, as recorded. */
const startUsage = {
  input_tokens: 3,
  cache_read_input_tokens: 1111,
  cache_creation_input_tokens: 409,
  output_tokens: 1
}

/** The response a call streaming a `message_start` with `startUsage` and a `message_delta` with `deltaUsage` gives. */
const responseOf = (deltaUsage: Record<string, unknown>) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const events = [
      {
        type: "message_start",
        message: { id: "msg_1", type: "message", role: "assistant", model, content: [], usage: startUsage }
      },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hi." } },
      { type: "content_block_stop", index: 0 },
      { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: deltaUsage },
      { type: "message_stop" }
    ]
    const body = events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("")
    const layer = Anthropic.model(model).pipe(
      Layer.provide(
        Anthropic.layer({
          apiKey: Redacted.make("sk-ant-test-0123456789abcdef"),
          baseUrl: server.serve({ headers: sse, body })
        })
      ),
      Layer.provide(clients[0]![1])
    )
    return yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(Effect.provide(layer))
  })

/** The cost of the counts at the bundled rates of `model`, computed here. */
const priced = (fields: ConstructorParameters<typeof CostMetadata.CostMetadata>[0]) =>
  Cost.totalText(Result.getOrThrow(Cost.compute(
    Result.getOrThrow(PriceTable.bundled.lookup("anthropic", model)),
    new CostMetadata.CostMetadata(fields)
  )))

describe("Anthropic: a message_delta's usage folded over message_start's field by field", () => {
  // @anthropic-ai/sdk lib/MessageStream.ts: each usage field of a `message_delta` overwrites the snapshot's only
  // when the delta has it (`MessageDeltaUsage` allows the cache counts to be null). Anthropic-compatible hosts send
  // `input_tokens` alone.
  for (
    const [name, cache] of [["absent", {}], ["null", {
      cache_read_input_tokens: null,
      cache_creation_input_tokens: null
    }]] as const
  ) {
    it.effect(`cache counts ${name} in the delta keep the start's, the delta's input taken`, () =>
      Effect.gen(function*() {
        const response = yield* responseOf({ input_tokens: 3, output_tokens: 42, ...cache })
        assert.strictEqual(response.usage.inputTokens, 3 + 1111 + 409)
        assert.strictEqual(response.usage.cachedTokens, 1111)
        assert.strictEqual(response.usage.cacheWriteTokens, 409)
        assert.strictEqual(response.usage.outputTokens, 42)
        const cost = Result.getOrThrow(response.costResult)
        assert.strictEqual(
          Cost.totalText(cost),
          priced({ inputTokens: 1523, cachedTokens: 1111, cacheWriteTokens: 409, outputTokens: 42 })
        )
      }))
  }

  it.effect("counts the delta has overwrite the start's (a server-tool loop's input grows)", () =>
    Effect.gen(function*() {
      const response = yield* responseOf({
        input_tokens: 50,
        cache_read_input_tokens: 2000,
        cache_creation_input_tokens: 600,
        output_tokens: 42
      })
      assert.strictEqual(response.usage.inputTokens, 50 + 2000 + 600)
      assert.strictEqual(response.usage.cachedTokens, 2000)
      assert.strictEqual(response.usage.cacheWriteTokens, 600)
    }))

  it.effect("a delta with a cache count and no input keeps the start's input", () =>
    Effect.gen(function*() {
      const response = yield* responseOf({ cache_read_input_tokens: 2000, output_tokens: 42 })
      assert.strictEqual(response.usage.inputTokens, 3 + 2000 + 409)
      assert.strictEqual(response.usage.cachedTokens, 2000)
      assert.strictEqual(response.usage.cacheWriteTokens, 409)
      assert.strictEqual(
        Cost.totalText(Result.getOrThrow(response.costResult)),
        priced({ inputTokens: 2412, cachedTokens: 2000, cacheWriteTokens: 409, outputTokens: 42 })
      )
    }))
})
