/**
 * The three kinds of pause in one answer through `ChatEndpoint` and the `ai` package's chat client (`EndpointClient`:
 * `AbstractChat` with `DefaultChatTransport`, sending each answer by itself), as the person meets them: an MCP tool
 * (official SDK 2.x, `support/mcp/ModernServer.mjs`) approved first (`needsApproval: "auto"`), then asking for input
 * in a form, then the budget's question before the next step; answered in different orders and combinations (all
 * approved, the call denied, the form declined or cancelled, the question first, the question answered stop), the
 * server restarted (a new instance on the same store and signing key) and the page reloaded from the JSON it kept,
 * before each answer. What the page shows at each point (`ChatPage.pending` of the part waiting, each tool part's
 * state and output, the totals, which never go down) and each request the model is sent (OpenAI's Chat Completions:
 * the call once, with its result once).
 *
 * gpt-4o-mini: each request here costs $0.00018 (1,000 input tokens, 50 output); the budget ($1) asks at $0.00001,
 * below a request of the cheapest model the scripted wires answer as (Bedrock's Nova Micro, $0.000042).
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Scope } from "effect"
import { ChatEndpoint, ChatPage, Mcp, SpendLimit, StreamStore } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import { stepsOf, totalsOf } from "../../support/ShownTotals.js"
import * as Stores from "../../support/Stores.js"
import { conversationOf } from "../history/WireConversations.js"

let mcp: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  mcp = await ModernServer.startHttp()
})

afterAll(async () => {
  await mcp.close()
})

const usage = { inputTokens: 1000, outputTokens: 50 }
const deployTeal: TestKit.Turn = { toolCalls: [{ name: "deploy", arguments: { env: "teal" } }], usage }
const deployed: TestKit.Turn = { text: "Deployed.", usage }
const weatherInOslo: TestKit.Turn = { toolCalls: [{ name: "get_weather", arguments: { city: "Oslo" } }], usage }

/** The calls of `deploy` the MCP server was sent since `from`: their arguments and the answers to its form. */
const deploysSince = (from: number) =>
  mcp.requests.slice(from).filter((request) => request.body?.params?.name === "deploy").map((request) => [
    request.body.params.arguments,
    request.body.params.inputResponses
  ])

/** One store in memory, as both instances' (the instances of one process). */
const memory: Stores.TwoStores = (ttl) =>
  Effect.map(Stores.storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)

/** The bounds that ask before the next step once $0.00001 is spent: the answer's budget, or the session's limit. */
const bounds: Record<"budget" | "spend limit" | "none", Pick<ChatEndpoint.Options, "budget" | "spendLimit">> = {
  budget: { budget: { usd: "1", askAt: 0.00001 } },
  "spend limit": {
    spendLimit: (owner: string) => ({ key: `session:${owner}`, usd: "1", window: "1 day", askAt: 0.00001 })
  },
  none: {}
}

/**
 * A chat server that can be restarted: an instance of `ChatEndpoint` (the MCP server's tools, `get_weather`, and the
 * `bound` that asks: a budget, a spend limit of the session, or none) with one signing key, whose scripted model records
 * every body it is sent; `restart` closes
 * it and starts another with the turns left, on the other of `stores` (two connections to one store, as two instances
 * behind a load balancer have). `fetch` always reaches the running one.
 */
