/**
 * A conversation with a tool Anthropic runs itself beside one the program answers (`providerTools` and `tools`),
 * over three requests: every request declares both (the Messages API has no memory of the tools a turn was given:
 * `@anthropic-ai/sdk` 1.14 `MessageCreateParams.tools`, `WebFetchTool20250910`), only the program's call is answered,
 * and the assistant turn goes back with the server tool's blocks as they came (Anthropic's web fetch tool guide:
 * the `server_tool_use` and `web_fetch_tool_result` blocks of a turn are sent back unchanged), in the loop and after
 * the conversation was stored as JSON. The provider's tools come from the request, or from the model layer's
 * defaults (as a `ChatEndpoint`'s model has them: every call of the layer).
 *
 * Recording: `anthropic/web-fetch-error-client-tool.sse` (vercel/ai, issue 10819: text, `web_fetch` and its
 * `url_not_accessible` result, text, then the client tool `display_products`), then `anthropic/text.sse`. The same
 * over two requests on the Responses API (`openai-responses/web-search.sse`) and Gemini (`google/web-search-grounding.sse`,
 * `google/code-execution.sse`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { Anthropic, CallResponse, CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as ProgrammaticCall from "../../support/ProgrammaticCall.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const webFetch = { type: "web_fetch_20250910", name: "web_fetch", max_uses: 1 }

const display = Tool.make("display_products", { description: "Shows the products", parameters: Schema.Struct({}) })
const displayProducts = Tool.handle(display, () => Effect.succeed("shown"))

const recorded = (name: string) => ({
  headers: { "content-type": "text/event-stream" },
  body: Fixtures.bytes("anthropic", name)
})

const modelAt = (baseUrl: string, defaults: LanguageModel.Settings = {}) =>
  Anthropic.model("claude-sonnet-4-5", defaults).pipe(
    Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

const codec = Schema.toCodecJson(Schema.Array(Message.Message))

/** The tools a request declares, and the block types of each of its assistant turns. */
const read = (body: string) => {
  const sent = JSON.parse(body)
  return {
    tools: sent.tools,
    turns: sent.messages.filter((message: any) => message.role === "assistant").map((message: any) =>
      message.content.map((block: any) => block.type)
    )
  }
}

const declared = [
  { name: "display_products", description: "Shows the products", input_schema: display.jsonSchema },
  webFetch
]

const recordedTurn = ["text", "server_tool_use", "web_fetch_tool_result", "text", "tool_use"]

describe("the provider's own tools through a conversation", () => {
  for (
    const [name, request, defaults] of [
      ["given with the request", { providerTools: [webFetch] }, {}],
      ["given by the model layer", {}, { providerTools: [webFetch] }]
    ] as const
  ) {
    it.live(name, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          recorded("web-fetch-error-client-tool.sse"),
          recorded("text.sse"),
          recorded("text.sse")
        ])
        const model = modelAt(baseUrl, defaults)
        const done = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Fetch https://httpbin.org/status/500, then show the products")],
          tools: [displayProducts],
          ...request
        }).pipe(Effect.provide(model))
        assert.strictEqual(done.reason, "stop")
        // The server's call is not the program's: one result, for `display_products`.
        assert.deepStrictEqual(done.steps[0]!.response.serverToolCalls.map((call) => call.name), ["web_fetch"])
        const results = done.messages.filter((message) => message._tag === "ToolResultMessage")
        assert.deepStrictEqual(results.map((result) => result.toolCallId), ["toolu_01FUuDcCDweLziH8QvQFQLtV"])

        // The conversation stored as JSON, and continued.
        const stored = Schema.decodeSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(done.messages))))
        yield* LanguageModel.runToolsToEnd({
          messages: [...stored, Message.user("And now?")],
          tools: [displayProducts],
          ...request
        }).pipe(Effect.provide(model))

        const requests = server.requests(baseUrl).map((recordedRequest) => read(recordedRequest.body))
        assert.strictEqual(requests.length, 3)
        for (const sent of requests) assert.deepStrictEqual(sent.tools, declared)
        assert.deepStrictEqual(requests[0]!.turns, [])
        assert.deepStrictEqual(requests[1]!.turns, [recordedTurn])
        assert.deepStrictEqual(requests[2]!.turns, [recordedTurn, ["text"]])
      }).pipe(Effect.scoped))
  }
})

