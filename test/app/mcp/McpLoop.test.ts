/**
 * MCP tools in the tool loop, every provider, over the replay server with both HTTP clients: the tools of a
 * server built with the official SDK (`support/mcp/SdkServer.mjs`, Streamable HTTP, started once for the file)
 * beside a local tool, the model's answers scripted with the test kit's payload builders (recorded ones for the
 * Responses API: Mirascope's `tool-calls-parallel.sse` cassette, whose calls name `secret_retrieval_tool`, a tool
 * the MCP server has). The result with an image goes back in each API's format: an `image` block in Anthropic's
 * `tool_result` (`@anthropic-ai/sdk` `ToolResultBlockParam.content`), an `image` in Bedrock's `toolResult`
 * (`@aws-sdk/client-bedrock-runtime` `ToolResultContentBlock`), an `input_image` in the Responses API's
 * `function_call_output` (openai-node `ResponseFunctionCallOutputItemList`), `inlineData` in Gemini's
 * `functionResponse.parts` (`@google/genai` `FunctionResponsePart`), and a text note where tool results carry text
 * only (Chat Completions and Groq: `ChatCompletionToolMessageParam.content`, text parts only); `isError: true` is
 * an error result (`is_error`, `status: "error"`, `response.error`). The loop read from the UI stream by the `ai`
 * client, and `AiLanguageModel.tools(McpClient.toolkit(client))` against the SDK's server and `effect/ai`'s own
 * `McpServer`.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Context, Effect, Exit, Layer, Redacted, Schema, Scope } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { LanguageModel, Mcp, Message, OpenAIResponses, Tool, UIMessageStream } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import * as McpClient from "effect/ai/McpClient"
import * as McpProtocol from "effect/ai/McpProtocol"
import * as McpServer from "effect/ai/McpServer"
import * as AiTool from "effect/ai/Tool"
import * as Toolkit from "effect/ai/Toolkit"
import { FetchHttpClient, HttpRouter, HttpServer } from "effect/http"
import * as Http from "node:http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as SdkServer from "../../support/mcp/SdkServer.mjs"
import { readResponse } from "../../support/UIClient.js"

const token = "loop-bearer-token-123456"
const scope = Effect.runSync(Scope.make())
let http: { readonly url: string; readonly close: () => Promise<void> }
let mcpTools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  http = await SdkServer.startHttp(token)
  mcpTools = await Effect.runPromise(
    Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
      include: ["secret_retrieval_tool", "files/read"]
    }).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  )
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

const local = Tool.handle(Tool.make("local_time", { parameters: Schema.Struct({}) }), () => Effect.succeed("noon"))

const calls = [
  { id: "call_a1", name: "secret_retrieval_tool", arguments: "{\"password\":\"mellon\"}" },
  { id: "call_b2", name: "secret_retrieval_tool", arguments: "{\"password\":\"radiance\"}" }
]

/** What the second request sent back for the two calls: the image (or its note), and the error flag. */
const answered = (provider: CallResponseChunk.Provider | "responses", raw: string) => {
  const body = JSON.parse(raw)
  const json = JSON.stringify(body)
  switch (provider) {
    case "anthropic": {
      const results = body.messages.flatMap((m: any) => Array.isArray(m.content) ? m.content : [])
        .filter((b: any) => b.type === "tool_result")
      return {
        image: results[0].content.some((b: any) => b.type === "image" && b.source.media_type === "image/png"),
        error: results[1].is_error === true
      }
    }
    case "bedrock": {
      const results = body.messages.flatMap((m: any) => m.content).filter((b: any) => b.toolResult !== undefined)
      return {
        image: results[0].toolResult.content.some((b: any) => b.image?.format === "png"),
        error: results[1].toolResult.status === "error"
      }
    }
    case "google":
    case "google-vertex": {
      const results = body.contents.flatMap((c: any) => c.parts).filter((p: any) => p.functionResponse)
      return {
        image: results[0].functionResponse.parts?.[0]?.inlineData?.mimeType === "image/png",
        error: results[1].functionResponse.response.error === "Life before Death is sealed"
      }
    }
    case "responses": {
      const outputs = body.input.filter((item: any) => item.type === "function_call_output")
      return {
        image: outputs[0].output.some((part: any) => part.type === "input_image"),
        error: JSON.stringify(outputs[1].output).includes("Life before Death is sealed")
      }
    }
    default: {
      // Chat Completions: text parts only, the image as its note; no error flag in a tool message.
      const results = body.messages.filter((m: any) => m.role === "tool")
      assert.notInclude(json, "image_url")
      assert.include(JSON.stringify(results[0].content), "not shown to the model")
      return { image: false, error: JSON.stringify(results[1].content).includes("Life before Death is sealed") }
    }
  }
}

