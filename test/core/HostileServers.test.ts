/**
 * Servers that do not answer with the expected stream: a proxy's page or a JSON error with status 200,
 * compressed bodies the client did not ask for (a corrupt one of 70 KiB ending at once, except under Node 22's fetch,
 * which never ends it), endless error bodies, an answer no HTTP client reads (a head past Node's
 * 16 KiB bound, another protocol's bytes). Each ends in a clear typed error (or, for a compressed stream, in the
 * right result), over real HTTP, with every HTTP client. A retried call whose server sends usage without end, never
 * content, does not hold it all back until its deadline (hundreds of MB in seconds). A body whose end comes alone,
 * after a pause, ends the stream then, not at the idle timeout.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Google, LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Zlib from "node:zlib"
import * as Payload from "../../src/core/payload/Payload.js"
import { clients, fetchMayNotEndCorrupt } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import { collect, failureOf } from "../support/Collect.js"
import { providerModels } from "../support/Providers.js"
import * as RawServer from "../support/RawServer.js"

/** A rate-limit error as each provider writes it, with the headers it comes with. */
const rateLimits: Readonly<Record<string, { readonly body: string; readonly headers?: Record<string, string> }>> = {
  openai: {
    body: JSON.stringify({
      error: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" }
    })
  },
  groq: {
    body: JSON.stringify({
      error: { message: "Rate limit reached for model", type: "tokens", code: "rate_limit_exceeded" }
    })
  },
  azure: { body: JSON.stringify({ error: { code: "429", message: "Requests to the deployment have exceeded" } }) },
  anthropic: {
    body: JSON.stringify({ type: "error", error: { type: "rate_limit_error", message: "Number of requests exceeded" } })
  },
  bedrock: {
    body: JSON.stringify({ message: "Too many requests, please wait before trying again." }),
    headers: { "x-amzn-errortype": "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/" }
  },
  google: {
    body: JSON.stringify({
      error: { code: 429, message: "You exceeded your current quota", status: "RESOURCE_EXHAUSTED" }
    })
  }
}

const run = (model: Layer.Layer<LanguageModel.LanguageModel>) =>
  collect(LanguageModel.stream("hi")).pipe(Effect.provide(model))

describe("a successful status without the expected stream", () => {
  for (const target of providerModels) {
    for (const [clientName, client] of clients) {
      it.live(`${target.provider} (${clientName}): a proxy's HTML page names the status, the content type and its start`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const page = `<!DOCTYPE html><html><head><title>Access denied</title></head><body>${
            "x".repeat(5000)
          }</body></html>`
          const baseUrl = server.serve({ headers: { "content-type": "text/html; charset=utf-8" }, body: page })
          const error = failureOf((yield* run(target.model(baseUrl).pipe(Layer.provide(client)))).result)
          assert.instanceOf(error, ProviderError.MalformedPayloadError)
          assert.include(error.message, "HTTP 200")
          assert.include(error.message, "text/html; charset=utf-8")
          assert.include(error.message, "<!DOCTYPE html><html><head><title>Access denied")
          assert.isAtMost(error.message.length, 600)
          assert.isAtMost((error as ProviderError.MalformedPayloadError).raw.length, Payload.maxRawLength + 40)
        }))

      it.live(`${target.provider} (${clientName}): a JSON error body with status 200 is the error it would be with its status`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const { body, headers = {} } = rateLimits[target.provider]!
          const with200 = server.serve({ headers: { "content-type": "application/json", ...headers }, body })
          const withoutContentType = server.serve({ headers, body })
          const with429 = server.serve({
            status: 429,
            headers: { "content-type": "application/json", ...headers },
            body
          })
          const expected = failureOf((yield* run(target.model(with429).pipe(Layer.provide(client)))).result)
          assert.instanceOf(expected, ProviderError.RateLimitError)
          for (const baseUrl of [with200, withoutContentType]) {
            const error = failureOf((yield* run(target.model(baseUrl).pipe(Layer.provide(client)))).result)
            assert.strictEqual(error._tag, "RateLimitError", error.message)
            assert.strictEqual(error.retryable, expected.retryable)
            assert.strictEqual(error.errorType, expected.errorType)
            // The provider's own message, not a truncation or a framing error.
            assert.include(error.message, JSON.parse(body).error?.message ?? JSON.parse(body).message)
          }
        }))
    }
  }
})

