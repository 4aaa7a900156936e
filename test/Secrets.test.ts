/**
 * No API key in an error, a log line or a span: every error type is provoked, for every provider, with
 * a known key, and everything observable is searched for it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Layer, Logger, Redacted, References, Stream } from "effect"
import { Anthropic, Azure, Bedrock, Groq, LanguageModel, OpenAI } from "effect-llm-stream"
import type { HttpClient } from "effect/http"
import { clients } from "./support/Clients.js"
import * as Fixtures from "./support/Fixtures.js"
import * as RecordingTracer from "./support/RecordingTracer.js"
import * as ReplayServer from "./support/ReplayServer.js"

const secret = "sk-SECRET-4f9a2c7e1b3d5f8a"
const sessionSecret = "SESSION-SECRET-9d8c7b6a"
const awsSecret = "AWS-SECRET-ACCESS-KEY-1a2b3c"

type ModelLayer = (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>

const providers: ReadonlyArray<readonly [string, ModelLayer, string]> = [
  [
    "openai",
    (baseUrl) => OpenAI.model("m").pipe(Layer.provide(OpenAI.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    "text/event-stream"
  ],
  [
    "anthropic",
    (baseUrl) => Anthropic.model("m").pipe(Layer.provide(Anthropic.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    "text/event-stream"
  ],
  [
    "groq",
    (baseUrl) => Groq.model("m").pipe(Layer.provide(Groq.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    "text/event-stream"
  ],
  [
    "azure",
    (baseUrl) =>
      Azure.model("d").pipe(
        Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: Redacted.make(secret) }))
      ),
    "text/event-stream"
  ],
  [
    "bedrock",
    (baseUrl) =>
      Bedrock.model("m").pipe(Layer.provide(Bedrock.layer({
        region: "us-east-1",
        baseUrl,
        credentials: {
          accessKeyId: "AKID",
          secretAccessKey: Redacted.make(awsSecret),
          sessionToken: Redacted.make(sessionSecret)
        }
      }))),
    "application/vnd.amazon.eventstream"
  ]
]

const scenarios = (
  contentType: string,
  okBody: Uint8Array
): ReadonlyArray<readonly [string, ReplayServer.Scenario | "refused"]> => [
  ["authentication", { status: 401, body: "{\"error\":{\"message\":\"bad key\"}}" }],
  ["rate limit", { status: 429, headers: { "retry-after": "1" }, body: "{\"error\":{\"message\":\"slow\"}}" }],
  ["invalid request", { status: 400, body: "{\"error\":{\"message\":\"bad\"}}" }],
  ["unavailable", { status: 503, body: "down" }],
  ["truncated", { headers: { "content-type": contentType }, body: okBody.subarray(0, okBody.length - 5) }],
  ["malformed", {
    headers: { "content-type": contentType },
    body: contentType === "text/event-stream" ? "data: {not json\n\n" : new Uint8Array(32).fill(7)
  }],
  ["transport", "refused"]
]

const bodies: Record<string, Uint8Array> = {
  openai: Fixtures.bytes("openai", "text.sse"),
  anthropic: Fixtures.bytes("anthropic", "text.sse"),
  groq: Fixtures.bytes("groq", "tool-call.sse"),
  azure: Fixtures.bytes("azure", "text.sse"),
  bedrock: Fixtures.body("bedrock", "converse-text.eventstream.b64")
}

describe("secrets never leak", () => {
  for (const [provider, modelLayer, contentType] of providers) {
    it.live(`${provider}: no key in errors, logs or spans, for every error type`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        for (const [kind, scenario] of scenarios(contentType, bodies[provider]!)) {
          const baseUrl = scenario === "refused" ? "http://127.0.0.1:9" : server.serve(scenario)
          const observed: Array<string> = []
          const logger = Logger.make(({ cause, message }) => {
            observed.push(`${String(message)} ${Cause.pretty(cause)}`)
          })
          const recording = yield* RecordingTracer.make
          const error = yield* LanguageModel.stream("hi").pipe(
            Stream.runDrain,
            Effect.withSpan("user-call"),
            Effect.tapCause((cause) => Effect.logError("the call failed", cause)),
            Effect.flip,
            Effect.provide(modelLayer(baseUrl).pipe(Layer.provide(clients[0]![1]))),
            Effect.provide(Logger.layer([logger])),
            Effect.provideService(References.MinimumLogLevel, "All"),
            Effect.withTracer(recording.tracer)
          )
          for (const span of recording.spans) {
            observed.push(span.name, JSON.stringify([...span.attributes]), JSON.stringify(span.events))
            if (span.exit._tag === "Failure") observed.push(Cause.pretty(span.exit.cause))
          }
          observed.push(String(error), JSON.stringify(error), error.message, error.stack ?? "")
          const everything = observed.join("\n")
          assert.isAbove(observed.length, 4, `${kind}: nothing was observed`)
          for (const value of [secret, sessionSecret, awsSecret]) {
            assert.notInclude(everything, value, `${provider} ${kind} (${error._tag}) leaked a secret`)
          }
          // The secret did reach the server: the test would see it had it leaked.
          if (scenario !== "refused") {
            const headers = JSON.stringify(server.requests(baseUrl)[0]!.headers)
            assert.isTrue(
              headers.includes(secret) || headers.includes(sessionSecret),
              `${provider}: the key was not sent`
            )
          }
        }
      }))
  }
})
