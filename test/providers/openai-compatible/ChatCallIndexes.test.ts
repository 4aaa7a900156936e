/**
 * Tool calls of a Chat Completions stream whose host's `index` does not say which call a fragment belongs to: Ollama
 * numbers every call `0` (vercel/ai#14277), Gemini's OpenAI-compatible endpoint sends no `index`
 * (openai/openai-python#2806). Each call is its own, with its id, name and arguments; before, every call after the
 * first was appended to it (`{"city":"Paris"}{"city":"Rome"}`) and its id and name dropped, with nothing said.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { CallStream, LanguageModel } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

/** A Chat Completions stream of `deltas` (each a `delta` of the first choice), ending in `tool_calls`. */
const stream = (deltas: ReadonlyArray<unknown>) =>
  [...deltas.map((delta) => ({ delta, finish_reason: null })), { delta: {}, finish_reason: "tool_calls" }].map((
    choice
  ) =>
    `data: ${
      JSON.stringify({ id: "c", object: "chat.completion.chunk", model: "m", choices: [{ index: 0, ...choice }] })
    }\n\n`
  )
    .join("") + "data: [DONE]\n\n"

/** A fragment of a call: `index` left out when `undefined`. */
const call = (index: number | undefined, fields: { id?: string; name?: string; arguments?: string }) => ({
  ...(index === undefined ? {} : { index }),
  ...(fields.id === undefined ? {} : { id: fields.id, type: "function" }),
  function: { ...(fields.name === undefined ? {} : { name: fields.name }), arguments: fields.arguments ?? "" }
})

/** The calls of the answer streamed as `deltas`: id, name and arguments. */
const callsOf = (deltas: ReadonlyArray<unknown>) =>
  CallStream.accumulate(LanguageModel.stream("Weather?")).pipe(
    Effect.provide(TestKit.fromRecording("openai", stream(deltas))),
    Effect.map((response) => response.toolCalls.map(({ arguments: args, id, name }) => [id, name, args]))
  )

const paris = { id: "call_a", name: "weather", arguments: "{\"city\":\"Paris\"}" }
const rome = { id: "call_b", name: "time", arguments: "{\"city\":\"Rome\"}" }
const both = [["call_a", "weather", paris.arguments], ["call_b", "time", rome.arguments]]

describe("tool calls whose index does not tell them apart", () => {
  it.effect("every call numbered 0 (Ollama): a new id starts a call of its own", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* callsOf([{ tool_calls: [call(0, paris)] }, { tool_calls: [call(0, rome)] }]), both)
    }))

  it.effect("no index (Gemini's OpenAI-compatible endpoint): a fragment without id goes on with the last call", () =>
    Effect.gen(function*() {
      const deltas = [
        { tool_calls: [call(undefined, { ...paris, arguments: "{\"city\":" })] },
        { tool_calls: [call(undefined, { arguments: "\"Paris\"}" })] },
        { tool_calls: [call(undefined, { ...rome, arguments: "" })] },
        { tool_calls: [call(undefined, { arguments: rome.arguments })] }
      ]
      assert.deepStrictEqual(yield* callsOf(deltas), both)
    }))

  it.effect("no index and no id, two calls in one delta: two calls", () =>
    Effect.gen(function*() {
      const calls = yield* callsOf([{
        tool_calls: [call(undefined, { name: "weather", arguments: paris.arguments }), call(undefined, rome)]
      }])
      assert.deepStrictEqual(calls.map(([, name, args]) => [name, args]), [
        ["weather", paris.arguments],
        ["time", rome.arguments]
      ])
    }))

  it.effect("an id of its own on each fragment, the name on the first (Poolside, vLLM harmony): one call", () =>
    Effect.gen(function*() {
      const deltas = [
        { tool_calls: [call(0, { ...paris, arguments: "{\"city\":" })] },
        { tool_calls: [call(0, { id: "call_a2", arguments: "\"Paris\"}" })] },
        { tool_calls: [call(1, { ...rome, arguments: "" })] },
        { tool_calls: [call(1, { id: "call_b2", arguments: rome.arguments })] }
      ]
      assert.deepStrictEqual(yield* callsOf(deltas), both)
      const unindexed = deltas.map(({ tool_calls: [{ index: _, ...fragment }] }) => ({ tool_calls: [fragment] }))
      assert.deepStrictEqual(yield* callsOf(unindexed), both)
    }))

  it.effect("indexes as OpenAI sends them are kept: the pieces of each call, interleaved, by their index", () =>
    Effect.gen(function*() {
      const deltas = [
        { tool_calls: [call(0, { ...paris, arguments: "" })] },
        { tool_calls: [call(1, { ...rome, arguments: "" })] },
        { tool_calls: [call(0, { arguments: paris.arguments })] },
        { tool_calls: [call(1, { arguments: rome.arguments })] }
      ]
      assert.deepStrictEqual(yield* callsOf(deltas), both)
    }))
})
