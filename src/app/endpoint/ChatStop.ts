/**
 * What a page's Stop names beside its chat (`POST <path>/:id/stop`): the continuation it stops, by the approval ids it
 * answers. The `ai` client's `stop()` sends nothing to the server; the AI SDK's guide has the page send the current
 * assistant message in the stop's body, `{ assistantMessage, activeStreamId }` ("Stop an Active Resumable Stream",
 * vercel/ai `content/docs/04-ai-sdk-ui/03-chatbot-resume-streams.mdx`). Pressed at once after approving a call (or
 * answering a form or a budget question), that message holds the answers (`approval-responded` parts, `ai` 7's
 * `ToolUIPart`): the continuation about to reach the server carries the same approval ids, each issued once, answered
 * once, so a stop kept under them stops that continuation and no later answer (`EarlyStop`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Tool from "../../core/Tool.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as EarlyStop from "../store/EarlyStop.js"

/** A part answered by the person and not yet sent on to its tool (`ai` 7's `approval-responded` tool part). */
const AnsweredPart = Schema.Struct({
  state: Schema.Literal("approval-responded"),
  approval: Schema.Struct({ id: Schema.String })
})

const isAnswered = Schema.is(AnsweredPart)

/** The stop's body as the AI SDK's guide sends it; other fields (`activeStreamId`) are the app's own. */
const StopBody = Schema.Struct({
  assistantMessage: Schema.optionalKey(Schema.Struct({ parts: Schema.Array(Schema.Unknown) }))
})

const decodeBody = Schema.decodeUnknownResult(Schema.fromJsonString(StopBody))

/**
 * The names a stop's `body` gives what it stops: the approval ids its `assistantMessage` answers (none for an empty
 * body, or a message answering nothing). A body that is not that JSON, or names more than `EarlyStop.maxNames`, is a
 * 400 naming the field.
 */
export const namesOf = (body: string): Effect.Effect<ReadonlyArray<string>, ProviderError.InvalidRequestError> => {
  if (body.trim() === "") return Effect.succeed([])
  const decoded = decodeBody(body)
  if (decoded._tag === "Failure") {
    return Effect.fail(UIDecodedMessage.invalid("", "a stop's body is JSON: { assistantMessage?: { parts: [...] } }"))
  }
  const names = (decoded.success.assistantMessage?.parts ?? []).flatMap((part) =>
    isAnswered(part) ? [part.approval.id] : []
  )
  return names.length > EarlyStop.maxNames
    ? Effect.fail(
      UIDecodedMessage.invalid("assistantMessage.parts", `more than ${EarlyStop.maxNames} answered approvals`)
    )
    : Effect.succeed(names)
}

/** The names a continuation carries for a stop to take: the approval ids it answers (none for a new answer). */
export const carried = (approvals: ReadonlyArray<Tool.ToolApproval>): ReadonlyArray<string> =>
  approvals.flatMap(({ approvalId }) => approvalId === undefined ? [] : [approvalId])
