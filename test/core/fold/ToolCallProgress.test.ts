/**
 * `withToolCalls(tools, { partial: true })`: the progress of a call still streaming carries its arguments
 * parsed so far (`input`), by the rules of structured output's partials: over every provider's chunks and any
 * split of the arguments, each call's inputs only grow, and the complete call's decoded input extends the
 * last of them.
 */
import { assert, describe } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { CallStream, Tool } from "effect-llm-stream"
import * as FastCheck from "fast-check"
import * as TestKitPayloads from "../../../src/testkit/TestKitPayloads.js"
import * as TestKitScript from "../../../src/testkit/TestKitScript.js"
import { grows } from "../../support/JsonText.js"
import { prop } from "../../support/Property.js"

const searchBooks = Tool.make("search_books", {
  parameters: Schema.Struct({
    query: Schema.String,
    filters: Schema.Struct({ genres: Schema.Array(Schema.String), since: Schema.Int }),
    limit: Schema.optionalKey(Schema.Int)
  })
})

const argumentsArbitrary = FastCheck.record({
  query: FastCheck.string({ maxLength: 30 }),
  filters: FastCheck.record({
    genres: FastCheck.array(FastCheck.string({ maxLength: 10 }), { maxLength: 4 }),
    since: FastCheck.integer({ min: 1800, max: 2030 })
  }),
  limit: FastCheck.option(FastCheck.integer({ min: 1, max: 50 }), { nil: undefined })
}).map((value) => (value.limit === undefined ? { query: value.query, filters: value.filters } : value))

describe("ToolCallProgress.input", () => {
  prop(
    "each call's parsed arguments only grow, and the decoded call extends the last",
    [
      FastCheck.constantFrom<CallResponseChunk.Provider>("openai", "anthropic", "groq", "azure", "bedrock"),
      FastCheck.array(argumentsArbitrary, { minLength: 1, maxLength: 2 }),
      FastCheck.array(FastCheck.nat(), { maxLength: 30 })
    ],
    ([provider, calls, cuts]) => {
      const base = FastCheck.sample(TestKitScript.scriptArbitrary(provider, { maxToolCalls: 0 }), {
        numRuns: 1,
        seed: 1
      })[0]!
      const chunks = TestKitPayloads.chunksOf(provider, {
        ...base,
        texts: [],
        toolCalls: calls.map((input, index) => ({
          id: `call_${index}`,
          name: "search_books",
          arguments: JSON.stringify(input),
          cuts
        }))
      }) as ReadonlyArray<CallResponseChunk.CallResponseChunk>
      const events = Effect.runSync(
        Stream.runCollect(CallStream.withToolCalls(Stream.fromIterable(chunks), [searchBooks], { partial: true }))
      )
      const inputs = new Map<string, Array<unknown>>()
      const decoded = new Map<string, unknown>()
      for (const event of events) {
        if (event._tag === "ToolCallProgress") {
          const query: string | null | undefined = event.input.query
          assert.isTrue(query === undefined || typeof query === "string")
          inputs.set(event.id, [...(inputs.get(event.id) ?? []), event.input])
        } else if (event._tag === "ToolCall") decoded.set(event.id, event.input)
      }
      calls.forEach((input, index) => {
        const id = `call_${index}`
        assert.deepStrictEqual(decoded.get(id), input)
        const seen = [...(inputs.get(id) ?? []), decoded.get(id)]
        for (let i = 1; i < seen.length; i++) assert.isUndefined(grows(seen[i - 1], seen[i]), `${provider} ${id}`)
      })
    },
    { fastCheck: { numRuns: 150 } }
  )
})
