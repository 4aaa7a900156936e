/**
 * Google Gemini over HTTP: real recorded streams of the Gemini API and Vertex AI (test/fixtures/google,
 * SOURCES.md names each), served by the replay server to both HTTP clients, against the values their
 * `*.expected.json` computes from the recorded JSON alone. Wire rules checked against `@google/genai` 3.1's
 * types (`GenerateContentResponse`, `FunctionCall.partialArgs`, `GenerateContentResponseUsageMetadata`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { FinishReason } from "effect-llm-stream"
import { CallResponse, Google, LanguageModel, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "AIzaSy-test-0123456789abcdef"
const sse = { "content-type": "text/event-stream" }

interface Expected {
  readonly events: number
  readonly text: string
  readonly reasoning: string
  readonly toolCalls: ReadonlyArray<{ name: string; id: string | null; arguments: string }>
  readonly finishReasons: ReadonlyArray<string>
  readonly usage: any
  readonly id: string | null
  readonly model: string | null
  readonly thoughtSignatures: number
  readonly serverToolCalls: number
  readonly serverToolResults: number
  readonly complete: boolean
  readonly blockReason: string | null
}

const geminiModel = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
  Google.model("gemini-2.5-flash").pipe(
    Layer.provide(Google.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
    Layer.provide(client)
  )

const vertexModel = (baseUrl: string, client: Layer.Layer<HttpClient.HttpClient>) =>
  Google.vertexModel("gemini-2.5-flash").pipe(
    Layer.provide(Google.vertexLayer({
      project: "my-project",
      location: "us-central1",
      accessToken: Redacted.make("ya29.token"),
      baseUrl: `${baseUrl}/v1`
    })),
    Layer.provide(client)
  )

/** The finish reasons besides STOP that the recordings end with (Google's FinishReason reference). */
const commonOf: Record<string, FinishReason.FinishReason> = {
  MODEL_ARMOR: "content_filter",
  MAX_TOKENS: "length",
  SAFETY: "content_filter"
}

/** The usage the call is billed for, computed here from the raw object. */
const billed = (usage: any) => ({
  inputTokens: usage.promptTokenCount === undefined
    ? undefined
    : usage.promptTokenCount + (usage.toolUsePromptTokenCount ?? 0),
  cachedTokens: usage.cachedContentTokenCount,
  // The JSON of Google's usage leaves a count of 0 out (proto3): the answer's count is missing where a thinking
  // model spent its output on thoughts (Mirascope's gemini-2.5-flash recording answers "3" with no count), so it is 0
  // beside a thoughts count, and unknown only when neither is there.
  outputTokens: usage.candidatesTokenCount === undefined && usage.thoughtsTokenCount === undefined
    ? undefined
    : (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
  reasoningTokens: usage.thoughtsTokenCount
})

describe("Google over HTTP, recorded streams", () => {
  for (const [clientName, client] of clients) {
    for (const name of Fixtures.streams("google")) {
      it.effect(`${name} via ${clientName}`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const body = Fixtures.bytes("google", `${name}.sse`)
          const expected = Fixtures.json<Expected>("google", `${name}.expected.json`)
          const vertex = name.startsWith("vertex-")
          const baseUrl = server.serve({
            headers: sse,
            body,
            cuts: ReplayServer.randomCuts(body.length, name.length * 7919 + 5, 41)
          })
          const layer = vertex ? vertexModel(baseUrl, client) : geminiModel(baseUrl, client)
          const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(layer))
          const typed = chunks as ReadonlyArray<Google.GoogleCallResponseChunk>
          assert.strictEqual(chunks.length, expected.events)
          const response = chunks.reduce(CallResponse.append, CallResponse.empty)
          assert.strictEqual(response.provider, vertex ? "google-vertex" : "google")
          assert.strictEqual(response.content, expected.text)
          assert.strictEqual(response.reasoning, expected.reasoning)
          assert.strictEqual(response.id, expected.id ?? undefined)
          assert.strictEqual(response.model, expected.model ?? undefined)
          assert.deepStrictEqual(response.finishReasons, expected.finishReasons)
          assert.strictEqual(typed.flatMap((chunk) => chunk.thoughtSignatures).length, expected.thoughtSignatures)
          const usage = billed(expected.usage)
          assert.strictEqual(response.usage.inputTokens, usage.inputTokens)
          assert.strictEqual(response.usage.cachedTokens, usage.cachedTokens)
          assert.strictEqual(response.usage.outputTokens, usage.outputTokens)
          assert.strictEqual(response.usage.reasoningTokens, usage.reasoningTokens)
          if (
            expected.usage.totalTokenCount !== undefined && usage.inputTokens !== undefined &&
            usage.outputTokens !== undefined
          ) {
            assert.strictEqual(response.usage.totalTokens, expected.usage.totalTokenCount)
          }
          assert.deepStrictEqual(
            response.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments })),
            expected.toolCalls.map((call) => ({ name: call.name, arguments: call.arguments }))
          )
          for (const [index, call] of expected.toolCalls.entries()) {
            if (call.id !== null) assert.strictEqual(response.toolCalls[index]!.id, call.id)
          }
          // Code execution and Gemini 3's server tool parts are the provider's own calls; grounding is a result.
          assert.strictEqual(response.serverToolCalls.length, expected.serverToolCalls)
          assert.strictEqual(response.serverToolResults.length, expected.serverToolResults)
          assert.deepStrictEqual(
            response.commonFinishReasons,
            expected.finishReasons.map((reason) =>
              reason === "STOP" ? (expected.toolCalls.length > 0 ? "tool_calls" : "stop") : commonOf[reason]
            )
          )
          if (expected.complete) {
            assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
          } else if (expected.blockReason !== null) {
            const error = failureOf(result)
            assert.instanceOf(error, ProviderError.InvalidRequestError)
            assert.strictEqual(error.errorType, expected.blockReason)
          } else {
            assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
          }
          const [request] = server.requests(baseUrl)
          if (vertex) {
            assert.strictEqual(
              request!.path.slice(request!.path.indexOf("/v1/")),
              "/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-2.5-flash:streamGenerateContent?alt=sse"
            )
            assert.strictEqual(request!.headers["authorization"], "Bearer ya29.token")
          } else {
            assert.isTrue(
              request!.path.endsWith("/models/gemini-2.5-flash:streamGenerateContent?alt=sse"),
              request!.path
            )
            assert.strictEqual(request!.headers["x-goog-api-key"], apiKey)
            assert.notInclude(request!.path, apiKey)
          }
          assert.deepStrictEqual(JSON.parse(request!.body), { contents: [{ role: "user", parts: [{ text: "hi" }] }] })
        }))
    }
  }
})
