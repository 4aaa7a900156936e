/**
 * What an answer spent, signed in its message's metadata (`{ usd, usage, steps, question, continued, limits, id, once
 * }`, `id` a signed fact of kind `spent`, binding the amount, the tokens used and the steps made (since 0.7.0: the
 * count a person is shown, which a browser can neither lower nor raise), the id of the budget question the answer
 * waits on (when it does; `null` shown otherwise, as the `ai` client merges metadata key by key), whether its question
 * was answered `continue` (when it was; `false` shown otherwise), the ids of the spend limits whose question was
 * answered `continue` (`limitIdOf`; `[]` shown when none), the message, its chat and owner: `ApprovalToken`), put by
 * `fromSteps`. A 0.6 fact without `usage` is read as spent with its tokens unknown; a fact without `steps` (signed
 * before they were counted) as of no step known, the answer's count going on from the next request's steps. Changed or
 * moved, or (put under a budget) expired, used before or superseded by a later fact of the answer (`supersede`), it is
 * refused: a request sent again cannot spend from the same point twice, nor from an earlier one. Put without a budget
 * (`once: false`, bound in the signature), it only counts in the answer's totals: it is not claimed, and an answer
 * continued after its approvals expired goes on.
 *
 * @internal
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as Usage from "../../core/Usage.js"
import type { Binding } from "../loop/ApprovalGate.js"
import * as ApprovalToken from "./ApprovalToken.js"
import * as SigningKey from "./SigningKey.js"

/** The most ids an answer's record holds (more limits answered in one answer are asked again). */
export const maxLimitIds = 32

/**
 * A spend limit's id, as the fact names the limits a person let the answer go past: a tag under the server's signing
 * key of its `key` and `window` (whole milliseconds; never shown as they are), so the same limit has the same id
 * whatever its place in the request's list; `undefined` for a limit the guard refuses. A request continuing the answer
 * gives the ids back (`RunRequest.limitsAnswered`), and the loop, which names a limit through its gate
 * (`ApprovalGate.Gate.limitId`: this in the UI's gate), does not ask those again.
 */
export const limitIdOf = (limit: CallRequest.SpendLimit | undefined): Effect.Effect<string | undefined> => {
  const window = limit === undefined ? Option.none() : Duration.fromInput(limit.window)
  if (typeof limit?.key !== "string" || Option.isNone(window) || !Duration.isFinite(window.value)) {
    return Effect.undefined
  }
  const millis = Math.round(Duration.toMillis(window.value))
  return Effect.flatMap(
    SigningKey.Signing,
    (key) => key.tag(JSON.stringify(["effect-llm-stream/spend-limit/v1", limit.key, millis]))
  )
}

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
  /**
   * The steps the answer made over its requests (since 0.7.0; `undefined`: not known, as of a fact signed before they
   * were counted).
   */
  readonly steps?: number | undefined
  /** The answer's budget question was answered `continue` in an earlier step or request: it is not asked again. */
  readonly continued?: boolean | undefined
  /**
   * The ids of the spend limits whose question was answered `continue` in an earlier step or request of the answer:
   * they are not asked again in it.
   */
  readonly limits?: ReadonlyArray<string> | undefined
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
 * What a fact says besides its message: the amount, the tokens used, the question the answer waits on, whether its
 * question was answered `continue`, and the spend limits whose question was (none: left out).
 */
interface Fact {
  readonly usd: string
  readonly usage?: Record<string, number> | undefined
  readonly steps?: number | undefined
  readonly question?: string | undefined
  readonly continued?: true | undefined
  readonly limits?: ReadonlyArray<string> | undefined
}

/**
 * What the id is signed for: the fact (`ApprovalToken`) of what the answer `messageId` spent, `usd`, the tokens it
 * used (`usage`), the steps it made (`steps`), the budget question it waits on (`question`), that its question was
 * answered `continue` (`continued`) and the spend limits whose question was (`limits`), each when so (a 0.6 fact's
 * input is the amount alone); a fact that is not claimed (`once: false`) under a name of its own.
 */
