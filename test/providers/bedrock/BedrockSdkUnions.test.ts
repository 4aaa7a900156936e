/**
 * The audit of Bedrock's ConverseStream unions against the official SDK (`@aws-sdk/client-bedrock-runtime` 3.1164.0,
 * `dist-types/models/models_0.d.ts` and `enums.d.ts`): every member of `ConverseStreamOutput` (the events and the
 * exceptions), of `ContentBlockStart`, of `ContentBlockDelta` (and of `ReasoningContentBlockDelta`,
 * `ToolResultBlockDelta`), every `StopReason`, and every field of `TokenUsage` and `ConverseStreamMetadataEvent`,
 * each a payload typed by the SDK (its bytes base64 as on the wire), streamed as a call streams it. The compiler
 * checks that each union is covered whole. Compared on 2026-11-29 with aws/aws-sdk-js-v3's newer sources
 * (`clients/client-bedrock-runtime/src/schemas/schemas_0.ts` at 108de4fa: `ConverseStreamOutput$`, `ContentBlockDelta$`,
 * `ContentBlockStart$`, `TokenUsage$`, `ConverseStreamMetadataEvent$`, `MessageStopEvent$`; `src/models/enums.ts` at
 * 16dc6494: `StopReason`): the same members, stop reasons and fields as 3.1164.0.
 */
import type * as Sdk from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result } from "effect"
import { type Bedrock, type FinishReason, ProviderError } from "effect-llm-stream"
import * as Frames from "../../../support/Frames.js"
import { failureOf, recorded } from "../../support/Collect.js"
import * as SdkAudit from "../../support/SdkAudit.js"

/** A type as its JSON goes over the wire: the SDK's `Uint8Array` fields are base64 text there. */
type Wire<T> = T extends Uint8Array ? string
  : T extends ReadonlyArray<infer E> ? ReadonlyArray<Wire<E>>
  : T extends object ? { readonly [K in keyof T]: Wire<T[K]> }
  : T

/** The keys of `ConverseStreamOutput`: its events and its exceptions (`$unknown` is the SDK's own). */
type OutputKey = Exclude<keyof Sdk.ConverseStreamOutput.MessageStartMember, "$unknown">
type EventKey =
  | "messageStart"
  | "contentBlockStart"
  | "contentBlockDelta"
  | "contentBlockStop"
  | "messageStop"
  | "metadata"
type ExceptionKey = Exclude<OutputKey, EventKey>

/** A known member key of one of the SDK's unions (`$unknown` left out). */
type MemberKey<U> = U extends unknown
  ? Exclude<{ [K in keyof U]-?: [U[K]] extends [never] ? never : K }[keyof U], "$unknown">
  : never

const model = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"

const usage: Sdk.TokenUsage = {
  inputTokens: 10,
  outputTokens: 700,
  totalTokens: 10 + 1000 + 300 + 700,
  cacheReadInputTokens: 1000,
  cacheWriteInputTokens: 300,
  cacheDetails: [{ ttl: "5m", inputTokens: 100 }, { ttl: "1h", inputTokens: 200 }]
}

const metadata: Sdk.ConverseStreamMetadataEvent = {
  usage,
  metrics: { latencyMs: 420 },
  trace: { guardrail: { modelOutput: [] } },
  performanceConfig: { latency: "optimized" },
  serviceTier: { type: "priority" }
}

/** One event frame per `[key, payload]`, each payload typed as the SDK's member of that key. */
type Event = {
  readonly [K in EventKey]: readonly [K, Wire<NonNullable<Sdk.ConverseStreamOutput[K]>>]
}[EventKey]

const bodyOf = (events: ReadonlyArray<Event | Uint8Array>): Uint8Array =>
  Frames.concat(events.map((event) => event instanceof Uint8Array ? event : Frames.event(event[0], event[1])))

const streamOf = (events: ReadonlyArray<Event | Uint8Array>) =>
  Effect.map(
    recorded("bedrock", bodyOf(events), model),
    (streamed) => ({ ...streamed, chunks: streamed.chunks as ReadonlyArray<Bedrock.BedrockCallResponseChunk> })
  )

const ending = (stopReason: Sdk.StopReason | string): ReadonlyArray<Event> => [
  ["messageStop", { stopReason: stopReason as Sdk.StopReason }],
  ["metadata", metadata]
]

type Start = Wire<Sdk.ContentBlockStart>
type Delta = Wire<Sdk.ContentBlockDelta>

/** What one block's stream leaves in the response. */
interface Row extends SdkAudit.Places {
  readonly start?: Start
  readonly deltas: ReadonlyArray<Delta>
  /** The block as it goes back in the next request; none when it cannot go back. */
  readonly sentBack: ReadonlyArray<unknown>
}

const citation: Wire<Sdk.CitationsDelta> = {
  title: "Sky facts",
  source: "doc-0",
  sourceContent: [{ text: "The sky is blue." }],
  location: { documentChar: { documentIndex: 0, start: 0, end: 16 } }
}

const png = "iVBORw0KGgo="

