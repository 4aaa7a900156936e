/**
 * Gemini's streamed function-call arguments (`partialArgs`, `@google/genai` `PartialArg`: a JSON Path and a
 * string, number, boolean or null value, `willContinue` for the string pieces of one path) written as JSON text
 * piece by piece: for any arguments sent in the order a model writes them, the text is the arguments' JSON, and
 * every prefix of it is a prefix of that JSON (progress a display can show). A piece that goes back is reported.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, Google, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as GoogleArgs from "../../../src/providers/google/GoogleArgs.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"

type Piece = {
  jsonPath: string
  stringValue?: string
  numberValue?: number
  boolValue?: boolean
  nullValue?: "NULL_VALUE"
  willContinue?: boolean
}

const pathOf = (segments: ReadonlyArray<string | number>) =>
  "$" +
  segments.map((segment) =>
    typeof segment === "number"
      ? `[${segment}]`
      : /^[A-Za-z_$][\w$-]*$/.test(segment)
      ? `.${segment}`
      : `["${segment.replace(/["\\]/g, "\\$&")}"]`
  ).join("")

/** The pieces a model streams for `value`, in document order, each string cut at `cuts`. */
const piecesOf = (value: unknown, cuts: ReadonlyArray<number>): Array<Piece> => {
  const pieces: Array<Piece> = []
  let cut = 0
  const visit = (value: unknown, at: ReadonlyArray<string | number>) => {
    if (Array.isArray(value)) value.forEach((item, index) => visit(item, [...at, index]))
    else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...at, key])
    } else if (typeof value === "string") {
      const jsonPath = pathOf(at)
      // Cut in UTF-16 units, so that a piece may end inside a surrogate pair.
      const size = 1 + ((cuts[cut++ % Math.max(cuts.length, 1)] ?? 0) % 5)
      for (let start = 0; start < value.length; start += size) {
        pieces.push({ jsonPath, stringValue: value.slice(start, start + size), willContinue: true })
      }
      pieces.push({ jsonPath, stringValue: "" })
    } else if (typeof value === "number") pieces.push({ jsonPath: pathOf(at), numberValue: value })
    else if (typeof value === "boolean") pieces.push({ jsonPath: pathOf(at), boolValue: value })
    else pieces.push({ jsonPath: pathOf(at), nullValue: "NULL_VALUE" })
  }
  visit(value, [])
  return pieces
}

/** Arguments whose containers are never empty (a model streams no piece for an empty one). */
const leaf = FastCheck.oneof(
  FastCheck.string({ unit: "grapheme" }),
  FastCheck.integer(),
  FastCheck.double({ noNaN: true, noDefaultInfinity: true }),
  FastCheck.boolean(),
  FastCheck.constant(null)
)
const { args } = FastCheck.letrec((tie) => ({
  value: FastCheck.oneof({ depthSize: "small", withCrossShrink: true }, leaf, tie("array"), tie("object")),
  array: FastCheck.array(tie("value"), { minLength: 1, maxLength: 3 }),
  object: FastCheck.dictionary(FastCheck.string({ minLength: 1, maxLength: 6 }), tie("value"), {
    minKeys: 1,
    maxKeys: 3
  }),
  args: FastCheck.dictionary(FastCheck.string({ minLength: 1, maxLength: 6 }), tie("value"), { maxKeys: 4 })
}))

describe("Gemini's streamed arguments as JSON text", () => {
  it("the text of the pieces is the arguments' JSON, and grows as a prefix of it", () => {
    FastCheck.assert(
      FastCheck.property(args, FastCheck.array(FastCheck.nat(), { maxLength: 6 }), (value, cuts) => {
        const writer = new GoogleArgs.Writer()
        const expected = JSON.stringify(value)
        let text = ""
        for (const piece of piecesOf(value, cuts)) {
          const written = writer.write(piece)
          if ("error" in written) throw new Error(written.error)
          text += written.text
          assert.isTrue(expected.startsWith(text), `${text} is not a prefix of ${expected}`)
        }
        text += writer.end()
        assert.strictEqual(text, expected)
        assert.deepStrictEqual(JSON.parse(text), JSON.parse(expected))
      }),
      { numRuns: 300, seed: 39 }
    )
  })

  it("a piece that goes back (a closed member, an index out of order) is an error, not wrong text", () => {
    const writer = new GoogleArgs.Writer()
    assert.deepStrictEqual(writer.write({ jsonPath: "$.a", stringValue: "x" }), { text: "{\"a\":\"x\"" })
    assert.deepStrictEqual(writer.write({ jsonPath: "$.b", numberValue: 1 }), { text: ",\"b\":1" })
    assert.property(writer.write({ jsonPath: "$.a", stringValue: "y" }), "error")
    const arrays = new GoogleArgs.Writer()
    assert.property(arrays.write({ jsonPath: "$.items[1]", stringValue: "y" }), "error")
    assert.property(new GoogleArgs.Writer().write({ jsonPath: "not a path", stringValue: "y" }), "error")
    assert.strictEqual(new GoogleArgs.Writer().end(), "{}")
  })

  it.effect("a recorded Vertex call's arguments stream piece by piece before the call ends", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: Fixtures.bytes("google", "vertex-streamed-call-nested.sse")
      })
      const { chunks } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(
          Google.vertexModel("gemini-3.1-pro-preview").pipe(
            Layer.provide(Google.vertexLayer({ baseUrl, accessToken: Redacted.make("t") })),
            Layer.provide(clients[0]![1])
          )
        )
      )
      const fragments = chunks.flatMap((chunk) => chunk.toolCallDeltas).filter((delta) => delta.arguments !== "")
      assert.isAbove(fragments.length, 20)
      const whole = chunks.reduce(CallResponse.append, CallResponse.empty).toolCalls[0]!.arguments
      let text = ""
      for (const fragment of fragments) {
        text += fragment.arguments
        assert.isTrue(whole.startsWith(text))
      }
      assert.strictEqual(text, whole)
    }))
})
