/**
 * What a Bedrock turn sends back that streamed in pieces: an image the model made, and the citations of its text.
 *
 * - An image: the stream starts the block with its `format` (`ImageBlockStart`) and sends the source in deltas
 *   (`ImageBlockDelta.source`, "the incremental image source data", or an `error`); an `ImageBlock` sent back needs
 *   both (`source` is required: @aws-sdk/client-bedrock-runtime 3.1164.0 dist-types/models/models_0.d.ts). Before,
 *   the block went back as it started, without a source, which the API refuses. An image whose source failed, or never
 *   came, goes back as no block.
 * - Citations: a text block's `citation` deltas (`CitationsDelta`: `title`, `source`, `sourceContent`, `location`, the
 *   fields of a `Citation`) go back with the text as a `CitationsContentBlock` (`content`: the text generated,
 *   `citations`); before, they were dropped and the text went back alone.
 * - A server tool's result: its block starts with `toolResult` (`ToolResultBlockStart`: `toolUseId`, `type`, `status`)
 *   and streams its content in deltas, each an array of `ToolResultBlockDelta` (`text` or `json`). It is one result,
 *   whole at the block's end: consecutive texts joined, the json items kept, in order. Before, each delta was a result
 *   of its own (the same `toolUseId`, part of the content): in `serverToolResults` and in the UI stream.
 * - A blank text block (a model streaming an empty one before its reasoning): not sent back, as Converse refuses it
 *   ("The text field in the ContentBlock object at messages.1.content.0 is blank"); before, it went back as it came.
 * - A server tool's result cut before its block's end (the stream failed after its stop reason, or ended without the
 *   block's stop): the call goes back without it, its result not there (a `toolUse` sent without its `toolResult`, which
 *   Bedrock refuses). Now the call leaves with its cut result, and the rest of the turn goes on.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Bedrock, CallResponse, CallStream, LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

const eventStream = { "content-type": "application/vnd.amazon.eventstream" }
const frame = TestKit.bedrockEventFrame

/** A Converse stream of a text block with `citations` after its text. */
const withCitations = (citations: ReadonlyArray<object>) =>
  TestKit.concatBytes([
    frame("messageStart", { role: "assistant" }),
    frame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "The sky is " } }),
    frame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "blue." } }),
    ...citations.map((citation) => frame("contentBlockDelta", { contentBlockIndex: 0, delta: { citation } })),
    frame("contentBlockStop", { contentBlockIndex: 0 }),
    frame("messageStop", { stopReason: "end_turn" }),
    frame("metadata", { usage: { inputTokens: 5, outputTokens: 9, totalTokens: 14 }, metrics: { latencyMs: 1 } })
  ])

/** A Converse stream of some text, then an image block with `deltas`. */
const withImage = (deltas: ReadonlyArray<object>) =>
  TestKit.concatBytes([
    frame("messageStart", { role: "assistant" }),
    frame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Here it is." } }),
    frame("contentBlockStop", { contentBlockIndex: 0 }),
    frame("contentBlockStart", { contentBlockIndex: 1, start: { image: { format: "png" } } }),
    ...deltas.map((image) => frame("contentBlockDelta", { contentBlockIndex: 1, delta: { image } })),
    frame("contentBlockStop", { contentBlockIndex: 1 }),
    frame("messageStop", { stopReason: "end_turn" }),
    frame("metadata", { usage: { inputTokens: 5, outputTokens: 9, totalTokens: 14 }, metrics: { latencyMs: 1 } })
  ])

/** The frames of Bedrock's own call (Nova's grounding) at block `index`, and the start of its result's block after it. */
const serverCall = (index: number, toolUseId: string) => [
  frame("contentBlockStart", {
    contentBlockIndex: index,
    start: { toolUse: { toolUseId, name: "nova_grounding", type: "server_tool_use" } }
  }),
  frame("contentBlockDelta", { contentBlockIndex: index, delta: { toolUse: { input: "{\"query\":\"sky\"}" } } }),
  frame("contentBlockStop", { contentBlockIndex: index }),
  frame("contentBlockStart", {
    contentBlockIndex: index + 1,
    start: { toolResult: { toolUseId, type: "nova_grounding_result", status: "success" } }
  })
]

