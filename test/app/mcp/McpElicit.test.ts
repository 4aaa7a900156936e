/**
 * A tool server's input requests (SEP-2322) through the approval channel, `Mcp.tools({ elicitation: "approval" })`,
 * against a server built with the official SDK 2.x (`support/mcp/ModernServer.mjs`, its `deploy` tool asks to
 * confirm in a form), through `runTools` with the approval checks a served loop has (OpenAI Chat Completions
 * scripted on the replay server): the form asked as an `ApprovalRequestEvent` with `elicitation`, the loop ending
 * with reason `approval`; the answer accepted, declined or cancelled goes back as `inputResponses` with the
 * `requestState` echoed and a new JSON-RPC id; content that does not fit the form, a forged and a replayed answer
 * refused; a call sent again unanswered asks again (the server called again: what waited is kept under the approval's
 * id, which the conversation does not carry), then answered; asked by one instance, answered by another sharing the
 * `StreamStore` and the signing key (its own connection to the server).
 */
import { HttpAgent } from "@ag-ui/client"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope, Stream } from "effect"
import { AgUi, ChatEndpoint, LanguageModel, Mcp, Message, StreamStore, UIMessageStream } from "effect-llm-stream"
import { ReplayServer, type TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as AgUiApp from "../../support/AgUiApp.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as ChatServer from "../../support/ChatServer.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as LoopEvents from "../../support/LoopEvents.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import * as Stores from "../../support/Stores.js"
import { readResponse } from "../../support/UIClient.js"

const client = FetchHttpClient.layer
const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
let tools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  http = await ModernServer.startHttp()
  tools = await Effect.runPromise(
    Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval", needsApproval: false }).pipe(
      Scope.provide(scope),
      Effect.provide(client)
    )
  )
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

/** Runs a checked loop (as served; `checked: false`, the program's own) whose model answers `scenario`: its events. */
const run = (
  scenario: ReplayServer.ScenarioInput,
  messages: ReadonlyArray<Message.Message | Message.ToolApproval>,
  checked = true
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const loop = LanguageModel.runTools({ messages, tools })
    const steps = checked ? UIMessageStream.withApprovalChecks(loop) : loop
    return Array.from(yield* Stream.runCollect(steps).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, client))))
  })

const { asks, done, result, text } = LoopEvents

/** The model calls `deploy` (call `id`): the loop asks the form and ends waiting. */
const asked = (id: string, env: string) =>
  Effect.gen(function*() {
    const calls = [{ id, name: "deploy", arguments: JSON.stringify({ env }) }]
    const events = yield* run(LoopWire.scripted("openai", { calls }), [Message.user("Deploy")])
    return { events, ask: asks(events)[0]!, messages: done(events).messages }
  })

/** Answers the call with `answer`; the model then says it is done. */
const answer = (messages: ReadonlyArray<Message.Message>, approval: Message.ToolApproval) =>
  run(LoopWire.scripted("openai", { texts: ["Done."] }), [...messages, approval])

const deployCalls = () => http.requests.filter((request) => request.body?.params?.name === "deploy")

