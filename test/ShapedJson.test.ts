/**
 * A stream's payloads parsed against the shape of the ones before (`Payload.jsonParser`, `ShapedJson`) give
 * exactly what `JSON.parse` gives: the same values in the same key order, containers of their own, and the same
 * refusals. Sequences of texts of one shape with changed strings and numbers (escapes, non-ASCII, control
 * characters, other number forms), other whitespace, and near misses (a character inserted, dropped or changed),
 * generated; and the recorded streams' payloads, which take the fast path.
 */
import { assert, describe, it } from "@effect/vitest"
import * as FastCheck from "fast-check"
import * as Sse from "../src/internal/framing/Sse.js"
import * as Payload from "../src/internal/payload/Payload.js"
import * as ShapedJson from "../src/internal/payload/ShapedJson.js"
import * as Fixtures from "../support/Fixtures.js"

const invalid = Symbol("invalid")
const reference = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return invalid
  }
}

/** `JSON.parse`'s answer and the parser's agree: value, key order (its JSON), and both refuse alike. */
const agrees = (parse: (text: string) => unknown, text: string): void => {
  const expected = reference(text)
  const actual = parse(text)
  if (expected === invalid) {
    assert.strictEqual(actual, invalid, `accepted ${JSON.stringify(text)}`)
    return
  }
  assert.deepStrictEqual(actual, expected, text)
  assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected), `key order of ${text}`)
}

/** Strings with what JSON escapes, non-ASCII and surrogate pairs. */
const strings = FastCheck.oneof(
  FastCheck.string({ maxLength: 12 }),
  FastCheck.string({ unit: "grapheme", maxLength: 6 }),
  FastCheck.constantFrom("", "\"", "\\", "\n", "a\u0000b", "\u2028", "caf\u00e9", "\ud83d\ude42", "x".repeat(20))
)

const numbers = FastCheck.oneof(
  FastCheck.integer(),
  FastCheck.double({ noNaN: true, noDefaultInfinity: true }),
  FastCheck.constantFrom(0, -0, 1e21, 1.5e-7, 123456789012345680000)
)

/** The text of a value with one of several whitespace styles. */
const texts = (value: unknown, style: number): string =>
  style === 0 ? JSON.stringify(value) : JSON.stringify(value, undefined, style === 1 ? 1 : "\t")

/** A value with every string and number leaf replaced from `leaves` (in order, cycling). */
const refill = (value: unknown, leaves: ReadonlyArray<unknown>, at = { index: 0 }): unknown => {
  if (Array.isArray(value)) return value.map((item) => refill(item, leaves, at))
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, refill(item, leaves, at)]))
  }
  if (typeof value === "string" || typeof value === "number") {
    const leaf = leaves[at.index++ % leaves.length]
    return typeof leaf === typeof value ? leaf : value
  }
  return value
}

/** A text with one character inserted, dropped or replaced at a random place. */
const nearMiss = (text: string, where: number, what: number): string => {
  const at = where % (text.length + 1)
  const char = "\"\\{}[],: 0a-\u0001e.".charAt(what % 17)
  switch (what % 3) {
    case 0:
      return text.slice(0, at) + char + text.slice(at)
    case 1:
      return text.slice(0, at) + text.slice(at + 1)
    default:
      return text.slice(0, at) + char + text.slice(at + 1)
  }
}