/** A Converse stream of Bedrock's own call, its result in `deltas`, and the answer's text. */
const withServerResult = (deltas: ReadonlyArray<ReadonlyArray<object>>) =>
  TestKit.concatBytes([
    frame("messageStart", { role: "assistant" }),
    ...serverCall(0, "tooluse_2"),
    ...deltas.map((toolResult) => frame("contentBlockDelta", { contentBlockIndex: 1, delta: { toolResult } })),
    frame("contentBlockStop", { contentBlockIndex: 1 }),
    frame("contentBlockDelta", { contentBlockIndex: 2, delta: { text: "Blue." } }),
    frame("contentBlockStop", { contentBlockIndex: 2 }),
    frame("messageStop", { stopReason: "end_turn" }),
    frame("metadata", { usage: { inputTokens: 5, outputTokens: 9, totalTokens: 14 }, metrics: { latencyMs: 1 } })
  ])

/** A Converse stream of a text, Bedrock's own call, and its result cut after one delta, then `after`. */
const withCutResult = (after: ReadonlyArray<Uint8Array>) =>
  TestKit.concatBytes([
    frame("messageStart", { role: "assistant" }),
    frame("contentBlockDelta", { contentBlockIndex: 0, delta: { text: "Searching." } }),
    frame("contentBlockStop", { contentBlockIndex: 0 }),
    ...serverCall(1, "tooluse_3"),
    frame("contentBlockDelta", { contentBlockIndex: 2, delta: { toolResult: [{ text: "The sky " }] } }),
    ...after
  ])

/** A model answering with `body`, then with a text, over a replay server (`baseUrl`, to read the requests). */
const replaying = (body: Uint8Array) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const next = Fixtures.body("bedrock", "converse-text.eventstream.b64")
    const baseUrl = server.serve([{ headers: eventStream, body }, { headers: eventStream, body: next }])
    const model = Bedrock.model("us.amazon.nova-2-omni-v1:0").pipe(
      Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: Redacted.make("k"), baseUrl })),
      Layer.provide(FetchHttpClient.layer)
    )
    return { model, requests: () => server.requests(baseUrl) }
  })

/** How the first response to a question over `body` ended, and the messages the next request sends after its turn. */
const twoTurns = (body: Uint8Array) =>
  Effect.gen(function*() {
    const { model, requests } = yield* replaying(body)
    const question = Message.user("Draw a dot.")
    const ending = yield* CallStream.settle(LanguageModel.stream({ messages: [question] })).pipe(Effect.provide(model))
    yield* LanguageModel.stream({
      messages: [question, CallResponse.toMessage(ending.response), Message.user("Again.")]
    }).pipe(Stream.runDrain, Effect.provide(model))
    return { ending, messages: JSON.parse(requests()[1]!.body).messages as ReadonlyArray<any> }
  }).pipe(Effect.scoped)

/** The first response to a question over `body`, and the assistant turn the next request sends after it. */
const answered = (body: Uint8Array) =>
  Effect.map(twoTurns(body), ({ ending, messages }) => ({
    first: ending.response,
    sent: messages[1].content as ReadonlyArray<unknown>
  }))

/** The assistant turn the next request sends after a response streamed as `body`. */
const sentBack = (body: Uint8Array) => Effect.map(answered(body), ({ sent }) => sent)

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d])

describe("a Bedrock image sent back", () => {
  it.effect("with the source its delta streamed", () =>
    Effect.gen(function*() {
      const bytes = png.toString("base64")
      const content = yield* sentBack(withImage([{ source: { bytes } }]))
      assert.deepStrictEqual(content, [{ text: "Here it is." }, { image: { format: "png", source: { bytes } } }])
    }))

  it.effect("with the bytes of several deltas joined", () =>
    Effect.gen(function*() {
      const content = yield* sentBack(withImage([
        { source: { bytes: png.subarray(0, 5).toString("base64") } },
        { source: { bytes: png.subarray(5).toString("base64") } }
      ]))
      assert.deepStrictEqual(content[1], { image: { format: "png", source: { bytes: png.toString("base64") } } })
    }))

  it.effect("as no block when its source failed or never came; the rest of the turn goes", () =>
    Effect.gen(function*() {
      const failed = yield* sentBack(withImage([{ error: { message: "blocked" } }]))
      const none = yield* sentBack(withImage([]))
      assert.deepStrictEqual(failed, [{ text: "Here it is." }])
      assert.deepStrictEqual(none, [{ text: "Here it is." }])
    }))
})

describe("a Bedrock text's citations sent back", () => {
  it.effect("with the text, as the citations content it was", () =>
    Effect.gen(function*() {
      const citation = {
        title: "sky.pdf",
        sourceContent: [{ text: "The sky appears blue." }],
        location: { documentChar: { documentIndex: 0, start: 0, end: 21 } }
      }
      const content = yield* sentBack(withCitations([citation]))
      assert.deepStrictEqual(content, [{
        citationsContent: { content: [{ text: "The sky is blue." }], citations: [citation] }
      }])
      // Without citations, the text alone.
      assert.deepStrictEqual(yield* sentBack(withCitations([])), [{ text: "The sky is blue." }])
    }))
})

