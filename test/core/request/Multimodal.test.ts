/**
 * Content parts end to end over real HTTP (the replay server, through `FetchHttpClient` and undici): a
 * screenshot and a document (what each API takes) go out encoded as the request encoders encode them,
 * each file's base64 exactly once in the body and no key in it, and a recorded response streams back
 * (for Anthropic a recorded vision response, for Bedrock a recorded document response: see
 * `test/fixtures/multimodal/SOURCES.md`). A part a provider cannot take fails with an
 * `InvalidRequestError` and no request reaches the server. Spans record parts by kind and size only.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  Groq,
  LanguageModel,
  Message,
  OpenAI,
  OpenAIResponses,
  ProviderError,
  Telemetry
} from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { LanguageModel as AiModel } from "effect/ai"
import type { HttpClient } from "effect/http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Recordings from "../../support/AiRecordings.js"
import { collect, failureOf } from "../../support/Collect.js"
import * as M from "../../support/Multimodal.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const apiKey = "sk-multimodal-0123456789abcdef"
const key = Redacted.make(apiKey)

/** The recorded ConverseStream events (one JSON object per line), each framed as an event-stream message. */
const bedrockDocumentBody = (): Uint8Array =>
  TestKit.concatBytes(
    Fixtures.text("multimodal", "bedrock-document-citations.jsonl").trim().split("\n").map((line) => {
      const event = JSON.parse(line) as Record<string, unknown>
      const [type] = Object.keys(event)
      return TestKit.bedrockEventFrame(type!, event[type!])
    })
  )

/** Every text delta of the recorded Bedrock events, read here independently of the library. */
const bedrockDocumentText = (): string =>
  Fixtures.text("multimodal", "bedrock-document-citations.jsonl").trim().split("\n")
    .map((line) => JSON.parse(line)?.contentBlockDelta?.delta?.text ?? "").join("")

const chatText = (provider: string) => Fixtures.json(provider, "text.expected.json").choices["0"].content as string

const screenshot = M.png
const report = M.pdf
const ask = Message.text("What does the screenshot show, and what does the report say?")

interface Case {
  readonly api: M.Api
  readonly provider: string
  readonly contentType: string
  readonly body: () => Uint8Array
  readonly text: () => string
  readonly question: Message.Message
  readonly model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
}

const cases: ReadonlyArray<Case> = [
  {
    api: "openai",
    provider: "openai",
    contentType: "text/event-stream",
    body: () => Fixtures.bytes("openai", "text.sse"),
    text: () => chatText("openai"),
    question: Message.user([
      Message.image(screenshot, { detail: "low" }),
      Message.file(report, { mediaType: "application/pdf", filename: "report.pdf" }),
      ask
    ]),
    model: (baseUrl) => OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl })))
  },
  {
    api: "azure",
    provider: "azure",
    contentType: "text/event-stream",
    body: () => Fixtures.bytes("azure", "text.sse"),
    text: () => chatText("azure"),
    question: Message.user([
      Message.image(screenshot),
      Message.file(report, { mediaType: "application/pdf" }),
      ask
    ]),
    model: (baseUrl) =>
      Azure.model("vision").pipe(Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: key })))
  },
  {
    api: "groq",
    provider: "groq",
    contentType: "text/event-stream",
    body: () => Fixtures.bytes("groq", "text.sse"),
    text: () => chatText("groq"),
    question: Message.user([Message.image(screenshot), Message.image("https://example.com/chart.png"), ask]),
    model: (baseUrl) =>
      Groq.model("meta-llama/llama-4-scout-17b-16e-instruct").pipe(
        Layer.provide(Groq.layer({ apiKey: key, baseUrl }))
      )
  },
  {
    api: "responses",
    provider: "openai",
    contentType: "text/event-stream",
    body: () => Fixtures.bytes("openai-responses", "text.sse"),
    text: () => Fixtures.json("openai-responses", "text.expected.json").text,
    question: Message.user([
      Message.image(screenshot),
      Message.file("https://example.com/report.pdf", { mediaType: "application/pdf" }),
      ask
    ]),
    model: (baseUrl) =>
      OpenAIResponses.model("gpt-5").pipe(Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl })))
  },
  {
    api: "anthropic",
    provider: "anthropic",
    contentType: "text/event-stream",
    body: () => Fixtures.bytes("multimodal", "anthropic-vision-image.sse"),
    // The answer the recording's own test asserts.
    text: () => "Red square, green square.",
    question: Message.user([
      Message.image(screenshot),
      Message.file(report, { mediaType: "application/pdf", filename: "report.pdf" }),
      ask
    ]),
    model: (baseUrl) =>
      Anthropic.model("claude-sonnet-4-5").pipe(Layer.provide(Anthropic.layer({ apiKey: key, baseUrl })))
  },
  {
    api: "bedrock",
    provider: "bedrock",
    contentType: "application/vnd.amazon.eventstream",
    body: bedrockDocumentBody,
    text: bedrockDocumentText,
    question: Message.user([
      Message.image(screenshot),
      Message.file(report, { mediaType: "application/pdf", filename: "report.pdf" }),
      ask
    ]),
    model: (baseUrl) =>
      Bedrock.model("us.anthropic.claude-sonnet-4-5-20250929-v1:0").pipe(
        Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl }))
      )
  }
]

