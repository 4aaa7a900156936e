/**
 * A `tools/call` whose SSE response breaks off before its result (MCP 2025-11-25, basic/transports, "Resumability and
 * Redelivery"): the server is the official SDK's (`StreamableHTTPServerTransport`, with an event store as the SDK's
 * `InMemoryEventStore`, but ordered), its tool sends a progress notification, then the test destroys the response's
 * socket; the result is stored, and only a GET with `Last-Event-ID` brings it. The call returns it, once. A server
 * without an event store gives no ids: the call fails with the transport's error, as before. A hostile resumption
 * (one that breaks every resumed stream, or holds it open without the result) ends in the typed error within the
 * call's timeout, and no error holds the transport's credential. A server's `retry` is waited before each of three
 * resumptions (the test's clock), a hostile one within 100 ms and 30 s, one not all digits as none.
 */
import { assert, describe, it } from "@effect/vitest"
import { Server } from "@modelcontextprotocol/sdk/server/index.js"
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js"
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js"
import { CallToolRequestSchema, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js"
import { Clock, Effect, Fiber, Option, Redacted } from "effect"
import { Mcp, Tool } from "effect-llm-stream"
import { FetchHttpClient, HttpClient, HttpClientRequest, HttpClientResponse } from "effect/http"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import { randomUUID } from "node:crypto"
import * as Http from "node:http"
import * as McpBounds from "../../../src/app/mcp/McpBounds.js"
import * as McpResume from "../../../src/app/mcp/McpResume.js"

const token = "resume-token-5150"

/** The SDK's `InMemoryEventStore`, its ids ordered by a counter (the SDK's sort by a timestamp and a random part). */
class EventStore {
  /** Every store's events, the test's record. */
  static readonly all: Array<{ id: string; streamId: string; message: JSONRPCMessage }> = []
  readonly events: Array<{ id: string; streamId: string; message: JSONRPCMessage }> = []
  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const id = `${streamId}_${String(this.events.length).padStart(6, "0")}`
    this.events.push({ id, streamId, message })
    EventStore.all.push({ id, streamId, message })
    return id
  }
  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (id: string, message: JSONRPCMessage) => Promise<void> }
  ): Promise<string> {
    const at = this.events.findIndex((event) => event.id === lastEventId)
    if (at === -1) return ""
    const { streamId } = this.events[at]!
    for (const event of this.events.slice(at + 1)) {
      if (event.streamId === streamId) await send(event.id, event.message)
    }
    return streamId
  }
}

/**
 * A server whose `report` tool sends progress (unless `progress` is false: then its response holds only the SDK's
 * priming event, an id and empty data), waits for its response to be cut, and answers `done`.
 */
const makeServer = (cut: Promise<void>, progress: boolean) => {
  const server = new Server({ name: "resume", version: "1.0.0" }, { capabilities: { tools: {} } })
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [{ name: "report", inputSchema: { type: "object", properties: {} }, annotations: { readOnlyHint: true } }]
  }))
  server.setRequestHandler(CallToolRequestSchema, async (_request, extra) => {
    if (progress) {
      await extra.sendNotification({
        method: "notifications/progress",
        params: { progressToken: "report", progress: 1, total: 2 }
      })
    }
    await cut
    return { content: [{ type: "text", text: "done" }] }
  })
  return server
}

/** What a test server does with a resuming GET: the SDK's replay, or a hostile answer. */
type Resuming = "sdk" | "breaks" | "holds"

/**
 * The server for the scope (one SDK transport per session, `eventStore` or none): a `tools/call`'s response socket is
 * destroyed after its progress event; every resuming GET's `Last-Event-ID` and credential are kept.
 */
