/**
 * Hostile servers against the library's security guarantees, over real loopback HTTP with both HTTP clients:
 * redirects are never followed with credentials, secrets do not survive in excerpts (cut, JSON-escaped, as
 * frame hex) or in a span's response headers, a line break in a configured value is a typed error before
 * anything is sent, and no path segment from a user or a server is a dot segment.
 */
import { assert, describe, it } from "@effect/vitest"
import { Config, Effect, Layer, Redacted, Schedule, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  Google,
  LanguageModel,
  OpenAI,
  OpenAIResponses,
  ProviderError
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as Zlib from "node:zlib"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import { collect, failureOf } from "../support/Collect.js"
import { providerModels } from "../support/Providers.js"
import * as RecordingTracer from "../support/RecordingTracer.js"

const secret = "sk-probe-OPENAI-SECRET-0123456789abcdef"
const key = Redacted.make(secret)

const run = (model: Layer.Layer<LanguageModel.LanguageModel, unknown>) =>
  collect(LanguageModel.stream("hi")).pipe(Effect.provide(model), Effect.timeout("10 seconds"))

/** Every run of 8 characters of `value`. */
const runsOf = (value: string) => Array.from({ length: value.length - 7 }, (_, at) => value.slice(at, at + 8))

/** Asserts that no run of 8 or more characters of the secret is in `text`, also behind JSON escapes. */
const assertNoSecret = (text: string, where: string) => {
  const decoded = text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)))
  for (const run of runsOf(secret)) {
    assert.notInclude(decoded, run, `${where}: a run of the secret (${run}) in ${text.slice(0, 300)}`)
  }
}

const openai = (baseUrl: string, options: Partial<OpenAI.Options> = {}) =>
  OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl, ...options })))

/** Gemini over the Gemini API: the key in `x-goog-api-key`. */
const google = (baseUrl: string, name = "gemini-3-pro-preview") =>
  Google.model(name).pipe(Layer.provide(Google.layer({ apiKey: key, baseUrl })))

