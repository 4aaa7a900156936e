/**
 * Whether an answer fits what its interrupt asks, as the server signed it (`ApprovalToken.Asks`; the budget's question
 * by its own id): an approval takes approved or denied (approved, with an edited input, unless its provider runs the
 * call), never a form's values; a tool's request for input takes the form's values when accepted, or a decline or a
 * cancel; the budget's question takes go on or stop, nothing more. An answer that does not fit is refused before
 * anything reads it, with one sentence for the person naming the cause (a 400 naming the field), and its interrupt
 * stays open: nothing is claimed or run. AG-UI's `resume` and the UI message stream's approval responses are both
 * checked by it.
 *
 * @internal
 */
import * as Provider from "../../core/Provider.js"
import * as ProviderError from "../../core/ProviderError.js"
import type * as ApprovalToken from "./ApprovalToken.js"

/**
 * What an interrupt asks: an approval, an approval of a call its provider runs (`provider`: as the model made it), a
 * form's values (`input`), or the budget's question.
 */
export type Asked = ApprovalToken.Asks | "provider" | "question"

/** An answer as a client gave it: approved or not, with a form's values, a cancel, or an edited input. */
export interface Answer {
  readonly approved: boolean
  readonly content?: unknown
  readonly action?: string | undefined
  readonly input?: unknown
}

/** What does not fit: the member of the answer, and the sentence the person is told. */
export interface Misfit {
  readonly member: "content" | "action" | "input"
  readonly message: string
}

const formToApproval = "This question asks only to approve or deny the tool call, not for a form's values."
const approvalToForm = "This question asks for the form's values, which this answer does not give."
const moreThanQuestion = "This question asks only whether to go on or stop, not for a form's values or an edit."
const providerEdit = "This tool call runs as the model made it, so its input cannot be edited."

/** The first member of `answer` that `asked` does not take, with its sentence; `undefined` when the answer fits. */
export const misfitOf = (asked: Asked, answer: Answer): Misfit | undefined => {
  switch (asked) {
    case "provider":
      if (answer.approved && answer.input !== undefined) return { member: "input", message: providerEdit }
      return misfitOf("approval", answer)
    case "approval":
      if (answer.content !== undefined) return { member: "content", message: formToApproval }
      return answer.action === undefined ? undefined : { member: "action", message: formToApproval }
    case "input":
      return answer.approved && answer.content === undefined
        ? { member: "content", message: approvalToForm }
        : undefined
    case "question": {
      const member = (["content", "action", "input"] as const).find((key) => answer[key] !== undefined)
      return member === undefined ? undefined : { member, message: moreThanQuestion }
    }
  }
}

/** The refusal of an answer that does not fit (`misfit`, at `field`): a 400 in the person's words. */
export const refusal = (field: string, misfit: Misfit): ProviderError.InvalidRequestError =>
  new ProviderError.InvalidRequestError({
    provider: Provider.browser,
    message: misfit.message,
    parameter: field,
    status: 400
  })
