/**
 * A tool loop run by `effect/ai`'s own `Chat` (a `Toolkit` answering the calls) on every API, with a first step that
 * reasons, says a text and makes two calls (scripted with the test kit's payload builders): the next request carries
 * the turn as this library's own tool loop sends it (`LanguageModel.runToolsToEnd` over the same script), with each
 * API's rule for reasoning before tool calls: Anthropic's signed thinking block first ("Extended thinking", "Preserving
 * thinking blocks" with tool use), Bedrock's `reasoningContent` first (Converse, `ReasoningContentBlock`), Gemini's
 * signature on the first function call ("Thought signatures": required on Gemini 3), the Responses API's reasoning
 * item before the calls it led to ("Reasoning", function calling with reasoning models).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { LanguageModel, Message, Tool } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as LoopWire from "../../support/LoopWire.js"

const Weather = AiTool.make("weather", { parameters: Schema.Struct({ city: Schema.String }), success: Schema.String })
const Kit = Toolkit.make(Weather)
const KitLive = Kit.toLayer({ weather: ({ city }) => Effect.succeed(`sunny in ${city}`) })
const ownWeather = Tool.handle(
  Tool.make("weather", { parameters: Schema.Struct({ city: Schema.String }) }),
  ({ city }) => Effect.succeed(`sunny in ${city}`)
)

const script = (api: LoopWire.Api) => [
  LoopWire.scripted(api, {
    reasoning: ["Let me think."],
    texts: ["Checking."],
    calls: [
      { id: "call_1", name: "weather", arguments: "{\"city\":\"Paris\"}" },
      { id: "call_2", name: "weather", arguments: "{\"city\":\"Rome\"}" }
    ]
  }, "1"),
  LoopWire.scripted(api, { texts: ["Sunny in both."] }, "2")
]

/**
 * A request without its tool choice (`effect/ai` always sends one, `auto` by default; this library's loop leaves it
 * to the API's default) and Gemini's thought summaries (sent back by this library's loop, left out by the adapter:
 * they carry no signature here, and Gemini reads the signature, not the summary).
 */
const comparable = (body: any): unknown => {
  const { tool_choice: _choice, toolConfig, ...rest } = body
  // Bedrock's tools are in `toolConfig` beside the choice; Gemini's `toolConfig` holds only the choice.
  const tools = toolConfig?.tools
  const config = tools === undefined ? {} : { toolConfig: { tools } }
  const contents = rest.contents?.map((content: any) => ({
    ...content,
    parts: content.parts.filter((part: any) => part.thought !== true)
  }))
  return { ...rest, ...config, ...(contents === undefined ? {} : { contents }) }
}

/** The rule each API has for the reasoning of a turn with tool calls, checked on the next request. */
const rules: Record<"anthropic" | "bedrock" | "google" | "openai-responses" | "openai", (body: any) => void> = {
  anthropic: (body) => {
    const [thinking, text, ...calls] = body.messages[1].content
    assert.deepStrictEqual(thinking, { type: "thinking", thinking: "Let me think.", signature: "sig-1" })
    assert.deepStrictEqual(text, { type: "text", text: "Checking." })
    assert.deepStrictEqual(calls.map((block: any) => block.id), ["call_1", "call_2"])
    assert.deepStrictEqual(body.messages[2].content.map((block: any) => block.tool_use_id), ["call_1", "call_2"])
  },
  bedrock: (body) => {
    const [reasoning, , ...calls] = body.messages[1].content
    assert.deepStrictEqual(reasoning, {
      reasoningContent: { reasoningText: { text: "Let me think.", signature: "sig-1" } }
    })
    assert.deepStrictEqual(calls.map((block: any) => block.toolUse.toolUseId), ["call_1", "call_2"])
    assert.deepStrictEqual(
      body.messages[2].content.map((block: any) => block.toolResult.toolUseId),
      ["call_1", "call_2"]
    )
  },
  google: (body) => {
    const calls = body.contents[1].parts.filter((part: any) => part.functionCall !== undefined)
    assert.deepStrictEqual(calls.map((part: any) => [part.functionCall.id, part.thoughtSignature]), [
      ["call_1", "sig-1"],
      ["call_2", undefined]
    ])
    assert.deepStrictEqual(
      body.contents[2].parts.map((part: any) => part.functionResponse.id),
      ["call_1", "call_2"]
    )
  },
  "openai-responses": (body) => {
    const types = body.input.map((item: any) => item.type ?? item.role)
    assert.deepStrictEqual(types, [
      "user",
      "reasoning",
      "message",
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output"
    ])
    assert.strictEqual(body.input[1].id, "rs_resp_1")
  },
  openai: (body) => {
    assert.deepStrictEqual(body.messages[1].tool_calls.map((call: any) => call.id), ["call_1", "call_2"])
    assert.deepStrictEqual(body.messages.slice(2).map((message: any) => message.tool_call_id), ["call_1", "call_2"])
  }
}

describe("an effect/ai Chat's tool loop after reasoning, on every API", () => {
  for (const api of ["anthropic", "bedrock", "google", "openai-responses", "openai"] as const) {
    for (const mode of ["generateText", "streamText"] as const) {
      it.effect(`${api} (Chat.${mode}): the next request is this library's own, reasoning where the API wants it`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const viaAi = server.serve(script(api))
          const viaLoop = server.serve(script(api))
          const model = AiLanguageModel.layer.pipe(Layer.provide(LoopWire.modelAt(api, viaAi, clients[0]![1])))
          const chat = yield* Chat.empty
          const turn = (prompt: string | []) =>
            (mode === "generateText"
              ? Effect.asVoid(chat.generateText({ prompt, toolkit: Kit }))
              : Stream.runDrain(chat.streamText({ prompt, toolkit: Kit }))).pipe(Effect.provide(model))
          yield* turn("Weather in Paris and Rome?")
          yield* turn([])
          yield* LanguageModel.runToolsToEnd({
            messages: [Message.user("Weather in Paris and Rome?")],
            tools: [ownWeather]
          }).pipe(Effect.provide(LoopWire.modelAt(api, viaLoop, clients[0]![1])))

          const [, second] = server.requests(viaAi).map((request) => JSON.parse(request.body))
          const [, own] = server.requests(viaLoop).map((request) => JSON.parse(request.body))
          rules[api](second)
          if (api === "openai-responses") {
            // This library's loop sends the items back as the API returned them (`status`, `logprobs`); the
            // adapter writes them from the parts: the same items, ids and order.
            const ids = (body: any) => body.input.map((item: any) => item.id ?? item.call_id ?? item.role)
            assert.deepStrictEqual(ids(second), ids(own))
          } else {
            assert.deepStrictEqual(comparable(second), comparable(own))
          }
        }).pipe(Effect.provide(KitLive)))
    }
  }
})
