/**
 * Retries, timeouts, interruption and every-byte truncation, over real HTTP where a connection matters.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer, Redacted, Schedule, Stream } from "effect"
import { CallStream, LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, type HttpClient } from "effect/http"
import * as Net from "node:net"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import { collect, failureOf } from "../support/Collect.js"
import { until, untilEffect } from "../support/Until.js"

const sse = { "content-type": "text/event-stream" }
const text = Fixtures.bytes("openai", "text.sse")
const fast = { schedule: Schedule.max([Schedule.spaced("10 millis"), Schedule.recurs(2)]) }

const model = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>, options: Partial<OpenAI.Options> = {}) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-x"), baseUrl, ...options })),
    Layer.provide(client)
  )

const retrying = (baseUrl: string, retry: CallStream.RetryOptions = fast) =>
  collect(LanguageModel.stream("hi")).pipe(
    Effect.provide(model(baseUrl, clients[0]![1]).pipe(LanguageModel.withRetry(retry)))
  )

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ReplayServer.Scenario => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

describe("retries", () => {
  it.live("retries 429 and 503 before any chunk, honouring retry-after-ms, then succeeds", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        json(429, { error: { message: "slow down", code: "rate_limit_exceeded" } }, { "retry-after-ms": "30" }),
        json(503, { error: { message: "busy", type: "server_error" } }),
        { headers: sse, body: text }
      ])
      const started = Date.now()
      const { chunks, result } = yield* retrying(baseUrl)
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(server.requests(baseUrl).length, 3)
      assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "4200 + 42 equals 4242.")
      assert.isAtLeast(Date.now() - started, 30)
    }))

  it.live("never retries an authentication or invalid-request error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      for (const status of [401, 400]) {
        const baseUrl = server.serve(json(status, { error: { message: "no" } }))
        failureOf((yield* retrying(baseUrl)).result)
        assert.strictEqual(server.requests(baseUrl).length, 1)
      }
    }))

  it.live("never retries once a chunk was emitted: a retry would duplicate content", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const truncated = text.subarray(0, text.length - 20)
      const baseUrl = server.serve({ headers: sse, body: truncated })
      const { chunks, result } = yield* retrying(baseUrl)
      assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
      assert.strictEqual(server.requests(baseUrl).length, 1)
      assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "4200 + 42 equals 4242.")
    }))

  it.live("stops when the schedule is exhausted, and honours x-should-retry: false", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const always = server.serve(json(503, { error: { message: "down" } }))
      assert.instanceOf(failureOf((yield* retrying(always)).result), ProviderError.ProviderUnavailableError)
      assert.strictEqual(server.requests(always).length, 3)
      const refused = server.serve(json(503, { error: { message: "down" } }, { "x-should-retry": "false" }))
      failureOf((yield* retrying(refused)).result)
      assert.strictEqual(server.requests(refused).length, 1)
    }))

  it.live("a retry hint longer than maxRetryAfter fails at once instead of waiting", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(json(429, { error: { message: "quota" } }, { "retry-after": "86400" }))
      const error = failureOf((yield* retrying(baseUrl, { ...fast, maxRetryAfter: "1 second" })).result)
      assert.instanceOf(error, ProviderError.RateLimitError)
      assert.strictEqual(server.requests(baseUrl).length, 1)
    }))

  it.live("CallStream.retry() and LanguageModel.withRetry() take no arguments: the default schedule", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([json(503, { error: { message: "busy", type: "server_error" } }), {
        headers: sse,
        body: text
      }])
      const viaOperator = yield* collect(LanguageModel.stream("hi").pipe(CallStream.retry())).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]))
      )
      assert.strictEqual(viaOperator.result._tag, "Success")
      const viaLayer = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(model(baseUrl, clients[0]![1]).pipe(LanguageModel.withRetry()))
      )
      assert.strictEqual(viaLayer.result._tag, "Success")
      // The first call's 503 was retried once (the default waits about half a second); the second call
      // got the recorded stream at once.
      assert.strictEqual(server.requests(baseUrl).length, 3)
      assert.strictEqual(viaOperator.chunks.map((chunk) => chunk.content).join(""), "4200 + 42 equals 4242.")
    }))
})

describe("transport errors", () => {
  for (const [clientName, client] of clients) {
    it.live(`a refused connection names the reason, not just "fetch failed" (${clientName})`, () =>
      Effect.gen(function*() {
        // A port that was just free: nothing listens on it (fetch refuses well-known ports such as 9 itself).
        const port = yield* Effect.promise(() =>
          new Promise<number>((resolve) => {
            const probe = Net.createServer().listen(0, "127.0.0.1", () => {
              const { port } = probe.address() as Net.AddressInfo
              probe.close(() => resolve(port))
            })
          })
        )
        const { result } = yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(model(`http://127.0.0.1:${port}/v1`, client))
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.TransportError)
        assert.include(error.message, `connect ECONNREFUSED 127.0.0.1:${port}`)
        assert.notInclude(error.message, "fetch failed")
      }))
  }
})

describe("timeouts", () => {
  for (const [clientName, client] of clients) {
    it.live(`no response within timeouts.firstByte is a transport timeout (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: sse, body: text, headerDelayMs: 2_000 })
        const started = Date.now()
        const { result } = yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(model(baseUrl, client, { timeouts: { firstByte: "150 millis" } }))
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.TransportError)
        assert.strictEqual(error.timeout, "first-byte")
        assert.isTrue(error.retryable)
        assert.isBelow(Date.now() - started, 1_500)
      }))

    it.live(`a silence longer than timeouts.idle is a transport timeout after the chunks before it (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const cut = new TextDecoder().decode(text).indexOf("data:", 600)
        const baseUrl = server.serve({ headers: sse, body: text, cuts: [cut], delayMs: 2_000 })
        const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(model(baseUrl, client, { timeouts: { idle: "200 millis" } }))
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.TransportError)
        assert.strictEqual(error.timeout, "idle")
        assert.isAbove(chunks.length, 0)
      }))
  }
})

/**
 * What is left open after an interruption, per HTTP client. The request's own connection always closes
 * (the replay server sees the response aborted and the socket that carried the request destroyed). With
 * `NodeHttpClient.layerUndici` nothing at all is left open. With `FetchHttpClient` on Node 22 (the undici it
 * bundles, 6.x), the global fetch dispatcher may keep one spare connection it opened but never sent a
 * request on (nodejs/undici#5845): at most one socket that carried no request. Each test runs on a server
 * of its own, so what an earlier test left open to its own server cannot change the count here.
 */
