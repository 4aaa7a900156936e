/**
 * Tool calls whose input arrives whole, over real HTTP (the replay server, through `FetchHttpClient` and
 * `NodeHttpClient.layerUndici`): in the event that starts the call, in the event that finishes it, or in one
 * fragment, and no piece before. The call's input is that input, never `{}`; a call whose input streams in
 * pieces is read as before. Each body is named after its source (a recording, or the provider's official SDK
 * types, installed in node_modules).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import { CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import type * as HttpClient from "effect/http/HttpClient"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Frames from "../../../support/Frames.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const getWeather = Tool.make("get_weather", {
  parameters: Schema.Struct({ city: Schema.String, days: Schema.Int })
})
const input = { city: "Paris", days: 3 }

/**
 * Anthropic programmatic tool calling: a client `tool_use` made from code execution starts with its whole
 * `input` and `caller: { type: "code_execution_20260120", tool_id }`, and no `input_json_delta` follows
 * (@anthropic-ai/sdk `BetaToolUseBlock` with `BetaServerToolCaller20260120`, `BetaRawContentBlockStartEvent`;
 * Anthropic's "Programmatic tool calling" guide). `fragmentsToo` adds fragments repeating the input after it.
 */
const anthropicProgrammatic = (fragmentsToo: boolean) =>
  Frames.sse([
    ["message_start", {
      type: "message_start",
      message: {
        id: "msg_01",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [],
        stop_reason: null,
        usage: { input_tokens: 420, output_tokens: 1 }
      }
    }],
    ["content_block_start", {
      type: "content_block_start",
      index: 0,
      content_block: {
        type: "tool_use",
        id: "toolu_01",
        name: "get_weather",
        input,
        caller: { type: "code_execution_20260120", tool_id: "srvtoolu_01" }
      }
    }],
    ...(fragmentsToo
      ? [
        ["content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "input_json_delta", partial_json: JSON.stringify(input) }
        }] as const
      ]
      : []),
    ["content_block_stop", { type: "content_block_stop", index: 0 }],
    ["message_delta", {
      type: "message_delta",
      delta: { stop_reason: "tool_use", stop_sequence: null },
      usage: { output_tokens: 40 }
    }],
    ["message_stop", { type: "message_stop" }]
  ])

/**
 * A Responses API function call whose arguments come only when it is done: `response.output_item.added` with
 * empty `arguments`, no `response.function_call_arguments.delta`, then `response.function_call_arguments.done`
 * and `response.output_item.done` with the whole arguments (openai `ResponseOutputItemAddedEvent`,
 * `ResponseFunctionCallArgumentsDoneEvent`, `ResponseOutputItemDoneEvent`, `ResponseFunctionToolCall`).
 * Without `added`, the call is known from its finished item alone.
 */
const responsesWhole = (withAdded: boolean) => {
  const response = { id: "resp_01", object: "response", created_at: 1767225600, model: "gpt-4.1", status: "" }
  const item = { type: "function_call", id: "fc_01", call_id: "call_01", name: "get_weather" }
  let sequence = 0
  const event = (type: string, fields: object) => [type, { type, sequence_number: sequence++, ...fields }] as const
  return Frames.sse([
    event("response.created", { response: { ...response, status: "in_progress" } }),
    ...(withAdded
      ? [event("response.output_item.added", {
        output_index: 0,
        item: { ...item, arguments: "", status: "in_progress" }
      })]
      : []),
    event("response.function_call_arguments.done", {
      output_index: 0,
      item_id: "fc_01",
      name: "get_weather",
      arguments: JSON.stringify(input)
    }),
    event("response.output_item.done", {
      output_index: 0,
      item: { ...item, arguments: JSON.stringify(input), status: "completed" }
    }),
    event("response.completed", {
      response: {
        ...response,
        status: "completed",
        usage: { input_tokens: 300, output_tokens: 20, total_tokens: 320 }
      }
    })
  ])
}

/**
 * Chat Completions with the whole call in its first fragment: `id`, `function.name` and the complete
 * `function.arguments` in one `delta.tool_calls` entry (openai `ChatCompletionChunk.Choice.Delta.ToolCall`), as
 * Groq sends every call (groq-sdk `ChatCompletionChunk`, with its `x_groq` usage) and OpenAI-compatible servers
 * often do.
 */
const chatWhole = (model: string, groq: boolean) => {
  const base = { id: "chatcmpl-01", object: "chat.completion.chunk", created: 1767225600, model }
  const usage = { prompt_tokens: 120, completion_tokens: 20, total_tokens: 140 }
  return Frames.sse([
    [undefined, { ...base, choices: [{ index: 0, delta: { role: "assistant", content: null }, finish_reason: null }] }],
    [undefined, {
      ...base,
      choices: [{
        index: 0,
        delta: {
          tool_calls: [{
            index: 0,
            id: "call_01",
            type: "function",
            function: { name: "get_weather", arguments: JSON.stringify(input) }
          }]
        },
        finish_reason: null
      }]
    }],
    [undefined, {
      ...base,
      choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }],
      ...(groq ? { x_groq: { id: "req_01", usage } } : {})
    }],
    ...(groq ? [] : [[undefined, { ...base, choices: [], usage }] as const]),
    [undefined, "[DONE]"]
  ])
}