const serve = (options: { readonly eventStore: boolean; readonly resuming?: Resuming; readonly progress?: boolean }) =>
  Effect.acquireRelease(
    Effect.callback<{ url: string; server: Http.Server; gets: Array<{ lastEventId: string; auth: string }> }>(
      (resume) => {
        const sessions = new Map<string, StreamableHTTPServerTransport>()
        const gets: Array<{ lastEventId: string; auth: string }> = []
        let cutDone = () => {}
        const cut = new Promise<void>((resolve) => (cutDone = resolve))
        const server = Http.createServer(async (request, response) => {
          const lastEventId = request.headers["last-event-id"]
          if (request.method === "GET" && typeof lastEventId === "string") {
            gets.push({ lastEventId, auth: request.headers["authorization"] ?? "" })
            if (options.resuming === "breaks" || options.resuming === "holds") {
              response.writeHead(200, { "content-type": "text/event-stream" })
              const progress = { jsonrpc: "2.0", method: "notifications/progress", params: { progressToken: "r" } }
              response.write(`id: hostile-${gets.length}\nretry: 10\ndata: ${JSON.stringify(progress)}\n\n`)
              if (options.resuming === "breaks") setTimeout(() => response.socket?.destroy(), 20)
              return
            }
          }
          // A POST's body read here, so that only a `tools/call`'s response is cut.
          let body: unknown = undefined
          if (request.method === "POST") {
            const chunks: Array<Buffer> = []
            for await (const chunk of request) chunks.push(chunk as Buffer)
            body = JSON.parse(Buffer.concat(chunks).toString())
            const calling = (body as { method?: string }).method === "tools/call"
            const write = response.write.bind(response) as (chunk: unknown, ...rest: Array<unknown>) => boolean
            response.write = ((chunk: unknown, ...rest: Array<unknown>) => {
              const written = write(chunk, ...rest)
              const text = Buffer.from(chunk as Uint8Array).toString()
              // The last event before the cut: the progress notification, or (without one) the priming event.
              const last = options.progress === false
                ? /^id: .*\n(retry: \d+\n)?data: \n\n$/.test(text)
                : text.includes("notifications/progress")
              if (calling && last) {
                // Once the event has left: a socket destroyed at once drops what it has not sent.
                setTimeout(() => {
                  response.socket?.destroy()
                  setTimeout(cutDone, 50)
                }, 50)
              }
              return written
            }) as typeof response.write
          }
          const id = request.headers["mcp-session-id"]
          let transport = typeof id === "string" ? sessions.get(id) : undefined
          if (transport === undefined) {
            const made: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
              sessionIdGenerator: () => randomUUID(),
              onsessioninitialized: (session) => void sessions.set(session, made),
              ...(options.eventStore ? { eventStore: new EventStore() } : {})
            })
            transport = made
            await makeServer(cut, options.progress !== false).connect(transport)
          }
          await transport.handleRequest(request, response, body)
        })
        server.listen(0, "127.0.0.1", () => {
          const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`
          resume(Effect.succeed({ url, server, gets }))
        })
      }
    ),
    ({ server }) =>
      Effect.callback<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

/** The `report` tool's call, on a server at `url` behind the bearer token. */
const report = (url: string) =>
  Effect.gen(function*() {
    const tools = yield* Mcp.tools({
      transport: { http: { url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } }
    })
    const tool = tools[0]!
    return yield* tool.handler({}, new Tool.ToolCall({ id: "c", name: tool.name, arguments: "{}" }))
  })

describe("a tools/call whose SSE response breaks off", () => {
  it.live("after an event with an id: a GET with Last-Event-ID brings the result, once", () =>
    Effect.gen(function*() {
      const { gets, url } = yield* serve({ eventStore: true })
      const result = yield* report(url)
      assert.strictEqual(result, "done")
      assert.strictEqual(gets.length, 1)
      // Resumed after the progress event, the last the client read whole.
      const progress = EventStore.all.find(({ message }) =>
        "method" in message && message.method === "notifications/progress"
      )
      assert.strictEqual(gets[0]!.lastEventId, progress?.id)
      assert.strictEqual(gets[0]!.auth, `Bearer ${token}`)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)), 20_000)

  it.live(
    "after the priming event alone (an id and empty data, no progress): the GET brings the result",
    () =>
      Effect.gen(function*() {
        const { gets, url } = yield* serve({ eventStore: true, progress: false })
        const result = yield* report(url)
        assert.strictEqual(result, "done")
        assert.strictEqual(gets.length, 1)
        // The priming event's id: the SDK stores it with an empty message.
        const priming = EventStore.all.filter(({ message }) => Object.keys(message).length === 0).map(({ id }) => id)
        assert.include(priming, gets[0]!.lastEventId)
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    20_000
  )

  it.live("without ids: the transport's error, as before, and no GET", () =>
    Effect.gen(function*() {
      const { gets, url } = yield* serve({ eventStore: false })
      const error = yield* Effect.flip(report(url))
      assert.strictEqual(error.reason, "Transport")
      assert.strictEqual(gets.length, 0)
    }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)), 20_000)

  it.live(
    "a resumption that breaks every stream: the transport's error after a bounded number of GETs",
    () =>
      Effect.gen(function*() {
        const { gets, url } = yield* serve({ eventStore: true, resuming: "breaks" })
        const error = yield* Effect.flip(report(url))
        assert.strictEqual(error.reason, "Transport")
        assert.notInclude(error.message, token)
        assert.strictEqual(gets.length, 16)
        assert.strictEqual(gets[1]!.lastEventId, "hostile-1")
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    20_000
  )

  it.live(
    "a resumption held open without the result: the call ends at its timeout, as the loop times it",
    () =>
      Effect.gen(function*() {
        const { gets, url } = yield* serve({ eventStore: true, resuming: "holds" })
        const started = Date.now()
        // `ToolRuns` bounds a call so: past `timeout`, the model reads an error result.
        const result = yield* Effect.timeoutOption(report(url), "3 seconds")
        assert.isTrue(Option.isNone(result))
        assert.isBelow(Date.now() - started, 6_000)
        assert.strictEqual(gets.length, 1)
      }).pipe(Effect.scoped, Effect.provide(FetchHttpClient.layer)),
    20_000
  )
})

/** An SSE response of `chunks`, then broken off (`breaks`) or ended. */
const sse = (chunks: ReadonlyArray<string>, breaks: boolean, headers: Record<string, string> = {}) => {
  const left = [...chunks]
  const body = new ReadableStream<Uint8Array>({
    pull: (controller) => {
      const chunk = left.shift()
      if (chunk !== undefined) controller.enqueue(new TextEncoder().encode(chunk))
      else if (breaks) controller.error(new Error("socket closed"))
      else controller.close()
    }
  })
  return new Response(body, { headers: { "content-type": "text/event-stream", ...headers } })
}

/**
 * A POST with `headers` through `McpResume.resumable` (`maxBytes`) over an in-memory server: the POST answered with
 * `post`'s SSE chunks, broken off; each GET (kept in `gets`) with `get`'s response.
 */
const posted = (options: {
  readonly post: ReadonlyArray<string>
  readonly get: () => Response
  readonly headers?: Record<string, string>
  readonly maxBytes?: number
}) =>
  Effect.gen(function*() {
    const gets: Array<HttpClientRequest.HttpClientRequest> = []
    const client = HttpClient.make((request) =>
      Effect.sync(() => {
        if (request.method === "GET") gets.push(request)
        return HttpClientResponse.fromWeb(
          request,
          request.method === "GET" ? options.get() : sse(options.post, true, { "mcp-session-id": "s1" })
        )
      })
    )
    const response = yield* McpResume.resumable(client, options.maxBytes ?? 1024).execute(
      HttpClientRequest.post("http://mcp.test/mcp").pipe(
        HttpClientRequest.setHeaders(options.headers ?? {}),
        HttpClientRequest.bodyText("{}", "application/json")
      )
    )
    return { body: Stream.decodeText(response.stream), gets }
  })

/** The text of `body` as it arrives, and how it ended. */
const readAll = (body: Stream.Stream<string, unknown>) =>
  Effect.gen(function*() {
    let text = ""
    const exit = yield* Effect.exit(Stream.runForEach(body, (piece) => Effect.sync(() => (text += piece))))
    return { text, failed: exit._tag === "Failure" }
  })

describe("McpResume.resumable", () => {
  it.live("an event broken off is left for the replay; CRLF split across pieces; retry, session and headers", () =>
    Effect.gen(function*() {
      const { body, gets } = yield* posted({
        post: ["retry: 5\r\nid: a\r\ndata: {\"x\":1}\r", "\n\r\nid: b\ndata: {\"par"],
        get: () => sse(["id: b\ndata: {\"partial\":true}\n\n"], false, { "content-type": "text/event-stream; x=y" }),
        headers: { authorization: "Bearer t", "mcp-protocol-version": "2025-11-25" }
      })
      // Read as the transport reads: until the response, here the event broken off.
      const text = yield* body.pipe(Stream.takeUntil((piece) => piece.includes("partial")), Stream.mkString)
      assert.strictEqual(text, "retry: 5\r\nid: a\r\ndata: {\"x\":1}\r\n\r\nid: b\ndata: {\"partial\":true}\n\n")
      assert.strictEqual(gets.length, 1)
      assert.deepInclude(gets[0]!.headers, {
        accept: "text/event-stream",
        authorization: "Bearer t",
        "last-event-id": "a",
        "mcp-session-id": "s1"
      })
      assert.notProperty(gets[0]!.headers, "content-type")
      assert.strictEqual(gets[0]!.body._tag, "Empty")
    }))

  it.live("an id with no data (an event no parser dispatches) still names where to resume; an empty id forgets it", () =>
    Effect.gen(function*() {
      // WHATWG HTML, "Interpreting an event stream": the id field sets the last event id, dispatched or not.
      const resumed = yield* posted({
        post: ["id: a\ndata: {\"x\":1}\n\nid: b\n\n"],
        get: () => sse(["data: {\"done\":true}\n\n"], false)
      })
      yield* resumed.body.pipe(Stream.takeUntil((piece) => piece.includes("done")), Stream.runDrain)
      assert.strictEqual(resumed.gets[0]?.headers["last-event-id"], "b")
      const forgotten = yield* posted({ post: ["id: a\ndata: {\"x\":1}\n\nid\n\n"], get: () => sse([], false) })
      yield* readAll(forgotten.body)
      assert.strictEqual(forgotten.gets.length, 0)
    }))

  it.live("failed GETs: 2 in a row, then the stream ends as it broke off", () =>
    Effect.gen(function*() {
      const { body, gets } = yield* posted({
        post: ["retry: 5\nid: a\ndata: {}\n\n"],
        get: () => new Response("busy", { status: 503 })
      })
      assert.isTrue((yield* readAll(body)).failed)
      assert.strictEqual(gets.length, McpBounds.resume.maxFailures)
    }))

  it.live("an event held past the bound goes on as it is, for the transport's bound, and is not resumed", () =>
    Effect.gen(function*() {
      const { body, gets } = yield* posted({
        post: ["id: a\ndata: {}\n\n", `data: ${"x".repeat(40)}`],
        get: () => sse([], false),
        maxBytes: 16
      })
      assert.deepStrictEqual(yield* readAll(body), { text: `id: a\ndata: {}\n\ndata: ${"x".repeat(40)}`, failed: true })
      assert.strictEqual(gets.length, 0)
    }))

  it.live(
    "one 2 MiB event in 64-byte pieces is held in linear time, and goes on whole when it ends",
    () =>
      Effect.gen(function*() {
        const data = "y".repeat(2 * 2 ** 20)
        const pieces = ["id: a\ndata: "]
        for (let at = 0; at < data.length; at += 64) pieces.push(data.slice(at, at + 64))
        pieces.push("\n\n")
        const { body } = yield* posted({ post: pieces, get: () => sse([], false), maxBytes: 4 * 2 ** 20 })
        const started = Date.now()
        // Read as the transport reads: until the event ends.
        const text = yield* body.pipe(Stream.takeUntil((piece) => piece.endsWith("\n\n")), Stream.mkString)
        // Reading the held text again for every piece took about 30 seconds here; linear, well under one.
        assert.isBelow(Date.now() - started, 8_000)
        assert.strictEqual(text, `id: a\ndata: ${data}\n\n`)
      }),
    120_000
  )

  it.live("a 2026-07-28 request's stream is not resumed (its revision has no resumption)", () =>
    Effect.gen(function*() {
      const { body, gets } = yield* posted({
        post: ["id: a\ndata: {}\n\n"],
        get: () => sse([], false),
        headers: { "mcp-protocol-version": "2026-07-28" }
      })
      assert.isTrue((yield* readAll(body)).failed)
      assert.strictEqual(gets.length, 0)
    }))
})

/** A server's `retry` line, and the wait it has the client make before each GET (`McpBounds.reconnectDelay`). */
const retries: ReadonlyArray<readonly [string, number]> = [
  ["retry: 250", 250],
  // The floor: a burst of resumptions, before.
  ["retry: 0", McpBounds.resume.minRetry],
  // The ceiling: the call held past its timeout, before (`retry` as Infinity: never resumed).
  ["retry: 1000000000000", McpBounds.resume.maxRetry],
  [`retry: ${"9".repeat(400)}`, McpBounds.resume.maxRetry],
  // No `retry` (WHATWG HTML: only digits): the SDK's backoff, 1 s after a GET that brought a stream.
  ["retry: -5", McpBounds.resume.initialDelay],
  ["retry: 1.5", McpBounds.resume.initialDelay],
  ["retry: soon", McpBounds.resume.initialDelay]
]

/** Lets the body's promises settle, in real time (the test's clock stands still meanwhile). */
const settle = Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 20)))

/**
 * A POST through `McpResume.resumable` whose SSE response is an event with an id and `retry` (broken off); the first
 * two GETs bring an event with an id and end (the server polls), the third the result. The test's clock: when each
 * GET was sent, with its `Last-Event-ID`.
 */
const polled = (retry: string) =>
  Effect.gen(function*() {
    const gets: Array<{ readonly at: number; readonly lastEventId: string | undefined }> = []
    const client = HttpClient.make((request) =>
      Effect.map(Clock.currentTimeMillis, (at) => {
        if (request.method === "GET") gets.push({ at, lastEventId: request.headers["last-event-id"] })
        const n = gets.length
        const body = request.method === "POST"
          ? sse([`id: e0\n${retry}\ndata: \n\n`], true)
          : sse([n < 3 ? `id: e${n}\ndata: \n\n` : "data: {\"done\":true}\n\n"], false)
        return HttpClientResponse.fromWeb(request, body)
      })
    )
    const response = yield* McpResume.resumable(client, 1024).execute(
      HttpClientRequest.post("http://mcp.test/mcp").pipe(HttpClientRequest.bodyText("{}", "application/json"))
    )
    const read = Stream.decodeText(response.stream).pipe(Stream.takeUntil((piece) => piece.includes("done")))
    return { gets, reading: yield* Effect.forkChild(Stream.mkString(read)) }
  })

describe("McpResume.resumable and a server's retry", () => {
  for (const [retry, wait] of retries) {
    it.effect(`${retry.slice(0, 30)}: each of 3 GETs ${wait} ms after the last stream ended, resumed in order`, () =>
      Effect.gen(function*() {
        const { gets, reading } = yield* polled(retry)
        for (let n = 1; n <= 3; n++) {
          yield* settle
          yield* TestClock.adjust(wait - 1)
          yield* settle
          assert.strictEqual(gets.length, n - 1, `GET ${n} before ${wait} ms`)
          yield* TestClock.adjust(1)
          yield* settle
          assert.strictEqual(gets.length, n, `GET ${n} at ${wait} ms`)
        }
        assert.include(yield* Fiber.join(reading), "done")
        assert.deepStrictEqual(gets, [
          { at: wait, lastEventId: "e0" },
          { at: 2 * wait, lastEventId: "e1" },
          { at: 3 * wait, lastEventId: "e2" }
        ])
      }))
  }
})
