/**
 * The three kinds of pause in one answer over AG-UI, through `@ag-ui/client`'s `HttpAgent` against the resumable app
 * of test/support/AgUiPausesApp.ts (a budget of $1 asking at $0.000001): an MCP tool (official SDK 2.x,
 * `support/mcp/ModernServer.mjs`) approved first, then asking for input in a form, then the budget's question before
 * the next step; the approval edited, denied, the form cancelled, the question answered stop; the server restarted
 * (another instance on the same store) and the page opened again from the JSON it kept, before each answer; a second
 * tab answering the form once the answer has paused past it. What the page is shown at each pause (the interrupt's
 * reason, its sentence, the call's tool and arguments, the form's schema, the amounts), the total and the steps each
 * `RUN_FINISHED` shows (never less than before: the whole answer's), and each request the model is sent (OpenAI's
 * Chat Completions: the call as it ran, once, with its result once).
 *
 * gpt-4o-mini: each model call here costs $0.0000045 (10 input tokens, 5 output).
 */
import type { Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { AgUi, Mcp, StreamStore } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as App from "../../support/AgUiPausesApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import * as Stores from "../../support/Stores.js"

let mcp: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  mcp = await ModernServer.startHttp()
})

afterAll(async () => {
  await mcp.close()
})

/** The calls of `deploy` the MCP server was sent since `from`: their arguments and the answers to its form. */
const deploysSince = (from: number) =>
  mcp.requests.slice(from).filter((request) => request.body?.params?.name === "deploy").map((request) => [
    request.body.params.arguments,
    request.body.params.inputResponses
  ])

/**
 * How a run ended, as the page reads its `RUN_FINISHED`: its outcome's type, its interrupts, the total and the steps
 * shown.
 */
const endOf = (run: AgUiClient.AgentRun) => {
  const finished = run.events.at(-1) as RunFinishedEvent
  assert.strictEqual(finished.type, "RUN_FINISHED")
  assert.deepStrictEqual(run.warnings, [])
  const outcome = finished.outcome as { readonly type: string; readonly interrupts?: Array<Interrupt> }
  const metadata = finished.metadata as Record<string, unknown>
  const [total, steps] = [metadata[AgUi.costKey] as string, metadata["effect-llm-stream/steps"] as number]
  return { type: outcome.type, interrupts: outcome.interrupts ?? [], total, steps }
}

/** What the page shows of an interrupt: why it asks, its sentence, the form's schema, and what it carries. */
const shown = (interrupt: Interrupt | undefined) => [
  interrupt?.reason,
  interrupt?.message,
  interrupt?.responseSchema,
  interrupt?.metadata
]

const form = { type: "object", properties: { confirm: { type: "boolean", description: "Deploy now?" } } }
const question = [
  "budget_question",
  "This answer has spent $0.0000045 of its $1 budget: go on?",
  { type: "object", properties: { approved: { type: "boolean" } }, required: ["approved"] },
  { spent: "0.0000045", cap: "1" }
]

/** A Chat Completions body as the model reads it: each message's role and content, or its calls. */
const said = (body: any) =>
  body.messages.map((message: any) => [
    message.role,
    message.content ?? message.tool_calls.map((call: any) => `${call.function.name} ${call.function.arguments}`)
  ])

/** One store in memory, as both instances' (the instances of one process). */
const memory: Stores.TwoStores = (ttl) =>
  Effect.map(Stores.storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)

/**
 * An app that can be restarted: an instance of the AG-UI app (the MCP server's tools, a budget of $1 asking at
 * $0.000001); `restart` closes it and starts another, on the other of `stores` (two connections to one store, as two
 * instances behind a load balancer have). A page is an `HttpAgent` of the running one.
 */
