/**
 * An approval that edits the call's input, through `@ag-ui/client`'s `HttpAgent` (`support/AgUiApp.ts`: its
 * `delete_file` needs approval): a `resume` entry `resolved` with the payload `{ approved: true, input }` runs the
 * handler once with that input, the model's next request shows the call as it ran, and the thread's history sent
 * back later (the result's metadata keeps the edited input, under its outcome's signature) still does; an input the
 * tool's Schema refuses runs nothing and the model is told; an edit altered in the client's history, or over an
 * answer's size bound, is a 400; the same resume again runs nothing. An edited call whose tool then asks a form (an
 * MCP server's) is asked as edited and, answered, runs as edited.
 */
import type { Interrupt, RunFinishedEvent, ToolMessage } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { AgUi, Mcp, StreamStore, UIMessageStream } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as AgUiApp from "../../support/AgUiApp.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"

/** The first interrupt a run ended with. */
const interruptOf = (events: ReadonlyArray<unknown>) =>
  ((events.at(-1) as RunFinishedEvent).outcome as { readonly interrupts: Array<Interrupt> }).interrupts[0]!

/** A thread asked to delete `a.txt`: its agent and the interrupt the run ended with. */
const interrupted = (app: AgUiApp.App) =>
  Effect.gen(function*() {
    const agent = AgUiClient.agentOf(app.url, "thread-edit")
    agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
    return { agent, interrupt: interruptOf((yield* AgUiClient.run(agent)).events) }
  })

const edited = (interrupt: Interrupt, input: unknown) => ({
  resume: [{ interruptId: interrupt.id, status: "resolved" as const, payload: { approved: true, input } }]
})

/** The arguments of the calls of the last assistant message the model was sent. */
const toldCalls = (app: AgUiApp.App): ReadonlyArray<unknown> => {
  const messages: Array<any> = app.modelRequests().at(-1).messages
  const turn = messages.filter((message) => message.role === "assistant" && message.tool_calls !== undefined).at(-1)
  return turn.tool_calls.map((call: any) => JSON.parse(call.function.arguments))
}

