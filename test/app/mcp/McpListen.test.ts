/**
 * The session's GET stream (`McpListen`) written by a hostile MCP 2025-11-25 server (`support/mcp/SessionServer.ts`,
 * raw `node:http`): a stream that says nothing, or trickles a byte a second (connect, a call and close in their times,
 * no socket left open, under fetch, undici and node:http); a flood of requests and notifications (answered at most
 * 10 a second, each as its method takes; nothing thrown); completions naming ids never issued, another call's, or
 * heard before the accept; an event over `maxBytes`; a stream that ends after a notification each time (opened at most
 * 6 times a minute) or after what is no JSON-RPC message (given up after two GETs); a redirect, a 401 or 403 (given up
 * after two GETs, logged in a sentence without the credentials the GET carried; the other origin sent nothing); a
 * stream that polls (SEP-1699: an event with an id and a `retry`, then the end: opened again after the `retry`, at
 * least 100 ms and at most 30 s, with `Last-Event-ID`, never given up); a session ended (the stream held again in the
 * next one, resuming nothing of the old) or none named (no stream).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, type Layer, Redacted, Scope } from "effect"
import { Mcp, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import type * as HttpClient from "effect/http/HttpClient"
import * as Http from "node:http"
import * as Listen from "../../support/Listen.js"
import { logged } from "../../support/Logged.js"
import * as LoopEvents from "../../support/LoopEvents.js"
import * as SessionServer from "../../support/mcp/SessionServer.js"
import { answered, askedPage, called } from "../../support/McpQuestions.js"
import { until } from "../../support/Until.js"

const secret = "sk-listen-hostile-7f3a9c51"

const clients: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["fetch", FetchHttpClient.layer],
  ["undici", NodeHttpClient.layerUndici],
  ["node", NodeHttpClient.layerNodeHttp]
]

/** The server's tools in `scope`, each call within 2 s; the transport's credentials in two headers. */
const connect = (url: string, scope: Scope.Scope, maxResultBytes?: number) =>
  Mcp.tools({
    transport: {
      http: { url, headers: { authorization: Redacted.make(`Bearer ${secret}`), "x-api-key": Redacted.make(secret) } }
    },
    timeout: "2 seconds",
    needsApproval: false,
    elicitation: "approval",
    ...(maxResultBytes === undefined ? {} : { maxResultBytes })
  }).pipe(Scope.provide(scope))

/** Calls `t`, answered at once. */
const callT = (tools: ReadonlyArray<Mcp.McpTool>) => {
  const tool = tools.find((candidate) => candidate.mcpName === "t")!
  return tool.handler({}, new Tool.ToolCall({ id: "c", name: tool.name, arguments: "{}" }))
}

/** `effect`'s value and the milliseconds it took. */
const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const started = Date.now()
    return Effect.map(effect, (value) => [value, Date.now() - started] as const)
  })

const gets = (server: SessionServer.SessionServer, session?: string) =>
  server.seen.filter((seen) => seen.method === "GET" && (session === undefined || seen.session === session))

/** The answers the client posted to the server's requests. */
const answers = (server: SessionServer.SessionServer) =>
  server.seen.filter((seen) => seen.method === "POST" && seen.message.method === undefined).map((seen) => seen.message)

const trickle: SessionServer.OnGet = (_, response) => {
  SessionServer.sse(response)
  const timer = setInterval(() => response.write("x"), 1_000)
  response.on("close", () => clearInterval(timer))
}

const quiet: ReadonlyArray<readonly [string, SessionServer.OnGet]> = [
  ["a stream that never sends a byte", (_, response) => SessionServer.sse(response)],
  ["a stream that trickles a byte a second", trickle]
]

