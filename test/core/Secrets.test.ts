/**
 * No secret in an error, a log line or a span: every error type is provoked, for every provider and every
 * way of authenticating, with known secrets, also when the provider echoes them back (raw, base64,
 * URL-encoded, JSON-escaped) in an error body, an in-stream error event, a malformed payload or a proxy's
 * page; and everything observable is searched for them.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Layer, Logger, Redacted, References, Stream } from "effect"
import { Anthropic, Azure, Bedrock, Google, Groq, LanguageModel, OpenAI, OpenAIResponses } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpClient } from "effect/http"
import * as Util from "node:util"
import * as Secrets from "../../src/core/http/Secrets.js"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import * as Frames from "../../support/Frames.js"
import * as RecordingTracer from "../support/RecordingTracer.js"

const secret = "sk-SECRET-4f9a2c7e1b3d5f8a/+x=="
const sessionSecret = "SESSION-SECRET-9d8c7b6a/Zm9v+YmFy"
const awsSecret = "AWS-SECRET-ACCESS-KEY-1a2b3c/wJalrXUtnFEMI"

type ModelLayer = (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>

interface Variant {
  readonly name: string
  readonly provider: "openai" | "anthropic" | "groq" | "azure" | "bedrock" | "google"
  readonly model: ModelLayer
  /** The secrets this variant sends (and that must never come back out). */
  readonly secrets: ReadonlyArray<string>
  /** The Responses API rather than Chat Completions (OpenAI, Azure). */
  readonly responses?: boolean
}

const bedrock = (options: Partial<Bedrock.Options>): ModelLayer => (baseUrl) =>
  Bedrock.model("m").pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl, ...options })))

const variants: ReadonlyArray<Variant> = [
  {
    name: "openai",
    provider: "openai",
    model: (baseUrl) => OpenAI.model("m").pipe(Layer.provide(OpenAI.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    secrets: [secret]
  },
  {
    name: "anthropic",
    provider: "anthropic",
    model: (baseUrl) =>
      Anthropic.model("m").pipe(Layer.provide(Anthropic.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    secrets: [secret]
  },
  {
    name: "groq",
    provider: "groq",
    model: (baseUrl) => Groq.model("m").pipe(Layer.provide(Groq.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    secrets: [secret]
  },
  {
    name: "azure with a key",
    provider: "azure",
    model: (baseUrl) =>
      Azure.model("d").pipe(
        Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: Redacted.make(secret) }))
      ),
    secrets: [secret]
  },
  {
    name: "azure with a bearer token",
    provider: "azure",
    model: (baseUrl) =>
      Azure.model("d").pipe(
        Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", bearerToken: Redacted.make(secret) }))
      ),
    secrets: [secret]
  },
  {
    name: "bedrock with SigV4",
    provider: "bedrock",
    model: bedrock({ credentials: { accessKeyId: "AKID", secretAccessKey: Redacted.make(awsSecret) } }),
    secrets: [awsSecret]
  },
  {
    name: "bedrock with SigV4 and a session token",
    provider: "bedrock",
    model: bedrock({
      credentials: Effect.succeed({
        accessKeyId: "AKID",
        secretAccessKey: Redacted.make(awsSecret),
        sessionToken: Redacted.make(sessionSecret)
      })
    }),
    secrets: [awsSecret, sessionSecret]
  },
  {
    name: "openai responses API",
    provider: "openai",
    responses: true,
    model: (baseUrl) =>
      OpenAIResponses.model("m").pipe(
        Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make(secret), baseUrl }))
      ),
    secrets: [secret]
  },
  {
    name: "azure responses API with a key",
    provider: "azure",
    responses: true,
    model: (baseUrl) =>
      Azure.responsesModel("d").pipe(
        Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey: Redacted.make(secret) }))
      ),
    secrets: [secret]
  },
  {
    name: "bedrock with an API key",
    provider: "bedrock",
    model: bedrock({ apiKey: Redacted.make(secret) }),
    secrets: [secret]
  },
  {
    name: "google (Gemini API) with a key",
    provider: "google",
    model: (baseUrl) => Google.model("m").pipe(Layer.provide(Google.layer({ apiKey: Redacted.make(secret), baseUrl }))),
    secrets: [secret]
  },
  {
    name: "google (Vertex AI) with an access token",
    provider: "google",
    model: (baseUrl) =>
      Google.vertexModel("m").pipe(
        Layer.provide(Google.vertexLayer({ project: "p", accessToken: Redacted.make(secret), baseUrl }))
      ),
    secrets: [secret]
  },
  {
    name: "google (Vertex AI) with a token from auth",
    provider: "google",
    model: (baseUrl) =>
      Google.vertexModel("m").pipe(
        Layer.provide(
          Google.vertexLayer({ project: "p", auth: Effect.succeed(Redacted.make(secret)), baseUrl })
        )
      ),
    secrets: [secret]
  },
  {
    name: "google (Vertex AI express mode) with a key",
    provider: "google",
    model: (baseUrl) =>
      Google.vertexModel("m").pipe(Layer.provide(Google.vertexLayer({ apiKey: Redacted.make(secret), baseUrl }))),
    secrets: [secret]
  }
]

