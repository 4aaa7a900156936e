/**
 * The offsets `DurableStreams` issues and takes: the index of a stream's next chunk, then `_` and the generation of
 * the stream it was issued for (`StreamOffsets.ofIndex`, the library's one form of a stored stream's offset: an
 * answer's offset is the same on its resume route). Opaque to a client, and sorted as text in the order of one
 * stream: its 16 digits come first (PROTOCOL.md 8, "Lexicographically Sortable"; AnyCable's Durable Streams writes
 * `<offset>::<epoch>` alike). A stream stored anew under its name (a chat's next answer, a client's stream deleted and
 * made again) has another generation, so an offset of the one before is told apart, never read on as if the new
 * stream followed it. A fork shares its source's offsets up to where it forks (PROTOCOL.md 8, "Offsets and forked
 * streams"): its `Line` keeps the generation of each stretch it inherited.
 *
 * @internal
 */
import * as StreamOffsets from "../store/StreamOffsets.js"

/** Offsets a fork inherited: those up to `upTo` (an index, inclusive) are of `generation`. */
export interface Stretch {
  readonly generation: string
  readonly upTo: number
}

/** Which generation a stream's offsets name: `generation`, but in each inherited stretch (ascending) its own. */
export interface Line {
  readonly generation: string
  readonly inherited: ReadonlyArray<Stretch>
}

/** An offset a read asks: the stream's start (`-1`, or none), its tail (`now`), or one issued (`At`). */
export type Asked = { readonly _tag: "Start" } | { readonly _tag: "Now" } | At

/** An offset as issued: an index and the generation of the stream it was issued for. */
export interface At {
  readonly _tag: "At"
  readonly index: number
  readonly generation: string
}

/** A generation: letters and digits, as `Tail.generation` is and as `newGeneration` draws one. */
export const generationPattern = /^[0-9A-Za-z]{1,32}$/

/** An issued offset, exactly: 16 digits, `_`, a generation (at most 49 characters: bounded by the pattern). */
const pattern = /^(\d{16})_([0-9A-Za-z]{1,32})$/

/** The most stretches a line keeps: a fork of a fork of ... keeps the latest (its oldest offsets then its own). */
export const maxStretches = 32

const start: Asked = { _tag: "Start" }
const now: Asked = { _tag: "Now" }

/** A generation no earlier stream had: 128 random bits, in hex (a client's stream's, kept in its first chunk). */
export const newGeneration = (): string => globalThis.crypto.randomUUID().replaceAll("-", "")

/** The line of a stream with no inherited offsets. */
export const lineOf = (generation: string): Line => ({ generation, inherited: [] })

/** The generation of the offset at `index` of a stream of `line`. */
export const generationAt = (line: Line, index: number): string =>
  line.inherited.find((stretch) => index <= stretch.upTo)?.generation ?? line.generation

/** The offset at `index` (the index of the next chunk) of a stream of `line`. */
export const offsetOf = (line: Line, index: number): string => StreamOffsets.ofIndex(index, generationAt(line, index))

/** A request's `offset`, parsed once: `undefined` for one of no shape this server issues (a 400). */
export const parse = (text: string | undefined): Asked | undefined => {
  if (text === undefined || text === "-1") return start
  if (text === "now") return now
  const match = pattern.exec(text)
  if (match === null) return undefined
  const index = Number(match[1])
  return Number.isSafeInteger(index) ? { _tag: "At", index, generation: match[2]! } : undefined
}

/** Whether a stream of `line` issued `at` (a forged generation is just another stream's). */
export const isOf = (line: Line, at: At): boolean => generationAt(line, at.index) === at.generation

/** The line of a fork of a stream of `source` at index `at`, its own generation `generation`. */
export const forked = (source: Line, at: number, generation: string): Line => ({
  generation,
  inherited: [
    ...source.inherited.filter((stretch) => stretch.upTo < at),
    { generation: generationAt(source, at), upTo: at }
  ].slice(-maxStretches)
})
