/**
 * The incremental JSON parser of structured output: for any JSON text and any split into deltas, the
 * partial after each delta is exactly what the text so far shows by the rules (an oracle computed from
 * where each value lies in the text, not by parsing), each partial extends the previous one, and the end
 * value is `JSON.parse`'s; any text `JSON.parse` rejects fails, typed, without throwing.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import * as FastCheck from "fast-check"
import * as Util from "node:util"
import * as PartialJson from "../../../src/core/output/PartialJson.js"
import { expected, grows, write } from "../../support/JsonText.js"
import { prop } from "../../support/Property.js"

/** The text cut at `cuts` (any naturals, taken modulo its length). */
const split = (text: string, cuts: ReadonlyArray<number>): Array<string> => {
  const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b)
  return [0, ...at].map((start, index) => text.slice(start, at[index] ?? text.length)).filter((piece) => piece !== "")
}

const chars = (text: string) => text.split("")

interface Run {
  readonly partials: ReadonlyArray<unknown>
  readonly result: Result.Result<unknown, PartialJson.Failure>
  readonly progress: ReadonlyArray<PartialJson.Progress>
}

/** Feeds the pieces, taking a partial when `take` says so; stops at the first failure. */
const run = (
  pieces: ReadonlyArray<string>,
  take: (progress: PartialJson.Progress) => boolean = (progress) => progress.changed,
  options?: PartialJson.Options
): Run => {
  const parser = PartialJson.make(options)
  const partials: Array<unknown> = []
  const progress: Array<PartialJson.Progress> = []
  for (const piece of pieces) {
    const pushed = parser.push(piece)
    if (Result.isFailure(pushed)) return { partials, result: pushed, progress }
    progress.push(pushed.success)
    if (take(pushed.success)) partials.push(parser.snapshot())
  }
  return { partials, result: parser.end(), progress }
}

const failure = (result: Result.Result<unknown, PartialJson.Failure>): PartialJson.Failure => {
  if (Result.isSuccess(result)) return assert.fail(`expected a failure, got ${JSON.stringify(result.success)}`)
  return result.failure
}

const assertGrowing = (partials: ReadonlyArray<unknown>, final: unknown) => {
  const chain = [...partials, final]
  for (let i = 1; i < chain.length; i++) assert.strictEqual(grows(chain[i - 1], chain[i]), undefined, `partial ${i}`)
}

const json = FastCheck.oneof(
  FastCheck.jsonValue({ maxDepth: 4 }),
  FastCheck.jsonValue({ maxDepth: 4, stringUnit: "binary" }),
  FastCheck.array(FastCheck.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 8 })
)
const choices = FastCheck.array(FastCheck.nat(), { minLength: 1, maxLength: 64 })
const cuts = FastCheck.array(FastCheck.nat(), { maxLength: 40 })

describe("PartialJson: any value, any text of it, any split", () => {
  prop("after every delta the partial is what the text so far shows, and `changed` says whether it grew", [
    json,
    choices,
    cuts
  ], ([value, choices, cuts]) => {
    const { root, text } = write(value, choices, true)
    const parser = PartialJson.make()
    let length = 0
    let previous: unknown = undefined
    for (const piece of split(text, cuts)) {
      const pushed = parser.push(piece)
      assert.isTrue(Result.isSuccess(pushed), text)
      length += piece.length
      const partial = parser.snapshot()
      assert.deepStrictEqual(partial, expected(root, length), `${JSON.stringify(text)} at ${length}`)
      assert.strictEqual(Result.getOrThrow(pushed).changed, !Util.isDeepStrictEqual(previous, partial))
      assert.strictEqual(grows(previous, partial), undefined)
      previous = partial
    }
    assert.deepStrictEqual(Result.getOrThrow(parser.end()), JSON.parse(text))
  }, { fastCheck: { numRuns: 300 } })

  prop("one character at a time, compact and pretty-printed, the partials grow into JSON.parse's value", [
    FastCheck.jsonValue({ maxDepth: 3, stringUnit: "binary" }),
    FastCheck.boolean()
  ], ([value, pretty]) => {
    const text = JSON.stringify(value, null, pretty ? 2 : undefined)
    const { partials, result } = run(chars(text))
    assert.deepStrictEqual(Result.getOrThrow(result), JSON.parse(text))
    assertGrowing(partials, Result.getOrThrow(result))
  }, { fastCheck: { numRuns: 200 } })

  prop(
    "taking partials only when due, they still grow into the value",
    [json, choices, cuts],
    ([value, choices, cuts]) => {
      const { text } = write(value, choices, true)
      const { partials, result } = run(split(text, cuts), (progress) => progress.due)
      assert.deepStrictEqual(Result.getOrThrow(result), JSON.parse(text))
      assertGrowing(partials, Result.getOrThrow(result))
    }
  )
})

