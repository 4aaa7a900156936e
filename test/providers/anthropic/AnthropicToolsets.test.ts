/**
 * Anthropic's client toolsets (browser and computer): a member call comes as a `tool_use` block with the toolset's
 * family (`toolset_name`: `@anthropic-ai/sdk` 1.14.0 `ToolUseBlock.toolset_name`, "For a toolset member tool_use, the
 * toolset family"), and its result names the same family (`ToolResultBlockParam.toolset_name`, "For a toolset member
 * tool_result, the toolset family of the paired tool_use"; the SDK's own `toolsetResultBlock`: "`toolset_name` is
 * required on a member result (the API rejects a mismatch)"). Over two requests, the second request's body read from
 * the replay server: the assistant turn goes back with the family on its call, and the result answering it names it;
 * through the tool loop, and after the conversation was stored as JSON. A plain call beside it (`toolset_name: null`),
 * and a turn written by hand, go as they did.
 *
 * Recording: none for a toolset call (the SDK's block types as the stream's `content_block_start`), then
 * `anthropic/text.sse`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { Anthropic, CallResponse, CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

const sse = { "content-type": "text/event-stream" }

/** The computer toolset's `left_click` (`ComputerLeftClickToolUseBlock`), as its block starts. */
const click = {
  type: "tool_use",
  id: "toolu_click_1",
  caller: { type: "direct" },
  name: "left_click",
  input: {},
  toolset_name: "computer"
}

/** A plain tool's call beside it, whose block says it is of no toolset. */
const weather = {
  type: "tool_use",
  id: "toolu_weather_1",
  caller: { type: "direct" },
  name: "get_weather",
  input: {},
  toolset_name: null
}

const clickInput = { coordinate: [120, 48] }
const weatherInput = { city: "Paris" }

const event = (data: { readonly type: string }) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`

/** The response with both calls, each block's input streamed in one `input_json_delta`. */
const calls = [click, weather].flatMap((block, index) => [
  { type: "content_block_start", index, content_block: block },
  {
    type: "content_block_delta",
    index,
    delta: { type: "input_json_delta", partial_json: JSON.stringify(index === 0 ? clickInput : weatherInput) }
  },
  { type: "content_block_stop", index }
])
const toolsetCall = [
  {
    type: "message_start",
    message: {
      id: "msg_toolset_1",
      type: "message",
      role: "assistant",
      content: [],
      model: "claude-sonnet-4-5",
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 40, output_tokens: 1 }
    }
  },
  ...calls,
  { type: "message_delta", delta: { stop_reason: "tool_use", stop_sequence: null }, usage: { output_tokens: 30 } },
  { type: "message_stop" }
].map(event).join("")

/** The assistant turn as it goes back: the blocks as they came, their inputs whole. */
const sentTurn = {
  role: "assistant",
  content: [{ ...click, input: clickInput }, { ...weather, input: weatherInput }]
}

/** The results: the toolset call's names its family, the plain call's none. */
const sentResults = {
  role: "user",
  content: [
    { type: "tool_result", tool_use_id: "toolu_click_1", toolset_name: "computer", content: "clicked" },
    { type: "tool_result", tool_use_id: "toolu_weather_1", content: "sunny" }
  ]
}

const leftClick = Tool.handle(
  Tool.make("left_click", {
    description: "Clicks at a point of the screen",
    parameters: Schema.Struct({ coordinate: Schema.Array(Schema.Number) })
  }),
  () => Effect.succeed("clicked")
)
const getWeather = Tool.handle(
  Tool.make("get_weather", {
    description: "The weather of a city",
    parameters: Schema.Struct({ city: Schema.String })
  }),
  () => Effect.succeed("sunny")
)

const modelAt = (baseUrl: string) =>
  Anthropic.model("claude-sonnet-4-5").pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

const serve = (server: ReplayServer.ReplayServer) =>
  server.serve([
    { headers: sse, body: toolsetCall },
    { headers: sse, body: Fixtures.text("anthropic", "text.sse") }
  ])

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

const question = Message.user("Click the Submit button, and tell me the weather in Paris.")

describe("Anthropic's client toolsets: a member call's family goes back on its call and on its result", () => {
  it.live("through the tool loop: the turn keeps `toolset_name`, the result answering it names the same", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = serve(server)
      const done = yield* LanguageModel.runToolsToEnd({ messages: [question], tools: [leftClick, getWeather] }).pipe(
        Effect.provide(modelAt(baseUrl))
      )
      assert.deepStrictEqual(done.steps[0]!.response.toolCalls.map((call) => call.name), ["left_click", "get_weather"])
      const [, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(second.messages.length, 3)
      assert.deepStrictEqual(second.messages[1], sentTurn)
      assert.deepStrictEqual(second.messages[2], sentResults)
    }).pipe(Effect.scoped))

  it.live("after the conversation was stored as JSON, with the results written by hand", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = serve(server)
      const first = yield* CallStream.accumulate(
        LanguageModel.stream({ messages: [question], tools: [leftClick, getWeather] })
      ).pipe(Effect.provide(modelAt(baseUrl)))
      const stored = Schema.decodeUnknownSync(codec)(
        JSON.parse(JSON.stringify(Schema.encodeSync(codec)([question, CallResponse.toMessage(first)])))
      )
      const [clicked, weathered] = first.toolCalls
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          ...stored,
          Message.toolResult({ toolCallId: clicked!.id, name: clicked!.name, content: "clicked" }),
          Message.toolResult({ toolCallId: weathered!.id, name: weathered!.name, content: "sunny" })
        ],
        tools: [leftClick, getWeather]
      })).pipe(Effect.provide(modelAt(baseUrl)))
      const [, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(second.messages.length, 3)
      assert.deepStrictEqual(second.messages[1], sentTurn)
      assert.deepStrictEqual(second.messages[2], sentResults)
    }).pipe(Effect.scoped))

  it.live("a turn written by hand (no blocks of Anthropic's) goes as before: no family on its call or its result", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.text("anthropic", "text.sse") })
      const call = new Tool.ToolCall({ id: "toolu_click_1", name: "left_click", arguments: JSON.stringify(clickInput) })
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          question,
          Message.assistant("", { toolCalls: [call] }),
          Message.toolResult({ toolCallId: call.id, name: call.name, content: "clicked" })
        ],
        tools: [leftClick]
      })).pipe(Effect.provide(modelAt(baseUrl)))
      const [sent] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.deepStrictEqual(sent.messages.slice(1), [
        {
          role: "assistant",
          content: [{ type: "tool_use", id: "toolu_click_1", name: "left_click", input: clickInput }]
        },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_click_1", content: "clicked" }] }
      ])
    }).pipe(Effect.scoped))
})
