/**
 * An audit of Groq's Chat Completions stream against `groq-sdk` 1.6.0's own types
 * (`node_modules/groq-sdk/resources/chat/completions.d.ts`, `ChatCompletionChunk`, its `XGroq`;
 * `node_modules/groq-sdk/resources/completions.d.ts`, `CompletionUsage`): every field of a choice's `delta`, every
 * `finish_reason`, every field of `x_groq` and every count of the usage, each as a minimal payload of the SDK's type,
 * streamed through the real decoder (`TestKit.fromRecording`, the call's own decoding). Each table is keyed by the
 * SDK's union, so a member added to the SDK is a compile error here until it has a row.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { type FinishReason, ProviderError } from "effect-llm-stream"
import type { ChatCompletionChunk } from "groq-sdk/resources/chat/completions"
import type { CompletionUsage } from "groq-sdk/resources/completions"
import { recorded } from "../../support/Collect.js"
import * as GroqChunks from "../../support/GroqChunks.js"
import * as SdkAudit from "../../support/SdkAudit.js"

type Choice = ChatCompletionChunk.Choice
type Delta = ChatCompletionChunk.Choice.Delta
type XGroq = ChatCompletionChunk.XGroq

const model = "openai/gpt-oss-120b"

const chunk = GroqChunks.chunkOf(model, "chatcmpl-audit")

const usage: CompletionUsage = {
  prompt_tokens: 1200,
  completion_tokens: 300,
  total_tokens: 1500,
  queue_time: 0.04,
  prompt_time: 0.003,
  completion_time: 0.65,
  total_time: 0.69,
  prompt_tokens_details: { cached_tokens: 1000 },
  completion_tokens_details: { reasoning_tokens: 200 }
}

/**
 * A stream of `deltas` of choice 0, the first chunk with Groq's request id and seed, finished with `reason` on a last
 * chunk carrying the usage in `x_groq` (as the SDK types it: its chunk has no top-level `usage`) and `extra`.
 */
const body = (
  deltas: ReadonlyArray<Delta>,
  reason: NonNullable<Choice["finish_reason"]> = "stop",
  extra: Partial<XGroq> = {}
) =>
  GroqChunks.sseOf([
    chunk({
      choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      x_groq: {
        id: "req_audit",
        seed: 1535227698
      }
    }),
    ...deltas.map((delta) => chunk({ choices: [{ index: 0, delta, finish_reason: null }] })),
    chunk({
      choices: [{ index: 0, delta: {}, finish_reason: reason }],
      x_groq: { id: "req_audit", usage, ...extra }
    })
  ])

const streamed = (text: string) => recorded("groq", text, model)

/**
 * Every field of a choice's `delta`, with what it adds. The tools a compound model ran itself (`executed_tools`) are
 * the provider's own calls, with their results once they carry their output (their fees are priced:
 * GroqCompoundCost.test.ts; what a page is shown: GroqExecutedTools.test.ts).
 */
const deltas: { readonly [K in keyof Delta]-?: ReadonlyArray<readonly [Delta, SdkAudit.Places]> } = {
  role: [[{ role: "assistant" }, {}]],
  content: [[{ content: "Hi" }, { text: "Hi" }], [{ content: null }, {}]],
  reasoning: [[{ reasoning: "Think." }, { reasoning: "Think." }], [{ reasoning: null }, {}]],
  // The deprecated function call is not read as a tool call (its finish reason is other: ChatFinishReasons).
  function_call: [[{ function_call: { name: "f", arguments: "{}" } }, {}]],
  tool_calls: [[
    { tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "f", arguments: "{\"a\":1}" } }] },
    { toolCalls: [["call_1", "f", "{\"a\":1}"]] }
  ]],
  executed_tools: [
    [{ executed_tools: [{ index: 0, type: "search", arguments: "{\"query\":\"effect\"}" }] }, {
      serverToolCalls: [["search", "chatcmpl-audit-tool-0", "web_search", "{\"query\":\"effect\"}"]]
    }],
    [{
      executed_tools: [{
        index: 0,
        type: "search",
        arguments: "{\"query\":\"effect\"}",
        output: "Effect is a TypeScript library.",
        search_results: { results: [{ title: "Effect", url: "https://effect.website", content: "E", score: 0.9 }] }
      }]
    }, {
      serverToolCalls: [["search", "chatcmpl-audit-tool-0", "web_search", "{\"query\":\"effect\"}"]],
      serverToolResults: [["search", "chatcmpl-audit-tool-0"]]
    }],
    [{
      executed_tools: [{
        index: 1,
        type: "python",
        arguments: "{\"code\":\"print(1)\"}",
        code_results: [{ text: "1", charts: [{ type: "bar", elements: [{ label: "a", value: 1 }] }] }]
      }]
    }, {
      serverToolCalls: [["python", "chatcmpl-audit-tool-1", "code_interpreter", "{\"code\":\"print(1)\"}"]],
      serverToolResults: [["python", "chatcmpl-audit-tool-1"]]
    }],
    [{
      executed_tools: [{
        index: 2,
        type: "browser_automation",
        arguments: "{}",
        browser_results: [{ title: "Effect", url: "https://effect.website", live_view_url: "https://x.example" }]
      }]
    }, {
      serverToolCalls: [["browser_automation", "chatcmpl-audit-tool-2", "browser_automation", "{}"]],
      serverToolResults: [["browser_automation", "chatcmpl-audit-tool-2"]]
    }]
  ],
  annotations: [
    [{
      content: "Hi",
      annotations: [{
        type: "document_citation",
        document_citation: { document_id: "d1", start_index: 0, end_index: 2 }
      }]
    }, { text: "Hi" }],
    [{
      content: "Hi",
      annotations: [{
        type: "function_citation",
        function_citation: { tool_call_id: "call_1", start_index: 0, end_index: 2 }
      }]
    }, { text: "Hi" }]
  ]
}

