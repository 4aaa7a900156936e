/**
 * Google with the rest of the library: `withFallback` to and from Gemini (a conversation written by another
 * provider sent to Gemini 3), telemetry's provider names (`gcp.gemini`, `gcp.vertex_ai`), Vertex AI's
 * addresses (regional, `global`, express mode) and token refresh, the cost of every priced recording, and
 * decoding that does not depend on where the body is cut.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option, Redacted, Ref, Stream } from "effect"
import { Anthropic, CallResponse, CallStream, Google, LanguageModel, PriceTable, Tool } from "effect-llm-stream"
import { Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpClient, HttpClientResponse } from "effect/http"
import * as FastCheck from "fast-check"
import * as BodyDecoder from "../../../src/core/framing/BodyDecoder.js"
import * as GoogleDecoder from "../../../src/providers/google/GoogleDecoder.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const sse = { "content-type": "text/event-stream" }
const key = Redacted.make("k")
const client = clients[0]![1]

const gemini = (baseUrl: string, name = "gemini-3-pro-preview") =>
  Google.model(name).pipe(Layer.provide(Google.layer({ apiKey: key, baseUrl })), Layer.provide(client))
const claude = (baseUrl: string) =>
  Anthropic.model("claude-sonnet-4-5").pipe(
    Layer.provide(Anthropic.layer({ apiKey: key, baseUrl })),
    Layer.provide(client)
  )

describe("withFallback with Google", () => {
  it.effect("from Anthropic to Gemini, and from Gemini to Anthropic", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const overloaded = server.serve({
        status: 529,
        body: "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}"
      })
      const geminiUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "text.sse") })
      const toGemini = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(
        Effect.provide(claude(overloaded).pipe(LanguageModel.withFallback(gemini(geminiUrl))))
      )
      assert.strictEqual(toGemini._tag, "Completed")
      if (toGemini._tag === "Completed") {
        assert.strictEqual(toGemini.response.provider, "google")
        assert.include(toGemini.response.content, "strawberry")
        assert.isTrue(Option.isSome(toGemini.response.cost))
      }
      const unavailable = server.serve({
        status: 503,
        headers: sse,
        body: "{\"error\":{\"code\":503,\"message\":\"The model is overloaded.\",\"status\":\"UNAVAILABLE\"}}"
      })
      const claudeUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
      const toClaude = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(
        Effect.provide(gemini(unavailable).pipe(LanguageModel.withFallback(claude(claudeUrl))))
      )
      assert.strictEqual(toClaude._tag, "Completed")
      if (toClaude._tag === "Completed") assert.strictEqual(toClaude.response.provider, "anthropic")
    }))

  it.effect("a turn Claude wrote is sent to Gemini 3 with Google's placeholder signature on its calls", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const claudeUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "tool-use.sse") })
      const first = yield* CallStream.accumulate(LanguageModel.stream("weather?")).pipe(
        Effect.provide(claude(claudeUrl))
      )
      const call = first.toolCalls[0]!
      const geminiUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "tool-loop-answer.sse") })
      yield* CallStream.accumulate(LanguageModel.stream({
        messages: [
          Message.user("weather?"),
          CallResponse.toMessage(first),
          Message.toolResult({ toolCallId: call.id, name: call.name, content: "sunny" })
        ],
        tools: [Tool.make(call.name, { jsonSchema: { type: "object", properties: {} } })]
      })).pipe(Effect.provide(gemini(geminiUrl, "gemini-3.1-pro-preview")))
      const sent = JSON.parse(server.requests(geminiUrl)[0]!.body)
      const model = sent.contents[1]
      assert.strictEqual(model.role, "model")
      const fc = model.parts.find((part: any) => part.functionCall !== undefined)
      assert.strictEqual(fc.functionCall.name, call.name)
      assert.strictEqual(fc.thoughtSignature, "skip_thought_signature_validator")
      assert.deepStrictEqual(sent.contents[2].parts[0].functionResponse.response, { result: "sunny" })
    }))
})

describe("Google telemetry", () => {
  it.effect("gen_ai.provider.name is gcp.gemini on the Gemini API and gcp.vertex_ai on Vertex AI", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Fixtures.bytes("google", "text.sse")
      const recording = yield* RecordingTracer.make
      const run = (layer: Layer.Layer<LanguageModel.LanguageModel>) =>
        LanguageModel.stream("hi").pipe(Stream.runDrain, Effect.provide(layer), Effect.withTracer(recording.tracer))
      yield* run(gemini(server.serve({ headers: sse, body }), "gemini-3-pro-preview"))
      yield* run(
        Google.vertexModel("gemini-2.5-flash").pipe(
          Layer.provide(Google.vertexLayer({ baseUrl: server.serve({ headers: sse, body }), accessToken: key })),
          Layer.provide(client)
        )
      )
      const attributes = (name: string) =>
        Object.fromEntries(recording.spans.find((span) => span.name === name)!.attributes)
      const api = attributes("chat gemini-3-pro-preview")
      assert.strictEqual(api["gen_ai.provider.name"], "gcp.gemini")
      assert.strictEqual(api["gen_ai.usage.input_tokens"], 9)
      assert.strictEqual(api["gen_ai.response.model"], "gemini-3-pro-preview")
      assert.strictEqual(attributes("chat gemini-2.5-flash")["gen_ai.provider.name"], "gcp.vertex_ai")
    }))
})

describe("Vertex AI addressing and credentials", () => {
  it.effect("regional, global and express-mode paths; `auth` tokens kept until a minute before they expire", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Fixtures.bytes("google", "text.sse")
      const baseUrl = server.serve({ headers: sse, body })
      const issued = yield* Ref.make(0)
      const auth = Ref.updateAndGet(issued, (n) => n + 1).pipe(
        Effect.map((n) => ({
          token: Redacted.make(`token-${n}`),
          expiresAt: Date.now() + (n === 1 ? 30_000 : 3_600_000)
        }))
      )
      const vertex = (options: Google.VertexOptions) =>
        Google.vertexModel("gemini-2.5-flash").pipe(Layer.provide(Google.vertexLayer(options)), Layer.provide(client))
      const call = (layer: Layer.Layer<LanguageModel.LanguageModel>) =>
        collect(LanguageModel.stream("hi")).pipe(Effect.provide(layer))
      // Three calls over one layer (one client, one token source).
      const three = Effect.all([1, 2, 3].map(() => collect(LanguageModel.stream("hi"))))
      yield* three.pipe(Effect.provide(vertex({ project: "p", auth, baseUrl: `${baseUrl}/v1beta1` })))
      yield* call(vertex({ apiKey: Redacted.make("express-key"), baseUrl: `${baseUrl}/v1` }))
      const requests = server.requests(baseUrl)
      const paths = requests.map((request) => request.path.slice(request.path.indexOf("/v1")))
      assert.deepStrictEqual(paths, [
        "/v1beta1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        "/v1beta1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        "/v1beta1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        "/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
      ])
      // The first token expires within a minute: it is replaced; the second is kept.
      assert.deepStrictEqual(requests.slice(0, 3).map((request) => request.headers["authorization"]), [
        "Bearer token-1",
        "Bearer token-2",
        "Bearer token-2"
      ])
      assert.strictEqual(requests[3]!.headers["x-goog-api-key"], "express-key")
      assert.isUndefined(requests[3]!.headers["authorization"])
      assert.strictEqual(yield* Ref.get(issued), 2)
    }))

  it("the default hosts: {location}-aiplatform.googleapis.com, aiplatform.googleapis.com for global", () => {
    assert.strictEqual(Google.defaultBaseUrl, "https://generativelanguage.googleapis.com/v1beta")
  })
})

describe("the cost of Google's recordings", () => {
  for (const name of Fixtures.streams("google")) {
    const expected = Fixtures.json("google", `${name}.expected.json`)
    const price = expected.model === null ? undefined : PriceTable.bundled.lookup("google", expected.model)
    if (price === undefined || price._tag === "Failure" || expected.usage?.candidatesTokenCount === undefined) continue
    it.effect(`${name}: input, cached input and output (thinking included) at ${expected.model}'s rates`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", `${name}.sse`) })
        const { chunks } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(gemini(baseUrl)))
        const response = chunks.reduce(CallResponse.append, CallResponse.empty)
        const usage = expected.usage
        const rates = price.success.rates
        const input = usage.promptTokenCount + (usage.toolUsePromptTokenCount ?? 0)
        const cached = usage.cachedContentTokenCount ?? 0
        const output = usage.candidatesTokenCount + (usage.thoughtsTokenCount ?? 0)
        const usd = ((input - cached) * Number(rates.input) + cached * Number(rates.cacheRead ?? rates.input) +
          output * Number(rates.output)) / 1e6
        // Provisioned throughput is paid for apart: such a call has no cost, never a made-up one.
        if (usage.trafficType === "PROVISIONED_THROUGHPUT") {
          const result = response.costResult
          assert.isTrue(result._tag === "Failure" && result.failure.message.includes("provisioned_throughput"))
          return
        }
        // Flex PayGo: "a 50% discount compared to Standard PayGo" (docs.cloud.google.com/vertex-ai/generative-ai/docs/
        // flex-paygo), the correction `google-flex`.
        const factor = usage.trafficType === "ON_DEMAND_FLEX" ? 0.5 : 1
        const cost = Option.getOrThrow(response.cost)
        assert.closeTo(cost.usd, usd * factor, 1e-12)
      }))
  }
})

/** Events with the random stem of the ids made for calls Google sent without one (drawn per response) left out. */
const withoutStems = (events: unknown): unknown =>
  JSON.parse(JSON.stringify(events).replace(/"gemini_call_[A-Za-z0-9_-]{12}_(\d+)"/g, "\"gemini_call_$1\""))

