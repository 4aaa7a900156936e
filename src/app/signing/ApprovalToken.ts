/**
 * A fact the server signed, as its own id: `a1.<issued>.<nonce>.<tag>`, the tag binding the fact's subject (a call's
 * id), its name (the tool's), a digest of its input (its canonical JSON), the time it was issued and, when the issuer
 * names them, the run, owner and step it belongs to (`Binding`). A forged id, one copied onto another fact or into
 * another run, or a fact whose input was altered, does not match; one older than `approvalTtl` has expired. Each
 * interrupt's fact is one of these: an approval (of a call), a budget's question (`LoopBudget.questionCall`), what
 * an answer spent (`SpentToken`); each is taken once until it expires (`claim`).
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type { Binding } from "../loop/ApprovalGate.js"
import * as StreamStore from "../store/StreamStore.js"
import * as SigningKey from "./SigningKey.js"

/** The call an approval is for: its id, its tool's name and its input (the arguments as parsed JSON). */
export interface ApprovedCall {
  readonly id: string
  readonly name: string
  readonly input: unknown
}

export type { Binding } from "../loop/ApprovalGate.js"

/** Why an approval id is not accepted. */
export type Refusal = "malformed" | "forged" | "expired"

/** What an id asks of its call: an approval, or (a tool's request for input) the values of a form. */
export type Asks = "approval" | "input"

/**
 * What checking an approval id says: `Accepted` with its tag, when it expires and what it asks, or `Refused` and why
 * (an expired one with what it asked).
 */
export type Verdict =
  | { readonly _tag: "Accepted"; readonly tag: string; readonly expiresAt: number; readonly asks: Asks }
  | { readonly _tag: "Refused"; readonly reason: Refusal; readonly asks?: Asks | undefined }

const refused = (reason: Refusal, asks?: Asks): Verdict =>
  asks === undefined ? { _tag: "Refused", reason } : { _tag: "Refused", reason, asks }

/** Whether a text has the shape of an approval id this library issues (its tag is not checked). */
export const isApprovalId = (id: string): boolean =>
  /^a1\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$/.test(id)

/**
 * When an approval id stops being answerable under a key whose `approvalTtl` is `ttl` (its issue time plus `ttl`,
 * in epoch milliseconds), read without checking its tag; `undefined` for a text of another shape.
 */
export const expiresAtOf = (id: string, ttl: Duration.Duration): number | undefined =>
  isApprovalId(id) ? parseInt(id.split(".")[1]!, 36) + Duration.toMillis(ttl) : undefined

/**
 * The text an id's tag is made over; a request for input's under a name of its own, so that the kinds cannot pass for
 * each other.
 */
const payload = (call: ApprovedCall, binding: Binding, inputDigest: string, issued: string, nonce: string) =>
  binding.asks === undefined && binding.run === undefined && binding.owner === undefined &&
    binding.step === undefined
    ? JSON.stringify(["effect-llm-stream/approval/v1", call.id, call.name, inputDigest, issued, nonce])
    : JSON.stringify([
      binding.asks === "input" ? "effect-llm-stream/input/v1" : "effect-llm-stream/approval/v2",
      binding.run ?? null,
      binding.owner ?? null,
      binding.step ?? null,
      call.id,
      call.name,
      inputDigest,
      issued,
      nonce
    ])

/** Issues the approval id of a call (in the run `binding` names), now. */
export const issue = (call: ApprovedCall, binding: Binding = {}): Effect.Effect<string> =>
  Effect.gen(function*() {
    const key = yield* SigningKey.Signing
    const issued = (yield* Clock.currentTimeMillis).toString(36)
    const nonce = Base64Url.encode(crypto.getRandomValues(new Uint8Array(12)))
    const inputDigest = yield* SigningKey.digest(CanonicalJson.canonicalJson(call.input))
    const tag = yield* key.tag(payload(call, binding, inputDigest, issued, nonce))
    return `a1.${issued}.${nonce}.${tag}`
  })

/**
 * Checks that `id` is an approval this server issued for exactly `call` (in the run `binding` names), in time, and
 * says what it asks: an approval, or a tool's request for input (issued with `asks: "input"`).
 */
export const check = (id: string, call: ApprovedCall, binding: Binding = {}): Effect.Effect<Verdict> =>
  Effect.gen(function*() {
    if (!isApprovalId(id)) return refused("malformed")
    const [, issued, nonce, tag] = id.split(".") as [string, string, string, string]
    const key = yield* SigningKey.Signing
    const inputDigest = yield* SigningKey.digest(CanonicalJson.canonicalJson(call.input))
    const signs = (asks: Binding["asks"]) =>
      Effect.map(
        key.tag(payload(call, { ...binding, asks }, inputDigest, issued, nonce)),
        (expected) => SigningKey.sameTag(expected, tag)
      )
    const asks: Asks | undefined = (yield* signs(undefined))
      ? "approval"
      : (yield* signs("input"))
      ? "input"
      : undefined
    if (asks === undefined) return refused("forged")
    const expiresAt = parseInt(issued, 36) + Duration.toMillis(key.approvalTtl)
    if (expiresAt <= (yield* Clock.currentTimeMillis)) return refused("expired", asks)
    const accepted: Verdict = { _tag: "Accepted", tag, expiresAt, asks }
    return accepted
  })

/**
 * Takes the fact `verdict` accepted (a `kind` of fact: `approval`, `spent`) once until it expires, on every instance
 * sharing the `StreamStore`: `true` the first time, `false` once taken.
 */
export const claim = (
  kind: string,
  verdict: { readonly tag: string; readonly expiresAt: number }
): Effect.Effect<boolean, StreamStore.StreamStoreError> =>
  Effect.gen(function*() {
    const ttl = Duration.millis(verdict.expiresAt - (yield* Clock.currentTimeMillis))
    return yield* (yield* StreamStore.StreamStore).claim(`${kind}.${verdict.tag}`, ttl)
  })
