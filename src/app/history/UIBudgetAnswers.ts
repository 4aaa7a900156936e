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

/** The fact of a budget question's call (its part's id and name), answered in the answer `messageId`. */
export const callFact = (
  call: { readonly id: string; readonly name: string },
  messageId: string,
  questionId: string
): UIHistoryFacts.CallFact => ({ id: call.id, name: call.name, input: { question: questionId, message: messageId } })

/**
 * Whether `metadata`, the answer `messageId`'s, holds this server's signature that its question `questionId` was
 * answered `continue` (the output the loop gives its question's call), in the chat `binding` names.
 */
export const continued = (
  metadata: unknown,
  call: { readonly id: string; readonly name: string },
  messageId: string,
  questionId: string,
  binding: ApprovalGate.Binding | undefined
): Effect.Effect<boolean> =>
  Effect.gen(function*() {
    const signed = UIHistoryFacts.signedOf(metadata)
    if (signed === undefined) return false
    const fact = yield* UIHistoryFacts.outcomeFact(callFact(call, messageId, questionId), {
      kind: "output",
      output: "continue"
    })
    return (yield* UIHistoryFacts.check(signed, fact, binding)).valid
  })