describe("decoding does not depend on where the body is cut", () => {
  it("every recording decodes to the same chunks, whole or in random pieces", () => {
    for (const name of Fixtures.streams("google")) {
      const body = Fixtures.bytes("google", `${name}.sse`)
      const whole = BodyDecoder.decodeWhole(GoogleDecoder.bodyDecoder("google"), body)
      FastCheck.assert(
        FastCheck.property(FastCheck.uniqueArray(FastCheck.nat({ max: body.length }), { maxLength: 12 }), (cuts) => {
          const decoder = GoogleDecoder.bodyDecoder("google")
          const values: Array<Google.GoogleCallResponseChunk> = []
          const points = [0, ...[...cuts].sort((a, b) => a - b), body.length]
          let status: BodyDecoder.Status = undefined
          for (let i = 1; i < points.length && status === undefined; i++) {
            status = decoder.push(body.subarray(points[i - 1], points[i]), values)
          }
          status ??= decoder.end(values)
          assert.deepStrictEqual(
            withoutStems(values.map((value: any) => value.events)),
            withoutStems(whole.values.map((value: any) => value.events))
          )
          assert.strictEqual(typeof status, typeof whole.status)
        }),
        { numRuns: 20 }
      )
    }
  })
})

describe("Google's server tools", () => {
  const replay = (name: string) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", `${name}.sse`) })
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(gemini(baseUrl, "gemini-2.5-pro"))
      )
      return { response: chunks.reduce(CallResponse.append, CallResponse.empty), result }
    })

  it.effect("code execution: the code as a server call, its outcomes as results, the answer as text", () =>
    Effect.gen(function*() {
      const { response, result } = yield* replay("code-execution")
      assert.strictEqual(result._tag, "Success")
      assert.deepStrictEqual(response.serverToolCalls.map((call) => [call.name, call.type]), [[
        "code_execution",
        "executableCode"
      ]])
      assert.include(JSON.parse(response.serverToolCalls[0]!.arguments).code, "print(1/0)")
      assert.deepStrictEqual(
        response.serverToolResults.map((toolResult) => (toolResult.content as { outcome: string }).outcome),
        ["OUTCOME_OK", "OUTCOME_FAILED"]
      )
      // Neither part names the other: the result that follows the code answers it (ai.google.dev, "Code execution":
      // an `executableCode` part, then its `codeExecutionResult`), so a view shows the code's call answered. A second
      // result answers nothing more.
      assert.deepStrictEqual(response.serverToolResults.map((toolResult) => toolResult.toolUseId), [
        response.serverToolCalls[0]!.id,
        ""
      ])
      assert.include(response.content, "ZeroDivisionError")
      assert.deepStrictEqual(response.toolCalls, [])
      assert.deepStrictEqual(response.commonFinishReasons, ["stop"])
      // The turn sent back keeps every part as it came, its signatures included.
      const blocks = response.contentBlocks as ReadonlyArray<Record<string, any>>
      assert.deepStrictEqual(blocks.map((block) => Object.keys(block).sort()), [
        ["executableCode", "thoughtSignature"],
        ["codeExecutionResult"],
        ["codeExecutionResult"],
        ["text", "thoughtSignature"]
      ])
    }))

  it.effect("Google Search grounding: one result with the sources and the text each supports", () =>
    Effect.gen(function*() {
      const { response } = yield* replay("web-search-grounding")
      assert.strictEqual(response.serverToolResults.length, 1)
      const grounding = response.serverToolResults[0]!.content as {
        groundingChunks: Array<{ web: { uri: string } }>
        webSearchQueries: Array<string>
      }
      assert.deepStrictEqual(grounding.webSearchQueries, ["weather in San Francisco today"])
      assert.isAbove(grounding.groundingChunks.length, 0)
      // A server tool's prompt is billed as input: 17 prompt + 102 tool-use prompt tokens.
      assert.strictEqual(response.usage.inputTokens, 119)
      assert.strictEqual(response.usage.totalTokens, 772)
    }))
})

