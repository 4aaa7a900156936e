/**
 * The opaque state of an assistant turn's parts (`AssistantTurn.State`), read from the one fold and carried as
 * JSON: the views that show a response part by part (the UI message stream, the `effect/ai` parts) put each
 * part's state on it, and what comes back (a browser's message, an `effect/ai` prompt) is written as the
 * provider's blocks again. Provider knowledge stays in the provider's `TurnBlocks` (`TurnFormats.turnFormats`).
 *
 * @internal
 */
import type * as Accumulator from "../core/fold/Accumulator.js"
import * as ContentBlocks from "../core/fold/ContentBlocks.js"
import type * as Message from "../core/Message.js"
import * as AssistantTurn from "../core/provider/AssistantTurn.js"
import * as TurnFormats from "./TurnFormats.js"

/** A part's state, and whose it is. */
export interface Located {
  readonly format: AssistantTurn.Format
  readonly state: AssistantTurn.State
}

/**
 * The part the fold's content block at `index` is, if that block is one of `kind`, and the block's format: read from
 * the block as far as it has streamed (`asStarted`: as it started).
 */
const partAt = (
  fold: Accumulator.Accumulator,
  index: number | undefined,
  kind: AssistantTurn.Part["_tag"],
  asStarted = false
): { readonly format: AssistantTurn.Format; readonly part: AssistantTurn.Part } | undefined => {
  const record = index === undefined ? undefined : fold.blockRecord(index)
  if (record === undefined) return undefined
  const block = asStarted ? record.block : record.build(record, ContentBlocks.textsOf(fold))
  const part = TurnFormats.turnFormats[record.format].read(block)
  return part?._tag === kind ? { format: record.format, part } : undefined
}

/**
 * The state of the part the fold's content block at `index` is, when that block is a part of `kind` with state
 * (the block as far as it has streamed; a signature that comes last is there once its block stopped).
 */
export const stateAt = (
  fold: Accumulator.Accumulator,
  index: number | undefined,
  kind: AssistantTurn.Part["_tag"]
): Located | undefined => {
  const found = partAt(fold, index, kind)
  const state = found?.part.state
  return state === undefined ? undefined : { format: found!.format, state }
}

/**
 * The state a part of the block at `index` holds when it ends before its block does (a Responses reasoning item's
 * summary part, before the next): the block's item id as it started, which writes the parts back as the one block
 * (`AssistantTurn.TurnBlocks.join`). What else the block holds (its encrypted reasoning) is the finished block's, on
 * its last part.
 */
export const partStateAt = (
  fold: Accumulator.Accumulator,
  index: number | undefined,
  kind: AssistantTurn.Part["_tag"]
): Located | undefined => {
  const found = partAt(fold, index, kind, true)
  const itemId = found?.part.state?.itemId
  return itemId === undefined ? undefined : { format: found!.format, state: { itemId } }
}

/**
 * Whether an update starts a block that is reasoning with state from its start (reasoning returned encrypted, a
 * finished reasoning item): a reasoning part even when no reasoning text follows. Only a `Start` is read (an
 * `Open` comes with every piece of some providers' blocks; reasoning opened that way has its own event).
 */
export const startsReasoning = (update: ContentBlocks.Update): boolean => {
  if (update._tag !== "Start") return false
  const part = TurnFormats.turnFormats[update.format].read(update.block)
  return part?._tag === "Reasoning" && part.state !== undefined
}

/** A state as JSON: its format and each field, `null` where not set (one shape, as `effect/ai` metadata takes). */
export type Json =
  & { readonly format: string }
  & { readonly [K in typeof AssistantTurn.stateFields[number]]: string | null }

/** A state as its JSON. */
export const toJson = (located: Located): Json => ({
  format: located.format,
  signature: located.state.signature ?? null,
  encrypted: located.state.encrypted ?? null,
  itemId: located.state.itemId ?? null,
  itemType: located.state.itemType ?? null
})

/** Whether a value names a format whose turns go back as blocks. */
export const isFormat = (value: unknown): value is AssistantTurn.Format =>
  typeof value === "string" && Object.hasOwn(TurnFormats.turnFormats, value)

/**
 * A state read back from its JSON: `undefined` when there is none (`null`, `undefined`, no field set), `"invalid"`
 * when it is not what `toJson` writes (not an object, an unknown format, a field that is not a string). Other
 * keys are not read (a prompt part's options may hold more of this library's options).
 */
export const fromJson = (value: unknown): Located | undefined | "invalid" => {
  if (value === undefined || value === null) return undefined
  if (typeof value !== "object" || Array.isArray(value)) return "invalid"
  const json = value as Readonly<Record<string, unknown>>
  if (!isFormat(json["format"])) return "invalid"
  const state: Record<string, string> = {}
  for (const field of AssistantTurn.stateFields) {
    const field_ = json[field]
    if (field_ === undefined || field_ === null) continue
    if (typeof field_ !== "string") return "invalid"
    state[field] = field_
  }
  const set = AssistantTurn.stateOf(state)
  return set === undefined ? undefined : { format: json["format"], state: set }
}

/**
 * The neutral parts of an assistant turn the provider sent (`Message.ProviderContent`), each with its state: how
 * any view reads a stored turn's state without knowing the provider (blocks that are no part, such as the
 * provider's own tool calls, are left out).
 */
export const partsOf = (content: Message.ProviderContent): ReadonlyArray<AssistantTurn.Part> => {
  const reader = TurnFormats.turnFormats[content.provider]
  return content.blocks.flatMap((block) => {
    const part = reader.read(block)
    return part === undefined ? [] : [part]
  })
}

/** The part a block of `format` is, or `undefined` for a block that is none (a server tool's call or result, ...). */
export const partOf = (format: AssistantTurn.Format, block: unknown): AssistantTurn.Part | undefined =>
  TurnFormats.turnFormats[format].read(block)

/** Whether `format`'s API checks a turn sent back field by field (`AssistantTurn.TurnBlocks.exact`). */
export const isExact = (format: AssistantTurn.Format): boolean => TurnFormats.turnFormats[format].exact

/** Whether a block of `format` goes back as it came, though the API does not check it field by field. */
export const keepsWhole = (format: AssistantTurn.Format, block: unknown): boolean =>
  TurnFormats.turnFormats[format].whole?.(block) === true

/** The block of `format` a part is written as. */
export const blockOf = (format: AssistantTurn.Format, part: AssistantTurn.Part): unknown =>
  TurnFormats.turnFormats[format].write(part)

/** An assistant turn's neutral parts as the blocks of `format`, in order. */
export const blocksOf = (
  format: AssistantTurn.Format,
  parts: ReadonlyArray<AssistantTurn.Part>
): ReadonlyArray<unknown> => AssistantTurn.blocks(TurnFormats.turnFormats[format], parts)

/** The key of this library's entry in a part's provider metadata (the UI message stream's and `effect/ai`'s). */
export const metadataKey = "effect-llm-stream"