describe("Mcp.tools: input requests through approvals", () => {
  it.live("asked as an approval request; accepted, the call made again with the answer and the state", () =>
    Effect.gen(function*() {
      const first = yield* asked("e1", "prod")
      assert.strictEqual(done(first.events).reason, "approval")
      assert.deepStrictEqual(first.ask.elicitation, {
        message: "Deploy to prod?",
        requestedSchema: {
          type: "object",
          properties: { confirm: { type: "boolean", description: "Deploy now?" } },
          required: ["confirm"]
        }
      })
      assert.isString(first.ask.approvalId)
      assert.isFalse(first.events.some((event) => event._tag === "ToolResultEvent"))
      const before = deployCalls().length
      const { approvalId } = first.ask
      const events = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "e1", approved: true, content: { confirm: true }, approvalId })
      )
      assert.include(text(events), "deployed to prod")
      assert.strictEqual(done(events).reason, "stop")
      const [again] = deployCalls().slice(before)
      assert.deepStrictEqual(again!.body.params.inputResponses, {
        confirm: { action: "accept", content: { confirm: true } }
      })
      assert.strictEqual(again!.body.params.requestState, "deploy:prod")
      assert.notStrictEqual(again!.body.id, deployCalls()[before - 1]!.body.id)
      assert.deepStrictEqual(
        again!.body.params._meta["io.modelcontextprotocol/clientCapabilities"].elicitation,
        { form: {}, url: {} }
      )
    }))

  it.live("declined and cancelled: the server is told which", () =>
    Effect.gen(function*() {
      const declined = yield* asked("e2", "staging")
      const no = yield* answer(
        declined.messages,
        Message.toolApproval({ toolCallId: "e2", approved: false, approvalId: declined.ask.approvalId })
      )
      assert.include(text(no), "not deployed: decline")
      const cancelled = yield* asked("e3", "staging")
      const stop = yield* answer(
        cancelled.messages,
        Message.toolApproval({
          toolCallId: "e3",
          approved: false,
          action: "cancel",
          approvalId: cancelled.ask.approvalId
        })
      )
      assert.include(text(stop), "not deployed: cancel")
    }))

  it.live("content that does not fit the form, a forged and a replayed answer: refused, the server not called", () =>
    Effect.gen(function*() {
      const first = yield* asked("e4", "prod")
      const { approvalId } = first.ask
      const before = deployCalls().length
      const forged = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "e4", approved: true, content: { confirm: true }, approvalId: "a1.0.0.x" })
      )
      assert.strictEqual((result(forged).result as LanguageModel.ApprovalRefused).reason, "unverified")
      const misfit = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "e4", approved: true, content: { confirm: "yes" }, approvalId })
      )
      assert.include(text(misfit), "does not fit the tool's form")
      assert.strictEqual(deployCalls().length, before)
      const replayed = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "e4", approved: true, content: { confirm: true }, approvalId })
      )
      assert.strictEqual((result(replayed).result as LanguageModel.ApprovalRefused).reason, "used")
      // The program's own answer (no id) once the call no longer waits: refused all the same.
      const late = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "e4", approved: true, content: { confirm: true } })
      )
      assert.include(text(late), "no request of this call for input waits")
      assert.strictEqual(deployCalls().length, before)
    }))

  it.live("sent again unanswered: asked again, the server called again; then answered", () =>
    Effect.gen(function*() {
      const first = yield* asked("e5", "dev")
      const before = deployCalls().length
      const unanswered = yield* run(LoopWire.scripted("openai", { texts: ["never"] }), first.messages)
      assert.strictEqual(done(unanswered).reason, "approval")
      const ask = asks(unanswered)[0]!
      assert.strictEqual(ask.elicitation?.message, "Deploy to dev?")
      assert.notStrictEqual(ask.approvalId, first.ask.approvalId)
      assert.strictEqual(deployCalls().length, before + 1)
      const events = yield* answer(
        done(unanswered).messages,
        Message.toolApproval({
          toolCallId: "e5",
          approved: true,
          content: { confirm: true },
          approvalId: ask.approvalId
        })
      )
      assert.include(text(events), "deployed to dev")
    }))
})

/** The chat's body after the user answered the part's form in the page (`addToolApprovalResponse`). */
const answered = (message: any, approved: boolean, reason: string) => ({
  id: "chat",
  trigger: "submit-message",
  messages: [
    { id: "u1", role: "user", parts: [{ type: "text", text: "Deploy" }] },
    {
      ...message,
      parts: message.parts.map((part: any) =>
        part.type === "tool-deploy"
          ? { ...part, state: "approval-responded", approval: { ...part.approval, approved, reason } }
          : part
      )
    }
  ]
})