describe("Google.layerConfig", () => {
  it.effect("reads GEMINI_API_KEY, else GOOGLE_API_KEY, and GEMINI_BASE_URL; the key goes in x-goog-api-key", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("google", "text.sse") })
      const call = (env: Record<string, string>) =>
        Stream.runDrain(LanguageModel.stream("hi")).pipe(
          Effect.provide(
            Google.model("gemini-3-pro-preview").pipe(
              Layer.provide(Google.layerConfig()),
              Layer.provide(client),
              Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { GEMINI_BASE_URL: baseUrl, ...env } })))
            )
          )
        )
      yield* call({ GEMINI_API_KEY: "gemini-key", GOOGLE_API_KEY: "google-key" })
      yield* call({ GOOGLE_API_KEY: "google-key" })
      assert.deepStrictEqual(server.requests(baseUrl).map((request) => request.headers["x-goog-api-key"]), [
        "gemini-key",
        "google-key"
      ])
      assert.isTrue(server.requests(baseUrl).every((request) => !request.path.includes("key")))
    }))
})

describe("Vertex AI's default endpoints", () => {
  it.effect("{location}-aiplatform.googleapis.com/v1, aiplatform.googleapis.com for global and for express mode", () =>
    Effect.gen(function*() {
      const urls: Array<string> = []
      const body = Fixtures.text("google", "text.sse")
      // An in-memory client: the request's URL is recorded, a recorded stream answers.
      const recordUrls = () =>
        HttpClient.make((request) =>
          Effect.sync(() => {
            urls.push(request.url)
            return HttpClientResponse.fromWeb(
              request,
              new Response(body, { headers: { "content-type": "text/event-stream" } })
            )
          })
        )
      const call = (options: Google.VertexOptions) =>
        Stream.runDrain(LanguageModel.stream("hi")).pipe(
          Effect.provide(
            Google.vertexModel("gemini-2.5-flash").pipe(
              Layer.provide(Google.vertexLayer({ ...options, transformClient: recordUrls })),
              Layer.provide(client)
            )
          )
        )
      yield* call({ project: "p", location: "europe-west4", accessToken: key })
      yield* call({ project: "p", accessToken: key, apiVersion: "v1beta1" })
      yield* call({ apiKey: key })
      assert.deepStrictEqual(urls, [
        "https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/publishers/google/models/gemini-2.5-flash:streamGenerateContent",
        "https://aiplatform.googleapis.com/v1beta1/projects/p/locations/global/publishers/google/models/gemini-2.5-flash:streamGenerateContent",
        "https://aiplatform.googleapis.com/v1/publishers/google/models/gemini-2.5-flash:streamGenerateContent"
      ])
    }))
})

describe("the cost of a Vertex AI call", () => {
  it.effect("is priced as the Gemini API's model (pay-as-you-go is the standard tier)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Fixtures.bytes("google", "vertex-streamed-call-arguments.sse")
      const run = (layer: Layer.Layer<LanguageModel.LanguageModel>) =>
        CallStream.accumulate(LanguageModel.stream("hi")).pipe(Effect.provide(layer))
      const vertex = yield* run(
        Google.vertexModel("gemini-3.1-pro-preview").pipe(
          Layer.provide(
            Google.vertexLayer({ baseUrl: server.serve({ headers: sse, body }), project: "p", accessToken: key })
          ),
          Layer.provide(client)
        )
      )
      assert.strictEqual(vertex.provider, "google-vertex")
      const cost = Option.getOrThrow(vertex.cost)
      // 26 input tokens at $2, 23 output + 132 thinking tokens at $12 per million (gemini-3.1-pro-preview).
      assert.closeTo(cost.usd, (26 * 2 + (23 + 132) * 12) / 1e6, 1e-12)
    }))
})
