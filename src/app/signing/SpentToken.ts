/**
 * What an answer spent, signed for the browser to carry back: `{ usd, id }` in the answer's metadata (`metadataKey`),
 * `usd` an exact decimal and `id` a signed id (`ApprovalToken.issueId`, `s1`) whose tag binds the amount, the message
 * it is on (the answer's id), the chat and owner the issuer names (`Binding`) and when it was issued. `fromSteps` puts
 * it there at each step's end when its loop has a budget; a request that continues the answer (approvals answered, a
 * client tool's output) sends it back, and the loop's budget goes on from it (`RunRequest.budget.spent`). Reading it
 * recomputes the tag: an amount changed, or taken from another answer, chat or owner, does not match; one older than
 * the key's `approvalTtl` has expired; and each is used once, its use claimed in the `StreamStore`, so that a request
 * sent again cannot spend from the same point twice.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { Binding } from "../loop/ApprovalGate.js"
import * as StreamStore from "../store/StreamStore.js"
import * as ApprovalToken from "./ApprovalToken.js"

/**
 * Where an answer's metadata keeps what it spent, signed (the client keeps it in its message and returns it).
 *
 * @since 0.6.0
 * @category Metadata
 */
export const metadataKey: string = "effect-llm-stream/spent"

/** Why a token is not taken: not this server's for that answer, expired, used before, or its use not recorded. */
export type Refusal = "forged" | "expired" | "used" | "unrecorded"

const fieldsOf = (
  usd: string,
  messageId: string,
  binding: Binding
) => ["effect-llm-stream/spent/v1", binding.run ?? null, binding.owner ?? null, messageId, usd]

/** The metadata of what the answer `messageId` spent (in the chat `binding` names), signed now. */
export const issue = (spent: BigDecimal.BigDecimal, messageId: string, binding: Binding = {}) => {
  const usd = BigDecimal.format(BigDecimal.normalize(spent))
  return Effect.map(ApprovalToken.issueId("s1", fieldsOf(usd, messageId, binding)), (id) => ({
    [metadataKey]: { usd, id }
  }))
}

/**
 * What an answer spent, from the metadata of its message (known by any of `messageIds`, in the chat `binding` names):
 * `undefined` when it carries none; the amount once its signature checks out and its use is claimed; else why not.
 */
export const read = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding = {}
): Effect.Effect<BigDecimal.BigDecimal | undefined, Refusal> =>
  Effect.gen(function*() {
    const spent = typeof metadata === "object" && metadata !== null
      ? (metadata as Record<string, unknown>)[metadataKey]
      : undefined
    if (spent === undefined) return undefined
    const { id, usd } = (typeof spent === "object" && spent !== null ? spent : {}) as Record<string, unknown>
    const amount = typeof usd === "string" && /^[0-9]{1,20}(\.[0-9]{1,30})?$/.test(usd)
      ? BigDecimal.fromString(usd)
      : undefined
    if (typeof id !== "string" || amount?._tag !== "Some") return yield* Effect.fail("forged" as const)
    let verdict: ApprovalToken.Verdict | undefined
    for (const messageId of messageIds) {
      if (verdict?._tag === "Accepted") break
      verdict = yield* ApprovalToken.checkId(id, "s1", fieldsOf(usd as string, messageId, binding))
    }
    if (verdict?._tag !== "Accepted") {
      return yield* Effect.fail<Refusal>(verdict?.reason === "expired" ? "expired" : "forged")
    }
    const ttl = Duration.millis(verdict.expiresAt - (yield* Clock.currentTimeMillis))
    const first = yield* Effect.result((yield* StreamStore.StreamStore).claim(`spent.${verdict.tag}`, ttl))
    if (first._tag === "Failure") return yield* Effect.fail("unrecorded" as const)
    return first.success ? amount.value : yield* Effect.fail("used" as const)
  })
