/**
 * URL-mode elicitation (MCP 2025-11-25, client/elicitation) through the approval channel, `Mcp.tools({ elicitation:
 * "approval" })`, against servers built with the official SDKs (`support/mcp/UrlServer.mjs`), through `runTools` with
 * a served loop's approval checks: what the client declares in each revision; a `URLElicitationRequiredError` (-32042)
 * and a 2026-07-28 `elicitUrl` input request asked as a question showing the message and the URL with its host; an
 * accepted answer carrying no content, the call made again once (asked again when the page was not visited); a
 * decline not retried; hostile URLs refused in a sentence the model reads; an answer with content, forged or
 * replayed refused.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Scope } from "effect"
import { type LanguageModel, Mcp, Message } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as LoopEvents from "../../support/LoopEvents.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as UrlServer from "../../support/mcp/UrlServer.mjs"
import { askedPage, run } from "../../support/McpQuestions.js"

const client = FetchHttpClient.layer
const scope = Effect.runSync(Scope.make())
const token = "url-test-token"
let legacy: Awaited<ReturnType<typeof UrlServer.startLegacy>>
let modern: Awaited<ReturnType<typeof UrlServer.startModern>>
let legacyTools: ReadonlyArray<Mcp.McpTool>
let modernTools: ReadonlyArray<Mcp.McpTool>
let plainTools: ReadonlyArray<Mcp.McpTool>

// Calls of 2 seconds: an accept waits at most half of it for the server to say its page is done (McpCompletions).
const connect = (url: string, elicitation: boolean) =>
  Effect.runPromise(
    Mcp.tools({
      transport: { http: { url, headers: { authorization: `Bearer ${token}` } } },
      needsApproval: false,
      timeout: "2 seconds",
      ...(elicitation ? { elicitation: "approval" as const } : {})
    }).pipe(Scope.provide(scope), Effect.provide(client))
  )

beforeAll(async () => {
  legacy = await UrlServer.startLegacy(token)
  modern = await UrlServer.startModern()
  legacyTools = await connect(legacy.url, true)
  modernTools = await connect(modern.url, true)
  plainTools = await connect(legacy.url, false)
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await legacy.close()
  await modern.close()
})

const { asks, done, result, text } = LoopEvents

/** The model calls `name` (call `id`, arguments `args`). */
const called = (tools: ReadonlyArray<Mcp.McpTool>, id: string, name = "files", args: object = {}) =>
  Effect.gen(function*() {
    const calls = [{ id, name, arguments: JSON.stringify(args) }]
    const events = yield* run(tools, LoopWire.scripted("openai", { calls }), [Message.user("My files?")])
    return { events, ask: asks(events)[0], messages: done(events).messages }
  })

const answer = (
  tools: ReadonlyArray<Mcp.McpTool>,
  messages: ReadonlyArray<Message.Message>,
  approval: Message.ToolApproval
) => run(tools, LoopWire.scripted("openai", { texts: ["Done."] }), [...messages, approval])

