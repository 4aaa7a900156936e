/**
 * The tokenizer's encodings read from `gpt-tokenizer`'s `.tiktoken` data on Node (`TokenizerData.ranksOf`): every rank of
 * o200k and cl100k is the one the package's own encoding modules hold (a token's text, or its bytes where they are not
 * text or begin with a byte order mark), and a text counts as the package's module counts it. Source of the format:
 * the package's `data/*.tiktoken` (a line per token: base64 bytes, a space, the rank) and `bpeRanks/*.js` (4.0.0).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Buffer } from "node:buffer"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as TokenizerData from "../../../src/core/estimate/TokenizerData.js"

const require = createRequire(import.meta.url)

/** The ranks read from the package's data, and the package's own (its encoding module's array). */
const bothRanks = (name: string) =>
  Effect.promise(async () => {
    const data = Fs.readFileSync(require.resolve(`gpt-tokenizer/data/${name}.tiktoken`), "utf8")
    const read = TokenizerData.ranksOf(data, (text) => Buffer.from(text, "base64"))
    const own = (await import(`gpt-tokenizer/bpeRanks/${name}`)).default as TokenizerData.Ranks
    return { read, own }
  })

describe("the tokenizer's ranks from the package's .tiktoken data", () => {
  for (const name of ["o200k_base", "cl100k_base"]) {
    it.effect(`${name}: every rank is the package's own`, () =>
      Effect.gen(function*() {
        const { own, read } = yield* bothRanks(name)
        assert.strictEqual(read.length, own.length)
        const differing: Array<number> = []
        for (let rank = 0; rank < own.length; rank++) {
          if (JSON.stringify(read[rank]) !== JSON.stringify(own[rank])) differing.push(rank)
        }
        assert.deepStrictEqual(differing, [])
        // Some are bytes: not UTF-8, or beginning with a byte order mark.
        assert.isTrue(read.some((token) => Array.isArray(token) && token[0] === 0xef && token[1] === 0xbb))
      }), 60_000)
  }

  it.effect("where an encoding has no data to read, reading it fails (and `Tokenizer.load` imports its module)", () =>
    Effect.gen(function*() {
      const failed = yield* Effect.promise(() =>
        TokenizerData.fromData("no_such_base", { disallowedSpecial: new Set() }).then(() => false, () => true)
      )
      assert.isTrue(failed)
    }))

  it.effect(
    "read from the data, a text counts as the package's encoding module counts it",
    () =>
      Effect.gen(function*() {
        const options = { disallowedSpecial: new Set<string>() }
        const count = yield* Effect.promise(() => TokenizerData.fromData("o200k_base", options))
        const module = yield* Effect.promise(() => import("gpt-tokenizer/encoding/o200k_base"))
        const text = "Streaming \u{1F680} résumés: 東京 — \uFEFFBOM, tabs\tand\nnewlines <|endoftext|> 12345."
        assert.strictEqual(count(text), module.countTokens(text, options))
        assert.isAbove(count(text), 10)
      }),
    60_000
  )
})