const restartable = (stores: Stores.TwoStores) =>
  Effect.gen(function*() {
    const tools = yield* Mcp.tools({ transport: { http: { url: mcp.url } }, elicitation: "approval" })
    const model = yield* App.model
    const connections = yield* stores("1 minute")
    let store = connections[0]
    const options = { tools, budget: { usd: "1", askAt: 0.000001 } }
    let scope = yield* Scope.make()
    let instance = yield* App.instance(store, model.url, options).pipe(Scope.provide(scope))
    yield* Effect.addFinalizer(() => Scope.close(scope, Exit.void))
    const restart = Effect.gen(function*() {
      yield* Scope.close(scope, Exit.void)
      scope = yield* Scope.make()
      store = connections[store === connections[0] ? 1 : 0]
      instance = yield* App.instance(store, model.url, options).pipe(Scope.provide(scope))
    })
    /** The page on `threadId` opened on the running instance with `messages` (the JSON it kept). */
    const page = (threadId: string, messages: unknown = [], owner = "ann") =>
      new HttpAgent({
        url: `${instance.url}/agent`,
        threadId,
        headers: { "x-user": owner },
        initialMessages: JSON.parse(JSON.stringify(messages))
      })
    return { page, requests: model.requests, restart }
  })

let threads = 0

/**
 * A restartable app whose page asked to deploy to teal on a new thread, the run ended with the call's approval asked:
 * the app, the page and how its run ended, and the MCP server's requests before.
 */
const askedToDeploy = (stores: Stores.TwoStores = memory) =>
  Effect.gen(function*() {
    const from = mcp.requests.length
    const app = yield* restartable(stores)
    const page = app.page(`three-kinds-${process.pid}-${++threads}`)
    page.addMessage({ id: "u1", role: "user", content: "please deploy to teal" })
    const end = endOf(yield* AgUiClient.run(page))
    assert.deepStrictEqual(end.interrupts.map(shown), [[
      "tool_call",
      "Run deploy (env: \"teal\")?",
      undefined,
      { toolName: "deploy", input: { env: "teal" } }
    ]])
    return { app, from, page, end }
  })

/** The app restarted, the page opened again from its JSON and its pause answered with `payload`: how the run ended. */
const resumedAfterRestart = (
  app: Effect.Success<ReturnType<typeof restartable>>,
  before: { readonly page: HttpAgent; readonly end: ReturnType<typeof endOf> },
  payload: unknown
) =>
  Effect.gen(function*() {
    yield* app.restart
    const page = app.page(before.page.threadId, before.page.messages)
    const resume = [{ interruptId: before.end.interrupts[0]!.id, status: "resolved" as const, payload }]
    return { page, end: endOf(yield* AgUiClient.run(page, { resume })) }
  })

/**
 * The approval edited, its form answered, the budget's question answered, each after a restart onto the other of
 * `stores` and the page opened again from its JSON: each interrupt shown whole, the call run once as edited.
 */
const editedThenForm = (stores: Stores.TwoStores) =>
  Effect.gen(function*() {
    const asked = yield* askedToDeploy(stores)
    const { app, from } = asked
    const edited = yield* resumedAfterRestart(app, asked, {
      approved: true,
      input: { env: "plum" }
    })
    assert.deepStrictEqual(edited.end.interrupts.map(shown), [[
      "tool_call",
      "Deploy to plum?",
      { ...form, required: ["confirm"] },
      { toolName: "deploy", input: { env: "plum" } }
    ]])
    const formAnswered = yield* resumedAfterRestart(app, edited, {
      approved: true,
      content: { confirm: true }
    })
    assert.deepStrictEqual(formAnswered.end.interrupts.map(shown), [question])
    const done = yield* resumedAfterRestart(app, formAnswered, {
      approved: true
    })
    assert.deepStrictEqual([done.end.type, done.end.interrupts, done.page.pendingInterrupts], ["success", [], []])
    assert.strictEqual(done.page.messages.at(-1)?.content, "Done.")
    // A total shown never goes down: the last run's is the whole answer's, over both model calls.
    const totals = [asked.end, edited.end, formAnswered.end, done.end].map((end) => end.total)
    assert.deepStrictEqual(totals, ["0.0000045", "0.0000045", "0.0000045", "0.000009"])
    // So do its steps: the model calls of the whole answer, as a durable run of it counts them (DurableThreePauses).
    const steps = [asked.end, edited.end, formAnswered.end, done.end].map((end) => end.steps)
    assert.deepStrictEqual(steps, [1, 1, 1, 2])
    assert.strictEqual(done.end.steps, app.requests().length)
    assert.deepStrictEqual(deploysSince(from), [[{ env: "plum" }, undefined], [{ env: "plum" }, {
      confirm: { action: "accept", content: { confirm: true } }
    }]])
    assert.deepStrictEqual(app.requests().map(said), [[["user", "please deploy to teal"]], [
      ["user", "please deploy to teal"],
      ["assistant", ["deploy {\"env\":\"plum\"}"]],
      ["tool", "deployed to plum"]
    ]])
  })

