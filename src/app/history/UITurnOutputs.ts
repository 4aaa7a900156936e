/**
 * Leaves out of a carried turn (`UITurnCarry`) what the message holds otherwise: each output of the provider's own
 * tool calls (a web search's results, tens of KB) and each file the model made (its base64). Each is replaced by a
 * reference and the SHA-256 of what it stands for, and taken back when the message returns, checked against that
 * digest: each later POST carries it once, not twice.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as TurnCarry from "../../providers/TurnCarry.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as SigningKey from "../signing/SigningKey.js"

/** The keys of a reference to a call's output (in place of a block or a field of one), and to a step's file. */
const outputKey = "effect-llm-stream/output"
const fileKey = "effect-llm-stream/file"

/** A reference: to a call's output (by its id) or to a step's file (by its place), with the digest of what it was. */
type Reference =
  | { readonly [outputKey]: string; readonly sha256: string }
  | { readonly [fileKey]: number; readonly sha256: string }

/** What a step's turn may leave out: its provider calls' outputs by call id, its files' base64 in order. */
export interface Shown {
  readonly outputs: ReadonlyMap<string, unknown>
  readonly files: ReadonlyArray<string>
}

/** Where a returning message's outputs and files are found: the candidates for a call id, or for a file's position. */
export interface Holder {
  readonly outputsOf: (id: string) => ReadonlyArray<unknown>
  readonly fileOf: (index: number) => string | undefined
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isReference = (value: unknown): value is Reference =>
  isRecord(value) && typeof value["sha256"] === "string" &&
  (typeof value[outputKey] === "string" || typeof value[fileKey] === "number")

/** The shortest output or file left out, in characters: a shorter one is about as long as its reference. */
const shortest = 256

/** `value` with every value `f` replaces replaced (`f` answers `undefined` to look inside), the rest as it is. */
const replaced = (value: unknown, f: (value: unknown) => unknown): unknown => {
  const replacement = f(value)
  if (replacement !== undefined) return replacement
  if (Array.isArray(value)) return value.map((item) => replaced(item, f))
  if (!isRecord(value)) return value
  const out: Record<string, unknown> = {}
  for (const [key, field] of Object.entries(value)) out[key] = replaced(field, f)
  return out
}

/** `turn` with each block, or field of one, that is a shown output, and each shown file, replaced by a reference. */
export const elided = (turn: TurnCarry.Carried, shown: Shown): Effect.Effect<TurnCarry.Carried> =>
  Effect.gen(function*() {
    // What may be left out, by its text (an output's canonical JSON, a file's base64), and the reference to it.
    const outputs = new Map<string, Reference>()
    for (const [id, output] of shown.outputs) {
      if (typeof output !== "object" || output === null) continue
      const text = CanonicalJson.canonicalJson(output)
      if (text.length >= shortest) outputs.set(text, { [outputKey]: id, sha256: yield* SigningKey.digest(text) })
    }
    const files = new Map<string, Reference>()
    for (const [index, data] of shown.files.entries()) {
      if (data.length >= shortest) files.set(data, { [fileKey]: index, sha256: yield* SigningKey.digest(data) })
    }
    if (outputs.size === 0 && files.size === 0) return turn
    const output = (value: unknown) =>
      outputs.size > 0 && typeof value === "object" && value !== null
        ? outputs.get(CanonicalJson.canonicalJson(value))
        : undefined
    const file = (value: unknown) => typeof value === "string" ? files.get(value) ?? value : undefined
    // An output is a block, or a field of one; a file's text may be anywhere in a block.
    const withoutFiles = (value: unknown) => files.size === 0 ? value : replaced(value, file)
    const blocks = turn.blocks.map((block) => {
      const whole = output(block)
      if (whole !== undefined) return whole
      if (!isRecord(block)) return withoutFiles(block)
      const out: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(block)) out[key] = output(value) ?? withoutFiles(value)
      return out
    })
    return { format: turn.format, blocks }
  })

/** The references anywhere in `value`. */
const referencesIn = (value: unknown, found: Array<Reference> = []): Array<Reference> => {
  if (isReference(value)) found.push(value)
  else if (Array.isArray(value)) { for (const item of value) referencesIn(item, found) }
  else if (isRecord(value)) { for (const field of Object.values(value)) referencesIn(field, found) }
  return found
}

/** `turn` with each reference replaced by what it stands for, found in `holder` and checked against its digest. */
export const restored = (
  turn: TurnCarry.Carried,
  holder: Holder,
  field: string
): Effect.Effect<TurnCarry.Carried, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const references = referencesIn(turn.blocks)
    // A turn that left nothing out (most) is taken as it is.
    if (references.length === 0) return turn
    const values = new Map<Reference, unknown>()
    for (const reference of references) values.set(reference, yield* valueOf(reference, holder, field))
    const value = (candidate: unknown) => isReference(candidate) ? values.get(candidate) : undefined
    return { format: turn.format, blocks: turn.blocks.map((block) => replaced(block, value)) }
  })

/** What `reference` stands for: the one of `holder`'s values whose digest it names, else a refusal naming `field`. */
const valueOf = (
  reference: Reference,
  holder: Holder,
  field: string
): Effect.Effect<unknown, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    if (outputKey in reference) {
      for (const candidate of holder.outputsOf(reference[outputKey])) {
        if ((yield* SigningKey.digest(CanonicalJson.canonicalJson(candidate))) === reference.sha256) return candidate
      }
      return yield* changed(field, `the output of the provider's tool call ${JSON.stringify(reference[outputKey])}`)
    }
    const data = holder.fileOf(reference[fileKey])
    if (data !== undefined && (yield* SigningKey.digest(data)) === reference.sha256) return data
    return yield* changed(field, "a file the model made")
  })

const changed = (field: string, what: string) =>
  Effect.fail(UIDecodedMessage.invalid(field, `${what} changed since this server served it`))

/** The base64 of a `data:` URL (a file part's), if it is one. */
export const base64Of = (url: string): string | undefined => {
  const comma = url.indexOf(",")
  return url.startsWith("data:") && url.slice(0, comma).endsWith(";base64") ? url.slice(comma + 1) : undefined
}
