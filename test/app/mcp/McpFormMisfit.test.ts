/**
 * An MCP tool's form (official SDK 2.x, `support/mcp/ModernServer.mjs`: `deploy` asks `confirm`, a boolean) answered
 * with a value of the wrong type, or without a field it requires, through the `ai` package's chat client
 * (`EndpointClient`) against `ChatEndpoint`: refused where the server reads the answer, checked against the
 * form the server asked with (since 0.7.0; before, the tool refused it and the form was used up); the person reads,
 * in one sentence, that the answer does not match what the form asks, naming the field; nothing is run and the model
 * is not asked again; the form asked again on the client's own state (since 0.7.0: `ChatEndpoint` answers with a stream
 * that asks it again), answered anew as it asks, the tool runs.
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
 * `content`. The chat, the bodies the model was sent, how many calls of `deploy` the answer made, and `again`: the
 * person answering anew the form the server asked again (the part as it was asked, before the answer).
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
            { text: "Deployed." }
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
    const asked = structuredClone(form)
    const answer = (values: unknown) =>
      Effect.promise(() =>
        chat.settle(() =>
          chat.addToolApprovalResponse({ id: form.approval.id, approved: true, reason: JSON.stringify(values) })
        )
      )
    yield* answer(content)
    const again = (values: unknown) =>
      Effect.andThen(Effect.sync(() => assert.deepStrictEqual(waiting(chat), [asked])), answer(values))
    return { chat, bodies, calls: () => deployCalls().length - before, again }
  })

describe("an MCP form answered with what it does not take", () => {
  it.live("the wrong type: refused naming the field, nothing run; the form asked again, answered anew it runs", () =>
    Effect.gen(function*() {
      // `confirm` is a boolean: a string is refused where the server reads the answer, against the form it asked.
      const { again, bodies, calls, chat } = yield* answered({ confirm: "yes" })
      assert.strictEqual(chat.error?.message, "Your answer does not match what the form asks for in \"confirm\".")
      assert.strictEqual(calls(), 0, "the tool was not called with the answer")
      assert.strictEqual(bodies.length, 1, "the model not asked again")
      yield* again({ confirm: true })
      assert.isUndefined(chat.error)
      assert.strictEqual(calls(), 1)
      assert.deepStrictEqual(chat.toolParts.map((part) => [part.state, part.output]), [[
        "output-available",
        "deployed to blue"
      ]])
      assert.include(chat.text, "Deployed.")
      const told = bodies.at(-1).messages.find((message: any) => message.role === "tool")
      assert.strictEqual(told.content, "deployed to blue")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a required field left out: the person is told which; answered anew, it runs", () =>
    Effect.gen(function*() {
      const { again, calls, chat } = yield* answered({})
      assert.strictEqual(calls(), 0)
      assert.strictEqual(chat.error?.message, "Your answer does not match what the form asks for in \"confirm\".")
      yield* again({ confirm: false })
      assert.isUndefined(chat.error)
      assert.strictEqual(calls(), 1)
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