describe("ShapedJson", () => {
  it("agrees with JSON.parse on sequences of one shape, other whitespace and near misses", () => {
    const shapes = FastCheck.jsonValue({ maxDepth: 4 }).filter((value) => typeof value === "object" && value !== null)
    const leaves = FastCheck.array(FastCheck.oneof(strings, numbers), { minLength: 1, maxLength: 8 })
    const steps = FastCheck.array(
      FastCheck.record({
        leaves,
        style: FastCheck.nat(3),
        miss: FastCheck.nat(5),
        where: FastCheck.nat(),
        what: FastCheck.nat()
      }),
      { minLength: 4, maxLength: 12 }
    )
    FastCheck.assert(
      FastCheck.property(shapes, steps, (shape, sequence) => {
        const parser = ShapedJson.make(reference, invalid)
        const parse = (text: string) => parser.parse(text)
        for (const step of sequence) {
          const text = texts(refill(shape, step.leaves), step.style === 3 ? 0 : step.style)
          agrees(parse, step.miss === 0 ? nearMiss(text, step.where, step.what) : text)
        }
      }),
      { numRuns: 400, seed: 46 }
    )
  })

  it("gives every value containers of its own", () => {
    const parser = ShapedJson.make(reference, invalid)
    const { stats } = parser
    const parse = (text: string) => parser.parse(text)
    const text = (n: number) => JSON.stringify({ a: { b: [n, { c: `t${n}` }] }, d: [] })
    const values = [1, 2, 3, 4, 5].map((n) => parse(text(n)) as any)
    values[3].a.b[1].c = "changed"
    values[3].d.push(1)
    const next = parse(text(6)) as any
    assert.deepStrictEqual(next, JSON.parse(text(6)))
    assert.isAbove(stats.hits, 3)
  })

  it("refuses what JSON.parse refuses, and makes no template of a key given twice or __proto__", () => {
    const parser = ShapedJson.make(reference, invalid)
    const { stats } = parser
    const parse = (text: string) => parser.parse(text)
    const base = (value: string) => `{"type":"delta","n":1,"text":${value}}`
    for (const value of ["\"a\"", "\"b\"", "\"c\""]) agrees(parse, base(value))
    for (
      const value of [
        "\"raw\u0001control\"",
        "\"bad \\x escape\"",
        "\"unterminated",
        "01",
        "1.",
        "-",
        "1e",
        "+1",
        ".5",
        "\"ok\" trailing",
        "\"\\ud83d\\ude42\"",
        "-0",
        "1E+5",
        "\"tab\\there\"",
        "\"\\u0000\""
      ]
    ) agrees(parse, base(value))
    assert.isAbove(stats.hits, 0)
    // The same forms where the template has a number.
    const counted = ShapedJson.make(reference, invalid)
    const numbered = (value: string) => `{"type":"delta","n":${value},"text":"x"}`
    for (
      const value of ["1", "2", "3", "01", "1.", "-", "1e", "+1", ".5", "-0", "1E+5", "2.50", "0.5e-3", "\"1\"", "00"]
    ) {
      agrees((text) => counted.parse(text), numbered(value))
    }
    assert.isAbove(counted.stats.hits, 0)
    const twice = ShapedJson.make(reference, invalid)
    for (const n of [1, 2, 3, 4]) agrees((text) => twice.parse(text), `{"a":${n},"a":"x${n}"}`)
    assert.strictEqual(twice.stats.hits, 0)
    const proto = ShapedJson.make(reference, invalid)
    for (const n of [1, 2, 3, 4]) {
      agrees((text) => proto.parse(text), `{"__proto__":{"x":${n}},"y":${n}}`)
      assert.strictEqual(Object.getPrototypeOf(proto.parse(`{"__proto__":{"x":${n}},"y":${n}}`)), Object.prototype)
    }
    assert.strictEqual(proto.stats.hits, 0)
  })

  it("reads the recorded streams' payloads as JSON.parse does, most of them on the fast path", () => {
    for (const provider of ["openai", "anthropic", "groq", "azure", "openai-responses", "google"] as const) {
      for (const name of Fixtures.streams(provider)) {
        const parser = new Sse.Parser()
        const events: Array<Sse.Event> = []
        parser.push(Fixtures.bytes(provider, `${name}.sse`), events)
        parser.end(events)
        const json = Payload.jsonParser()
        for (const event of events) {
          if (event.data === "[DONE]") continue
          const expected = reference(event.data)
          const actual = json.parse(event.data)
          if (expected === invalid) assert.strictEqual(actual, Payload.invalidJson)
          else assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected), `${provider} ${name}`)
        }
      }
    }
  })
})
