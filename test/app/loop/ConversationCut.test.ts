/**
 * A conversation goes on after a budget cut the loop while the model was making a tool call. Turn 1: the budget
 * caps the step's output (`max_tokens`, below the model's own), the model stops at that cap in the middle of a
 * tool call's arguments (finish reason `length`), and the loop stops with `budget`. Turn 2: the user's next
 * message goes out with the conversation turn 1 left, through `runTools`, the durable loop, and the durable
 * loop's messages stored as JSON and read back. The turn-2 request is read against each provider's rule that a
 * tool call is never sent without its result:
 *
 * - Anthropic, "Tool use" → "Handling tool use and tool result blocks" (docs.claude.com): each `tool_use` block
 *   needs a `tool_result` block (`@anthropic-ai/sdk` `ToolResultBlockParam.tool_use_id`) in the next message,
 *   or the API answers 400 "`tool_use` ids were found without `tool_result` blocks immediately after".
 * - Chat Completions, "Create chat completion" → `messages` (platform.openai.com API reference) and openai-node
 *   `ChatCompletionToolMessageParam.tool_call_id` ("Tool call that this message is responding to"): an assistant
 *   message with `tool_calls` must be followed by a `tool` message for each id, or the API answers 400 "An
 *   assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'".
 *
 * The text of the cut step stays, and Anthropic's signed thinking before it (its opaque state) too.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

const sse = (events: ReadonlyArray<object>, done = false) => ({
  headers: { "content-type": "text/event-stream" },
  body: events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") + (done ? "data: [DONE]\n\n" : "")
})

const said = "Let me look that up."

/** Anthropic: signed thinking, text, then a `tool_use` whose arguments stop at `max_tokens`. */
const anthropicCut = sse([
  {
    type: "message_start",
    message: {
      id: "msg_1",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [],
      stop_reason: null,
      usage: { input_tokens: 100, output_tokens: 1 }
    }
  },
  { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "", signature: "" } },
  { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: "The user wants Moria." } },
  { type: "content_block_delta", index: 0, delta: { type: "signature_delta", signature: "sig-cut" } },
  { type: "content_block_stop", index: 0 },
  { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } },
  { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: said } },
  { type: "content_block_stop", index: 1 },
  {
    type: "content_block_start",
    index: 2,
    content_block: { type: "tool_use", id: "toolu_1", name: "lookup", input: {} }
  },
  { type: "content_block_delta", index: 2, delta: { type: "input_json_delta", partial_json: "{\"q\": \"mor" } },
  { type: "content_block_stop", index: 2 },
  { type: "message_delta", delta: { stop_reason: "max_tokens", stop_sequence: null }, usage: { output_tokens: 300 } },
  { type: "message_stop" }
])

