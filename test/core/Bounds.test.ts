/**
 * Hostile servers against the library's bounds, over real loopback HTTP with both HTTP clients: SSE `data`
 * lines without a colon, an AWS frame whose prelude CRC is wrong, JSON nested 8,000 deep, 512 KB of one tool
 * call's arguments in tiny pieces, a connection interrupted between its headers and its first body byte, and
 * streams that only keep alive. Each ends in a typed error (or a result) within a bounded time and memory.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import {
  Anthropic,
  Bedrock,
  CallStream,
  Google,
  LanguageModel,
  OpenAI,
  OpenAIResponses,
  ProviderError,
  Tool
} from "effect-llm-stream"
import * as HttpClientApi from "effect/http/HttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Zlib from "node:zlib"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import { collect, failureOf } from "../support/Collect.js"
import * as RawServer from "../support/RawServer.js"

const key = Redacted.make("k")
const sse = { "content-type": "text/event-stream" }

const run = (model: Layer.Layer<LanguageModel.LanguageModel, unknown>) =>
  collect(LanguageModel.stream("hi")).pipe(Effect.provide(model), Effect.timeout("10 seconds"))

const openai = (
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>,
  options: Partial<OpenAI.Options> = {}
) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: key, baseUrl, ...options })),
    Layer.provide(client)
  )

/** The first event of a recorded stream, as sent. */
const firstEvent = (provider: string): string => `${Fixtures.text(provider, "text.sse").split("\n\n")[0]}\n\n`

/** JSON nested `depth` deep. */
const deep = (depth: number) => `${"{\"a\":".repeat(depth)}1${"}".repeat(depth)}`