const restartable = (
  turns: ReadonlyArray<TestKit.Turn>,
  bound: keyof typeof bounds = "budget",
  stores = memory,
  wire: TestKit.ScriptedProvider = "openai"
) =>
  Effect.gen(function*() {
    const connections = yield* stores("1 minute")
    let store = connections[0]
    const bodies: Array<any> = []
    const start = (script: ReadonlyArray<TestKit.Turn>, scope: Scope.Scope) =>
      Effect.flatMap(
        Mcp.tools({ transport: { http: { url: mcp.url } }, elicitation: "approval" }),
        (tools) =>
          EndpointApp.viaWebHandler(
            ChatEndpoint.layer({
              tools: [...tools, EndpointApp.weather],
              ...bounds[bound],
              log: false
            }).pipe(
              Layer.provide(EndpointApp.scriptedOnWire(script, wire, bodies)),
              Layer.provide(ApprovalApp.shared(store)),
              Layer.provide(SpendLimit.layerMemory())
            )
          )
      ).pipe(Scope.provide(scope))
    let scope = yield* Scope.make()
    let served = yield* start(turns, scope)
    const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
      served.fetch(input, init)) as typeof globalThis.fetch
    const restart = (left: ReadonlyArray<TestKit.Turn>) =>
      Effect.gen(function*() {
        yield* Scope.close(scope, Exit.void)
        scope = yield* Scope.make()
        store = connections[store === connections[0] ? 1 : 0]
        served = yield* start(left, scope)
      })
    yield* Effect.addFinalizer(() => Scope.close(scope, Exit.void))
    return { served: { url: "http://localhost", fetch }, bodies, restart }
  })

/** What the page shows of the answer: each part's name, state, input and output (or error, or text). */
const shown = (chat: EndpointApp.EndpointClient) =>
  chat.messages.at(-1)!.parts.flatMap((part: any) =>
    part.type === "step-start"
      ? []
      : [[
        part.type === "dynamic-tool" ? part.toolName : part.type,
        part.state,
        part.input,
        part.output ?? part.errorText ?? part.text
      ]]
  )

/** What the page asks of the person, worded (`ChatPage.pending`): its kind and its sentence; none when nothing waits. */
const asking = (chat: EndpointApp.EndpointClient) =>
  chat.messages.at(-1)!.parts.flatMap((part) => {
    const pending = ChatPage.pending(part)
    return pending === undefined ? [] : [[pending._tag, pending.text, pending.approvalId]]
  })

/**
 * The page opened again on the same chat from the JSON it kept (its messages as stored), the answer resumed from the
 * server: it shows what the page that ran it showed.
 */
const reloaded = (chat: EndpointApp.EndpointClient, served: EndpointApp.Served) =>
  Effect.gen(function*() {
    const page = new EndpointApp.EndpointClient(served, chat.id, chat.fetch)
    page.messages = JSON.parse(JSON.stringify(chat.messages))
    yield* Effect.promise(() => page.settle(() => page.resumeStream()))
    assert.isUndefined(page.error)
    assert.deepStrictEqual(JSON.parse(JSON.stringify(page.messages)), JSON.parse(JSON.stringify(chat.messages)))
    assert.deepStrictEqual(shown(page), shown(chat))
    assert.deepStrictEqual(asking(page), asking(chat))
    return page
  })

/** Answers the one part waiting with `answer`: the client sends it by itself, in one request. */
const answered = (chat: EndpointApp.EndpointClient, answer: { approved: boolean; reason?: string }) =>
  Effect.gen(function*() {
    const [waiting] = asking(chat)
    assert.isDefined(waiting, "a part waits")
    const posts = chat.posts.length
    yield* Effect.promise(() => chat.settle(() => chat.addToolApprovalResponse({ id: waiting![2]!, ...answer })))
    assert.isUndefined(chat.error)
    assert.strictEqual(chat.posts.length, posts + 1, "sent by the client itself")
  })

/** A Chat Completions body as the model reads it: each message's role and content, or its calls. */
const said = (body: any) =>
  body.messages.map((message: any) => [
    message.role,
    message.content ?? message.tool_calls.map((call: any) => `${call.function.name} ${call.function.arguments}`)
  ])

const movedOn = "This answer went on without that answer; reload to see where it is."
const form = ["Form", "Deploy to teal?"]
const question = ["BudgetQuestion", "This answer has spent $0.00018 of its $1 budget: go on?"]
const deployRequest = [["user", "Deploy"], ["assistant", ["deploy {\"env\":\"teal\"}"]]]

/** The kind and sentence of what the page asks. */
const asked = (chat: EndpointApp.EndpointClient) => asking(chat).map(([tag, text]) => [tag, text])

