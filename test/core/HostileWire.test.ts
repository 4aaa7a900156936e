/**
 * A model's server that breaks HTTP itself, written byte by byte on a real socket: a line without end, a chunked body
 * that breaks its framing, a body shorter or longer than its `Content-Length`, a connection reset after some events,
 * a stall inside a UTF-8 character, compression bombs (one line of 128 MB, keep-alives without end), informational
 * answers without end and a `101` nobody asked for, and `Retry-After` hints out of range (one of no wait, `0` or a
 * date past, waits the schedule's backoff, as openai-node's). Each ends, with every HTTP
 * client, in a typed error within a bound (or a bounded retry), after the content already received, with no run of
 * the key in the error's whole `Cause`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Layer, Redacted, Stream } from "effect"
import { LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
import type * as HttpClient from "effect/http/HttpClient"
import * as Zlib from "node:zlib"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import { collect, failureOf } from "../support/Collect.js"
import * as RawServer from "../support/RawServer.js"

const key = "sk-hostile-wire-7f3a9c2e5b1d"
const text = Fixtures.text("openai", "text.sse")
const events = text.split("\n\n").filter((event) => event !== "")
/** The first events, whose content is `"4200"`: what a break after them must keep. */
const firstEvents = `${events.slice(0, 3).join("\n\n")}\n\n`
const head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"

const model = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>, timeouts?: OpenAI.Options["timeouts"]) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make(key), baseUrl, ...(timeouts ? { timeouts } : {}) })),
    Layer.provide(client)
  )

/** The call's chunks, its failure (with no run of the key in its `Cause`) and how long it took. */
const failed = (
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>,
  timeouts?: OpenAI.Options["timeouts"]
) =>
  Effect.gen(function*() {
    const started = Date.now()
    const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
      Effect.provide(model(baseUrl, client, timeouts)),
      Effect.timeoutOrElse({ duration: "15 seconds", orElse: () => Effect.die("no end within 15 s") })
    )
    const error = failureOf(result)
    assert.isTrue(ProviderError.isProviderError(error), String(error))
    assert.notInclude(Cause.pretty(Cause.fail(error)) + JSON.stringify(error), key.slice(3, 11))
    return { content: chunks.map((chunk) => chunk.content).join(""), error, millis: Date.now() - started }
  })

