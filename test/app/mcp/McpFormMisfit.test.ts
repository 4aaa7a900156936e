/**
 * An MCP tool's form (official SDK 2.x, `support/mcp/ModernServer.mjs`: `deploy` asks `confirm`, a boolean) answered
 * with a value of the wrong type, through the `ai` package's chat client (`EndpointClient`) against `ChatEndpoint`:
 * the tool is not called with it; the person reads, in one sentence, that the answer does not match what the form
 * asks, naming the field; the model reads what does not fit.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, Mcp, UIMessageStream } from "effect-llm-stream"
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

const deployCalls = () => http.requests.filter((request) => request.body?.params?.name === "deploy")

/** The parts of the answer (the last message) waiting for an answer. */
const waiting = (chat: EndpointApp.EndpointClient) =>
  chat.messages.at(-1)!.parts.filter((part: any) => part.state === "approval-requested") as Array<any>

/**
 * `ChatEndpoint` with the server's tools: the `ai` client asks to deploy, approves, and answers the form with
 * `content`. The chat, the bodies the model was sent, and how many calls of `deploy` the answer made.
 */
const answered = (content: unknown) =>
  Effect.gen(function*() {
    const bodies: Array<any> = []
    const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
    const served = yield* EndpointApp.viaWebHandler(
      ChatEndpoint.layer({ tools, log: false }).pipe(
        Layer.provide(EndpointApp.scriptedOnWire(
          [
            { toolCalls: [{ name: "deploy", arguments: { env: "blue" } }] },
            { text: "It was not deployed." }
          ],
          "openai",
          bodies
        ))
      )
    )
    const chat = new EndpointApp.EndpointClient(served, `misfit-${Math.random().toString(36).slice(2)}`)
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
    // Approved first (`needsApproval: "auto"`), then the form.
    const [approval] = waiting(chat)
    yield* Effect.promise(() =>
      chat.settle(() => chat.addToolApprovalResponse({ id: approval.approval.id, approved: true }))
    )
    const [form] = waiting(chat)
    assert.strictEqual(form.approval.descriptor.elicitation.message, "Deploy to blue?")
    const before = deployCalls().length
    yield* Effect.promise(() =>
      chat.settle(() =>
        chat.addToolApprovalResponse({ id: form.approval.id, approved: true, reason: JSON.stringify(content) })
      )
    )
    return { chat, bodies, calls: deployCalls().length - before }
  })

describe("an MCP form answered with what it does not take", () => {
  it.live("the wrong type: the person is told the answer does not match the field; the model reads why", () =>
    Effect.gen(function*() {
      // `confirm` is a boolean: a string is refused before the tool is called with it.
      const { bodies, calls, chat } = yield* answered({ confirm: "yes" })
      assert.isUndefined(chat.error)
      assert.strictEqual(calls, 0, "the tool was not called with the answer")
      assert.deepStrictEqual(chat.toolParts.map((part) => [part.state, part.errorText]), [[
        "output-error",
        "Your answer does not match what the form asks for in \"confirm\"."
      ]])
      assert.include(chat.text, "It was not deployed.")
      const told = bodies.at(-1).messages.find((message: any) => message.role === "tool")
      assert.strictEqual(
        told.content,
        "Error: not run: the user's answer does not fit the tool's form (/confirm: expected boolean, got string)."
      )
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a required field left out: the person is told which", () =>
    Effect.gen(function*() {
      const { calls, chat } = yield* answered({})
      assert.strictEqual(calls, 0)
      assert.strictEqual(
        chat.toolParts[0].errorText,
        "Your answer does not match what the form asks for in \"confirm\"."
      )
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it("the redactor's sentence: no field when none is wrong alone; a label's control characters taken out", () => {
    const told = (field: string | undefined) =>
      UIMessageStream.redact(
        new UIMessageStream.ToolFailure({
          toolName: "deploy",
          toolCallId: "c1",
          providerExecuted: false,
          // As a durable run's journal gives it back: plain JSON.
          error: { _tag: "AnswerMisfit", text: "not run: over 65536 characters of JSON", field }
        })
      )
    assert.strictEqual(told(undefined), "Your answer does not match what the form asks for.")
    assert.strictEqual(
      told("Deploy\u001b[31m now"),
      "Your answer does not match what the form asks for in \"Deploy now\"."
    )
  })
})
