/**
 * `CallStream.object` and `partialObjects` over every provider's chunks (written by the test kit from a
 * script, as each provider streams them): for any value of any JSON-representable Schema, written as JSON
 * with varied whitespace and escapes and split anywhere, as the response's text (a native JSON mode) or as the
 * arguments of the output tool (the tool strategy), the partials only grow and the last value is the value;
 * JSON that is not one valid value, a value the Schema does not decode, a refusal, a `length` finish and no
 * answer are `OutputError`s carrying the raw text; a failing stream fails with its own error.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Result, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { CallStream, OpenAI, Output, ProviderError } from "effect-llm-stream"
import * as FastCheck from "fast-check"
import * as Util from "node:util"
import * as TestKitPayloads from "../../../src/testkit/TestKitPayloads.js"
import * as TestKitScript from "../../../src/testkit/TestKitScript.js"
import { grows, write } from "../../support/JsonText.js"
import * as Shapes from "../../support/OutputShapes.js"
import { prop } from "../../support/Property.js"

type Provider = CallResponseChunk.Provider
const providers: ReadonlyArray<Provider> = ["openai", "anthropic", "groq", "azure", "bedrock", "google"]

/** The raw finish reason of a clean end, a refusal and a cut answer, per provider. */
const finish: Record<Provider, { readonly stop: string; readonly refusal?: string; readonly length: string }> = {
  openai: { stop: "stop", refusal: "content_filter", length: "length" },
  anthropic: { stop: "end_turn", refusal: "refusal", length: "max_tokens" },
  groq: { stop: "stop", length: "length" },
  azure: { stop: "stop", refusal: "content_filter", length: "length" },
  bedrock: { stop: "end_turn", refusal: "guardrail_intervened", length: "max_tokens" },
  google: { stop: "STOP", refusal: "SAFETY", length: "MAX_TOKENS" },
  "google-vertex": { stop: "STOP", refusal: "SAFETY", length: "MAX_TOKENS" }
}

const baseScript = (provider: Provider) => TestKitScript.scriptArbitrary(provider, { maxToolCalls: 0 })

/** The chunks of a stream whose answer is `pieces` of text, or a call to `tool` with `text` cut at `cuts`. */
const chunksOf = (
  provider: Provider,
  base: TestKitScript.StreamScript,
  answer:
    | { readonly text: ReadonlyArray<string> }
    | { readonly tool: string; readonly text: string; readonly cuts: ReadonlyArray<number> },
  finishReason = finish[provider].stop
): ReadonlyArray<CallResponseChunk.CallResponseChunk> =>
  TestKitPayloads.chunksOf(provider, {
    ...base,
    texts: "tool" in answer ? [] : answer.text,
    toolCalls: "tool" in answer ? [{ id: "call_1", name: answer.tool, arguments: answer.text, cuts: answer.cuts }] : [],
    finishReasonWithoutTools: finishReason
  }) as ReadonlyArray<CallResponseChunk.CallResponseChunk>

/** The text cut at `cuts` (any naturals, modulo its length), never inside a surrogate pair. */
const split = (text: string, cuts: ReadonlyArray<number>): Array<string> =>
  TestKitScript.splitText(text, cuts) as Array<string>

const runPartials = <A>(chunks: ReadonlyArray<CallResponseChunk.CallResponseChunk>, output: Output.Input<A>) => {
  const emitted: Array<unknown> = []
  const result = Effect.runSync(
    // One chunk per pull, as if each came in a network piece of its own: the most partials.
    Stream.fromIterable(chunks).pipe(
      Stream.rechunk(1),
      CallStream.partialObjects(output),
      Stream.runForEach((value) => Effect.sync(() => emitted.push(value))),
      Effect.result
    )
  )
  return { emitted, result }
}

const failureOf = <E>(result: Result.Result<unknown, E>): E => {
  if (Result.isSuccess(result)) throw new Error("expected a failure")
  return result.failure
}