describe("a server that breaks HTTP", () => {
  for (const [clientName, client] of clients) {
    it.live(`${clientName}: a line without end is refused at the event bound, at once`, () =>
      Effect.gen(function*() {
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "text/event-stream" })
          response.write(`${firstEvents}data: `)
          RawServer.repeat(response, "x".repeat(64 * 1024), 1)
        })
        const { content, error, millis } = yield* failed(server.origin, client)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "exceeded the maximum size")
        assert.strictEqual(content, "4200")
        assert.isBelow(millis, 5_000)
      }).pipe(Effect.scoped))

    it.live(`${clientName}: a chunk size that is no number, a body cut short, a reset: after the events before them`, () =>
      Effect.gen(function*() {
        const body = Buffer.from(firstEvents)
        const breaks: ReadonlyArray<readonly [string, (response: import("node:http").ServerResponse) => void]> = [
          ["a chunk size that is no number", (response) =>
            response.socket!.write(
              `${head}transfer-encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${firstEvents}\r\nzz\r\nabc\r\n`
            )],
          [
            "a Content-Length longer than the body",
            (response) => response.socket!.end(`${head}content-length: ${body.length + 1000}\r\n\r\n${firstEvents}`)
          ],
          ["a reset after the events", (response) => {
            response.writeHead(200, { "content-type": "text/event-stream" })
            response.write(firstEvents, () => setTimeout(() => response.socket?.resetAndDestroy(), 50))
          }]
        ]
        for (const [what, answer] of breaks) {
          const server = yield* RawServer.make((_, response) => answer(response))
          const { content, error, millis } = yield* failed(server.origin, client, { idle: "5 seconds" })
          assert.instanceOf(error, ProviderError.TransportError, what)
          assert.include(error.message, "the connection failed while reading the response", what)
          assert.strictEqual(content, "4200", what)
          assert.isBelow(millis, 4_000, what)
        }
      }).pipe(Effect.scoped))

    it.live(`${clientName}: a Content-Length shorter than the body is read to it: a truncated stream`, () =>
      Effect.gen(function*() {
        const server = yield* RawServer.make((_, response) =>
          response.socket!.write(`${head}content-length: ${Buffer.byteLength(text) - 20}\r\n\r\n${text}`)
        )
        const { content, error } = yield* failed(server.origin, client, { idle: "5 seconds" })
        assert.instanceOf(error, ProviderError.TruncatedStreamError)
        assert.strictEqual(content, "4200 + 42 equals 4242.")
      }).pipe(Effect.scoped))

    it.live(`${clientName}: a stall inside a character is the idle timeout, the character's half never handed on`, () =>
      Effect.gen(function*() {
        const event = Buffer.from(
          `data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"h€llo"}}]}\n\n`
        )
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "text/event-stream" })
          response.write(Buffer.concat([Buffer.from(firstEvents), event.subarray(0, event.indexOf(0xe2) + 1)]))
        })
        const { content, error } = yield* failed(server.origin, client, { idle: "500 millis" })
        assert.instanceOf(error, ProviderError.TransportError)
        assert.strictEqual(error.timeout, "idle")
        assert.strictEqual(content, "4200")
      }).pipe(Effect.scoped))

    it.live(`${clientName}: a gzip bomb of one 128 MB line ends at the event bound, the process grown < 64 MiB`, () =>
      Effect.gen(function*() {
        const bomb = Zlib.gzipSync(Buffer.concat([Buffer.from("data: "), Buffer.alloc(128 * 2 ** 20, 0x61)]))
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" })
          response.end(bomb)
        })
        const before = process.memoryUsage()
        const { error, millis } = yield* failed(server.origin, client)
        const after = process.memoryUsage()
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.isBelow(millis, 12_000)
        assert.isBelow(after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers, 64 * 2 ** 20)
      }).pipe(Effect.scoped))

    it.live(`${clientName}: brotli bombs of keep-alives end by the first content's deadline`, () =>
      Effect.gen(function*() {
        const bomb = Zlib.brotliCompressSync(Buffer.from(": ping\n\n".repeat(4 * 2 ** 20)))
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "br" })
          RawServer.repeat(response, bomb, 100)
        })
        const { error, millis } = yield* failed(server.origin, client, { firstContent: "1500 millis" })
        // At the deadline, or at the end of the first bomb for a decoder that reads no further (fetch's).
        assert.include(["TransportError", "TruncatedStreamError"], error._tag, error.message)
        assert.isBelow(millis, 6_000)
      }).pipe(Effect.scoped))

    it.live(`${clientName}: informational answers without end are the first byte's timeout; a 101 a typed error`, () =>
      Effect.gen(function*() {
        const processing = yield* RawServer.make((_, response) => {
          const timer = setInterval(() => {
            if (response.socket?.destroyed !== false) return clearInterval(timer)
            response.socket.write("HTTP/1.1 102 Processing\r\n\r\n")
          }, 5)
        })
        const early = yield* failed(processing.origin, client, { firstByte: "1 second" })
        assert.instanceOf(early.error, ProviderError.TransportError)
        assert.strictEqual((early.error as ProviderError.TransportError).timeout, "first-byte")
        assert.isBelow(early.millis, 5_000)
        const upgrade = yield* RawServer.make((_, response) =>
          response.socket!.write("HTTP/1.1 101 Switching Protocols\r\nupgrade: h2c\r\nconnection: upgrade\r\n\r\nzzz")
        )
        const switched = yield* failed(upgrade.origin, client, { firstByte: "1 second" })
        assert.isBelow(switched.millis, 1_000)
        // The server answered, unreadably: not "could not connect" (fetch, undici), nor a rejected request (node:http).
        assert.instanceOf(switched.error, ProviderError.TransportError)
        assert.include(switched.error.message, "answered with what no HTTP client reads")
      }).pipe(Effect.scoped))
  }

  it.live("a server echoing the key in its content type, encoding, cookie, header and page: in no error", () =>
    Effect.gen(function*() {
      for (const [, client] of clients) {
        const server = yield* RawServer.make((request, response) => {
          const auth = String(request.headers["authorization"])
          response.writeHead(200, {
            "content-type": `text/html; x=${auth.replace(/\s/g, "")}`,
            "content-encoding": `x-${key}`,
            "set-cookie": `s=${key}`,
            "x-echo": auth
          })
          response.end(`<html>${auth}</html>`)
        })
        const { error } = yield* failed(server.origin, client)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "<redacted>")
      }
    }).pipe(Effect.scoped))
})

describe("Retry-After out of range, retried (withRetry: two retries)", () => {
  const hints: ReadonlyArray<readonly [string, string, number]> = [
    ["beyond any number (1e308 s)", "1e308", 1],
    ["past maxRetryAfter (3 years)", "99999999", 1],
    ["a date an hour away", new Date(Date.now() + 3_600_000).toUTCString(), 1],
    ["a date in the past", "Thu, 01 Jan 1970 00:00:00 GMT", 3],
    ["negative", "-1", 3],
    ["zero", "0", 3]
  ]
  for (const [what, hint, requests] of hints) {
    it.live(`${what}: ${requests === 1 ? "fails at once" : "two retries at most, then the error"}`, () =>
      Effect.gen(function*() {
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(429, { "content-type": "application/json", "retry-after": hint })
          response.end(JSON.stringify({ error: { message: "slow down", code: "rate_limit_exceeded" } }))
        })
        const started = Date.now()
        const error = yield* LanguageModel.stream("hi").pipe(
          Stream.runDrain,
          Effect.provide(model(server.origin, clients[0]![1]).pipe(LanguageModel.withRetry())),
          Effect.flip,
          Effect.timeoutOrElse({ duration: "15 seconds", orElse: () => Effect.die("no end within 15 s") })
        )
        assert.instanceOf(error, ProviderError.RateLimitError)
        assert.strictEqual(server.requests.length, requests)
        assert.isBelow(Date.now() - started, 6_000)
        // No wait asked is the schedule's (from 500 ms, jittered), as openai-node reads it: not two retries at once.
        if (requests > 1) assert.isAtLeast(Date.now() - started, 500)
      }).pipe(Effect.scoped))
  }
})
