/**
 * Answers a form's values that do not fit the form the server asked with (`FormFit.Refusal`) so that the stock `ai`
 * client shows the form again. That client (7.0.173, `AbstractChat`, what `useChat` runs) throws on a response that is
 * not OK, so after a 400 its part stays `approval-responded` and the person, who only typed a value the form does not
 * take, is not asked again until a reload. So the endpoint answers with a UI message stream (200): `start` with the
 * message's id (the same assistant message goes on), each interrupt the request answered asked again with the
 * `tool-approval-request` the chat's stored answer asked it with (the server's own record of its approval id, form and
 * reason, never the page's copy), then an `error` chunk with the refusal's sentence. The client's
 * `processUIMessageStream` sets each part back to `approval-requested` (its approval as asked, the answer dropped), and
 * at the `error` ends the request in error: `chat.error.message` is the sentence, `chat.status` is `error`, and
 * `sendAutomaticallyWhen` sends nothing on. Nothing is claimed, run or stored: the stored answer still ends asking,
 * so a reload shows the form. When the stored answer cannot tell (gone, replaced by another, or not waiting on every
 * interrupt the request answered), the refusal stays the 400 it is.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as FormFit from "../loop/FormFit.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as SseWriter from "../ui/SseWriter.js"
import * as UIHead from "../ui/UIHead.js"
import * as ChatReservation from "./ChatReservation.js"
import * as EndpointReply from "./EndpointReply.js"
import * as ResumableAnswer from "./ResumableAnswer.js"

/**
 * The chunks that ask again what `answered` answered, with the refusal's `sentence`: `start` of its message, the stored
 * request of each approval it answered, then `error`; `undefined` unless the stored answer (`earlier`) waits on each
 * (`ChatReservation.waitingRequests`).
 */
export const askingAgain = (
  answered: Pick<FormFit.Answered, "messageId" | "approvalIds">,
  earlier: ReadonlyArray<UIChunk.Chunk>,
  sentence: string
): ReadonlyArray<UIChunk.Chunk> | undefined => {
  const ids = new Set(answered.approvalIds)
  const asked = ChatReservation.waitingRequests(earlier).filter((request) => ids.has(request.approvalId))
  if (asked.length === 0 || asked.length !== ids.size) return undefined
  return [{ type: "start", messageId: answered.messageId }, ...asked, { type: "error", errorText: sentence }]
}

/**
 * `failure`, the refusal of a chat request of `owner`, answered for values that do not fit their form by the stream
 * that asks again what the request answered (`FormFit.Refusal`'s `answered`, as the request's decoder read it;
 * `askingAgain`, from the chat's stored answer), the chat named in `context` for its log line; any other refusal, or
 * one the stored answer cannot tell, as it is.
 */
export const refused = (failure: EndpointReply.Failure, owner: string, context: EndpointReply.Context) =>
  Effect.gen(function*() {
    const { error } = failure
    if (!(error instanceof FormFit.Refusal)) return yield* Effect.fail(failure)
    const { answered } = error
    if (answered === undefined || answered.approvalIds.length === 0) return yield* Effect.fail(failure)
    const earlier = yield* ResumableAnswer.earlierChunks(answered.chatId, owner, answered.messageId)
    const chunks = askingAgain(answered, earlier, error.message)
    if (chunks === undefined) return yield* Effect.fail(failure)
    context.chatId = answered.chatId
    const response = yield* SseWriter.serve(Stream.fromIterable(chunks), UIHead.uiWire, undefined, false)
    return yield* Effect.fail(EndpointReply.failure(error, undefined, { response, said: "asked the form again" }))
  })