const contentTypes: Readonly<Record<Variant["provider"], string>> = {
  openai: "text/event-stream",
  anthropic: "text/event-stream",
  groq: "text/event-stream",
  azure: "text/event-stream",
  bedrock: "application/vnd.amazon.eventstream",
  google: "text/event-stream"
}

const bodies: Readonly<Record<Variant["provider"], Uint8Array>> = {
  openai: Fixtures.bytes("openai", "text.sse"),
  anthropic: Fixtures.bytes("anthropic", "text.sse"),
  groq: Fixtures.bytes("groq", "tool-call.sse"),
  azure: Fixtures.bytes("azure", "text.sse"),
  bedrock: Fixtures.body("bedrock", "converse-text.eventstream.b64"),
  google: Fixtures.bytes("google", "text.sse")
}

/** The forms in which a provider might echo a secret, and in which it must not come back out. */
const formsOf = (value: string): ReadonlyArray<string> => [
  value,
  encodeURIComponent(value),
  Buffer.from(value).toString("base64"),
  value.replaceAll("/", "\\/")
]

/** A text that repeats every secret, in every form. */
const echo = (secrets: ReadonlyArray<string>) =>
  `Incorrect credentials provided: authorization: Bearer ${secrets.flatMap(formsOf).join(" and ")}`

const responsesBody = Fixtures.bytes("openai-responses", "text.sse")

const errorScenarios = (variant: Variant): ReadonlyArray<readonly [string, ReplayServer.Scenario]> => {
  const contentType = contentTypes[variant.provider]
  const body = variant.responses === true ? responsesBody : bodies[variant.provider]
  return [
    ["authentication", { status: 401, body: "{\"error\":{\"message\":\"bad key\"}}" }],
    ["rate limit", { status: 429, headers: { "retry-after": "1" }, body: "{\"error\":{\"message\":\"slow\"}}" }],
    ["invalid request", { status: 400, body: "{\"error\":{\"message\":\"bad\"}}" }],
    ["unavailable", { status: 503, body: "down" }],
    ["truncated", { headers: { "content-type": contentType }, body: body.subarray(0, body.length - 5) }],
    ["malformed", {
      headers: { "content-type": contentType },
      body: contentType === "text/event-stream" ? "data: {not json\n\n" : new Uint8Array(32).fill(7)
    }]
  ]
}

/** Responses that repeat the secrets: an error body, an in-stream error event, a malformed payload, a page. */
const echoScenarios = (variant: Variant): ReadonlyArray<readonly [string, ReplayServer.Scenario]> => {
  const provider = variant.provider
  const text = echo(variant.secrets)
  const contentType = contentTypes[provider]
  const errorJson = JSON.stringify({ error: { message: text, type: "authentication_error" }, message: text })
  const inStream = variant.responses === true
    ? `event: error\ndata: ${JSON.stringify({ type: "error", error: { code: "invalid_api_key", message: text } })}\n\n`
    : provider === "bedrock"
    ? Frames.exception("validationException", { message: text })
    : provider === "anthropic"
    ? `event: error\ndata: ${
      JSON.stringify({ type: "error", error: { type: "authentication_error", message: text } })
    }\n\n`
    : `data: ${JSON.stringify({ error: { message: text, type: "invalid_request_error" } })}\n\n`
  const malformed = provider === "bedrock"
    ? Frames.event("contentBlockDelta", text)
    : `data: {"not json ${text}\n\n`
  return [
    ["a 401 body echoing the key", { status: 401, headers: { "content-type": "application/json" }, body: errorJson }],
    ["an in-stream error event echoing the key", { headers: { "content-type": contentType }, body: inStream }],
    ["a malformed payload echoing the key", { headers: { "content-type": contentType }, body: malformed }],
    ["a proxy's HTML page echoing the key", {
      headers: { "content-type": "text/html" },
      body: `<html><body>denied: ${text}</body></html>`
    }],
    ["a 200 JSON error body echoing the key", {
      headers: { "content-type": "application/json" },
      body: errorJson
    }]
  ]
}

/** Runs a failing call and returns everything a user could observe of its failure, as one text. */
const observeFailure = (model: Layer.Layer<LanguageModel.LanguageModel>) =>
  Effect.gen(function*() {
    const observed: Array<string> = []
    const logger = Logger.make(({ cause, message }) => {
      observed.push(`${Util.inspect(message, { depth: 10 })} ${Cause.pretty(cause)}`)
    })
    const recording = yield* RecordingTracer.make
    const cause = yield* LanguageModel.stream("hi").pipe(
      Stream.runDrain,
      Effect.withSpan("user-call"),
      Effect.tapCause((cause) => Effect.logError("the call failed", cause)),
      Effect.sandbox,
      Effect.flip,
      Effect.provide(model),
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "All"),
      // The HTTP client's span records every request and response header: each secret header must read as
      // redacted (Effect's defaults cover authorization and x-api-key; the library adds api-key and
      // x-amz-security-token for the calls that send them).
      Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
      Effect.withTracer(recording.tracer)
    )
    const http = recording.spans.find((span) => span.name === "POST")
    if (http !== undefined) {
      for (const name of ["authorization", "x-api-key", "x-goog-api-key", "api-key", "x-amz-security-token"]) {
        const value = http.attributes.get(`http.request.header.${name}`)
        if (value !== undefined) assert.strictEqual(value, "<redacted>", name)
      }
    }
    for (const span of recording.spans) {
      observed.push(span.name, JSON.stringify([...span.attributes]), JSON.stringify(span.events))
      if (span.exit._tag === "Failure") observed.push(Cause.pretty(span.exit.cause))
    }
    const error = Cause.squash(cause) as Error
    observed.push(
      Cause.pretty(cause),
      String(error),
      JSON.stringify(error),
      Util.inspect(error, { depth: 10 }),
      error.message,
      error.stack ?? ""
    )
    return { error, everything: observed.join("\n") }
  })

