/**
 * Real provider streams recorded by other projects' tests (VCR cassettes of crewAI, simonw/llm-anthropic, simonw/llm,
 * OpenTelemetry's and OpenLLMetry's, OpenInference's, Logfire's and Elastic's instrumentations), one data-driven test
 * per source: each recording replayed as a call streams it, its text, reasoning, refusal, tool calls, finish reasons,
 * usage and id against an independent reading of the same bytes, and its cost against genai-prices' `calcPrice` for
 * the same usage where that agreed. Which repository, commit, file and interaction each one is:
 * `test/fixtures/replays/SOURCES.md` and each file's `repository`, `commit` and `path`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Result } from "effect"
import { Azure, CallResponse, Cost, LanguageModel, OpenAIResponses } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../support/Fixtures.js"
import { collect } from "../support/Collect.js"

interface Recording {
  readonly name: string
  readonly provider: "openai-responses" | "azure-responses" | Parameters<typeof TestKit.fromRecording>[0]
  readonly model: string | null
  readonly path: string
  readonly interaction: number
  readonly body?: string
  readonly bodyBase64?: string
  readonly expected: {
    readonly id: string | null
    readonly model: string | null
    readonly content: string
    readonly reasoning: string
    readonly refusal: string
    readonly finishReasons: ReadonlyArray<string>
    readonly toolCalls: ReadonlyArray<{ readonly id: string | null; readonly name: string; readonly arguments: string }>
    readonly usage: Readonly<Record<string, number>>
    readonly cost?: number
  }
}

interface Source {
  readonly repository: string
  readonly commit: string
  readonly licence: string
  readonly recordings: ReadonlyArray<Recording>
}

const folder = "replays"
const apiKey = Redacted.make("sk-replay-0123456789abcdef")

const bytesOf = (recording: Recording): Uint8Array =>
  recording.bodyBase64 === undefined
    ? new TextEncoder().encode(recording.body)
    : new Uint8Array(Buffer.from(recording.bodyBase64, "base64"))

/** The Responses API over a replay server: its own layer, as a user's program builds it. */
const responsesModel = (recording: Recording, baseUrl: string): Layer.Layer<LanguageModel.LanguageModel> => {
  const model = recording.model ?? "gpt-4o"
  return (recording.provider === "azure-responses"
    ? Azure.responsesModel(model, { baseModel: model }).pipe(
      Layer.provide(Azure.responsesLayer({ endpoint: baseUrl, apiKey }))
    )
    : OpenAIResponses.model(model).pipe(Layer.provide(OpenAIResponses.layer({ apiKey, baseUrl })))).pipe(
      Layer.provide(FetchHttpClient.layer)
    )
}

/** The model that answers with the recording: the test kit's for Chat Completions, Anthropic, Gemini and Bedrock. */
const modelOf = (recording: Recording) =>
  Effect.gen(function*() {
    const body = bytesOf(recording)
    if (recording.provider === "openai-responses" || recording.provider === "azure-responses") {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body })
      return responsesModel(recording, baseUrl)
    }
    const model = recording.model ?? undefined
    const baseModel = recording.provider === "azure" ? model : undefined
    return TestKit.fromRecording(recording.provider, body, { model, baseModel })
  })

/** Arguments as JSON (empty arguments: a tool without parameters, `{}`). */
const argumentsOf = (text: string): unknown => JSON.parse(text === "" ? "{}" : text)

const checkToolCalls = (response: CallResponse.CallResponse, expected: Recording["expected"]) => {
  assert.deepStrictEqual(
    response.toolCalls.map((call) => ({ name: call.name, arguments: argumentsOf(call.arguments) })),
    expected.toolCalls.map((call) => ({ name: call.name, arguments: argumentsOf(call.arguments) }))
  )
  // Gemini sends no call ids: the library makes them; the others' are kept as sent.
  expected.toolCalls.forEach((call, index) => {
    if (call.id !== null) assert.strictEqual(response.toolCalls[index]!.id, call.id)
  })
}

/** The usage counts the reading found; a count it found as 0 may be unreported (`undefined`), except input and output. */
const checkUsage = (response: CallResponse.CallResponse, expected: Recording["expected"]) => {
  const usage = response.usage as unknown as Record<string, number | undefined>
  for (const [field, value] of Object.entries(expected.usage)) {
    const exact = field === "inputTokens" || field === "outputTokens"
    assert.strictEqual(exact ? usage[field] : usage[field] ?? 0, value, field)
  }
  if (expected.cost !== undefined) {
    const cost = Result.map(response.costResult, Cost.totalText)
    assert.isTrue(Result.isSuccess(cost), `no cost: ${JSON.stringify(response.costResult)}`)
    assert.closeTo(Number(Result.getOrThrow(cost)), expected.cost, expected.cost * 1e-6)
  }
}

const replay = (recording: Recording) =>
  Effect.gen(function*() {
    const model = yield* modelOf(recording)
    const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(model))
    assert.isTrue(Result.isSuccess(result), `stream failed: ${JSON.stringify(result)}`)
    const response = chunks.reduce(CallResponse.append, CallResponse.empty)
    const expected = recording.expected
    assert.strictEqual(response.content, expected.content)
    assert.strictEqual(response.reasoning, expected.reasoning)
    assert.strictEqual(response.refusal, expected.refusal)
    assert.deepStrictEqual(response.finishReasons, expected.finishReasons)
    if (expected.id !== null) assert.strictEqual(response.id, expected.id)
    if (expected.model !== null) assert.strictEqual(response.model, expected.model)
    checkToolCalls(response, expected)
    checkUsage(response, expected)
  })

describe("recorded provider streams of other projects, replayed", () => {
  for (const file of Fixtures.files(folder, ".json")) {
    const source = Fixtures.json<Source>(folder, file)
    it.effect(`${source.repository} @ ${source.commit.slice(0, 12)}: ${source.recordings.length} recordings`, () =>
      Effect.forEach(source.recordings, (recording) =>
        replay(recording).pipe(
          // The recording a failure is of, named beside the assertion's message.
          Effect.onError(() => Effect.sync(() => console.error(`${recording.path} #${recording.interaction}`)))
        ), { discard: true }).pipe(Effect.scoped))
  }
})
