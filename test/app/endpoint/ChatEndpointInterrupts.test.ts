/**
 * An answer's pauses through `ChatEndpoint`, as a browser of the `ai` package (`EndpointClient`: `AbstractChat` with
 * `DefaultChatTransport`, sending approvals on by itself) and the person at it meet them: a second tab answering the
 * same approval while the first's tool runs; a second tab approving an answer the first regenerated (refused with a
 * 409, nothing run), and a regenerate while an approved tool runs; a Stop (`POST <path>/:id/stop`) while an approved
 * tool runs; a reload mid-pause answered from the reloaded page, while an approved tool runs, and at an answer's second
 * pause (an MCP tool's form after its approval); two approvals of one step, one approved and one denied. What the person
 * sees (the chat's `messages`, `status`, `error`), what runs, and the next request as OpenAI's Chat Completions API
 * reads it: an assistant message with `tool_calls` "must be followed by tool messages responding to each
 * 'tool_call_id'" (its 400 otherwise).
 *
 * gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { ChatEndpoint, Mcp, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import * as RedisServer from "../../support/RedisServer.js"
import { totalsOf } from "../../support/ShownTotals.js"

let mcp: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  mcp = await ModernServer.startHttp()
})

afterAll(async () => {
  await mcp.close()
})

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** What the tools did: the paths deleted, the moves made, and each run of `delete_file` as it started. */
interface Runs {
  readonly started: Array<string>
  readonly deleted: Array<string>
  readonly moved: Array<string>
}

/** `move_file`, needing approval. */
const moveFile = (runs: Runs) =>
  Tool.handle(
    Tool.make("move_file", {
      description: "Moves a file",
      parameters: Schema.Struct({ from: Schema.String, to: Schema.String })
    }),
    ({ from, to }) => Effect.sync(() => runs.moved.push(`${from} -> ${to}`)).pipe(Effect.as({ moved: to })),
    { needsApproval: true }
  )

/**
 * An endpoint whose model answers `turns` on OpenAI's wire (every body it was sent kept), and what its tools did;
 * served by `serving` (default: the Web handler).
 */
const served = (
  turns: ReadonlyArray<TestKit.Turn>,
  deleteMillis = 0,
  serving: (typeof EndpointApp.servings)[number][1] = EndpointApp.viaWebHandler,
  layers: Layer.Layer<never, unknown> = Layer.empty
) =>
  Effect.gen(function*() {
    const bodies: Array<any> = []
    const lines: Array<EndpointApp.LogLine> = []
    const runs: Runs = { started: [], deleted: [], moved: [] }
    const app = ChatEndpoint.layer({
      tools: [ApprovalApp.slowDeleteFile(runs, deleteMillis), moveFile(runs)]
    }).pipe(
      Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", bodies)),
      Layer.provide(EndpointApp.collecting(lines)),
      Layer.provide(layers)
    )
    return { served: yield* serving(app), bodies, runs, lines }
  })

/** Resolves once `holds()`, checked every 10 ms. */
const until = (holds: () => boolean) =>
  wait(() =>
    new Promise<void>((resolve) => {
      const poll = setInterval(() => holds() && (clearInterval(poll), resolve()), 10)
    })
  )

/** The tool messages that follow the last assistant message with `tool_calls` in a Chat Completions body. */
const answersOf = (body: any) => {
  const at = body.messages.findLastIndex((message: any) => message.tool_calls !== undefined)
  const calls = body.messages[at].tool_calls.map((call: any) => call.id)
  const after = body.messages.slice(at + 1).filter((message: any) => message.role === "tool")
  return {
    calls,
    answered: after.map((message: any) => message.tool_call_id),
    contents: after.map((m: any) => m.content)
  }
}

/** A chat `id` on `server` that asked to delete /tmp/a, its answer ended (waiting for the approval). */
const askedToDelete = (server: EndpointApp.Served, id: string) =>
  Effect.tap(
    Effect.sync(() => new EndpointApp.EndpointClient(server, id)),
    (chat) => wait(() => chat.settle(() => chat.sendMessage({ text: "Delete /tmp/a" })))
  )