/** A grounding result's block: its start, where it goes, and how it goes back (its content `Blue.` and a json). */
const grounding = {
  start: { toolResult: { toolUseId: "tooluse_2", type: "nova_grounding_result", status: "success" } },
  serverToolResults: [["nova_grounding_result", "tooluse_2"]],
  sentBack: [{
    toolResult: {
      toolUseId: "tooluse_2",
      type: "nova_grounding_result",
      status: "success",
      content: [{ text: "Blue." }, { json: { hits: 1 } }]
    }
  }]
} satisfies Omit<Row, "deltas">

/** Each member of `ContentBlockStart` and `ContentBlockDelta`, and of the unions inside them. */
const rows = {
  text: {
    deltas: [{ text: "The sky " }, { text: "is blue." }],
    text: "The sky is blue.",
    sentBack: [{ text: "The sky is blue." }]
  },
  citation: {
    deltas: [{ text: "The sky is blue." }, { citation }],
    text: "The sky is blue.",
    sentBack: [{ citationsContent: { content: [{ text: "The sky is blue." }], citations: [citation] } }]
  },
  "reasoningContent.text, reasoningContent.signature": {
    deltas: [{ reasoningContent: { text: "Let me think." } }, { reasoningContent: { signature: "EqQBCkYIBxgC" } }],
    reasoning: "Let me think.",
    sentBack: [{ reasoningContent: { reasoningText: { text: "Let me think.", signature: "EqQBCkYIBxgC" } } }]
  },
  "reasoningContent.redactedContent": {
    deltas: [{ reasoningContent: { redactedContent: "EmwKAhgBEgy3va3pzix" } }],
    sentBack: [{ reasoningContent: { redactedContent: "EmwKAhgBEgy3va3pzix" } }]
  },
  toolUse: {
    start: { toolUse: { toolUseId: "tooluse_1", name: "get_weather" } },
    deltas: [{ toolUse: { input: "{\"city\":" } }, { toolUse: { input: "\"Paris\"}" } }],
    toolCalls: [["tooluse_1", "get_weather", "{\"city\":\"Paris\"}"]],
    sentBack: [{ toolUse: { toolUseId: "tooluse_1", name: "get_weather", input: { city: "Paris" } } }]
  },
  "toolUse (server_tool_use)": {
    start: { toolUse: { toolUseId: "tooluse_2", name: "nova_grounding", type: "server_tool_use" } },
    deltas: [{ toolUse: { input: "{\"query\":\"sky\"}" } }],
    serverToolCalls: [["server_tool_use", "tooluse_2", "nova_grounding", "{\"query\":\"sky\"}"]],
    sentBack: [{
      toolUse: { toolUseId: "tooluse_2", name: "nova_grounding", type: "server_tool_use", input: { query: "sky" } }
    }]
  },
  "toolResult (text, json)": {
    ...grounding,
    // One delta holding the result's parts, as Bedrock streams one (test/fixtures/bedrock/server-tool-use).
    deltas: [{ toolResult: [{ text: "Blue." }, { json: { hits: 1 } }] }]
  },
  "toolResult (in several deltas)": {
    ...grounding,
    // One result, whole at its block's end: consecutive texts joined, the json kept, in order.
    deltas: [{ toolResult: [{ text: "Bl" }] }, { toolResult: [{ text: "ue." }] }, {
      toolResult: [{ json: { hits: 1 } }]
    }]
  },
  image: {
    start: { image: { format: "png" } },
    deltas: [{ image: { source: { bytes: png } } }],
    sentBack: [{ image: { format: "png", source: { bytes: png } } }]
  },
  "image (error)": {
    start: { image: { format: "png" } },
    deltas: [{ image: { error: { message: "The image could not be made." } } }],
    sentBack: []
  }
} satisfies Readonly<Record<string, Row>>

/** The members the rows stream: every one the SDK's unions name. */
type Streamed<K extends "start" | "deltas"> = (typeof rows)[keyof typeof rows] extends infer R
  ? R extends { readonly [P in K]: infer V } ? MemberKey<V extends ReadonlyArray<infer E> ? E : V> : never
  : never
const covered: [
  SdkAudit.Covers<Exclude<MemberKey<Sdk.ContentBlockStart>, Streamed<"start">>>,
  SdkAudit.Covers<Exclude<MemberKey<Sdk.ContentBlockDelta>, Streamed<"deltas">>>
] = [true, true]