/** Whether the API takes an image in a tool result (what each provider's request encoder says). */
const takesImages = (provider: string) => !["openai", "azure", "groq"].includes(provider)

const providers: ReadonlyArray<CallResponseChunk.Provider> = [
  "openai",
  "azure",
  "groq",
  "anthropic",
  "bedrock",
  "google",
  "google-vertex"
]

// Each test has its own replay server: they run at once.
describe.concurrent("MCP tools in the loop, every provider", () => {
  for (const [clientName, client] of clients) {
    for (const provider of providers) {
      it.live(`${provider} (${clientName}): MCP tools beside a local one, results in the API's format`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve([
            LoopWire.scripted(provider, { calls }, "1"),
            LoopWire.scripted(provider, { texts: ["Done."] }, "2")
          ])
          const done = yield* LanguageModel.runToolsToEnd({
            messages: [Message.user("Retrieve the secrets of mellon and radiance")],
            tools: [...mcpTools, local],
            onToolError: "fail"
          }).pipe(Effect.provide(LoopWire.modelAt(provider, baseUrl, client)))
          assert.strictEqual(done.reason, "stop")
          const [first, second] = server.requests(baseUrl)
          // Every request declares the MCP tools (names as providers take them) and the local one.
          assert.sameMembers([...LoopWire.sent(provider, first!.body).declared], [
            "secret_retrieval_tool",
            Mcp.toolName("files/read"),
            "local_time"
          ])
          assert.deepStrictEqual(answered(provider, second!.body), { image: takesImages(provider), error: true })
        }).pipe(Effect.scoped))
    }

    it.live(`the Responses API (${clientName}): the recorded calls answered by the MCP server, the image as input_image`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(
          ["tool-calls-parallel.sse", "tool-loop-answer.sse"].map((name) => ({
            headers: { "content-type": "text/event-stream" },
            body: Fixtures.bytes("openai-responses", name)
          }))
        )
        const model = OpenAIResponses.model("gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-loop"), baseUrl })),
          Layer.provide(client)
        )
        const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Secrets?")], tools: mcpTools })
          .pipe(Effect.provide(model))
        assert.strictEqual(done.reason, "stop")
        // The recording calls with mellon and radiance.
        assert.deepStrictEqual(answered("responses", server.requests(baseUrl)[1]!.body), { image: true, error: true })
      }).pipe(Effect.scoped))
  }

  it.live("the UI stream shows MCP calls as tool parts, read by the ai client; no credential in it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("anthropic", { calls }, "1"),
        LoopWire.scripted("anthropic", { texts: ["Done."] }, "2")
      ])
      const tools = [...mcpTools, local]
      const { chunks, errors, message } = yield* LanguageModel.runTools({ messages: [Message.user("Go")], tools }).pipe(
        UIMessageStream.fromSteps({ messageId: "m1", tools }),
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(LoopWire.modelAt("anthropic", baseUrl, FetchHttpClient.layer))
      )
      assert.deepStrictEqual(errors, [])
      const parts = message!.parts.filter((part: any) => part.type === "tool-secret_retrieval_tool") as Array<any>
      assert.deepStrictEqual(parts.map((part) => [part.toolCallId, part.state]), [
        ["call_a1", "output-available"],
        ["call_b2", "output-error"]
      ])
      assert.deepStrictEqual(parts[0].input, { password: "mellon" })
      assert.include(parts[0].output, "Welcome to Moria!")
      // The server's error text went to the model (above); the browser is told only that the tool failed.
      assert.strictEqual(parts[1].errorText, "The tool secret_retrieval_tool failed.")
      assert.notInclude(JSON.stringify(chunks), "Life before Death is sealed")
      assert.notInclude(JSON.stringify(chunks), token)
    }).pipe(Effect.scoped))
})

