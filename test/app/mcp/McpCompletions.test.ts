/**
 * The retry after a URL question (MCP 2025-11-25, client/elicitation, "Completion Notifications for URL Mode
 * Elicitation"), against the official SDK 1.x (`support/mcp/UrlServer.mjs`, whose visits send
 * `notifications/elicitation/complete` through `createElicitationCompletionNotifier`) over Streamable HTTP (heard on
 * the session's GET stream) and stdio: the user accepts (consent to open the page) and completes the page after;
 * the call is made again once the server says the page is done, not at the accept. A completion heard and still asked
 * again: refused in a sentence; none heard: the user asked again, after at most half the call's timeout; no stream to
 * hear the server on (GET answered 405): made again at once. Then `McpCompletions.make` on its own: ids the server did
 * not issue, bounds.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { type Duration, Effect, Exit, Fiber, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Path from "node:path"
import * as McpCompletions from "../../../src/app/mcp/McpCompletions.js"
import { forward } from "../../support/Forward.js"
import * as LoopEvents from "../../support/LoopEvents.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"
import { answered, askedPage, called } from "../../support/McpQuestions.js"

const scope = Effect.runSync(Scope.make())
const token = "completions-test-token"
const script = Path.join(import.meta.dirname, "..", "..", "support", "mcp", "UrlServer.mjs")
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>
let httpTools: ReadonlyArray<Mcp.McpTool>
let stdioTools: ReadonlyArray<Mcp.McpTool>
let shortTools: ReadonlyArray<Mcp.McpTool>
let deafTools: ReadonlyArray<Mcp.McpTool>
// The server behind a front that offers no stream to listen on (GET: 405, as the spec lets a server answer).
const front = Http.createServer((request, response) => {
  if (request.method !== "GET") return forward(new URL(legacy.url).origin, request, response)
  response.writeHead(405, { allow: "POST, DELETE" }).end()
})

const connect = (transport: Mcp.Transport, timeout?: Duration.Input) =>
  Effect.runPromise(
    Mcp.tools({
      transport,
      needsApproval: false,
      elicitation: "approval",
      ...(timeout === undefined ? {} : { timeout })
    }).pipe(
      Scope.provide(scope),
      Effect.provide(FetchHttpClient.layer)
    )
  )

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
  const http = { http: { url: legacy.url, headers: { authorization: `Bearer ${token}` } } }
  await new Promise<void>((listening) => front.listen(0, "127.0.0.1", listening))
  const behind = `http://127.0.0.1:${(front.address() as AddressInfo).port}/mcp`
  ;[httpTools, stdioTools, shortTools, deafTools] = await Promise.all([
    connect(http),
    connect({ stdio: { command: process.execPath, args: [script, "stdio"] } }),
    connect(http, "2 seconds"),
    connect({ http: { ...http.http, url: behind } })
  ])
}, 30_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await legacy.close()
  front.closeAllConnections()
  front.close()
})

const { asks, done, text } = LoopEvents

/** The user goes to the page `href` (out of band): the server's flow completes, and it says so. */
const visit = (tools: ReadonlyArray<Mcp.McpTool>, href: string) =>
  tools === stdioTools ?
    Effect.asVoid(called(tools, "visit", "visit", { url: href })) :
    Effect.promise(() => legacy.visit(href))

const forget = (tools: ReadonlyArray<Mcp.McpTool>) =>
  tools === stdioTools
    ? Effect.asVoid(called(tools, "forget", "forget"))
    : Effect.sync(() => legacy.state.visited.clear())

const transports = [["http", () => httpTools], ["stdio", () => stdioTools]] as const

