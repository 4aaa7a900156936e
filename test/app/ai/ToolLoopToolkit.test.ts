/**
 * `effect/ai` `Toolkit` handlers in the tool loop (`AiLanguageModel.tools`), over the replay server with both HTTP
 * clients (OpenAI Chat Completions, scripted with the test kit's payload builders): Effect's own handlers run step
 * after step, their encoded results sent back; a failure returned by a handler and arguments failing the Schema
 * are error results the model reads.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { LanguageModel, Message } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Prompt, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import { Bash, WebSearch } from "../../support/AnthropicDefinedTools.js"
import * as LoopWire from "../../support/LoopWire.js"

const GetWeather = AiTool.make("GetWeather", {
  description: "Current weather in a city",
  parameters: Schema.Struct({ city: Schema.String }),
  success: Schema.Struct({ city: Schema.String, celsius: Schema.Number }),
  failure: Schema.Struct({ reason: Schema.String }),
  failureMode: "return"
})
const Weather = Toolkit.make(GetWeather)
const WeatherHandlers = Weather.toLayer({
  GetWeather: ({ city }) =>
    city === "Atlantis" ? Effect.fail({ reason: "no such city" }) : Effect.succeed({ city, celsius: 18 })
})

describe("effect/ai Toolkit handlers in the tool loop", () => {
  for (const [clientName, client] of clients) {
    it.live(`run step after step, their results and failures sent back (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          LoopWire.scripted("openai", {
            calls: [
              { id: "paris", name: "GetWeather", arguments: "{\"city\":\"Paris\"}" },
              { id: "atlantis", name: "GetWeather", arguments: "{\"city\":\"Atlantis\"}" },
              { id: "bad", name: "GetWeather", arguments: "{\"town\":\"Rome\"}" }
            ]
          }, "1"),
          LoopWire.scripted("openai", { texts: ["18°C in Paris."] }, "2")
        ])
        const tools = yield* AiLanguageModel.tools(Weather)
        const events = yield* Stream.runCollect(
          LanguageModel.runTools({ messages: [Message.user("Weather in Paris, Atlantis and Rome?")], tools })
        ).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, client)))
        const done = events[events.length - 1] as LanguageModel.DoneEvent
        assert.strictEqual(done.reason, "stop")
        const [first, second] = server.requests(baseUrl).map((request) => LoopWire.sent("openai", request.body))
        assert.deepStrictEqual(first!.declared, ["GetWeather"])
        assert.deepStrictEqual(second!.declared, ["GetWeather"])
        assert.deepStrictEqual(second!.results.map((result) => result.id), ["paris", "atlantis", "bad"])
        assert.deepStrictEqual(JSON.parse(second!.results[0]!.content), { city: "Paris", celsius: 18 })
        assert.match(second!.results[1]!.content, /no such city/)
        assert.match(second!.results[2]!.content, /city/)
        const errors = events.flatMap((event) =>
          event._tag === "ToolResultEvent" && event.isError ? [event.call.id] : []
        )
        assert.deepStrictEqual(errors.sort(), ["atlantis", "bad"])
      }).pipe(Effect.provide(WeatherHandlers), Effect.scoped))
  }

  it.live("provider-defined tools: the one the program runs declared by the provider's name, the provider's own left to providerTools", () =>
    Effect.gen(function*() {
      // Anthropic (`@anthropic-ai/sdk` 1.14 `ToolBash20250124`, `WebSearchTool20250305`): the bash tool's calls are
      // `tool_use` blocks named `bash`; the web search is the provider's, asked for in `providerTools`.
      const toolkit = Toolkit.make(Bash({}), WebSearch(undefined))
      const tools = yield* AiLanguageModel.tools(toolkit).pipe(
        Effect.provide(toolkit.toLayer({ AnthropicBash: ({ command }) => Effect.succeed(`ran ${command}`) }))
      )
      assert.deepStrictEqual(tools.map((tool) => tool.name), ["bash"])
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("anthropic", { calls: [{ id: "toolu_1", name: "bash", arguments: "{\"command\":\"ls\"}" }] }),
        LoopWire.scripted("anthropic", { texts: ["Done."] }, "2")
      ])
      const providerTools = [{ type: "bash_20250124", name: "bash" }, {
        type: "web_search_20250305",
        name: "web_search"
      }]
      yield* LanguageModel.runToolsToEnd({ messages: [Message.user("List the files")], tools, providerTools }).pipe(
        Effect.provide(LoopWire.modelAt("anthropic", baseUrl, clients[0]![1]))
      )
      const [first, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
      for (const body of [first, second]) assert.deepStrictEqual(body.tools, providerTools)
      assert.deepStrictEqual(
        second.messages[2].content.map((block: any) => [block.type, block.tool_use_id, block.content]),
        [["tool_result", "toolu_1", "ran ls"]]
      )
    }).pipe(Effect.scoped))
})

describe("an effect/ai tool's needsApproval function in the tool loop", () => {
  // effect/ai `Tool.NeedsApproval`: a boolean, or a function of the decoded parameters (and the call's context)
  // giving a boolean or an `Effect<boolean>`; `LanguageModel`'s own loop asks before a call it says `true` to.
  const DeleteFile = AiTool.make("delete_file", {
    parameters: Schema.Struct({ path: Schema.String }),
    success: Schema.String,
    needsApproval: ({ path }) => path.startsWith("/etc")
  })
  const Archive = AiTool.make("archive", {
    parameters: Schema.Struct({ path: Schema.String }),
    success: Schema.String,
    needsApproval: ({ path }) => Effect.succeed(path.startsWith("/var"))
  })
  // An answer that is not there at once cannot clear a call: it asks.
  const Shred = AiTool.make("shred", {
    parameters: Schema.Struct({ path: Schema.String }),
    success: Schema.String,
    needsApproval: () => Effect.as(Effect.sleep("1 millis"), false)
  })
  const Files = Toolkit.make(DeleteFile, Archive, Shred)

  it.live("a call it says true to waits for approval; the others run", () =>
    Effect.gen(function*() {
      const ran: Array<string> = []
      const handlers = Files.toLayer({
        delete_file: ({ path }) => Effect.sync(() => ran.push(`delete ${path}`)).pipe(Effect.as("deleted")),
        archive: ({ path }) => Effect.sync(() => ran.push(`archive ${path}`)).pipe(Effect.as("archived")),
        shred: ({ path }) => Effect.sync(() => ran.push(`shred ${path}`)).pipe(Effect.as("shredded"))
      })
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(LoopWire.scripted("openai", {
        calls: [
          { id: "etc", name: "delete_file", arguments: "{\"path\":\"/etc/passwd\"}" },
          { id: "tmp", name: "delete_file", arguments: "{\"path\":\"/tmp/scratch\"}" },
          { id: "var", name: "archive", arguments: "{\"path\":\"/var/log\"}" },
          { id: "home", name: "archive", arguments: "{\"path\":\"/home/me\"}" },
          { id: "shred", name: "shred", arguments: "{\"path\":\"/tmp/old\"}" }
        ]
      }))
      const tools = yield* AiLanguageModel.tools(Files).pipe(Effect.provide(handlers))
      const events = yield* Stream.runCollect(
        LanguageModel.runTools({ messages: [Message.user("Clean up")], tools })
      ).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, clients[0]![1])))
      const done = events[events.length - 1] as LanguageModel.DoneEvent
      assert.strictEqual(done.reason, "approval")
      const asked = events.flatMap((event) => event._tag === "ApprovalRequestEvent" ? [event.call.id] : [])
      assert.deepStrictEqual(asked.sort(), ["etc", "shred", "var"])
      assert.deepStrictEqual(ran.sort(), ["archive /home/me", "delete /tmp/scratch"])
    }).pipe(Effect.scoped))
})

describe("an effect/ai tool's needsApproval Effect that waits", () => {
  it.live("is interrupted once the call asks: no decision left running", () =>
    Effect.gen(function*() {
      const seen: Array<string> = []
      const Wipe = AiTool.make("wipe", {
        parameters: Schema.Struct({ path: Schema.String }),
        success: Schema.String,
        needsApproval: () =>
          Effect.sleep("20 millis").pipe(
            Effect.andThen(Effect.sync(() => seen.push("decided"))),
            Effect.as(false),
            Effect.onInterrupt(() => Effect.sync(() => seen.push("interrupted")))
          )
      })
      const Disk = Toolkit.make(Wipe)
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(LoopWire.scripted("openai", {
        calls: [{ id: "wipe", name: "wipe", arguments: "{\"path\":\"/\"}" }]
      }))
      const tools = yield* AiLanguageModel.tools(Disk).pipe(
        Effect.provide(Disk.toLayer({ wipe: () => Effect.succeed("wiped") }))
      )
      const events = yield* Stream.runCollect(
        LanguageModel.runTools({ messages: [Message.user("Wipe it")], tools })
      ).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, clients[0]![1])))
      assert.strictEqual((events[events.length - 1] as LanguageModel.DoneEvent).reason, "approval")
      yield* Effect.sleep("60 millis")
      assert.deepStrictEqual(seen, ["interrupted"])
    }).pipe(Effect.scoped))
})

describe("an effect/ai tool's toModelOutput in the tool loop", () => {
  // effect/ai `Tool.make`'s `toModelOutput`: "the content sent to the model in place of the encoded result, such as
  // images or files"; `LanguageModel`'s own loop sends it as the tool result's `modelOutput`.
  const pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
  const Screenshot = AiTool.make("screenshot", {
    parameters: Schema.Struct({ url: Schema.String }),
    success: Schema.Struct({ url: Schema.String, png: Schema.String }),
    toModelOutput: ({ png, url }) => [
      Prompt.makePart("text", { text: `The page at ${url}:` }),
      Prompt.makePart("file", { mediaType: "image/png", data: png })
    ]
  })
  const Browser = Toolkit.make(Screenshot)

  it.live("is what the model reads of a result: the text and the image, not the result's JSON", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("anthropic", {
          calls: [{ id: "toolu_1", name: "screenshot", arguments: "{\"url\":\"https://example.com\"}" }]
        }),
        LoopWire.scripted("anthropic", { texts: ["A white page."] }, "2")
      ])
      const tools = yield* AiLanguageModel.tools(Browser).pipe(
        Effect.provide(Browser.toLayer({ screenshot: ({ url }) => Effect.succeed({ url, png: pixel }) }))
      )
      yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Look at example.com")], tools }).pipe(
        Effect.provide(LoopWire.modelAt("anthropic", baseUrl, clients[0]![1]))
      )
      const second = JSON.parse(server.requests(baseUrl)[1]!.body)
      assert.deepStrictEqual(second.messages[2].content, [{
        type: "tool_result",
        tool_use_id: "toolu_1",
        content: [
          { type: "text", text: "The page at https://example.com:" },
          { type: "image", source: { type: "base64", media_type: "image/png", data: pixel } }
        ]
      }])
    }).pipe(Effect.scoped))
})