describe("an answer no HTTP client reads", () => {
  const answers = {
    "a head past 16 KiB": `HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nx-pad: ${
      "x".repeat(32 * 1024)
    }\r\n\r\n`,
    "another protocol": "SSH-2.0-OpenSSH_9.6\r\n"
  }
  for (const target of providerModels) {
    for (const [clientName, client] of clients) {
      it.live(`${target.provider} (${clientName}): ends in a TransportError saying the server answered, unreadably`, () =>
        Effect.gen(function*() {
          for (const [what, answer] of Object.entries(answers)) {
            // The answer written on the socket as it is, no HTTP around it.
            const server = yield* RawServer.make((_, response) => response.socket?.end(answer))
            const port = new URL(server.origin).port
            const error = failureOf((yield* run(target.model(server.origin).pipe(Layer.provide(client)))).result)
            assert.instanceOf(error, ProviderError.TransportError, what)
            // What it is told is what happened: the server answered (not "could not connect"), and with what.
            assert.match(
              error.message,
              new RegExp(`127\\.0\\.0\\.1:${port}\\S* answered with what no HTTP client reads: `),
              what
            )
          }
        }).pipe(Effect.scoped))
    }
  }
})

describe("error bodies are read up to a bound", () => {
  it.live("a 500 with an endless body ends at once with an error quoting its start", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const target = providerModels[0]!
      // 16 KiB pieces, a millisecond apart, forever: reading it whole would never end.
      const baseUrl = server.serve({
        status: 500,
        headers: { "content-type": "text/plain" },
        body: new Uint8Array(16 * 1024).fill(0x78),
        delayMs: 1,
        endless: true
      })
      const started = Date.now()
      const error = failureOf(
        (yield* run(target.model(baseUrl).pipe(Layer.provide(clients[1]![1]))).pipe(Effect.timeout("5 seconds")))
          .result
      )
      assert.instanceOf(error, ProviderError.ProviderUnavailableError)
      assert.isAtMost(error.message.length, Payload.maxRawLength + 200)
      assert.isBelow(Date.now() - started, 2_000)
    }))
})

describe("content encoding", () => {
  const target = providerModels[0]!
  const expected = "4200 + 42 equals 4242."
  const encodings: ReadonlyArray<readonly [string, (body: Uint8Array) => Uint8Array]> = [
    ["gzip", (body) => Zlib.gzipSync(body)],
    ["deflate", (body) => Zlib.deflateSync(body)],
    ["br", (body) => Zlib.brotliCompressSync(body)]
  ]
  for (const [clientName, client] of clients) {
    for (const [encoding, compress] of encodings) {
      it.live(`${clientName}: a ${encoding} body the client did not ask for is decoded`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const compressed = compress(target.body)
          const baseUrl = server.serve({
            headers: { "content-type": "text/event-stream", "content-encoding": encoding },
            body: compressed,
            cuts: [7, 100, Math.floor(compressed.length / 2)]
          })
          const { chunks, result } = yield* run(target.model(baseUrl).pipe(Layer.provide(client)))
          assert.strictEqual(result._tag, "Success")
          assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), expected)
          assert.strictEqual(server.requests(baseUrl)[0]!.headers["accept-encoding"], "identity")
        }))
    }

    it.live(`${clientName}: an encoding no client decodes is a typed error naming it`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream", "content-encoding": "compress" },
          body: new Uint8Array([0x1f, 0x9d, 0x90, 0x64, 0x61, 0x74, 0x61])
        })
        const error = failureOf((yield* run(target.model(baseUrl).pipe(Layer.provide(client)))).result)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "\"compress\"")
      }))

    it.live(`${clientName}: a corrupted gzip body is a typed error`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const compressed = Zlib.gzipSync(target.body)
        compressed.fill(0x55, 20, 60)
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream", "content-encoding": "gzip" },
          body: compressed
        })
        const error = failureOf((yield* run(target.model(baseUrl).pipe(Layer.provide(client)))).result)
        assert.isTrue(ProviderError.isProviderError(error), String(error))
      }))

    it.live(`${clientName}: a gzip body the server ends inside its compressed data is a truncated stream, as cut`, () =>
      Effect.gen(function*() {
        const events = new TextDecoder().decode(target.body).split("\n\n").slice(0, 4).join("\n\n")
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "text/event-stream", "content-encoding": "gzip" })
          // Four events, flushed so that they decode, then the body's end: no more of the gzip data, nor its trailer.
          const gzip = Zlib.createGzip()
          gzip.on("data", (piece) => response.write(piece))
          gzip.write(`${events}\n\n`)
          gzip.flush(Zlib.constants.Z_SYNC_FLUSH, () => setTimeout(() => response.end(), 50))
        })
        const { chunks, result } = yield* run(target.model(server.origin).pipe(Layer.provide(client)))
        // What fetch says of it, which decodes the data it has and ends there; not a body that is not gzip.
        assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
        assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "4200 +")
      }).pipe(Effect.scoped))

    // Node 22's fetch (undici 6) never ends such a body once it has all arrived: only `timeouts.idle` ends the call.
    it.live.skipIf(clientName === "fetch" && fetchMayNotEndCorrupt)(
      `${clientName}: 70 KiB of garbage said to be compressed end at once in a typed error, saying what it is`,
      () =>
        Effect.gen(function*() {
          for (const encoding of ["gzip", "deflate", "br"]) {
            const server = yield* ReplayServer.make
            const baseUrl = server.serve({
              headers: { "content-type": "text/event-stream", "content-encoding": encoding },
              body: new Uint8Array(70 * 1024).fill(0x55)
            })
            const started = Date.now()
            const { result } = yield* run(target.model(baseUrl).pipe(Layer.provide(client))).pipe(
              Effect.timeoutOrElse({
                duration: "5 seconds",
                orElse: () => Effect.die(`${encoding}: no end within 5 s`)
              })
            )
            const error = failureOf(result)
            assert.isTrue(ProviderError.isProviderError(error), String(error))
            assert.isBelow(Date.now() - started, 2_000, encoding)
            // A sentence ending in what happened, not in a colon.
            assert.notMatch(error.message, /:\s*$/, encoding)
          }
        }),
      20_000
    )
  }
})

