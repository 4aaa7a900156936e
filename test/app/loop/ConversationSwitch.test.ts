/**
 * A conversation goes on with another provider: swapping the model's Layer between two questions (a model picker, a
 * fallback) sends the same messages to another API, which must take them. Each recorded conversation (its question, the
 * call with the provider's state, the tool's result, the answer: `support/Conversations.ts`) is continued on every
 * other API, and the follow-up request is read against the rules of the API it goes to:
 *
 * - no other provider's opaque state (a signature, encrypted reasoning, an item id goes back only to the API that
 *   made it), and only the blocks the API takes for a turn;
 * - every call answered by its result (Anthropic: a `tool_result` per `tool_use` in the next message; Chat
 *   Completions: a `tool` message per `tool_calls` id; the Responses API: a `function_call_output` per `call_id`;
 *   Bedrock: a `toolResult` per `toolUse`);
 * - the ids of calls as the API allows them: Anthropic `^[a-zA-Z0-9_-]+$` (@anthropic-ai/sdk `ToolUseBlockParam`),
 *   Bedrock the same, 1 to 64 of them (@aws-sdk/client-bedrock-runtime `ToolUseBlock.toolUseId`), OpenAI's Chat
 *   Completions at most 40 characters and the Responses API 64 (their 400s, `string_above_max_length`: "Invalid
 *   'messages[3].tool_calls[0].id': string too long. Expected a string with maximum length 40", vercel/ai#8132,
 *   Portkey-AI/gateway#1062; "Invalid 'input[95].call_id': ... maximum length 64", AnswerDotAI/fastllm#45).
 *
 * The same between two steps of the tool loop (a fallback after the first step's call was answered), where Gemini 3
 * checks the signature of every call of the turn under way: a call another provider made goes with the value Google
 * documents for a call it did not make (ai.google.dev, "Thought signatures": `skip_thought_signature_validator`).
 *
 * And a conversation whose ids those APIs refuse: Kimi K2 on Groq names its calls `functions.weather:0` (vLLM's
 * `make_tool_call_id` for `kimi_k2`, vllm/entrypoints/chat_utils.py). Continued on Anthropic and Bedrock, each call and
 * its result go with the same id those APIs take; continued on Groq, with Kimi's own ids, unchanged (Kimi reads its
 * calls by them). Kimi numbers its calls within a response, so its next turn calls `functions.weather:0` again, and
 * Anthropic refuses a request whose `tool_use` ids repeat ("`tool_use` ids must be unique", a 400:
 * anthropics/claude-code#20901, NVIDIA-NeMo/Switchyard#502), the Responses API one whose `call_id`s do ("Duplicate
 * function_call_output for call_id", NousResearch/hermes-agent#102629, mnfst/llm-gateway#2858): there a repeated id
 * goes as another, the same in its result, and a conversation's earlier turns go alike as it grows. And ids longer than
 * OpenAI takes: a program's own (`call-<uuid>`, 41 characters) and an MCP bridge's
 * (`codex_mcp__<server>__<tool>_exec-<uuid>`, 94), cut with a hash so that a call and its result stay paired.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { Azure, Groq, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Conversations from "../../support/Conversations.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import {
  callsAndResults,
  checkFollowUp,
  modelOf,
  nameOf,
  own,
  requestTo,
  type Target,
  targets
} from "../../support/SwitchTargets.js"

/**
 * Runs the conversation's first exchange on its own model (the question, the call, its result, the answer), then sends
 * `next` of its messages to `target` through the loop; the request `target` was sent.
 */
const continuedOn = (
  conversation: Conversations.Conversation,
  target: Target,
  next: (messages: ReadonlyArray<Message.Message>) => ReadonlyArray<Message.Message>,
  settings: { readonly reasoning?: { readonly budgetTokens: number } } = {}
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const first = yield* Conversations.firstExchange(server, conversation)
    const tools = [Conversations.handled(conversation)]
    const body = yield* requestTo(server, target, { messages: next(first.messages), tools, ...settings })
    // A follow-up to the API that made the turn is read against its own rules elsewhere (ConversationLoop.test.ts).
    if (!own(conversation, target)) {
      checkFollowUp(target, body, Conversations.opaqueValues(conversation.format, conversation.recordedTurn()))
    }
    return body
  })

describe("a conversation goes on with another provider", () => {
  for (const conversation of Conversations.conversations) {
    for (const target of targets) {
      if (own(conversation, target)) continue
      it.live(`${conversation.name}, then ${nameOf(target)}: the follow-up is a request that API takes`, () =>
        continuedOn(conversation, target, (messages) => [...messages, Message.user(conversation.followUp)]).pipe(
          Effect.scoped
        ))
    }
  }
})