const spentCall = ({ continued, limits, question, steps, usage, usd }: Fact, messageId: string, once = true) => ({
  id: messageId,
  name: once ? "effect-llm-stream/spent" : "effect-llm-stream/spent-shown",
  input: [usage, steps, question, continued, limits].every((field) => field === undefined) ? usd : {
    usd,
    ...(usage === undefined ? {} : { usage }),
    ...(steps === undefined ? {} : { steps }),
    ...(question === undefined ? {} : { question }),
    ...(continued === undefined ? {} : { continued }),
    ...(limits === undefined ? {} : { limits })
  }
})

/**
 * The metadata of what the answer `messageId` spent and used (in the chat `binding` names) and whether its question
 * was answered `continue` (`spent.continued`), signed now, with the id of the budget question it waits on
 * (`question`), if any; `once: false` (an answer without a budget) for a fact that only counts in its totals, never
 * claimed. Tokens not known are left out, and stay unknown in the answer's later facts.
 */
export const issue = (
  spent: Spent,
  messageId: string,
  binding: Binding = {},
  once = true,
  question?: string | undefined
) => {
  const usd = BigDecimal.format(BigDecimal.normalize(spent.usd))
  const usage = spent.usage === undefined ? undefined : usageText(spent.usage)
  const limits = spent.limits ?? []
  const fact: Fact = {
    usd,
    ...(usage === undefined ? {} : { usage }),
    ...(spent.steps === undefined ? {} : { steps: spent.steps }),
    ...(question === undefined ? {} : { question }),
    ...(spent.continued === true ? { continued: true } : {}),
    ...(limits.length === 0 ? {} : { limits })
  }
  // The `ai` client merges a message's metadata key by key (an array replaced whole): a fact that waits on no question
  // says so (`null`, read as none), and one whose questions were not answered says so, or the fields of the fact
  // before it would stay.
  const shown = { ...fact, question: question ?? null, continued: spent.continued === true, limits }
  return Effect.map(
    ApprovalToken.issue(spentCall(fact, messageId, once), binding),
    // `once` shown either way: a question's fact (claimed) after a step's (not) would keep the step's `false`.
    (id) => ({ [metadataKey]: { ...shown, id, once } })
  )
}

/**
 * Uses up the fact `id` (one `issue` signed under a budget) as a continuation's `read` does, once a later fact of the
 * same answer supersedes it: a request that continues from an earlier step's fact, spending from a point before the
 * last, is refused (`used before`). A store that cannot record it is logged; the fact then stays as good as before.
 */
export const supersede = (id: string): Effect.Effect<void> =>
  Effect.gen(function*() {
    const key = yield* SigningKey.Signing
    const expiresAt = ApprovalToken.expiresAtOf(id, key.approvalTtl)
    if (expiresAt === undefined) return
    yield* ApprovalToken.claim("spent", { tag: id.split(".")[3]!, expiresAt })
  }).pipe(
    Effect.catch((error) =>
      Effect.logWarning(`an earlier fact of what an answer spent was not used up: ${error.message}`)
    )
  )

/**
 * Why an answer under a budget that waited longer than its approvals last is not continued: its spend could be
 * taken again once its claim is forgotten.
 */
export const expired = "this answer waited longer than its approvals last, and under a budget it cannot go on: " +
  "send a new message"

/** Why a fact is not taken once another request took it: the answer was continued already (or went on past it). */
export const usedBefore = "used before: this answer was continued already"

/** A fact of an answer's metadata, its signature checked (not claimed). */
interface Checked {
  readonly spent: Spent
  readonly question: string | undefined
  readonly once: boolean
  readonly verdict: ApprovalToken.Verdict | undefined
}

const forged = "not what this server signed for this answer"

/** Whether a fact's `limits` is as `issue` shows it: none (a fact before 0.7), or a short list of ids. */
const isLimits = (limits: unknown): limits is ReadonlyArray<string> | undefined =>
  limits === undefined ||
  (Array.isArray(limits) && limits.length <= maxLimitIds &&
    limits.every((id) => typeof id === "string" && id.length <= 64))