describe("the provider's own tools through a conversation, on the Responses API and Gemini", () => {
  // openai-node 7.57 `WebSearchTool` (`{ type: "web_search" }`); `@google/genai` 3.3 `Tool` (`{ googleSearch: {} }`,
  // `{ codeExecution: {} }`). The turn goes back as the provider returned it: the Responses API's output items, Gemini's
  // parts with their signatures (the library's own `contentBlocks` of the recording).
  const cases = [
    ["openai-responses", "web-search.sse", "gpt-5-mini", { type: "web_search" }],
    ["google", "web-search-grounding.sse", "gemini-2.5-flash", { googleSearch: {} }],
    ["google", "code-execution.sse", "gemini-3-pro-preview", { codeExecution: {} }]
  ] as const
  for (const [folder, name, modelName, tool] of cases) {
    it.live(`${folder}/${name}: declared with every request, the turn sent back whole after a JSON store`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const sse = (file: string) => ({
          headers: { "content-type": "text/event-stream" },
          body: Fixtures.bytes(folder, file)
        })
        const baseUrl = server.serve([sse(name), sse("text.sse")])
        const model = RecordedModels.model(folder, baseUrl, clients[0]![1], { model: modelName })
        const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("q")], providerTools: [tool] }).pipe(
          Effect.provide(model)
        )
        const stored = Schema.decodeSync(codec)(JSON.parse(JSON.stringify(Schema.encodeSync(codec)(done.messages))))
        yield* LanguageModel.runToolsToEnd({ messages: [...stored, Message.user("f")], providerTools: [tool] }).pipe(
          Effect.provide(model)
        )
        const [first, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        assert.deepStrictEqual([first.tools, second.tools], [[tool], [tool]])
        const blocks = done.steps[0]!.response.contentBlocks
        assert.isNotEmpty(blocks)
        const sent = folder === "google" ? second.contents[1].parts : second.input.slice(1, 1 + blocks.length)
        assert.deepStrictEqual(sent, blocks)
      }).pipe(Effect.scoped))
  }
})

describe("Anthropic's programmatic tool calling: the container goes on with the calls its code made", () => {
  // platform.claude.com, programmatic tool calling, step 3: a request answering calls made by code execution names
  // the response's container (the API refuses it without: "container_id is required when there are pending tool
  // uses generated by code execution with tools"; anthropic-sdk-python's tool runner passes it, PR 1150). The tool
  // the code may call is declared as the API declares it (`allowed_callers`), in `providerTools`.
  const queryDatabase = Tool.handle(
    Tool.make("query_database", { parameters: Schema.Struct({ sql: Schema.String }) }),
    () => Effect.succeed("West: 120; East: 95")
  )
  const serve = (server: ReplayServer.ReplayServer) =>
    server.serve([
      ProgrammaticCall.response(),
      recorded("text.sse"),
      recorded("text.sse")
    ])

  it.live("through the loop: the step that answers the code's call names its container, the first none", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = serve(server)
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Which region had the highest revenue?")],
        tools: [queryDatabase],
        providerTools: ProgrammaticCall.providerTools
      }).pipe(Effect.provide(modelAt(baseUrl)))
      assert.strictEqual(done.steps[0]!.response.container, ProgrammaticCall.container)
      const [first, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.isUndefined(first.container)
      assert.strictEqual(second.container, ProgrammaticCall.container)
      // Its tool declared once, as given; the turn back as it came (the call with its caller); the result answered.
      assert.deepStrictEqual(second.tools, ProgrammaticCall.providerTools)
      assert.deepStrictEqual(second.messages[1].content.at(-1), ProgrammaticCall.call)
      assert.deepStrictEqual(second.messages[2].content[0].tool_use_id, "toolu_query_1")
    }).pipe(Effect.scoped))

  it.live("after the turn was stored as JSON: the request answering the call names the container", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = serve(server)
      const question = Message.user("Which region had the highest revenue?")
      const response = yield* CallStream.accumulate(
        LanguageModel.stream({ messages: [question], providerTools: ProgrammaticCall.providerTools })
      ).pipe(
        Effect.provide(modelAt(baseUrl))
      )
      const stored = Schema.decodeSync(codec)(
        JSON.parse(JSON.stringify(Schema.encodeSync(codec)([question, CallResponse.toMessage(response)])))
      )
      const answer = Message.toolResult({ toolCallId: "toolu_query_1", name: "query_database", content: "West: 120" })
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [...stored, answer],
        providerTools: ProgrammaticCall.providerTools
      })).pipe(
        Effect.provide(modelAt(baseUrl))
      )
      const [, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.strictEqual(second.container, ProgrammaticCall.container)
    }).pipe(Effect.scoped))

  it.live("a container of another shape is none, and the response is read whole", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = new TextDecoder().decode(ProgrammaticCall.body())
      const recordedContainer = `{"id":"${ProgrammaticCall.container}","expires_at":"2026-03-16T22:08:56.908049Z"}`
      assert.include(text, recordedContainer)
      for (const shape of [`{"id":5}`, `"${ProgrammaticCall.container}"`, `{}`, `[]`, `null`]) {
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream" },
          body: new TextEncoder().encode(text.replace(recordedContainer, shape))
        })
        const response = yield* CallStream.accumulate(LanguageModel.stream("q")).pipe(Effect.provide(modelAt(baseUrl)))
        assert.isUndefined(response.container, shape)
        assert.deepStrictEqual(response.toolCalls.map((call) => call.id), ["toolu_query_1"], shape)
        assert.deepStrictEqual(response.finishReasons, ["tool_use"], shape)
      }
    }).pipe(Effect.scoped))
})