describe("PartialJson: invalid texts", () => {
  const mutation = FastCheck.record({
    kind: FastCheck.constantFrom("delete", "insert", "replace", "truncate", "repeat"),
    at: FastCheck.nat(),
    to: FastCheck.nat(),
    char: FastCheck.constantFrom(..."{}[]:,\"\\ -+.eE019tfnulx'/\u0000\n\u00a0\ufeff")
  })

  const mutate = (
    text: string,
    { at, char, kind, to }: typeof mutation extends FastCheck.Arbitrary<infer A> ? A : never
  ) => {
    const i = at % (text.length + 1)
    const j = i + to % (text.length + 1 - i)
    return kind === "delete"
      ? text.slice(0, i) + text.slice(i + 1)
      : kind === "insert"
      ? text.slice(0, i) + char + text.slice(i)
      : kind === "replace"
      ? text.slice(0, i) + char + text.slice(i + 1)
      : kind === "truncate"
      ? text.slice(0, i)
      : text.slice(0, j) + text.slice(i, j) + text.slice(j)
  }

  it("agree with JSON.parse: what it rejects fails, typed, with a bounded excerpt, and nothing throws", () => {
    let rejected = 0
    FastCheck.assert(
      FastCheck.property(
        json,
        choices,
        FastCheck.array(mutation, { minLength: 1, maxLength: 3 }),
        cuts,
        (value, choices, mutations, cuts) => {
          const text = mutations.reduce(mutate, write(value, choices, true).text)
          let reference: unknown
          try {
            reference = JSON.parse(text)
          } catch {
            rejected++
            const { excerpt, message, position } = failure(run(split(text, cuts)).result)
            assert.isAtMost(position, text.length)
            assert.isAtMost(excerpt.length, 80)
            assert.include(message, `position ${position}`)
            return
          }
          const { result } = run(split(text, cuts))
          // `JSON.parse` keeps the last of duplicate keys; the parser fails instead (no partial could show that).
          if (Result.isFailure(result)) assert.strictEqual(result.failure._tag, "DuplicateJsonKey", text)
          else assert.deepStrictEqual(result.success, reference)
        }
      ),
      { numRuns: 500 }
    )
    assert.isAbove(rejected, 250)
  })

  prop("two values one after the other fail, wherever the text is cut", [
    json,
    json,
    FastCheck.constantFrom("", " ", "\n", "\r\n\t"),
    cuts
  ], ([first, second, between, cuts]) => {
    const head = JSON.stringify(first)
    const separator = typeof first === "number" && between === "" ? " " : between
    const { result } = run(split(head + separator + JSON.stringify(second), cuts))
    const failed = failure(result)
    assert.strictEqual(failed._tag, "MultipleJsonValues")
    assert.strictEqual(failed.position, head.length + separator.length)
  })
})

/** The partial after each of the pieces (`changed` or not). */
const partialsAfterEach = (pieces: ReadonlyArray<string>) => {
  const parser = PartialJson.make()
  return pieces.map((piece) => {
    assert.isTrue(Result.isSuccess(parser.push(piece)))
    return parser.snapshot()
  })
}

/** Every way to cut `text` in two. */
const everyCut = (text: string) =>
  Array.from({ length: text.length - 1 }, (_, i) => [text.slice(0, i + 1), text.slice(i + 1)])

