/**
 * The stop reasons added in 2026, over real HTTP. An output cut short because the context window filled
 * up (`model_context_window_exceeded`) is a truncation, `length`, exactly as `max_tokens`; Bedrock's
 * `malformed_model_output` and `malformed_tool_use` stay `other` with the raw value kept; Anthropic's
 * `stop_details` is readable on the chunk.
 *
 * Bodies: Anthropic's recorded `text.sse` with its `message_delta` changed to each stop reason of
 * `@anthropic-ai/sdk` 1.12 `StopReason` (`resources/messages/messages.d.ts`, with `RawMessageDeltaEvent.Delta
 * .stop_details: RefusalStopDetails | null`); Bedrock frames with each `StopReason` of
 * `@aws-sdk/client-bedrock-runtime` (`models/enums.d.ts`). No recording of these reasons was found.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { Anthropic, Bedrock, CallResponse, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import * as Frames from "../../support/Frames.js"
import { collect } from "../support/Collect.js"

const anthropic = (baseUrl: string, client: (typeof clients)[number][1]) =>
  Anthropic.model("claude-sonnet-4-0").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("sk-ant-stop-0123456789"), baseUrl })),
    Layer.provide(client)
  )

const bedrock = (baseUrl: string, client: (typeof clients)[number][1]) =>
  Bedrock.model("us.anthropic.claude-sonnet-4-20250514-v1:0").pipe(
    Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make("bedrock-api-key-0123456789"), baseUrl })),
    Layer.provide(client)
  )

/** `text.sse` whose `message_delta` says `delta` instead of `end_turn`. */
const anthropicBody = (delta: Readonly<Record<string, unknown>>) =>
  Fixtures.text("anthropic", "text.sse").replace(
    `"delta":{"stop_reason":"end_turn","stop_sequence":null}`,
    `"delta":${JSON.stringify({ stop_sequence: null, ...delta })}`
  )

const bedrockBody = (stopReason: string) =>
  Frames.concat([
    Frames.event("messageStart", { role: "assistant" }),
    Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "The answer is" } }),
    Frames.event("contentBlockStop", { contentBlockIndex: 0 }),
    Frames.event("messageStop", { stopReason }),
    Frames.event("metadata", {
      usage: { inputTokens: 200_000, outputTokens: 4, totalTokens: 200_004 },
      metrics: { latencyMs: 9 }
    })
  ])

describe("2026 stop reasons", () => {
  for (const [clientName, client] of clients) {
    it.effect(`Anthropic model_context_window_exceeded is a truncation, length (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream" },
          body: anthropicBody({ stop_reason: "model_context_window_exceeded", stop_details: null })
        })
        const { chunks, result } = yield* collect(LanguageModel.stream("x")).pipe(
          Effect.provide(anthropic(baseUrl, client))
        )
        assert.strictEqual(result._tag, "Success")
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        assert.deepStrictEqual(response.finishReasons, ["model_context_window_exceeded"])
        assert.deepStrictEqual(response.commonFinishReasons, ["length"])
      }))

    it.effect(`Bedrock model_context_window_exceeded is length; malformed output stays other, raw kept (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        for (
          const [raw, common] of [
            ["model_context_window_exceeded", "length"],
            ["malformed_model_output", "other"],
            ["malformed_tool_use", "other"]
          ] as const
        ) {
          const baseUrl = server.serve({
            headers: { "content-type": "application/vnd.amazon.eventstream" },
            body: bedrockBody(raw)
          })
          const { chunks, result } = yield* collect(LanguageModel.stream("x")).pipe(
            Effect.provide(bedrock(baseUrl, client))
          )
          assert.strictEqual(result._tag, "Success")
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          assert.deepStrictEqual(response.finishReasons, [raw])
          assert.deepStrictEqual(response.commonFinishReasons, [common])
        }
      }))
  }

  it("Bedrock maps each of Anthropic's stop reasons as Anthropic does: one table, so a new reason is one row", () => {
    for (
      const raw of ["end_turn", "stop_sequence", "max_tokens", "model_context_window_exceeded", "tool_use", "refusal"]
    ) {
      assert.strictEqual(Bedrock.toCommonFinishReason(raw), Anthropic.toCommonFinishReason(raw), raw)
    }
    assert.strictEqual(Bedrock.toCommonFinishReason("guardrail_intervened"), "content_filter")
    assert.strictEqual(Anthropic.toCommonFinishReason("guardrail_intervened"), "other")
  })

  it.effect("Anthropic's refusal stop_details is readable on the message_delta chunk", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const details = { type: "refusal", category: "cyber", explanation: "The request could enable malware." }
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: anthropicBody({ stop_reason: "refusal", stop_details: details })
      })
      const { chunks } = yield* collect(LanguageModel.stream("x")).pipe(
        Effect.provide(anthropic(baseUrl, clients[0]![1]))
      )
      const typed = chunks as ReadonlyArray<Anthropic.AnthropicCallResponseChunk>
      const delta = typed.find((chunk) => chunk.chunk.type === "message_delta")!
      assert.deepStrictEqual(delta.stopDetails, details)
      assert.deepStrictEqual(delta.commonFinishReasons, ["content_filter"])
      assert.isUndefined(typed[0]!.stopDetails)
    }))
})