describe("partialObjects and object: any value, any split, every provider, both strategies", () => {
  prop(
    "the partials only grow, each value comes once, the last value is the value, and object gives it",
    [
      Shapes.schemaAndValue,
      FastCheck.array(FastCheck.nat(), { maxLength: 20 }),
      FastCheck.array(FastCheck.nat(), { maxLength: 12 }),
      FastCheck.constantFrom(...providers),
      FastCheck.boolean()
    ],
    ([{ schema, value }, choices, cuts, provider, viaTool]) => {
      const output = Output.make(schema, { name: "answer" })
      const text = write(value, choices, true).text
      const base = FastCheck.sample(baseScript(provider), { numRuns: 1, seed: cuts.length + choices.length })[0]!
      const chunks = chunksOf(
        provider,
        base,
        viaTool ? { tool: "answer", text, cuts } : { text: split(text, cuts) }
      )
      const { emitted, result } = runPartials(chunks, output)
      assert.isTrue(Result.isSuccess(result), Result.isFailure(result) ? String(result.failure) : "")
      assert.isAbove(emitted.length, 0)
      assert.deepStrictEqual(emitted.at(-1), value)
      for (let i = 1; i < emitted.length; i++) {
        const why = grows(emitted[i - 1], emitted[i])
        assert.isUndefined(why, `${why} (partial ${i} of ${emitted.length}: ${Util.inspect(emitted)})`)
        // Each value once: never one equal to the value before it (two partials, the last one and the final).
        assert.isFalse(
          Util.isDeepStrictEqual(emitted[i - 1], emitted[i]),
          `partials ${i - 1} and ${i} are equal: ${Util.inspect(emitted)}`
        )
      }
      const object = Effect.runSync(Effect.result(CallStream.object(Stream.fromIterable(chunks), output)))
      assert.deepStrictEqual(object, Result.succeed(value))
    },
    { fastCheck: { numRuns: 300 } }
  )

  prop(
    "an answer sent in one piece gives the final value alone",
    [Shapes.schemaAndValue, FastCheck.constantFrom(...providers)],
    ([{ schema, value }, provider]) => {
      const base = FastCheck.sample(baseScript(provider), { numRuns: 1, seed: 7 })[0]!
      const chunks = chunksOf(provider, base, { tool: "answer", text: JSON.stringify(value), cuts: [] })
      const { emitted, result } = runPartials(chunks, Output.make(schema, { name: "answer" }))
      assert.isTrue(Result.isSuccess(result))
      assert.deepStrictEqual(emitted, [value])
    },
    { fastCheck: { numRuns: 100 } }
  )

  prop(
    "null for an absent optional field (strict mode) is absent in the value",
    [Shapes.shapeArbitrary.chain((shape) => Shapes.valueOf(shape).map((value) => ({ shape, value })))],
    ([{ shape, value }]) => {
      const base = FastCheck.sample(baseScript("openai"), { numRuns: 1, seed: 3 })[0]!
      const text = JSON.stringify(Shapes.withNulls(shape, value))
      const object = Effect.runSync(
        Effect.result(
          CallStream.object(Stream.fromIterable(chunksOf("openai", base, { text: [text] })), Shapes.schemaOf(shape))
        )
      )
      assert.deepStrictEqual(object, Result.succeed(value))
    },
    { fastCheck: { numRuns: 200 } }
  )
})

const Book = Schema.Struct({ title: Schema.String, year: Schema.Int })
const book = Output.make(Book, { name: "book" })

