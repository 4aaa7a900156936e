/**
 * What an answer spent, signed in its message's metadata (`{ usd, id }`, `id` a signed fact of kind `spent`,
 * binding the amount, the message, its chat and owner: `ApprovalToken`), put by `fromSteps`. Changed, moved, expired
 * or (put under a budget) used before, it is refused: a request sent again cannot spend from the same point twice.
 * Put without a budget (`once: false`, bound in the signature), it only counts in the answer's totals and is not
 * claimed.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import type { Binding } from "../loop/ApprovalGate.js"
import * as ApprovalToken from "./ApprovalToken.js"

/**
 * Where an answer's metadata keeps what it spent, signed (the client keeps it in its message and returns it).
 *
 * @since 0.6.0
 * @category Metadata
 */
export const metadataKey: string = "effect-llm-stream/spent"

/**
 * What the id is signed for: the fact (`ApprovalToken`) of what the answer `messageId` spent, `usd`; a fact that
 * is not claimed (`once: false`) under a name of its own.
 */
const spentCall = (usd: string, messageId: string, once = true) => ({
  id: messageId,
  name: once ? "effect-llm-stream/spent" : "effect-llm-stream/spent-shown",
  input: usd
})

/**
 * The metadata of what the answer `messageId` spent (in the chat `binding` names), signed now; `once: false` (an
 * answer without a budget) for a fact that only counts in its totals, never claimed.
 */
export const issue = (spent: BigDecimal.BigDecimal, messageId: string, binding: Binding = {}, once = true) => {
  const usd = BigDecimal.format(BigDecimal.normalize(spent))
  return Effect.map(
    ApprovalToken.issue(spentCall(usd, messageId, once), binding),
    (id) => ({ [metadataKey]: once ? { usd, id } : { usd, id, once } })
  )
}

/**
 * What an answer spent, from the metadata of its message (known by any of `messageIds`, in the chat `binding` names):
 * `undefined` when it carries none; the amount once its signature checks out and its use is claimed; else why not.
 */
export const read = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding = {}
): Effect.Effect<BigDecimal.BigDecimal | undefined, string> =>
  Effect.gen(function*() {
    const spent = typeof metadata === "object" && metadata !== null
      ? (metadata as Record<string, unknown>)[metadataKey]
      : undefined
    if (spent === undefined) return undefined
    const { id, once, usd } = (typeof spent === "object" && spent !== null ? spent : {}) as Record<string, unknown>
    const amount = typeof usd === "string" && /^[0-9]{1,20}(\.[0-9]{1,30})?$/.test(usd)
      ? BigDecimal.fromString(usd)
      : undefined
    const forged = "not what this server signed for this answer"
    if (typeof id !== "string" || amount?._tag !== "Some") return yield* Effect.fail(forged)
    let verdict: ApprovalToken.Verdict | undefined
    for (const messageId of messageIds) {
      if (verdict?._tag === "Accepted") break
      verdict = yield* ApprovalToken.check(id, spentCall(usd as string, messageId, once !== false), binding)
    }
    if (verdict?._tag !== "Accepted") return yield* Effect.fail(verdict?.reason === "expired" ? "expired" : forged)
    if (once === false) return amount.value
    const first = yield* Effect.result(ApprovalToken.claim("spent", verdict))
    if (first._tag === "Failure") return yield* Effect.fail("its use could not be recorded; try again later")
    return first.success ? amount.value : yield* Effect.fail("used before: this answer was continued already")
  })