/** What a request body carries of the conversation. */
const conversationOf = (api: M.Api, body: Record<string, any>): unknown =>
  api === "responses" ? body["input"] : body["messages"]

const occurrences = (text: string, search: string): number => text.split(search).length - 1

describe("a screenshot and a document, over HTTP", () => {
  for (const [clientName, client] of clients) {
    for (const c of cases) {
      it.effect(`${c.api} via ${clientName}: sent as encoded, each file once, and the response streams`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = c.body()
          const baseUrl = server.serve({
            headers: { "content-type": c.contentType },
            body,
            cuts: ReplayServer.randomCuts(body.length, 28, Math.max(97, Math.ceil(body.length / 64)))
          })
          const { chunks, result } = yield* collect(LanguageModel.stream({ messages: [c.question] })).pipe(
            Effect.provide(c.model(baseUrl).pipe(Layer.provide(client)))
          )
          assert.isTrue(result._tag === "Success", String(result))
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          assert.strictEqual(response.content, c.text())
          const [request] = server.requests(baseUrl)
          assert.isDefined(request)
          const sent = JSON.parse(request!.body)
          assert.deepStrictEqual(conversationOf(c.api, sent), conversationOf(c.api, M.body(c.api, [c.question])))
          // Base64-encoded once: each file's base64 appears once in the body; the key never does.
          assert.strictEqual(occurrences(request!.body, M.b64(screenshot)), 1)
          if (c.api !== "groq" && c.api !== "responses") {
            assert.strictEqual(occurrences(request!.body, M.b64(report)), 1)
          }
          assert.notInclude(request!.body, apiKey)
        }))
    }
  }
})

describe("a part the provider cannot take, over HTTP", () => {
  const refused: ReadonlyArray<readonly [Case["api"], Message.Part]> = [
    ["openai", Message.file("https://example.com/report.pdf", { mediaType: "application/pdf" })],
    ["azure", Message.audio(M.wav, { mediaType: "audio/ogg" })],
    ["groq", Message.file(report, { mediaType: "application/pdf" })],
    ["responses", Message.audio(M.wav, { mediaType: "audio/wav" })],
    ["anthropic", Message.audio(M.wav, { mediaType: "audio/wav" })],
    ["bedrock", Message.image("https://example.com/chart.png")]
  ]
  for (const [api, part] of refused) {
    const c = cases.find((c) => c.api === api)!
    it.effect(`${api}: InvalidRequestError naming the provider and the part; nothing reaches the server`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: { "content-type": c.contentType }, body: c.body() })
        const { chunks, result } = yield* collect(
          LanguageModel.stream({ messages: [Message.user([ask, part])] })
        ).pipe(Effect.provide(c.model(baseUrl).pipe(Layer.provide(clients[0]![1]))))
        const error = failureOf(result)
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.strictEqual(error.provider, c.provider)
        assert.isTrue(error.message.startsWith(`${c.provider}: messages[0].parts[1] (`), error.message)
        assert.strictEqual(chunks.length, 0)
        assert.strictEqual(server.requests(baseUrl).length, 0)
      }))
  }
})

