/**
 * An audit of the Chat Completions stream against openai-node 7.59.0's own types
 * (`node_modules/openai/resources/chat/completions/completions.d.ts`, `ChatCompletionChunk`;
 * `node_modules/openai/resources/completions.d.ts`, `CompletionUsage`): every field of a choice's `delta`, every
 * `finish_reason`, the chunk's own fields (`service_tier`, `obfuscation`, `moderation`, ...) and every count of the
 * usage, each as a minimal payload of the SDK's type, streamed through the real decoder (`TestKit.fromRecording`, the
 * call's own decoding). Each table is keyed by the SDK's union, so a member added to the SDK is a compile error here
 * until it has a row.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import type { FinishReason } from "effect-llm-stream"
import type { ChatCompletionWireChunk } from "openai/lib/chat-completions/streaming"
import type { ChatCompletionChunk } from "openai/resources/chat/completions"
import type { CompletionUsage } from "openai/resources/completions"
import { recorded } from "../../support/Collect.js"

type Choice = ChatCompletionChunk.Choice
type Delta = ChatCompletionChunk.Choice.Delta

const chunk = (fields: Partial<ChatCompletionChunk>): ChatCompletionChunk => ({
  id: "chatcmpl-audit",
  object: "chat.completion.chunk",
  created: 1_780_000_000,
  model: "gpt-4o-2024-08-06",
  choices: [],
  ...fields
})

const usage: CompletionUsage = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  prompt_tokens_details: { cached_tokens: 1000, cache_write_tokens: 150, audio_tokens: 40, image_tokens: 60 },
  completion_tokens_details: {
    reasoning_tokens: 200,
    audio_tokens: 20,
    accepted_prediction_tokens: 5,
    rejected_prediction_tokens: 7,
    text_tokens: 80
  }
}

/** A stream of `deltas` of choice 0, finished with `reason`, its usage in a last chunk of its own. */
const body = (deltas: ReadonlyArray<Delta>, reason: NonNullable<Choice["finish_reason"]> = "stop") =>
  [
    ...deltas.map((delta) => chunk({ choices: [{ index: 0, delta, finish_reason: null }] })),
    chunk({ choices: [{ index: 0, delta: {}, finish_reason: reason }] }),
    chunk({ choices: [], usage })
  ].map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join("") + "data: [DONE]\n\n"

const streamed = (text: string) => recorded("openai", text, "gpt-4o")

/** What a delta must add to the answer (beyond not failing it). */
interface Expected {
  readonly content?: string
  readonly refusal?: string
  readonly audioTranscript?: string
  readonly toolCalls?: ReadonlyArray<readonly [name: string, args: string]>
}

/** Every field of a choice's `delta`, with what it adds. */
const deltas: { readonly [K in keyof Delta]-?: ReadonlyArray<readonly [Delta, Expected]> } = {
  role: [[{ role: "assistant" }, {}]],
  content: [[{ content: "Hi" }, { content: "Hi" }], [{ content: null }, {}]],
  refusal: [[{ refusal: "No." }, { refusal: "No." }], [{ refusal: null }, {}]],
  audio: [[
    { audio: { id: "audio_1", data: "AAAA", transcript: "Hello", expires_at: 1_780_003_600 } },
    { audioTranscript: "Hello" }
  ]],
  // The deprecated function call is not read as a tool call (its finish reason is other: ChatFinishReasons); it
  // stays in the chunk's payload.
  function_call: [[{ function_call: { name: "f", arguments: "{}" } }, {}]],
  tool_calls: [
    [
      { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "{\"a\"" } }] },
      { toolCalls: [["f", "{\"a\":1}"]] }
    ],
    [
      { tool_calls: [{ index: 0, id: "call_2", type: "custom", custom: { name: "grep", input: "x" } }] },
      { toolCalls: [["grep", "\"x1\""]] }
    ]
  ]
}

/** The second piece of a call above: its arguments' or its input's rest. */
const restOf = (delta: Delta): ReadonlyArray<Delta> => {
  const call = delta.tool_calls?.[0]
  if (call === undefined) return []
  return call.type === "custom"
    ? [{ tool_calls: [{ index: 0, type: "custom", custom: { input: "1" } }] }]
    : [{ tool_calls: [{ index: 0, function: { arguments: ":1}" } }] }]
}

/** Every finish reason, as the common one it is. */
const finishReasons: { readonly [K in NonNullable<Choice["finish_reason"]>]: FinishReason.FinishReason } = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter",
  function_call: "other"
}

