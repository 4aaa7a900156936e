/**
 * A URL asked within a call (MCP 2025-11-25, client/elicitation, "URL Mode Elicitation Requests": the server's
 * `elicitation/create` during `tools/call`), with `Mcp.tools({ elicitation: "approval" })`, against the official SDK
 * 1.x (`support/mcp/UrlServer.mjs`, its `sign_in` asking as `elicitInput({ mode: "url" })` does) over Streamable HTTP
 * and stdio, through `runTools` with a served loop's approval checks: the server is answered `cancel` at once (the user
 * has not consented yet), the call ends as the server ends it, and the user is asked the URL; accepted, the call is
 * made again once; declined, the model is told; a call that went on without the page ends as it did. Hostile URLs
 * and too many are refused in a sentence; a form, a mode not declared, is answered -32602. Then `McpAsked.make` on its
 * own: which call a stdio request is kept for, and a -32042's pages joined with those asked within the call.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as McpAsked from "../../../src/app/mcp/McpAsked.js"
import * as LoopEvents from "../../support/LoopEvents.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"
import { answered, askedPage, called } from "../../support/McpQuestions.js"

const client = FetchHttpClient.layer
const scope = Effect.runSync(Scope.make())
const token = "asked-test-token"
const script = Path.join(import.meta.dirname, "..", "..", "support", "mcp", "UrlServer.mjs")
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>
let httpTools: ReadonlyArray<Mcp.McpTool>
let stdioTools: ReadonlyArray<Mcp.McpTool>

const connect = (transport: Mcp.Transport) =>
  Effect.runPromise(
    Mcp.tools({ transport, needsApproval: false, elicitation: "approval" }).pipe(
      Scope.provide(scope),
      Effect.provide(client)
    )
  )

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
  ;[httpTools, stdioTools] = await Promise.all([
    connect({ http: { url: legacy.url, headers: { authorization: `Bearer ${token}` } } }),
    // The token, a credential of the stdio connection too: a URL holding it is refused on both.
    connect({ stdio: { command: process.execPath, args: [script, "stdio"], env: { URL_TOKEN: token } } })
  ])
  // Two servers started, one a process of its own: on a machine under load, longer than the default 10 seconds.
}, 30_000)

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await legacy.close()
})

const { done, text } = LoopEvents

/** What the server's requests within its calls came to, as the server saw them (over stdio, read through a tool). */
const answers = (tools: ReadonlyArray<Mcp.McpTool>, id: string) =>
  tools === httpTools
    ? Effect.succeed(legacy.state.answers)
    : Effect.map(called(tools, id, "answers"), ({ events }) => JSON.parse(JSON.parse(text(events))))

/** The pages visited forgotten: the user has yet to sign in. */
const forget = (tools: ReadonlyArray<Mcp.McpTool>) =>
  tools === httpTools
    ? Effect.sync(() => legacy.state.visited.clear())
    : Effect.asVoid(called(tools, "forget", "forget"))

const transports = [["http", () => httpTools], ["stdio", () => stdioTools]] as const