const ReadNote = AiTool.make("read_note", {
  description: "Reads a note",
  parameters: Schema.Struct({ title: Schema.String }),
  success: Schema.String
}).annotate(AiTool.Readonly, true)
const Notes = Toolkit.make(ReadNote)

describe("AiLanguageModel.tools takes McpClient.toolkit(client)", () => {
  const run = (client: McpClient.McpClient, name: string, args: string) =>
    Effect.gen(function*() {
      const tools = yield* AiLanguageModel.tools(McpClient.toolkit(client))
      const tool = tools.find((candidate) => candidate.name === name)!
      // Its JSON Schema is the server's (no TypeError), and it checks the arguments.
      assert.strictEqual((tool.jsonSchema as any).type, "object")
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("openai", {
          calls: [{ id: "c1", name, arguments: "{}" }, { id: "c2", name, arguments: args }]
        }),
        LoopWire.scripted("openai", { texts: ["Done."] }, "2")
      ])
      const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Go")], tools }).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
      )
      const declared = JSON.parse(server.requests(baseUrl)[0]!.body).tools
        .find((entry: any) => entry.function.name === name).function.parameters
      const results = done.messages.filter((message) => message._tag === "ToolResultMessage")
      return { declared, results }
    })

  it.live("McpClient.toolkit refuses the SDK server's tools for one name providers refuse; Mcp.tools maps it", () =>
    Effect.gen(function*() {
      const client = yield* McpClient.make({ name: "test", version: "1" }).pipe(
        Effect.provideServiceEffect(
          McpClient.Transport,
          McpClient.http({
            url: http.url,
            protocol: McpProtocol.v2025_11_25,
            headers: { authorization: `Bearer ${token}` }
          })
        )
      )
      const refused = yield* Effect.flip(AiLanguageModel.tools(McpClient.toolkit(client)))
      assert.include(refused.message, "files/read")
      assert.isDefined(mcpTools.find((tool) => tool.mcpName === "files/read"))
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("against effect/ai's own McpServer", () =>
    Effect.gen(function*() {
      const registrations = McpServer.toolkit(Notes).pipe(
        Layer.provide(Notes.toLayer({ read_note: ({ title }) => Effect.succeed(`the note ${title}`) }))
      )
      const served = HttpRouter.serve(
        McpServer.layerHttp({
          name: "notes",
          version: "1",
          path: "/mcp",
          protocols: [McpProtocol.v2025_11_25],
          registrations
        }),
        { disableLogger: true, disableListenLog: true }
      ).pipe(Layer.provideMerge(NodeHttpServer.layer(Http.createServer, { port: 0 })))
      const address = Context.get(yield* Layer.build(served), HttpServer.HttpServer).address
      const url = `http://127.0.0.1:${"port" in address ? address.port : 0}/mcp`
      const client = yield* McpClient.make({ name: "test", version: "1" }).pipe(
        Effect.provideServiceEffect(McpClient.Transport, McpClient.http({ url, protocol: McpProtocol.v2025_11_25 }))
      )
      const { declared, results } = yield* run(client, "read_note", "{\"title\":\"todo\"}")
      assert.deepStrictEqual(declared.required, ["title"])
      assert.isTrue(results[0]!.isError)
      assert.deepStrictEqual([results[1]!.isError, results[1]!.content], [false, "the note todo"])
      // Mcp.tools reads the same server: read-only by its annotation, so no approval.
      const tools = yield* Mcp.tools({ transport: { http: { url } } })
      assert.deepStrictEqual(tools.map((tool) => [tool.name, tool.needsApproval]), [["read_note", false]])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