const leftOpen = (server: ReplayServer.ReplayServer, baseUrl: string, clientName: string) =>
  Effect.gen(function*() {
    // Waited for (up to 10 s), then asserted: that the sockets close is checked, not how soon a loaded machine sees it.
    const most = clientName === "undici" ? 0 : 1
    yield* untilEffect(
      Effect.map(
        Effect.promise(() => server.openConnections()),
        (open) => server.abortedResponses(baseUrl) === 1 && server.openRequestConnections(baseUrl) === 0 && open <= most
      ),
      10_000
    )
    assert.strictEqual(server.abortedResponses(baseUrl), 1, "the server saw the response cut off by the client")
    assert.strictEqual(server.openRequestConnections(baseUrl), 0, "the request's own connection is closed")
    const open = yield* Effect.promise(() => server.openConnections())
    if (clientName === "undici") assert.strictEqual(open, 0, "no socket is left open")
    else assert.isAtMost(open, 1, "at most fetch's spare connection, which carried no request")
  })

/**
 * A `fetch` whose response body goes on after it is cancelled, as Bun's did (oven-sh/bun#33227): an SSE piece every
 * 20 ms until the request's signal is aborted. Each call's signal is kept.
 */
const goingOn = () => {
  const signals: Array<AbortSignal> = []
  const piece = new TextEncoder().encode(
    `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4o","choices":[{"index":0,"delta":{"content":"tick "},"finish_reason":null}]}\n\n`
  )
  const fetch = (async (_input: unknown, init?: RequestInit) => {
    const signal = init!.signal!
    signals.push(signal)
    let timer: ReturnType<typeof setInterval> | undefined
    const startedAt = Date.now()
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        timer = setInterval(() => {
          // The test's own bound: a request nothing aborts stops after 2 s.
          if (signal.aborted || Date.now() - startedAt > 2_000) return clearInterval(timer)
          try {
            controller.enqueue(piece)
          } catch {
            // Cancelled: the request goes on all the same until its signal ends it.
          }
        }, 20)
      }
    })
    return new Response(body, { headers: sse })
  }) as typeof globalThis.fetch
  const client = Layer.merge(FetchHttpClient.layer, Layer.succeed(FetchHttpClient.Fetch)(fetch))
  return { signals, client }
}

