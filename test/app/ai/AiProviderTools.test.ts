/**
 * `effect/ai` provider-defined tools (`Tool.providerDefined`) through the adapter, over three turns of a `Chat`: each
 * request declares them as the provider's API does, after the program's tools (Anthropic: `@anthropic-ai/sdk` 1.14
 * `WebFetchTool20250910` `{ type: "web_fetch_20250910", name: "web_fetch", max_uses }`; the Responses API: openai-node
 * 7.57 `WebSearchTool` `{ type: "web_search", search_context_size }`); the provider's call and its result are
 * provider-executed `tool-call` and `tool-result` parts of the declared tool (an Anthropic `*_error` content a failure,
 * decoded by the tool's `failure` Schema); the program's call beside them is answered by its handler; and the turn goes
 * back as the provider returned it (the library's own `contentBlocks` of the recording). A tool the program would run,
 * or one of another provider, is refused before anything is sent, naming it.
 *
 * Recordings: `anthropic/web-fetch-error-client-tool.sse` (vercel/ai issue 10819: a web fetch that failed, then the
 * client tool `display_products`), `openai-responses/web-search.sse`; then each folder's `text.sse`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit, Layer, Redacted, Schema, Stream } from "effect"
import { Anthropic, CallStream, LanguageModel } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat, LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { Bash } from "../../support/AnthropicDefinedTools.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as ProgrammaticCall from "../../support/ProgrammaticCall.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const WebFetch = AiTool.providerDefined({
  id: "anthropic.web_fetch_20250910",
  customName: "AnthropicWebFetch",
  providerName: "web_fetch",
  args: Schema.Struct({ maxUses: Schema.optional(Schema.Number) }),
  parameters: Schema.Struct({ url: Schema.String }),
  success: Schema.Unknown,
  failure: Schema.Struct({ type: Schema.Literal("web_fetch_tool_result_error"), error_code: Schema.String })
})

const WebSearch = AiTool.providerDefined({
  id: "openai.web_search",
  customName: "OpenAiWebSearch",
  providerName: "web_search",
  args: Schema.Struct({ search_context_size: Schema.optional(Schema.Literals(["low", "medium", "high"])) }),
  // As `@effect/ai-openai`'s `OpenAiTool.WebSearch` reads a call: its item's `action`.
  parameters: Schema.Struct({ action: Schema.Struct({ type: Schema.String }) }),
  success: Schema.Struct({ status: Schema.String, action: Schema.Unknown })
})

const DisplayProducts = AiTool.make("display_products", { parameters: Schema.Struct({}), success: Schema.String })

const sse = (body: Uint8Array) => ({ headers: { "content-type": "text/event-stream" }, body })

const cases = [
  {
    folder: "anthropic",
    recording: "web-fetch-error-client-tool.sse",
    modelName: "claude-sonnet-4-5",
    toolkit: Toolkit.make(DisplayProducts, WebFetch({ maxUses: 1 })),
    declared: { type: "web_fetch_20250910", name: "web_fetch", max_uses: 1 },
    tool: "AnthropicWebFetch",
    params: { url: "https://httpbin.org/status/500" },
    failed: true,
    /** The declared tools of a request, as the Messages API takes them. */
    toolsOf: (body: any) => body.tools.map((tool: any) => tool.input_schema === undefined ? tool : tool.name),
    /** The first assistant turn of a request. */
    turnOf: (body: any, _blocks: number) => body.messages[1].content
  },
  {
    folder: "openai-responses",
    recording: "web-search.sse",
    modelName: "gpt-5-mini",
    toolkit: Toolkit.make(DisplayProducts, WebSearch({ search_context_size: "low" })),
    declared: { type: "web_search", search_context_size: "low" },
    tool: "OpenAiWebSearch",
    params: {
      action: { type: "search", queries: ["January 1, 2026 Bitcoin price"], query: "January 1, 2026 Bitcoin price" }
    },
    failed: false,
    toolsOf: (body: any) => body.tools.map((tool: any) => tool.type === "function" ? tool.name : tool),
    turnOf: (body: any, blocks: number) => body.input.slice(1, 1 + blocks)
  }
] as const