describe("Mcp.tools: URL-mode elicitation", () => {
  it.live("declares URL mode in 2025-11-25 (forms too in 2026-07-28) only where the program asks the user", () =>
    Effect.gen(function*() {
      yield* called(legacyTools, "d1")
      yield* called(modernTools, "d2")
      const declared = legacy.state.capabilities.map((capabilities) => capabilities?.elicitation)
      assert.deepInclude(declared, { url: {} })
      assert.notDeepInclude(declared, { form: {}, url: {} })
      assert.deepInclude(modern.state.capabilities.map((c) => c?.elicitation), { form: {}, url: {} })
      // Without `elicitation`: nothing declared; the server's own refusal is what the model reads.
      const plain = yield* called(plainTools, "d3")
      assert.isUndefined(plain.ask)
      assert.include(text(plain.events), "needs a client that opens URLs")
    }))

  it.live("-32042: a question with the message and the URL; accepted, never visited, asked again; then run", () =>
    Effect.gen(function*() {
      legacy.state.visited.clear()
      const first = yield* called(legacyTools, "u1")
      const url = askedPage(first.events)
      const before = legacy.state.calls.length
      // Accepted, not visited: no completion within the wait, the call is made again once, and the server asks again.
      const early = yield* answer(
        legacyTools,
        first.messages,
        Message.toolApproval({ toolCallId: "u1", approved: true, approvalId: first.ask!.approvalId })
      )
      assert.strictEqual(legacy.state.calls.length, before + 1)
      assert.strictEqual(done(early).reason, "approval")
      const again = asks(early)[0]!
      assert.notStrictEqual(again.elicitation!.url!.href, url.href)
      yield* Effect.promise(() => legacy.visit(again.elicitation!.url!.href))
      const events = yield* answer(
        legacyTools,
        done(early).messages,
        Message.toolApproval({ toolCallId: "u1", approved: true, approvalId: again.approvalId })
      )
      assert.include(text(events), "files: a.txt, b.txt")
      assert.strictEqual(done(events).reason, "stop")
      assert.strictEqual(legacy.state.calls.length, before + 2)
    }))

  it.live("declined or cancelled: not made again; content, a forged and a replayed answer refused", () =>
    Effect.gen(function*() {
      legacy.state.visited.clear()
      const first = yield* called(legacyTools, "u2")
      const { approvalId } = first.ask!
      const before = legacy.state.calls.length
      const forged = yield* answer(
        legacyTools,
        first.messages,
        Message.toolApproval({ toolCallId: "u2", approved: true, approvalId: "a1.0.0.x" })
      )
      assert.strictEqual((result(forged).result as LanguageModel.ApprovalRefused).reason, "unverified")
      const content = yield* answer(
        legacyTools,
        first.messages,
        Message.toolApproval({ toolCallId: "u2", approved: true, content: { password: "x" }, approvalId })
      )
      assert.include(text(content), "does not fit the tool's form")
      const replayed = yield* answer(
        legacyTools,
        first.messages,
        Message.toolApproval({ toolCallId: "u2", approved: true, approvalId })
      )
      assert.strictEqual((result(replayed).result as LanguageModel.ApprovalRefused).reason, "used")
      assert.strictEqual(legacy.state.calls.length, before)
      const asked = yield* called(legacyTools, "u4")
      const declined = yield* answer(
        legacyTools,
        asked.messages,
        Message.toolApproval({ toolCallId: "u4", approved: false, approvalId: asked.ask!.approvalId })
      )
      assert.include(text(declined), "did not open the page the tool needs (decline)")
      assert.strictEqual(legacy.state.calls.length, before + 1)
      const cancelled = yield* called(legacyTools, "u3")
      const stop = yield* answer(
        legacyTools,
        cancelled.messages,
        Message.toolApproval({
          toolCallId: "u3",
          approved: false,
          action: "cancel",
          approvalId: cancelled.ask!.approvalId
        })
      )
      assert.include(text(stop), "(cancel)")
      assert.strictEqual(legacy.state.calls.length, before + 2)
    }))

  it.live("2026-07-28: elicitUrl asked; accepted with no content and the state echoed", () =>
    Effect.gen(function*() {
      modern.state.visited.clear()
      const first = yield* called(modernTools, "m1")
      const url = first.ask!.elicitation!.url!
      assert.strictEqual(url.host, "files.example.com")
      yield* Effect.promise(() => modern.visit(url.href))
      const events = yield* answer(
        modernTools,
        first.messages,
        Message.toolApproval({ toolCallId: "m1", approved: true, approvalId: first.ask!.approvalId })
      )
      assert.include(text(events), "files: a.txt, b.txt")
      assert.deepStrictEqual(modern.state.calls.at(-1), { connect: { action: "accept" } })
    }))

  it.live("a -32042 whose data is malformed: refused in a sentence the model reads, nothing asked", () =>
    Effect.gen(function*() {
      const page = (elicitationId: unknown) => ({
        mode: "url",
        elicitationId,
        url: "https://files.example.com/connect",
        message: "Connect."
      })
      const refusals: Array<[unknown, string]> = [
        [undefined, "named none"],
        [{ elicitations: [] }, "named none"],
        [{ elicitations: "https://files.example.com" }, "named none"],
        [{ elicitations: Array.from({ length: 9 }, (_, i) => page(`e${i}`)) }, "9 URLs, over 8"],
        [{ elicitations: [{ ...page("e1"), mode: "form" }] }, "malformed URL elicitation"],
        [{ elicitations: [page(undefined)] }, "malformed URL elicitation"],
        [{ elicitations: [page("x".repeat(257))] }, "malformed URL elicitation"],
        [{ elicitations: [page("e1"), page("e1")] }, "two URLs under one elicitationId"]
      ]
      for (const [at, [data, why]] of refusals.entries()) {
        const { ask, events } = yield* called(legacyTools, `r${at}`, "required", { data })
        assert.isUndefined(ask, JSON.stringify(data))
        assert.include(text(events), why, JSON.stringify(data))
      }
      // Ids are only keys: `__proto__` is one like any other.
      const proto = yield* called(legacyTools, "r-proto", "required", { data: { elicitations: [page("__proto__")] } })
      assert.strictEqual(proto.ask!.elicitation!.url!.host, "files.example.com")
    }))

  it.live("hostile URLs: refused in a sentence the model reads, never shown", () =>
    Effect.gen(function*() {
      const refusals: Array<[string, string]> = [
        ["https://user:pw@files.example.com/x", "user name or password"],
        ["https://files.example.com@evil.example/x", "user name or password"],
        ["javascript:alert(1)", "not https"],
        ["http://files.example.com/x", "not https"],
        [`https://files.example.com/${"a".repeat(2_100)}`, "over 2048 characters"],
        ["https://files.example.com/\nx", "white space"],
        [`https://files.example.com/?t=${token}`, "credential of this connection"],
        ["not a url", "not one"]
      ]
      for (const [at, [url, why]] of refusals.entries()) {
        const { ask, events } = yield* called(legacyTools, `h${at}`, "open", { url })
        assert.isUndefined(ask, url)
        assert.include(text(events), why, url)
        assert.notInclude(text(events), "evil.example")
      }
      const long = yield* called(legacyTools, "h-long", "open", {
        url: "https://files.example.com/",
        message: "m".repeat(4_001)
      })
      assert.isUndefined(long.ask)
      assert.include(text(long.events), "over the size limits")
      // An international domain is shown in punycode: a look-alike of files.example.com is visible as one.
      const idn = yield* called(legacyTools, "h-idn", "open", { url: "https://fіles.example.com/connect" })
      assert.strictEqual(idn.ask!.elicitation!.url!.host, "xn--fles-l9d.example.com")
      assert.strictEqual(idn.ask!.elicitation!.url!.href, "https://xn--fles-l9d.example.com/connect")
      // A development server on this machine may be http.
      const local = yield* called(legacyTools, "h-local", "open", { url: "http://127.0.0.1:8080/connect" })
      assert.strictEqual(local.ask!.elicitation!.url!.host, "127.0.0.1:8080")
    }))
})
