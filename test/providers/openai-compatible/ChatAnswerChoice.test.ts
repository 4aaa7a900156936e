/**
 * A Chat Completions stream whose one choice a host or proxy numbers other than 0. The library asks for one choice;
 * its text was read from `index === 0` alone, so such a stream's answer was dropped with nothing said. The answer is
 * now the first choice the stream uses (the lowest index of the first chunk with a delta), fixed once seen; tool
 * calls and finish reasons stay per choice. openai-node's `ChatCompletionStream` keeps a choice at its index (its
 * `finalContent()` then throws, no message at 0); the AI SDK's openai-compatible provider reads `choices[0]`,
 * whatever its index.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { CallStream, LanguageModel } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

/** A stream body of `choices` (one chunk's `choices` each). */
const body = (choices: ReadonlyArray<ReadonlyArray<unknown>>) =>
  choices.map((list) =>
    `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", model: "gpt-4o", choices: list })}\n\n`
  ).join("") + "data: [DONE]\n\n"

/** Choice `index` with `delta` (and a finish reason). */
const choice = (index: number, delta: unknown, finish_reason: string | null = null) => ({
  index,
  delta,
  finish_reason
})

/** A text answer of choice `index`, in two pieces, with reasoning. */
const answerOf = (index: number) => [
  [choice(index, { role: "assistant", content: "" })],
  [choice(index, { reasoning_content: "Thinking." })],
  [choice(index, { content: "Hello" })],
  [choice(index, { content: " world" })],
  [choice(index, {}, "stop")]
]

const run = (provider: "openai" | "groq", choices: ReadonlyArray<ReadonlyArray<unknown>>) =>
  LanguageModel.stream("hi").pipe(
    Stream.runCollect,
    Effect.flatMap((chunks) =>
      CallStream.accumulate(Stream.fromIterable(chunks)).pipe(
        Effect.map((response) => ({ chunks: Array.from(chunks), response }))
      )
    ),
    Effect.provide(TestKit.fromRecording(provider, body(choices), { model: "gpt-4o" }))
  )

describe("a Chat Completions stream whose one choice is not numbered 0", () => {
  it.effect("its choice's text, reasoning and finish are the answer's, on every host", () =>
    Effect.gen(function*() {
      for (const provider of ["openai", "groq"] as const) {
        const { chunks, response } = yield* run(provider, answerOf(1))
        assert.strictEqual(response.content, "Hello world", provider)
        assert.strictEqual(response.reasoning, "Thinking.", provider)
        assert.deepStrictEqual(response.finishReasons, ["stop"], provider)
        assert.deepStrictEqual(chunks.map((chunk) => chunk.content), ["", "", "Hello", " world", ""], provider)
      }
    }))

  it.effect("a tool call of that choice is the answer's call", () =>
    Effect.gen(function*() {
      const call = { index: 0, id: "call_a", type: "function", function: { name: "weather", arguments: "{}" } }
      const { response } = yield* run("openai", [
        [choice(2, { role: "assistant", tool_calls: [call] })],
        [choice(2, {}, "tool_calls")]
      ])
      assert.deepStrictEqual(response.toolCalls.map(({ id, name }) => [id, name]), [["call_a", "weather"]])
      assert.deepStrictEqual(response.finishReasons, ["tool_calls"])
    }))

  it.effect("the answer's choice is fixed once seen: a later choice 0 is not the answer", () =>
    Effect.gen(function*() {
      const { response } = yield* run("openai", [
        [choice(1, { content: "One" })],
        [choice(0, { content: "Zero" })],
        [choice(1, { content: " more" }, "stop")]
      ])
      assert.strictEqual(response.content, "One more")
    }))

  it.effect("a stream with choice 0 keeps it as the answer (n > 1, as OpenAI numbers them)", () =>
    Effect.gen(function*() {
      const { response } = yield* run("openai", [
        [choice(0, { content: "Zero" }), choice(1, { content: "One" })],
        [choice(1, { content: " more" })],
        [choice(0, { content: "!" }, "stop"), choice(1, {}, "stop")]
      ])
      assert.strictEqual(response.content, "Zero!")
    }))
})
