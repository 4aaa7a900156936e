/**
 * What an answer spent, signed for the browser to carry back: `s1.<issued>.<nonce>.<digits>.<scale>.<tag>` (the
 * amount in USD as a decimal's digits and scale), the tag binding the amount, the message it is on (the answer's id),
 * the chat and owner the issuer names (`Binding`) and when it was issued. `fromSteps` puts it in the answer's
 * metadata (`metadataKey`) when a loop with a budget ends; a request that continues the answer (approvals answered, a
 * client tool's output) sends it back, and the loop's budget goes on from it (`RunRequest.budget.spent`). Reading one
 * recomputes its tag: an amount changed, or taken from another answer, chat or owner, does not match; one older than
 * the key's `approvalTtl` has expired; and each is used once, its use claimed in the `StreamStore`, so that a request
 * sent again cannot spend from the same point twice.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Base64Url from "effect/encoding/Base64Url"
import type { Binding } from "../loop/ApprovalGate.js"
import * as StreamStore from "../store/StreamStore.js"
import * as SigningKey from "./SigningKey.js"

/**
 * Where an answer's metadata keeps what it spent, signed (the client keeps it in its message and returns it).
 *
 * @since 0.6.0
 * @category Metadata
 */
export const metadataKey: string = "effect-llm-stream/spent"

/** Why a token is not taken: not this server's for that answer, expired, used before, or its use not recorded. */
export type Refusal = "forged" | "expired" | "used" | "unrecorded"

const shape = /^s1\.[0-9a-z]{1,12}\.[A-Za-z0-9_-]{16}\.[0-9]{1,40}\.[0-9]{1,3}\.[A-Za-z0-9_-]{22}$/

const payload = (messageId: string, binding: Binding, digits: string, scale: string, issued: string, nonce: string) =>
  JSON.stringify([
    "effect-llm-stream/spent/v1",
    binding.run ?? null,
    binding.owner ?? null,
    messageId,
    digits,
    scale,
    issued,
    nonce
  ])

/** The token of what the answer `messageId` spent (in the chat `binding` names), now. */
export const issue = (spent: BigDecimal.BigDecimal, messageId: string, binding: Binding = {}): Effect.Effect<string> =>
  Effect.gen(function*() {
    const key = yield* SigningKey.Signing
    const normal = BigDecimal.normalize(spent)
    // A scale below 0 is written out: the digits and a scale of 0.
    const digits = (normal.scale < 0 ? normal.value * 10n ** BigInt(-normal.scale) : normal.value).toString()
    const scale = Math.max(0, normal.scale).toString()
    const issued = (yield* Clock.currentTimeMillis).toString(36)
    const nonce = Base64Url.encode(crypto.getRandomValues(new Uint8Array(12)))
    const tag = yield* key.tag(payload(messageId, binding, digits, scale, issued, nonce))
    return `s1.${issued}.${nonce}.${digits}.${scale}.${tag}`
  })

/**
 * What an answer spent, from the metadata of its message (known by any of `messageIds`, in the chat `binding` names):
 * `undefined` when it carries no token; the amount once its token checks out and its use is claimed; else why not.
 */
export const read = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding = {}
): Effect.Effect<BigDecimal.BigDecimal | undefined, Refusal> =>
  Effect.gen(function*() {
    const token = typeof metadata === "object" && metadata !== null
      ? (metadata as Record<string, unknown>)[metadataKey]
      : undefined
    if (token === undefined) return undefined
    if (typeof token !== "string" || !shape.test(token)) return yield* Effect.fail("forged" as const)
    const [, issued, nonce, digits, scale, tag] = token.split(".") as [string, string, string, string, string, string]
    const key = yield* SigningKey.Signing
    let signed = false
    for (const messageId of messageIds) {
      signed ||= SigningKey.sameTag(yield* key.tag(payload(messageId, binding, digits, scale, issued, nonce)), tag)
    }
    if (!signed) return yield* Effect.fail("forged" as const)
    const left = parseInt(issued, 36) + Duration.toMillis(key.approvalTtl) - (yield* Clock.currentTimeMillis)
    if (left <= 0) return yield* Effect.fail("expired" as const)
    const store = yield* StreamStore.StreamStore
    const first = yield* Effect.result(store.claim(`spent.${tag}`, Duration.millis(left)))
    if (first._tag === "Failure") return yield* Effect.fail("unrecorded" as const)
    if (!first.success) return yield* Effect.fail("used" as const)
    return BigDecimal.make(BigInt(digits), Number(scale))
  })
