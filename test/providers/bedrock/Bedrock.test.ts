import { Sha256 } from "@aws-crypto/sha256-js"
import { assert, describe, it } from "@effect/vitest"
import * as Smithy from "@smithy/core/event-streams"
import { SignatureV4 } from "@smithy/signature-v4"
import { ConfigProvider, Effect, Layer, Redacted, Result, Schema, Stream } from "effect"
import type { FinishReason } from "effect-llm-stream"
import {
  Bedrock,
  CallResponse,
  CallStream,
  Cost,
  CostMetadata,
  LanguageModel,
  Message,
  PriceTable,
  ProviderError,
  Tool
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpClient, HttpClientRequest } from "effect/http"
import * as FastCheck from "fast-check"
import * as Zlib from "node:zlib"
import * as EventStream from "../../../src/core/framing/EventStream.js"
import * as EventStreamCodec from "../../../src/core/framing/EventStreamCodec.js"
import * as BedrockRequest from "../../../src/providers/bedrock/BedrockRequest.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Frames from "../../../support/Frames.js"
import * as PiecesClient from "../../../support/PiecesClient.js"
import { collect, failureOf } from "../../support/Collect.js"

const eventStream = { "content-type": "application/vnd.amazon.eventstream" }
const credentials: Bedrock.Credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: Redacted.make("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
  sessionToken: Redacted.make("session-token-EXAMPLE")
}
const clock = () => new Date("2026-11-21T12:00:00Z")

interface Expected {
  readonly frames: ReadonlyArray<{ headers: Record<string, string>; payload: any }>
  readonly text: string
  readonly reasoningText: string
  readonly signature: string | null
  readonly toolUses: ReadonlyArray<{ contentBlockIndex: number; toolUseId: string; name: string; input: string }>
  readonly stopReason: string
  readonly usage: any
  readonly redactedContent?: ReadonlyArray<string>
}

const recordedBody = (name: string) => Fixtures.body("bedrock", `${name}.eventstream.b64`)

const recordings = [
  "converse-text",
  "tool-use",
  "reasoning",
  "redacted-reasoning",
  "empty-text-delta",
  "server-tool-use",
  "converse-text-max-tokens",
  "document-citations",
  "reasoning-sonnet-5"
]

const modelLayer = (
  baseUrl: string,
  modelId: string,
  client: Layer.Layer<HttpClient.HttpClient>,
  options: Partial<Bedrock.Options> = {}
) =>
  Bedrock.model(modelId).pipe(
    Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl, credentials, clock, ...options })),
    Layer.provide(client)
  )

const commonOf: Record<string, FinishReason.FinishReason> = {
  end_turn: "stop",
  max_tokens: "length",
  tool_use: "tool_calls"
}

