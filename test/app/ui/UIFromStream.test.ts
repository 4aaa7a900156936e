/**
 * `fromStream` pulled as one stage (`src/app/ui/UIFromStream.ts`): every way a call's stream ends gives the chunks
 * the protocol expects, in order, with every chunk before the end delivered: a finish (the step's end, its signed
 * fact, `finish` with the metadata), an error (the redacted `error` chunk, then the failure), a defect (the same
 * text for any defect, then the defect), and a stream that ends without its finish reason, stopped from within
 * (`Stream.interruptWhen`) or cut short (`Stream.take`): the open block closed, the metadata of what arrived (its
 * spend estimated), the step's signed fact, `abort`, and a clean end.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Schema, Stream } from "effect"
import { OpenAI, UIMessageStream } from "effect-llm-stream"
import { defectEnding, errorEnding, helloTypes, signed, text } from "../../support/UIEndings.js"

const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
const chunk = (delta: object, finish: string | null = null) =>
  decode({ id: "chatcmpl-1", model: "gpt-4o-mini", choices: [{ index: 0, delta, finish_reason: finish }] })
const hello = [chunk({ role: "assistant", content: "Hel" }), chunk({ content: "lo" })]
const finished = [...hello, chunk({}, "stop")]

/** The chunks `fromStream` gives for `self`, and how its stream ended. */
const run = <E>(self: Stream.Stream<OpenAI.OpenAICallResponseChunk, E>) =>
  Effect.gen(function*() {
    const chunks: Array<UIMessageStream.Chunk> = []
    const exit = yield* UIMessageStream.fromStream(self, { messageId: "m", onError: () => "it failed" }).pipe(
      Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
      Effect.exit
    )
    return { types: chunks.map((chunk) => chunk.type), chunks, exit }
  })

describe("fromStream's endings", () => {
  it.effect("a finish: the step's end after its signed fact, then finish with the metadata", () =>
    Effect.gen(function*() {
      const { chunks, exit, types } = yield* run(Stream.fromIterable(finished))
      assert.isTrue(Exit.isSuccess(exit))
      assert.deepStrictEqual(types, [...helloTypes, "text-end", "message-metadata", "finish-step", "finish"])
      assert.strictEqual(text(chunks), "Hello")
      assert.isTrue(signed(chunks[6]))
      const finish = chunks.at(-1)!
      assert.strictEqual(finish.type === "finish" && finish.finishReason, "stop")
      assert.strictEqual(
        finish.type === "finish" && (finish.messageMetadata as { readonly model?: string }).model,
        "gpt-4o-mini"
      )
    }))

  it.effect(
    "an error: every chunk before it, the step's fact, the redacted error chunk, then the failure",
    () => errorEnding(run, hello)
  )

  it.effect("a defect: the same text for any defect, then the defect", () => defectEnding(run, hello))

  it.live("stopped from within: the open block closed, the metadata of what arrived, interrupted, a clean end", () =>
    Effect.gen(function*() {
      const stopped = Stream.concat(Stream.fromIterable(hello), Stream.never).pipe(
        Stream.interruptWhen(Effect.sleep("20 millis"))
      )
      const { chunks, exit, types } = yield* run(stopped)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(text(chunks), "Hello")
      // `interruptWhen` ends the call's stream without its finish reason: the open block is closed.
      assert.deepStrictEqual(types.slice(-5), ["text-end", "message-metadata", "message-metadata", "finish", "abort"])
      assert.isTrue(signed(chunks.at(-3)))
      assert.deepStrictEqual(chunks.at(-2), { type: "finish", finishReason: "interrupted" })
    }))

  it.effect("cut short without a finish reason: the open block closed, the metadata, interrupted", () =>
    Effect.gen(function*() {
      const { chunks, exit, types } = yield* run(Stream.fromIterable(finished).pipe(Stream.take(2)))
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(text(chunks), "Hello")
      assert.deepStrictEqual(types.slice(-5), ["text-end", "message-metadata", "message-metadata", "finish", "abort"])
      // The metadata of what arrived (its spend estimated: no usage came), then the step's signed fact.
      const metadata = chunks.at(-4)!
      assert.deepStrictEqual(metadata.type === "message-metadata" && metadata.messageMetadata, {
        provider: "openai",
        model: "gpt-4o-mini",
        usage: {},
        spend: { usage: { outputTokens: 5 }, estimated: true }
      })
      assert.isTrue(signed(chunks.at(-3)))
      assert.deepStrictEqual(chunks.at(-2), { type: "finish", finishReason: "interrupted" })
    }))
})
