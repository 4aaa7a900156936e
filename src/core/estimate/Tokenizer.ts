/**
 * Counting tokens: the OpenAI encodings of `gpt-tokenizer` (an optional dependency), loaded the first time an
 * estimate needs one, else characters per token. The import names its module through a variable (`NodeModules`), so no
 * bundler carries the encodings (~1 MB gzipped each).
 *
 * Why `gpt-tokenizer` 4.x: on this repository's docs it loads o200k in ~0.2 s and counts in ~3 ms with ~90 MB of
 * heap, where `js-tiktoken` 1.0.21 takes ~0.8 s, ~70 ms and ~175 MB for identical counts; it has no dependencies.
 * On Node the ranks are read from its `.tiktoken` data (`TokenizerData`; bench/RESULTS.md measures the memory).
 *
 * @internal
 */
import * as NodeModules from "../NodeModules.js"
import type * as TokenFamily from "./TokenFamily.js"
import * as TokenizerData from "./TokenizerData.js"

/** Counts the tokens of a text. */
export type Count = (text: string) => number

/** An encoding: where it is loaded from, and its counter, `null` once it failed to load, or the load under way. */
interface Source {
  readonly name: string
  readonly specifier: string
  loaded: Count | null | Promise<void> | undefined
}

const sources: { readonly [E in TokenFamily.Encoding]: Source } = {
  o200k: { name: "o200k_base", specifier: "gpt-tokenizer/encoding/o200k_base", loaded: undefined },
  cl100k: { name: "cl100k_base", specifier: "gpt-tokenizer/encoding/cl100k_base", loaded: undefined }
}

/** An encoding's counter once loaded; `null` once it failed to load; `undefined` before or while it loads. */
const loadedOf = (source: Source): Count | null | undefined =>
  source.loaded instanceof Promise ? undefined : source.loaded

/** Special tokens in a text (`<|endoftext|>`) are counted as the text they are, never refused. */
const asText: TokenizerData.CountOptions = { disallowedSpecial: new Set<string>() }

/**
 * Loads `encoding` if it is not loaded yet; resolves (never rejects) once it is loaded or known not to load.
 * Set `EFFECT_LLM_STREAM_TOKENIZER=off` to use the fallback (tests of it).
 */
export const load = (encoding: TokenFamily.Encoding): Promise<void> => {
  const source = sources[encoding]
  const known = source.loaded
  if (known instanceof Promise) return known
  if (known !== undefined) return Promise.resolve()
  const off = typeof process !== "undefined" && process.env?.["EFFECT_LLM_STREAM_TOKENIZER"] === "off"
  if (off) {
    source.loaded = null
    return Promise.resolve()
  }
  return source.loaded = TokenizerData.fromData(source.name, asText).catch(() => fromModule(source)).then(
    (count) => {
      source.loaded = count
    },
    () => {
      source.loaded = null
    }
  )
}

/** The encoding's counter from its module (`gpt-tokenizer/encoding/...`): where its data cannot be read. */
const fromModule = (source: Source): Promise<Count> =>
  NodeModules.load<TokenizerData.Counts>(source.specifier).then((module) => {
    if (module === undefined) throw new Error(`${source.specifier} cannot be imported`)
    return (text) => module.countTokens(text, asText)
  })

/**
 * Forgets what was loaded or found missing, so that the next `load` reads `EFFECT_LLM_STREAM_TOKENIZER` again
 * (for tests that switch the tokenizer off and on in one process).
 */
export const forget = (): void => {
  for (const source of Object.values(sources)) source.loaded = undefined
}

/** Whether an estimate with `encoding` can count now, or must wait for `load`. */
export const isSettled = (encoding: TokenFamily.Encoding): boolean => loadedOf(sources[encoding]) !== undefined

/** The longest piece of text the tokenizer is given at once. */
const slice = 1000

/**
 * Counts `text` with `count` in pieces of at most `slice` characters, each cut before a space where there is one: the
 * tokenizer's merging is quadratic in the length of a run without a break (512 KB of one character took minutes),
 * and a piece cut before a space counts as it would within the whole.
 */
const inPieces = (count: Count, text: string): number => {
  if (text.length <= slice) return count(text)
  let total = 0
  for (let at = 0; at < text.length;) {
    let end = Math.min(text.length, at + slice)
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end)
      if (space > at + slice / 2) end = space
    }
    total += count(text.slice(at, end))
    at = end
  }
  return total
}

/**
 * The counter of a family: its encoding's when loaded (scaled to the family's tokens), else the characters per
 * token. Never throws: a text the tokenizer refuses is counted by its characters.
 */
export const counterOf = (family: TokenFamily.Family): Count => {
  const count = loadedOf(sources[family.encoding])
  const byChars = (text: string) => Math.ceil(text.length / family.charsPerToken)
  if (count === undefined || count === null) return byChars
  return (text) => {
    if (text === "") return 0
    try {
      return Math.ceil(inPieces(count, text) * family.scale)
    } catch {
      return byChars(text)
    }
  }
}

/** Whether the counts of `family` come from the model's own tokenizer (OpenAI's, loaded). */
export const isExact = (family: TokenFamily.Family): boolean =>
  family.exact && typeof loadedOf(sources[family.encoding]) === "function"