describe("a retried call whose server sends no content", () => {
  it.live("usage chunks without end go on past 1,024 held back, not held until the first content's deadline", () =>
    Effect.gen(function*() {
      const usage = `data: ${
        JSON.stringify({
          id: "c",
          object: "chat.completion.chunk",
          created: 1,
          model: "m",
          choices: [],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 }
        })
      }\n\n`
      const server = yield* RawServer.make((_, response) => {
        response.writeHead(200, { "content-type": "text/event-stream" })
        RawServer.repeat(response, usage.repeat(100), 1)
      })
      const model = OpenAI.model("gpt-4o").pipe(
        Layer.provide(
          OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl: server.origin, timeouts: { firstContent: "20 seconds" } })
        ),
        LanguageModel.withRetry(),
        Layer.provide(clients[3]![1])
      )
      const started = Date.now()
      // Held until the deadline, none would come before it (and the retries after it).
      const chunks = yield* LanguageModel.stream("hi").pipe(
        Stream.take(2_000),
        Stream.runCount,
        Effect.provide(model),
        Effect.timeoutOrElse({ duration: "10 seconds", orElse: () => Effect.succeed(-1) })
      )
      assert.strictEqual(chunks, 2_000)
      assert.isBelow(Date.now() - started, 10_000)
      assert.strictEqual(server.requests.length, 1)
    }).pipe(Effect.scoped))
})

describe("a body whose end comes alone, after a pause", () => {
  for (const [clientName, client] of clients) {
    // Gemini's answer ends with its body (no end-of-stream marker): its end was not seen by a Node body's reader
    // when nothing came with it, and the answer failed at the idle timeout (10 minutes by default).
    it.live(`${clientName}: Gemini's answer ends with it, not at the idle timeout`, () =>
      Effect.gen(function*() {
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "text/event-stream" })
          response.write(Fixtures.bytes("google", "text.sse"))
          // The last chunk of the chunked body, alone.
          setTimeout(() => response.end(), 300)
        })
        const model = Google.model("gemini-3-pro-preview").pipe(
          Layer.provide(
            Google.layer({ apiKey: Redacted.make("k"), baseUrl: server.origin, timeouts: { idle: "10 seconds" } })
          ),
          Layer.provide(client)
        )
        const started = Date.now()
        const { result } = yield* run(model)
        assert.strictEqual(result._tag, "Success", String(result))
        assert.isBelow(Date.now() - started, 5_000)
      }).pipe(Effect.scoped))
  }
})