describe("a session's GET stream that says nothing", () => {
  for (const [kind, onGet] of quiet) {
    for (const [client, layer] of clients) {
      it.live(`${client}: ${kind}: connect, a call and close in their times; no socket left open`, () =>
        Effect.gen(function*() {
          const server = yield* SessionServer.make(onGet)
          const scope = yield* Scope.make()
          const [tools, connecting] = yield* timed(connect(server.url, scope))
          assert.isTrue(yield* until(() => server.streams.size === 1))
          // Held a while: a trickle has sent a byte.
          yield* Effect.sleep("1200 millis")
          const [result, calling] = yield* timed(callT(tools))
          const [, closing] = yield* timed(Scope.close(scope, Exit.void))
          assert.strictEqual(result, "files: a.txt, b.txt")
          assert.isBelow(connecting, 2_000)
          assert.isBelow(calling, 1_000)
          assert.isBelow(closing, 1_000)
          // The GET ended with the connection: the server holds no socket of it (every other answer closes its own).
          assert.isTrue(
            yield* until(() => server.openSockets() === 0, 2_000),
            `${server.openSockets()} open, ${server.streams.size} streams`
          )
          assert.strictEqual(server.streams.size, 0)
        }).pipe(Effect.scoped, Effect.provide(layer)))
    }
  }
})

const complete = (elicitationId: unknown) =>
  SessionServer.event({ jsonrpc: "2.0", method: "notifications/elicitation/complete", params: { elicitationId } })

/** A thousand requests (pings, URL and form questions, unknown methods), each among completions of ids never issued. */
const flood = (): string => {
  const url = { mode: "url", url: "https://x.example.com/", elicitationId: "z", message: "m" }
  const kinds = [["ping"], ["elicitation/create", url], ["elicitation/create", { mode: "form" }], ["no/such"]] as const
  const parts: Array<string> = []
  for (let i = 0; i < 1000; i++) {
    const [method, params] = kinds[i % 4]!
    parts.push(SessionServer.event({ jsonrpc: "2.0", id: `s${i}`, method, params }), complete(`never-${i}`))
  }
  return parts.join("")
}

/** The answer the client owes to request `s<i>` of `flood`. */
const owed = (i: number) =>
  [{ result: {} }, { result: { action: "cancel" } }, { error: { code: -32602 } }, { error: { code: -32601 } }][i % 4]!

