/**
 * Leaves out of a carried turn (`UITurnCarry`) what its parts already show: the output of each of the provider's own
 * tool calls (a web search's results, tens of KB), which the browser holds as the call's tool part. Each is replaced by
 * a reference to its call and the SHA-256 of its canonical JSON, and taken back from the parts when the message
 * returns (`toMessages`, AG-UI's `readRunInput`), checked against that digest: each later POST carries an output once,
 * not twice, and an output changed since it was served is a refusal.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as TurnCarry from "../../providers/TurnCarry.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as UIDecodedMessage from "./UIDecodedMessage.js"

/** The key of a reference to a call's output, in place of a block or a field of one. */
const referenceKey = "effect-llm-stream/output"

interface Reference {
  readonly [referenceKey]: string
  readonly sha256: string
}

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const isReference = (value: unknown): value is Reference =>
  isRecord(value) && typeof value[referenceKey] === "string" && typeof value["sha256"] === "string"

/** Arrays and objects: what an output may be that is worth leaving out (a string or number stays where it is). */
const isComposite = (value: unknown): boolean => typeof value === "object" && value !== null

/** The shortest output left out, in characters of JSON: a shorter one is about as long as its reference. */
const shortest = 256

/**
 * `turn` with each block, or field of a block, that is one of `outputs` (by call id, as the browser was sent them)
 * replaced by a reference to it.
 */
export const elided = (
  turn: TurnCarry.Carried,
  outputs: ReadonlyMap<string, unknown>
): Effect.Effect<TurnCarry.Carried> =>
  Effect.gen(function*() {
    const byText = new Map<string, string>()
    for (const [id, output] of outputs) {
      if (!isComposite(output)) continue
      const text = CanonicalJson.canonicalJson(output)
      if (text.length >= shortest) byText.set(text, id)
    }
    if (byText.size === 0) return turn
    const reference = (value: unknown) => {
      if (!isComposite(value)) return Effect.succeed(undefined)
      const text = CanonicalJson.canonicalJson(value)
      const id = byText.get(text)
      return id === undefined
        ? Effect.succeed(undefined)
        : Effect.map(SigningKey.digest(text), (sha256): Reference => ({ [referenceKey]: id, sha256 }))
    }
    const blocks: Array<unknown> = []
    for (const block of turn.blocks) {
      const whole = yield* reference(block)
      if (whole !== undefined || !isRecord(block)) {
        blocks.push(whole ?? block)
        continue
      }
      let copy: Record<string, unknown> | undefined
      for (const [key, value] of Object.entries(block)) {
        const field = yield* reference(value)
        if (field !== undefined) (copy ??= { ...block })[key] = field
      }
      blocks.push(copy ?? block)
    }
    return { format: turn.format, blocks }
  })

/**
 * `turn` with each reference replaced by its call's output, the one of `outputsOf(id)` (what the message holds for the
 * call) whose digest it names; a reference none matches is a refusal naming `field`.
 */
export const restored = (
  turn: TurnCarry.Carried,
  outputsOf: (id: string) => ReadonlyArray<unknown>,
  field: string
): Effect.Effect<TurnCarry.Carried, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const output = (reference: Reference) =>
      Effect.gen(function*() {
        for (const candidate of outputsOf(reference[referenceKey])) {
          if ((yield* SigningKey.digest(CanonicalJson.canonicalJson(candidate))) === reference.sha256) return candidate
        }
        return yield* Effect.fail(UIDecodedMessage.invalid(
          field,
          `the output of the provider's tool call ${JSON.stringify(reference[referenceKey])} changed since this ` +
            "server served it"
        ))
      })
    const blocks: Array<unknown> = []
    for (const block of turn.blocks) {
      if (isReference(block)) {
        blocks.push(yield* output(block))
        continue
      }
      let copy: Record<string, unknown> | undefined
      if (isRecord(block)) {
        for (const [key, value] of Object.entries(block)) {
          if (isReference(value)) (copy ??= { ...block })[key] = yield* output(value)
        }
      }
      blocks.push(copy ?? block)
    }
    return { format: turn.format, blocks }
  })