for (const [clientName, client] of clients) {
  describe(`redirects (${clientName})`, () => {
    for (const status of [301, 302, 303, 307, 308]) {
      it.live(`a ${status} is a non-retryable error naming the target's origin; nothing reaches it`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const elsewhere = yield* ReplayServer.make
          for (const target of providerModels) {
            const other = elsewhere.serve({ headers: { "content-type": target.contentType }, body: target.body })
            const baseUrl = server.serve({
              status,
              headers: { location: `${other}/private/path?token=abc`, "content-type": "text/plain" },
              body: "moved"
            })
            const error = failureOf((yield* run(target.model(baseUrl).pipe(Layer.provide(client)))).result)
            assert.instanceOf(error, ProviderError.InvalidRequestError, target.provider)
            assert.isFalse(error.retryable)
            assert.include(error.message, String(status))
            assert.include(error.message, elsewhere.origin)
            assert.include(error.message, "baseUrl")
            assert.notInclude(error.message, "private")
            assert.notInclude(JSON.stringify(error.http), "private")
            assert.strictEqual(server.requests(baseUrl).length, 1, `${target.provider}: not retried`)
            assert.strictEqual(
              elsewhere.requests(other).length,
              0,
              `${target.provider}: the other origin got a request`
            )
          }
        }))
    }

    it.live("a program's own fetch options asking for redirect: \"error\" still get the typed, final redirect error", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ status: 302, headers: { location: "http://127.0.0.1:9/next" }, body: "" })
        const error = failureOf(
          (yield* run(openai(baseUrl).pipe(Layer.provide(client))).pipe(
            Effect.provideService(FetchHttpClient.RequestInit, { redirect: "error" })
          )).result
        )
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.isFalse(error.retryable)
        assert.include(error.message, "302")
        assert.strictEqual(server.requests(baseUrl).length, 1)
      }))
  })

  describe(`secrets in excerpts (${clientName})`, () => {
    it.live("a key cut by the excerpt limits leaves no run of 8 of its characters (OpenAI, Gemini)", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        // The message quotes the first 200 characters and `raw` the first 2,000: each cuts one echo of the key.
        const body = `${"x".repeat(190)}${secret} ${"y".repeat(1990 - 191 - secret.length)}${secret}${"z".repeat(50)}`
        const baseUrl = server.serve({ headers: { "content-type": "text/plain" }, body })
        for (const model of [openai(baseUrl), google(baseUrl)]) {
          const error = failureOf((yield* run(model.pipe(Layer.provide(client)))).result)
          assert.instanceOf(error, ProviderError.MalformedPayloadError)
          assertNoSecret(error.message, "message")
          assertNoSecret(error.raw, "raw")
          assert.include(error.raw, "<redacted>")
        }
      }))

    it.live("Gemini: a key echoed in an error body or a response header is redacted (x-goog-api-key)", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 400,
          headers: { "content-type": "application/json", "x-echo": `key=${secret}` },
          body: JSON.stringify({
            error: {
              code: 400,
              message: `API key ${secret} not valid: ${secret.slice(3, 30)}`,
              status: "INVALID_ARGUMENT"
            }
          })
        })
        const recording = yield* RecordingTracer.make
        const { result } = yield* run(google(baseUrl).pipe(Layer.provide(client))).pipe(
          Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
          Effect.withTracer(recording.tracer)
        )
        const error = failureOf(result)
        assert.isTrue(ProviderError.isProviderError(error))
        assertNoSecret(JSON.stringify(error), "the error")
        assertNoSecret(error.message, "message")
        for (const span of recording.spans) assertNoSecret(JSON.stringify([...span.attributes]), span.name)
        assert.strictEqual(server.requests(baseUrl)[0]?.headers["x-goog-api-key"], secret)
      }))

    it.live("a \\u-escaped key in a malformed event's raw text is removed", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const escaped = Array.from(secret, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream" },
          body: `data: {"echo": "Bearer ${escaped}", broken\n\n`
        })
        const error = failureOf((yield* run(openai(baseUrl).pipe(Layer.provide(client)))).result)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        assertNoSecret(error.raw, "raw")
        assert.include(error.raw, "Bearer <redacted>")
      }))

    it.live("a key in a corrupted Bedrock frame is not in its hex excerpt", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const payload = new TextEncoder().encode(secret)
        const frame = new Uint8Array(16 + payload.length)
        const view = new DataView(frame.buffer)
        view.setUint32(0, frame.length)
        view.setUint32(4, 0)
        view.setUint32(8, Zlib.crc32(frame.subarray(0, 8)))
        frame.set(payload, 12)
        view.setUint32(frame.length - 4, 0xdeadbeef)
        const baseUrl = server.serve({ headers: { "content-type": "application/vnd.amazon.eventstream" }, body: frame })
        const model = Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
          Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl })),
          Layer.provide(client)
        )
        const error = failureOf((yield* run(model)).result)
        assert.instanceOf(error, ProviderError.MalformedPayloadError)
        const hex = Array.from(payload, (byte) => byte.toString(16).padStart(2, "0")).join(" ")
        // Eight bytes of the key, as the excerpt spells bytes.
        for (let at = 0; at + 23 <= hex.length; at += 3) assert.notInclude(error.raw, hex.slice(at, at + 23))
        assert.include(error.raw, "<redacted>")
      }))

    it.live("with header capture on, a response header echoing the key is redacted in the span", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({
          status: 401,
          headers: { "content-type": "application/json", "x-echo": `key=${secret}`, "x-partial": secret.slice(4, 20) },
          body: "{\"error\":{\"message\":\"no\"}}"
        })
        const recording = yield* RecordingTracer.make
        const { result } = yield* run(openai(baseUrl).pipe(Layer.provide(client))).pipe(
          Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
          Effect.withTracer(recording.tracer)
        )
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.AuthenticationError)
        assertNoSecret(JSON.stringify(error.http), "the error's headers")
        const span = recording.spans.find((span) => span.name === "POST")
        assert.isDefined(span)
        assert.strictEqual(span!.attributes.get("http.response.header.x-echo"), "key=<redacted>")
        for (const span of recording.spans) assertNoSecret(JSON.stringify([...span.attributes]), span.name)
      }))
  })

  describe(`AWS session tokens (${clientName})`, () => {
    const sessionSecret = secret.replace("OPENAI", "SESSION")
    for (
      const [name, credentials] of [
        ["static credentials", {
          accessKeyId: "AKIDEXAMPLE",
          secretAccessKey: Redacted.make("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
          sessionToken: Redacted.make(sessionSecret)
        }],
        [
          "credentials resolved per call",
          Effect.succeed({
            accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: Redacted.make("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            sessionToken: Redacted.make(sessionSecret)
          })
        ]
      ] as const
    ) {
      it.live(`${name}: a session token echoed in a response header is scrubbed from the span and the error`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve({
            status: 403,
            headers: {
              "content-type": "application/json",
              "x-echo-token": `token=${sessionSecret}`,
              "x-amzn-errortype": "UnrecognizedClientException"
            },
            body: JSON.stringify({ message: `The security token ${sessionSecret} is invalid.` })
          })
          const model = Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
            Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl, credentials })),
            Layer.provide(client)
          )
          const recording = yield* RecordingTracer.make
          const { result } = yield* run(model).pipe(
            Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
            Effect.withTracer(recording.tracer)
          )
          const error = failureOf(result)
          assert.instanceOf(error, ProviderError.AuthenticationError)
          const texts = [error.message, JSON.stringify(error.http), JSON.stringify(error)]
          for (const span of recording.spans) texts.push(JSON.stringify([...span.attributes]))
          const span = recording.spans.find((span) => span.name === "POST")
          assert.strictEqual(span?.attributes.get("http.response.header.x-echo-token"), "token=<redacted>")
          for (const text of texts) {
            for (const run of runsOf(sessionSecret)) assert.notInclude(text, run, text.slice(0, 200))
          }
        }))
    }
  })

  /** A configured value that goes into a header: what it is, the header, the model that sends it. */
  type HeaderCase = readonly [
    string,
    string,
    (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
  ]

  describe(`line breaks in configured values (${clientName})`, () => {
    const cases: ReadonlyArray<HeaderCase> = [
      ["betas", "anthropic-beta", (baseUrl) =>
        Anthropic.model("claude-sonnet-4-5").pipe(
          Layer.provide(Anthropic.layer({ apiKey: key, baseUrl, betas: ["a\r\nx-evil: 1"] }))
        )],
      ["apiVersion", "anthropic-version", (baseUrl) =>
        Anthropic.model("claude-sonnet-4-5").pipe(
          Layer.provide(Anthropic.layer({ apiKey: key, baseUrl, apiVersion: "2023-06-01\n" }))
        )],
      ["organization", "openai-organization", (baseUrl) => openai(baseUrl, { organization: "org\r\n" })],
      [
        "apiKey",
        "authorization",
        (baseUrl) =>
          OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: Redacted.make(`${secret}\r\n`), baseUrl })))
      ],
      [
        "apiKey (Gemini)",
        "x-goog-api-key",
        (baseUrl) =>
          Google.model("gemini-3-pro-preview").pipe(
            Layer.provide(Google.layer({ apiKey: Redacted.make(`${secret}\r\n`), baseUrl }))
          )
      ],
      // A Bedrock API key is a bearer token: Bedrock's own header, added after every transform of the request.
      [
        "apiKey (Bedrock)",
        "authorization",
        (baseUrl) =>
          Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
            Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make(`${secret}\r\n`), baseUrl }))
          )
      ]
    ]
    /** The error of a call by `model`: an `InvalidRequestError`, not retryable, with no secret; nothing sent. */
    const refusedUnsent = (model: HeaderCase[2]) =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: "" })
        const error = failureOf((yield* run(model(baseUrl).pipe(Layer.provide(client)))).result)
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.isFalse(error.retryable)
        assertNoSecret(error.message, "message")
        assert.strictEqual(server.requests(baseUrl).length, 0)
        return error
      })

    for (const [option, header, model] of cases) {
      it.live(`${option}: a non-retryable error naming ${header}, and nothing is sent`, () =>
        Effect.gen(function*() {
          const error = yield* refusedUnsent(model)
          assert.include(error.message, header)
          if (option.includes("Bedrock")) assert.include(error.message, "apiKey")
        }))
    }

    // A key pasted with its quotes or a zero-width space: fetch failed it as a connection error (retried), Node's
    // `http` threw it as a defect.
    const pasted: ReadonlyArray<HeaderCase> = [
      [
        "apiKey in quotes",
        "authorization",
        (baseUrl) =>
          OpenAI.model("gpt-4o").pipe(
            Layer.provide(OpenAI.layer({ apiKey: Redacted.make(`“${secret}”`), baseUrl }))
          )
      ],
      [
        "apiKey with a zero-width space (Anthropic)",
        "x-api-key",
        (baseUrl) =>
          Anthropic.model("claude-sonnet-4-5").pipe(
            Layer.provide(Anthropic.layer({ apiKey: Redacted.make(`${secret}\u200b`), baseUrl }))
          )
      ],
      ["apiKey in quotes (Bedrock)", "authorization", (baseUrl) =>
        Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
          Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make(`“${secret}”`), baseUrl }))
        )]
    ]
    for (const [option, header, model] of pasted) {
      it.live(`${option}: a non-retryable error naming ${header} and the character, and nothing is sent`, () =>
        Effect.gen(function*() {
          const error = yield* refusedUnsent(model)
          assert.include(error.message, `the header ${header} holds a character no HTTP header can carry`)
          assert.match(error.message, /\(U\+(201C|200B):/)
        }))
    }

    it.live("AWS credentials resolved per call with a line break: a non-retryable error, nothing sent", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": "application/vnd.amazon.eventstream" }, body: "" })
        const model = Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
          Layer.provide(Bedrock.layer({
            region: "us-east-1",
            baseUrl,
            credentials: Effect.succeed({
              accessKeyId: "AKID",
              secretAccessKey: Redacted.make("wJalrXUtnFEMI/K7MDENG"),
              sessionToken: Redacted.make(`${secret}\r\n`)
            })
          })),
          Layer.provide(client)
        )
        const error = failureOf((yield* run(model)).result)
        assert.instanceOf(error, ProviderError.AuthenticationError)
        assert.isFalse(error.retryable)
        assert.include(error.message, "sessionToken")
        assertNoSecret(error.message, "message")
        assert.strictEqual(server.requests(baseUrl).length, 0)
      }))

    it.live("layerConfig: a ConfigurationError naming the option, before any request", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: "" })
        const layers: ReadonlyArray<
          readonly [
            string,
            Layer.Layer<LanguageModel.LanguageModel, ProviderError.ConfigurationError, HttpClient.HttpClient>
          ]
        > = [
          [
            "betas",
            Anthropic.model("m").pipe(Layer.provide(Anthropic.layerConfig({
              apiKey: Config.succeed(key),
              baseUrl: Config.succeed(baseUrl),
              betas: ["a\r\nb"]
            })))
          ],
          [
            "organization",
            OpenAI.model("m").pipe(Layer.provide(OpenAI.layerConfig({
              apiKey: Config.succeed(key),
              baseUrl: Config.succeed(baseUrl),
              organization: Config.succeed("org\n")
            })))
          ],
          [
            "apiVersion",
            Azure.model("d").pipe(Layer.provide(Azure.layerConfig({
              endpoint: Config.succeed(baseUrl),
              apiKey: Config.succeed(key),
              apiVersion: Config.succeed("2024-10-21\r\n")
            })))
          ],
          [
            "apiKey",
            Anthropic.model("m").pipe(Layer.provide(Anthropic.layerConfig({
              apiKey: Config.succeed(Redacted.make(`${secret}\n`)),
              baseUrl: Config.succeed(baseUrl)
            })))
          ]
        ]
        for (const [option, layer] of layers) {
          const error = yield* LanguageModel.stream("hi").pipe(
            Stream.runDrain,
            Effect.provide(layer.pipe(Layer.provide(client))),
            Effect.flip
          )
          assert.instanceOf(error, ProviderError.ConfigurationError, option)
          assert.isFalse((error as ProviderError.ConfigurationError).retryable)
          assert.include(error.message, `option ${option}`)
          assertNoSecret(error.message, option)
        }
        assert.strictEqual(server.requests(baseUrl).length, 0)
      }))
  })

  describe(`dot segments (${clientName})`, () => {
    for (const name of [".", ".."]) {
      it.live(`an Azure deployment or a Bedrock model id "${name}" is not sent`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: "" })
          const models = [
            Azure.model(name).pipe(
              Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: key }))
            ),
            Bedrock.model(name).pipe(Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl })))
          ]
          for (const model of models) {
            const error = failureOf((yield* run(model.pipe(Layer.provide(client)))).result)
            assert.instanceOf(error, ProviderError.InvalidRequestError)
            assert.isFalse(error.retryable)
            assert.include(error.message, "dot segment")
          }
          assert.strictEqual(server.requests(baseUrl).length, 0)
        }))
    }

    it.live("a Gemini model name with a dot segment is not sent", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: "" })
        for (const name of ["../files", "tunedModels/../../v1/files", "models/%2e%2e/x", "./gemini"]) {
          const error = failureOf((yield* run(google(baseUrl, name).pipe(Layer.provide(client)))).result)
          assert.instanceOf(error, ProviderError.InvalidRequestError, name)
          assert.isFalse(error.retryable)
          assert.include(error.message, "dot segment")
        }
        assert.strictEqual(server.requests(baseUrl).length, 0)
      }))

    it.live("a Vertex location that is not a location name is not put in the host", () =>
      Effect.gen(function*() {
        const model = Google.vertexModel("gemini-3-pro-preview").pipe(
          Layer.provide(
            Google.vertexLayer({ project: "p", location: "evil.example/x", accessToken: Redacted.make(secret) })
          )
        )
        const error = failureOf((yield* run(model.pipe(Layer.provide(client)))).result)
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.include(error.message, "is not a location name")
        assertNoSecret(error.message, "message")
      }))

    it.live("a Bedrock region that is not a region name is not put in the host", () =>
      Effect.gen(function*() {
        const region = "evil.example/x"
        const viaLayer = Bedrock.model("m").pipe(Layer.provide(Bedrock.layer({ region, apiKey: key })))
        const error = failureOf((yield* run(viaLayer.pipe(Layer.provide(client)))).result)
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.include(error.message, "is not a region name")
        const viaConfig = Bedrock.model("m").pipe(
          Layer.provide(Bedrock.layerConfig({ region: Config.succeed(region), apiKey: Config.succeed(key) }))
        )
        const configError = yield* LanguageModel.stream("hi").pipe(
          Stream.runDrain,
          Effect.provide(viaConfig.pipe(Layer.provide(client))),
          Effect.flip
        )
        assert.instanceOf(configError, ProviderError.ConfigurationError)
        assert.include(configError.message, "is not a region name")
      }))

    it.live("a Responses id \"..\" sent by the server is never used in a resume request", () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const events = Fixtures.text("openai-responses", "text.sse").split("\n\n").filter((block) =>
          block.includes("data: ")
        ).map((block) =>
          block.replace(/"id":"resp_[A-Za-z0-9]+"/g, "\"id\":\"..\"").replace(
            "\"background\":false",
            "\"background\":true"
          )
        )
        const body = `${events.join("\n\n")}\n\n`
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream" },
          body,
          dropAfterBytes: Math.floor(body.length / 2)
        })
        const model = OpenAIResponses.model("gpt-4o", { extraBody: { background: true } }).pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl, resume: { schedule: Schedule.recurs(3) } })),
          Layer.provide(client)
        )
        const error = failureOf((yield* run(model)).result)
        assert.isTrue(ProviderError.isProviderError(error))
        assert.deepStrictEqual(server.requests(baseUrl).map((request) => request.method), ["POST"])
      }))
  })
}