describe("effect/ai provider-defined tools", () => {
  for (const test of cases) {
    const modelOf = (baseUrl: string) =>
      RecordedModels.model(test.folder, baseUrl, clients[0]![1], { model: test.modelName })
    for (const mode of ["generateText", "streamText"] as const) {
      it.effect(`${test.folder}/${test.recording} (${mode}): declared, shown as provider-executed parts, sent back`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const recording = Fixtures.bytes(test.folder, test.recording)
          const text = Fixtures.bytes(test.folder, "text.sse")
          const baseUrl = server.serve([sse(recording), sse(text), sse(text)])
          const model = AiLanguageModel.layer.pipe(Layer.provide(modelOf(baseUrl)))
          const handlers = test.toolkit.toLayer({ display_products: () => Effect.succeed("shown") } as any)
          const chat = yield* Chat.empty
          const parts: Array<any> = []
          const turn = (prompt: string | []) =>
            (mode === "generateText"
              ? Effect.map(chat.generateText({ prompt, toolkit: test.toolkit }), (response) => {
                parts.push(...response.content)
              })
              : Stream.runForEach(
                chat.streamText({ prompt, toolkit: test.toolkit }),
                (part) => Effect.sync(() => parts.push(part))
              )).pipe(Effect.provide(model), Effect.provide(handlers))
          yield* turn("q")
          // The provider's call and its result, as parts of the declared tool.
          const call = parts.find((part) => part.type === "tool-call" && part.providerExecuted)
          const result = parts.find((part) => part.type === "tool-result" && part.providerExecuted)
          assert.strictEqual(call?.name, test.tool)
          assert.strictEqual(result?.name, test.tool)
          assert.strictEqual(result?.id, call?.id)
          assert.strictEqual(result?.isFailure, test.failed)
          assert.deepStrictEqual(call.params, test.params)
          if (test.failed) assert.strictEqual(result.result.error_code, "url_not_accessible")
          else assert.strictEqual(result.result.status, "completed")
          yield* turn([])
          yield* turn("f")
          const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
          assert.strictEqual(bodies.length, 3)
          for (const body of bodies) assert.deepStrictEqual(test.toolsOf(body), ["display_products", test.declared])
          // The turn goes back as the provider returned it, in the second request and the third.
          const replayed = yield* ReplayServer.make
          const response = yield* CallStream.accumulate(LanguageModel.stream("q")).pipe(
            Effect.provide(modelOf(replayed.serve(sse(recording))))
          )
          const sent = test.turnOf(bodies[1], response.contentBlocks.length)
          assert.deepStrictEqual(sent, response.contentBlocks)
          if (test.folder === "anthropic") {
            // The program's call beside it, answered by its handler.
            assert.deepStrictEqual(
              bodies[1].messages[2].content.map((block: any) => [block.type, block.tool_use_id, block.content]),
              [["tool_result", "toolu_01FUuDcCDweLziH8QvQFQLtV", "shown"]]
            )
          }
          const again = test.turnOf(bodies[2], response.contentBlocks.length)
          assert.deepStrictEqual(again, response.contentBlocks)
        }).pipe(Effect.scoped))
    }
  }

  it.effect("one the program runs (Anthropic's bash): declared by its entry, run by its handler, sent back as `bash`", () =>
    Effect.gen(function*() {
      // `@anthropic-ai/sdk` 1.14 `ToolBash20250124` (`{ type: "bash_20250124", name: "bash" }`); its calls are
      // `tool_use` blocks named `bash`, answered with `tool_result` blocks like any tool's.
      const toolkit = Toolkit.make(Bash({}))
      const handlers = toolkit.toLayer({ AnthropicBash: ({ command }) => Effect.succeed(`ran ${command}`) })
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("anthropic", {
          calls: [{ id: "toolu_bash", name: "bash", arguments: "{\"command\":\"ls\"}" }]
        }),
        sse(Fixtures.bytes("anthropic", "text.sse"))
      ])
      const model = AiLanguageModel.layer.pipe(
        Layer.provide(RecordedModels.model("anthropic", baseUrl, clients[0]![1]))
      )
      const chat = yield* Chat.empty
      const first = yield* chat.generateText({ prompt: "List the files", toolkit }).pipe(
        Effect.provide(model),
        Effect.provide(handlers)
      )
      const call = first.content.find((part) => part.type === "tool-call")
      assert.deepStrictEqual([call?.name, call?.params, call?.providerExecuted], [
        "AnthropicBash",
        { command: "ls" },
        false
      ])
      const result = first.content.find((part) => part.type === "tool-result")
      assert.deepStrictEqual([result?.name, result?.result], ["AnthropicBash", "ran ls"])
      // Chosen by its name in the toolkit, it is asked for by the provider's.
      yield* chat.generateText({ prompt: [], toolkit, toolChoice: { tool: "AnthropicBash" } }).pipe(
        Effect.provide(model),
        Effect.provide(handlers)
      )
      const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      for (const body of bodies) assert.deepStrictEqual(body.tools, [{ type: "bash_20250124", name: "bash" }])
      assert.deepStrictEqual(bodies[1].tool_choice, { type: "tool", name: "bash" })
      assert.deepStrictEqual(bodies[1].messages[1].content.at(-1), {
        type: "tool_use",
        id: "toolu_bash",
        name: "bash",
        input: { command: "ls" }
      })
      assert.deepStrictEqual(
        bodies[1].messages[2].content.map((block: any) => [block.type, block.tool_use_id, block.content]),
        [["tool_result", "toolu_bash", "ran ls"]]
      )
    }).pipe(Effect.scoped))

  it.effect("refused before anything is sent: another provider's, Google's, one whose calls are not read back", () =>
    Effect.gen(function*() {
      const Shell = AiTool.providerDefined({
        id: "openai.local_shell",
        customName: "OpenAiLocalShell",
        providerName: "local_shell",
        requiresHandler: true,
        parameters: Schema.Unknown,
        success: Schema.Unknown
      })
      const GoogleSearch = AiTool.providerDefined({
        id: "google.google_search",
        customName: "GoogleSearch",
        providerName: "googleSearch"
      })
      const server = yield* ReplayServer.make
      const refusals: Array<string> = []
      for (
        const [folder, toolkit, name] of [
          ["openai-responses", Toolkit.make(WebFetch({})), "AnthropicWebFetch"],
          ["anthropic", Toolkit.make(GoogleSearch(undefined)), "GoogleSearch"],
          ["openai-responses", Toolkit.make(Shell({})), "OpenAiLocalShell"]
        ] as const
      ) {
        const baseUrl = server.serve(sse(Fixtures.bytes(folder, "text.sse")))
        const model = AiLanguageModel.layer.pipe(Layer.provide(RecordedModels.model(folder, baseUrl, clients[0]![1])))
        const handlers: Layer.Layer<never> = (toolkit as any).toLayer({ OpenAiLocalShell: () => Effect.succeed("") })
        const exit = yield* Effect.exit(
          (AiModel.generateText({ prompt: "q", toolkit: toolkit as any }) as Effect.Effect<unknown, unknown>).pipe(
            Effect.provide(model),
            Effect.provide(handlers)
          )
        )
        assert.isTrue(Exit.isFailure(exit), name)
        const message = Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""
        assert.include(message, `tools.${name}`)
        refusals.push(message)
        assert.strictEqual(server.requests(baseUrl).length, 0, name)
      }
      assert.include(refusals[0], "this model is served by openai")
      assert.include(refusals[1], "providerTools")
      assert.include(refusals[2], "does not read back from openai")
    }).pipe(Effect.scoped))

  it.effect("Anthropic's programmatic tool calling through a Chat: the request answering the code's call names its container", () =>
    Effect.gen(function*() {
      // The container goes with the turn a `Chat` keeps (carried whole: the code execution's block is the provider's),
      // and the request sending the handler's result names it, as the API requires (see ProgrammaticCall).
      const QueryDatabase = AiTool.make("query_database", {
        parameters: Schema.Struct({ sql: Schema.String }),
        success: Schema.String
      })
      const toolkit = Toolkit.make(QueryDatabase)
      const handlers = toolkit.toLayer({ query_database: () => Effect.succeed("West: 120") })
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([ProgrammaticCall.response(), sse(Fixtures.bytes("anthropic", "text.sse"))])
      // The tools the code may call are the model layer's, declared with `allowed_callers`.
      const model = AiLanguageModel.layer.pipe(
        Layer.provide(Anthropic.model("claude-sonnet-4-5", { providerTools: ProgrammaticCall.providerTools })),
        Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
        Layer.provide(clients[0]![1])
      )
      const chat = yield* Chat.empty
      yield* chat.generateText({ prompt: "Which region had the highest revenue?", toolkit }).pipe(
        Effect.provide(model),
        Effect.provide(handlers)
      )
      yield* chat.generateText({ prompt: [], toolkit }).pipe(Effect.provide(model), Effect.provide(handlers))
      const [first, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      assert.isUndefined(first.container)
      assert.strictEqual(second.container, ProgrammaticCall.container)
      assert.deepStrictEqual(second.messages[1].content.at(-1), ProgrammaticCall.call)
      assert.deepStrictEqual(second.tools, ProgrammaticCall.providerTools)
    }).pipe(Effect.scoped))
})
