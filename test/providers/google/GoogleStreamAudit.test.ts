/**
 * An audit of the Gemini stream against `@google/genai` 3.3.0's types (`node_modules/@google/genai/dist/genai.d.ts`,
 * `GenerateContentResponse`, `Candidate`, `Part`, `FunctionCall`/`PartialArg`, `FinishReason`, `BlockedReason`,
 * `GenerateContentResponseUsageMetadata`): every field of a `Part`, every finish reason, every reason a prompt is
 * blocked, every count of the usage and the candidate's metadata, each as a minimal payload of the SDK's type, streamed
 * through the real decoder (`TestKit.fromRecording`, the call's own decoding). Each table is keyed by the SDK's
 * union, so a member added to the SDK is a compile error here until it has a row.
 */
import { assert, describe, it } from "@effect/vitest"
import type {
  BlockedReason,
  Candidate,
  FinishReason as GoogleFinishReason,
  GenerateContentResponse,
  GenerateContentResponseUsageMetadata,
  HarmCategory,
  HarmProbability,
  Language,
  MediaModality,
  MediaProcessing,
  Outcome,
  Part,
  PartMediaResolutionLevel,
  ToolType,
  TrafficType,
  UrlRetrievalStatus
} from "@google/genai"
import { Effect } from "effect"
import { CallResponse, type FinishReason, ProviderError } from "effect-llm-stream"
import { recorded } from "../../support/Collect.js"

/** A streamed response as sent: the SDK's class's fields (no accessors, no HTTP response). */
type Sent = Pick<
  GenerateContentResponse,
  | "candidates"
  | "createTime"
  | "automaticFunctionCallingHistory"
  | "modelVersion"
  | "promptFeedback"
  | "responseId"
  | "usageMetadata"
  | "modelStatus"
>

const usageMetadata: GenerateContentResponseUsageMetadata = {
  promptTokenCount: 1200,
  cachedContentTokenCount: 1000,
  candidatesTokenCount: 100,
  thoughtsTokenCount: 200,
  toolUsePromptTokenCount: 50,
  totalTokenCount: 1550,
  promptTokensDetails: [{ modality: "TEXT" as MediaModality, tokenCount: 1160 }, {
    modality: "AUDIO" as MediaModality,
    tokenCount: 40
  }],
  cacheTokensDetails: [{ modality: "TEXT" as MediaModality, tokenCount: 990 }, {
    modality: "AUDIO" as MediaModality,
    tokenCount: 10
  }],
  candidatesTokensDetails: [{ modality: "TEXT" as MediaModality, tokenCount: 80 }, {
    modality: "AUDIO" as MediaModality,
    tokenCount: 20
  }],
  toolUsePromptTokensDetails: [{ modality: "TEXT" as MediaModality, tokenCount: 50 }],
  trafficType: "ON_DEMAND" as TrafficType,
  initialPromptTokenCount: 1200
}

const event = (candidate: Candidate | undefined, fields: Partial<Sent> = {}): Sent => ({
  ...(candidate === undefined ? {} : { candidates: [{ index: 0, ...candidate }] }),
  modelVersion: "gemini-2.5-flash",
  responseId: "audit",
  ...fields
})

/** A stream of `parts`, one event each, then a finish (`reason`) with the usage. */
const body = (parts: ReadonlyArray<Part>, reason: string = "STOP", candidate: Partial<Candidate> = {}) =>
  [
    ...parts.map((part) => event({ content: { role: "model", parts: [part] } })),
    event({ content: { role: "model", parts: [] }, finishReason: reason as GoogleFinishReason, ...candidate }, {
      usageMetadata
    })
  ].map((payload) => `data: ${JSON.stringify(payload)}\n\n`).join("")

const streamed = (text: string) => recorded("google", text, "gemini-2.5-flash")

/** What a part must add to the answer (beyond not failing it and being kept as sent). */
interface Expected {
  readonly content?: string
  readonly reasoning?: string
  readonly audioTranscript?: string
  readonly toolCalls?: ReadonlyArray<readonly [name: string, args: unknown]>
  readonly serverToolCalls?: ReadonlyArray<string>
  readonly serverToolResults?: ReadonlyArray<string>
  readonly files?: ReadonlyArray<string>
  readonly signature?: string
}

const png = "iVBORw0KGgo="

