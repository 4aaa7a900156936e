/**
 * Every recorded OpenAI, Groq and Azure stream, over real HTTP through both clients, against values an
 * independent parser computed from the same bytes (`*.expected.json`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import type { FinishReason } from "effect-llm-stream"
import { Azure, CallResponse, Groq, LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf } from "../../support/Collect.js"

const apiKey = "key-test-0123456789abcdef"

interface ExpectedChoice {
  readonly content: string
  readonly refusal?: string
  readonly reasoning?: string
  readonly finishReason: string | null
  readonly toolCalls: ReadonlyArray<{ index: number; id: string; name: string; arguments: string }>
}
interface Expected {
  readonly choices: Record<string, ExpectedChoice>
  readonly id: string
  readonly model: string
  readonly usage: any
  readonly xGroqUsage?: any
  readonly chunkCount: number
  readonly done: boolean
  readonly error?: any
}

type ModelLayer = (
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>
) => Layer.Layer<LanguageModel.LanguageModel>

const providers: ReadonlyArray<{ readonly name: string; readonly model: ModelLayer; readonly authHeader: string }> = [
  {
    name: "openai",
    authHeader: "authorization",
    model: (baseUrl, client) =>
      OpenAI.model("gpt-4o").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
        Layer.provide(client)
      )
  },
  {
    name: "groq",
    authHeader: "authorization",
    model: (baseUrl, client) =>
      Groq.model("openai/gpt-oss-120b").pipe(
        Layer.provide(Groq.layer({ apiKey: Redacted.make(apiKey), baseUrl })),
        Layer.provide(client)
      )
  },
  {
    name: "azure",
    authHeader: "api-key",
    model: (baseUrl, client) =>
      Azure.model("my-gpt4o-deployment", { baseModel: "gpt-4o-2024-08-06" }).pipe(
        Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: Redacted.make(apiKey) })),
        Layer.provide(client)
      )
  }
]

const commonOf: Record<string, FinishReason.FinishReason> = {
  stop: "stop",
  length: "length",
  tool_calls: "tool_calls",
  content_filter: "content_filter"
}

/** Normalised usage computed here from the raw usage object, independently of the library. */
const expectedUsage = (usage: any) =>
  usage === null || usage === undefined
    ? { inputTokens: undefined, cachedTokens: undefined, outputTokens: undefined, reasoningTokens: undefined }
    : {
      inputTokens: usage.prompt_tokens,
      cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? undefined,
      outputTokens: usage.completion_tokens,
      reasoningTokens: usage.completion_tokens_details?.reasoning_tokens ?? undefined
    }

describe("Chat Completions providers over HTTP, recorded streams", () => {
  for (const provider of providers) {
    for (const [clientName, client] of clients) {
      for (const name of Fixtures.streams(provider.name)) {
        it.effect(`${provider.name} ${name} via ${clientName}`, () =>
          Effect.gen(function*() {
            const server = yield* ReplayServer.make
            const body = Fixtures.bytes(provider.name, `${name}.sse`)
            const expected = Fixtures.json<Expected>(provider.name, `${name}.expected.json`)
            const baseUrl = server.serve({
              headers: { "content-type": "text/event-stream" },
              body,
              cuts: ReplayServer.randomCuts(body.length, name.length * 7919 + 1, 97)
            })
            const { chunks, result } = yield* collect(LanguageModel.stream("Recommend a fantasy book")).pipe(
              Effect.provide(provider.model(baseUrl, client))
            )
            assert.strictEqual(chunks.length, expected.chunkCount)
            if (expected.done) {
              assert.isTrue(result._tag === "Success", `stream failed: ${JSON.stringify(result)}`)
            } else {
              // A stream that ends in an error event: every chunk before it arrived, then the typed error.
              const error = failureOf(result)
              assert.strictEqual(expected.error.error.status_code, 400)
              assert.instanceOf(error, ProviderError.InvalidRequestError)
              assert.strictEqual(error.status, 400)
              assert.strictEqual(error.message.includes(expected.error.error.message), true)
              assert.strictEqual(error.errorType, expected.error.error.code)
            }
            const response = chunks.reduce(CallResponse.append, CallResponse.empty)
            const first = expected.choices["0"]!
            assert.strictEqual(response.provider, provider.name)
            assert.strictEqual(response.content, first.content)
            assert.strictEqual(response.id, expected.id === "" ? undefined : expected.id)
            assert.strictEqual(response.model, expected.model === "" ? undefined : expected.model)
            const typed = chunks as ReadonlyArray<OpenAI.OpenAICallResponseChunk>
            if (first.refusal !== undefined) {
              assert.strictEqual(typed.map((chunk) => chunk.refusal).join(""), first.refusal)
            }
            // The response keeps the refusal, the model's own words when it declined.
            assert.strictEqual(response.refusal, first.refusal ?? "")
            if (first.reasoning !== undefined) {
              assert.strictEqual(
                typed.map((chunk) => chunk.reasoning).join(""),
                first.reasoning
              )
            }
            const finishes = Object.values(expected.choices).map((choice) => choice.finishReason).filter((
              reason
            ): reason is string => reason !== null)
            assert.deepStrictEqual(chunks.flatMap((chunk) => chunk.finishReasons), finishes)
            const last = finishes[finishes.length - 1]
            assert.deepStrictEqual(response.finishReasons, last === undefined ? [] : [last])
            // A refusal ends with `stop`, raw; in the common set it is a refusal, `content_filter`.
            const refused = (first.refusal ?? "") !== "" && last === "stop"
            assert.deepStrictEqual(
              response.commonFinishReasons,
              last === undefined ? [] : [refused ? "content_filter" : commonOf[last]]
            )
            const usage = expectedUsage(expected.usage ?? expected.xGroqUsage)
            assert.strictEqual(response.usage.inputTokens, usage.inputTokens)
            assert.strictEqual(response.usage.cachedTokens, usage.cachedTokens)
            assert.strictEqual(response.usage.outputTokens, usage.outputTokens)
            assert.strictEqual(response.usage.reasoningTokens, usage.reasoningTokens)
            assert.deepStrictEqual(
              response.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments })),
              first.toolCalls.map((call) => ({ id: call.id, name: call.name, arguments: call.arguments }))
            )
            const [request] = server.requests(baseUrl)
            const sent = JSON.parse(request!.body)
            assert.strictEqual(sent.stream, true)
            assert.deepStrictEqual(sent.stream_options, { include_usage: true })
            assert.include(String(request!.headers[provider.authHeader]), apiKey)
          }))
      }
    }
  }
})