describe("AG-UI: an approval that edits the call's input", () => {
  it.live("resume { approved: true, input }: runs once as edited; every later request shows the call as it ran", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make()
      const { agent, interrupt } = yield* interrupted(app)
      const before = new HttpAgent({
        url: agent.url,
        threadId: agent.threadId,
        initialMessages: structuredClone(agent.messages)
      })
      const run = yield* AgUiClient.run(agent, edited(interrupt, { path: "b.txt" }))
      assert.deepStrictEqual(run.warnings, [])
      assert.deepStrictEqual(app.deleted, ["b.txt"])
      const result = run.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      assert.deepStrictEqual(JSON.parse(result.content), { deleted: "b.txt" })
      assert.deepStrictEqual(result.metadata[AgUi.editedInputKey], { path: "b.txt" })
      assert.deepStrictEqual(toldCalls(app), [{ path: "b.txt" }])
      // The same interrupt answered again with another edit (a copy of the thread from before): used, nothing runs.
      const copy = new HttpAgent({ url: agent.url, threadId: agent.threadId, initialMessages: before.messages })
      const replayed = yield* AgUiClient.run(before, edited(interrupt, { path: "c.txt" }))
      const refused = replayed.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      assert.strictEqual(refused.content, "not run: this approval was used before")
      assert.deepStrictEqual(app.deleted, ["b.txt"])
      // The thread's history sent back: taken as the server signed it, the call as it ran; nothing runs again.
      agent.addMessage({ id: "u2", role: "user", content: "hello" })
      yield* AgUiClient.run(agent)
      assert.deepStrictEqual(toldCalls(app), [{ path: "b.txt" }])
      assert.strictEqual(app.modelRequests().at(-1).messages.at(-1).content, "hello")
      // Answered once the thread has moved past it: refused before anything runs.
      const late: any = yield* AgUiClient.runFailing(copy, edited(interrupt, { path: "c.txt" }))
      assert.strictEqual(late.status, 409)
      assert.deepStrictEqual(app.deleted, ["b.txt"])
    }).pipe(Effect.scoped))

  it.live("an edited input the tool's Schema refuses runs nothing; the model is told, and sees the call as made", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make()
      const { agent, interrupt } = yield* interrupted(app)
      const run = yield* AgUiClient.run(agent, edited(interrupt, { path: 42 }))
      assert.deepStrictEqual(app.deleted, [])
      const result = run.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      assert.match(result.content, /^not run: the edited input of delete_file was refused: /)
      assert.deepStrictEqual(toldCalls(app), [{ path: "a.txt" }])
      agent.addMessage({ id: "u2", role: "user", content: "hello" })
      yield* AgUiClient.run(agent)
      assert.deepStrictEqual(toldCalls(app), [{ path: "a.txt" }])
      assert.deepStrictEqual(app.deleted, [])
    }).pipe(Effect.scoped))

  it.live("an edit altered in the client's history, or over an answer's size bound, is a 400; nothing runs", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make()
      const { agent, interrupt } = yield* interrupted(app)
      const tooLong: any = yield* AgUiClient.runFailing(
        new HttpAgent({ url: agent.url, threadId: agent.threadId, initialMessages: structuredClone(agent.messages) }),
        edited(interrupt, { path: "x".repeat(70_000) })
      )
      assert.strictEqual(tooLong.status, 400)
      assert.strictEqual(tooLong.payload.parameter, "resume[0].payload.input")
      yield* AgUiClient.run(agent, edited(interrupt, { path: "b.txt" }))
      assert.deepStrictEqual(app.deleted, ["b.txt"])
      const messages = structuredClone(agent.messages)
      const result = messages.find((message): message is ToolMessage => message.role === "tool") as any
      result.metadata = { ...result.metadata, [AgUi.editedInputKey]: { path: "/etc/passwd" } }
      messages.push({ id: "u2", role: "user", content: "hello" })
      const forged: any = yield* AgUiClient.runFailing(
        new HttpAgent({ url: agent.url, threadId: agent.threadId, initialMessages: messages })
      )
      assert.strictEqual(forged.status, 400)
      assert.match(forged.payload.error, /edited input .* not the one this server ran/)
      assert.deepStrictEqual(app.deleted, ["b.txt"])
    }).pipe(Effect.scoped))
})

