/**
 * Anthropic's text deltas read without `JSON.parse` give what `JSON.parse` gives, or are left to it: a line in
 * the exact form Anthropic writes (the real recordings in `test/fixtures/anthropic/`, see its SOURCES.md: no
 * whitespace inside, spaces before the last brace) is read from between its known parts; any other writing of the
 * same event (an escape, a control character, another key order, whitespace elsewhere, a number JSON does not
 * allow) is answered `undefined`, and the decoder parses it as before (end to end: ValidJson.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import * as FastCheck from "fast-check"
import * as AnthropicTextDelta from "../../../src/providers/anthropic/AnthropicTextDelta.js"
import * as Fixtures from "../../../support/Fixtures.js"

const head = "{\"type\":\"content_block_delta\",\"index\":"
const middle = ",\"delta\":{\"type\":\"text_delta\",\"text\":\""

/** `JSON.parse`, or `undefined` for text it refuses. */
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The `data:` lines of every recorded Anthropic stream. */
const recordedData = (): Array<string> =>
  Fixtures.files("anthropic", ".sse").flatMap((name) =>
    Fixtures.text("anthropic", name).split("\n").filter((line) => line.startsWith("data: ")).map((line) =>
      line.slice("data: ".length)
    )
  )

/** Characters a text may hold, the ones JSON must escape and the ones that end the form among them. */
const character = FastCheck.oneof(
  FastCheck.constantFrom("a", " ", "é", "😀", "\uD800", "\"", "\\", "\n", "\u0000", "\u001f", "}", "{", ":", ","),
  FastCheck.string({ unit: "grapheme", maxLength: 3 })
)

/** A writing of a text delta event: the exact form, with parts of it changed or not. */
const writing = FastCheck.record({
  index: FastCheck.oneof(
    FastCheck.nat({ max: 2_000_000_000 }).map(String),
    FastCheck.constantFrom("01", "-1", "1.0", "1e2", " 0", "", "12345678901")
  ),
  text: FastCheck.array(character, { maxLength: 12 }).map((parts) => parts.join("")),
  escaped: FastCheck.boolean(),
  padding: FastCheck.nat({ max: 20 }),
  innerSpace: FastCheck.boolean(),
  ending: FastCheck.constantFrom("\"}", "\"}}", "\"} }x", "\"", "")
}).map(({ ending, escaped, index, innerSpace, padding, text }) => {
  const written = escaped ? JSON.stringify(text).slice(1, -1) : text
  const close = ending === "\"}" ? `"}${" ".repeat(padding)}}` : ending
  return `${head}${index}${innerSpace ? ", " : ","}${middle.slice(1)}${written}${close}`
})

describe("AnthropicTextDelta.read", () => {
  it("gives what JSON.parse gives for any writing it reads, and reads every plain one", () => {
    FastCheck.assert(
      FastCheck.property(writing, (data) => {
        const read = AnthropicTextDelta.read(data)
        if (read !== undefined) assert.deepStrictEqual(read, parsed(data))
      }),
      { numRuns: 20_000 }
    )
    FastCheck.assert(
      FastCheck.property(
        FastCheck.nat({ max: 999_999_999 }),
        FastCheck.string({ unit: "grapheme" }).filter((text) => !/["\\\u0000-\u001f]/.test(text)),
        FastCheck.nat({ max: 20 }),
        (index, text, padding) => {
          const data = `${head}${index}${middle}${text}"}${" ".repeat(padding)}}`
          assert.deepStrictEqual(AnthropicTextDelta.read(data), parsed(data))
        }
      )
    )
  })

  it("leaves to JSON.parse the writings it does not read", () => {
    for (
      const data of [
        `${head}0${middle}a\\"b"}}`, // an escape
        `${head}0${middle}a\u0001b"}}`, // a control character (JSON.parse refuses it: so does the decoder)
        `${head}01${middle}a"}}`, // a leading zero
        `${head}-1${middle}a"}}`,
        `${head}1e2${middle}a"}}`,
        `${head}0${middle}}}`, // the text's quote is missing
        `${head}0${middle}a"}} `, // a space after the last brace
        `${head}0${middle}a" }}`, // a space inside
        `${head}0${middle}a"}`, // a brace missing
        `${head}0${middle}a"},"x":1}`, // another key after the delta
        `{"index":0,"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}` // another key order
      ]
    ) {
      assert.strictEqual(AnthropicTextDelta.read(data), undefined, data)
    }
  })

  it("reads the recorded text deltas as JSON.parse does", () => {
    const deltas = recordedData().filter((data) => data.includes("\"text_delta\""))
    const read = deltas.filter((data) => {
      const event = AnthropicTextDelta.read(data)
      if (event !== undefined) assert.deepStrictEqual(event, JSON.parse(data))
      return event !== undefined
    })
    // Every recorded text delta without an escape in its text is read (the others are parsed).
    assert.strictEqual(read.length, deltas.filter((data) => !data.includes("\\")).length)
    assert.isAbove(read.length, 100)
  })
})
