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
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Payload from "../../core/payload/Payload.js"
import * as FormFit from "../loop/FormFit.js"
import type * as UIChunk from "../protocol/UIChunk.js"
import * as SseWriter from "../ui/SseWriter.js"
import * as UIHead from "../ui/UIHead.js"
import * as EndpointReply from "./EndpointReply.js"
import * as ResumableAnswer from "./ResumableAnswer.js"

/** What a chat request answers: its chat, the assistant message it continues, and the approvals answered there. */
interface Answered {
  readonly chatId: string
  readonly messageId: string
  readonly approvalIds: ReadonlySet<string>
}

/** What the body (JSON text, read and decoded once already) answers; `undefined` when it continues no message. */
const answeredIn = (body: string): Answered | undefined => {
  const json: unknown = Result.getOrUndefined(Result.try(() => JSON.parse(body)))
  const messages = Payload.isRecord(json) && Array.isArray(json["messages"]) ? json["messages"] : []
  const last: unknown = messages.at(-1)
  if (!Payload.isRecord(json) || typeof json["id"] !== "string") return undefined
  if (!Payload.isRecord(last) || last["role"] !== "assistant" || typeof last["id"] !== "string") return undefined
  const parts: ReadonlyArray<unknown> = Array.isArray(last["parts"]) ? last["parts"] : []
  const approvalIds = new Set(parts.flatMap((part) => {
    const id = Payload.isRecord(part) && part["state"] === "approval-responded" && Payload.isRecord(part["approval"])
      ? part["approval"]["id"]
      : undefined
    return typeof id === "string" ? [id] : []
  }))
  return { chatId: json["id"], messageId: last["id"], approvalIds }
}

/**
 * The requests an answer's stored chunks wait on at their end, as they were sent: each `tool-approval-request` with no
 * response after it and no step begun after it (the answer went on without it).
 */
export const waitingRequests = (chunks: ReadonlyArray<UIChunk.Chunk>): Array<UIChunk.ToolApprovalRequest> => {
  const waiting = new Map<string, UIChunk.ToolApprovalRequest>()
  for (const chunk of chunks) {
    if (chunk.type === "tool-approval-request") waiting.set(chunk.approvalId, chunk)
    else if (chunk.type === "tool-approval-response") waiting.delete(chunk.approvalId)
    else if (chunk.type === "start-step") waiting.clear()
  }
  return [...waiting.values()]
}

/**
 * The chunks that ask again what `answered` answered, with the refusal's `sentence`: `start` of its message, the stored
 * request of each approval it answered, then `error`; `undefined` unless the stored answer (`earlier`) waits on each.
 */
export const askingAgain = (
  answered: { readonly messageId: string; readonly approvalIds: ReadonlySet<string> },
  earlier: ReadonlyArray<UIChunk.Chunk>,
  sentence: string
): ReadonlyArray<UIChunk.Chunk> | undefined => {
  const asked = waitingRequests(earlier).filter((request) => answered.approvalIds.has(request.approvalId))
  if (asked.length === 0 || asked.length !== answered.approvalIds.size) return undefined
  return [{ type: "start", messageId: answered.messageId }, ...asked, { type: "error", errorText: sentence }]
}

/**
 * `failure`, the refusal of the chat request `body` of `owner`, answered for values that do not fit their form by the
 * stream that asks again what the request answered (`askingAgain`, from the chat's stored answer); any other refusal,
 * or one the stored answer cannot tell, as it is.
 */
export const refused = (
  failure: EndpointReply.Failure,
  body: string,
  owner: string
) =>
  Effect.gen(function*() {
    const { error } = failure
    if (!(error instanceof FormFit.Refusal)) return yield* Effect.fail(failure)
    const answered = answeredIn(body)
    if (answered === undefined || answered.approvalIds.size === 0) return yield* Effect.fail(failure)
    const earlier = yield* ResumableAnswer.earlierChunks(answered.chatId, owner, answered.messageId)
    const chunks = askingAgain(answered, earlier, error.message)
    if (chunks === undefined) return yield* Effect.fail(failure)
    const response = yield* SseWriter.serve(Stream.fromIterable(chunks), UIHead.uiWire, undefined, false)
    return yield* Effect.fail(EndpointReply.failure(error, undefined, response))
  })