describe("secrets never leak", () => {
  for (const variant of variants) {
    it.live(`${variant.name}: no secret in errors, logs or spans, for every error type`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const scenarios: ReadonlyArray<readonly [string, ReplayServer.Scenario | "refused"]> = [
          ...errorScenarios(variant),
          ...echoScenarios(variant),
          ["transport", "refused"]
        ]
        for (const [kind, scenario] of scenarios) {
          const baseUrl = scenario === "refused" ? "http://127.0.0.1:9" : server.serve(scenario)
          const { error, everything } = yield* observeFailure(
            variant.model(baseUrl).pipe(Layer.provide(clients[0]![1]))
          )
          for (const value of variant.secrets.flatMap(formsOf)) {
            assert.notInclude(everything, value, `${variant.name}, ${kind} (${String(error)}) leaked a secret`)
          }
          if (scenario === "refused") continue
          // A secret that travels did reach the server: the test would see it had it leaked. (SigV4 sends
          // only a signature derived from the secret key.)
          const sent = JSON.stringify(server.requests(baseUrl)[0]!.headers)
          if (variant.name !== "bedrock with SigV4") {
            assert.isTrue(variant.secrets.some((value) => sent.includes(value)), `${variant.name}: not sent`)
          }
          // An echoed secret is replaced, and the rest of the provider's message is kept.
          if (kind.includes("echoing")) assert.include(everything, "<redacted>", `${variant.name}, ${kind}`)
        }
      }))
  }
})

describe("Secrets.scrub", () => {
  const key = "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t"
  const secrets = new Secrets.Secrets([Redacted.make(key)])
  const runsOf = (value: string) => Array.from({ length: value.length - 7 }, (_, at) => value.slice(at, at + 8))
  const assertClean = (text: string) => {
    for (const run of runsOf(key)) assert.notInclude(text, run, text)
  }

  it("removes a key cut at either end by an excerpt, and any run of 8 of its characters", () => {
    for (let cut = 8; cut < key.length; cut++) {
      assertClean(secrets.scrub(`…${key.slice(0, cut)}`))
      assertClean(secrets.scrub(`${key.slice(key.length - cut)}…`))
      assertClean(secrets.scrub(`x ${key.slice(3, 3 + cut)} y`))
    }
    assert.strictEqual(
      secrets.scrub(`key: ${key.slice(0, 12)}… (19 more characters)`),
      "key: <redacted>… (19 more characters)"
    )
  })

  it("removes a JSON-escaped key (\\u escapes, escaped slashes) and a key's bytes as hex", () => {
    const escaped = Array.from(key, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
    assert.strictEqual(secrets.scrub(`{"a":"${escaped}"}`), `{"a":"<redacted>"}`)
    const hex = Array.from(new TextEncoder().encode(key), (byte) => byte.toString(16).padStart(2, "0")).join(" ")
    const scrubbed = secrets.scrub(`00 01 ${hex.slice(0, 40)}`)
    assert.notInclude(scrubbed, hex.slice(0, 23))
    assert.include(scrubbed, "<redacted>")
  })

  it("removes a key as a JSON string writes it (quotes and backslashes escaped), and scans megabytes in one pass", () => {
    const quoted = new Secrets.Secrets([Redacted.make("pass\"word\\with-quotes-42")])
    const echoed = JSON.stringify({ password: "pass\"word\\with-quotes-42" })
    assert.strictEqual(quoted.scrub(echoed), "{\"password\":\"<redacted>\"}")
    // A tool's result of 4 MiB with the key at its end: scrubbed, without a search per length and position.
    const long = `${"x".repeat(4 * 2 ** 20)} ${key}`
    const started = performance.now()
    assert.isTrue(secrets.scrub(long).endsWith(" <redacted>"))
    assert.isBelow(performance.now() - started, 2_000)
  })

  it("keeps ordinary text: words inside a key are not searched for alone", () => {
    const wordy = new Secrets.Secrets([Redacted.make("sk-responses-test-0123456789")])
    assert.strictEqual(wordy.scrub("a `response.output_text.delta` event"), "a `response.output_text.delta` event")
    assert.strictEqual(wordy.scrub("Bearer sk-responses-test-0123456789"), "Bearer <redacted>")
  })
})