/**
 * Approves the call `chat` shows waiting and waits until its tool started: the approval's part, and the request it
 * sent, settled once its answer ends.
 */
const approvedRunning = (chat: EndpointApp.EndpointClient, runs: Runs) =>
  Effect.gen(function*() {
    const asked = chat.toolParts[0]
    const answered = chat.settle(() => chat.addToolApprovalResponse({ id: asked.approval.id, approved: true }))
    yield* until(() => runs.started.length === 1)
    return { asked, answered }
  })

const deleting: ReadonlyArray<TestKit.Turn> = [
  {
    toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }],
    usage: { inputTokens: 100, outputTokens: 1000 }
  },
  { text: "Deleted.", usage: { inputTokens: 100, outputTokens: 10 } },
  { text: "Said again.", usage: { inputTokens: 100, outputTokens: 10 } }
]

describe("one approval, two tabs", () => {
  it.live("the second answers while the first's tool runs: it runs once, whole, and the first tab shows it", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served(deleting, 300)
      const first = yield* askedToDelete(server, "two-tabs")
      // The same chat in a second tab of the same browser (its session), showing the same pause.
      const second = new EndpointApp.EndpointClient(server, "two-tabs", first.fetch)
      second.messages = structuredClone(first.messages)
      const { answered, asked } = yield* approvedRunning(first, runs)
      yield* wait(() => second.settle(() => second.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
      yield* wait(() => answered)
      // Not stopped by the second tab's answer: the tool the first approved ran to its end, once.
      assert.deepStrictEqual(runs.started, ["/tmp/a"])
      assert.deepStrictEqual(runs.deleted, ["/tmp/a"])
      assert.isUndefined(first.error)
      assert.deepStrictEqual(first.toolParts.map((part) => [part.state, part.output]), [[
        "output-available",
        { deleted: "/tmp/a" }
      ]])
      assert.include(first.text, "Deleted.")
      // The second tab's answer came after it: told the approval was used, as its model request is.
      assert.isUndefined(second.error)
      assert.deepStrictEqual(second.toolParts.map((part) => [part.state, part.errorText]), [[
        "output-error",
        "not run: this approval was used before"
      ]])
      assert.strictEqual(bodies.length, 3)
      for (const body of bodies.slice(1)) {
        const { answered: ids, calls } = answersOf(body)
        assert.deepStrictEqual(ids, calls)
      }
      assert.deepStrictEqual(answersOf(bodies[1]).contents, [JSON.stringify({ deleted: "/tmp/a" })])
    }).pipe(Effect.scoped))
})

/** The page opened again on chat `id`: the user's first message the app kept, the answer from the server. */
const reopened = (server: EndpointApp.Served, id: string, tab: EndpointApp.EndpointClient) =>
  Effect.gen(function*() {
    const page = new EndpointApp.EndpointClient(server, id, tab.fetch)
    page.messages = structuredClone(tab.messages.slice(0, 1))
    yield* wait(() => page.settle(() => page.resumeStream()))
    return page
  })

const replaced = "This answer was replaced in another tab; reload to see the chat's current answer."

/**
 * Chat `id` asked to delete /tmp/a in a first tab, and a second tab of the same browser (its session) showing the same
 * pause, its requests sent to `other` (another instance behind a load balancer) if given.
 */
const twoTabs = (server: EndpointApp.Served, id: string, other = server) =>
  Effect.map(askedToDelete(server, id), (first) => {
    const second = new EndpointApp.EndpointClient(other, id, first.fetch)
    second.messages = structuredClone(first.messages)
    return { first, second, stale: second.toolParts[0] }
  })

/** The second tab approves the call it still shows once the first replaced the answer: refused, in one sentence. */
const approvedStale = (second: EndpointApp.EndpointClient, stale: any) =>
  Effect.gen(function*() {
    yield* wait(() => second.settle(() => second.addToolApprovalResponse({ id: stale.approval.id, approved: true })))
    assert.strictEqual(second.error?.message, replaced)
  })

