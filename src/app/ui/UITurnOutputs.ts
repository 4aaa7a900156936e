/**
 * Leaves out of a carried turn (`UITurnCarry`) what the message holds otherwise: the output of each of the provider's
 * own tool calls (a web search's results, tens of KB), which the browser holds as the call's tool part, and each file
 * the model made (an image Gemini drew, its base64), which it holds as a `file` part. Each is replaced by a reference
 * (to its call, or to the step's file by position) and the SHA-256 of what it stands for, and taken back when the
 * message returns (`toMessages` from the parts, AG-UI's `readRunInput` from the tool messages and the files the
 * assistant message carries), checked against that digest: each later POST carries it once, not twice, and one
 * changed since it was served is a refusal.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as TurnCarry from "../../providers/TurnCarry.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as UIDecodedMessage from "./UIDecodedMessage.js"

/** The keys of a reference to a call's output (in place of a block or a field of one), and to a step's file. */
const outputKey = "effect-llm-stream/output"
const fileKey = "effect-llm-stream/file"

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

/** The shortest output or file left out, in characters: a shorter one is about as long as its reference. */
const shortest = 256

/**
 * `turn` with each block, or field of a block, that is one of `shown.outputs` (as the browser was sent them), and
 * each text anywhere in a block that is one of `shown.files`, replaced by a reference to it.
 */
export const elided = (turn: TurnCarry.Carried, shown: Shown): Effect.Effect<TurnCarry.Carried> =>
  Effect.gen(function*() {
    const outputs = new Map<string, string>()
    for (const [id, output] of shown.outputs) {
      if (typeof output !== "object" || output === null) continue
      const text = CanonicalJson.canonicalJson(output)
      if (text.length >= shortest) outputs.set(text, id)
    }
    const files = new Map<string, number>()
    shown.files.forEach((data, index) => data.length >= shortest && files.set(data, index))
    if (outputs.size === 0 && files.size === 0) return turn
    const output = (value: unknown) => {
      if (outputs.size === 0 || typeof value !== "object" || value === null) return Effect.succeed(undefined)
      const text = CanonicalJson.canonicalJson(value)
      const id = outputs.get(text)
      return id === undefined
        ? Effect.succeed(undefined)
        : Effect.map(SigningKey.digest(text), (sha256) => ({ [outputKey]: id, sha256 }))
    }
    /** `value` with each file's text in it replaced by its reference. */
    const withoutFiles = (value: unknown): Effect.Effect<unknown> => {
      if (typeof value === "string") {
        const index = files.get(value)
        return index === undefined
          ? Effect.succeed(value)
          : Effect.map(SigningKey.digest(value), (sha256) => ({ [fileKey]: index, sha256 }))
      }
      if (files.size === 0 || typeof value !== "object" || value === null) return Effect.succeed(value)
      return Array.isArray(value)
        ? Effect.forEach(value, withoutFiles)
        : Effect.map(
          Effect.forEach(Object.entries(value), ([key, field]) => Effect.map(withoutFiles(field), (out) => [key, out])),
          Object.fromEntries
        )
    }
    const blocks: Array<unknown> = []
    for (const block of turn.blocks) {
      const whole = yield* output(block)
      if (whole !== undefined || !isRecord(block)) {
        blocks.push(whole ?? (yield* withoutFiles(block)))
        continue
      }
      const copy: Record<string, unknown> = {}
      for (const [key, value] of Object.entries(block)) {
        copy[key] = (yield* output(value)) ?? (yield* withoutFiles(value))
      }
      blocks.push(copy)
    }
    return { format: turn.format, blocks }
  })

/**
 * `turn` with each reference replaced by what it stands for, found in `holder` and checked against its digest; a
 * reference nothing there matches is a refusal naming `field`.
 */
export const restored = (
  turn: TurnCarry.Carried,
  holder: Holder,
  field: string
): Effect.Effect<TurnCarry.Carried, ProviderError.InvalidRequestError> => {
  const changed = (what: string) =>
    Effect.fail(UIDecodedMessage.invalid(field, `${what} changed since this server served it`))
  const restore = (value: unknown): Effect.Effect<unknown, ProviderError.InvalidRequestError> => {
    if (typeof value !== "object" || value === null) return Effect.succeed(value)
    if (Array.isArray(value)) return Effect.forEach(value, restore)
    const record = value as Readonly<Record<string, unknown>>
    const sha256 = record["sha256"]
    if (typeof record[outputKey] === "string" && typeof sha256 === "string") {
      const id = record[outputKey]
      return Effect.flatMap(
        Effect.findFirst(
          holder.outputsOf(id),
          (candidate) => Effect.map(SigningKey.digest(CanonicalJson.canonicalJson(candidate)), (d) => d === sha256)
        ),
        (found) =>
          found._tag === "Some"
            ? Effect.succeed(found.value)
            : changed(`the output of the provider's tool call ${JSON.stringify(id)}`)
      )
    }
    if (typeof record[fileKey] === "number" && typeof sha256 === "string") {
      const data = holder.fileOf(record[fileKey])
      return data === undefined
        ? changed("a file the model made")
        : Effect.flatMap(
          SigningKey.digest(data),
          (d) => d === sha256 ? Effect.succeed(data) : changed("a file the model made")
        )
    }
    return Effect.map(
      Effect.forEach(
        Object.entries(record),
        ([key, field]) => Effect.map(restore(field), (out) => [key, out] as const)
      ),
      Object.fromEntries
    )
  }
  // A turn that left nothing out (most) is taken as it is, without a walk in Effect over its blocks.
  return holdsReference(turn.blocks)
    ? Effect.map(Effect.forEach(turn.blocks, restore), (blocks) => ({ format: turn.format, blocks }))
    : Effect.succeed(turn)
}

/** Whether `value` holds a reference anywhere. */
const holdsReference = (value: unknown): boolean => {
  if (typeof value !== "object" || value === null) return false
  if (Array.isArray(value)) return value.some(holdsReference)
  return Object.hasOwn(value, outputKey) || Object.hasOwn(value, fileKey) || Object.values(value).some(holdsReference)
}

/** The base64 of a `data:` URL (a file part's), if it is one. */
export const base64Of = (url: string): string | undefined => {
  const comma = url.indexOf(",")
  return url.startsWith("data:") && url.slice(0, comma).endsWith(";base64") ? url.slice(comma + 1) : undefined
}
