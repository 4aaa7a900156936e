/**
 * What a browser is told when something fails (issue 43, item 6), probed as a hostile model and a careless
 * configuration would, through the public API over real HTTP (both HTTP clients) and read by the `ai` package's
 * own client: a tool's failure shows a generic text (its detail in the logs and the ending), `onError` applies
 * to tool errors too, a provider's failure shows its kind in words without the upstream body, host names or
 * request ids, a URL's user and password appear in no error, log or span, `source-url` carries only `http:` and
 * `https:` URLs, and `layerRedaction` replaces the one function everywhere (stored streams included).
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessageChunk } from "ai"
import { Cause, ConfigProvider, Effect, Layer, Logger, Redacted, References, Schema, Stream } from "effect"
import { LanguageModel, Message, OpenAI, ProviderError, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpClient } from "effect/http"
import * as Util from "node:util"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"
import { readResponse } from "../../support/UIClient.js"

const secret = "db-password=Tr0ub4dor&3 at 10.0.7.21:5432"

/** A tool whose handler fails with an internal detail. */
const ledger = Tool.handle(
  Tool.make("ledger", { parameters: Schema.Struct({ account: Schema.String }) }),
  () => Effect.fail(new Error(`connection refused: ${secret}\n    at Ledger.query (/srv/app/ledger.ts:42:7)`))
)

/** Everything logged while `effect` runs, as text. */
const logged = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const lines: Array<string> = []
    const logger = Logger.make(({ cause, message }) => {
      lines.push(`${Util.inspect(message, { depth: 10 })} ${Cause.pretty(cause)}`)
    })
    const result = yield* effect.pipe(
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "All")
    )
    return [result, lines.join("\n")] as const
  })