describe("Bedrock against @aws-sdk/client-bedrock-runtime 3.1164.0's ConverseStream unions", () => {
  for (const [name, row] of Object.entries(rows) as ReadonlyArray<[string, Row]>) {
    it.effect(`a ${name} block goes where it belongs`, () =>
      Effect.gen(function*() {
        const { chunks, response, result } = yield* streamOf([
          ["messageStart", { role: "assistant" }],
          ...(row.start === undefined
            ? []
            : [["contentBlockStart", { contentBlockIndex: 0, start: row.start }] as const]),
          ...row.deltas.map((delta) => ["contentBlockDelta", { contentBlockIndex: 0, delta }] as const),
          ["contentBlockStop", { contentBlockIndex: 0 }],
          ...ending("end_turn")
        ])
        assert.isTrue(Result.isSuccess(result), `stream failed: ${JSON.stringify(result)}`)
        assert.strictEqual(chunks.length, 4 + row.deltas.length + (row.start === undefined ? 0 : 1))
        SdkAudit.checkPlaces(response, row, row.sentBack)
      }))
  }

  it.effect("a start, a delta and an event of kinds the SDK does not name yet do not fail the stream", () =>
    Effect.gen(function*() {
      const { chunks, response, result } = yield* streamOf([
        ["messageStart", { role: "assistant" }],
        ["contentBlockStart", { contentBlockIndex: 0, start: { video: { format: "mp4" } } as never }],
        ["contentBlockDelta", { contentBlockIndex: 0, delta: { video: { source: { bytes: "AAAA" } } } as never }],
        ["contentBlockStop", { contentBlockIndex: 0 }],
        Frames.event("newKindOfEvent", { anything: true }),
        ...ending("end_turn")
      ])
      assert.isTrue(Result.isSuccess(result), `stream failed: ${JSON.stringify(result)}`)
      // The unknown event is skipped; the start and the delta are chunks, their payload as sent.
      assert.strictEqual(chunks.length, 6)
      assert.deepStrictEqual(chunks[2]!.chunk as unknown, {
        contentBlockDelta: { contentBlockIndex: 0, delta: { video: { source: { bytes: "AAAA" } } } }
      })
      assert.deepStrictEqual(response.finishReasons, ["end_turn"])
    }))

  it.effect("a result of 20,000 deltas is one result, its texts joined", () =>
    Effect.gen(function*() {
      const count = 20_000
      const { response, result } = yield* streamOf([
        ["messageStart", { role: "assistant" }],
        ["contentBlockStart", { contentBlockIndex: 0, start: { toolResult: { toolUseId: "tooluse_2" } } }],
        ...Array.from({ length: count }, () =>
          ["contentBlockDelta", { contentBlockIndex: 0, delta: { toolResult: [{ text: "ab" }] } }] as const),
        ["contentBlockStop", { contentBlockIndex: 0 }],
        ...ending("end_turn")
      ])
      assert.isTrue(Result.isSuccess(result))
      assert.strictEqual(response.serverToolResults.length, 1)
      assert.deepStrictEqual(response.serverToolResults[0]!.content, [{ text: "ab".repeat(count) }])
    }))

  /** Each `StopReason` (enums.d.ts) and the common reason it is; the compiler asks for each. */
  const stops: { readonly [K in Sdk.StopReason]: FinishReason.FinishReason } = {
    end_turn: "stop",
    stop_sequence: "stop",
    max_tokens: "length",
    model_context_window_exceeded: "length",
    tool_use: "tool_calls",
    content_filtered: "content_filter",
    guardrail_intervened: "content_filter",
    malformed_model_output: "other",
    malformed_tool_use: "other"
  }
  it.effect("every stop reason maps to its common one; one the SDK does not name is other, and kept", () =>
    SdkAudit.checkStops(stops, (raw) => streamOf([["messageStart", { role: "assistant" }], ...ending(raw)])))

  it.effect("every billed count of TokenUsage, and the metadata the price depends on, is counted", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamOf([["messageStart", { role: "assistant" }], ...ending("end_turn")])
      assert.isTrue(Result.isSuccess(result))
      assert.strictEqual(response.usage.inputTokens, 10 + 1000 + 300)
      assert.strictEqual(response.usage.cachedTokens, 1000)
      assert.strictEqual(response.usage.cacheWriteTokens, 300)
      assert.strictEqual(response.usage.cacheWrite1hTokens, 200)
      assert.strictEqual(response.usage.outputTokens, 700)
      assert.strictEqual(response.costMetadata.tier, "priority")
      assert.strictEqual(response.costMetadata.speed, "optimized")
      assert.strictEqual(response.pricingModel, model)
    }))

  /** Each exception member of `ConverseStreamOutput` and the error it is; the compiler asks for each. */
  const exceptions: { readonly [K in ExceptionKey]: new(...args: Array<any>) => ProviderError.ProviderError } = {
    internalServerException: ProviderError.ProviderUnavailableError,
    modelStreamErrorException: ProviderError.ProviderUnavailableError,
    validationException: ProviderError.InvalidRequestError,
    throttlingException: ProviderError.RateLimitError,
    serviceUnavailableException: ProviderError.ProviderUnavailableError
  }
  it.effect("every exception member fails the stream with its error, after the chunks before it", () =>
    Effect.gen(function*() {
      for (const [exceptionType, errorClass] of Object.entries(exceptions)) {
        const { chunks, result } = yield* streamOf([
          ["messageStart", { role: "assistant" }],
          ["contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Hi" } }],
          Frames.exception(exceptionType, { message: `the ${exceptionType} message` })
        ])
        const error = failureOf(result)
        assert.strictEqual(chunks.length, 2, exceptionType)
        assert.instanceOf(error, errorClass, exceptionType)
        assert.strictEqual(error.errorType, exceptionType)
        assert.include(error.message, `the ${exceptionType} message`)
      }
    }))

  it("the table covers every union", () => assert.deepStrictEqual(covered, [true, true]))
})
