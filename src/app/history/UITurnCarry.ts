/**
 * Carries a step's whole provider turn through the browser when its parts alone would not give it back (`TurnCarry`:
 * a provider's own tool call and its result, a text's citations). It goes in the message's metadata (`metadataKey`,
 * under the key of the step's fact), signed with the step, and comes back as it went; sealed (`Sealing`) when the
 * browser is sent no reasoning, so that the reasoning still reaches the provider unread by the browser.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as Sealing from "../signing/Sealing.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

/** Where a message's metadata keeps the carried turns, by the key of their step's signed fact. */
export const metadataKey = "effect-llm-stream/turns"

/** A step's turn as its provider sent it. */
export type Carried = TurnCarry.Carried

/** A step's turn handed to the signer, and whether it goes sealed (the browser is sent no reasoning). */
export interface Pending {
  readonly turn: Carried
  readonly sealed: boolean
}

/** A turn as the message's metadata holds it: itself, or sealed (`{ sealed }`). */
export const sentOf = (pending: Pending, stepKey: string): Effect.Effect<unknown> =>
  pending.sealed
    ? Effect.map(Sealing.sealJson(pending.turn, stepKey), (sealed) => ({ sealed }))
    : Effect.succeed(pending.turn)

/** A turn as the message's metadata holds it, and the turn it is. */
export interface Sent {
  readonly value: unknown
  readonly turn: Carried
}

/** The text the signature of a carried turn is over: the step it belongs to (its fact's key), and the turn. */
export const turnFact = (stepKey: string, sent: unknown): string =>
  JSON.stringify(["effect-llm-stream/turn/v1", stepKey, CanonicalJson.canonicalJson(sent)])

/** Whether a message's metadata carries turns. */
export const carriesTurns = (metadata: unknown): boolean =>
  typeof metadata === "object" && metadata !== null && Object.hasOwn(metadata, metadataKey)

/** The turn the metadata carries for the step of `stepKey` (opened, when sealed); `"invalid"` when not a turn. */
const sentFor = (metadata: unknown, stepKey: string): Effect.Effect<Sent | undefined | "invalid"> => {
  const turns = (metadata as Readonly<Record<string, unknown>>)[metadataKey]
  if (typeof turns !== "object" || turns === null || Array.isArray(turns)) return Effect.succeed("invalid")
  if (!Object.hasOwn(turns, stepKey)) return Effect.succeed(undefined)
  const value = (turns as Readonly<Record<string, unknown>>)[stepKey]
  const sealed = typeof value === "object" && value !== null
    ? (value as { readonly sealed?: unknown }).sealed
    : undefined
  const turn = sealed === undefined
    ? Effect.succeed(TurnCarry.read(value))
    : Effect.map(
      Sealing.openJson(sealed, stepKey),
      (json) => json === undefined ? "invalid" as const : TurnCarry.read(json)
    )
  return Effect.map(turn, (read) => read === undefined || read === "invalid" ? "invalid" : { value, turn: read })
}

/**
 * A step's fact as the server signed it (`ownCalls`: the ids of the provider's own calls, which tell a step of them
 * alone from another), and the turn the metadata carries for it, if any.
 */
export const stepFactOf = (
  text: string,
  calls: ReadonlyArray<UIHistoryFacts.CallFact>,
  turn: ReadonlyArray<UIHistoryFacts.TurnEntry>,
  metadata: unknown,
  field: string,
  ownCalls: ReadonlyArray<string> = []
): Effect.Effect<{ readonly fact: string; readonly carried: Sent | undefined }, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    if (carriesTurns(metadata)) {
      const withTurn = yield* UIHistoryFacts.stepFact(text, calls, turn, true, ownCalls)
      const carried = yield* sentFor(metadata, yield* UIHistoryFacts.keyOf(withTurn))
      if (carried === "invalid") {
        return yield* UIDecodedMessage.invalid(field, "a provider's turn that is not one this server sends")
      }
      if (carried !== undefined) return { fact: withTurn, carried }
    }
    return { fact: yield* UIHistoryFacts.stepFact(text, calls, turn, false, ownCalls), carried: undefined }
  })

/** The refusal of a turn changed since the server served it. */
export const changed = (field: string): ProviderError.InvalidRequestError =>
  UIDecodedMessage.invalid(field, "a provider's turn changed since this server served it")

/** Whether the turn a message carries for the step of `fact` is the one this server signed with it. */
export const turnServed = (
  signed: Readonly<Record<string, unknown>>,
  fact: string,
  carried: Sent,
  binding?: ApprovalGate.Binding | undefined
): Effect.Effect<boolean> =>
  Effect.flatMap(
    UIHistoryFacts.keyOf(fact),
    (key) => Effect.map(UIHistoryFacts.check(signed, turnFact(key, carried.value), binding), ({ valid }) => valid)
  )