const anthropicAnswer = sse([
  {
    type: "message_start",
    message: {
      id: "msg_2",
      type: "message",
      role: "assistant",
      model: "claude-sonnet-4-5-20250929",
      content: [],
      stop_reason: null,
      usage: { input_tokens: 120, output_tokens: 1 }
    }
  },
  { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
  { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Moria is a mine." } },
  { type: "content_block_stop", index: 0 },
  { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 5 } },
  { type: "message_stop" }
])

const chunk = (choices: ReadonlyArray<object>, usage?: object) => ({
  id: "chatcmpl-1",
  object: "chat.completion.chunk",
  created: 1_760_000_000,
  model: "gpt-4o-2024-08-06",
  choices,
  ...(usage === undefined ? {} : { usage })
})

/** Chat Completions: text, then a call whose arguments stop at the cap (`finish_reason: "length"`). */
const openaiCut = sse([
  chunk([{ index: 0, delta: { role: "assistant", content: said }, finish_reason: null }]),
  chunk([{
    index: 0,
    delta: {
      tool_calls: [{
        index: 0,
        id: "call_1",
        type: "function",
        function: { name: "lookup", arguments: "{\"q\": \"mor" }
      }]
    },
    finish_reason: null
  }]),
  chunk([{ index: 0, delta: {}, finish_reason: "length" }]),
  chunk([], { prompt_tokens: 100, completion_tokens: 300, total_tokens: 400 })
], true)

const openaiAnswer = sse([
  chunk([{ index: 0, delta: { role: "assistant", content: "Moria is a mine." }, finish_reason: null }]),
  chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
  chunk([], { prompt_tokens: 120, completion_tokens: 5, total_tokens: 125 })
], true)

/**
 * Checks the request against the provider's rule: every call an assistant turn sends has its result in the
 * message the rule names; and the cut turn's text went out (with Anthropic's signed thinking).
 */
const checkRule = (provider: "anthropic" | "openai", raw: string) => {
  const messages: Array<any> = JSON.parse(raw).messages
  assert.strictEqual(messages[messages.length - 1].role, "user")
  if (provider === "anthropic") {
    messages.forEach((message, at) => {
      const blocks: Array<any> = Array.isArray(message.content) ? message.content : []
      const next: Array<any> = Array.isArray(messages[at + 1]?.content) ? messages[at + 1].content : []
      for (const use of blocks.filter((block) => block.type === "tool_use")) {
        assert.isTrue(next.some((block) => block.type === "tool_result" && block.tool_use_id === use.id), use.id)
      }
    })
    const assistant = messages.find((message) => message.role === "assistant")
    assert.deepStrictEqual(assistant.content, [
      { type: "thinking", thinking: "The user wants Moria.", signature: "sig-cut" },
      { type: "text", text: said }
    ])
  } else {
    messages.forEach((message, at) => {
      const answered = new Set<string>()
      for (const after of messages.slice(at + 1)) {
        if (after.role !== "tool") break
        answered.add(after.tool_call_id)
      }
      for (const call of message.tool_calls ?? []) assert.isTrue(answered.has(call.id), call.id)
    })
    const assistant = messages.find((message) => message.role === "assistant")
    assert.strictEqual(assistant.content, said)
    assert.isUndefined(assistant.tool_calls)
  }
}

const providers = [
  { provider: "anthropic", cut: anthropicCut, answer: anthropicAnswer },
  { provider: "openai", cut: openaiCut, answer: openaiAnswer }
] as const

const codec = Schema.toCodecJson(Schema.Array(Message.Message))
const first = [Message.user("What is Moria?")]
const next = Message.user("Go on")

/** Turn 1 cut by the budget: the loop stopped with `budget`, the cut step's text kept without its call. */
const checkCut = (done: LanguageModel.DoneEvent) => {
  assert.strictEqual(done.reason, "budget")
  assert.deepStrictEqual(done.messages.map((message) => message._tag), ["UserMessage", "AssistantMessage"])
  const turn = done.messages[1] as Message.AssistantMessage
  assert.strictEqual(turn.text, said)
  assert.deepStrictEqual(turn.toolCalls, [])
}

describe("a conversation goes on after a budget cut a tool call", () => {
  for (const { answer, cut, provider } of providers) {
    it.live(`runTools: the next turn sends no call without its result (${provider})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([cut, answer])
        const model = LoopWire.modelAt(provider, url, FetchHttpClient.layer)
        const done = yield* LanguageModel.runToolsToEnd({ messages: first, tools: [lookup], budget: { usd: "0.01" } })
          .pipe(Effect.provide(model))
        checkCut(done)
        const requests = server.requests(url)
        // The budget capped the step's output below the model's own cap.
        const body = JSON.parse(requests[0]!.body)
        assert.isBelow(body.max_tokens ?? body.max_completion_tokens, 1000)
        const after = yield* LanguageModel.runToolsToEnd({ messages: [...done.messages, next], tools: [lookup] })
          .pipe(Effect.provide(model))
        assert.strictEqual(after.reason, "stop")
        assert.strictEqual(server.requests(url).length, 2)
        checkRule(provider, server.requests(url)[1]!.body)
      }).pipe(Effect.scoped))

    it.live(`the durable loop, and its messages stored as JSON: no call without its result (${provider})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([cut, answer, answer])
        const agent = LanguageModel.durableLoop(`cut-${provider}`, { tools: [lookup], budget: { usd: "0.01" } })
        const layer = agent.layer.pipe(
          Layer.provideMerge(DurableLoop.layerMemory),
          Layer.provide(LoopWire.modelAt(provider, url, FetchHttpClient.layer)),
          Layer.provideMerge(StreamStore.layerMemory())
        )
        yield* Effect.gen(function*() {
          const done = yield* agent.run({ executionId: "turn-1", messages: first })
          checkCut(done)
          const after = yield* agent.run({ executionId: "turn-2", messages: [...done.messages, next] })
          assert.strictEqual(after.reason, "stop")
          // The same conversation stored as JSON and read back.
          const stored = JSON.parse(JSON.stringify(Schema.encodeSync(codec)(done.messages)))
          const restored = Schema.decodeUnknownSync(codec)(stored)
          yield* agent.run({ executionId: "turn-2-restored", messages: [...restored, next] })
        }).pipe(Effect.provide(layer))
        const requests = server.requests(url)
        assert.strictEqual(requests.length, 3)
        checkRule(provider, requests[1]!.body)
        assert.strictEqual(requests[2]!.body, requests[1]!.body)
      }).pipe(Effect.scoped))
  }
})