/** The conversation as the first step of the loop left it: the question, the call, its result. */
const betweenSteps = (messages: ReadonlyArray<Message.Message>) =>
  messages.slice(0, messages.map((m) => m._tag).lastIndexOf("ToolResultMessage") + 1)

describe("a tool loop goes on with another provider after a call (a fallback between steps)", () => {
  for (const conversation of Conversations.conversations) {
    for (const target of targets) {
      if (own(conversation, target)) continue
      it.live(`${conversation.name}, its call answered, then ${nameOf(target)} takes the next step`, () =>
        Effect.gen(function*() {
          // The conversation as the first step left it: the question, the call, its result.
          const body = yield* continuedOn(conversation, target, betweenSteps)
          // Gemini 3 checks the signature of each call of the turn under way; a call it did not make has none, and
          // goes with the value Google documents for one ("skip_thought_signature_validator", Thought signatures).
          if (target.format === "google") {
            const calls = body.contents.flatMap((content: any) => content.parts).filter((part: any) =>
              part.functionCall
            )
            for (const call of calls) assert.strictEqual(call.thoughtSignature, "skip_thought_signature_validator")
          }
        }).pipe(Effect.scoped))
    }
  }
})

describe("Claude thinking on a budget takes the loop on after another provider's call", () => {
  // A tool loop is one assistant turn, with one thinking configuration (platform.claude.com, "Thinking in tool and
  // multi-turn workflows"); with extended thinking on a budget (Claude 3.7 to 4.5) a final assistant turn that does not
  // start with a thinking block is a 400 ("When `thinking` is enabled, a final `assistant` message must start with a
  // thinking block"). Bedrock's Claude takes the same `thinking` in `additionalModelRequestFields`.
  const thinkingOf = (target: Target, body: any) =>
    target.format === "anthropic" ? body.thinking : body.additionalModelRequestFields?.thinking
  const reasoning = { budgetTokens: 2048 }
  for (const conversation of Conversations.conversations) {
    for (const target of targets.filter((each) => each.format === "anthropic" || each.format === "bedrock")) {
      it.live(`${conversation.name}, then ${nameOf(target)}: the turn under way goes on as it began`, () =>
        Effect.gen(function*() {
          const between = yield* continuedOn(conversation, target, betweenSteps, { reasoning })
          const thinking = thinkingOf(target, between)
          const first = conversation.recordedTurn()[0] ?? {}
          if (
            own(conversation, target) &&
            (["thinking", "redacted_thinking"].includes(first.type) || first.reasoningContent !== undefined)
          ) {
            // Its own turn, which began by thinking: it goes on thinking, with that thinking sent back first.
            assert.deepStrictEqual(thinking, { type: "enabled", budget_tokens: 2048 })
          } else {
            assert.isUndefined(thinking, "no thinking for a turn that began without")
          }
          // A new question starts a turn of its own: it thinks.
          const next = yield* continuedOn(
            conversation,
            target,
            (messages) => [...messages, Message.user(conversation.followUp)],
            { reasoning }
          )
          assert.deepStrictEqual(thinkingOf(target, next), { type: "enabled", budget_tokens: 2048 })
        }).pipe(Effect.scoped))
    }
  }
})