describe("a tool's failure", () => {
  for (const [clientName, client] of clients) {
    it.live(`shows a generic text; its detail goes to the logs and the ending (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          LoopWire.scripted("openai", { calls: [{ id: "c1", name: "ledger", arguments: "{\"account\":\"a\"}" }] }, "1"),
          LoopWire.scripted("openai", { texts: ["Sorry."] }, "2")
        ])
        const steps: Array<LanguageModel.StepEvent> = []
        const [read, logs] = yield* logged(
          LanguageModel.runTools({ messages: [Message.user("Balance?")], tools: [ledger] }).pipe(
            Stream.tap((event) => Effect.sync(() => steps.push(event))),
            UIMessageStream.fromSteps(),
            UIMessageStream.toResponse(),
            Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
            Effect.provide(LoopWire.modelAt("openai", baseUrl, client))
          )
        )
        const failed = read.chunks.find((chunk) => chunk.type === "tool-output-error") as
          | Extract<UIMessageChunk, { type: "tool-output-error" }>
          | undefined
        assert.strictEqual(failed?.errorText, "The tool ledger failed.")
        assert.notInclude(JSON.stringify(read.chunks), "Tr0ub4dor")
        assert.notInclude(JSON.stringify(read.chunks), "10.0.7.21")
        assert.notInclude(JSON.stringify(read.chunks), "ledger.ts")
        // The ai client shows the part as failed, with that text.
        const part = read.message!.parts.find((candidate: any) => candidate.type === "tool-ledger") as any
        assert.deepStrictEqual([part.state, part.errorText], ["output-error", "The tool ledger failed."])
        // The detail stays on the server: in the logs, and in the loop's events (what the model read).
        assert.include(logs, "Tr0ub4dor")
        assert.include(logs, "ledger")
        const result = steps.find((event) => event._tag === "ToolResultEvent") as LanguageModel.ToolResultEvent
        assert.include(result.message.content, "Tr0ub4dor")
      }))
  }

  it.live("onError applies to tool errors too", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("openai", { calls: [{ id: "c1", name: "ledger", arguments: "{\"account\":\"a\"}" }] }, "1"),
        LoopWire.scripted("openai", { texts: ["Sorry."] }, "2")
      ])
      const seen: Array<unknown> = []
      const chunks = yield* LanguageModel.runTools({ messages: [Message.user("Balance?")], tools: [ledger] }).pipe(
        UIMessageStream.fromSteps({
          onError: (error) => {
            seen.push(error)
            return error instanceof UIMessageStream.ToolFailure ? `no ${error.toolName} now` : "oops"
          }
        }),
        Stream.runCollect,
        Effect.provide(LoopWire.modelAt("openai", baseUrl, clients[0]![1]))
      )
      const failed = chunks.find((chunk) => chunk.type === "tool-output-error") as UIMessageStream.Chunk.ToolOutputError
      assert.strictEqual(failed.errorText, "no ledger now")
      const failure = seen[0] as UIMessageStream.ToolFailure
      assert.instanceOf(failure, UIMessageStream.ToolFailure)
      assert.deepStrictEqual([failure.toolName, failure.toolCallId, failure.providerExecuted], ["ledger", "c1", false])
      assert.include(String(failure.error), "Tr0ub4dor")
    }))
})

/** An upstream failure whose body names internal hosts and a request id. */
const leaky = (status: number, type: string) => ({
  status,
  headers: { "content-type": "application/json", "x-request-id": "req_7f3c9e1d2b" },
  body: JSON.stringify({
    error: {
      message: `upstream gpu-pool-3.internal.example.net timed out (request req_7f3c9e1d2b, shard 10.2.3.4)`,
      type
    }
  })
})

const leaks = (text: string) =>
  ["gpu-pool-3", "internal.example.net", "req_7f3c9e1d2b", "10.2.3.4"].filter((s) => text.includes(s))

describe("a provider's failure", () => {
  const cases = [
    [429, "rate_limit_error", "The model is rate limited; try again shortly."],
    [503, "server_error", "The model is unavailable; try again shortly."],
    [400, "invalid_request_error", "The provider refused the request."]
  ] as const
  for (const [clientName, client] of clients) {
    for (const [status, type, words] of cases) {
      it.live(`${status} before content: a text body with its kind in words, nothing of upstream (${clientName})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve(leaky(status, type))
          const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
            UIMessageStream.toResponse(),
            Effect.provide(RecordedModels.model("openai", baseUrl, client))
          )
          assert.strictEqual(response.status, status === 400 ? 502 : status)
          const text = yield* Effect.promise(() => response.text())
          assert.strictEqual(text, words)
          assert.strictEqual(response.headers.get("content-type"), "text/plain; charset=utf-8")
          assert.deepStrictEqual(leaks(text), [])
        }))
    }
  }

  it.live("after content: the error chunk says its kind in words", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = RecordedModels.recordings("openai").find((candidate) => candidate.name === "text")!
      // The stream breaks off after content, as a connection the host dropped.
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: recording.body,
        dropAfterBytes: Math.floor(recording.body.length * 0.8)
      })
      const read = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(RecordedModels.model("openai", baseUrl, clients[0]![1]))
      )
      const last = read.chunks.at(-1) as Extract<UIMessageChunk, { type: "error" }>
      assert.strictEqual(last.type, "error")
      assert.match(last.errorText, /^The model (is unavailable; try again shortly|'s answer broke off)\.$/)
      assert.notInclude(last.errorText, "127.0.0.1")
    }))

  it("refused before it was sent: not the provider's refusal, and why, in words", () => {
    const notSent = (fields: Partial<ProviderError.InvalidRequestError>) =>
      UIMessageStream.redact(
        new ProviderError.InvalidRequestError({ provider: "anthropic", message: secret, ...fields })
      )
    // A message of the conversation the model cannot take; the request's own settings are the server's.
    assert.strictEqual(notSent({ parameter: "messages[1]" }), "The request could not be sent to the model.")
    assert.strictEqual(notSent({}), "The server could not answer (a configuration error).")
    assert.strictEqual(
      notSent({ refusedPrefill: { model: "claude-opus-4-8" } }),
      "The model claude-opus-4-8 cannot continue an answer; send a new message."
    )
    assert.strictEqual(notSent({ provider: "ui-message-stream", status: 400 }), "The server refused the request.")
    // A user message with nothing in it: told by the error's data, the person's own or one earlier in the chat.
    assert.strictEqual(
      notSent({ parameter: "messages[1]", refusedEmptyMessage: { latest: true } }),
      "Your message is empty; write something to send."
    )
    assert.strictEqual(
      notSent({ parameter: "messages[0]", refusedEmptyMessage: { latest: false } }),
      "An earlier message in this chat is empty, which the model cannot take."
    )
    // The provider's own refusal: a status, or an error type of its own (an in-stream error event).
    assert.strictEqual(notSent({ status: 400 }), "The provider refused the request.")
    assert.strictEqual(notSent({ errorType: "invalid_request_error" }), "The provider refused the request.")
  })

  it.effect("an error of the program's own shows a generic text", () =>
    Effect.gen(function*() {
      const failing = Stream.fail(new Error(`SELECT * FROM users WHERE token='${secret}'`))
      const chunks: Array<UIMessageStream.Chunk> = []
      yield* UIMessageStream.fromStream(failing).pipe(
        Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
        Effect.ignore
      )
      assert.deepStrictEqual(chunks.at(-1), { type: "error", errorText: "An error occurred." })
    }))
})