describe("an approval, its tool's form, then the budget's question, over AG-UI", () => {
  it.live("the approval edited: the form asks of the call as edited; each answered after a restart; runs once, as edited", () =>
    editedThenForm(memory).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("the call denied: no form, nothing deployed; the question answered stop ends the answer, the model unasked", () =>
    Effect.gen(function*() {
      const asked = yield* askedToDeploy()
      const { app, from } = asked
      const denied = yield* resumedAfterRestart(app, asked, {
        approved: false,
        reason: "not today"
      })
      assert.deepStrictEqual(denied.end.interrupts.map(shown), [question])
      const stopped = yield* resumedAfterRestart(app, denied, { approved: false })
      assert.deepStrictEqual([stopped.end.type, stopped.end.total, stopped.page.pendingInterrupts], [
        "success",
        "0.0000045",
        []
      ])
      const results = stopped.page.messages.filter((message) => message.role === "tool")
      assert.deepStrictEqual(results.map((message) => message.content), ["The user denied this tool call: not today"])
      assert.deepStrictEqual([deploysSince(from), app.requests().length], [[], 1])
      // The page's next message: the model reads the denied call and its result, once.
      stopped.page.addMessage({ id: "u2", role: "user", content: "hi" })
      assert.strictEqual(endOf(yield* AgUiClient.run(stopped.page)).type, "success")
      assert.deepStrictEqual(app.requests().map(said)[1], [
        ["user", "please deploy to teal"],
        ["assistant", ["deploy {\"env\":\"teal\"}"]],
        ["tool", "Error: The user denied this tool call: not today"],
        ["user", "hi"]
      ])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("the form cancelled: the tool says so, the question is asked, answered, and the answer goes on", () =>
    Effect.gen(function*() {
      const asked = yield* askedToDeploy()
      const { app, from } = asked
      const approved = yield* resumedAfterRestart(app, asked, { approved: true })
      assert.strictEqual(approved.end.interrupts[0]?.message, "Deploy to teal?")
      const cancelled = yield* resumedAfterRestart(app, approved, {
        approved: false,
        action: "cancel"
      })
      assert.deepStrictEqual(cancelled.end.interrupts.map(shown), [question])
      const done = yield* resumedAfterRestart(app, cancelled, { approved: true })
      assert.deepStrictEqual([done.end.type, done.end.total], ["success", "0.000009"])
      assert.deepStrictEqual(deploysSince(from).map(([, answers]) => answers), [undefined, {
        confirm: { action: "cancel" }
      }])
      assert.deepStrictEqual(app.requests().map(said)[1].slice(1), [
        ["assistant", ["deploy {\"env\":\"teal\"}"]],
        ["tool", "not deployed: cancel"]
      ])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a second tab's answer to the form, once the answer has paused past it at the question, is a 409", () =>
    Effect.gen(function*() {
      const asked = yield* askedToDeploy()
      const { app, from } = asked
      const approved = yield* resumedAfterRestart(app, asked, { approved: true })
      const formInterrupt = approved.end.interrupts[0]!
      // A second tab, showing the form too (opened on the instance running when it answers).
      const kept = structuredClone(approved.page.messages)
      const answered = yield* resumedAfterRestart(app, approved, {
        approved: true,
        content: { confirm: true }
      })
      assert.deepStrictEqual(answered.end.interrupts.map(shown), [question])
      const refused: any = yield* AgUiClient.runFailing(app.page(approved.page.threadId, kept), {
        resume: [{ interruptId: formInterrupt.id, status: "resolved", payload: { approved: false, action: "cancel" } }]
      })
      assert.strictEqual(refused.status, 409)
      assert.deepStrictEqual([deploysSince(from).length, app.requests().length], [2, 1], "nothing run, nothing asked")
      // The question is still the answer's pause.
      const done = yield* resumedAfterRestart(app, answered, { approved: true })
      assert.deepStrictEqual([done.end.type, done.end.total], ["success", "0.000009"])
      assert.deepStrictEqual(app.requests().map(said)[1].at(-1), ["tool", "deployed to teal"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

/** A resume of the interrupt `before` ended with, answered with `payload` on the page reopened from its JSON: refused. */
const misfitRefused = (
  app: Effect.Success<ReturnType<typeof restartable>>,
  before: { readonly page: HttpAgent; readonly end: ReturnType<typeof endOf> },
  payload: unknown
) =>
  Effect.gen(function*() {
    const page = app.page(before.page.threadId, before.page.messages)
    const resume = [{ interruptId: before.end.interrupts[0]!.id, status: "resolved" as const, payload }]
    const refused: any = yield* AgUiClient.runFailing(page, { resume })
    return [refused.status, refused.payload?.error]
  })

/**
 * Each pause answered first with an answer of another kind than it asks (a form's values to the approval, an approval
 * without them to the form, a form's values to the budget's question), or with values that do not fit the form, on the
 * page opened again from its JSON: a 400 in one sentence, nothing run or asked; then answered as it asks, after a
 * restart: taken, the call run once.
 */
const misfitsThenFitting = (stores: Stores.TwoStores) =>
  Effect.gen(function*() {
    const asked = yield* askedToDeploy(stores)
    const { app, from } = asked
    assert.deepStrictEqual(yield* misfitRefused(app, asked, { approved: true, content: { confirm: true } }), [
      400,
      "This question asks only to approve or deny the tool call, not for a form's values."
    ])
    assert.deepStrictEqual([deploysSince(from), app.requests().length], [[], 1], "nothing run, nothing asked")
    const approved = yield* resumedAfterRestart(app, asked, { approved: true })
    assert.strictEqual(approved.end.interrupts[0]?.message, "Deploy to teal?")
    assert.deepStrictEqual(yield* misfitRefused(app, approved, { approved: true }), [
      400,
      "This question asks for the form's values, which this answer does not give."
    ])
    // Values that do not fit the form the server asked with (kept in the store under the interrupt's id): the wrong
    // type, a required field left out; each a 400 naming the field, refused again after a restart.
    const unfit = [400, "Your answer does not match what the form asks for in \"confirm\"."]
    assert.deepStrictEqual(yield* misfitRefused(app, approved, { approved: true, content: { confirm: "yes" } }), unfit)
    yield* app.restart
    assert.deepStrictEqual(yield* misfitRefused(app, approved, { approved: true, content: {} }), unfit)
    assert.strictEqual(deploysSince(from).length, 1, "the form's answer not sent")
    const formAnswered = yield* resumedAfterRestart(app, approved, { approved: true, content: { confirm: true } })
    assert.deepStrictEqual(formAnswered.end.interrupts.map(shown), [question])
    assert.deepStrictEqual(yield* misfitRefused(app, formAnswered, { approved: true, content: { confirm: true } }), [
      400,
      "This question asks only whether to go on or stop, not for a form's values or an edit."
    ])
    assert.strictEqual(app.requests().length, 1, "the answer not gone on")
    const done = yield* resumedAfterRestart(app, formAnswered, { approved: true })
    assert.deepStrictEqual([done.end.type, done.page.pendingInterrupts], ["success", []])
    assert.deepStrictEqual(deploysSince(from), [[{ env: "teal" }, undefined], [{ env: "teal" }, {
      confirm: { action: "accept", content: { confirm: true } }
    }]])
    assert.deepStrictEqual(app.requests().map(said)[1].slice(1), [
      ["assistant", ["deploy {\"env\":\"teal\"}"]],
      ["tool", "deployed to teal"]
    ])
  })

describe("an answer that does not fit its interrupt, over AG-UI", () => {
  it.live("a 400 in one sentence, the interrupt left open: answered as it asks, it is taken", () =>
    misfitsThenFitting(memory).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

Stores.describeRedis("the three kinds of pause of one answer over AG-UI, on two instances", (twoStores) => {
  it.live("each answered on the other instance, after a restart: each shown whole; runs once, as edited", () =>
    editedThenForm(twoStores).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("an answer that does not fit its interrupt: a 400, the interrupt answered as it asks on the other instance", () =>
    misfitsThenFitting(twoStores).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