/** The chat served as `ChatServer.answer` serves it, read by the `ai` client; the model answers `scenario`. */
const served = (scenario: ReplayServer.ScenarioInput, body: unknown) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(scenario)
    const response = yield* ChatServer.answer(tools as any)(JSON.stringify(body)).pipe(
      Effect.provide(LoopWire.modelAt("openai", baseUrl, client))
    )
    return yield* Effect.promise(() => readResponse(response))
  })

describe("Mcp.tools: input requests in a program's own loop", () => {
  it.live("no approval ids: the program's answer goes on with what its call waits on", () =>
    Effect.gen(function*() {
      const calls = [{ id: "p1", name: "deploy", arguments: JSON.stringify({ env: "ops" }) }]
      const first = yield* run(LoopWire.scripted("openai", { calls }), [Message.user("Deploy")], false)
      assert.isUndefined(asks(first)[0]!.approvalId)
      const events = yield* run(LoopWire.scripted("openai", { texts: ["Done."] }), [
        ...done(first).messages,
        Message.toolApproval({ toolCallId: "p1", approved: true, content: { confirm: true } })
      ], false)
      assert.include(text(events), "deployed to ops")
    }))
})

describe("Mcp.tools: input requests on the UI message stream", () => {
  it.live("the ai client keeps the form in the part; the form's values come back as the reason's JSON", () =>
    Effect.gen(function*() {
      const calls = [{ id: "u1", name: "deploy", arguments: JSON.stringify({ env: "qa" }) }]
      const first = yield* served(LoopWire.scripted("openai", { calls }), {
        id: "chat",
        trigger: "submit-message",
        messages: [{ id: "u1", role: "user", parts: [{ type: "text", text: "Deploy" }] }]
      })
      const part = first.message!.parts.find((part: any) => part.type === "tool-deploy") as any
      assert.strictEqual(part.state, "approval-requested")
      assert.strictEqual(part.approval.descriptor.elicitation.message, "Deploy to qa?")
      assert.deepStrictEqual(part.approval.descriptor.elicitation.requestedSchema.required, ["confirm"])
      // Not a JSON object: refused before anything runs.
      const refused = yield* ChatServer.answer(tools as any)(JSON.stringify(answered(first.message, true, "yes"))).pipe(
        Effect.provide(LoopWire.modelAt("openai", "http://127.0.0.1:9", client))
      )
      assert.strictEqual(refused.status, 400)
      const second = yield* served(
        LoopWire.scripted("openai", { texts: ["Done."] }),
        answered(first.message, true, JSON.stringify({ confirm: true }))
      )
      // The client continues the answer it kept (a fresh reader has no part for the call): the chunk says it.
      assert.deepStrictEqual(second.chunks.find((chunk) => chunk.type === "tool-output-available"), {
        type: "tool-output-available",
        toolCallId: "u1",
        output: "deployed to qa"
      })
    }))
})

/**
 * Two `ChatEndpoint` instances behind one load balancer, each with its own connection to the server (`Mcp.tools`) and
 * its own model, the store (memory shared in-process, or Redis) and the signing key shared; the `ai` client's chat is
 * asked by the first and its answer goes to the second.
 */