/** The chat sent "Deploy" on `served`, its answer ended waiting for the call's approval. */
const askedToDeploy = (served: EndpointApp.Served, id: string) =>
  Effect.gen(function*() {
    const chat = new EndpointApp.EndpointClient(served, id)
    yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
    assert.deepStrictEqual(asked(chat), [["Approval", "Run deploy (env: \"teal\")?"]])
    assert.deepStrictEqual(shown(chat), [["tool-deploy", "approval-requested", { env: "teal" }, undefined]])
    return chat
  })

/**
 * The three pauses of one answer approved, each after a restart onto the other of `stores` and a reload of the page
 * from its JSON: each shown whole, the tool run once, the model sent the call and its result once (on OpenAI's wire).
 */
const allApproved = (stores: Stores.TwoStores) =>
  Effect.gen(function*() {
    const from = mcp.requests.length
    const { bodies, restart, served } = yield* restartable([deployTeal, deployed], "budget", stores)
    let chat = yield* askedToDeploy(served, "three-kinds")
    // The steps the page shows after each request: the whole answer's, never fewer than before.
    const steps = [chat.metadata.steps]
    for (
      const [answer, next] of [
        [{ approved: true }, [form]],
        [{ approved: true, reason: JSON.stringify({ confirm: true }) }, [question]],
        [{ approved: true }, []]
      ] as const
    ) {
      yield* restart([deployed])
      chat = yield* reloaded(chat, served)
      yield* answered(chat, answer)
      steps.push(stepsOf(chat).at(-1))
      assert.deepStrictEqual<ReadonlyArray<unknown>>(asked(chat), next)
      // The form is asked on the call's own part, in its step; the question after its result, before the next step.
      if (next[0] === form) {
        assert.deepStrictEqual(shown(chat), [["tool-deploy", "approval-requested", { env: "teal" }, undefined]])
      }
      if (next[0] === question) {
        assert.deepStrictEqual(shown(chat), [
          ["tool-deploy", "output-available", { env: "teal" }, "deployed to teal"],
          ["budget_question", "approval-requested", { spent: "0.00018", cap: "1" }, undefined]
        ])
      }
    }
    assert.deepStrictEqual(shown(chat), [
      ["tool-deploy", "output-available", { env: "teal" }, "deployed to teal"],
      ["budget_question", "output-available", { spent: "0.00018", cap: "1" }, "continue"],
      ["text", "done", undefined, "Deployed."]
    ])
    assert.deepStrictEqual(deploysSince(from), [[{ env: "teal" }, undefined], [{ env: "teal" }, {
      confirm: { action: "accept", content: { confirm: true } }
    }]])
    assert.deepStrictEqual(bodies.map(said), [[["user", "Deploy"]], [...deployRequest, ["tool", "deployed to teal"]]])
    // The whole answer's total, over both requests, on the page reloaded last.
    assert.deepStrictEqual(totalsOf(chat), ["0.00018", "0.00036"])
    // Its steps: the model calls of the whole answer, as a durable run of it counts them (DurableThreePauses).
    assert.deepStrictEqual(steps, [1, 1, 1, 2])
    assert.deepStrictEqual([chat.metadata.steps, chat.metadata.stopReason], [bodies.length, "stop"])
  })

/**
 * The form answered, after a restart onto the other of `stores` and a reload, with values it does not take (the wrong
 * type): the form asked again (the `ai` client's own state, no page of ours) with the sentence naming the field,
 * checked against the form the server asked with (kept in the store under its id); nothing run, the model asked
 * nothing. After another restart the page, reloaded from its JSON, answers it as it asks: taken, the tool run once.
 */
