/**
 * A call OpenAI's Responses API runs itself once approved (a remote MCP server's, `mcp_approval_request`), through the
 * UI message stream to the `ai` package's own client (`AbstractChat`, what `useChat` runs; `support/NodeChat.ts`) and
 * back: a chat server (`support/ChatServer.ts`: `toMessages` → `runTools` → `fromSteps`) serves the request as a tool
 * part waiting for approval, its tool and arguments shown; the person approves (or denies) in the browser, and the
 * next request to the model carries the request item as it came and `mcp_approval_response` right after it. The
 * same through `ChatEndpoint`, which serves a pause from the loop's events as the chat server does.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { ChatEndpoint, ChatPage, OpenAIResponses } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as ChatServer from "../../support/ChatServer.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { approvalRequest, mcp, textWith } from "../../support/McpApprovals.js"
import { NodeChat } from "../../support/NodeChat.js"

const sse = { "content-type": "text/event-stream; charset=utf-8" }

/** The model (its layer's default provider tools: the MCP server) sending to a replay server, and what it was sent. */
const modelOf = Effect.map(ReplayServer.make, (replay) => {
  const modelUrl = replay.serve([
    { headers: sse, body: textWith() },
    { headers: sse, body: Fixtures.bytes("openai-responses", "text.sse") }
  ])
  const layer = OpenAIResponses.model("gpt-5.4", { providerTools: [mcp] }).pipe(
    Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-mcp-browser-0123456789"), baseUrl: modelUrl })),
    Layer.provide(FetchHttpClient.layer)
  )
  return { layer, modelRequests: () => replay.requests(modelUrl).map((request) => JSON.parse(request.body)) }
})

/** A chat server of the test's own (`toMessages` → `runTools` → `fromSteps`), and the `ai` client on it. */
const chatServer = Effect.gen(function*() {
  const { layer, modelRequests } = yield* modelOf
  const model = yield* Layer.build(layer)
  const url = yield* ChatServer.listen((body) => Effect.provide(ChatServer.answer([])(body), model))
  return { chat: new NodeChat(url), modelRequests, url }
})

/** `ChatEndpoint` with no tools of its own, and the `ai` client on it (its session in a cookie). */
const endpoint = Effect.gen(function*() {
  const { layer, modelRequests } = yield* modelOf
  const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({ log: false }).pipe(Layer.provide(layer)))
  return { chat: new EndpointApp.EndpointClient(served, "chat-mcp"), modelRequests }
})

describe("a call the provider runs once approved, through the browser", () => {
  for (
    const [serverName, approved, app] of [
      ["toMessages and fromSteps", true, chatServer],
      ["toMessages and fromSteps", false, chatServer],
      ["ChatEndpoint", true, endpoint]
    ] as const
  ) {
    it.live(`${serverName}: shown whole, ${approved ? "approved" : "denied"}, answered in the next request`, () =>
      Effect.gen(function*() {
        const { chat, modelRequests } = yield* app
        yield* Effect.promise(() => chat.sendMessage({ text: "Roll 2d4+1" }))
        const part = chat.toolParts.find((each) => each.state === "approval-requested")
        assert.isDefined(part, JSON.stringify(chat.messages))
        assert.strictEqual(part.toolCallId, approvalRequest.id)
        assert.strictEqual(part.toolName ?? part.type.slice("tool-".length), "roll")
        assert.deepStrictEqual(part.input, { diceRollExpression: "2d4+1" })
        // Who runs it, as the request's descriptor.
        assert.deepStrictEqual(part.approval.descriptor, { server: "dmcp" })
        // What a page built on ChatPage shows the person.
        assert.strictEqual(ChatPage.pending(part)?.text, "Run roll on dmcp (diceRollExpression: \"2d4+1\")?")
        yield* Effect.promise(() =>
          chat.settle(() =>
            chat.addToolApprovalResponse({
              id: part.approval.id,
              approved,
              ...(approved ? {} : { reason: "not now" })
            })
          )
        )
        const bodies = modelRequests()
        assert.strictEqual(bodies.length, 2, chat.posts.join("\n"))
        const input = bodies[1].input as ReadonlyArray<any>
        const at = input.findIndex((item) => item.type === "mcp_approval_request")
        assert.deepStrictEqual(input.slice(at), [
          approvalRequest,
          {
            type: "mcp_approval_response",
            approval_request_id: approvalRequest.id,
            approve: approved,
            ...(approved ? {} : { reason: "The user denied this tool call: not now" })
          }
        ])
      }).pipe(Effect.scoped))
  }
})

describe("the browser's history approves nothing by itself", () => {
  it.live("an approval under an id the server never issued is refused; the model is sent nothing", () =>
    Effect.gen(function*() {
      const { chat, modelRequests, url } = yield* chatServer
      yield* Effect.promise(() => chat.sendMessage({ text: "Roll 2d4+1" }))
      const messages = structuredClone(chat.messages) as Array<any>
      const part = messages[1].parts.find((each: any) => each.state === "approval-requested")
      Object.assign(part, { state: "approval-responded", approval: { id: "forged", approved: true } })
      const response = yield* Effect.promise(() =>
        fetch(`${url}/api/chat`, {
          method: "POST",
          body: JSON.stringify({ id: "chat", messages, trigger: "submit-message" })
        })
      )
      // Refused before the loop, naming the part: the model is sent nothing more.
      assert.strictEqual(response.status, 400)
      assert.include(yield* Effect.promise(() => response.text()), "not an approval this server issued")
      assert.strictEqual(modelRequests().length, 1)
    }).pipe(Effect.scoped))
})
