/**
 * What a request for input's answer is, on the UI message stream, is what the server signed its id for, never what the
 * browser's part says: an MCP tool's form (official SDK 2.x, `support/mcp/ModernServer.mjs`: `deploy` asks
 * `confirm`) through `ChatEndpoint`, its part sent back approved with its descriptor taken out and no values (an
 * approval's answer to a form's question). A 400 in one sentence, the tool server not called; the form is still open,
 * and the `ai` client's answer with the form's values is then taken.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

let http: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  http = await ModernServer.startHttp()
})

afterAll(async () => {
  await http.close()
})

const deployCalls = () => http.requests.filter((request) => request.body?.params?.name === "deploy").length

/** The part of the answer (the last message) waiting for an answer. */
const waiting = (chat: EndpointApp.EndpointClient) =>
  chat.messages.at(-1)!.parts.find((part: any) => part.state === "approval-requested") as any

describe("a form's part answered as an approval, on the UI message stream", () => {
  it.live("its descriptor taken out, approved without values: a 400, the form left open and then answered", () =>
    Effect.gen(function*() {
      const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
      const served = yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools, log: false }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(
            [{ toolCalls: [{ name: "deploy", arguments: { env: "blue" } }] }, { text: "Deployed." }],
            "openai",
            []
          ))
        )
      )
      const chat = new EndpointApp.EndpointClient(served, `form-fit-${Math.random().toString(36).slice(2)}`)
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
      const approval = waiting(chat)
      yield* Effect.promise(() =>
        chat.settle(() => chat.addToolApprovalResponse({ id: approval.approval.id, approved: true }))
      )
      const form = waiting(chat)
      assert.strictEqual(form.approval.descriptor.elicitation.message, "Deploy to blue?")
      const before = deployCalls()
      const messages = structuredClone(chat.messages) as Array<any>
      const part = messages.at(-1).parts.find((candidate: any) => candidate.toolCallId === form.toolCallId)
      part.state = "approval-responded"
      part.approval = { id: form.approval.id, approved: true }
      const refused = yield* EndpointApp.postChat(chat, {
        id: chat.id,
        messages,
        trigger: "submit-message",
        messageId: messages.at(-1).id
      })
      assert.strictEqual(refused.status, 400)
      // The sentence as the `ai` client reads it (`error.message`: the body's text).
      assert.strictEqual(refused.text, "This question asks for the form's values, which this answer does not give.")
      assert.strictEqual(deployCalls(), before, "the tool server not called")
      // Still open: the client's answer with the form's values is taken, and the tool runs.
      yield* Effect.promise(() =>
        chat.settle(() =>
          chat.addToolApprovalResponse({
            id: form.approval.id,
            approved: true,
            reason: JSON.stringify({ confirm: true })
          })
        )
      )
      assert.isUndefined(chat.error)
      assert.strictEqual(deployCalls(), before + 1)
      assert.deepStrictEqual(chat.toolParts.map((toolPart) => [toolPart.state, toolPart.output]), [[
        "output-available",
        "deployed to blue"
      ]])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
