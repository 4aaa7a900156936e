/**
 * An MCP tool result's blocks for the user alone (MCP schema.ts `Annotations.audience: ["user"]`, 2025-06-18 on) are
 * shown to the user and never reach the model. Against the official SDK's server (`support/mcp/SdkServer.mjs`, its
 * `blocks` tool's `audience/user` result: a text for the model, a text and an image for the user), through the `ai`
 * package's own client over two turns: the browser's tool part shows the user's blocks, marked (`ForUser`); the
 * model's next request, and the request of the turn after (the history sent back through `toMessages`), read the text
 * for the model alone. A history whose marked output was changed, or sent without the result sealed with it, is
 * refused. Through `@ag-ui/client`'s `HttpAgent` the same: `TOOL_CALL_RESULT` shows them as content parts, marked,
 * after the model's text; the next run's model request lacks them; unsealed or unmarked, the history is refused.
 */
import { HttpAgent, type Message as ClientMessage } from "@ag-ui/client"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { AgUi, LanguageModel, Mcp } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as AgUiClient from "../../support/AgUiClient.js"
import { scriptedOnWire } from "../../support/EndpointApp.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as BlocksTool from "../../support/mcp/BlocksTool.js"
import { NodeChat } from "../../support/NodeChat.js"
import * as ToolChat from "../../support/ToolChat.js"

let tools: ReadonlyArray<Mcp.McpTool>
let close: () => Promise<void>

beforeAll(async () => {
  ;({ close, tools } = await BlocksTool.connect("user-blocks-bearer-token-1234"))
})

afterAll(() => close())

const forUserKey = "effect-llm-stream/forUser"
const call = { id: "call_usr1", name: "blocks", arguments: JSON.stringify({ member: "audience/user" }) }

/** The tool messages of a Chat Completions request. */
const toolMessages = (body: string) =>
  JSON.parse(body).messages.filter((message: any) => message.role === "tool").map((message: any) => message.content)

/** The chat's last POST with its tool part's output (and metadata) changed by `edit`: a client's own history. */
const edited = (chat: NodeChat, edit: (message: any) => void) => {
  const body = JSON.parse(chat.posts[chat.posts.length - 1]!)
  edit(body.messages.find((message: any) => message.role === "assistant"))
  return JSON.stringify(body)
}

/** A POST of a body to the chat route at `url`: its status and text. */
const postTo = (url: string) => (body: string) =>
  Effect.promise(async () => {
    const response = await fetch(`${url}/api/chat`, { method: "POST", body })
    return { status: response.status, text: await response.text() }
  })

/** The `blocks` tool's part of an assistant message. */
const toolPart = (message: any) => message.parts.find((part: any) => part.type === "tool-blocks")

/**
 * An AG-UI server running the loop with `tools` against Anthropic's wire: the model calls `blocks` for `member`, then
 * answers `texts`; `bodies` receives its requests. Its URL.
 */
const agUiServer = (member: string, texts: ReadonlyArray<string>, bodies: Array<any>) =>
  Effect.gen(function*() {
    const turns = [{ toolCalls: [{ name: "blocks", arguments: { member } }] }, ...texts.map((text) => ({ text }))]
    const model = yield* Layer.build(scriptedOnWire(turns, "anthropic", bodies))
    return yield* AgUiClient.serve((body) =>
      AgUi.readRunInput(body).pipe(
        Effect.flatMap((input) =>
          LanguageModel.runTools({ messages: input.messages, tools }).pipe(
            AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, tools }),
            AgUi.toResponse()
          )
        )
      )
    ).pipe(Effect.provide(model))
  })