/** Groq's Chat Completions chunks of one answer of Kimi K2. */
const kimi = (delta: object, finish: string | null = null) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-kimi",
      object: "chat.completion.chunk",
      created: 1771434740,
      model: "moonshotai/kimi-k2-instruct-0905",
      choices: [{ index: 0, delta, finish_reason: finish }]
    })
  }\n\n`

/** Kimi K2 calls `weather` twice in one turn, with its own ids, then answers. */
const kimiTurns = [
  kimi({
    role: "assistant",
    tool_calls: [
      { index: 0, id: "functions.weather:0", type: "function", function: { name: "weather", arguments: "" } },
      { index: 1, id: "functions.weather:1", type: "function", function: { name: "weather", arguments: "" } }
    ]
  }) +
  kimi({ tool_calls: [{ index: 0, function: { arguments: `{"location":"Florence"}` } }] }) +
  kimi({ tool_calls: [{ index: 1, function: { arguments: `{"location":"Rome"}` } }] }) +
  kimi({}, "tool_calls") + "data: [DONE]\n\n",
  kimi({ role: "assistant", content: "40 C in both." }) + kimi({}, "stop") + "data: [DONE]\n\n"
].map((body) => ({ headers: { "content-type": "text/event-stream" }, body }))

/** Kimi K2 on Groq, answering at `baseUrl`. */
const groqModel = (baseUrl: string) =>
  Groq.model("moonshotai/kimi-k2-instruct-0905").pipe(
    Layer.provide(Groq.layer({ apiKey: Redacted.make("gsk-kimi"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

const weather = Tool.handle(
  Tool.make("weather", { parameters: Schema.Struct({ location: Schema.String }) }),
  () => Effect.succeed("40 C")
)

describe("a call id another API refuses", () => {
  it.live("Kimi K2's ids (functions.weather:0) go to Anthropic and Bedrock as ids they take, to Groq unchanged", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const first = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Weather in Florence and Rome?")],
        tools: [weather]
      }).pipe(Effect.provide(groqModel(server.serve(kimiTurns))))
      assert.deepStrictEqual(first.steps[0]!.response.toolCalls.map((call) => call.id), [
        "functions.weather:0",
        "functions.weather:1"
      ])
      const messages = [...first.messages, Message.user("And tomorrow?")]
      const sentTo = (target: Target) => RecordedModels.firstRequest(server, target, { messages, tools: [weather] })
      for (const target of targets.filter((each) => each.format === "anthropic" || each.format === "bedrock")) {
        const body = yield* sentTo(target)
        checkFollowUp(target, body, [])
        const { calls } = callsAndResults(target, body)
        // Two ids, told apart, and the same in the call and in its result.
        assert.strictEqual(new Set(calls).size, 2)
        for (const id of calls) assert.match(id, /^functions_weather_\d_[0-9a-f]{16}$/)
      }
      // Back on Groq, Kimi's own ids as it made them.
      const groq = server.serve(kimiTurns.slice(1))
      const again = yield* LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
        Effect.provide(groqModel(groq))
      )
      assert.strictEqual(again.reason, "stop")
      const groqBody = JSON.parse(server.requests(groq)[0]!.body)
      assert.deepStrictEqual(callsAndResults(targets[1], groqBody).calls, [
        "functions.weather:0",
        "functions.weather:1"
      ])
      assert.deepStrictEqual(callsAndResults(targets[1], groqBody).results, [
        "functions.weather:0",
        "functions.weather:1"
      ])
    }).pipe(Effect.scoped))

  it.live("ids longer than an API takes (a program's own, an MCP bridge's) go within it, each call with its result", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const uuid = "6aa6db90-1b84-4155-9f32-f658c97d6b1b"
      const ids = [
        "call_short1",
        `call-${uuid}`,
        `codex_mcp__codex_apps__google_calendar.search_events_exec-${uuid}`,
        "codex_mcp__codex_apps__google_calendar.search_events_exec-0f5c1e52-3f0e-4a51-9d2b-5cb0a4a2d7e1"
      ]
      const calls = ids.map((id, index) =>
        new Tool.ToolCall({ id, name: "weather", arguments: `{"location":"${index}"}` })
      )
      const messages = [
        Message.user("Weather in four places?"),
        Message.assistant("", { toolCalls: calls }),
        ...ids.map((toolCallId) => Message.toolResult({ toolCallId, name: "weather", content: "40 C" })),
        Message.assistant("40 C everywhere."),
        Message.user("And tomorrow?")
      ]
      const azureChat = (baseUrl: string) =>
        Azure.model("gpt-4o").pipe(
          Layer.provide(Azure.layer({ endpoint: baseUrl, apiKey: Redacted.make("az-ids") })),
          Layer.provide(FetchHttpClient.layer)
        )
      const sentTo = Effect.fnUntraced(function*(target: Target, azure = false) {
        const baseUrl = server.serve({
          headers: { "content-type": RecordedModels.contentType(target.folder) },
          body: Fixtures.body(target.folder, target.answer)
        })
        yield* LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
          Effect.provide(azure ? azureChat(baseUrl) : modelOf(target, baseUrl))
        )
        const body = JSON.parse(server.requests(baseUrl)[0]!.body)
        checkFollowUp(target, body, [])
        const sent = callsAndResults(target, body)
        // In order, each result with its call's id, four ids told apart, an id the API takes unchanged.
        assert.deepStrictEqual(sent.results, sent.calls)
        assert.strictEqual(new Set(sent.calls).size, 4)
        assert.strictEqual(sent.calls[0], "call_short1")
        return sent.calls
      })
      const chat = yield* sentTo(targets[1])
      assert.deepStrictEqual(yield* sentTo(targets[1], true), chat, "Azure's Chat Completions as OpenAI's")
      assert.strictEqual(chat[1]!.length, 40)
      assert.match(chat[1]!, /^call-6aa6db90-1b84-4155_[0-9a-f]{16}$/)
      for (const target of targets.filter((each) => each.format === "openai-responses")) {
        const responses = yield* sentTo(target)
        // 41 characters: the Responses API takes it as it is.
        assert.strictEqual(responses[1], ids[1])
        for (const id of responses.slice(2)) assert.strictEqual(id.length, 64)
      }
      for (const target of targets.filter((each) => each.format === "anthropic" || each.format === "bedrock")) {
        yield* sentTo(target)
      }
    }).pipe(Effect.scoped))

  it.live("Kimi K2's ids repeated from turn to turn go unique to the APIs that refuse a repeat, each with its result", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      // Two questions, each answered after Kimi called `weather` as `functions.weather:0` (and `:1`).
      const asked = (messages: ReadonlyArray<Message.Message>) =>
        LanguageModel.runToolsToEnd({ messages, tools: [weather] }).pipe(
          Effect.provide(groqModel(server.serve(kimiTurns))),
          Effect.map((result) => result.messages)
        )
      const first = yield* asked([Message.user("Weather in Florence and Rome?")])
      const second = yield* asked([...first, Message.user("And tomorrow?")])
      const sentTo = Effect.fnUntraced(function*(target: Target, messages: ReadonlyArray<Message.Message>) {
        const body = yield* RecordedModels.firstRequest(server, target, { messages, tools: [weather] })
        checkFollowUp(target, body, [])
        return callsAndResults(target, body)
      })
      const refusing = ["anthropic", "bedrock", "openai-responses"]
      for (
        const target of targets.filter((each) => refusing.includes(each.format) && each.turns !== "azure-responses")
      ) {
        const once = yield* sentTo(target, [...first, Message.user("And in Milan?")])
        const twice = yield* sentTo(target, [...second, Message.user("And in Milan?")])
        // Four calls, four ids; each turn's results, in order, right after it, with its calls' ids.
        assert.strictEqual(twice.calls.length, 4)
        assert.deepStrictEqual(twice.results, twice.calls)
        // The first turn's ids as they went before the second turn was there, and the second turn's others.
        assert.deepStrictEqual(twice.calls.slice(0, 2), once.calls)
        assert.notInclude(once.calls, twice.calls[2])
      }
    }).pipe(Effect.scoped))
})

describe("a call's input as the APIs that take an object take it", () => {
  // Anthropic: "tool_use.input: Input should be a valid dictionary" (a 400: anthropics/claude-code#6696); Gemini's
  // `functionCall.args` is a Struct, Bedrock's Claude takes Anthropic's. OpenAI's custom tools (free-form input) carry
  // their input as a JSON string, and a model may send `null` or a list for arguments.
  it.live("a custom tool's free-form input, null and a list go as objects, each call with its result", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch"
      const calls = [
        new Tool.ToolCall({ id: "call_p1", name: "apply_patch", arguments: JSON.stringify(patch) }),
        new Tool.ToolCall({ id: "call_n2", name: "apply_patch", arguments: "null" }),
        new Tool.ToolCall({ id: "call_l3", name: "apply_patch", arguments: "[1,2]" })
      ]
      const messages = [
        Message.user("Add a.txt"),
        Message.assistant("", { toolCalls: calls }),
        ...calls.map((call) => Message.toolResult({ toolCallId: call.id, name: call.name, content: "done" })),
        Message.assistant("Added."),
        Message.user("Thanks. What did you do?")
      ]
      const inputs = [{ input: patch }, {}, { input: [1, 2] }]
      for (const target of targets.filter((each) => ["anthropic", "bedrock", "google"].includes(each.format))) {
        const body = yield* RecordedModels.firstRequest(server, target, { messages })
        checkFollowUp(target, body, [])
        const sent = target.format === "anthropic"
          ? body.messages.flatMap((m: any) => m.content).filter((b: any) => b.type === "tool_use").map((b: any) =>
            b.input
          )
          : target.format === "bedrock"
          ? body.messages.flatMap((m: any) => m.content).filter((b: any) => b.toolUse).map((b: any) => b.toolUse.input)
          : body.contents.flatMap((c: any) => c.parts).filter((p: any) => p.functionCall).map((p: any) =>
            p.functionCall.args
          )
        assert.deepStrictEqual(sent, inputs, target.format)
      }
    }).pipe(Effect.scoped))
})