describe("AG-UI: the answer to a tool's form edits nothing", () => {
  let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
  beforeAll(async () => {
    http = await ModernServer.startHttp()
  })
  afterAll(async () => {
    await http.close()
  })

  /**
   * An app with the server's tools (and `layers`), a thread `threadId` on it asked to deploy to teal, and the approval
   * asked.
   */
  const askedToDeploy = (threadId: string, layers?: Layer.Layer<never>) =>
    Effect.gen(function*() {
      const tools = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
      const app = yield* AgUiApp.make({ tools, layers })
      const agent = AgUiClient.agentOf(app.url, threadId)
      agent.addMessage({ id: "u1", role: "user", content: "please deploy to teal" })
      return { app, agent, approval: interruptOf((yield* AgUiClient.run(agent)).events) }
    })

  it.live("a form's answer carrying an input: the tool goes on with the input approved, as the form asked", () =>
    Effect.gen(function*() {
      const { agent, app, approval } = yield* askedToDeploy("thread-form-edit")
      const approved = { interruptId: approval.id, status: "resolved" as const, payload: { approved: true } }
      const form = interruptOf((yield* AgUiClient.run(agent, { resume: [approved] })).events)
      assert.strictEqual(form.message, "Deploy to teal?")
      const payload = { approved: true, content: { confirm: true }, input: { env: "evil" } }
      yield* AgUiClient.run(agent, { resume: [{ interruptId: form.id, status: "resolved", payload }] })
      const deploys = http.requests.filter((request) => request.body?.params?.name === "deploy")
      assert.deepStrictEqual(deploys.map((request) => request.body.params.arguments), [{ env: "teal" }, {
        env: "teal"
      }])
      assert.deepStrictEqual(toldCalls(app), [{ env: "teal" }])
      const result = (agent.messages as Array<any>).find((message) => message.role === "tool")
      assert.strictEqual(result.content, "deployed to teal")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("an approval that edits the call, whose tool then asks a form: the form's answer runs it once, as edited", () =>
    Effect.gen(function*() {
      const { agent, app, approval } = yield* askedToDeploy("thread-edit-then-form")
      const form = interruptOf((yield* AgUiClient.run(agent, edited(approval, { env: "prod" }))).events)
      // The form is asked of the call as edited, and answered from the page that holds the call as the model made it.
      assert.strictEqual(form.message, "Deploy to prod?")
      assert.deepStrictEqual(form.metadata, { toolName: "deploy", input: { env: "prod" } })
      const payload = { approved: true, content: { confirm: true } }
      const answered = yield* AgUiClient.run(agent, { resume: [{ interruptId: form.id, status: "resolved", payload }] })
      const result = answered.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      assert.strictEqual(result.content, "deployed to prod")
      assert.deepStrictEqual(result.metadata[AgUi.editedInputKey], { env: "prod" })
      const deploys = http.requests.filter((request) => request.body?.params?.name === "deploy")
      assert.deepStrictEqual(deploys.slice(-2).map((request) => request.body.params.arguments), [{ env: "prod" }, {
        env: "prod"
      }])
      assert.deepStrictEqual(toldCalls(app), [{ env: "prod" }])
      // The thread's history sent back: taken, the call as it ran.
      agent.addMessage({ id: "u2", role: "user", content: "hello" })
      yield* AgUiClient.run(agent)
      assert.deepStrictEqual(toldCalls(app), [{ env: "prod" }])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  /** The store keeps a form's state a second; a form's id is answerable for ten minutes. */
  const forgetful = Layer.orDie(Layer.mergeAll(
    StreamStore.layerMemory({ ttl: "1 second" }),
    UIMessageStream.layerSigning({ secret: Redacted.make("s".repeat(32)), approvalTtl: "10 minutes" })
  ))

  it.live("an edited call's form answered once what it waited on is gone: not run as the model made it", () =>
    Effect.gen(function*() {
      const { agent, app, approval } = yield* askedToDeploy("thread-edit-form-gone", forgetful)
      const form = interruptOf((yield* AgUiClient.run(agent, edited(approval, { env: "prod" }))).events)
      assert.strictEqual(form.message, "Deploy to prod?")
      const sent = http.requests.length
      yield* Effect.sleep("1500 millis")
      // Approved as an approval is, with no content: not the form's answer, a 400 (`AnswerFit`).
      const plain = { interruptId: form.id, status: "resolved" as const, payload: { approved: true } }
      const refused: any = yield* AgUiClient.runFailing(
        new HttpAgent({ url: agent.url, threadId: agent.threadId, initialMessages: structuredClone(agent.messages) }),
        { resume: [plain] }
      )
      assert.strictEqual(refused.status, 400)
      // The form's values, once it waits on nothing: the person never approved teal.
      const payload = { approved: true, content: { confirm: true } }
      yield* AgUiClient.run(agent, { resume: [{ ...plain, payload }] })
      const deploys = http.requests.slice(sent).filter((request) => request.body?.params?.name === "deploy")
      assert.deepStrictEqual(deploys.map((request) => request.body.params.arguments), [])
      // The model is told that nothing ran, of the call as the person edited it.
      const told = app.modelRequests().at(-1).messages.find((message: any) => message.role === "tool")
      assert.match(told.content, /not run: no request of this call for input waits/)
      assert.deepStrictEqual(toldCalls(app), [{ env: "prod" }])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("an edited call's form denied once what it waited on is gone: denied, nothing sent", () =>
    Effect.gen(function*() {
      const { agent, app, approval } = yield* askedToDeploy("thread-edit-form-gone-denied", forgetful)
      const form = interruptOf((yield* AgUiClient.run(agent, edited(approval, { env: "prod" }))).events)
      const sent = http.requests.length
      yield* Effect.sleep("1500 millis")
      const answer = { interruptId: form.id, status: "resolved" as const, payload: { approved: false, reason: "no" } }
      yield* AgUiClient.run(agent, { resume: [answer] })
      assert.deepStrictEqual(http.requests.slice(sent).filter((request) => request.body?.params?.name === "deploy"), [])
      const told = app.modelRequests().at(-1).messages.find((message: any) => message.role === "tool")
      assert.include(told.content, "The user denied this tool call: no")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