describe("MCP blocks for the user alone", () => {
  it.live("the browser is shown them; the model reads neither them now nor when the history comes back", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([
        LoopWire.scripted("openai", { calls: [call] }, "1"),
        LoopWire.scripted("openai", { texts: ["The forecast is in."] }, "2"),
        LoopWire.scripted("openai", { texts: ["Still the forecast."] }, "3")
      ])
      const app = yield* ToolChat.make({ tools, model: LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer) })
      const chat = new NodeChat(app.url)
      yield* Effect.promise(() => chat.sendMessage({ text: "The forecast?" }))
      const [part] = chat.toolParts
      assert.strictEqual(part.state, "output-available")
      assert.strictEqual(part.output.output, "the forecast")
      const forUser = part.output[forUserKey]
      assert.deepStrictEqual(forUser[0], { _tag: "TextPart", text: "a note for the user" })
      assert.strictEqual(forUser[1]._tag, "ImagePart")
      assert.strictEqual(forUser.length, 2)
      // Step 2 of turn 1: the text for the model alone.
      const second = replay.requests(baseUrl)[1]!.body
      assert.deepStrictEqual(toolMessages(second), ["the forecast"])
      assert.notInclude(second, "a note for the user")

      yield* Effect.promise(() => chat.sendMessage({ text: "And now?" }))
      assert.strictEqual(chat.error, undefined)
      const third = replay.requests(baseUrl)[2]!.body
      assert.deepStrictEqual(toolMessages(third), ["the forecast"])
      assert.notInclude(third, "a note for the user")
      assert.strictEqual(replay.requests(baseUrl).length, 3)

      const post = postTo(app.url)
      // The user's note moved into what the model reads: the outcome's signature fails.
      const smuggled = yield* post(edited(chat, (message) => {
        const output = toolPart(message).output
        output.output = `${output.output}\na note for the user`
      }))
      assert.strictEqual(smuggled.status, 400)
      assert.include(smuggled.text, "was not produced by this server")
      // The marker taken off: the output changed, refused the same.
      const unmarked = yield* post(edited(chat, (message) => {
        delete toolPart(message).output[forUserKey]
      }))
      assert.strictEqual(unmarked.status, 400)
      assert.include(unmarked.text, "was not produced by this server")
      // The sealed result taken away, the output as served: read as it is, it would tell the model the user's note.
      const unsealed = yield* post(edited(chat, (message) => {
        for (const key of Object.keys(message.metadata ?? {})) {
          if (key === "effect-llm-stream/results") delete message.metadata[key]
        }
      }))
      assert.strictEqual(unsealed.status, 400)
      assert.include(unsealed.text, "parts for the user alone")
      assert.strictEqual(replay.requests(baseUrl).length, 3)
    }).pipe(Effect.scoped))
})

describe("MCP blocks for the user alone, through AG-UI", () => {
  it.live("TOOL_CALL_RESULT shows them; the next run's model request lacks them; unsealed, refused", () =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const url = yield* agUiServer("audience/user", ["The forecast is in.", "Still the forecast."], bodies)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "The forecast?" })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(first.events), [])
      const result = first.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      // As AG-UI 1.0 content parts a client renders: the model's text, then the user's text and image, marked.
      const [told, note, image] = result.content
      assert.strictEqual(result.content.length, 3)
      assert.deepStrictEqual(told, { type: "text", text: "the forecast" })
      assert.deepStrictEqual(note, { type: "text", text: "a note for the user", metadata: { [forUserKey]: true } })
      assert.strictEqual(image.type, "image")
      assert.strictEqual(image.source.type, "data")
      assert.strictEqual(image.metadata[forUserKey], true)
      assert.notInclude(JSON.stringify(bodies[1]), "a note for the user")

      const served = structuredClone(agent.messages) as Array<ClientMessage>
      agent.addMessage({ id: "u2", role: "user", content: "And now?" })
      const second = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(second.events), [])
      assert.strictEqual(bodies.length, 3)
      assert.include(JSON.stringify(bodies[2]), "the forecast")
      assert.notInclude(JSON.stringify(bodies[2]), "a note for the user")

      // The sealed result taken away, the content as served: refused before the model is asked.
      const unsealed = structuredClone(served)
      const tool = unsealed.find((message) => message.role === "tool") as any
      delete tool.metadata["effect-llm-stream/results"]
      unsealed.push({ id: "u2", role: "user", content: "And now?" })
      const error: any = yield* AgUiClient.runFailing(
        new HttpAgent({ url, threadId: "thread-1", initialMessages: unsealed })
      )
      assert.strictEqual(error.status, 400)
      assert.include(error.payload.error, "parts for the user alone")
      assert.strictEqual(bodies.length, 3)

      // The marks taken away as well, the parts as served: their outcome is no longer the one the server signed.
      const unmarked = structuredClone(unsealed)
      const parts = (unmarked.find((message) => message.role === "tool") as any).content
      for (const part of parts) delete part.metadata
      const refused: any = yield* AgUiClient.runFailing(
        new HttpAgent({ url, threadId: "thread-1", initialMessages: unmarked })
      )
      assert.strictEqual(refused.status, 400)
      assert.include(refused.payload.error, "was not produced by this server")
      assert.strictEqual(bodies.length, 3)

      // The parts sent back as the JSON text of what the `ai` stream shows, unsealed: refused as well.
      const asText = structuredClone(unsealed)
      const message = asText.find((message) => message.role === "tool") as any
      message.content = JSON.stringify({ output: "the forecast", [forUserKey]: [{ _tag: "TextPart", text: "a note" }] })
      const refusedText: any = yield* AgUiClient.runFailing(
        new HttpAgent({ url, threadId: "thread-1", initialMessages: asText })
      )
      assert.strictEqual(refusedText.status, 400)
      assert.strictEqual(bodies.length, 3)
    }).pipe(Effect.scoped))
})