/** Whether a fact's `steps` is as `issue` shows it: none (a fact before they were counted), or a count. */
const isSteps = (steps: unknown): steps is number | undefined =>
  steps === undefined || (Number.isSafeInteger(steps) && (steps as number) >= 0)

/** Whether a fact's signature matched, though it may have expired. */
const signed = (verdict: ApprovalToken.Verdict | undefined): boolean =>
  verdict?._tag === "Accepted" || verdict?.reason === "expired"

/** The fact of `metadata`, read and its signature checked for any of `messageIds`; never claimed. */
const checked = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding
): Effect.Effect<Checked | undefined, string> =>
  Effect.gen(function*() {
    const spent = typeof metadata === "object" && metadata !== null
      ? (metadata as Record<string, unknown>)[metadataKey]
      : undefined
    if (spent === undefined) return undefined
    const { continued, id, limits, once, question, steps, usd, usage } =
      (typeof spent === "object" && spent !== null ? spent : {}) as Record<string, unknown>
    const amount = typeof usd === "string" && /^[0-9]{1,20}(\.[0-9]{1,30})?$/.test(usd)
      ? BigDecimal.fromString(usd)
      : undefined
    const used = usageOf(usage)
    if (
      typeof id !== "string" || amount?._tag !== "Some" || used === false || !isSteps(steps) ||
      (question !== undefined && question !== null && typeof question !== "string") ||
      (continued !== undefined && typeof continued !== "boolean") || !isLimits(limits)
    ) return yield* Effect.fail(forged)
    const asked = typeof question === "string" ? question : undefined
    const fact: Fact = {
      usd: usd as string,
      usage: usage as Record<string, number> | undefined,
      steps,
      question: asked,
      continued: continued === true ? true : undefined,
      limits: limits === undefined || limits.length === 0 ? undefined : limits
    }
    let verdict: ApprovalToken.Verdict | undefined
    for (const messageId of messageIds) {
      // Expired, a fact's signature matched: it is this answer's.
      if (signed(verdict)) break
      verdict = yield* ApprovalToken.check(id, spentCall(fact, messageId, once !== false), binding)
    }
    const read: Spent = {
      usd: amount.value,
      usage: used,
      ...(steps === undefined ? {} : { steps }),
      ...(fact.continued ? { continued: true } : {}),
      ...(fact.limits === undefined ? {} : { limits: fact.limits })
    }
    return { spent: read, question: asked, once: once !== false, verdict }
  })

/**
 * The id of the budget question the answer of `metadata` waits on, as this server signed it with what the answer
 * spent (an expired fact too); `undefined` when it waits on none, or its fact is not this server's. Not claimed.
 */
export const questionOf = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding = {}
): Effect.Effect<string | undefined> =>
  Effect.match(checked(metadata, messageIds, binding), {
    onFailure: () => undefined,
    onSuccess: (fact) => fact !== undefined && signed(fact.verdict) ? fact.question : undefined
  })

/**
 * What an answer spent, from the metadata of its message (known by any of `messageIds`, in the chat `binding` names):
 * `undefined` when it carries none; the amount and tokens used (and `continued`, when its question was answered so)
 * once its signature checks out and its use is claimed; else why not.
 */
export const read = (
  metadata: unknown,
  messageIds: ReadonlyArray<string>,
  binding: Binding = {}
): Effect.Effect<Spent | undefined, string> =>
  Effect.gen(function*() {
    const fact = yield* checked(metadata, messageIds, binding)
    if (fact === undefined) return undefined
    const verdict = fact.verdict
    // Not claimed, a fact that only counts in the totals is as good once expired (its signature checked): an answer
    // that waited longer than its approvals last goes on, its expired approvals refused by the loop.
    if (!fact.once && signed(verdict)) return fact.spent
    if (verdict?._tag !== "Accepted") return yield* Effect.fail(verdict?.reason === "expired" ? expired : forged)
    const first = yield* Effect.result(ApprovalToken.claim("spent", verdict))
    if (first._tag === "Failure") return yield* Effect.fail("its use could not be recorded; try again later")
    return first.success ? fact.spent : yield* Effect.fail(usedBefore)
  })