describe("an approval in a tab whose answer another tab regenerated", () => {
  it.live("refused with a 409 and one sentence: nothing runs, the model is not asked; reloaded, the tab goes on", () =>
    Effect.gen(function*() {
      const { bodies, lines, runs, served: server } = yield* served([
        { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
        { text: "Which file do you mean?" },
        { text: "Then I leave it." }
      ])
      // The same chat in a second tab, still showing the pause.
      const { first, second, stale } = yield* twoTabs(server, "regenerated")
      // The first tab asks for another answer: the one that paused is gone from the chat.
      yield* wait(() => first.settle(() => first.regenerate()))
      assert.isUndefined(first.error)
      assert.strictEqual(first.text, "Which file do you mean?")
      // The second tab approves the call it still shows: refused, before anything runs.
      yield* approvedStale(second, stale)
      assert.deepStrictEqual(runs.started, [])
      assert.strictEqual(bodies.length, 2, "the model was not asked again")
      const warned = lines.filter((line) => line.level === "Warn" && line.message.includes("answered 409"))
      assert.strictEqual(warned.length, 1, lines.map((line) => line.message).join("\n"))
      assert.strictEqual(warned[0]!.annotations["chat.id"], "regenerated")
      // The chat is as the first tab left it: a reload of either shows the new answer.
      const page = yield* reopened(server, "regenerated", second)
      assert.deepStrictEqual(page.messages, first.messages)
      assert.deepStrictEqual(page.toolParts, [])
      // And the person goes on from the reloaded tab.
      yield* wait(() => page.settle(() => page.sendMessage({ text: "Never mind" })))
      assert.isUndefined(page.error)
      assert.strictEqual(page.text, "Then I leave it.")
      assert.deepStrictEqual(runs.started, [])
      assert.deepStrictEqual(bodies[2].messages.map((message: any) => message.role), ["user", "assistant", "user"])
    }).pipe(Effect.scoped))

  it.live("the regenerated answer pauses again: the stale approval is refused, the current one runs its tool once", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served([
        { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
        { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/b" } }] },
        { text: "Deleted b." }
      ])
      const { first, second, stale } = yield* twoTabs(server, "regenerated-pause")
      yield* wait(() => first.settle(() => first.regenerate()))
      const [current] = first.toolParts
      assert.deepStrictEqual([current.state, current.input], ["approval-requested", { path: "/tmp/b" }])
      yield* approvedStale(second, stale)
      assert.deepStrictEqual(runs.started, [])
      // The second tab reloaded shows the current pause; approved there, its tool runs, once.
      const page = yield* reopened(server, "regenerated-pause", second)
      assert.deepStrictEqual(page.toolParts.map((part) => [part.state, part.input]), [[
        "approval-requested",
        { path: "/tmp/b" }
      ]])
      yield* wait(() => page.settle(() => page.addToolApprovalResponse({ id: current.approval.id, approved: true })))
      assert.isUndefined(page.error)
      assert.deepStrictEqual(runs.deleted, ["/tmp/b"])
      assert.strictEqual(page.text, "Deleted b.")
      assert.deepStrictEqual(answersOf(bodies[2]).contents, [JSON.stringify({ deleted: "/tmp/b" })])
    }).pipe(Effect.scoped))
})

describe.skipIf(RedisServer.redisServer === undefined)(
  `an approval of a replaced answer, on a Redis shared by two instances${
    RedisServer.redisServer === undefined ? " (skipped: no redis-server)" : ""
  }`,
  () => {
    it.live(
      "regenerated on one instance, the stale approval sent to the other: refused, nothing runs",
      () =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          const shared = Layer.merge(
            StreamStore.layerRedis({ url: Redacted.make(redis.url) }),
            UIMessageStream.layerSigning({ secret: Redacted.make("a secret every instance shares, 32+ bytes") })
          )
          const one = yield* served(
            [
              { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
              { text: "Which file do you mean?" }
            ],
            0,
            EndpointApp.viaNode,
            shared
          )
          const two = yield* served([{ text: "Deleted." }], 0, EndpointApp.viaNode, shared)
          // The second tab's requests go to the other instance.
          const { first, second, stale } = yield* twoTabs(one.served, "replaced-shared", two.served)
          yield* wait(() => first.settle(() => first.regenerate()))
          yield* approvedStale(second, stale)
          assert.deepStrictEqual([one.runs.started, two.runs.started], [[], []])
          assert.deepStrictEqual(two.bodies, [])
        }).pipe(Effect.scoped),
      60_000
    )
  }
)

