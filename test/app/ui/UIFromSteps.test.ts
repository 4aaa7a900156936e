/**
 * `fromSteps` pulled as one stage (`src/app/ui/UIFromSteps.ts`), as `fromStream` is: every way a loop's events end
 * gives the chunks the protocol expects, in order, with every chunk before the end delivered: an error (the step's
 * signed fact, the redacted `error` chunk, then the failure), a defect (the same text for any defect, then the
 * defect), an interruption that ends the events (`abort`, a clean end), the events ended early (`finish`). A tool's
 * failure is logged once, in the pull that sent it. Each was checked against the stages `fromSteps` was before.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema, Stream } from "effect"
import { LanguageModel, Message, OpenAI, Tool, UIMessageStream } from "effect-llm-stream"
import { collecting, type LogLine } from "../../support/EndpointApp.js"
import { defectEnding, errorEnding, signed, text } from "../../support/UIEndings.js"

const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
const chunk = (delta: object) =>
  decode({ id: "chatcmpl-1", model: "gpt-4o-mini", choices: [{ index: 0, delta, finish_reason: null }] })
const hello: ReadonlyArray<LanguageModel.StepEvent> = [
  chunk({ role: "assistant", content: "Hel" }),
  chunk({ content: "lo" })
].map((chunk) => new LanguageModel.ChunkEvent({ step: 1, chunk, cost: undefined }))

/** The chunks `fromSteps` gives for `self`, how its stream ended, and what it logged. */
const run = <E>(self: Stream.Stream<LanguageModel.StepEvent, E>) =>
  Effect.gen(function*() {
    const chunks: Array<UIMessageStream.Chunk> = []
    const lines: Array<LogLine> = []
    const exit = yield* UIMessageStream.fromSteps(self, { messageId: "m", onError: () => "it failed" }).pipe(
      Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
      Effect.exit,
      Effect.provide(collecting(lines))
    )
    return { types: chunks.map((chunk) => chunk.type), chunks, exit, lines }
  })

describe("fromSteps' endings", () => {
  it.effect(
    "an error: every chunk before it, the step's signed fact, the redacted error chunk, then the failure",
    () => errorEnding(run, hello)
  )

  it.effect("a defect: the same text for any defect, then the defect", () => defectEnding(run, hello))

  it.effect("interrupted from within (an interruption that is the stream's end, not the reader's): interrupted, a clean end", () =>
    Effect.gen(function*() {
      const { chunks, exit, types } = yield* run(
        Stream.concat(Stream.fromIterable(hello), Stream.fromEffect(Effect.interrupt))
      )
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(text(chunks), "Hello")
      // A stopped stream's ending (`UIChunk.interrupted`): the `ai` client sends nothing on by itself.
      assert.deepStrictEqual(types.slice(-3), ["message-metadata", "finish", "abort"])
      assert.isTrue(signed(chunks.at(-3)))
      assert.deepStrictEqual(chunks.at(-2), { type: "finish", finishReason: "interrupted" })
    }))

  it.live("ended early from within (`Stream.interruptWhen`): the step's end, interrupted, a clean end", () =>
    Effect.gen(function*() {
      const stopped = Stream.concat(Stream.fromIterable(hello), Stream.never).pipe(
        Stream.interruptWhen(Effect.sleep("20 millis"))
      )
      const { chunks, exit, types } = yield* run(stopped)
      assert.isTrue(Exit.isSuccess(exit))
      // Its events ended before the loop's `DoneEvent`: stopped, not finished, with what it spent (no step ended).
      assert.deepStrictEqual(types.slice(-4), ["finish-step", "message-metadata", "finish", "abort"])
      const metadata = chunks.at(-3)!
      assert.deepStrictEqual(metadata.type === "message-metadata" && metadata.messageMetadata, {
        usage: {},
        spend: { usage: {}, estimated: false },
        steps: 0
      })
      assert.deepStrictEqual(chunks.at(-2), { type: "finish", finishReason: "interrupted" })
    }))

  it.effect("a tool's failure: its output error sent, its detail logged once, in the pull that sent it", () =>
    Effect.gen(function*() {
      const call: Tool.ToolCall = { id: "c1", name: "ledger", arguments: "{}" }
      const failed = new LanguageModel.ToolResultEvent({
        step: 1,
        call,
        result: "disk full",
        isError: true,
        message: Message.toolResult({
          toolCallId: "c1",
          name: "ledger",
          content: "disk full",
          isError: true
        }) as Message.ToolResultMessage
      })
      const { chunks, exit, lines } = yield* run(Stream.make(failed, ...hello))
      assert.isTrue(Exit.isSuccess(exit))
      const output = chunks.find((chunk) => chunk.type === "tool-output-error")
      assert.strictEqual(output?.type === "tool-output-error" && output.toolCallId, "c1")
      const warnings = lines.filter((line) => line.level === "Warn")
      assert.deepStrictEqual(warnings.map((line) => line.message), ["tool ledger failed disk full"])
    }))
})
