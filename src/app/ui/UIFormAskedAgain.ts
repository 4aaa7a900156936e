/**
 * A form's values that do not fit the form the server asked with (`FormFit.Refusal`), answered so that the stock `ai`
 * client shows the form again. That client (7.0.173, `AbstractChat`, what `useChat` runs) throws on a response that is
 * not OK, so after a 400 its part stays `approval-responded` and the person, who only typed a value the form does not
 * take, is not asked again until a reload. So the server answers with a UI message stream (200): `start` with the
 * message's id (the same assistant message goes on), each interrupt the request answered asked again with the
 * `tool-approval-request` the chat's stored answer asked it with (the server's own record of its approval id, form and
 * reason, never the page's copy), then an `error` chunk with the refusal's sentence. The client's
 * `processUIMessageStream` sets each part back to `approval-requested` (its approval as asked, the answer dropped), and
 * at the `error` ends the request in error: `chat.error.message` is the sentence, `chat.status` is `error`, and
 * `sendAutomaticallyWhen` sends nothing on. Nothing is claimed, run or stored: the stored answer still ends asking,
 * so a reload shows the form. When the stored answer cannot tell (gone, replaced by another, or not waiting on every
 * interrupt the request answered), the refusal stays the 400 it is. `ChatEndpoint` answers so (`FormAskedAgain`), and a
 * hand-built server that stores its answers under the chat's id (`UIMessageStream.askAgain`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as FormFit from "../loop/FormFit.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as UIStoredAnswer from "./UIStoredAnswer.js"

/**
 * The chunks that ask again what `answered` answered, with the refusal's `sentence`: `start` of its message, the stored
 * request of each approval it answered, then `error`; `undefined` unless the stored answer (`earlier`) waits on each
 * (`UIStoredAnswer.waitingRequests`).
 */
export const askingAgain = (
  answered: Pick<FormFit.Answered, "messageId" | "approvalIds">,
  earlier: ReadonlyArray<UIChunk.Chunk>,
  sentence: string
): ReadonlyArray<UIChunk.Chunk> | undefined => {
  const ids = new Set(answered.approvalIds)
  const asked = UIStoredAnswer.waitingRequests(earlier).filter((request) => ids.has(request.approvalId))
  if (asked.length === 0 || asked.length !== ids.size) return undefined
  return [{ type: "start", messageId: answered.messageId }, ...asked, { type: "error", errorText: sentence }]
}

/** The chunks that ask a form again, and the chat whose stored answer they come from. */
export interface AskedAgain {
  readonly chatId: string
  readonly chunks: ReadonlyArray<UIChunk.Chunk>
}

/**
 * What asks again the forms a chat request of `owner` answered with values that do not fit (`error`, a
 * `FormFit.Refusal` with what the request `answered`, as its decoder read it), from the chat's stored answer under its
 * id (`askingAgain`); `undefined` for any other error, or a refusal the stored answer cannot tell.
 */
export const askedAgain = (error: unknown, owner: string | undefined): Effect.Effect<AskedAgain | undefined> =>
  Effect.gen(function*() {
    if (!(error instanceof FormFit.Refusal)) return undefined
    const { answered } = error
    if (answered === undefined || answered.approvalIds.length === 0) return undefined
    const earlier = yield* UIStoredAnswer.earlierChunks(answered.chatId, owner, answered.messageId)
    const chunks = askingAgain(answered, earlier, error.message)
    return chunks === undefined ? undefined : { chatId: answered.chatId, chunks }
  })