describe("a regenerate while an approved tool runs", () => {
  it.live("the new answer's tool running: the stale tab's approval is refused, the running tool untouched", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served([
        { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
        { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/b" } }] },
        { text: "Deleted b." }
      ], 300)
      const { first, second, stale } = yield* twoTabs(server, "replaced-running")
      yield* wait(() => first.settle(() => first.regenerate()))
      const { answered } = yield* approvedRunning(first, runs)
      yield* approvedStale(second, stale)
      yield* wait(() => answered)
      assert.isUndefined(first.error)
      assert.deepStrictEqual(runs.started, ["/tmp/b"])
      assert.deepStrictEqual(runs.deleted, ["/tmp/b"])
      assert.strictEqual(first.text, "Deleted b.")
      assert.strictEqual(bodies.length, 3)
    }).pipe(Effect.scoped))

  it.live("asked in the tab still showing the pause: it stops the answer as a Stop does, then answers anew", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served([
        { toolCalls: [{ name: "delete_file", arguments: { path: "/tmp/a" } }] },
        { text: "Which file do you mean?" }
      ], 500)
      const { first, second } = yield* twoTabs(server, "regenerated-running")
      const { answered } = yield* approvedRunning(first, runs)
      // The second tab regenerates the answer whose tool the first tab approved: the regenerate has seen it.
      yield* wait(() => second.settle(() => second.regenerate()))
      yield* wait(() => answered)
      assert.isUndefined(second.error)
      assert.strictEqual(second.text, "Which file do you mean?")
      // The tool the first tab approved was interrupted with its answer; the first tab sends nothing on by itself.
      assert.deepStrictEqual([runs.started, runs.deleted], [["/tmp/a"], []])
      assert.isUndefined(first.error)
      assert.strictEqual(first.toolParts[0].state, "approval-responded")
      assert.strictEqual(first.posts.length, 2)
      assert.strictEqual(bodies.length, 2)
      // Reloaded, the first tab shows the chat's current answer.
      const page = yield* reopened(server, "regenerated-running", first)
      assert.deepStrictEqual(page.messages, second.messages)
    }).pipe(Effect.scoped))
})

describe("a Stop while an approved tool runs", () => {
  for (const [name, serving] of EndpointApp.servings) {
    it.live(`${name}: the answer ends there: the ai client sends nothing by itself, the model is asked nothing more`, () =>
      Effect.gen(function*() {
        const { bodies, runs, served: server } = yield* served(deleting, 500, serving)
        const chat = yield* askedToDelete(server, "stopped-tool")
        const { answered } = yield* approvedRunning(chat, runs)
        // The page's Stop, as docs/ui.md's page does it: the server stops the answer wherever it runs.
        const stop = yield* wait(() => chat.fetch(`${server.url}/api/chat/stopped-tool/stop`, { method: "POST" }))
        assert.strictEqual(stop.status, 204)
        yield* wait(() => answered)
        yield* Effect.sleep("600 millis")
        assert.strictEqual(chat.status, "ready")
        assert.isUndefined(chat.error)
        assert.strictEqual(chat.posts.length, 2, "the approval was not sent again by the client")
        assert.strictEqual(bodies.length, 1, "no model request after the stop")
        assert.deepStrictEqual(runs.deleted, [], "the stop interrupted the tool")
        assert.strictEqual(chat.toolParts[0].state, "approval-responded")
        // The person goes on: answered, the interrupted call left out of what the model reads.
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Never mind" })))
        assert.isUndefined(chat.error)
        assert.strictEqual(chat.text, "Deleted.")
        assert.deepStrictEqual(bodies[1].messages.map((message: any) => message.role), ["user", "user"])
      }).pipe(Effect.scoped))
  }
})