describe("PartialJson: tricky splits", () => {
  it("an escape split anywhere shows nothing of itself until complete", () => {
    const text = String.raw`["a\u00E9b\n\"\\\/"]`
    for (const [head, tail] of everyCut(text)) {
      const [partial, final] = partialsAfterEach([head!, tail!]) as [Array<string>, Array<string>]
      assert.deepStrictEqual(final, ["aéb\n\"\\/"])
      assert.isTrue(final[0]!.startsWith(partial[0] ?? ""), `${head} | ${tail}`)
    }
    assert.deepStrictEqual(partialsAfterEach(chars(String.raw`"\u00e9"`)), ["", "", "", "", "", "", "é", "é"])
  })

  it("a surrogate pair never shows half, escaped or raw, and a lone surrogate stays as JSON.parse keeps it", () => {
    for (const text of [String.raw`["\ud83d\ude00!"]`, "[\"\ud83d\ude00!\"]", String.raw`["\ud83d` + "\ude00!\"]"]) {
      for (const piece of partialsAfterEach(chars(text)) as Array<Array<string>>) {
        assert.oneOf(piece[0], [undefined, "", "😀", "😀!"], JSON.stringify(text))
      }
    }
    assert.deepStrictEqual(partialsAfterEach(chars(String.raw`"\ud83d"`)).at(-1), "\ud83d")
    assert.deepStrictEqual(partialsAfterEach(["\"\ud83d", "a\""]), ["", "\ud83da"])
  })

  it("a number, split anywhere, shows only once a delimiter follows it", () => {
    assert.deepStrictEqual(partialsAfterEach(chars("[-12.5e+3, 0,1E2 ]")), [
      ...Array(9).fill([]),
      [-12500],
      [-12500],
      [-12500],
      [-12500, 0],
      [-12500, 0],
      [-12500, 0],
      [-12500, 0],
      [-12500, 0, 100],
      [-12500, 0, 100]
    ])
    const parser = PartialJson.make()
    assert.deepStrictEqual(Result.getOrThrow(parser.push("4")), { changed: false, due: false })
    assert.deepStrictEqual(Result.getOrThrow(parser.push("2")), { changed: false, due: false })
    assert.strictEqual(parser.snapshot(), undefined)
    assert.strictEqual(Result.getOrThrow(parser.end()), 42)
    assert.deepStrictEqual(partialsAfterEach(["4", "2", " \n"]), [undefined, undefined, 42])
  })

  it("a literal shows once spelt out; a key shows once its value has a partial form", () => {
    assert.deepStrictEqual(partialsAfterEach(["{\"a\"", ":", " t", "ru", "e", ",\"b\": ", "\"", "x", "\"}"]), [
      {},
      {},
      {},
      {},
      { a: true },
      { a: true },
      { a: true, b: "" },
      { a: true, b: "x" },
      { a: true, b: "x" }
    ])
    assert.deepStrictEqual(partialsAfterEach(["{\"a\":{\"b\":[", "[", "n", "ull", "]"]), [
      { a: { b: [] } },
      { a: { b: [[]] } },
      { a: { b: [[]] } },
      { a: { b: [[null]] } },
      { a: { b: [[null]] } }
    ])
  })

  it("whitespace split anywhere, CRLF included, is nothing", () => {
    const text = " \r\n{\r\n \"a\"\t:\r\n [ 1 ,\t2 ] \r\n} \r\n"
    for (const [head, tail] of everyCut(text)) {
      assert.deepStrictEqual(Result.getOrThrow(run([head!, tail!]).result), { a: [1, 2] })
    }
  })

  it("`__proto__` is an own key, as JSON.parse makes it, in partials too", () => {
    const partials = partialsAfterEach(["{\"__proto__\": {\"x\"", ": 1}}"]) as Array<object>
    for (const partial of partials) assert.strictEqual(Object.getPrototypeOf(partial), Object.prototype)
    assert.deepStrictEqual(partials.at(-1), JSON.parse("{\"__proto__\": {\"x\": 1}}"))
    assert.isTrue(Object.hasOwn(partials[0]!, "__proto__"))
  })
})

describe("PartialJson: partials are shared, not copied, and paced", () => {
  it("complete values are shared by later partials, and an unchanged partial is the same object", () => {
    const parser = PartialJson.make()
    parser.push("{\"done\": {\"x\": [1, 2]}, \"open\": [\"a")
    const first = parser.snapshot() as { done: unknown; open: Array<string> }
    assert.strictEqual(parser.snapshot(), first)
    assert.deepStrictEqual(Result.getOrThrow(parser.push("")), { changed: false, due: false })
    parser.push("b")
    const second = parser.snapshot() as typeof first
    assert.strictEqual(second.done, first.done)
    assert.deepStrictEqual(first, { done: { x: [1, 2] }, open: ["a"] })
    assert.deepStrictEqual(second.open, ["ab"])
  })

  it("when due, a wide open container is copied at most 16 slots per character read (64 free)", () => {
    const text = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i % 7 === 0 ? `s${i}` : i))
    const parser = PartialJson.make()
    let copied = 0
    let taken = 0
    let changed = 0
    for (const char of chars(text)) {
      const progress = Result.getOrThrow(parser.push(char))
      if (progress.changed) changed++
      if (progress.due) {
        copied += (parser.snapshot() as Array<unknown>).length
        taken++
      }
    }
    assert.isAtMost(copied, 16 * text.length + 64 * taken)
    assert.isBelow(taken, changed / 10)
    // A narrow value: every change is due.
    const { progress } = run(chars(JSON.stringify({ a: "text", b: [1, 2, { c: null }] })))
    assert.isTrue(progress.every((step) => step.changed === step.due))
  })
})