describe("Bedrock over HTTP, recorded event streams", () => {
  for (const [clientName, client] of clients) {
    for (const name of recordings) {
      it.effect(`${name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = recordedBody(name)
          const expected = Fixtures.json<Expected>("bedrock", `${name}.expected.json`)
          const meta = Fixtures.json<{ modelId: string; requestId: string | null }>("bedrock", `${name}.meta.json`)
          const requestId = meta.requestId ?? "replay-request-id"
          const baseUrl = server.serve({
            headers: { ...eventStream, "x-amzn-requestid": requestId },
            body,
            cuts: ReplayServer.randomCuts(body.length, name.length * 31 + 5, 173)
          })
          const { chunks, result } = yield* collect(LanguageModel.stream("Recommend a fantasy book")).pipe(
            Effect.provide(modelLayer(baseUrl, meta.modelId, client))
          )
          assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
          const typed = chunks as ReadonlyArray<Bedrock.BedrockCallResponseChunk>
          assert.strictEqual(chunks.length, expected.frames.length)
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          assert.strictEqual(response.provider, "bedrock")
          assert.strictEqual(response.content, expected.text)
          assert.strictEqual(typed.map((chunk) => chunk.reasoning).join(""), expected.reasoningText)
          assert.strictEqual(typed.map((chunk) => chunk.signature).join(""), expected.signature ?? "")
          assert.deepStrictEqual(
            typed.flatMap((chunk) => chunk.redactedReasoning === undefined ? [] : [chunk.redactedReasoning]),
            expected.redactedContent ?? []
          )
          assert.strictEqual(response.model, meta.modelId)
          assert.strictEqual(response.id, requestId)
          // messageStop's finish reason survives the metadata event that follows it.
          assert.deepStrictEqual(response.finishReasons, [expected.stopReason])
          assert.deepStrictEqual(response.commonFinishReasons, [commonOf[expected.stopReason]])
          const usage = expected.usage
          const cacheRead = usage.cacheReadInputTokens ?? 0
          const cacheWrite = usage.cacheWriteInputTokens ?? 0
          assert.strictEqual(response.usage.inputTokens, usage.inputTokens + cacheRead + cacheWrite)
          assert.strictEqual(response.usage.outputTokens, usage.outputTokens)
          assert.strictEqual(response.usage.cachedTokens, usage.cacheReadInputTokens)
          // Tools the service ran itself (a start with `type: "server_tool_use"`) are not the caller's to run.
          const serverBlocks = Fixtures.bedrockServerToolBlocks(expected)
          const asCall = (tool: Expected["toolUses"][number]) => ({
            id: tool.toolUseId,
            name: tool.name,
            arguments: tool.input
          })
          assert.deepStrictEqual(
            response.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
            expected.toolUses.filter((tool) => !serverBlocks.has(tool.contentBlockIndex)).map(asCall)
          )
          assert.deepStrictEqual(
            response.serverToolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
            expected.toolUses.filter((tool) => serverBlocks.has(tool.contentBlockIndex)).map(asCall)
          )
          // Each citation goes back with the text it cites (`citationsContent`), sent before that text or after.
          assert.deepStrictEqual(
            response.contentBlocks.flatMap((block: any) => block.citationsContent?.citations ?? []),
            expected.frames.flatMap((frame) =>
              frame.payload?.delta?.citation === undefined ? [] : [frame.payload.delta.citation]
            )
          )
          const [request] = server.requests(baseUrl)
          assert.strictEqual(
            request!.path,
            `/s/${baseUrl.split("/s/")[1]}/model/${encodeURIComponent(meta.modelId)}/converse-stream`
          )
          assert.match(
            String(request!.headers.authorization),
            /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/20261121\/us-east-1\/bedrock\/aws4_request/
          )
          assert.strictEqual(request!.headers["x-amz-security-token"], "session-token-EXAMPLE")
          assert.deepStrictEqual(JSON.parse(request!.body), {
            messages: [{ role: "user", content: [{ text: "Recommend a fantasy book" }] }]
          })
        }))
    }
  }
})

const textFrames = [
  Frames.event("messageStart", { role: "assistant", p: "abc" }),
  Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hello" } }),
  Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: " there" } })
]
const endFrames = [
  Frames.event("contentBlockStop", { contentBlockIndex: 0 }),
  Frames.event("messageStop", { stopReason: "end_turn" }),
  Frames.event("metadata", { usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 }, metrics: { latencyMs: 10 } })
]

const streamBody = (body: Uint8Array, options: Partial<ReplayServer.Scenario> = {}) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: eventStream, body, ...options })
    return yield* collect(LanguageModel.stream("hi")).pipe(
      Effect.provide(modelLayer(baseUrl, "amazon.nova-micro-v1:0", clients[0]![1]))
    )
  })

describe("Bedrock exceptions and corrupted frames", () => {
  const exceptions: ReadonlyArray<readonly [string, new(...args: Array<any>) => ProviderError.ProviderError]> = [
    ["throttlingException", ProviderError.RateLimitError],
    ["modelStreamErrorException", ProviderError.ProviderUnavailableError],
    ["validationException", ProviderError.InvalidRequestError],
    ["internalServerException", ProviderError.ProviderUnavailableError],
    ["serviceUnavailableException", ProviderError.ProviderUnavailableError]
  ]
  for (const [exceptionType, errorClass] of exceptions) {
    it.effect(`a ${exceptionType} frame fails the stream after the chunks before it`, () =>
      Effect.gen(function*() {
        const body = Frames.concat([
          ...textFrames,
          Frames.exception(exceptionType, { message: `the ${exceptionType} message`, originalStatusCode: 500 })
        ])
        const { chunks, result } = yield* streamBody(body, { cuts: [7, 100] })
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 3)
        assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "Hello there")
        assert.instanceOf(error, errorClass)
        assert.strictEqual(error.errorType, exceptionType)
        // The frame came in an HTTP 200 stream: the status its type stands for is not reported as one.
        assert.strictEqual(error.status, undefined)
        assert.include(error.message, `the ${exceptionType} message`)
      }))
  }

  it.effect("a corrupted payload fails with a malformed payload naming the checksum, after earlier chunks", () =>
    Effect.gen(function*() {
      const corrupted = Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "!!" } })
      corrupted[corrupted.length - 8] ^= 0xff
      const { chunks, result } = yield* streamBody(Frames.concat([...textFrames, corrupted, ...endFrames]))
      const error = failureOf(result)
      assert.strictEqual(chunks.length, 3)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "checksum")
    }))

  it.effect("a corrupted prelude fails with a malformed payload", () =>
    Effect.gen(function*() {
      const corrupted = Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "!!" } })
      corrupted[9] ^= 0x01
      const error = failureOf((yield* streamBody(Frames.concat([...textFrames, corrupted]))).result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "prelude")
    }))

  it.effect("a frame declaring more than the maximum size fails without buffering it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const huge = Frames.event("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "x".repeat(5000) } })
      const baseUrl = server.serve({ headers: eventStream, body: Frames.concat([...textFrames, huge]) })
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(modelLayer(baseUrl, "m", clients[1]![1], { maxFrameSize: 1024 }))
      )
      assert.strictEqual(chunks.length, 3)
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "maximum frame size of 1024")
    }))

  it.effect("a body cut inside a frame is a truncated stream", () =>
    Effect.gen(function*() {
      const whole = Frames.concat([...textFrames, ...endFrames])
      const { chunks, result } = yield* streamBody(whole.subarray(0, whole.length - 10))
      assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
      assert.strictEqual(chunks.length, 5)
    }))

  it.effect("a body that ends after messageStop but before metadata is a truncated stream", () =>
    Effect.gen(function*() {
      const { chunks, result } = yield* streamBody(Frames.concat([...textFrames, ...endFrames.slice(0, 2)]))
      assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
      assert.strictEqual(chunks.length, 5)
      assert.deepStrictEqual(chunks.reduce(CallResponse.append, CallResponse.empty).finishReasons, ["end_turn"])
    }))

  it.effect("unknown event types are skipped; a known event violating its schema is malformed", () =>
    Effect.gen(function*() {
      const body = Frames.concat([
        textFrames[0]!,
        Frames.event("someFutureEvent", { anything: true }),
        Frames.event("contentBlockDelta", { contentBlockIndex: "zero", delta: {} })
      ])
      const { chunks, result } = yield* streamBody(body)
      assert.strictEqual(chunks.length, 1)
      const error = failureOf(result)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "contentBlockDelta")
    }))
})

describe("Bedrock model stream errors", () => {
  const modelError = (originalStatusCode: number) =>
    Effect.gen(function*() {
      const body = Frames.concat([
        ...textFrames,
        Frames.exception("modelStreamErrorException", {
          message: "Received a stream error from the model",
          originalStatusCode,
          originalMessage: "prompt is too long: 210000 tokens > 200000 maximum"
        })
      ])
      const { chunks, result } = yield* streamBody(body)
      assert.strictEqual(chunks.length, 3)
      return failureOf(result)
    })

  it.effect("the model's own message is kept; its 4xx is an invalid request, not retried", () =>
    Effect.gen(function*() {
      for (const status of [400, 413, 422]) {
        const error = yield* modelError(status)
        assert.instanceOf(error, ProviderError.InvalidRequestError)
        assert.isFalse(error.retryable)
        assert.strictEqual(error.errorType, "modelStreamErrorException")
        assert.strictEqual(error.status, undefined)
        assert.include(error.message, "Received a stream error from the model")
        assert.include(error.message, `the model's own error (HTTP ${status}): prompt is too long`)
      }
    }))

  it.effect("the model's 408, 409, 429 and 5xx leave it unavailable, to be retried", () =>
    Effect.gen(function*() {
      for (const status of [408, 409, 429, 500, 503]) {
        const error = yield* modelError(status)
        assert.instanceOf(error, ProviderError.ProviderUnavailableError)
        assert.isTrue(error.retryable)
        assert.include(error.message, "prompt is too long")
      }
    }))
})

