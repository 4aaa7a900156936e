/**
 * A budget question's answer as a served stream signs it: the outcome of the question's own call (`continue`, or
 * denied), its call fact naming the question and the answer that asked it (its message), signed when the loop took
 * the answer (`UIHistorySigner`). A later request continuing that answer counts its question answered only with that
 * signature: a part the browser marks answered is no answer (`UIToMessages`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type * as ApprovalGate from "../loop/ApprovalGate.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

/** Which question a budget question's part asks: the budget's (`runTools({ budget })`) or a spend limit's. */
export type Kind = "budget" | "spend-limit"

/**
 * The fact of a budget question's call (its part's id and name), answered in the answer `messageId`; a spend limit's
 * question says so (`kind`), the budget's says nothing, as facts signed before there were two kinds did.
 */
export const callFact = (
  call: { readonly id: string; readonly name: string },
  messageId: string,
  questionId: string,
  kind: Kind = "budget"
): UIHistoryFacts.CallFact => ({
  id: call.id,
  name: call.name,
  input: { question: questionId, message: messageId, ...(kind === "budget" ? {} : { kind }) }
})

/**
 * Which question, if any, `metadata`, the answer `messageId`'s, holds this server's signature that `questionId` was
 * answered `continue` as (the output the loop gives its question's call), in the chat `binding` names: the budget's,
 * a spend limit's, or `undefined` (not signed so).
 */
export const continued = (
  metadata: unknown,
  call: { readonly id: string; readonly name: string },
  messageId: string,
  questionId: string,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<Kind | undefined> =>
  Effect.gen(function*() {
    const signed = UIHistoryFacts.signedOf(metadata)
    if (signed === undefined) return undefined
    for (const kind of ["budget", "spend-limit"] as const) {
      const fact = yield* UIHistoryFacts.outcomeFact(callFact(call, messageId, questionId, kind), {
        kind: "output",
        output: "continue"
      })
      if ((yield* UIHistoryFacts.check(signed, fact, binding)).valid) return kind
    }
    return undefined
  })
