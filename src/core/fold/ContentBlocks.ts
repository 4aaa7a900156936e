/**
 * The content blocks of an assistant turn, for providers that take the turn back as blocks, kept as the provider
 * sent them. A response records only where each block starts and stops (and the rare pieces that are not text);
 * a block's text is its slice of the response's `content` or `reasoning`, so a long stream costs nothing here per
 * text delta, and the blocks are built only when asked for.
 *
 * @internal
 */
import type * as Message from "../Message.js"
import * as Payload from "../payload/Payload.js"
import type * as ToolCallFragments from "./ToolCallFragments.js"

/** Whose wire format the blocks are in: what an assistant turn sent back is encoded as. */
export type Format = Message.ProviderContent["provider"]

/** A block as it starts: whose it is, its index, the provider's block, and how it is built and read when finished. */
interface Started {
  readonly format: Format
  readonly index: number
  /** The provider's block as it starts. */
  readonly block: Readonly<Record<string, unknown>>
  /** Builds the provider's finished block. */
  readonly build: Builder
  /** Reads a finished block as the part of the turn it is. */
  readonly read: Reader
  /** Pairs a provider's own call and its result block by id, where its result is a block of its own (Bedrock's). */
  readonly pairing?: ((block: unknown) => Pairing | undefined) | undefined
}

/** What a block of a provider's own call or of its result says of the pair: the call's id, or the id it answers. */
export type Pairing = { readonly callId: string } | { readonly resultOf: string }

/**
 * The document a citation names, as its provider reads the citation: the request's document at `index` (its position
 * among the documents the request sent), or one `key` alone tells apart (a file the provider holds), with what the
 * citation says of it.
 */
export interface CitedDocument {
  /** What tells the document apart from the answer's other documents. */
  readonly key: string
  readonly index: number | undefined
  readonly title: string | undefined
  readonly filename: string | undefined
  /** The media type its API's rule gives it, where the citation does not name it by position. */
  readonly mediaType: string | undefined
}

/** What a chunk changes in the blocks. */
export type Update =
  /** A block starts (`"Open"`: unless one is already open at this index, for providers that stream no start). */
  | Started & { readonly _tag: "Start" | "Open" }
  | { readonly _tag: "Stop"; readonly index: number }
  /** A citation of the block's text, as sent; `document`, the request's document it names, as its provider reads it. */
  | { readonly _tag: "Citation"; readonly index: number; readonly citation: unknown; readonly document?: CitedDocument }
  | { readonly _tag: "Signature"; readonly index: number; readonly signature: string }
  | { readonly _tag: "Piece"; readonly index: number; readonly piece: unknown }
  /** The block's text goes on in another part of it (a reasoning item's next summary): a view starts a new one. */
  | { readonly _tag: "Part"; readonly index: number }

/** One block as recorded while streaming. */
export interface Recorded extends Started {
  /** Where the block's text starts and ends in the response's `content`. */
  readonly contentFrom: number
  readonly contentTo: number | undefined
  /** Where the block's reasoning starts and ends in the response's `reasoning`. */
  readonly reasoningFrom: number
  readonly reasoningTo: number | undefined
  readonly citations: ReadonlyArray<unknown>
  readonly signature: string
  /**
   * Other pieces the provider streamed into the block (Bedrock's image source, Anthropic's compaction, Chat's
   * reasoning details; Bedrock's whole tool result content).
   */
  readonly pieces: ReadonlyArray<unknown>
}

/** What a finished block is built from, besides its record. */
export interface Texts {
  readonly content: string
  readonly reasoning: string
  /** The arguments streamed for the (client or server) tool call of a block, by block index. */
  readonly callArguments: (index: number) => string | undefined
  /**
   * The id of the program's tool call of a block, by block index, as the response has it: a block goes back with it,
   * not with the one it came with (an empty or repeated id is given another: `CallIds`).
   */
  readonly callId: (index: number) => string | undefined
}

/** Builds a provider's finished block from its record; `undefined` for a block that cannot go back. */
export type Builder = (record: Recorded, texts: Texts) => unknown

/** Reads a provider's finished block as the part of the turn it is, or `undefined` (`TurnBlocks.read`). */
export type Reader = (block: unknown) => { readonly _tag: "Text" | "Reasoning" | "ToolCall" } | undefined

/** What a response holds that its blocks are built from (a response's, or its fold's, fields). */
export interface Source {
  readonly content: string
  readonly reasoning: string
  readonly toolCallRecords: ReadonlyArray<CallArguments>
  readonly serverToolCallRecords: ReadonlyArray<CallArguments>
}

/** A call's id and streamed arguments, and where it came from in the stream. */
interface CallArguments {
  readonly call: { readonly id: string; readonly arguments: string }
  readonly slot: ToolCallFragments.ToolCallSlot
}

/** What a response's blocks are built from: its text, its reasoning, and each block's call (arguments, id). */
export const textsOf = (source: Source): Texts => {
  const client = (index: number) =>
    source.toolCallRecords.find(({ slot }) => slot.index === index && slot.choice === undefined)
  return {
    content: source.content,
    reasoning: source.reasoning,
    callArguments: (index) =>
      (client(index) ?? source.serverToolCallRecords.find(({ slot }) => slot.index === index))?.call.arguments,
    callId: (index) => client(index)?.call.id
  }
}

/** The response's lengths before a chunk's text: where a block starts or stops. */
type Lengths = { readonly content: number; readonly reasoning: number }