const formMisfitThenFitting = (stores: Stores.TwoStores) =>
  Effect.gen(function*() {
    const from = mcp.requests.length
    const { bodies, restart, served } = yield* restartable([deployTeal, deployed], "none", stores)
    let chat = yield* askedToDeploy(served, "form-misfit")
    yield* answered(chat, { approved: true })
    assert.deepStrictEqual(asked(chat), [form])
    yield* restart([deployed])
    chat = yield* reloaded(chat, served)
    const atForm = JSON.stringify(chat.messages)
    const [waiting] = asking(chat)
    yield* Effect.promise(() =>
      chat.settle(() =>
        chat.addToolApprovalResponse({ id: waiting![2]!, approved: true, reason: JSON.stringify({ confirm: "yes" }) })
      )
    )
    assert.strictEqual(chat.error?.message, "Your answer does not match what the form asks for in \"confirm\".")
    assert.deepStrictEqual([deploysSince(from).length, bodies.length], [1, 1], "nothing run, nothing asked")
    assert.strictEqual(JSON.stringify(chat.messages), atForm, "the form asks again as it was asked")
    yield* restart([deployed])
    chat = yield* reloaded(chat, served)
    yield* answered(chat, { approved: true, reason: JSON.stringify({ confirm: true }) })
    assert.deepStrictEqual(shown(chat), [
      ["tool-deploy", "output-available", { env: "teal" }, "deployed to teal"],
      ["text", "done", undefined, "Deployed."]
    ])
    assert.deepStrictEqual(deploysSince(from), [[{ env: "teal" }, undefined], [{ env: "teal" }, {
      confirm: { action: "accept", content: { confirm: true } }
    }]])
    assert.deepStrictEqual(bodies.map(said), [[["user", "Deploy"]], [...deployRequest, ["tool", "deployed to teal"]]])
  })