for (const [clientName, client] of clients) {
  describe(`bounds (${clientName})`, () => {
    it.live("SSE `data` lines without a colon count towards maxEventSize", () =>
      Effect.gen(function*() {
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          RawServer.repeat(response, "data\n".repeat(200), 1)
        })
        const { result } = yield* run(openai(server.origin, client, { maxEventSize: 4096 }))
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "maximum size of 4096")
      }))

    it.live("a compressed body is framed under the same bounds: one event past maxEventSize fails at once", () =>
      Effect.gen(function*() {
        // 8 MB of one event line, 8 KB compressed.
        const body = Zlib.gzipSync(`data: ${"x".repeat(8 * 1024 * 1024)}\n\n`)
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { ...sse, "content-encoding": "gzip" })
          response.end(body)
        })
        const { result } = yield* run(openai(server.origin, client, { maxEventSize: 64 * 1024 }))
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "maximum size of 65536")
      }))

    it.live("an AWS frame with a corrupted prelude CRC is rejected at its prelude, not after its declared length", () =>
      Effect.gen(function*() {
        // A prelude declaring a frame of 16 MiB minus one byte, with a wrong CRC; then a trickle of bytes.
        const prelude = new Uint8Array(12)
        new DataView(prelude.buffer).setUint32(0, 16 * 1024 * 1024 - 1)
        new DataView(prelude.buffer).setUint32(8, 0xdeadbeef)
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, { "content-type": "application/vnd.amazon.eventstream" })
          response.write(prelude)
          RawServer.repeat(response, new Uint8Array(64), 5)
        })
        const model = Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
          Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl: server.origin })),
          Layer.provide(client)
        )
        const error = failureOf((yield* run(model)).result)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assert.include(error.message, "prelude checksum")
      }))

    it.live("Anthropic server_tool_use input nested 8,000 deep is a typed error after the chunks before it", () =>
      Effect.gen(function*() {
        const block =
          `{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":${
            deep(8000)
          }}}`
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          response.end(`${firstEvent("anthropic")}event: content_block_start\ndata: ${block}\n\n`)
        })
        const model = Anthropic.model("claude-sonnet-4-5").pipe(
          Layer.provide(Anthropic.layer({ apiKey: key, baseUrl: server.origin })),
          Layer.provide(client)
        )
        const { chunks, result } = yield* run(model)
        assert.instanceOf(failureOf(result), ProviderError.MalformedPayloadError)
        assert.isAtLeast(chunks.length, 1)
      }))

    it.live("a Gemini functionCall's args nested 8,000 deep are a typed error after the chunks before it", () =>
      Effect.gen(function*() {
        // The shape of a streamed GenerateContentResponse (@google/genai's types): a part with a functionCall.
        const event = `{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"f","args":${
          deep(8000)
        }}}]}}]}`
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          response.end(`${firstEvent("google")}data: ${event}\n\n`)
        })
        const model = Google.model("gemini-3-pro-preview").pipe(
          Layer.provide(Google.layer({ apiKey: key, baseUrl: server.origin })),
          Layer.provide(client)
        )
        const { chunks, result } = yield* run(model)
        assert.instanceOf(failureOf(result), ProviderError.MalformedPayloadError)
        assert.isAtLeast(chunks.length, 1)
      }))

    it.live("a Responses web_search_call action nested 8,000 deep is a typed error after the chunks before it", () =>
      Effect.gen(function*() {
        const item =
          `{"type":"response.output_item.done","sequence_number":1,"output_index":0,"item":{"type":"web_search_call","id":"ws_1","status":"completed","action":${
            deep(8000)
          }}}`
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          response.end(`${firstEvent("openai-responses")}event: response.output_item.done\ndata: ${item}\n\n`)
        })
        const model = OpenAIResponses.model("gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl: server.origin })),
          Layer.provide(client)
        )
        const { chunks, result } = yield* run(model)
        assert.instanceOf(failureOf(result), ProviderError.MalformedPayloadError)
        assert.isAtLeast(chunks.length, 1)
      }))

    it.live("512 KB of one tool call's arguments in 32-byte pieces, with partial inputs, in linear time", () =>
      Effect.gen(function*() {
        const WriteFile = Tool.make("write_file", {
          parameters: Schema.Struct({ path: Schema.String, content: Schema.String })
        })
        const text = JSON.stringify({ path: "notes.txt", content: "x".repeat(512 * 1024) })
        const event = RawServer.chatEvent
        let body = event({
          role: "assistant",
          tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name: "write_file", arguments: "" } }]
        })
        let pieces = 0
        for (let at = 0; at < text.length; at += 32, pieces++) {
          body += event({ tool_calls: [{ index: 0, function: { arguments: text.slice(at, at + 32) } }] })
        }
        body += `${event({}, "tool_calls")}data: [DONE]\n\n`
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          response.end(body)
        })
        let progress = 0
        let lastLength = 0
        const started = Date.now()
        const decoded = yield* LanguageModel.stream("hi").pipe(
          CallStream.withToolCalls([WriteFile], { partial: true }),
          Stream.runFold(() => [] as Array<string>, (calls, event) => {
            if (event._tag === "ToolCallProgress") {
              progress++
              lastLength = event.argumentsSoFar.length
            } else if (event._tag === "ToolCall") calls.push(event.input.content)
            return calls
          }),
          Effect.provide(openai(server.origin, client))
        )
        // Reading the whole text so far on every piece took minutes and gigabytes here; linear, well under one second.
        assert.isBelow(Date.now() - started, 15_000)
        // One progress when the call opens, then one per piece.
        assert.strictEqual(progress, pieces + 1)
        assert.strictEqual(lastLength, text.length)
        assert.deepStrictEqual(decoded.map((content) => content.length), [512 * 1024])
      }))

    it.live("a call interrupted between the response headers and the first body byte closes its connection", () =>
      Effect.gen(function*() {
        let headersSent = 0
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          response.flushHeaders()
          headersSent++
        })
        for (let attempt = 0; attempt < 5; attempt++) {
          // Interrupted once the server has sent the headers (a fixed timer fired before them on a loaded machine).
          let waited = 0
          const headersOut = Effect.gen(function*() {
            while (headersSent <= attempt && waited < 5_000) {
              yield* Effect.sleep("10 millis")
              waited += 10
            }
            yield* Effect.sleep("30 millis")
          })
          yield* LanguageModel.stream("hi").pipe(
            Stream.runDrain,
            Effect.raceFirst(headersOut),
            Effect.ignore,
            Effect.provide(openai(server.origin, client))
          )
        }
        assert.strictEqual(headersSent, 5)
        // Every socket is closed at once, not when a GC collects the response.
        for (let waited = 0; server.openSockets() > 0 && waited < 2_000; waited += 20) yield* Effect.sleep("20 millis")
        assert.strictEqual(server.openSockets(), 0)
      }))

    if (clientName === "fetch") {
      it.live("a response dropped on its way to the caller (interrupted as the client returns it) is released", () =>
        Effect.gen(function*() {
          const server = yield* RawServer.make((_, response) => {
            response.writeHead(200, sse)
            response.flushHeaders()
          })
          // The interruption lands after the HTTP client made the response and before the library saw it: what
          // an interruption arriving in the client's uninterruptible step after the headers does.
          const dropping = openai(server.origin, client, {
            transformClient: HttpClientApi.transformResponse((response) => Effect.andThen(response, Effect.interrupt))
          })
          for (let attempt = 0; attempt < 5; attempt++) {
            yield* LanguageModel.stream("hi").pipe(Stream.runDrain, Effect.exit, Effect.provide(dropping))
          }
          assert.strictEqual(server.requests.length, 5)
          for (let waited = 0; server.openSockets() > 0 && waited < 2_000; waited += 20) {
            yield* Effect.sleep("20 millis")
          }
          assert.strictEqual(server.openSockets(), 0)
        }))
    }

    it.live("a stream of keep-alives only ends at timeouts.firstContent", () =>
      Effect.gen(function*() {
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          RawServer.repeat(response, ": keep-alive\nretry: 1\n\n", 1)
        })
        const started = Date.now()
        const { result } = yield* run(
          openai(server.origin, client, { timeouts: { idle: "1 second", firstContent: "300 millis" } })
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.TransportError)
        assert.strictEqual(error.timeout, "first-content")
        assert.include(error.message, "timeouts.firstContent")
        assert.isBelow(Date.now() - started, 5_000)
      }))

    it.live("content followed by keep-alives forever ends at timeouts.total, after the content", () =>
      Effect.gen(function*() {
        const first = Fixtures.text("openai", "text.sse").split("\n\n").slice(0, 2).join("\n\n")
        const server = yield* RawServer.make((_, response) => {
          response.writeHead(200, sse)
          response.write(`${first}\n\n`)
          RawServer.repeat(response, ": keep-alive\n\n", 1)
        })
        const { chunks, result } = yield* run(
          openai(server.origin, client, { timeouts: { idle: "1 second", total: "500 millis" } })
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.TransportError)
        assert.strictEqual(error.timeout, "total")
        assert.isFalse(error.retryable)
        assert.isAtLeast(chunks.length, 1)
      }))
  })
}
