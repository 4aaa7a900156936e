/**
 * What an answer spent, signed in its message's metadata (`{ usd, usage, id }`, `id` a signed fact of kind `spent`,
 * binding the amount, the tokens used (since 0.7.0), the message, its chat and owner: `ApprovalToken`), put by
 * `fromSteps`. A 0.6 fact without `usage` is read as spent with its tokens unknown. Changed or moved, or (put under
 * a budget) expired or used before, it is refused: a request sent again cannot spend from the same point twice. Put
 * without a budget (`once: false`, bound in the signature), it only counts in the answer's totals: it is not claimed,
 * and an answer continued after its approvals expired goes on.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Effect from "effect/Effect"
import * as Usage from "../../core/Usage.js"
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
 * What an answer's requests spent, in USD, and the tokens they used (`undefined`: not known, as of a 0.6 fact).
 *
 * @since 0.7.0
 * @category Models
 */
export interface Spent {
  readonly usd: BigDecimal.BigDecimal
  readonly usage: Usage.Usage | undefined
}

/** The counts a fact carries, under the UI metadata's names (`Usage.views`' `ui` column; `totalTokens` derived). */
const carried = /* @__PURE__ */ Usage.shownIn("ui").flatMap(([count, name]) =>
  count === "totalTokens" ? [] : [[count, name] as const]
)

/** The tokens used as the fact writes them: each count reported, under its UI name. */
const usageText = (usage: Usage.Usage): Record<string, number> => {
  const text: Record<string, number> = {}
  for (const [count, name] of carried) {
    const value = Usage.countOf(usage, count)
    if (value !== undefined) text[name] = value
  }
  return text
}

/** The tokens a fact says were used: `undefined` when it says none (a 0.6 fact), `false` when not counts. */
const usageOf = (text: unknown): Usage.Usage | undefined | false => {
  if (text === undefined) return undefined
  if (typeof text !== "object" || text === null || Array.isArray(text)) return false
  const fields: Usage.Fields = {}
  const names = new Map(carried.map(([count, name]) => [name as string, count]))
  for (const [name, value] of Object.entries(text)) {
    const count = names.get(name)
    if (count === undefined || !Number.isSafeInteger(value) || (value as number) < 0) {
      return false
    }
    fields[count] = value as number
  }
  return Usage.make(fields)
}

/**
 * What the id is signed for: the fact (`ApprovalToken`) of what the answer `messageId` spent, `usd`, and the tokens
 * it used (`usage`, absent from a 0.6 fact, whose input is the amount alone); a fact that is not claimed
 * (`once: false`) under a name of its own.
 */
const spentCall = (usd: string, usage: Record<string, number> | undefined, messageId: string, once = true) => ({
  id: messageId,
  name: once ? "effect-llm-stream/spent" : "effect-llm-stream/spent-shown",
  input: usage === undefined ? usd : { usd, usage }
})

/**
 * The metadata of what the answer `messageId` spent and used (in the chat `binding` names), signed now; `once: false`
 * (an answer without a budget) for a fact that only counts in its totals, never claimed. Tokens not known are left
 * out, and stay unknown in the answer's later facts.
 */
export const issue = (spent: Spent, messageId: string, binding: Binding = {}, once = true) => {
  const usd = BigDecimal.format(BigDecimal.normalize(spent.usd))
  const usage = spent.usage === undefined ? undefined : usageText(spent.usage)
  const fact = usage === undefined ? { usd } : { usd, usage }
  return Effect.map(
    ApprovalToken.issue(spentCall(usd, usage, messageId, once), binding),
    (id) => ({ [metadataKey]: once ? { ...fact, id } : { ...fact, id, once } })
  )
}

/**
 * Why an answer under a budget that waited longer than its approvals last is not continued: its spend could be
 * taken again once its claim is forgotten.
 */
export const expired = "this answer waited longer than its approvals last, and under a budget it cannot go on: " +
  "send a new message"

/**
 * What an answer spent, from the metadata of its message (known by any of `messageIds`, in the chat `binding` names):
 * `undefined` when it carries none; the amount and tokens used once its signature checks out and its use is claimed;
 * else why not.
 */
export const read = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding = {}
): Effect.Effect<Spent | undefined, string> =>
  Effect.gen(function*() {
    const spent = typeof metadata === "object" && metadata !== null
      ? (metadata as Record<string, unknown>)[metadataKey]
      : undefined
    if (spent === undefined) return undefined
    const { id, once, usd, usage } = (typeof spent === "object" && spent !== null ? spent : {}) as Record<
      string,
      unknown
    >
    const amount = typeof usd === "string" && /^[0-9]{1,20}(\.[0-9]{1,30})?$/.test(usd)
      ? BigDecimal.fromString(usd)
      : undefined
    const forged = "not what this server signed for this answer"
    const used = usageOf(usage)
    if (typeof id !== "string" || amount?._tag !== "Some" || used === false) return yield* Effect.fail(forged)
    const signedUsage = usage === undefined ? undefined : usage as Record<string, number>
    let verdict: ApprovalToken.Verdict | undefined
    for (const messageId of messageIds) {
      // Expired, a fact's signature matched: it is this answer's.
      if (verdict?._tag === "Accepted" || verdict?.reason === "expired") break
      verdict = yield* ApprovalToken.check(
        id,
        spentCall(usd as string, signedUsage, messageId, once !== false),
        binding
      )
    }
    const read: Spent = { usd: amount.value, usage: used }
    // Not claimed, a fact that only counts in the totals is as good once expired (its signature checked): an answer
    // that waited longer than its approvals last goes on, its expired approvals refused by the loop.
    if (once === false && (verdict?._tag === "Accepted" || verdict?.reason === "expired")) return read
    if (verdict?._tag !== "Accepted") return yield* Effect.fail(verdict?.reason === "expired" ? expired : forged)
    const first = yield* Effect.result(ApprovalToken.claim("spent", verdict))
    if (first._tag === "Failure") return yield* Effect.fail("its use could not be recorded; try again later")
    return first.success ? read : yield* Effect.fail("used before: this answer was continued already")
  })