describe("a reload mid-pause", () => {
  it.live("the resume GET shows the pause whole; answered from the reloaded page, the tool runs once", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served(deleting)
      const before = yield* askedToDelete(server, "reloaded")
      // The reloaded page: the user's message the app kept, the answer from the server (`resume: true`).
      const page = new EndpointApp.EndpointClient(server, "reloaded", before.fetch)
      page.messages = structuredClone(before.messages.slice(0, 1))
      yield* wait(() => page.settle(() => page.resumeStream()))
      assert.deepStrictEqual(page.messages, before.messages)
      const [asked] = page.toolParts
      assert.deepStrictEqual([asked.type, asked.state, asked.input], [
        "tool-delete_file",
        "approval-requested",
        { path: "/tmp/a" }
      ])
      yield* wait(() => page.settle(() => page.addToolApprovalResponse({ id: asked.approval.id, approved: true })))
      assert.isUndefined(page.error)
      assert.deepStrictEqual(runs.deleted, ["/tmp/a"])
      assert.include(page.text, "Deleted.")
      assert.deepStrictEqual(answersOf(bodies[1]).contents, [JSON.stringify({ deleted: "/tmp/a" })])
      // $0.000615, then the whole answer's $0.000636 over both requests, never less.
      assert.deepStrictEqual(totalsOf(page), ["0.000615", "0.000636"])
    }).pipe(Effect.scoped))
})

describe("a reload while the approved tool runs", () => {
  it.live("the resume GET replays the whole answer: the call, its output, the text; the next request holds them", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served(deleting, 300)
      const before = yield* askedToDelete(server, "reloaded-running")
      // What the page saved at the pause (docs/ui.md's page saves the conversation at each answer's end).
      const saved = structuredClone(before.messages)
      yield* approvedRunning(before, runs)
      const page = new EndpointApp.EndpointClient(server, "reloaded-running", before.fetch)
      page.messages = saved
      yield* wait(() => page.settle(() => page.resumeStream()))
      assert.isUndefined(page.error)
      assert.strictEqual(page.messages.length, 2)
      assert.deepStrictEqual(page.toolParts.map((part) => [part.type, part.state, part.input, part.output]), [[
        "tool-delete_file",
        "output-available",
        { path: "/tmp/a" },
        { deleted: "/tmp/a" }
      ]])
      assert.strictEqual(page.text, "Deleted.")
      assert.deepStrictEqual(runs.deleted, ["/tmp/a"])
      // The page goes on: the model reads the call and its result, as they ran.
      yield* wait(() => page.settle(() => page.sendMessage({ text: "Thanks" })))
      assert.isUndefined(page.error)
      assert.deepStrictEqual(bodies[2].messages.map((message: any) => message.role), [
        "user",
        "assistant",
        "tool",
        "assistant",
        "user"
      ])
      assert.deepStrictEqual(answersOf(bodies[2]).contents, [JSON.stringify({ deleted: "/tmp/a" })])
    }).pipe(Effect.scoped))
})

describe("two approvals of one step", () => {
  it.live("one denied, one approved: each call answered in the next request, in its order; one runs", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served([
        {
          toolCalls: [
            { name: "delete_file", arguments: { path: "/tmp/a" } },
            { name: "move_file", arguments: { from: "/tmp/b", to: "/tmp/c" } }
          ]
        },
        { text: "Moved b; a stays." }
      ])
      const chat = new EndpointApp.EndpointClient(server, "two-approvals")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Delete a, move b" })))
      const [remove, move] = chat.toolParts
      assert.deepStrictEqual(chat.toolParts.map((part) => [part.type, part.state, part.input]), [
        ["tool-delete_file", "approval-requested", { path: "/tmp/a" }],
        ["tool-move_file", "approval-requested", { from: "/tmp/b", to: "/tmp/c" }]
      ])
      yield* wait(async () =>
        chat.addToolApprovalResponse({ id: remove.approval.id, approved: false, reason: "keep a" })
      )
      assert.strictEqual(chat.posts.length, 1, "nothing sent until both are answered")
      yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: move.approval.id, approved: true })))
      assert.deepStrictEqual([runs.deleted, runs.moved], [[], ["/tmp/b -> /tmp/c"]])
      assert.deepStrictEqual(chat.toolParts.map((part) => part.state), ["output-denied", "output-available"])
      assert.include(chat.text, "Moved b; a stays.")
      const { answered, calls, contents } = answersOf(bodies[1])
      assert.deepStrictEqual(answered, calls)
      assert.match(contents[0], /denied.*keep a/)
      assert.strictEqual(contents[1], JSON.stringify({ moved: "/tmp/c" }))
    }).pipe(Effect.scoped))
})