describe("a session's GET stream that floods", () => {
  it.live("a thousand requests in one chunk: answered at most 10 a second, each as owed; a call goes on", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make((_, response) => SessionServer.sse(response, flood()))
      const scope = yield* Scope.make()
      const tools = yield* connect(server.url, scope)
      assert.isTrue(yield* until(() => answers(server).length > 0))
      yield* Effect.sleep("2 seconds")
      const [result, calling] = yield* timed(callT(tools))
      const posted = answers(server)
      // Before, all thousand in about 2 s, and a flood without end kept a core busy (1,933 POSTs in 5 s).
      assert.isAtMost(posted.length, 25)
      assert.isAtLeast(posted.length, 10)
      posted.forEach((answer, i) => {
        assert.strictEqual(answer.id, `s${i}`)
        const { error, result } = owed(i) as { error?: { code: number }; result?: unknown }
        if (result !== undefined) assert.deepStrictEqual(answer.result, result)
        else assert.strictEqual((answer.error as { code: number }).code, error!.code)
      })
      assert.strictEqual(result, "files: a.txt, b.txt")
      assert.isBelow(calling, 1_000)
      yield* Scope.close(scope, Exit.void)
      assert.isTrue(yield* until(() => server.openSockets() === 0, 2_000))
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("an event over maxBytes, in pieces: that stream ends, and another is opened; nothing thrown", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make((_, response) => {
        // The first stream: a completion of an id never issued, a `__proto__`, then an event without end.
        if (server.streams.size > 1) return SessionServer.sse(response)
        SessionServer.sse(response, complete("__proto__") + complete("h".repeat(50_000)) + "data: ")
        for (let i = 0; i < 8; i++) response.write("y".repeat(32 * 1024))
      })
      const scope = yield* Scope.make()
      const tools = yield* connect(server.url, scope, 128 * 1024)
      // The first stream brought messages: a second is opened after the SDK's 1 s.
      assert.isTrue(yield* until(() => gets(server).length === 2 && server.streams.size === 1, 5_000))
      assert.strictEqual(yield* callT(tools), "files: a.txt, b.txt")
      yield* Scope.close(scope, Exit.void)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("completions on the stream", () => {
  it.live("another call's id and ids never issued: the wait goes on; an id heard before its accept counts", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make((_, response) => SessionServer.sse(response))
      const tools = yield* connect(server.url, yield* Effect.scope)
      assert.isTrue(yield* until(() => server.streams.size === 1))
      const first = yield* called(tools, "c1", "files")
      const second = yield* called(tools, "c2", "files")
      const [one, two] = [first, second].map((call) =>
        new URL(askedPage(call.events).href).searchParams.get("elicitation")
      )
      assert.deepStrictEqual([one, two], server.issued)
      // The second call's page said done before its accept; nothing of the first's.
      SessionServer.push(server, complete(two) + complete("__proto__") + complete(`${one}x`) + complete(["x"]))
      yield* Effect.sleep("100 millis")
      const [waited, waiting] = yield* timed(answered(tools, first, "c1", true))
      // Half the call's 2 s waited for the first's own completion, which never came: the user is asked again.
      assert.isAtLeast(waiting, 900)
      assert.strictEqual(LoopEvents.done(waited).reason, "approval")
      server.completed.add(two!)
      const [done, retrying] = yield* timed(answered(tools, second, "c2", true))
      assert.isBelow(retrying, 900)
      assert.include(LoopEvents.text(done), "files: a.txt, b.txt")
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

/** A server on a port of its own for the scope: the requests it was sent. */
const elsewhere = Effect.gen(function*() {
  const seen: Array<Http.IncomingHttpHeaders> = []
  const origin = yield* Listen.listen(Http.createServer((request, response) => {
    seen.push(request.headers)
    response.writeHead(500).end()
  }))
  return { origin, seen }
})

/** Answers to the GET that bring no stream, each with the credentials it carried echoed where the server may. */
const refusals: ReadonlyArray<readonly [string, (to: string) => SessionServer.OnGet, string]> = [
  [
    "a 307 to another origin",
    (to) => (_, response) => response.writeHead(307, { location: `${to}/mcp` }).end(),
    "HTTP 307, a redirect to"
  ],
  [
    "a 401",
    () => (request, response) =>
      response.writeHead(401, { "www-authenticate": `${request.headers.authorization}` }).end(
        `${request.headers["x-api-key"]}`
      ),
    "HTTP 401"
  ],
  ["a 403", () => (_, response) => response.writeHead(403).end(), "HTTP 403"],
  [
    "a page whose type holds the credential",
    () => (request, response) =>
      response.writeHead(200, { "content-type": `text/html; key=${request.headers["x-api-key"]}` }).end(),
    "not an event stream"
  ]
]

describe("a session's GET stream refused", () => {
  for (const [kind, onGet, why] of refusals) {
    for (const [client, layer] of clients.slice(0, 2)) {
      it.live(`${client}: ${kind}: given up after two GETs, said in a log line without the credentials; calls go on`, () =>
        Effect.gen(function*() {
          const other = yield* elsewhere
          const server = yield* SessionServer.make(onGet(other.origin))
          const [, lines] = yield* logged(
            Effect.gen(function*() {
              const tools = yield* connect(server.url, yield* Effect.scope)
              assert.isTrue(yield* until(() => gets(server).length === 2))
              assert.strictEqual(yield* callT(tools), "files: a.txt, b.txt")
              yield* Effect.sleep("1500 millis")
            }).pipe(Effect.scoped)
          )
          // The GETs carried the connection's credentials; nothing was sent where the server pointed.
          assert.deepStrictEqual(gets(server).map((seen) => seen.authorization), [
            `Bearer ${secret}`,
            `Bearer ${secret}`
          ])
          assert.deepStrictEqual(other.seen, [])
          const origin = new URL(server.url).origin
          assert.include(lines, `MCP server at ${origin}: its stream of notifications is given up after 2 GETs failed`)
          assert.include(lines, why)
          if (kind.startsWith("a 307")) assert.include(lines, `a redirect to ${other.origin}, not followed`)
          assert.notInclude(lines, secret.slice(3, 15))
        }).pipe(Effect.scoped, Effect.provide(layer)))
    }
  }
})

/** Answers each GET with `text`, then ends the stream. */
const endsAfter = (text: string): SessionServer.OnGet => (_, response) => {
  SessionServer.sse(response, text)
  response.end()
}

describe("a session's GET stream that keeps ending", () => {
  it.live(
    "after a notification each time: opened at most 6 times a minute, said once in a log line",
    () =>
      Effect.gen(function*() {
        const server = yield* SessionServer.make(endsAfter(complete("never-issued")))
        const [, lines] = yield* logged(
          Effect.gen(function*() {
            const tools = yield* connect(server.url, yield* Effect.scope)
            assert.isTrue(yield* until(() => gets(server).length >= 6, 10_000))
            // Before, the SDK's way: a GET a second for as long as the connection lived (9 in these 9 s).
            yield* Effect.sleep("3 seconds")
            assert.strictEqual(yield* callT(tools), "files: a.txt, b.txt")
          }).pipe(Effect.scoped)
        )
        assert.strictEqual(gets(server).length, 6)
        const origin = new URL(server.url).origin
        assert.include(lines, `MCP server at ${origin}: its stream of notifications keeps ending`)
        assert.strictEqual(lines.split("keeps ending").length, 2)
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    30_000
  )

  const unheard: ReadonlyArray<readonly [string, string]> = [
    ["not JSON-RPC 2.0", SessionServer.event({ method: "notifications/elicitation/complete", params: {} })],
    ["a method that is not a string", SessionServer.event({ jsonrpc: "2.0", method: 7 })],
    ["a request whose id is an object", SessionServer.event({ jsonrpc: "2.0", id: {}, method: "ping" })],
    ["a response", SessionServer.event({ jsonrpc: "2.0", id: 1, result: {} })],
    ["text", "data: hello\n\n"]
  ]
  for (const [kind, text] of unheard) {
    it.live(`after ${kind} each time: nothing heard, given up after two GETs, said in a log line`, () =>
      Effect.gen(function*() {
        const server = yield* SessionServer.make(endsAfter(text))
        const [, lines] = yield* logged(
          Effect.gen(function*() {
            yield* connect(server.url, yield* Effect.scope)
            assert.isTrue(yield* until(() => gets(server).length === 2))
            yield* Effect.sleep("2500 millis")
          }).pipe(Effect.scoped)
        )
        assert.strictEqual(gets(server).length, 2)
        assert.include(lines, "given up after 2 GETs failed (the last: it ended without a notification or request)")
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
  }
})

/** Answers each GET with an event of an id (`p<n>`, the GET's number) and empty data after `retry`, then ends it. */
const polls = (retry: string): SessionServer.OnGet => (_, response, server) => {
  SessionServer.sse(response, `id: p${gets(server).length}\n${retry}\ndata: \n\n`)
  response.end()
}

/** The milliseconds between the GETs of `server`, in order. */
const gaps = (server: SessionServer.SessionServer) =>
  gets(server).slice(1).map((seen, i) => seen.at - gets(server)[i]!.at)

describe("a session's GET stream that polls (SEP-1699: an event with an id, a retry, then the stream ends)", () => {
  it.live(
    "retry: 300: each GET 300 ms after the last, with its Last-Event-ID; never given up, 6 a minute",
    () =>
      Effect.gen(function*() {
        const server = yield* SessionServer.make(polls("retry: 300"))
        const [, lines] = yield* logged(
          Effect.gen(function*() {
            const tools = yield* connect(server.url, yield* Effect.scope)
            // Before: the SDK's backoff (1 s, then 1.5 s), no Last-Event-ID, and given up after two GETs.
            assert.isTrue(yield* until(() => gets(server).length === 6, 5_000))
            yield* Effect.sleep("1 second")
            assert.strictEqual(yield* callT(tools), "files: a.txt, b.txt")
          }).pipe(Effect.scoped)
        )
        assert.deepStrictEqual(gets(server).map((seen) => seen.lastEventId), [undefined, "p1", "p2", "p3", "p4", "p5"])
        for (const gap of gaps(server)) {
          assert.isAtLeast(gap, 295)
          assert.isBelow(gap, 900)
        }
        assert.notInclude(lines, "given up")
        assert.strictEqual(lines.split("keeps ending").length, 2)
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    15_000
  )

  const hostile: ReadonlyArray<readonly [string, number, number, number]> = [
    // The floor: every GET at once, were it waited as given.
    ["retry: 0", 4, 100, 400],
    // No retry (only digits are one): the SDK's backoff, 1 s after a stream that went on.
    ["retry: -1", 3, 1_000, 1_600],
    ["retry: soon", 3, 1_000, 1_600]
  ]
  for (const [retry, count, least, most] of hostile) {
    it.live(
      `${retry}: ${count} GETs, ${least} ms apart or more, each with its Last-Event-ID`,
      () =>
        Effect.gen(function*() {
          const server = yield* SessionServer.make(polls(retry))
          yield* connect(server.url, yield* Effect.scope)
          assert.isTrue(yield* until(() => gets(server).length === count, 5_000))
          assert.deepStrictEqual(
            gets(server).map((seen) => seen.lastEventId),
            [undefined, "p1", "p2", "p3"].slice(0, count)
          )
          for (const gap of gaps(server)) {
            assert.isAtLeast(gap, least - 5)
            assert.isBelow(gap, most)
          }
        }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
      15_000
    )
  }

  it.live("retry: 10^12: the stream is not opened again within 2 s (within 30 s: McpBounds.resume.maxRetry)", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make(polls("retry: 1000000000000"))
      yield* connect(server.url, yield* Effect.scope)
      assert.isTrue(yield* until(() => gets(server).length === 1))
      yield* Effect.sleep("2 seconds")
      assert.strictEqual(gets(server).length, 1)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})

describe("a session's GET stream and the session", () => {
  it.live("a session ended (404): the stream stops, and is held again in the session the next call starts", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make((_, response) => SessionServer.sse(response))
      const tools = yield* connect(server.url, yield* Effect.scope)
      assert.isTrue(yield* until(() => server.streams.size === 1))
      server.expire()
      // Its stream ended; opened again after 1 s in the session it names: 404, so no more.
      assert.isTrue(yield* until(() => gets(server).length === 2, 3_000))
      assert.strictEqual(yield* callT(tools), "files: a.txt, b.txt")
      const [first, renewed] = server.sessions
      assert.isTrue(yield* until(() => gets(server, renewed).length === 1 && server.streams.size === 1, 3_000))
      assert.strictEqual(gets(server, first).length, 2)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a session ended after an event id: its GET meets the 404; the next session's GET resumes nothing", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make((_, response) => SessionServer.sse(response, "id: s1\ndata: \n\n"))
      const tools = yield* connect(server.url, yield* Effect.scope)
      assert.isTrue(yield* until(() => server.streams.size === 1))
      server.expire()
      assert.isTrue(yield* until(() => gets(server).length === 2, 3_000))
      // The 404 alone starts no session: the next call's POST meets its own and starts one.
      yield* Effect.sleep("300 millis")
      assert.strictEqual(server.sessions.length, 1)
      assert.strictEqual(yield* callT(tools), "files: a.txt, b.txt")
      const [first, renewed] = server.sessions
      assert.isTrue(yield* until(() => gets(server, renewed).length === 1, 3_000))
      assert.deepStrictEqual(gets(server, first).map((seen) => seen.lastEventId), [undefined, "s1"])
      assert.deepStrictEqual(gets(server, renewed).map((seen) => seen.lastEventId), [undefined])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))

  it.live("a server that names no session: no stream; a page's retry is made at once, as no completion can come", () =>
    Effect.gen(function*() {
      const server = yield* SessionServer.make((_, response) => SessionServer.sse(response), { sessions: false })
      const tools = yield* connect(server.url, yield* Effect.scope)
      const first = yield* called(tools, "c1", "files")
      askedPage(first.events)
      const [events, retrying] = yield* timed(answered(tools, first, "c1", true))
      assert.isBelow(retrying, 900)
      assert.strictEqual(LoopEvents.done(events).reason, "approval")
      assert.deepStrictEqual(gets(server), [])
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)))
})