describe("Chat Completions stream audit (openai 7.59.0 ChatCompletionChunk)", () => {
  for (const [field, rows] of Object.entries(deltas)) {
    for (const [delta, expected] of rows) {
      it.effect(`delta.${field} ${JSON.stringify(delta)}: read without failing, where it belongs`, () =>
        Effect.gen(function*() {
          const reason = expected.toolCalls === undefined ? "stop" : "tool_calls"
          const { chunks, response, result } = yield* streamed(body([delta, ...restOf(delta)], reason))
          assert.strictEqual(result._tag, "Success")
          assert.strictEqual(response.content, expected.content ?? "")
          assert.strictEqual(response.refusal, expected.refusal ?? "")
          assert.strictEqual(response.audioTranscript, expected.audioTranscript)
          const calls: Expected["toolCalls"] = response.toolCalls.map((call) => [call.name, call.arguments])
          assert.deepStrictEqual(calls, expected.toolCalls ?? [])
          // The delta is kept as sent.
          assert.deepStrictEqual((chunks[0] as any).chunk.choices[0].delta, delta)
        }))
    }
  }

  it.effect("delta.audio: the chunk's audio is its data, base64-decoded", () =>
    Effect.gen(function*() {
      const { chunks } = yield* streamed(body([{ audio: { id: "audio_1", data: "AAECAw==" } }]))
      assert.deepStrictEqual((chunks[0] as any).audio, new Uint8Array([0, 1, 2, 3]))
    }))

  it.effect("chunks without finish_reason (the audio's expiry after the finish) leave the finish as it was", () =>
    Effect.gen(function*() {
      // openai 7.59.0 lib/chat-completions/streaming.d.ts, `ChatCompletionWireChunk`: "Wire chunks can omit the finish
      // reason, including the final audio expiry update" (the SDK fills in null).
      const wire = (delta: Delta): ChatCompletionWireChunk => ({ ...chunk({}), choices: [{ index: 0, delta }] })
      const sent = [
        wire({ role: "assistant", audio: { id: "audio_1", transcript: "Hello" } }),
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
        wire({ audio: { id: "audio_1", expires_at: 1_780_003_600 } }),
        chunk({ choices: [], usage })
      ]
      const { response, result } = yield* streamed(
        sent.map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join("") + "data: [DONE]\n\n"
      )
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.audioTranscript, "Hello")
      assert.deepStrictEqual(response.finishReasons, ["stop"])
      assert.strictEqual(response.usage.outputTokens, 300)
    }))

  for (const [reason, common] of Object.entries(finishReasons)) {
    it.effect(`finish_reason ${reason} is ${common}, the raw reason kept`, () =>
      Effect.gen(function*() {
        const { response } = yield* streamed(body([{ content: "Hi" }], reason as NonNullable<Choice["finish_reason"]>))
        assert.deepStrictEqual(response.finishReasons, [reason])
        assert.deepStrictEqual(response.commonFinishReasons, [common])
      }))
  }

  it.effect("an unknown finish reason is other, never lost", () =>
    Effect.gen(function*() {
      const text = body([{ content: "Hi" }]).replace("\"finish_reason\":\"stop\"", "\"finish_reason\":\"paused\"")
      const { response } = yield* streamed(text)
      assert.deepStrictEqual(response.finishReasons, ["paused"])
      assert.deepStrictEqual(response.commonFinishReasons, ["other"])
    }))

  it.effect("every chunk field (service_tier, obfuscation, moderation, logprobs, ...) is read without failing", () =>
    Effect.gen(function*() {
      const tiers: ReadonlyArray<NonNullable<ChatCompletionChunk["service_tier"]>> = [
        "auto",
        "default",
        "flex",
        "scale",
        "priority",
        "fast"
      ]
      for (const service_tier of tiers) {
        const full = chunk({
          service_tier,
          system_fingerprint: "fp_1",
          obfuscation: "aBc",
          moderation: {
            input: { type: "moderation_results", model: "omni-moderation-latest", results: [] },
            output: { type: "error", code: "moderation_error", message: "Unavailable." }
          },
          choices: [{
            index: 0,
            delta: { content: "Hi" },
            finish_reason: null,
            logprobs: { content: [], refusal: null }
          }]
        })
        const text = `data: ${JSON.stringify(full)}\n\n${body([])}`
        const { chunks, response, result } = yield* streamed(text)
        assert.strictEqual(result._tag, "Success", service_tier)
        assert.strictEqual(response.content, "Hi", service_tier)
        assert.deepStrictEqual((chunks[0] as any).chunk.moderation, full.moderation)
      }
    }))

  it.effect("every billed count of CompletionUsage is counted", () =>
    Effect.gen(function*() {
      const { response } = yield* streamed(body([{ content: "Hi" }]))
      // Accepted and rejected prediction tokens are billed as completion tokens, which count them
      // (`CompletionTokensDetails.rejected_prediction_tokens`: "still counted in the total completion tokens for
      // purposes of billing"); image and text tokens are parts of the prompt's.
      assert.deepInclude(response.usage, {
        inputTokens: 1200,
        cachedTokens: 1000,
        cacheWriteTokens: 150,
        inputAudioTokens: 40,
        outputTokens: 300,
        reasoningTokens: 200,
        outputAudioTokens: 20
      })
    }))
})