describe("Bedrock prompt routers", () => {
  const router = "arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1"
  const routed = (trace: unknown) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const body = Frames.concat([
        ...textFrames,
        ...endFrames.slice(0, 2),
        Frames.event("metadata", {
          usage: { inputTokens: 1000, outputTokens: 200, totalTokens: 1200 },
          metrics: { latencyMs: 10 },
          ...(trace === undefined ? {} : { trace })
        })
      ])
      const baseUrl = server.serve({ headers: eventStream, body })
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(modelLayer(baseUrl, router, clients[0]![1]))
      )
      assert.strictEqual(result._tag, "Success")
      return chunks.reduce(CallResponse.append, CallResponse.empty)
    })

  it.effect("a call through a prompt router is priced by the model it invoked, which the metadata's trace names", () =>
    Effect.gen(function*() {
      const invoked = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
      const response = yield* routed({
        promptRouter: { invokedModelId: `arn:aws:bedrock:us-east-1:123456789012:inference-profile/${invoked}` }
      })
      // The requested id stays the response's model; the price is the invoked model's.
      assert.strictEqual(response.model, router)
      assert.strictEqual(response.pricingModel, invoked)
      const expected = Cost.compute(
        Result.getOrThrow(PriceTable.bundled.lookup("bedrock", invoked)),
        new CostMetadata.CostMetadata({ inputTokens: 1000, cachedTokens: 0, outputTokens: 200 })
      )
      assert.strictEqual(
        Cost.totalText(Result.getOrThrow(response.costResult)),
        Cost.totalText(Result.getOrThrow(expected))
      )
    }))

  it.effect("a foundation-model ARN is read as its model id; without a trace the router is what is priced", () =>
    Effect.gen(function*() {
      const response = yield* routed({
        promptRouter: {
          invokedModelId: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0"
        }
      })
      assert.strictEqual(response.pricingModel, "anthropic.claude-3-5-haiku-20241022-v1:0")
      assert.isTrue(Result.isSuccess(response.costResult))
      const untraced = yield* routed(undefined)
      assert.strictEqual(untraced.pricingModel, router)
      assert.isTrue(Result.isFailure(untraced.costResult))
    }))
})