describe("a denial whose reason is over an answer's bound (64 K characters)", () => {
  it.live("a 400 naming the reason, in the chat's error: nothing runs, the model is not asked; a short one is taken", () =>
    Effect.gen(function*() {
      const { bodies, runs, served: server } = yield* served(deleting)
      const chat = yield* askedToDelete(server, "long-reason")
      const asked = chat.toolParts[0]
      const page = new EndpointApp.EndpointClient(server, "long-reason", chat.fetch)
      page.messages = structuredClone(chat.messages)
      yield* wait(() =>
        chat.settle(() =>
          chat.addToolApprovalResponse({ id: asked.approval.id, approved: false, reason: "x".repeat(70_000) })
        )
      )
      assert.include(chat.error?.message, "messages[1].parts[1].approval.reason: over 65536 characters")
      assert.deepStrictEqual(runs.started, [])
      assert.strictEqual(bodies.length, 1, "the model was not asked")
      // The same denial with a reason within the bound: taken, the model told why.
      yield* wait(() =>
        page.settle(() => page.addToolApprovalResponse({ id: asked.approval.id, approved: false, reason: "keep it" }))
      )
      assert.isUndefined(page.error)
      assert.match(answersOf(bodies[1]).contents[0], /denied.*keep it/)
    }).pipe(Effect.scoped))
})

describe("a reload at the second pause of an answer", () => {
  it.live("an MCP tool approved, then asking for input: the reloaded page shows both, and its answer runs the tool", () =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const tools = yield* Mcp.tools({ transport: { http: { url: mcp.url } }, elicitation: "approval" })
      const usage = { inputTokens: 1000, outputTokens: 50 }
      const app = ChatEndpoint.layer({ tools, log: false }).pipe(
        Layer.provide(EndpointApp.scriptedOnWire(
          [{ toolCalls: [{ name: "deploy", arguments: { env: "plum" } }], usage }, { text: "Deployed.", usage }],
          "openai",
          bodies
        ))
      )
      const server = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(server, "second-pause")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Deploy" })))
      const approval = chat.toolParts[0]
      yield* wait(() => chat.settle(() => chat.addToolApprovalResponse({ id: approval.approval.id, approved: true })))
      // The form's pause: the page reloaded, its saved conversation given back, the answer resumed.
      const page = new EndpointApp.EndpointClient(server, "second-pause", chat.fetch)
      page.messages = structuredClone(chat.messages)
      yield* wait(() => page.settle(() => page.resumeStream()))
      assert.isUndefined(page.error)
      assert.deepStrictEqual(page.messages, chat.messages)
      const [form] = page.toolParts
      assert.deepStrictEqual([form.type, form.state, form.input], ["tool-deploy", "approval-requested", {
        env: "plum"
      }])
      assert.strictEqual(form.approval.descriptor.elicitation.message, "Deploy to plum?")
      assert.deepStrictEqual(form.approval.descriptor.elicitation.requestedSchema.required, ["confirm"])
      yield* wait(() =>
        page.settle(() =>
          page.addToolApprovalResponse({
            id: form.approval.id,
            approved: true,
            reason: JSON.stringify({ confirm: true })
          })
        )
      )
      assert.isUndefined(page.error)
      assert.deepStrictEqual(page.toolParts.map((part) => part.output), ["deployed to plum"])
      assert.include(page.text, "Deployed.")
      assert.deepStrictEqual(answersOf(bodies[1]).contents, ["deployed to plum"])
      // $0.00018 a request: the whole answer's total, never less.
      assert.deepStrictEqual(totalsOf(page), ["0.00018", "0.00036"])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
