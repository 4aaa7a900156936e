/**
 * Reasoning written inside `<think>` tags in a model's text, read as reasoning (`CallStream.extractReasoning`,
 * `LanguageModel.withReasoningTags`): over a real recording of DeepSeek-R1 on Azure AI (the tags as text, `\u003c`
 * escaped: test/fixtures/azure/SOURCES.md), served by the replay server cut at random, through `accumulate`, the UI
 * stream and the tool loop's history; and the splitting itself, a tag cut anywhere between two chunks.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema, Stream } from "effect"
import { CallStream, LanguageModel, Message, Output, ProviderError, UIMessageStream } from "effect-llm-stream"
import type { CallResponseChunk } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as ReasoningTags from "../../../src/core/call/ReasoningTags.js"
import * as ChunkCommon from "../../../src/core/fold/ChunkCommon.js"
import type * as StreamEvent from "../../../src/core/fold/StreamEvent.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as Property from "../../support/Property.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const messages = [Message.user("Hi")]
/** The recording's answer, as its text says it (the tags and the blank lines after each). */
const recordedText = "<think>\n\n</think>\n\nHello! How can I assist you today? 😊"

/** A model over the replay server serving the DeepSeek-R1 recording, cut at random. */
const recorded = Effect.map(ReplayServer.make, (server) => {
  const body = Fixtures.bytes("azure", "deepseek-r1-think.sse")
  const baseUrl = server.serve({
    headers: { "content-type": "text/event-stream" },
    body,
    cuts: ReplayServer.randomCuts(body.length, 9, 60)
  })
  return RecordedModels.model("azure", baseUrl, clients[0]![1], { model: "DeepSeek-R1" })
})

/** What splitting `pieces` one after another gives, as text and reasoning. */
const split = (pieces: ReadonlyArray<string>, options?: ReasoningTags.ReasoningTagOptions) => {
  const splitter = new ReasoningTags.TagSplitter(options)
  const out: Array<StreamEvent.StreamEvent> = []
  for (const piece of pieces) splitter.split(piece, out)
  splitter.flush(out)
  const of = (tag: "TextDelta" | "ReasoningDelta") =>
    out.flatMap((event) => event._tag === tag ? [event.text] : []).join("")
  return { text: of("TextDelta"), reasoning: of("ReasoningDelta") }
}

/** `text` cut at `cuts` (positions, in any order). */
const cutAt = (text: string, cuts: ReadonlyArray<number>): Array<string> => {
  const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  return [0, ...at].map((start, index) => text.slice(start, [...at, text.length][index]))
}