const acrossInstances = (stores: readonly [StreamStore.Service, StreamStore.Service]) =>
  Effect.gen(function*() {
    const second = yield* Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" })
    const instance = (instanceTools: ReadonlyArray<Mcp.McpTool>, store: StreamStore.Service, turn: TestKit.Turn) =>
      EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools: instanceTools }).pipe(
          Layer.provide(EndpointApp.scripted([turn], "openai", [])),
          Layer.provide(ApprovalApp.shared(store))
        )
      )
    const first = yield* instance(tools, stores[0], { toolCalls: [{ name: "deploy", arguments: { env: "eu-west" } }] })
    const other = yield* instance(second, stores[1], { text: "Done." })
    let served = first
    const chat = new EndpointApp.EndpointClient({
      url: "http://localhost",
      fetch: ((input: RequestInfo | URL, init?: RequestInit) => served.fetch(input, init)) as typeof fetch
    }, "chat-across")
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
    const asked = chat.toolParts[0]
    assert.strictEqual(asked.state, "approval-requested")
    assert.strictEqual(asked.approval.descriptor.elicitation.message, "Deploy to eu-west?")
    // Its state is the server's: nothing of it went to the browser.
    assert.notInclude(JSON.stringify(chat.messages), "deploy:eu-west")
    // Kept under the session's owner, sealed: read under its id without that owner (a value, or a stream to resume),
    // nothing is found.
    assert.isUndefined(yield* stores[0].get(`mcp-input.${asked.approval.id}`))
    assert.strictEqual((yield* Effect.flip(stores[0].read(`mcp-input.${asked.approval.id}`)))._tag, "StreamNotFound")
    const before = deployCalls().length
    served = other
    const reason = JSON.stringify({ confirm: true })
    yield* Effect.promise(() =>
      chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true, reason }))
    )
    assert.strictEqual(chat.toolParts[0].output, "deployed to eu-west")
    assert.include(chat.text, "Done.")
    const [again] = deployCalls().slice(before)
    assert.strictEqual(again!.body.params.requestState, "deploy:eu-west")
    assert.deepStrictEqual(again!.body.params.inputResponses, {
      confirm: { action: "accept", content: { confirm: true } }
    })
  }).pipe(Effect.scoped, Effect.provide(client))

describe("Mcp.tools: an input request answered by another instance", () => {
  it.live("the store shared in memory: the second endpoint makes the call with the answer and the state", () =>
    Effect.gen(function*() {
      const store = yield* Stores.storeOf(StreamStore.layerMemory())
      yield* acrossInstances([store, store])
    }).pipe(Effect.scoped))
})

Stores.describeRedis("Mcp.tools: an input request answered by another instance", (twoStores) => {
  it.live("two endpoints on one Redis: the second makes the call with the answer and the state", () =>
    Effect.gen(function*() {
      yield* acrossInstances(yield* twoStores("1 minute"))
    }).pipe(Effect.scoped))
})

Stores.describeDurableStreams("Mcp.tools: an input request answered by another instance", (twoStores) => {
  it.live("two endpoints on one server: the second makes the call with the answer and the state", () =>
    Effect.gen(function*() {
      yield* acrossInstances(yield* twoStores("1 minute"))
    }).pipe(Effect.scoped))
})

describe("Mcp.tools: input requests on AG-UI", () => {
  it.live("the run ends with an interrupt whose responseSchema is the form", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const calls = [{ id: "g1", name: "deploy", arguments: JSON.stringify({ env: "eu" }) }]
      const baseUrl = server.serve(LoopWire.scripted("openai", { calls }))
      const events = yield* LanguageModel.runTools({ messages: [Message.user("Deploy")], tools }).pipe(
        AgUi.fromSteps({ threadId: "t1", runId: "r1" }),
        Stream.runCollect,
        Effect.provide(LoopWire.modelAt("openai", baseUrl, client))
      )
      const finished = Array.from(events).at(-1) as any
      assert.strictEqual(finished.type, "RUN_FINISHED")
      const [interrupt] = finished.outcome.interrupts
      assert.strictEqual(interrupt.toolCallId, "g1")
      assert.strictEqual(interrupt.message, "Deploy to eu?")
      assert.deepStrictEqual(interrupt.responseSchema.properties, {
        confirm: { type: "boolean", description: "Deploy now?" }
      })
    }))
})