describe("OutputError: the raw text, and why there is no value", () => {
  prop(
    "text that is not JSON, or not one JSON value, never passes as a value",
    [
      FastCheck.constantFrom(...providers),
      FastCheck.boolean(),
      FastCheck.constantFrom(
        // Two different values: a Chat Completions call whose piece is the whole arguments again is a host's repeat,
        // read once (ChatCallArguments), so the same value twice is not two values there when a cut falls between them.
        ["{\"title\": \"Dune\", \"year\": 1965}{\"title\": \"Emma\", \"year\": 1815}", "multiple-values"],
        ["{\"title\": \"Dune\", \"year\": 1965}\n{", "multiple-values"],
        ["{\"title\": \"Dune\", \"year\": 1965,}", "invalid-json"],
        ["```json\n{\"title\": \"Dune\", \"year\": 1965}\n```", "invalid-json"],
        ["{\"title\": \"Dune\", \"year\": 19", "invalid-json"],
        ["{\"title\": \"Dune\", \"title\": \"Emma\", \"year\": 1965}", "invalid-json"],
        ["{\"title\": \"Dune\", \"year\": \"1965\"}", "schema-mismatch"],
        ["{\"title\": \"Dune\", \"year\": 1965.5}", "schema-mismatch"],
        ["{\"title\": \"Dune\"}", "schema-mismatch"]
      ),
      FastCheck.array(FastCheck.nat(), { maxLength: 8 })
    ],
    ([provider, viaTool, [text, reason], cuts]) => {
      // Gemini sends a function call's arguments as a JSON object (`args`, or `partialArgs` by JSON Path): text
      // that is not one JSON value cannot arrive as a call's arguments.
      if (viaTool && provider === "google") return
      const base = FastCheck.sample(baseScript(provider), { numRuns: 1, seed: 11 })[0]!
      const chunks = chunksOf(provider, base, viaTool ? { tool: "book", text, cuts } : { text: split(text, cuts) })
      const { emitted, result } = runPartials(chunks, book)
      const error = failureOf(result)
      assert.instanceOf(error, Output.OutputError)
      assert.strictEqual((error as Output.OutputError).reason, reason)
      // The partials before the failure grew; the failure, not a value, ends the stream.
      for (let i = 1; i < emitted.length; i++) assert.isUndefined(grows(emitted[i - 1], emitted[i]))
      const object = failureOf(Effect.runSync(Effect.result(CallStream.object(Stream.fromIterable(chunks), book))))
      assert.strictEqual((object as Output.OutputError).reason, reason)
      if (reason === "schema-mismatch") assert.isDefined((object as Output.OutputError).issue)
      // The raw text: all of it, or up to where a second value made it hopeless.
      assert.isTrue(
        text.startsWith((object as Output.OutputError).text) || (object as Output.OutputError).text === text
      )
      assert.include(text, (object as Output.OutputError).text.slice(0, 10))
    },
    { fastCheck: { numRuns: 200 } }
  )

  it("an answer in the text and through the tool is two values", () => {
    const base = FastCheck.sample(baseScript("openai"), { numRuns: 1, seed: 5 })[0]!
    const chunks = TestKitPayloads.chunksOf("openai", {
      ...base,
      texts: ["{\"title\": \"Dune\", \"year\": 1965}"],
      toolCalls: [{ id: "call_1", name: "book", arguments: "{\"title\": \"Emma\", \"year\": 1815}", cuts: [] }]
    }) as ReadonlyArray<CallResponseChunk.CallResponseChunk>
    assert.strictEqual((failureOf(runPartials(chunks, book).result) as Output.OutputError).reason, "multiple-values")
  })

  it("two calls to the output tool are two values", () => {
    const base = FastCheck.sample(baseScript("anthropic"), { numRuns: 1, seed: 5 })[0]!
    const call = (id: string) => ({ id, name: "book", arguments: "{\"title\": \"Dune\", \"year\": 1965}", cuts: [3] })
    const chunks = TestKitPayloads.chunksOf("anthropic", {
      ...base,
      texts: [],
      toolCalls: [call("toolu_1"), call("toolu_2")]
    }) as ReadonlyArray<CallResponseChunk.CallResponseChunk>
    assert.strictEqual((failureOf(runPartials(chunks, book).result) as Output.OutputError).reason, "multiple-values")
  })

  it("what the model writes before calling the output tool is not the answer", () => {
    const base = FastCheck.sample(baseScript("bedrock"), { numRuns: 1, seed: 5 })[0]!
    const chunks = TestKitPayloads.chunksOf("bedrock", {
      ...base,
      texts: ["<thinking>I will call the book tool.</thinking>"],
      toolCalls: [{ id: "tooluse_1", name: "book", arguments: "{\"title\": \"Dune\", \"year\": 1965}", cuts: [4, 9] }]
    }) as ReadonlyArray<CallResponseChunk.CallResponseChunk>
    const { emitted, result } = runPartials(chunks, book)
    assert.isTrue(Result.isSuccess(result))
    assert.deepStrictEqual(emitted.at(-1), { title: "Dune", year: 1965 })
  })

  for (const provider of providers) {
    const refusal = finish[provider].refusal
    if (refusal !== undefined) {
      it(`${provider}: a refusal (${refusal}) is an OutputError with what the model said`, () => {
        const base = FastCheck.sample(baseScript(provider), { numRuns: 1, seed: 2 })[0]!
        const chunks = chunksOf(provider, base, { text: ["I can't help ", "with that."] }, refusal)
        const error = failureOf(runPartials(chunks, book).result) as Output.OutputError
        assert.strictEqual(error.reason, "refusal")
        assert.strictEqual(error.text, "I can't help with that.")
      })
    }
    it(`${provider}: an answer cut by the token limit (${finish[provider].length}) is an OutputError, after its partials`, () => {
      const base = FastCheck.sample(baseScript(provider), { numRuns: 1, seed: 2 })[0]!
      const chunks = chunksOf(provider, base, { text: ["{\"title\": \"Du", "ne\", \"ye"] }, finish[provider].length)
      const { emitted, result } = runPartials(chunks, book)
      const error = failureOf(result) as Output.OutputError
      assert.strictEqual(error.reason, "length")
      assert.strictEqual(error.text, "{\"title\": \"Dune\", \"ye")
      assert.deepStrictEqual(emitted.at(-1), { title: "Dune" })
    })
    it(`${provider}: no text and no call to the output tool is no-output`, () => {
      const base = FastCheck.sample(baseScript(provider), { numRuns: 1, seed: 2 })[0]!
      const chunks = chunksOf(provider, base, { tool: "get_weather", text: "{\"city\": \"Paris\"}", cuts: [] })
      const error = failureOf(runPartials(chunks, book).result) as Output.OutputError
      assert.strictEqual(error.reason, "no-output")
      assert.include(error.message, "get_weather")
    })
  }

  it("OpenAI's refusal deltas are the refusal's text", () => {
    const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
    const chunk = (delta: object, finish_reason: string | null = null) =>
      decode({ id: "c", model: "gpt-4o", choices: [{ index: 0, delta, finish_reason }] })
    const chunks = [
      chunk({ role: "assistant", refusal: "" }),
      chunk({ refusal: "I'm sorry, " }),
      chunk({
        refusal: "I can't assist with that."
      }),
      chunk({}, "stop")
    ]
    const error = failureOf(runPartials(chunks, book).result) as Output.OutputError
    assert.strictEqual(error.reason, "refusal")
    assert.strictEqual(error.text, "I'm sorry, I can't assist with that.")
  })

  it("a stream that fails fails with its own error, after the partials", () => {
    const base = FastCheck.sample(baseScript("openai"), { numRuns: 1, seed: 2 })[0]!
    const chunks = chunksOf("openai", base, { text: ["{\"title\": \"Du", "ne\", \"year\": 19"] }).slice(0, 3)
    const cut = new ProviderError.TransportError({ provider: "openai", message: "connection reset" })
    const emitted: Array<unknown> = []
    const result = Effect.runSync(
      Stream.concat(Stream.rechunk(Stream.fromIterable(chunks), 1), Stream.fail(cut)).pipe(
        CallStream.partialObjects(book),
        Stream.runForEach((value) => Effect.sync(() => emitted.push(value))),
        Effect.result
      )
    )
    assert.strictEqual(failureOf(result), cut)
    assert.deepStrictEqual(emitted.at(-1), { title: "Dune" })
  })
})