describe("a form answered with values it does not take", () => {
  it.live("after a restart: the form asked again, naming the field; answered as it asks after another, it runs", () =>
    formMisfitThenFitting(memory).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("an approval, its tool's form, then the budget's question, in one answer", () => {
  it.live("each answered after a restart, from the page reloaded from its JSON: each shown whole; the tool runs once", () =>
    allApproved(memory).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("the call denied: no form, nothing deployed; the question answered stop; the next message sends it once", () =>
    Effect.gen(function*() {
      const from = mcp.requests.length
      const { bodies, restart, served } = yield* restartable([deployTeal, deployed])
      let chat = yield* askedToDeploy(served, "denied")
      yield* answered(chat, { approved: false, reason: "not today" })
      assert.deepStrictEqual(asked(chat), [question])
      yield* restart([deployed])
      chat = yield* reloaded(chat, served)
      yield* answered(chat, { approved: false })
      assert.deepStrictEqual(shown(chat), [
        ["tool-deploy", "output-denied", { env: "teal" }, undefined],
        ["budget_question", "output-denied", { spent: "0.00018", cap: "1" }, undefined]
      ])
      assert.deepStrictEqual([chat.metadata.stopReason, chat.metadata.cost], ["budget", "0.00018"])
      assert.deepStrictEqual(bodies.length, 1, "the question answered stop: the model is asked nothing more")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "hi" })))
      assert.deepStrictEqual(deploysSince(from), [])
      assert.deepStrictEqual(bodies.map(said)[1], [
        ...deployRequest,
        ["tool", "Error: The user denied this tool call: not today"],
        ["user", "hi"]
      ])
      assert.strictEqual(chat.text, "Deployed.")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  for (const [answer, action] of [["no", "decline"], ["cancel", "cancel"]] as const) {
    it.live(`the form answered ${action}: the tool says so, the question is asked, and the answer goes on`, () =>
      Effect.gen(function*() {
        const from = mcp.requests.length
        const { bodies, restart, served } = yield* restartable([deployTeal, deployed])
        let chat = yield* askedToDeploy(served, `form-${action}`)
        yield* answered(chat, { approved: true })
        yield* restart([deployed])
        chat = yield* reloaded(chat, served)
        yield* answered(chat, { approved: false, reason: answer })
        assert.deepStrictEqual(asked(chat), [question])
        yield* answered(chat, { approved: true })
        assert.deepStrictEqual(shown(chat).slice(0, 1), [[
          "tool-deploy",
          "output-available",
          { env: "teal" },
          `not deployed: ${action}`
        ]])
        assert.deepStrictEqual(deploysSince(from).map(([, answers]) => answers), [undefined, { confirm: { action } }])
        assert.deepStrictEqual(bodies.map(said)[1], [...deployRequest, ["tool", `not deployed: ${action}`]])
        assert.deepStrictEqual(totalsOf(chat), ["0.00018", "0.00036"])
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
  }

  it.live("the question first, then an approval and its form: the question is not asked again; the totals grow", () =>
    Effect.gen(function*() {
      const { bodies, restart, served } = yield* restartable([weatherInOslo, deployTeal, deployed])
      let chat = new EndpointApp.EndpointClient(served, "question-first")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Weather, then deploy" })))
      assert.deepStrictEqual(asked(chat), [question])
      yield* answered(chat, { approved: true })
      assert.deepStrictEqual(asked(chat), [["Approval", "Run deploy (env: \"teal\")?"]])
      yield* restart([deployed])
      chat = yield* reloaded(chat, served)
      yield* answered(chat, { approved: true })
      assert.deepStrictEqual(asked(chat), [form])
      yield* answered(chat, { approved: true, reason: JSON.stringify({ confirm: true }) })
      assert.deepStrictEqual(asked(chat), [])
      assert.deepStrictEqual(shown(chat).map(([name, state]) => [name, state]), [
        ["tool-get_weather", "output-available"],
        ["budget_question", "output-available"],
        ["tool-deploy", "output-available"],
        ["text", "done"]
      ])
      assert.deepStrictEqual(bodies.map(said)[2].slice(1), [
        ["assistant", ["get_weather {\"city\":\"Oslo\"}"]],
        ["tool", "18°C in Oslo"],
        ["assistant", ["deploy {\"env\":\"teal\"}"]],
        ["tool", "deployed to teal"]
      ])
      assert.deepStrictEqual(totalsOf(chat), ["0.00018", "0.00036", "0.00054"])
      // The page reloaded, its stored stream replayed: 1 step, then 2, then the answer's three model calls.
      assert.deepStrictEqual(stepsOf(chat), [1, 2, 3])
      assert.strictEqual(chat.metadata.steps, bodies.length)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("a second tab answering a pause the answer has paused past", () => {
  it.live("under a spend limit, at its question: a stale tab's approval, another's form answer, are 409s", () =>
    Effect.gen(function*() {
      const from = mcp.requests.length
      const { bodies, served } = yield* restartable([deployTeal, deployed], "spend limit")
      const first = yield* askedToDeploy(served, "paused-past-limit")
      const tab = (messages: ReadonlyArray<unknown>) => {
        const page = new EndpointApp.EndpointClient(served, "paused-past-limit", first.fetch)
        page.messages = structuredClone(messages) as typeof first.messages
        return page
      }
      const atApproval = tab(first.messages)
      yield* answered(first, { approved: true })
      const atForm = tab(first.messages)
      yield* answered(first, { approved: true, reason: JSON.stringify({ confirm: true }) })
      assert.deepStrictEqual(asked(first), [question])
      // Each stale tab answers the pause it still shows: refused, in one sentence; nothing runs, nothing is asked.
      for (
        const [stale, answer] of [[atApproval, { approved: true }], [atForm, {
          approved: false,
          reason: "cancel"
        }]] as const
      ) {
        yield* Effect.promise(() =>
          stale.settle(() => stale.addToolApprovalResponse({ id: asking(stale)[0]![2]!, ...answer }))
        )
        assert.strictEqual(stale.error?.message, movedOn)
      }
      assert.deepStrictEqual([bodies.length, deploysSince(from).length], [1, 2], "nothing asked, nothing run again")
      // A reload shows the answer as it is: the tool ran, the question waits; answered, the answer goes on.
      const page = yield* reloaded(first, served)
      assert.deepStrictEqual(asked(page), [question])
      yield* answered(page, { approved: true })
      assert.deepStrictEqual(shown(page).map(([name, state, , output]) => [name, state, output]), [
        ["tool-deploy", "output-available", "deployed to teal"],
        ["budget_question", "output-available", "continue"],
        ["text", "done", "Deployed."]
      ])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("its approval, once the first tab's made the tool ask its form, is a 409; the form goes on", () =>
    Effect.gen(function*() {
      const from = mcp.requests.length
      const { bodies, served } = yield* restartable([deployTeal, deployed], "none")
      const first = yield* askedToDeploy(served, "paused-past")
      // The same chat in a second tab of the same browser, showing the same pause.
      const second = new EndpointApp.EndpointClient(served, "paused-past", first.fetch)
      second.messages = structuredClone(first.messages)
      yield* answered(first, { approved: true })
      assert.deepStrictEqual(asked(first), [form])
      const [approval] = asking(second)
      yield* Effect.promise(() =>
        second.settle(() => second.addToolApprovalResponse({ id: approval![2]!, approved: true }))
      )
      assert.strictEqual(second.error?.message, movedOn)
      assert.deepStrictEqual([bodies.length, deploysSince(from).length], [1, 1], "nothing asked, nothing run")
      // The first tab's form is still the answer's pause: answered, the tool runs and the answer goes on.
      yield* answered(first, { approved: true, reason: JSON.stringify({ confirm: true }) })
      assert.deepStrictEqual(shown(first), [
        ["tool-deploy", "output-available", { env: "teal" }, "deployed to teal"],
        ["text", "done", undefined, "Deployed."]
      ])
      assert.deepStrictEqual(bodies.map(said)[1], [...deployRequest, ["tool", "deployed to teal"]])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

Stores.describeRedis("the three kinds of pause of one answer, on two instances", (twoStores) => {
  it.live("each answered on the other instance, after a restart: each shown whole; the tool runs once", () =>
    allApproved(twoStores).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a form's values it does not take: asked again, naming the field; answered as asked on the other instance", () =>
    formMisfitThenFitting(twoStores).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

Stores.describeDurableStreams("the three kinds of pause of one answer, on two instances", (twoStores) => {
  it.live("each answered on the other instance, after a restart: each shown whole; the tool runs once", () =>
    allApproved(twoStores).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("the three kinds of pause of one answer, on each wire", () => {
  for (const wire of EndpointApp.scriptedWires) {
    it.live(`${wire}: the model's next request holds the call as it ran and its result, once`, () =>
      Effect.gen(function*() {
        const { bodies, restart, served } = yield* restartable([deployTeal, deployed], "budget", memory, wire)
        let chat = yield* askedToDeploy(served, `wire-${wire}`)
        for (const answer of [{ approved: true }, { approved: true, reason: JSON.stringify({ confirm: true }) }]) {
          yield* restart([deployed])
          chat = yield* reloaded(chat, served)
          yield* answered(chat, answer)
        }
        assert.deepStrictEqual(asking(chat).map(([tag]) => tag), ["BudgetQuestion"])
        yield* answered(chat, { approved: true })
        assert.deepStrictEqual(shown(chat).map(([name, state]) => [name, state]), [
          ["tool-deploy", "output-available"],
          ["budget_question", "output-available"],
          ["text", "done"]
        ])
        // The user's message, the call, its result: once each, in the API's own shapes.
        const [asked, call, result] = bodies.map(conversationOf)[1]!.map((message: unknown) => JSON.stringify(message))
        assert.include(asked, "Deploy")
        assert.match(call!, /"env\\?":\\?"teal\\?"/)
        assert.strictEqual(result!.split("deployed to teal").length, 2, result)
        assert.strictEqual(bodies.map(conversationOf)[1]!.length, 3)
        assert.deepStrictEqual(totalsOf(chat).length, 2)
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
  }
})

/**
 * A chat asked to delete /tmp/x on an endpoint whose `delete_file` needs approval and takes 500 ms (under `bound`),
 * and a second tab of the same browser showing the same pause: the first tab approves, and the second approves too
 * while the first's tool runs. Both requests settled.
 */
const approvedTwiceWhileRunning = (bound: keyof typeof bounds) =>
  Effect.gen(function*() {
    const store = yield* Stores.storeOf(StreamStore.layerMemory())
    const bodies: Array<any> = []
    const runs: ApprovalApp.DeleteRuns = { started: [], deleted: [] }
    const turns = [{ toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/x" } }], usage }, deployed, deployed]
    const served = yield* EndpointApp.viaWebHandler(
      ChatEndpoint.layer({ tools: [ApprovalApp.slowDeleteFile(runs, 500)], ...bounds[bound], log: false }).pipe(
        Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies)),
        Layer.provide(ApprovalApp.shared(store)),
        Layer.provide(SpendLimit.layerMemory())
      )
    )
    const first = new EndpointApp.EndpointClient(served, `running-${bound.replace(" ", "-")}`)
    yield* Effect.promise(() => first.settle(() => first.sendMessage({ text: "Delete" })))
    const second = new EndpointApp.EndpointClient(served, first.id, first.fetch)
    second.messages = structuredClone(first.messages)
    const [[, , approvalId]] = asking(first)
    const running = first.settle(() => first.addToolApprovalResponse({ id: approvalId!, approved: true }))
    yield* Effect.sleep("10 millis").pipe(Effect.repeat({ until: () => runs.started.length > 0 }))
    yield* Effect.promise(() =>
      second.settle(() => second.addToolApprovalResponse({ id: approvalId!, approved: true }))
    )
    yield* Effect.promise(() => running)
    return { bodies, first, runs, second, served }
  })

describe("a second tab's answer sent while the first's approved tool runs", () => {
  it.live("the first's answer pausing at a spend limit's question: a 409 once it has; the question goes on", () =>
    Effect.gen(function*() {
      const { bodies, first, runs, second, served } = yield* approvedTwiceWhileRunning("spend limit")
      assert.deepStrictEqual(runs.deleted, ["/tmp/x"])
      assert.deepStrictEqual(asked(first), [question])
      assert.strictEqual(second.error?.message, movedOn)
      assert.strictEqual(bodies.length, 1, "nothing asked")
      const page = yield* reloaded(first, served)
      yield* answered(page, { approved: true })
      assert.deepStrictEqual(shown(page).map(([name, state]) => [name, state]), [
        ["tool-delete_file", "output-available"],
        ["budget_question", "output-available"],
        ["text", "done"]
      ])
    }).pipe(Effect.scoped))

  it.live("the first's answer ending: the second is told used; a reload of the chat shows it whole, no error", () =>
    Effect.gen(function*() {
      const { first, runs, second, served } = yield* approvedTwiceWhileRunning("none")
      assert.deepStrictEqual(runs.deleted, ["/tmp/x"])
      assert.deepStrictEqual(second.toolParts.map((part) => [part.state, part.errorText]), [[
        "output-error",
        "not run: this approval was used before"
      ]])
      // The chat's answer is the second tab's continuation, stored after what the answer sent before it.
      const page = new EndpointApp.EndpointClient(served, first.id, first.fetch)
      page.messages = structuredClone(first.messages.slice(0, 1))
      yield* Effect.promise(() => page.settle(() => page.resumeStream()))
      assert.isUndefined(page.error)
      assert.deepStrictEqual(page.messages.map((message) => message.role), ["user", "assistant"])
      assert.deepStrictEqual(page.toolParts.map((part) => [part.type, part.input]), [["tool-delete_file", {
        path: "/tmp/x"
      }]])
    }).pipe(Effect.scoped))
})

describe("a store that cannot tell an answer has ended (no tail)", () => {
  it.live("an approval's continuation is answered at once, not after waiting for an answer running", () =>
    Effect.gen(function*() {
      const memory = yield* Stores.storeOf(StreamStore.layerMemory())
      const store: StreamStore.Service = { ...memory, tail: undefined }
      const deleted: Array<string> = []
      const served = yield* EndpointApp.viaWebHandler(
        ChatEndpoint.layer({ tools: [EndpointApp.deleteFile(deleted)], log: false }).pipe(
          Layer.provide(
            EndpointApp.scriptedOnWire(
              [{ toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/t" } }] }, deployed],
              "openai",
              []
            )
          ),
          Layer.provide(ApprovalApp.shared(store))
        )
      )
      const chat = new EndpointApp.EndpointClient(served, "no-tail")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "Delete" })))
      const started = Date.now()
      yield* answered(chat, { approved: true })
      assert.isBelow(Date.now() - started, 5_000)
      assert.deepStrictEqual(deleted, ["/tmp/t"])
      assert.strictEqual(chat.text, "Deployed.")
    }).pipe(Effect.scoped))
})