describe("Bedrock HTTP errors", () => {
  it.effect("400 ValidationException and 429 ThrottlingException carry AWS's message and type", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [string, new(...args: Array<any>) => ProviderError.ProviderError]> = [
        ["http-400-with-error-type.json", ProviderError.InvalidRequestError],
        ["http-429.json", ProviderError.RateLimitError]
      ]
      for (const [file, errorClass] of cases) {
        const recorded = Fixtures.json<{ status: number; headers: Record<string, string>; body: string }>(
          "bedrock",
          file
        )
        const { result } = yield* streamBody(new TextEncoder().encode(recorded.body), {
          status: recorded.status,
          headers: recorded.headers
        })
        const error = failureOf(result)
        assert.instanceOf(error, errorClass)
        assert.include(error.message, JSON.parse(recorded.body).message)
        assert.strictEqual(
          error.errorType,
          errorClass === ProviderError.RateLimitError ? "ThrottlingException" : "ValidationException"
        )
        assert.isDefined(error.requestId)
        assert.notInclude(JSON.stringify(error), "wJalrXUtnFEMI")
      }
    }))
})

describe("Bedrock authentication", () => {
  // A profile id, and an ARN (its `:` and `/` in one path segment, encoded once in the URL, twice when signed).
  for (
    const modelId of [
      "us.anthropic.claude-sonnet-4-20250514-v1:0",
      "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123"
    ]
  ) {
    it.effect(`the SigV4 signature equals @smithy/signature-v4's for the same request and clock: ${modelId}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: eventStream, body: Frames.concat([...textFrames, ...endFrames]) })
        // A user transform adds a header: signing runs after it, so the header is signed too.
        yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(modelLayer(baseUrl, modelId, clients[1]![1], {
            transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("x-custom-trace", "trace-1"))
          }))
        )
        const [request] = server.requests(baseUrl)
        const url = new URL(baseUrl + request!.path.slice(request!.path.indexOf("/model/")))
        const oracle = new SignatureV4({
          service: "bedrock",
          region: "us-east-1",
          credentials: {
            accessKeyId: credentials.accessKeyId,
            secretAccessKey: Redacted.value(credentials.secretAccessKey),
            sessionToken: Redacted.value(credentials.sessionToken!)
          },
          sha256: Sha256,
          uriEscapePath: true,
          applyChecksum: false
        })
        const signedHeaders = /SignedHeaders=([^,]+)/.exec(String(request!.headers.authorization))![1]!.split(";")
        assert.include(signedHeaders, "x-custom-trace")
        const headers: Record<string, string> = {}
        for (const name of signedHeaders) headers[name] = String(request!.headers[name])
        const signed = yield* Effect.promise(() =>
          oracle.sign({
            method: "POST",
            protocol: url.protocol,
            hostname: url.hostname,
            port: Number(url.port),
            path: url.pathname,
            headers,
            body: request!.body
          }, { signingDate: clock() })
        )
        assert.strictEqual(request!.headers.authorization, signed.headers.authorization)
      }))
  }

  it.effect("a Bedrock API key is sent as a bearer token, without signing", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: eventStream, body: Frames.concat([...textFrames, ...endFrames]) })
      const { result } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          Bedrock.model("amazon.nova-micro-v1:0").pipe(
            Layer.provide(Bedrock.layerConfig({ clock })),
            Layer.provide(clients[0]![1]),
            Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({
              env: {
                AWS_REGION: "eu-west-1",
                AWS_BEARER_TOKEN_BEDROCK: "bedrock-api-key-123",
                BEDROCK_BASE_URL: baseUrl
              }
            })))
          )
        )
      )
      assert.strictEqual(result._tag, "Success")
      const [request] = server.requests(baseUrl)
      assert.strictEqual(request!.headers.authorization, "Bearer bedrock-api-key-123")
      assert.isUndefined(request!.headers["x-amz-date"])
    }))

  it.effect("credentials from an effect are resolved per call; a failing provider is an authentication error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: eventStream, body: Frames.concat([...textFrames, ...endFrames]) })
      let calls = 0
      const rotating = Effect.sync(() => {
        calls++
        return { accessKeyId: `AKID${calls}`, secretAccessKey: Redacted.make("secret") }
      })
      for (let call = 0; call < 2; call++) {
        yield* collect(LanguageModel.stream("hi")).pipe(
          Effect.provide(modelLayer(baseUrl, "m", clients[0]![1], { credentials: rotating }))
        )
      }
      assert.include(String(server.requests(baseUrl)[1]!.headers.authorization), "Credential=AKID2/")
      const failing = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          modelLayer(baseUrl, "m", clients[0]![1], { credentials: Effect.fail(new Error("no SSO session")) })
        )
      )
      const error = failureOf(failing.result)
      assert.instanceOf(error, ProviderError.AuthenticationError)
      assert.include(error.message, "no SSO session")
    }))
})

describe("Bedrock request encoding and decoding properties", () => {
  it("encodes system, inference settings, tools and tool choice in the Converse format", () => {
    const weather = Tool.make("get_weather", {
      description: "Weather",
      parameters: Schema.Struct({ city: Schema.String })
    })
    assert.deepStrictEqual(
      Result.getOrThrow(BedrockRequest.encodeRequest({
        model: "m",
        system: "Be brief.",
        messages: [
          Message.user("Weather?"),
          Message.assistant("", {
            toolCalls: [new Tool.ToolCall({ id: "t1", name: "get_weather", arguments: "{\"city\":\"Oslo\"}" })]
          }),
          Message.toolResult({ toolCallId: "t1", name: "get_weather", content: "-3C" })
        ],
        maxTokens: 512,
        temperature: 0,
        topP: 0.9,
        stopSequences: ["END"],
        tools: [weather],
        toolChoice: "auto"
      })),
      {
        messages: [
          { role: "user", content: [{ text: "Weather?" }] },
          {
            role: "assistant",
            content: [{ toolUse: { toolUseId: "t1", name: "get_weather", input: { city: "Oslo" } } }]
          },
          { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "-3C" }] } }] }
        ],
        system: [{ text: "Be brief." }],
        inferenceConfig: { maxTokens: 512, temperature: 0, topP: 0.9, stopSequences: ["END"] },
        toolConfig: {
          tools: [{
            toolSpec: {
              name: "get_weather",
              description: "Weather",
              inputSchema: {
                json: {
                  type: "object",
                  required: ["city"],
                  properties: { city: { type: "string" } },
                  additionalProperties: false
                }
              }
            }
          }],
          toolChoice: { auto: {} }
        }
      }
    )
  })

  it("maps every stop reason, unknown ones to other", () => {
    for (
      const [raw, common] of [
        ["end_turn", "stop"],
        ["stop_sequence", "stop"],
        ["max_tokens", "length"],
        ["tool_use", "tool_calls"],
        ["content_filtered", "content_filter"],
        ["guardrail_intervened", "content_filter"],
        ["malformed_tool_use", "other"],
        ["malformed_model_output", "other"],
        ["model_context_window_exceeded", "length"],
        ["hasOwnProperty", "other"]
      ] as const
    ) {
      assert.strictEqual(Bedrock.toCommonFinishReason(raw), common)
    }
  })

  it("normalises cache tokens into the input count", () => {
    const usage = Bedrock.normaliseUsage({
      inputTokens: 10,
      outputTokens: 3,
      cacheReadInputTokens: 1000,
      cacheWriteInputTokens: 200
    })
    assert.strictEqual(usage.inputTokens, 1210)
    assert.strictEqual(usage.cachedTokens, 1000)
    assert.strictEqual(usage.cacheWriteTokens, 200)
  })

  it("decoding is invariant under re-chunking of the bytes", async () => {
    const body = recordedBody("tool-use")
    const run = (pieces: ReadonlyArray<Uint8Array>) =>
      CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(
          Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
            Layer.provide(Bedrock.layer({ region: "us-east-1", baseUrl: "http://replay" }))
          )
        ),
        Effect.provide(PiecesClient.layer(pieces, { ...eventStream, "x-amzn-requestid": "r1" })),
        Effect.runPromise
      )
    const whole = await run([body])
    assert.strictEqual(whole.toolCalls[0]!.arguments, "{\"city\":\"Paris\"}")
    await FastCheck.assert(
      FastCheck.asyncProperty(
        FastCheck.uniqueArray(FastCheck.integer({ min: 1, max: body.length - 1 }), { maxLength: 50 }),
        async (cuts) => assert.deepStrictEqual(await run(ReplayServer.splitAt(body, cuts)), whole)
      ),
      { numRuns: 150, seed: 3 }
    )
  })

  it.effect.prop(
    "accumulate equals folding append for any Bedrock events",
    [Schema.Array(Bedrock.BedrockCallResponseChunk)],
    ([chunks]) =>
      Effect.gen(function*() {
        // Folded from the same table: the one `accumulate` loads on first use (the other hosts' entries with it).
        const empty = CallResponse.emptyWith(yield* PriceTable.current)
        assert.deepStrictEqual(
          yield* CallStream.accumulate(Stream.fromIterable(chunks)),
          chunks.reduce(CallResponse.append, empty)
        )
      }),
    { arbitrary: { runs: 50, seed: 9 } }
  )
})

describe("event-stream framing against the smithy codec test vectors", () => {
  const vectors = Fixtures.json<ReadonlyArray<any>>("bedrock", "eventstream-vectors.json")
  for (const vector of vectors) {
    it(`${vector.name} (${vector.expectError ? "rejected" : "decoded"}), whole and byte by byte`, () => {
      const bytes = new Uint8Array(Buffer.from(vector.encoded, "base64"))
      for (const pieces of [[bytes], Array.from(bytes, (byte) => new Uint8Array([byte]))]) {
        const framer = new EventStream.Framer()
        const out: Array<EventStream.Message> = []
        let error: EventStream.FrameError | undefined
        for (const piece of pieces) error ??= framer.push(piece, out)
        if (vector.expectError) {
          // Either a check failed, or (a corrupted length) the frame never completes.
          assert.isTrue(error !== undefined || framer.pending > 0, "a corrupted vector must not decode")
          assert.strictEqual(out.length, 0)
        } else {
          assert.isUndefined(error)
          assert.strictEqual(out.length, 1)
          assert.strictEqual(Buffer.from(out[0]!.body).toString("base64"), vector.decoded.payload)
          assert.deepStrictEqual(Object.keys(out[0]!.headers), vector.decoded.headers.map((header: any) => header.name))
          for (const header of vector.decoded.headers) {
            const decoded = out[0]!.headers[header.name]!
            assert.strictEqual(decoded.type, header.type)
            // The vectors write binary as base64, long and timestamp as numbers.
            const value = decoded.value instanceof Uint8Array
              ? Buffer.from(decoded.value).toString("base64")
              : decoded.value instanceof Date || typeof decoded.value === "bigint"
              ? Number(decoded.value)
              : decoded.value
            assert.strictEqual(value, header.value, header.name)
          }
        }
      }
    })
  }
})

describe("event-stream codec against @smithy/core/event-streams", () => {
  const smithy = new Smithy.EventStreamCodec(
    (bytes) => new TextDecoder().decode(bytes),
    (text) => new TextEncoder().encode(text)
  )
  const headers = FastCheck.dictionary(
    FastCheck.string({ minLength: 1, maxLength: 40 }),
    FastCheck.string({ maxLength: 300 }),
    { maxKeys: 6 }
  )
  const body = FastCheck.uint8Array({ maxLength: 2_000 })

  it("Node's own CRC-32 and the table give the same checksums, continued from any prefix", () =>
    FastCheck.assert(
      FastCheck.property(FastCheck.uint8Array({ maxLength: 500 }), FastCheck.nat(), (bytes, cut) => {
        const at = bytes.length === 0 ? 0 : cut % bytes.length
        const table = EventStreamCodec.crc32Table(bytes, at, bytes.length, EventStreamCodec.crc32Table(bytes, 0, at))
        assert.strictEqual(EventStreamCodec.crc32(bytes, at, bytes.length, EventStreamCodec.crc32(bytes, 0, at)), table)
        assert.strictEqual(table, Zlib.crc32(bytes))
      }),
      { numRuns: 300, seed: 10 }
    ))

  it("frames whose headers differ in one byte, or repeat, read as their own headers, in any order", () => {
    // The codec reuses a header block it read before when the bytes are the same: never when they are not.
    const blocks = [
      { ":event-type": "messageStart", ":message-type": "event" },
      { ":event-type": "messageStopp", ":message-type": "event" },
      { ":event-type": "messageStart", ":message-type": "evenT" },
      { ":event-typE": "messageStart", ":message-type": "event" },
      { ":event-type": "contentBlockDelta", ":message-type": "event", ":content-type": "application/json" }
    ]
    const order = [0, 1, 0, 2, 3, 0, 4, 4, 1, 2, 3, 0, 1, 2, 3, 4]
    for (const index of order) {
      const body = new TextEncoder().encode(JSON.stringify({ index }))
      const read = EventStreamCodec.decode(EventStreamCodec.encode(blocks[index]!, body))
      assert.deepStrictEqual(
        Object.fromEntries(Object.entries(read.headers).map(([name, header]) => [name, header.value])),
        blocks[index]
      )
      assert.deepStrictEqual(read.body, body)
    }
  })

  it("frames it writes, smithy reads to the same headers and payload, and the bytes are smithy's own", () =>
    FastCheck.assert(
      FastCheck.property(headers, body, (headers, body) => {
        const frame = EventStreamCodec.encode(headers, body)
        const read = smithy.decode(frame)
        assert.deepStrictEqual(
          Object.fromEntries(Object.entries(read.headers).map(([name, header]) => [name, header.value])),
          headers
        )
        assert.deepStrictEqual(read.body, body)
        const written = smithy.encode({
          headers: Object.fromEntries(
            Object.entries(headers).map(([name, value]) => [name, { type: "string" as const, value }])
          ),
          body
        })
        assert.deepStrictEqual(frame, written)
      }),
      { numRuns: 300, seed: 11 }
    ))

  it("frames smithy writes with headers of every type, it reads as smithy does; a flipped byte fails a check", () =>
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(
          FastCheck.tuple(
            FastCheck.string({ minLength: 1, maxLength: 20 }),
            FastCheck.oneof(
              FastCheck.boolean().map((value) => ({ type: "boolean" as const, value })),
              FastCheck.integer({ min: -128, max: 127 }).map((value) => ({ type: "byte" as const, value })),
              FastCheck.integer({ min: -32768, max: 32767 }).map((value) => ({ type: "short" as const, value })),
              FastCheck.integer().map((value) => ({ type: "integer" as const, value })),
              FastCheck.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }).map((value) => ({
                type: "long" as const,
                value
              })),
              FastCheck.uint8Array({ maxLength: 100 }).map((value) => ({ type: "binary" as const, value })),
              FastCheck.string({ maxLength: 100 }).map((value) => ({ type: "string" as const, value })),
              FastCheck.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => ({
                type: "timestamp" as const,
                value: new Date(ms)
              })),
              FastCheck.uuid().map((value) => ({ type: "uuid" as const, value }))
            )
          ),
          { maxLength: 8 }
        ),
        body,
        FastCheck.nat(),
        (entries, body, flip) => {
          const headers = Object.fromEntries(entries)
          const frame = smithy.encode({
            headers: Object.fromEntries(
              Object.entries(headers).map((
                [name, header]
              ) => [
                name,
                header.type === "long" ? { type: "long", value: Smithy.Int64.fromNumber(Number(header.value)) } : header
              ])
            ) as any,
            body
          })
          const read = EventStreamCodec.decode(frame)
          assert.deepStrictEqual(read.headers, headers)
          assert.deepStrictEqual(read.body, body)
          const corrupted = frame.slice()
          corrupted[flip % frame.length] ^= 0x01
          assert.throws(() => EventStreamCodec.decode(corrupted))
        }
      ),
      { numRuns: 300, seed: 12 }
    ))
})