describe("Mcp.tools: an AG-UI resume answers the form", () => {
  /** A thread of an AG-UI app (`support/AgUiApp.ts`) asked to deploy to `env`: its agent and the run's interrupt. */
  const interrupted = (app: AgUiApp.App, env: string) =>
    Effect.gen(function*() {
      const agent = AgUiClient.agentOf(app.url, `thread-${env}`)
      agent.addMessage({ id: "u1", role: "user", content: `deploy to ${env}` })
      const run = yield* AgUiClient.run(agent)
      const interrupt = (run.events.at(-1) as any).outcome.interrupts[0]
      assert.strictEqual(interrupt.message, `Deploy to ${env}?`)
      // The call the form is for, kept by @ag-ui/client 1.0: its tool's name and its arguments.
      assert.deepStrictEqual(interrupt.metadata, { toolName: "deploy", input: { env } })
      assert.isString(interrupt.expiresAt)
      return { agent, interrupt }
    })
  const resolved = (interruptId: string, payload: unknown) => ({
    resume: [{ interruptId, status: "resolved" as const, payload }]
  })
  const resultOf = (run: AgUiClient.AgentRun) =>
    (run.events.find((event) => event.type === "TOOL_CALL_RESULT") as any)?.content

  it.live("accepted: the server gets the values as inputResponses; cancelled: told so; a misfit a 400, left open", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ tools })
      const { agent, interrupt } = yield* interrupted(app, "ap")
      const before = deployCalls().length
      const run = yield* AgUiClient.run(agent, resolved(interrupt.id, { approved: true, content: { confirm: true } }))
      assert.include(resultOf(run), "deployed to ap")
      assert.deepStrictEqual(deployCalls()[before]!.body.params.inputResponses, {
        confirm: { action: "accept", content: { confirm: true } }
      })
      const other = yield* interrupted(app, "us")
      const cancelled = yield* AgUiClient.run(
        other.agent,
        resolved(other.interrupt.id, { approved: false, action: "cancel" })
      )
      assert.include(resultOf(cancelled), "not deployed: cancel")
      // Checked against the form the server asked with where it reads the resume: values that do not fit it are a
      // 400 naming the field, the server not called; the interrupt still open, answered as it asks it runs.
      const misfit = yield* interrupted(app, "in")
      const calls = deployCalls().length
      const copy = new HttpAgent({
        url: misfit.agent.url,
        threadId: misfit.agent.threadId,
        initialMessages: structuredClone(misfit.agent.messages)
      })
      const wrong: any = yield* AgUiClient.runFailing(
        copy,
        resolved(misfit.interrupt.id, { approved: true, content: { confirm: "yes" } })
      )
      assert.deepStrictEqual([wrong.status, wrong.payload], [400, {
        error: "Your answer does not match what the form asks for in \"confirm\".",
        parameter: "resume[0].payload.content"
      }])
      assert.strictEqual(deployCalls().length, calls)
      const right = yield* AgUiClient.run(
        misfit.agent,
        resolved(misfit.interrupt.id, { approved: true, content: { confirm: true } })
      )
      assert.include(resultOf(right), "deployed to in")
    }).pipe(Effect.scoped))

  it.live("content over 64 K characters of JSON, an interrupt this server did not issue: a 400, nothing asked", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ tools })
      const { agent, interrupt } = yield* interrupted(app, "sa")
      const before = deployCalls().length
      /** The same thread as the client has it, without the interrupts it tracks (it checks the ids it sends). */
      const copy = () =>
        new HttpAgent({ url: agent.url, threadId: agent.threadId, initialMessages: structuredClone(agent.messages) })
      const big = { confirm: true, note: "x".repeat(64 * 1024) }
      const oversized: any = yield* AgUiClient.runFailing(
        copy(),
        resolved(interrupt.id, { approved: true, content: big })
      )
      assert.strictEqual(oversized.status, 400)
      assert.strictEqual(oversized.payload.parameter, "resume[0].payload.content")
      const forged: any = yield* AgUiClient.runFailing(
        copy(),
        resolved(`${interrupt.id.slice(0, -4)}AAAA`, { approved: true, content: { confirm: true } })
      )
      assert.strictEqual(forged.status, 400)
      assert.strictEqual(forged.payload.parameter, "resume[0].interruptId")
      assert.strictEqual(deployCalls().length, before)
      // Still waiting: the right answer goes through.
      const run = yield* AgUiClient.run(agent, resolved(interrupt.id, { approved: true, content: { confirm: true } }))
      assert.include(resultOf(run), "deployed to sa")
    }).pipe(Effect.scoped))
})