/** Every field of a `Part`, as an answer's parts carry it, with what it adds. */
const parts: { readonly [K in keyof Part]-?: ReadonlyArray<readonly [ReadonlyArray<Part>, Expected]> } = {
  text: [[[{ text: "Hi" }], { content: "Hi" }]],
  thought: [
    [[{ text: "Think.", thought: true }], { reasoning: "Think." }],
    // An image model's draft: reasoning, not the answer's file (its own test below).
    [[{ inlineData: { mimeType: "image/png", data: png }, thought: true }], {}]
  ],
  thoughtSignature: [[[{ text: "Hi", thoughtSignature: "c2ln" }], { content: "Hi", signature: "c2ln" }]],
  functionCall: [
    [[{ functionCall: { id: "call_1", name: "f", args: { a: 1 } } }], { toolCalls: [["f", { a: 1 }]] }],
    // Streamed arguments (`streamFunctionCallArguments`): a start, its pieces, an empty call that ends it.
    [
      [
        { functionCall: { name: "f", willContinue: true } },
        { functionCall: { partialArgs: [{ jsonPath: "$.city", stringValue: "Par", willContinue: true }] } },
        { functionCall: { partialArgs: [{ jsonPath: "$.city", stringValue: "is" }], willContinue: true } },
        { functionCall: {} }
      ],
      { toolCalls: [["f", { city: "Paris" }]] }
    ]
  ],
  functionResponse: [[[{ functionResponse: { id: "mcp_1", name: "roll", response: { output: 4 } } }], {
    serverToolResults: ["functionResponse"]
  }]],
  // The code Gemini runs is followed by its result ("a corresponding CodeExecutionResult will also be generated"):
  // a body that ends on the code, even with STOP, is cut short (GoogleFaults.test.ts).
  executableCode: [[[
    { executableCode: { language: "PYTHON" as Language, code: "print(1)" } },
    { codeExecutionResult: { outcome: "OUTCOME_OK" as Outcome, output: "1" } }
  ], { serverToolCalls: ["executableCode"], serverToolResults: ["codeExecutionResult"] }]],
  codeExecutionResult: [[[{ codeExecutionResult: { outcome: "OUTCOME_OK" as Outcome, output: "1" } }], {
    serverToolResults: ["codeExecutionResult"]
  }]],
  toolCall: [[[{ toolCall: { id: "tc_1", toolType: "GOOGLE_SEARCH_WEB" as ToolType, args: { q: "x" } } }], {
    serverToolCalls: ["toolCall"]
  }]],
  toolResponse: [[[{ toolResponse: { id: "tc_1", toolType: "GOOGLE_SEARCH_WEB" as ToolType, response: {} } }], {
    serverToolResults: ["toolResponse"]
  }]],
  inlineData: [[[{ inlineData: { mimeType: "image/png", data: png } }], { files: ["image/png"] }]],
  // A file by its URI: no bytes to hand out; kept in the part as sent.
  fileData: [[[{ fileData: { mimeType: "video/mp4", fileUri: "gs://bucket/v.mp4" } }], {}]],
  audioTranscription: [[
    [
      { inlineData: { mimeType: "audio/pcm", data: "AAAA" }, audioTranscription: { text: "Hel" } },
      { inlineData: { mimeType: "audio/pcm", data: "AAAA" }, audioTranscription: { text: "lo", finished: true } }
    ],
    { audioTranscript: "Hello", files: ["audio/pcm", "audio/pcm"] }
  ]],
  videoMetadata: [[[{ text: "Hi", videoMetadata: { fps: 1 } }], { content: "Hi" }]],
  mediaResolution: [[[{ text: "Hi", mediaResolution: { level: "MEDIA_RESOLUTION_LOW" as PartMediaResolutionLevel } }], {
    content: "Hi"
  }]],
  partMetadata: [[[{ text: "Hi", partMetadata: { source: "a" } }], { content: "Hi" }]],
  mediaProcessing: [[[{ text: "Hi", mediaProcessing: "STATIC" as MediaProcessing }], { content: "Hi" }]],
  speechMetadata: [[[{ text: "Hi", speechMetadata: {} }], { content: "Hi" }]]
}