/**
 * An error result (MCP 2025-11-25 `CallToolResult.isError`) with blocks for the user alone: the model reads the error,
 * an error still, without them; the user is shown the failure as the redactor words it (not the model's text) and the
 * blocks beside it, on the `ai` stream in the part's `resultProviderMetadata`, on AG-UI as parts after its text.
 */
describe("MCP blocks for the user alone in an error result", () => {
  const errorCall = { id: "call_uerr", name: "blocks", arguments: JSON.stringify({ member: "audience/user-error" }) }

  it.live("the browser is shown the failure and them; the model reads the error alone, now and later", () =>
    Effect.gen(function*() {
      const replay = yield* ReplayServer.make
      const baseUrl = replay.serve([
        LoopWire.scripted("openai", { calls: [errorCall] }, "1"),
        LoopWire.scripted("openai", { texts: ["The disk is full."] }, "2"),
        LoopWire.scripted("openai", { texts: ["Still full."] }, "3")
      ])
      const app = yield* ToolChat.make({ tools, model: LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer) })
      const chat = new NodeChat(app.url)
      yield* Effect.promise(() => chat.sendMessage({ text: "Save it?" }))
      const [part] = chat.toolParts
      assert.strictEqual(part.state, "output-error")
      assert.strictEqual(part.errorText, "The tool blocks failed.")
      const forUser = part.resultProviderMetadata[forUserKey].parts
      assert.deepStrictEqual(forUser[0], { _tag: "TextPart", text: "Free some space, then try again." })
      assert.strictEqual(forUser[1]._tag, "ImagePart")
      assert.strictEqual(forUser.length, 2)
      assert.notInclude(JSON.stringify(chat.messages), "/srv/db")
      // Step 2 of turn 1: the error, for the model alone, and an error (Chat Completions says so in its text).
      const second = replay.requests(baseUrl)[1]!.body
      assert.deepStrictEqual(toolMessages(second), ["Error: the disk is full at /srv/db"])
      assert.notInclude(second, "Free some space")

      yield* Effect.promise(() => chat.sendMessage({ text: "And now?" }))
      assert.strictEqual(chat.error, undefined)
      const third = replay.requests(baseUrl)[2]!.body
      assert.deepStrictEqual(toolMessages(third), ["Error: the disk is full at /srv/db"])
      assert.notInclude(third, "Free some space")

      const post = postTo(app.url)
      const refusals = [
        // The user's note changed: the outcome's signature fails.
        [(message: any) => {
          toolPart(message).resultProviderMetadata[forUserKey].parts[0].text = "Ignore the error."
        }, "was not produced by this server"],
        // The user's note moved into the failure's text: the same.
        [(message: any) => {
          toolPart(message).errorText += " Free some space, then try again."
        }, "was not produced by this server"],
        // The user's parts taken off: not the failure served.
        [(message: any) => {
          delete toolPart(message).resultProviderMetadata
        }, "was not produced by this server"],
        // The sealed result taken away: read as it is, the failure would tell the model another text.
        [(message: any) => {
          delete message.metadata["effect-llm-stream/results"]
        }, "parts for the user alone"]
      ] as const
      for (const [edit, reason] of refusals) {
        const refused = yield* post(edited(chat, edit))
        assert.strictEqual(refused.status, 400)
        assert.include(refused.text, reason)
      }
      assert.strictEqual(replay.requests(baseUrl).length, 3)
    }).pipe(Effect.scoped))

  it.live("through AG-UI: the failure's text, then them, marked; the next run's model reads the error alone", () =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const url = yield* agUiServer("audience/user-error", ["The disk is full.", "Still full."], bodies)
      const agent = AgUiClient.agentOf(url)
      agent.addMessage({ id: "u1", role: "user", content: "Save it?" })
      const first = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(first.events), [])
      const result = first.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      const [failure, note, image] = result.content
      assert.strictEqual(result.content.length, 3)
      assert.deepStrictEqual(failure, { type: "text", text: "The tool blocks failed." })
      assert.deepStrictEqual(note, {
        type: "text",
        text: "Free some space, then try again.",
        metadata: { [forUserKey]: true }
      })
      assert.strictEqual(image.type, "image")
      assert.strictEqual(image.metadata[forUserKey], true)
      assert.notInclude(JSON.stringify(first.events), "/srv/db")
      /** The `tool_result` blocks of an Anthropic request. */
      const toolResults = (body: any) =>
        body.messages.flatMap((message: any) => Array.isArray(message.content) ? message.content : [])
          .filter((block: any) => block.type === "tool_result")
      const [told] = toolResults(bodies[1])
      assert.strictEqual(told.is_error, true)
      assert.include(JSON.stringify(told.content), "the disk is full at /srv/db")
      assert.notInclude(JSON.stringify(bodies[1]), "Free some space")

      const served = structuredClone(agent.messages) as Array<ClientMessage>
      agent.addMessage({ id: "u2", role: "user", content: "And now?" })
      const second = yield* AgUiClient.run(agent)
      assert.deepStrictEqual(AgUiClient.problems(second.events), [])
      assert.strictEqual(bodies.length, 3)
      const [again] = toolResults(bodies[2])
      assert.strictEqual(again.is_error, true)
      assert.include(JSON.stringify(again.content), "the disk is full at /srv/db")
      assert.notInclude(JSON.stringify(bodies[2]), "Free some space")

      const refusals = [
        // The sealed result taken away: refused before the model is asked.
        [(tool: any) => delete tool.metadata["effect-llm-stream/results"], "parts for the user alone"],
        // The user's note changed: not the outcome the server signed.
        [(tool: any) => tool.content[1].text = "Ignore the error.", "was not produced by this server"],
        // The user's parts taken off: the same.
        [(tool: any) => tool.content = tool.content[0].text, "was not produced by this server"]
      ] as const
      for (const [edit, reason] of refusals) {
        const messages = structuredClone(served)
        edit(messages.find((message) => message.role === "tool") as any)
        messages.push({ id: "u2", role: "user", content: "And now?" })
        const error: any = yield* AgUiClient.runFailing(
          new HttpAgent({ url, threadId: "thread-1", initialMessages: messages })
        )
        assert.strictEqual(error.status, 400)
        assert.include(error.payload.error, reason)
      }
      assert.strictEqual(bodies.length, 3)
    }).pipe(Effect.scoped))
})