describe("PartialJson: failures", () => {
  const failed = (text: string, options?: PartialJson.Options) => failure(run([text], undefined, options).result)

  it("strict JSON only: a code fence, a byte-order mark, comments, trailing commas, leading zeros fail", () => {
    for (
      const [text, position] of [
        ["```json\n{}\n```", 0],
        ["\ufeff{}", 0],
        ["{} // done", 3],
        ["[1,]", 3],
        ["{\"a\":1,}", 7],
        ["[01]", 2],
        ["[1.]", 3],
        ["[-]", 2],
        ["-1\"a\"", 2],
        ["[\"a\u0001\"]", 3],
        ["[\"\\x\"]", 3],
        ["[\"\\u12G4\"]", 6],
        ["[tru]", 4],
        ["{'a': 1}", 1],
        ["[1 2]", 3],
        ["{\"a\" 1}", 5]
      ] as const
    ) {
      const { _tag, position: at } = failed(text)
      assert.deepStrictEqual([_tag, at], ["InvalidJson", position], JSON.stringify(text))
    }
  })

  it("a text that ends early is incomplete, with what was expected; an empty one holds no value", () => {
    for (const text of ["", " \n ", "{\"a\": [1, \"b", "{\"a\"", "tr", "-", "1e", "[1,"]) {
      const { _tag, position } = failure(run([text]).result)
      assert.deepStrictEqual([_tag, position], ["IncompleteJson", text.length], JSON.stringify(text))
    }
    assert.include(failure(run([" "]).result).message, "no value")
    assert.include(failure(run(["{\"a\": [1"]).result).message, "2 array(s) or object(s) open")
  })

  it("a second value fails where it starts, garbage after the value is invalid, a duplicate key fails", () => {
    assert.deepStrictEqual(failed("{\"a\":1}\n{\"a\":1}")._tag, "MultipleJsonValues")
    assert.deepStrictEqual(failed("\"a\" \"b\"").position, 4)
    assert.deepStrictEqual(failed("truefalse")._tag, "MultipleJsonValues")
    assert.deepStrictEqual(failed("{\"a\":1}}")._tag, "InvalidJson")
    const duplicate = failed("{\"a\": 1, \"b\": {\"a\": 2}, \"a\": 3}")
    assert.deepStrictEqual([duplicate._tag, duplicate.position], ["DuplicateJsonKey", 26])
    assert.include(duplicate.message, "\"a\"")
  })

  it("nesting beyond the bound fails cleanly at the first bracket too many, however deep (no recursion)", () => {
    const opening = (text: string, n: number) => [...text.matchAll(/[[{]/g)][n - 1]!.index
    for (const text of ["[".repeat(200_000), "{\"a\":".repeat(100_000), "[{\"a\":".repeat(100_000)]) {
      const { _tag, position } = failed(text)
      assert.deepStrictEqual([_tag, position], ["JsonTooDeep", opening(text, 513)])
    }
    const deepest = "[".repeat(512) + "]".repeat(512)
    assert.deepStrictEqual(Result.getOrThrow(PartialJson.parse(deepest)), JSON.parse(deepest))
    assert.strictEqual(failed("[[[1]]]", { maxDepth: 2 })._tag, "JsonTooDeep")
  })

  it("a failure is final: later pushes and the end return it, and the partial before it stays", () => {
    const parser = PartialJson.make()
    const first = failure(parser.push("{\"a\": [\"x\", 1}"))
    assert.strictEqual(failure(parser.push("]}")), first)
    assert.strictEqual(failure(parser.end()), first)
    assert.deepStrictEqual(parser.snapshot(), { a: ["x", 1] })
  })

  it("the end can be asked again, and text after it is text after the value", () => {
    const parser = PartialJson.make()
    parser.push("7")
    assert.strictEqual(Result.getOrThrow(parser.end()), 7)
    assert.strictEqual(Result.getOrThrow(parser.end()), 7)
    assert.isTrue(Result.isSuccess(parser.push(" \n")))
    assert.strictEqual(failure(parser.push("8"))._tag, "MultipleJsonValues")
  })

  it("the excerpt is bounded and shows the text around the position, across deltas", () => {
    const pieces = [...chars(`{"a": "${"x".repeat(10_000)}", `), "\"b\" 2}", "y".repeat(10_000)]
    const { excerpt, message, position } = failure(run(pieces).result)
    assert.strictEqual(position, 10_014)
    // Only what had arrived: the text after the failing delta is never read.
    assert.strictEqual(excerpt, `${"x".repeat(33)}", "b" 2}`)
    assert.include(message, "expected ':'")
  })
})