/** Every finish reason, as the common one it is (`STOP` is tool_calls when the answer called functions). */
const finishReasons: { readonly [K in `${GoogleFinishReason}`]: FinishReason.FinishReason | undefined } = {
  // Unspecified says nothing: no finish is read from it.
  FINISH_REASON_UNSPECIFIED: undefined,
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  LANGUAGE: "other",
  OTHER: "other",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  MALFORMED_FUNCTION_CALL: "other",
  IMAGE_SAFETY: "content_filter",
  IMAGE_PROHIBITED_CONTENT: "content_filter",
  IMAGE_OTHER: "other",
  NO_IMAGE: "other",
  IMAGE_RECITATION: "content_filter",
  UNEXPECTED_TOOL_CALL: "other",
  TOO_MANY_TOOL_CALLS: "other",
  MISSING_THOUGHT_SIGNATURE: "other",
  MALFORMED_RESPONSE: "other",
  ESCALATION: "content_filter",
  PUP_LIMITED_DISABLED: "content_filter",
  // The answer goes on in a next request the client makes (`GoogleAnswer`); ending here, it was cut short.
  CONTINUATION: "length",
  MODEL_ARMOR: "content_filter"
}

/** Every reason a prompt is blocked: the stream fails, typed, after the chunk that says so (unspecified: not). */
const blockedReasons: { readonly [K in `${BlockedReason}`]: boolean } = {
  BLOCKED_REASON_UNSPECIFIED: false,
  SAFETY: true,
  OTHER: true,
  BLOCKLIST: true,
  PROHIBITED_CONTENT: true,
  IMAGE_SAFETY: true,
  MODEL_ARMOR: true,
  JAILBREAK: true
}