/** Every finish reason, as the common one it is. */
const finishReasons: { readonly [K in NonNullable<Choice["finish_reason"]>]: FinishReason.FinishReason } = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  function_call: "other"
}

/** Every field of `x_groq` but the usage and the error (the tests below), on the finish chunk. */
const xGroqFields: { readonly [K in Exclude<keyof XGroq, "usage" | "error">]-?: Partial<XGroq> } = {
  id: { id: "req_audit" },
  seed: { seed: 1535227698 },
  debug: { debug: { input_tokens: ["Hi"], input_token_ids: [1], output_tokens: ["Hi"], output_token_ids: [1] } },
  usage_breakdown: {
    usage_breakdown: {
      models: [{ model: "openai/gpt-oss-120b", usage }, { model: "meta-llama/llama-4-scout-17b-16e-instruct", usage }]
    }
  }
}

describe("Groq stream audit (groq-sdk 1.6.0 ChatCompletionChunk)", () => {
  for (const [field, rows] of Object.entries(deltas)) {
    for (const [delta, expected] of rows) {
      it.effect(`delta.${field} ${JSON.stringify(delta)}: read without failing, where it belongs`, () =>
        Effect.gen(function*() {
          const reason = expected.toolCalls === undefined ? "stop" : "tool_calls"
          const { chunks, response, result } = yield* streamed(body([delta], reason))
          assert.strictEqual(result._tag, "Success")
          SdkAudit.checkPlaces(response, expected, [])
          // The delta is kept as sent.
          assert.deepStrictEqual((chunks[1] as any).chunk.choices[0].delta, delta)
        }))
    }
  }

  it.effect("every finish_reason is its common one, the raw reason kept; one the SDK does not name is other", () =>
    SdkAudit.checkStops(
      finishReasons,
      (reason) =>
        streamed(body([{ content: "Hi" }]).replace("\"finish_reason\":\"stop\"", `"finish_reason":"${reason}"`))
    ))

  for (const [field, extra] of Object.entries(xGroqFields)) {
    it.effect(`x_groq.${field} on the finish chunk is read without failing, kept as sent`, () =>
      Effect.gen(function*() {
        const { chunks, response, result } = yield* streamed(body([{ content: "Hi" }], "stop", extra))
        assert.strictEqual(result._tag, "Success")
        assert.strictEqual(response.content, "Hi")
        assert.deepInclude((chunks.at(-1) as any).chunk.x_groq, extra)
      }))
  }

  it.effect("every count of CompletionUsage in x_groq is counted, and priced", () =>
    Effect.gen(function*() {
      const { response } = yield* streamed(body([{ content: "Hi" }]))
      // The times (queue, prompt, completion, total) are seconds, not counts.
      assert.deepInclude(response.usage, {
        inputTokens: 1200,
        cachedTokens: 1000,
        outputTokens: 300,
        reasoningTokens: 200
      })
      assert.isDefined(response.cost)
    }))

  it.effect("x_groq.error stops the stream with a typed failure, after the deltas before it", () =>
    Effect.gen(function*() {
      const { chunks, result } = yield* streamed(body([{ content: "Hi" }], "stop", { error: "over_capacity" }))
      assert.strictEqual(result._tag, "Failure")
      const failure = result._tag === "Failure" ? result.failure : undefined
      assert.instanceOf(failure, ProviderError.ProviderUnavailableError)
      assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "Hi")
    }))
})