describe("spans", () => {
  it.live("record parts by kind, media type and size; with CaptureContent, the prompt without file bytes", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const c = cases.find((c) => c.api === "anthropic")!
      const baseUrl = server.serve({ headers: { "content-type": c.contentType }, body: c.body() })
      const recording = yield* RecordingTracer.make
      const signed = "https://example.com/chart.png?X-Amz-Signature=abcdef0123456789"
      yield* LanguageModel.stream({
        messages: [
          Message.user([
            Message.image(screenshot),
            Message.image(`data:image/jpeg;base64,${M.b64(M.jpeg)}`),
            Message.image(signed),
            Message.file(report, { mediaType: "application/pdf" }),
            ask
          ])
        ]
      }).pipe(
        Stream.runDrain,
        Effect.provide(c.model(baseUrl).pipe(Layer.provide(clients[1]![1]))),
        Effect.provide(Layer.succeed(Telemetry.CaptureContent, true)),
        Effect.withTracer(recording.tracer)
      )
      const span = recording.spans.find((span) => span.name === "chat claude-sonnet-4-5")!
      assert.deepStrictEqual(span.attributes.get("effect_llm_stream.request.parts"), [
        `image (media type from content) ${screenshot.length} bytes`,
        `image (media type from content) data URL of ${`data:image/jpeg;base64,${M.b64(M.jpeg)}`.length} characters`,
        "image (media type from content) url",
        `file application/pdf ${report.length} bytes`
      ])
      const prompt = span.attributes.get("gen_ai.input.messages") as string
      assert.include(prompt, ask.text)
      assert.include(prompt, `"bytes":${screenshot.length}`)
      assert.include(prompt, "https://example.com/chart.png")
      for (const secret of [M.b64(screenshot), M.b64(M.jpeg), M.b64(report), "X-Amz-Signature", "\"0\":137"]) {
        assert.notInclude(prompt, secret)
      }
    }))
})

describe("effect/ai file parts, through AiLanguageModel", () => {
  it.effect("become image and document parts by media type, data sent as it is (base64 text as a data: URL)", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("anthropic", "text"))
      yield* AiModel.generateText({
        prompt: [{
          role: "user",
          content: [
            { type: "file", mediaType: "image/*", data: screenshot },
            { type: "file", mediaType: "image/jpeg", data: M.b64(M.jpeg) },
            { type: "file", mediaType: "application/pdf", fileName: "report.pdf", data: report },
            { type: "file", mediaType: "application/pdf", data: new URL("https://example.com/report.pdf") },
            { type: "text", text: "Compare them." }
          ]
        }]
      }).pipe(Effect.provide(Recordings.aiModel("anthropic", baseUrl, clients[0]![1])))
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body)
      assert.deepStrictEqual(
        sent.messages,
        M.body("anthropic", [
          Message.user([
            Message.image(screenshot),
            Message.image(M.jpeg, { mediaType: "image/jpeg" }),
            Message.file(report, { mediaType: "application/pdf", filename: "report.pdf" }),
            Message.file("https://example.com/report.pdf", { mediaType: "application/pdf" }),
            Message.text("Compare them.")
          ])
        ]).messages
      )
    }))

  it.effect("a tool result's modelOutput with an image goes back in the tool result, where the API takes it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("bedrock", "converse-text"))
      yield* AiModel.generateText({
        prompt: [
          { role: "user", content: "What is on the screen?" },
          {
            role: "assistant",
            content: [{ type: "tool-call", id: "t1", name: "screenshot", params: {}, providerExecuted: false }]
          },
          {
            role: "tool",
            content: [{
              type: "tool-result",
              id: "t1",
              name: "screenshot",
              isFailure: false,
              result: null,
              providerExecuted: false,
              modelOutput: [{ type: "text", text: "the screen" }, {
                type: "file",
                mediaType: "image/png",
                data: screenshot
              }]
            }]
          }
        ]
      }).pipe(Effect.provide(Recordings.aiModel("bedrock", baseUrl, clients[1]![1])))
      const sent = JSON.parse(server.requests(baseUrl)[0]!.body)
      assert.deepStrictEqual(sent.messages[2], {
        role: "user",
        content: [{
          toolResult: {
            toolUseId: "t1",
            content: [{ text: "the screen" }, { image: { format: "png", source: { bytes: M.b64(screenshot) } } }]
          }
        }]
      })
    }))

  it.effect("a file the provider cannot take is an AiError InvalidRequestError, and nothing is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(Recordings.scenario("groq", "text"))
      const error = yield* AiModel.generateText({
        prompt: [{
          role: "user",
          content: [{ type: "file", mediaType: "application/pdf", data: report }, { type: "text", text: "Summarize" }]
        }]
      }).pipe(Effect.provide(Recordings.aiModel("groq", baseUrl, clients[0]![1])), Effect.flip)
      assert.strictEqual(error.reason._tag, "InvalidRequestError")
      assert.include(error.message, "groq: messages[0].parts[0] (file, application/pdf)")
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }))
})