describe("Gemini stream audit (@google/genai 3.3.0 GenerateContentResponse)", () => {
  for (const [field, rows] of Object.entries(parts)) {
    for (const [streamedParts, expected] of rows) {
      it.effect(`part.${field} ${JSON.stringify(streamedParts).slice(0, 60)}: read, where it belongs`, () =>
        Effect.gen(function*() {
          const { chunks, response, result } = yield* streamed(body(streamedParts))
          assert.strictEqual(result._tag, "Success")
          assert.strictEqual(response.content, expected.content ?? "")
          assert.strictEqual(response.reasoning, expected.reasoning ?? "")
          assert.strictEqual(response.audioTranscript, expected.audioTranscript)
          const calls: Expected["toolCalls"] = response.toolCalls.map((call) => [call.name, JSON.parse(call.arguments)])
          assert.deepStrictEqual(calls, expected.toolCalls ?? [])
          assert.deepStrictEqual(response.serverToolCalls.map((call) => call.type), expected.serverToolCalls ?? [])
          assert.deepStrictEqual(
            response.serverToolResults.map((result) => result.type),
            expected.serverToolResults ?? []
          )
          const events = chunks.flatMap((chunk) => chunk.events)
          assert.deepStrictEqual(
            events.flatMap((event) => event._tag === "FileOutput" ? [event.mediaType] : []),
            expected.files ?? []
          )
          if (expected.signature !== undefined) {
            assert.isTrue(
              events.some((event) =>
                event._tag === "BlockUpdate" && event.update._tag === "Signature" &&
                event.update.signature === expected.signature
              )
            )
          }
          // Each part is kept as sent.
          assert.deepStrictEqual(
            chunks.slice(0, streamedParts.length).map((chunk: any) => chunk.chunk.candidates[0].content.parts[0]),
            [...streamedParts]
          )
          assert.deepStrictEqual(
            response.commonFinishReasons,
            [expected.toolCalls === undefined ? "stop" : "tool_calls"]
          )
        }))
    }
  }

  for (const [reason, common] of Object.entries(finishReasons)) {
    it.effect(`finishReason ${reason} is ${common ?? "no finish"}, the raw reason kept`, () =>
      Effect.gen(function*() {
        const { response } = yield* streamed(body([{ text: "Hi" }], reason))
        assert.deepStrictEqual(response.finishReasons, common === undefined ? [] : [reason])
        assert.deepStrictEqual(response.commonFinishReasons, common === undefined ? [] : [common])
        assert.strictEqual(response.content, "Hi")
      }))
  }

  it.effect("an unknown finish reason is other, never lost", () =>
    Effect.gen(function*() {
      const { response } = yield* streamed(body([{ text: "Hi" }], "SOMETHING_NEW"))
      assert.deepStrictEqual(response.finishReasons, ["SOMETHING_NEW"])
      assert.deepStrictEqual(response.commonFinishReasons, ["other"])
    }))

  for (const [reason, fails] of Object.entries(blockedReasons)) {
    it.effect(`promptFeedback.blockReason ${reason} ${fails ? "fails the stream, typed" : "says nothing"}`, () =>
      Effect.gen(function*() {
        const blocked = event(undefined, {
          promptFeedback: { blockReason: reason as BlockedReason, blockReasonMessage: "Blocked." },
          usageMetadata: { promptTokenCount: 12, totalTokenCount: 12 }
        })
        const text = `data: ${JSON.stringify(blocked)}\n\n${fails ? "" : body([{ text: "Hi" }])}`
        const { chunks, response, result } = yield* streamed(text)
        if (fails) {
          assert.strictEqual(result._tag, "Failure")
          const error = result._tag === "Failure" ? result.failure : undefined
          assert.isTrue(ProviderError.isProviderError(error))
          assert.include(String((error as any)?.message), reason)
          // The chunk that says so came first, with the prompt's billed tokens.
          assert.strictEqual(chunks[0]?.inputTokens, 12)
        } else {
          assert.strictEqual(result._tag, "Success")
          assert.strictEqual(response.content, "Hi")
        }
      }))
  }

  it.effect("an image model's drafts (thought parts) are not the answer's files; they go back with the turn", () =>
    Effect.gen(function*() {
      // Gemini 3's image models with `includeThoughts`: a thought, up to two draft images, then the image it settles
      // on, signed, as a part of its own.
      const streamedParts: ReadonlyArray<Part> = [
        { text: "Planning the layout.", thought: true },
        { inlineData: { mimeType: "image/png", data: "AAAA" }, thought: true },
        { inlineData: { mimeType: "image/png", data: "BBBB" }, thought: true },
        { inlineData: { mimeType: "image/png", data: "CCCC" }, thoughtSignature: "c2ln" },
        { text: "Here it is." }
      ]
      const { chunks, response, result } = yield* streamed(body(streamedParts))
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.reasoning, "Planning the layout.")
      assert.strictEqual(response.content, "Here it is.")
      const files = chunks.flatMap((chunk) => chunk.events).flatMap((event) =>
        event._tag === "FileOutput" ? [event.data] : []
      )
      assert.deepStrictEqual(files, ["CCCC"])
      const message = CallResponse.toMessage(response)
      assert.deepStrictEqual(message._tag === "AssistantMessage" ? message.content?.blocks : undefined, [
        ...streamedParts
      ])
    }))

  it.effect("every billed count of the usage metadata is counted", () =>
    Effect.gen(function*() {
      const { response } = yield* streamed(body([{ text: "Hi" }]))
      assert.deepInclude(response.usage, {
        // The prompt and the tool's prompt, cached included.
        inputTokens: 1250,
        cachedTokens: 1000,
        // The prompt's audio less the cached audio.
        inputAudioTokens: 30,
        // The candidates and the thoughts.
        outputTokens: 300,
        reasoningTokens: 200,
        outputAudioTokens: 20
      })
    }))

  it.effect("a candidate's metadata (grounding, URL context, citations, logprobs, safety) is read, never failing", () =>
    Effect.gen(function*() {
      const candidate: Partial<Candidate> = {
        groundingMetadata: {
          groundingChunks: [{ web: { uri: "https://example.com/a", title: "A" } }],
          webSearchQueries: ["q"]
        },
        urlContextMetadata: {
          urlMetadata: [{
            retrievedUrl: "https://example.com/b",
            urlRetrievalStatus: "URL_RETRIEVAL_STATUS_SUCCESS" as UrlRetrievalStatus
          }]
        },
        citationMetadata: { citations: [{ uri: "https://example.com/c", title: "C" }] },
        avgLogprobs: -0.1,
        logprobsResult: { chosenCandidates: [], topCandidates: [] },
        safetyRatings: [{
          category: "HARM_CATEGORY_HARASSMENT" as HarmCategory,
          probability: "NEGLIGIBLE" as HarmProbability
        }],
        finishMessage: "Done.",
        tokenCount: 3
      }
      const { chunks, response, result } = yield* streamed(body([{ text: "Hi" }], "STOP", candidate))
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.content, "Hi")
      assert.deepStrictEqual(response.serverToolResults.map((result) => result.type), ["groundingMetadata"])
      const cited = chunks.flatMap((chunk) => chunk.events).flatMap((event) =>
        event._tag === "BlockUpdate" && event.update._tag === "Citation" ? [event.update.citation] : []
      )
      assert.strictEqual(cited.length, 2)
      assert.deepStrictEqual(
        (chunks.at(-1) as any).chunk.candidates[0].urlContextMetadata,
        candidate.urlContextMetadata
      )
    }))
})