describe("reasoning inside <think> tags in the text", () => {
  it.effect("the recording as it is: the tags in the text; with withReasoningTags, the answer alone", () =>
    Effect.gen(function*() {
      const model = yield* recorded
      const raw = yield* CallStream.accumulate(LanguageModel.stream({ messages })).pipe(Effect.provide(model))
      assert.strictEqual(raw.content, recordedText)
      assert.strictEqual(raw.reasoning, "")
      const read = yield* CallStream.accumulate(LanguageModel.stream({ messages })).pipe(
        Effect.provide(model.pipe(LanguageModel.withReasoningTags()))
      )
      assert.strictEqual(read.content, "\n\nHello! How can I assist you today? 😊")
      assert.strictEqual(read.reasoning, "\n\n")
      // The rest of the answer is as it was.
      assert.deepStrictEqual(read.finishReasons, ["stop"])
      assert.strictEqual(read.usage.outputTokens, 16)
      assert.strictEqual(read.model, "DeepSeek-R1")
    }).pipe(Effect.scoped))

  it.effect("the operator on a stream: each chunk's text and reasoning, the chunks without text the same objects", () =>
    Effect.gen(function*() {
      const model = yield* recorded
      const chunks = yield* Stream.runCollect(LanguageModel.stream({ messages })).pipe(Effect.provide(model))
      const read = yield* Stream.fromIterable(chunks).pipe(CallStream.extractReasoning(), Stream.runCollect)
      assert.strictEqual(read.length, chunks.length)
      assert.strictEqual(read.map((chunk) => chunk.content).join(""), "\n\nHello! How can I assist you today? 😊")
      assert.strictEqual(read.map((chunk) => chunk.reasoning).join(""), "\n\n")
      chunks.forEach((chunk, index) => {
        // A chunk the tags do not touch passes as it is; one they do is a copy with the provider's payload, unchanged.
        const touched = read[index]!.content !== chunk.content
        if (!touched) assert.strictEqual(read[index], chunk)
        else {
          assert.notStrictEqual(read[index], chunk)
          assert.strictEqual(read[index]!.chunk, chunk.chunk)
        }
      })
      // The chunks read are left as they were.
      assert.include(chunks.map((chunk) => chunk.content).join(""), "<think>")
    }).pipe(Effect.scoped))

  it.effect("the UI stream shows the thinking as reasoning and the answer as text", () =>
    Effect.gen(function*() {
      const model = yield* recorded
      const ui = yield* UIMessageStream.fromStream(LanguageModel.stream({ messages }), { messageId: "m" }).pipe(
        Stream.runCollect,
        Effect.provide(model.pipe(LanguageModel.withReasoningTags()))
      )
      const deltas = (type: "text-delta" | "reasoning-delta") =>
        ui.flatMap((chunk) => chunk.type === type ? [chunk.delta] : []).join("")
      assert.strictEqual(deltas("text-delta"), "\n\nHello! How can I assist you today? 😊")
      assert.strictEqual(deltas("reasoning-delta"), "\n\n")
      assert.notInclude(JSON.stringify(ui), "think>")
    }).pipe(Effect.scoped))

  it.effect("the tool loop under withReasoningTags keeps the answer alone in the history it gives back", () =>
    Effect.gen(function*() {
      const model = yield* recorded
      const done = yield* LanguageModel.runToolsToEnd({ messages }).pipe(
        Effect.provide(model.pipe(LanguageModel.withReasoningTags()))
      )
      const answer = done.messages.at(-1)
      assert.strictEqual(answer?._tag, "AssistantMessage")
      assert.notInclude(JSON.stringify(answer), "think>")
      assert.include(JSON.stringify(answer), "Hello! How can I assist you today?")
    }).pipe(Effect.scoped))

  Property.prop(
    "a tag cut anywhere between chunks is found whole: the text is what lies outside, the reasoning what lies inside",
    [
      FastCheck.stringMatching(/^[a-z <\/>hintk]{0,12}$/),
      FastCheck.stringMatching(/^[a-z <\/>hintk]{0,12}$/),
      FastCheck.stringMatching(/^[a-z <\/>hintk]{0,12}$/),
      FastCheck.array(FastCheck.nat(60), { maxLength: 8 })
    ],
    ([before, inside, after, cuts]) => {
      FastCheck.pre(!`${before}<`.includes("<think>") && !`${inside}<`.includes("</think>"))
      FastCheck.pre(!after.includes("<think>"))
      const whole = `${before}<think>${inside}</think>${after}`
      assert.deepStrictEqual(split(cutAt(whole, cuts)), { text: before + after, reasoning: inside })
    },
    { fastCheck: { numRuns: 500 } }
  )

  it("text with no tags is all text, a tag never finished is text, one never closed is all reasoning", () => {
    assert.deepStrictEqual(split(["a < b", " <thin", "g>"]), { text: "a < b <thing>", reasoning: "" })
    assert.deepStrictEqual(split(["x <th"]), { text: "x <th", reasoning: "" })
    assert.deepStrictEqual(split(["<think>still", " thinking"]), { text: "", reasoning: "still thinking" })
    assert.deepStrictEqual(split(["<think>a</think>b<think>c</think>d"]), { text: "bd", reasoning: "ac" })
  })

  it("startWithReasoning: the text begins inside the tags; another tag name", () => {
    assert.deepStrictEqual(split(["Let me see", "</think>", "Yes."], { startWithReasoning: true }), {
      text: "Yes.",
      reasoning: "Let me see"
    })
    assert.deepStrictEqual(split(["<reason", "ing>why</reasoning>so"], { tag: "reasoning" }), {
      text: "so",
      reasoning: "why"
    })
  })

  it.effect("text held at the stream's end, or at its failure, comes in a copy of the last chunk, carrying nothing else", () =>
    Effect.gen(function*() {
      const model = yield* recorded
      const chunks = yield* Stream.runCollect(LanguageModel.stream({ messages })).pipe(Effect.provide(model))
      // The recorded chunk of "Hello" with the text "x <th" instead: a stream that ends where a tag could begin.
      const hello = chunks.find((chunk) => chunk.content === "Hello")!
      const cut = ChunkCommon.withEvents(hello as ChunkCommon.ChunkBase & CallResponseChunk.CallResponseChunk, [
        { _tag: "TextDelta", text: "x <th" }
      ])
      const read = yield* Stream.make(cut).pipe(CallStream.extractReasoning(), Stream.runCollect)
      assert.deepStrictEqual(read.map((chunk) => chunk.content), ["x ", "<th"])
      assert.deepStrictEqual(read.map((chunk) => chunk.reasoning), ["", ""])
      assert.deepStrictEqual(read[1]!.events, [{ _tag: "TextDelta", text: "<th" }])
      // Before a finish, held text goes to the chunk that ends the answer.
      const finish = chunks.find((chunk) => chunk.finishReasons.length > 0)!
      const ended = yield* Stream.make(cut, finish).pipe(CallStream.extractReasoning(), Stream.runCollect)
      assert.deepStrictEqual(ended.map((chunk) => chunk.content), ["x ", "<th"])
      assert.deepStrictEqual(ended[1]!.finishReasons, ["stop"])
      // A stream that fails after it: the held text comes first, then the failure, nothing lost.
      const failure = new ProviderError.TransportError({ provider: "azure", message: "azure: the connection failed" })
      const seen: Array<string> = []
      const exit = yield* Stream.make(cut).pipe(
        Stream.concat(Stream.fail(failure)),
        CallStream.extractReasoning(),
        Stream.runForEach((chunk) => Effect.sync(() => seen.push(chunk.content))),
        Effect.exit
      )
      assert.deepStrictEqual(seen, ["x ", "<th"])
      assert.deepStrictEqual(exit, Exit.fail(failure))
    }).pipe(Effect.scoped))

  it.effect("a chunk copied keeps the output its request asked for, which CallStream.object reads", () =>
    Effect.gen(function*() {
      const model = yield* recorded
      const output = Output.make(Schema.Struct({ greeting: Schema.String }), { name: "greeting" })
      const chunks = yield* Stream.runCollect(LanguageModel.stream({ messages, output })).pipe(Effect.provide(model))
      const read = yield* Stream.fromIterable(chunks).pipe(CallStream.extractReasoning(), Stream.runCollect)
      assert.isTrue(read.some((chunk, index) => chunk !== chunks[index]))
      read.forEach((chunk, index) => {
        assert.strictEqual(chunk.requestedOutput, output)
        assert.strictEqual(chunk.requestedOutput, chunks[index]!.requestedOutput)
      })
    }).pipe(Effect.scoped))
})