describe("interruption", () => {
  it.live("a fetch whose cancelled body goes on: an interruption ends the request by its signal, and so does an early end", () =>
    Effect.gen(function*() {
      const { client, signals } = goingOn()
      const layer = Layer.merge(model("http://127.0.0.1:9/v1", client), client)
      // Ended well before its body did (a stop, a consumer that took what it wanted): the body let go of is cut too.
      const taken = yield* LanguageModel.stream("hi").pipe(Stream.take(2), Stream.runCollect, Effect.provide(layer))
      assert.strictEqual(taken.length, 2)
      // Waited for (up to 10 s): that the request is cut is checked, not how soon.
      assert.isTrue(yield* until(() => signals[0]!.aborted, 10_000), "an early end cuts the request")
      const fiber = yield* LanguageModel.stream("hi").pipe(Stream.runDrain, Effect.provide(layer), Effect.forkChild)
      // Interrupted once its request is under way.
      assert.isTrue(yield* until(() => signals.length === 2, 10_000))
      yield* Fiber.interrupt(fiber)
      assert.strictEqual(signals.length, 2)
      assert.isTrue(signals[1]!.aborted)
    }))

  it.live("a fetch whose body is read to its end aborts nothing (no `DOMException` made for a call that ended well)", () =>
    Effect.gen(function*() {
      const signals: Array<AbortSignal> = []
      const fetch = (async (_input: unknown, init?: RequestInit) => {
        signals.push(init!.signal!)
        return new Response(new Uint8Array(text), { headers: sse })
      }) as typeof globalThis.fetch
      const client = Layer.merge(FetchHttpClient.layer, Layer.succeed(FetchHttpClient.Fetch)(fetch))
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(Layer.merge(model("http://127.0.0.1:9/v1", client), client))
      )
      assert.isAbove(response.content.length, 0)
      // Past the reader's wait for a body's end after its stream ended (`Body.endMillis`).
      yield* Effect.sleep("1200 millis")
      assert.strictEqual(signals.length, 1)
      assert.isFalse(signals[0]!.aborted)
    }))

  for (const [clientName, client] of clients) {
    it.live(`a consumer that stops early closes the connection (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const cuts = ReplayServer.randomCuts(text.length, 5, 120)
        const baseUrl = server.serve({ headers: sse, body: text, cuts, delayMs: 200 })
        const first = yield* LanguageModel.stream("hi").pipe(
          Stream.take(2),
          Stream.runCollect,
          Effect.provide(model(baseUrl, client))
        )
        assert.strictEqual(first.length, 2)
        yield* leftOpen(server, baseUrl, clientName)
      }))

    it.live(`interrupting the fiber closes the connection (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: sse, body: text, cuts: [200, 400, 600], delayMs: 500 })
        const fiber = yield* LanguageModel.stream("hi").pipe(
          Stream.runDrain,
          Effect.provide(model(baseUrl, client)),
          Effect.forkChild
        )
        // Interrupted once its request is under way, its answer not yet whole (a cut each 500 ms).
        assert.isTrue(yield* until(() => server.requests(baseUrl).length === 1, 10_000))
        yield* Effect.sleep("200 millis")
        yield* Fiber.interrupt(fiber)
        const exit = yield* Fiber.await(fiber)
        assert.isTrue(Exit.hasInterrupts(exit))
        yield* leftOpen(server, baseUrl, clientName)
      }))
  }
})