/**
 * Bedrock ConverseStream: `contentBlockStart.start.toolUse` names the call and carries no input (the SDK's
 * `ToolUseBlockStart` has `toolUseId`, `name`, `type` only), its input comes in `contentBlockDelta.delta.toolUse.input`
 * pieces (`ToolUseBlockDelta`), here all of it in one, and `contentBlockStop` carries none
 * (@aws-sdk/client-bedrock-runtime `ConverseStreamOutput`).
 */
const bedrockWhole = (pieces: ReadonlyArray<string>) =>
  TestKit.concatBytes([
    TestKit.bedrockEventFrame("messageStart", { role: "assistant" }),
    TestKit.bedrockEventFrame("contentBlockStart", {
      contentBlockIndex: 0,
      start: { toolUse: { toolUseId: "tooluse_01", name: "get_weather" } }
    }),
    ...pieces.map((piece) =>
      TestKit.bedrockEventFrame("contentBlockDelta", { contentBlockIndex: 0, delta: { toolUse: { input: piece } } })
    ),
    TestKit.bedrockEventFrame("contentBlockStop", { contentBlockIndex: 0 }),
    TestKit.bedrockEventFrame("messageStop", { stopReason: "tool_use" }),
    TestKit.bedrockEventFrame("metadata", {
      usage: { inputTokens: 410, outputTokens: 31, totalTokens: 441 },
      metrics: { latencyMs: 912 }
    })
  ])

interface Case {
  readonly name: string
  readonly folder: RecordedModels.Folder
  readonly model?: string
  readonly body: () => Uint8Array
}

const cases: ReadonlyArray<Case> = [
  {
    name: "Anthropic tool_use from code execution, whole input in content_block_start",
    folder: "anthropic",
    body: () => anthropicProgrammatic(false)
  },
  {
    name: "Anthropic tool_use whole in content_block_start, fragments repeating it",
    folder: "anthropic",
    body: () => anthropicProgrammatic(true)
  },
  {
    name: "Responses function call, arguments only in the *.done events",
    folder: "openai-responses",
    model: "gpt-4.1",
    body: () => responsesWhole(true)
  },
  {
    name: "Responses function call known only from response.output_item.done",
    folder: "openai-responses",
    model: "gpt-4.1",
    body: () => responsesWhole(false)
  },
  {
    name: "OpenAI Chat Completions, whole arguments in the first fragment",
    folder: "openai",
    model: "gpt-4o",
    body: () => chatWhole("gpt-4o", false)
  },
  {
    name: "Groq, the whole call in one chunk",
    folder: "groq",
    model: "llama-3.3-70b-versatile",
    body: () => chatWhole("llama-3.3-70b-versatile", true)
  },
  {
    name: "Bedrock, the whole input in one contentBlockDelta",
    folder: "bedrock",
    model: "us.anthropic.claude-haiku-4-5-20251001-v1:0",
    body: () => bedrockWhole([JSON.stringify(input)])
  }
]

const serve = (body: Uint8Array, folder: RecordedModels.Folder) =>
  Effect.map(ReplayServer.make, (server) =>
    server.serve({
      headers: { "content-type": RecordedModels.contentType(folder) },
      body,
      cuts: ReplayServer.randomCuts(body.length, body.length % 89, 40)
    }))

const modelOf = (testCase: Case, baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
  RecordedModels.model(
    testCase.folder,
    baseUrl,
    client,
    testCase.model === undefined ? {} : { model: testCase.model }
  )

describe("a tool call whose input arrives whole", () => {
  for (const [clientName, client] of clients) {
    for (const testCase of cases) {
      it.effect(`${testCase.name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const baseUrl = yield* serve(testCase.body(), testCase.folder)
          const model = modelOf(testCase, baseUrl, client)
          const events = yield* LanguageModel.streamWithToolCalls({
            messages: [Message.user("Weather in Paris for 3 days?")],
            tools: [getWeather]
          }).pipe(Stream.filter((event) => event._tag === "ToolCall"), Stream.runCollect, Effect.provide(model))
          assert.deepStrictEqual(events.map((event) => [event.name, event.input]), [["get_weather", input]])
          const response = yield* CallStream.accumulate(LanguageModel.stream("Weather?")).pipe(Effect.provide(model))
          assert.deepStrictEqual(response.toolCalls.map((call) => JSON.parse(call.arguments)), [input])
        }))
    }
  }

  it.effect("Bedrock, a call with no input piece at all is {}", () =>
    Effect.gen(function*() {
      const baseUrl = yield* serve(bedrockWhole([]), "bedrock")
      const response = yield* CallStream.accumulate(LanguageModel.stream("Now?")).pipe(
        Effect.provide(modelOf({ ...cases.at(-1)!, body: () => bedrockWhole([]) }, baseUrl, clients[0]![1]))
      )
      assert.deepStrictEqual(response.toolCalls.map((call) => [call.name, call.arguments]), [["get_weather", ""]])
    }))

  it.effect(
    "Anthropic server tool called from code execution (web-fetch-dynamic-filtering.sse, recorded): its whole input",
    () =>
      Effect.gen(function*() {
        const baseUrl = yield* serve(
          Fixtures.bytes("anthropic", "web-fetch-dynamic-filtering.sse"),
          "anthropic"
        )
        const response = yield* CallStream.accumulate(LanguageModel.stream("Fetch example.com")).pipe(
          Effect.provide(RecordedModels.model("anthropic", baseUrl, clients[0]![1], { model: "claude-sonnet-4-6" }))
        )
        const fetch = response.serverToolCalls.find((call) => call.name === "web_fetch")
        assert.deepStrictEqual(JSON.parse(fetch!.arguments), { url: "https://example.com" })
      })
  )
})
