/**
 * Chat Completions hosts that send a call's arguments again instead of only their new piece: vLLM's end-of-stream
 * flush repeats the whole arguments in the last chunk (vllm-project/vllm#51697), SGLang's MiniMax-M2 parser and
 * DeepSeek send the arguments so far (sgl-project/sglang#23071, NousResearch/hermes-agent#35718). Each call ends
 * with its arguments once, and its progress says the same text; before, the pieces were concatenated
 * (`{"city":"Seattle"}{"city":"Seattle"}`) and the call could not be decoded. Pieces that can be concatenated are.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { CallStream, LanguageModel, Tool } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

const Weather = Tool.make("weather", { parameters: Schema.Struct({ city: Schema.String, unit: Schema.String }) })
const Note = Tool.make("note", { parameters: Schema.Struct({ text: Schema.String }) })

/**
 * A recorded Chat Completions stream of one call to `name` whose arguments come as `pieces`, the last one with the
 * finish reason (as vLLM sends its flush).
 */
const recording = (name: string, pieces: ReadonlyArray<string>) => {
  const chunk = (delta: unknown, finish: string | null) =>
    `data: ${
      JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        created: 1,
        model: "m",
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }]
      })
    }\n\n`
  const first = chunk({
    role: "assistant",
    tool_calls: [{ index: 0, id: "call_1", type: "function", function: { name, arguments: "" } }]
  }, null)
  const rest = pieces.map((piece, at) =>
    chunk(
      { tool_calls: [{ index: 0, function: { arguments: piece } }] },
      at === pieces.length - 1 ? "tool_calls" : null
    )
  )
  return [first, ...rest, "data: [DONE]\n\n"].join("")
}

/** The arguments the call ends with, and the arguments so far of each of its progress events. */
const streamed = (tool: Tool.Tool, pieces: ReadonlyArray<string>) =>
  LanguageModel.stream("Weather?").pipe(
    CallStream.withToolCalls([tool], { partial: true, invalidCalls: "emit" }),
    Stream.runFold(
      () => ({ progress: [] as Array<string>, calls: [] as Array<unknown> }),
      (seen, event) => {
        if (event._tag === "ToolCallProgress") seen.progress.push(event.argumentsSoFar)
        else if (event._tag === "ToolCall") seen.calls.push(event.input)
        else if (event._tag === "InvalidToolCall") seen.calls.push(event.error.message)
        return seen
      }
    ),
    Effect.provide(TestKit.fromRecording("openai", recording(tool.name, pieces)))
  )

/** The arguments of the call streamed as `pieces`, as the response accumulates them. */
const argumentsOf = (name: string, pieces: ReadonlyArray<string>) =>
  CallStream.accumulate(LanguageModel.stream("Weather?")).pipe(
    Effect.provide(TestKit.fromRecording("openai", recording(name, pieces))),
    Effect.map((response) => response.toolCalls.map((call) => call.arguments))
  )

const seattle = "{\"city\": \"Seattle\", \"unit\": \"celsius\"}"

/** Asserts each progress's arguments so far begin the call's final arguments. */
const prefixes = (progress: ReadonlyArray<string>, text: string) => {
  for (const soFar of progress) assert.isTrue(text.startsWith(soFar), `${soFar} does not begin ${text}`)
}

describe("a call's arguments sent again", () => {
  it.effect("the whole arguments repeated in the last chunk (vLLM's flush): once", () =>
    Effect.gen(function*() {
      const pieces = ["{\"city\": \"Sea", "ttle\", \"unit\": ", "\"celsius\"}", seattle]
      assert.deepStrictEqual(yield* argumentsOf("weather", pieces), [seattle])
      const { calls, progress } = yield* streamed(Weather, pieces)
      assert.deepStrictEqual(calls, [{ city: "Seattle", unit: "celsius" }])
      prefixes(progress, seattle)
    }))

  it.effect("the whole arguments after an opening `{` alone (vLLM's flush, another alignment): once", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* argumentsOf("weather", ["{", seattle]), [seattle])
    }))

  it.effect("the whole arguments repeated with other spacing: the call's first text", () =>
    Effect.gen(function*() {
      const compact = "{\"city\":\"Seattle\",\"unit\":\"celsius\"}"
      assert.deepStrictEqual(
        yield* argumentsOf("weather", ["{\"city\":\"Seattle\",", "\"unit\":\"celsius\"}", seattle]),
        [
          compact
        ]
      )
    }))

  it.effect("a cumulative host (each chunk the arguments so far): the last snapshot", () =>
    Effect.gen(function*() {
      const snapshots = [
        "{\"city\": \"Sea",
        "{\"city\": \"Seattle\", \"un",
        "{\"city\": \"Seattle\", \"unit\": \"cel",
        seattle
      ]
      assert.deepStrictEqual(yield* argumentsOf("weather", snapshots), [seattle])
      const { calls, progress } = yield* streamed(Weather, snapshots)
      assert.deepStrictEqual(calls, [{ city: "Seattle", unit: "celsius" }])
      prefixes(progress, seattle)
      assert.deepStrictEqual(progress.at(-1), "{\"city\": \"Seattle\", \"unit\": \"cel")
    }))

  it.effect("the arguments so far after a complete value, then with more (SGLang's MiniMax-M2)", () =>
    Effect.gen(function*() {
      const whole = "{\"city\": \"Seattle\", \"unit\": \"celsius\"}"
      assert.deepStrictEqual(yield* argumentsOf("weather", ["{\"city\": \"Seattle\"", whole]), [whole])
    }))

  it.effect("pieces that can be concatenated are, `}` and `{` inside strings or nested objects included", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<ReadonlyArray<string>> = [
        ["{\"text\":\"}", "{\"}"],
        ["{\"text\":\"a}", "{\" ,\"n\":1}"],
        ["{\"a}", "{\":1}"],
        ["{\"text\":\"{\\\"}", "{\"}"],
        ["{\"text\":\"x\\\\", "{\"}"],
        ["{\"text\":", "{\"text\":\"y\"}}"],
        ["{\"text\":[", "{\"a\":1}", ",", "{\"a\":1}]}"]
      ]
      for (const pieces of cases) assert.deepStrictEqual(yield* argumentsOf("note", pieces), [pieces.join("")])
      const { calls } = yield* streamed(Note, ["{\"text\":\"}", "{\"}"])
      assert.deepStrictEqual(calls, [{ text: "}{" }])
    }))

  it.effect("another complete object after a complete one is left as sent: the call cannot be decoded", () =>
    Effect.gen(function*() {
      const pieces = ["{\"city\":\"Paris\",\"unit\":\"C\"}", "{\"city\":\"Rome\",\"unit\":\"C\"}"]
      assert.deepStrictEqual(yield* argumentsOf("weather", pieces), [pieces.join("")])
      const { calls } = yield* streamed(Weather, pieces)
      assert.strictEqual(calls.length, 1)
      assert.isString(calls[0])
    }))
})