/** The record of a block that starts. */
const started = ({ _tag, ...block }: Started & { readonly _tag: "Start" | "Open" }, lengths: Lengths): Recorded => ({
  ...block,
  contentFrom: lengths.content,
  contentTo: undefined,
  reasoningFrom: lengths.reasoning,
  reasoningTo: undefined,
  citations: [],
  signature: "",
  pieces: []
})

/** The record of a block after an update that adds to none of its lists. */
const updated = (
  record: Recorded,
  update: Extract<Update, { readonly _tag: "Stop" | "Signature" | "Part" }>,
  lengths: Lengths
): Recorded => {
  switch (update._tag) {
    case "Stop":
      return { ...record, contentTo: lengths.content, reasoningTo: lengths.reasoning }
    case "Signature":
      return { ...record, signature: record.signature + update.signature }
    case "Part":
      return record
  }
}

/**
 * A record whose lists (`citations`, `pieces`) the caller owns (in `owned`): the record itself, or a copy with its
 * lists copied once, which the caller owns from then on.
 */
const owning = (record: Recorded, owned: Set<Recorded>): Recorded => {
  if (owned.has(record)) return record
  const copy = { ...record, citations: record.citations.slice(), pieces: record.pieces.slice() }
  owned.add(copy)
  return copy
}

/** Records a block that starts; a block started again under an index already recorded moves to the end. */
const start = (
  records: Array<Recorded>,
  positions: Map<number, number>,
  update: Started & { readonly _tag: "Start" | "Open" },
  lengths: Lengths,
  owned: Set<Recorded>
): void => {
  const position = positions.get(update.index)
  if (position !== undefined && update._tag === "Open") return
  if (position !== undefined) {
    owned.delete(records[position]!)
    records.splice(position, 1)
    positions.clear()
    records.forEach((record, at) => positions.set(record.index, at))
  }
  positions.set(update.index, records.length)
  const record = started(update, lengths)
  owned.add(record)
  records.push(record)
}

/** Adds a citation or a piece to the record at `position`, in place once the caller owns it (see `owning`). */
const add = (
  records: Array<Recorded>,
  position: number,
  update: Extract<Update, { readonly _tag: "Citation" | "Piece" }>,
  owned: Set<Recorded>
): void => {
  const own = owning(records[position]!, owned)
  if (update._tag === "Citation") (own.citations as Array<unknown>).push(update.citation)
  else (own.pieces as Array<unknown>).push(update.piece)
  records[position] = own
}

/**
 * Applies an update to records the caller owns, in place, with `positions` (block index → position in `records`,
 * kept up to date here): a lookup, not a scan, so that a response with many blocks folds in linear time. A citation
 * or a piece is added in place to a record in `owned` (the records the caller made and has not given away since), so
 * that a block of many costs a constant per one, not a copy of all before it.
 */
export const applyInPlace = (
  records: Array<Recorded>,
  positions: Map<number, number>,
  update: Update,
  lengths: Lengths,
  owned: Set<Recorded>
): void => {
  const position = positions.get(update.index)
  switch (update._tag) {
    case "Start":
    case "Open":
      return start(records, positions, update, lengths, owned)
    case "Citation":
    case "Piece":
      if (position !== undefined) add(records, position, update, owned)
      return
    default: {
      if (position === undefined) return
      const record = records[position]!
      const next = updated(record, update, lengths)
      records[position] = next
      // The new record shares the lists of the one it replaces: owned as that one was.
      if (next !== record && owned.delete(record)) owned.add(next)
    }
  }
}

/**
 * The finished blocks, in order; a block still open ends where the response ends. A provider's own call whose result
 * block started but cannot go back (cut before its end: see `Builder`) is no block either, as the API refuses a call
 * sent back without its result.
 */
export const build = (records: ReadonlyArray<Recorded>, texts: Texts): ReadonlyArray<unknown> => {
  const blocks = records.map((record) => record.build(record, texts))
  const cut = new Set<string>()
  records.forEach((record, at) => {
    const pair = blocks[at] === undefined ? record.pairing?.(record.block) : undefined
    if (pair !== undefined && "resultOf" in pair) cut.add(pair.resultOf)
  })
  if (cut.size === 0) return blocks
  return blocks.map((block, at) => {
    const pair = block === undefined ? undefined : records[at]!.pairing?.(block)
    return pair !== undefined && "callId" in pair && cut.has(pair.callId) ? undefined : block
  })
}

/** The blocks that can go back, in order (see `Builder`). */
export const sendable = (blocks: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
  blocks.filter((block) => block !== undefined)

/** The text of a block: its slice of the response's content. */
export const textOf = (record: Recorded, texts: Texts): string =>
  texts.content.slice(record.contentFrom, record.contentTo)

/** The reasoning of a block: its slice of the response's reasoning. */
export const reasoningOf = (record: Recorded, texts: Texts): string =>
  texts.reasoning.slice(record.reasoningFrom, record.reasoningTo)

/** A call's input as a JSON value: its streamed arguments parsed, else the input it started with. */
export const inputOf = (record: Recorded, texts: Texts, started: unknown): unknown => {
  const text = texts.callArguments(record.index)
  if (text === undefined || text.trim() === "") return started ?? {}
  // Arguments that are not JSON, or nest too deep for anything downstream to handle, keep the input it started with.
  const parsed = Payload.parseJson(text)
  return parsed === Payload.invalidJson ? started ?? {} : parsed
}