describe("a Bedrock server tool's result streamed in several deltas", () => {
  const body = withServerResult([[{ text: "The sky " }], [{ text: "is blue." }], [{ json: { hits: 1 } }]])
  const content = [{ text: "The sky is blue." }, { json: { hits: 1 } }]

  it.effect("is one result, its content the deltas' joined; it goes back once, whole", () =>
    Effect.gen(function*() {
      const { first, sent } = yield* answered(body)
      assert.deepStrictEqual(
        first.serverToolResults.map((result) => [result.toolUseId, result.type, result.content, result.isError]),
        [["tooluse_2", "nova_grounding_result", content, false]]
      )
      assert.deepStrictEqual(sent, [
        {
          toolUse: { toolUseId: "tooluse_2", name: "nova_grounding", type: "server_tool_use", input: { query: "sky" } }
        },
        { toolResult: { toolUseId: "tooluse_2", type: "nova_grounding_result", status: "success", content } },
        { text: "Blue." }
      ])
    }))

  it.effect("is one tool-output-available in the UI stream, with the whole content", () =>
    Effect.gen(function*() {
      const { model } = yield* replaying(body)
      const chunks = yield* LanguageModel.stream({ messages: [Message.user("Is the sky blue?")] }).pipe(
        UIMessageStream.fromStream(),
        Stream.runCollect,
        Effect.provide(model)
      )
      const outputs = Array.from(chunks).filter((chunk) => chunk.type === "tool-output-available")
      assert.deepStrictEqual(outputs, [
        { type: "tool-output-available", toolCallId: "tooluse_2", output: content, providerExecuted: true }
      ])
    }).pipe(Effect.scoped))
})

describe("a Bedrock server tool's result cut before its block's end", () => {
  const stop = frame("messageStop", { stopReason: "end_turn" })
  const metadata = frame("metadata", {
    usage: { inputTokens: 5, outputTokens: 9, totalTokens: 14 },
    metrics: { latencyMs: 1 }
  })

  /** The calls of Bedrock's own tools the assistant turn sends without their result (Bedrock refuses each). */
  const unpaired = (content: ReadonlyArray<any>): ReadonlyArray<string> =>
    content.flatMap((block) =>
      block.toolUse?.type === "server_tool_use" &&
        !content.some((other) => other.toolResult?.toolUseId === block.toolUse.toolUseId)
        ? [block.toolUse.toolUseId]
        : []
    )

  for (
    const [name, after, ending] of [
      ["the stream fails after its stop reason", [stop], "Failed"],
      ["the stream ends without the block's stop", [stop, metadata], "Completed"],
      ["the stream fails within the result", [], "Failed"]
    ] as const
  ) {
    it.effect(`goes back with its call as no block, the rest of the turn kept: ${name}`, () =>
      Effect.gen(function*() {
        const { ending: { _tag }, messages } = yield* twoTurns(withCutResult(after))
        assert.strictEqual(_tag, ending)
        assert.deepStrictEqual(messages.map((message) => message.role), ["user", "assistant", "user"])
        assert.deepStrictEqual(messages[1].content, [{ text: "Searching." }])
        assert.deepStrictEqual(unpaired(messages[1].content), [])
      }))
  }

  it.effect("a result that ended goes back with its call, as before", () =>
    Effect.gen(function*() {
      const ended = [frame("contentBlockStop", { contentBlockIndex: 2 }), stop, metadata]
      const { messages } = yield* twoTurns(withCutResult(ended))
      assert.deepStrictEqual(messages[1].content.map((block: object) => Object.keys(block)[0]), [
        "text",
        "toolUse",
        "toolResult"
      ])
      assert.deepStrictEqual(unpaired(messages[1].content), [])
    }))
})

describe("a Bedrock turn with an empty text block", () => {
  it.effect("goes back without it: Converse refuses a blank text block", () =>
    Effect.gen(function*() {
      // A recorded turn (gpt-oss): an empty text block, unsigned reasoning, then the answer's text.
      const content = yield* sentBack(Fixtures.body("bedrock", "empty-text-delta.eventstream.b64"))
      assert.deepStrictEqual(content, [{ text: "Hello! How can I help you today?" }])
    }))
})
