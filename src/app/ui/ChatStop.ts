/**
 * What a page's Stop names beside its chat (`POST <path>/:id/stop`, `UIMessageStream.stop`'s `body`, taken by the
 * answer `resumable` is given the `chat` of): the continuation it stops, by the approval ids it
 * answers, or the answer to the person's message, by that message's id. The `ai` client's `stop()` sends nothing to
 * the server; the AI SDK's guide has the page send the current assistant message in the stop's body, `{
 * assistantMessage, activeStreamId }` ("Stop an Active Resumable Stream", vercel/ai
 * `content/docs/04-ai-sdk-ui/03-chatbot-resume-streams.mdx`). Pressed at once after approving a call (or answering a
 * form or a budget question), that message holds the answers (`approval-responded` parts, `ai` 7's `ToolUIPart`): the
 * continuation about to reach the server carries the same approval ids, each issued once, answered once, so a stop kept
 * under them stops that continuation and no later answer (`EarlyStop`). Pressed at once after sending a message, the
 * page's last message is the person's: its id (`messageId`, this library's field beside the guide's) names the answer
 * to it, which no later answer is (a next message has an id of its own; a regenerate, which answers it again, does not
 * take such a stop).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as UIToMessages from "../history/UIToMessages.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as EarlyStop from "../store/EarlyStop.js"

/** A part answered by the person and not yet sent on to its tool (`ai` 7's `approval-responded` tool part). */
const AnsweredPart = Schema.Struct({
  state: Schema.Literal("approval-responded"),
  approval: Schema.Struct({ id: Schema.String })
})

const isAnswered = Schema.is(AnsweredPart)

/** The stop's body as the AI SDK's guide sends it, with `messageId`; other fields (`activeStreamId`) are the app's. */
const StopBody = Schema.Struct({
  assistantMessage: Schema.optionalKey(Schema.Struct({ parts: Schema.Array(Schema.Unknown) })),
  messageId: Schema.optionalKey(Schema.String)
})

/** The name of an approval's continuation, and of the answer to a person's message: apart, whatever the ids. */
const approvalName = (approvalId: string) => `approval ${approvalId}`
const messageName = (messageId: string) => `message ${messageId}`

const decodeBody = Schema.decodeUnknownResult(Schema.fromJsonString(StopBody))

/**
 * The names a stop's `body` gives what it stops: the approval ids its `assistantMessage` answers, and its `messageId`
 * (none for an empty body). A body that is not that JSON, or names more than `EarlyStop.maxNames`, is a 400 naming the
 * field.
 */
export const namesOf = (body: string): Effect.Effect<ReadonlyArray<string>, ProviderError.InvalidRequestError> => {
  if (body.trim() === "") return Effect.succeed([])
  const decoded = decodeBody(body)
  if (decoded._tag === "Failure") {
    return Effect.fail(
      UIDecodedMessage.invalid("", "a stop's body is JSON: { assistantMessage?: { parts: [...] }, messageId?: string }")
    )
  }
  const { assistantMessage, messageId } = decoded.success
  const names = (assistantMessage?.parts ?? []).flatMap((part) =>
    isAnswered(part) ? [approvalName(part.approval.id)] : []
  )
  if (messageId !== undefined) names.push(messageName(messageId))
  return names.length > EarlyStop.maxNames
    ? Effect.fail(
      UIDecodedMessage.invalid("assistantMessage.parts", `more than ${EarlyStop.maxNames} answered approvals`)
    )
    : Effect.succeed(names)
}

/**
 * The names an answer carries for a stop to take: a continuation's, the approval ids it answers; a new answer's, the id
 * of the person's message it answers (its body's last); a regenerate's, none.
 */
export const carried = (chat: UIToMessages.ChatRequest): ReadonlyArray<string> => {
  if (chat.responseMessageId !== undefined) {
    return chat.approvals.flatMap(({ approvalId }) => approvalId === undefined ? [] : [approvalName(approvalId)])
  }
  const last = chat.messageIds.at(-1)
  return chat.trigger === "regenerate-message" || last === undefined ? [] : [messageName(last)]
}