/** `deploy` offered as `Mcp.tools` offers it by default (`needsApproval: "auto"`): approved first, then its form. */
const approvedFirst = () =>
  Mcp.tools({ transport: { http: { url: http.url } }, elicitation: "approval" }).pipe(Effect.provide(client))

describe("Mcp.tools: an approval, then the tool's form", () => {
  it.live("runTools: the approval answered, the form asked; the form answered, the call made with it", () =>
    Effect.gen(function*() {
      const approving = yield* approvedFirst()
      const loop = (messages: ReadonlyArray<Message.Message | Message.ToolApproval>, scenario: any) =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(scenario)
          const steps = UIMessageStream.withApprovalChecks(LanguageModel.runTools({ messages, tools: approving }))
          return Array.from(
            yield* Stream.runCollect(steps).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, client)))
          )
        })
      const calls = [{ id: "c1", name: "deploy", arguments: JSON.stringify({ env: "rt" }) }]
      const first = yield* loop([Message.user("Deploy")], LoopWire.scripted("openai", { calls }))
      const approval = asks(first)[0]!
      assert.isUndefined(approval.elicitation)
      assert.strictEqual(approval.kind, "approval")
      const second = yield* loop(
        [
          ...done(first).messages,
          Message.toolApproval({ toolCallId: "c1", approved: true, approvalId: approval.approvalId })
        ],
        LoopWire.scripted("openai", { texts: ["never"] })
      )
      const form = asks(second)[0]!
      assert.strictEqual(form.elicitation?.message, "Deploy to rt?")
      assert.strictEqual(form.kind, "input", "the same call's form: a pause of another kind")
      assert.strictEqual(done(second).reason, "approval")
      const third = yield* loop(
        [
          ...done(second).messages,
          Message.toolApproval({
            toolCallId: "c1",
            approved: true,
            content: { confirm: true },
            approvalId: form.approvalId
          })
        ],
        LoopWire.scripted("openai", { texts: ["Done."] })
      )
      assert.include(text(third), "deployed to rt")
    }).pipe(Effect.scoped))

  it.live("AG-UI: two interrupts in turn, each resumed by HttpAgent; the call made with the form's answer", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make({ tools: yield* approvedFirst() })
      const agent = AgUiClient.agentOf(app.url, "thread-both")
      agent.addMessage({ id: "u1", role: "user", content: "deploy to ag" })
      const first = yield* AgUiClient.run(agent)
      const approval = (first.events.at(-1) as any).outcome.interrupts[0]
      assert.strictEqual(approval.reason, "tool_call")
      assert.isUndefined(approval.responseSchema)
      const second = yield* AgUiClient.run(agent, {
        resume: [{ interruptId: approval.id, status: "resolved", payload: { approved: true } }]
      })
      const form = (second.events.at(-1) as any).outcome.interrupts[0]
      assert.strictEqual(form.message, "Deploy to ag?")
      const before = deployCalls().length
      const third = yield* AgUiClient.run(agent, {
        resume: [{ interruptId: form.id, status: "resolved", payload: { approved: true, content: { confirm: true } } }]
      })
      const result = third.events.find((event) => event.type === "TOOL_CALL_RESULT") as any
      assert.include(result.content, "deployed to ag")
      assert.deepStrictEqual(deployCalls()[before]!.body.params.inputResponses, {
        confirm: { action: "accept", content: { confirm: true } }
      })
    }).pipe(Effect.scoped))
})