describe("a URL's user and password", () => {
  for (const [clientName, client] of clients) {
    it.live(`appear in no error, log, span or browser text (${clientName})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const served = server.serve({ headers: { "content-type": "text/event-stream" }, body: "" })
        const baseUrl = served.replace("http://", "http://alice:S3cretPassw0rd@")
        const model = OpenAI.model("gpt-4o").pipe(
          Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-test-0123456789"), baseUrl })),
          Layer.provide(client)
        )
        const recording = yield* RecordingTracer.make
        const [cause, logs] = yield* logged(
          LanguageModel.stream("hi").pipe(
            Stream.runDrain,
            Effect.tapCause((cause) => Effect.logError("the call failed", cause)),
            Effect.sandbox,
            Effect.flip,
            Effect.provide(model),
            Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
            Effect.withTracer(recording.tracer)
          )
        )
        const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
          UIMessageStream.toResponse(),
          Effect.provide(model)
        )
        const observed = [
          Cause.pretty(cause),
          Util.inspect(Cause.squash(cause), { depth: 10 }),
          JSON.stringify(Cause.squash(cause)),
          logs,
          ...recording.spans.map((span) => JSON.stringify([span.name, [...span.attributes], span.events])),
          yield* Effect.promise(() => response.text())
        ].join("\n")
        assert.notInclude(observed, "S3cretPassw0rd")
        assert.notInclude(observed, "alice:")
        // The call is refused before it is sent, as a request the configuration made impossible.
        assert.include(Cause.pretty(cause), "user name or password")
        assert.strictEqual(server.requests(served).length, 0)
      }))
  }

  it.effect("layerConfig: a ConfigurationError naming the option, not quoting it", () =>
    Effect.gen(function*() {
      const error = yield* LanguageModel.LanguageModel.pipe(
        Effect.provide(
          OpenAI.model("gpt-4o").pipe(
            Layer.provide(OpenAI.layerConfig()),
            Layer.provide(clients[0]![1]),
            Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({
              env: { OPENAI_API_KEY: "sk-test-0123456789", OPENAI_BASE_URL: "https://bob:Hunter22pass@gw.test/v1" }
            })))
          )
        ),
        Effect.flip
      )
      assert.strictEqual(error._tag, "ConfigurationError")
      assert.include(error.message, "baseUrl")
      assert.notInclude(JSON.stringify(error) + String(error), "Hunter22pass")
    }))
})

describe("source-url", () => {
  it.live("carries only http: and https: URLs: a hostile model's javascript: and data: citations are dropped", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const text = new TextDecoder().decode(Fixtures.bytes("anthropic", "web-search.sse"))
        .replaceAll("https://abcnews.go.com/\"", "javascript:alert(document.cookie)//\"")
        .replaceAll("https://edition.cnn.com/\"", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"")
        .replaceAll("https://www.cnn.com/\"", "JavaScript:fetch('/x')\"")
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: text })
      const read = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.flatMap((response) => Effect.promise(() => readResponse(response))),
        Effect.provide(RecordedModels.model("anthropic", baseUrl, clients[0]![1]))
      )
      const sources = read.chunks.filter((chunk) => chunk.type === "source-url") as Array<
        Extract<UIMessageChunk, { type: "source-url" }>
      >
      assert.isAbove(sources.length, 0)
      for (const source of sources) assert.match(source.url, /^https?:\/\//)
      assert.isFalse(read.message!.parts.some((part: any) => part.type === "source-url" && !/^https?:/.test(part.url)))
    }))
})

describe("layerRedaction", () => {
  it.live("replaces the one function: error chunks, error bodies and stored streams", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const refused = server.serve(leaky(429, "rate_limit_error"))
      // The layers live for the test, as a server's do: a stored stream's generation outlives its request.
      const context = yield* Layer.build(
        Layer.mergeAll(
          RecordedModels.model("openai", refused, clients[0]![1]),
          UIMessageStream.layerRedaction((error) => `mine: ${(error as { _tag?: string })._tag ?? "?"}`),
          StreamStore.layerMemory()
        )
      )
      const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(context)
      )
      assert.strictEqual(yield* Effect.promise(() => response.text()), "mine: RateLimitError")
      // A stored stream: the generation's failure is stored with the redacted text, and replayed with it.
      const stored = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.resumable({ streamId: "redacted-1" }),
        Effect.flatMap(UIMessageStream.toResponse()),
        Effect.provide(context)
      )
      const body = yield* Effect.promise(() => stored.text())
      assert.include(body, "mine: RateLimitError")
      assert.deepStrictEqual(leaks(body), [])
    }))

  it.live("a store's failure is shown in words, not its detail", () =>
    Effect.gen(function*() {
      const response = yield* UIMessageStream.resumeResponse("bad:id")
      assert.strictEqual(response.status, 400)
      assert.strictEqual(yield* Effect.promise(() => response.text()), "Not a stream id.")
    }))
})