describe("Mcp.tools: the retry after a page is accepted", () => {
  for (const [transport, tools] of transports) {
    it.live(`${transport}: accepted, then completed: the call made again once, when the server says it is done`, () =>
      Effect.gen(function*() {
        yield* forget(tools())
        const before = legacy.state.calls.length
        const first = yield* called(tools(), `${transport}-c1`, "files")
        const url = askedPage(first.events)
        // The user consents, then spends a while on the page (a sign-in); before, the call was made again at once,
        // failed with -32042, and the user was asked again.
        const visiting = yield* Effect.forkChild(Effect.andThen(Effect.sleep("400 millis"), visit(tools(), url.href)))
        const events = yield* answered(tools(), first, `${transport}-c1`, true)
        yield* Fiber.join(visiting)
        assert.include(text(events), "files: a.txt, b.txt")
        assert.strictEqual(done(events).reason, "stop")
        if (transport === "http") assert.strictEqual(legacy.state.calls.length, before + 2)
      }))
  }

  it.live("http: said done, yet asked again: refused in a sentence, made again once", () =>
    Effect.gen(function*() {
      yield* forget(httpTools)
      const before = legacy.state.calls.length
      const first = yield* called(httpTools, "n1", "files")
      const id = new URL(askedPage(first.events).href).searchParams.get("elicitation")!
      // The server says the page is done, and has not recorded it.
      yield* Effect.promise(() => legacy.state.notifiers.get(id)!())
      const events = yield* answered(httpTools, first, "n1", true)
      assert.isUndefined(asks(events)[0])
      assert.include(text(events), "asked the user to open a page again after it said the last one was done")
      assert.strictEqual(legacy.state.calls.length, before + 2)
    }))

  it.live("http: no completion heard: made again after half the call's timeout, the user asked again", () =>
    Effect.gen(function*() {
      yield* forget(shortTools)
      const first = yield* called(shortTools, "w1", "files")
      askedPage(first.events)
      const started = Date.now()
      const events = yield* answered(shortTools, first, "w1", true)
      const waited = Date.now() - started
      // Half the 2 seconds waited; the whole, and the call would have timed out instead of asking again.
      assert.isAtLeast(waited, 1_000)
      assert.strictEqual(done(events).reason, "approval")
      assert.notStrictEqual(asks(events)[0]!.approvalId, first.ask!.approvalId)
    }))

  it.live("http: no stream to hear the server on: made again at once, as before, the user asked again", () =>
    Effect.gen(function*() {
      yield* forget(deafTools)
      const first = yield* called(deafTools, "x1", "files")
      askedPage(first.events)
      const started = Date.now()
      const events = yield* answered(deafTools, first, "x1", true)
      // Not half of the 60 seconds of a call: nothing is waited for that cannot come.
      assert.isBelow(Date.now() - started, 5_000)
      assert.strictEqual(done(events).reason, "approval")
    }))
})

describe("McpCompletions.make", () => {
  it.live("waits only for ids issued here; ignores others; forgets the oldest past its bound", () =>
    Effect.gen(function*() {
      const completions = McpCompletions.make(() => true)
      // Not issued on this connection (a run resumed on another instance): nothing to wait for.
      assert.strictEqual(yield* completions.completed(["a"], "1 minute"), "deaf")
      completions.issued(["a", "b"])
      for (const params of [{ elicitationId: "c" }, { elicitationId: 1 }, null, "a", { elicitationId: "__proto__" }]) {
        completions.heard(params)
      }
      assert.strictEqual(yield* completions.completed(["a", "b"], "1 millis"), "unheard")
      completions.issued(["a", "b"])
      completions.heard({ elicitationId: "a" })
      completions.heard({ elicitationId: "b" })
      assert.strictEqual(yield* completions.completed(["a", "b"], "1 minute"), "heard")
      // Waited for once: forgotten.
      assert.strictEqual(yield* completions.completed(["a"], "1 minute"), "deaf")
      completions.issued(Array.from({ length: 257 }, (_, i) => `p${i}`))
      assert.strictEqual(yield* completions.completed(["p0"], "1 minute"), "deaf")
      completions.heard({ elicitationId: "p1" })
      assert.strictEqual(yield* completions.completed(["p1"], "1 minute"), "heard")
    }))

  it.effect("nothing heard where nothing can be: no wait", () =>
    Effect.gen(function*() {
      const completions = McpCompletions.make(() => false)
      completions.issued(["a"])
      assert.strictEqual(yield* completions.completed(["a"], "1 minute"), "deaf")
    }))
})