describe("Mcp.tools: a URL asked within a call (2025-11-25)", () => {
  for (const [transport, tools] of transports) {
    it.live(`${transport}: answered cancel, the user asked; accepted after the visit, the call made again`, () =>
      Effect.gen(function*() {
        yield* forget(tools())
        const first = yield* called(tools(), `${transport}-s1`, "sign_in")
        // Before: the server was answered -32601 (method not found), its tool failed, and nobody was asked.
        assert.deepStrictEqual((yield* answers(tools(), `${transport}-a1`)).at(-1), { action: "cancel" })
        const url = askedPage(first.events)
        // The user opens the page (out of band), and says so.
        if (transport === "http") yield* Effect.promise(() => legacy.visit(url.href))
        else yield* called(tools(), "visit", "visit", { url: url.href })
        const events = yield* answered(tools(), first, `${transport}-s1`, true)
        assert.include(text(events), "signed in: a.txt, b.txt")
        assert.strictEqual(done(events).reason, "stop")
      }))

    it.live(`${transport}: declined, the model is told and the call is not made again`, () =>
      Effect.gen(function*() {
        yield* forget(tools())
        const before = legacy.state.calls.length
        const first = yield* called(tools(), `${transport}-d1`, "sign_in")
        const events = yield* answered(tools(), first, `${transport}-d1`, false)
        assert.include(text(events), "not made again: the user did not open the page the tool asked for (decline)")
        if (transport === "http") assert.strictEqual(legacy.state.calls.length, before + 1)
      }))

    it.live(`${transport}: a call that went on without the page ends as it did, nothing asked`, () =>
      Effect.gen(function*() {
        yield* forget(tools())
        const { ask, events } = yield* called(tools(), `${transport}-o1`, "sign_in", { optional: true })
        assert.isUndefined(ask)
        assert.include(text(events), "went on without: cancel")
      }))

    it.live(`${transport}: hostile URLs and too many refused in a sentence, a form answered -32602`, () =>
      Effect.gen(function*() {
        yield* forget(tools())
        const refusals: Array<[object, string]> = [
          [{ url: "javascript:alert(1)" }, "not https"],
          [{ url: "https://user:pw@files.example.com/x" }, "user name or password"],
          [{ url: `https://files.example.com/?t=${token}` }, "credential of this connection"],
          [{ count: 9 }, "more than 8 URLs during the call"]
        ]
        for (const [at, [args, why]] of refusals.entries()) {
          const { ask, events } = yield* called(tools(), `${transport}-h${at}`, "sign_in", args)
          assert.isUndefined(ask, JSON.stringify(args))
          assert.include(text(events), why, JSON.stringify(args))
        }
        const form = yield* called(tools(), `${transport}-f`, "form_within")
        assert.isUndefined(form.ask)
        assert.include(text(form.events), "form: error -32602")
        const seen = yield* answers(tools(), `${transport}-a2`)
        assert.deepStrictEqual(seen.at(-1), { error: -32602 })
        // Every URL request was answered cancel, the ninth too.
        assert.deepStrictEqual(seen.slice(-10, -1), Array(9).fill({ action: "cancel" }))
      }))
  }
})

describe("McpAsked.make", () => {
  const page = (elicitationId: string) => ({
    mode: "url",
    elicitationId,
    url: `https://files.example.com/connect?e=${elicitationId}`,
    message: "Connect."
  })
  const request = (id: number, params: unknown) => ({ id, method: "elicitation/create", params })
  const scrub = (text: string) => text.replaceAll(token, "[redacted]")

  it("keeps a URL for the one call waiting; several waiting, none; answers cancel either way", () => {
    const asked = McpAsked.make(true, scrub)
    const cancel = (id: number) => ({ jsonrpc: "2.0" as const, id, result: { action: "cancel" } })
    assert.deepStrictEqual(asked.answer(request(1, page("a")), [3, "tools/call-x"]), cancel(1))
    assert.deepStrictEqual(asked.answer(request(2, page("b")), ["tools/call-x", "tools/call-y"]), cancel(2))
    assert.deepStrictEqual(asked.take("tools/call-x"), { elicitations: [page("a")], refused: undefined })
    // Taken once: forgotten; and nothing was kept for the two calls at once.
    assert.isUndefined(asked.take("tools/call-x"))
    assert.isUndefined(asked.take("tools/call-y"))
  })

  it("a form is answered -32602; without the capability, the transport answers; past 8, refused", () => {
    const asked = McpAsked.make(true, scrub)
    const form = asked.answer(request(1, { message: "Name?", requestedSchema: { type: "object" } }), [])
    assert.strictEqual((form as { error: { code: number } }).error.code, -32602)
    assert.isUndefined(McpAsked.make(false, scrub).answer(request(1, page("a")), ["tools/call-x"]))
    assert.isUndefined(asked.answer({ id: 1, method: "roots/list" }, ["tools/call-x"]))
    for (let i = 0; i < 9; i++) asked.answer(request(i, page(`p${i}`)), ["tools/call-x"])
    const kept = asked.take("tools/call-x")!
    assert.strictEqual(kept.elicitations.length, 8)
    assert.strictEqual(kept.refused, "the tool asked the user to open more than 8 URLs during the call")
    // A hostile URL: refused when it comes, its text never kept.
    asked.answer(request(1, { ...page("h"), url: `https://files.example.com/?t=${token}` }), ["tools/call-z"])
    assert.deepStrictEqual(asked.take("tools/call-z"), {
      elicitations: [],
      refused: "the tool asked the user to open a URL holding a credential of this connection"
    })
  })

  it("a -32042's pages and those asked within the call, one id once", () => {
    const data = { elicitations: [page("a")] }
    const joined = McpAsked.joinedTo(data, { elicitations: [page("a"), page("b")], refused: undefined })
    assert.deepStrictEqual(joined, { elicitations: [page("a"), page("b")] })
    assert.strictEqual(McpAsked.joinedTo("malformed", { elicitations: [page("b")], refused: undefined }), "malformed")
  })
})
