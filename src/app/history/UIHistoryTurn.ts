/**
 * A chat request against the app's own stored history (`toMessages(body, { history })`): only the body's last message
 * is taken, a user's turn, or an assistant message's answers to approvals and the outputs of `clientTools`, each for
 * a call of the history.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import type * as UIRequestSchema from "../protocol/UIRequestSchema.js"
import * as UIHistoryCheck from "./UIHistoryCheck.js"

type ToolPart = UIRequestSchema.ToolPart & UIDecodedMessage.Part

/** The history's call with this id and its turn, when the part names it exactly (same tool, same input). */
const historyCall = (history: ReadonlyArray<Message.Message>, part: ToolPart): Conversation.Made | undefined => {
  for (const [turn, message] of history.entries()) {
    if (message._tag !== "AssistantMessage") continue
    const call = message.toolCalls.find((made) => made.id === part.toolCallId)
    if (call === undefined) continue
    const same = call.name === UIDecodedMessage.nameOf(part) &&
      CanonicalJson.canonicalJson(CanonicalJson.argumentsValue(call.arguments)) ===
        CanonicalJson.canonicalJson(part.input)
    return same ? { turn, call } : undefined
  }
  return undefined
}

/** The history with the body's new turn (its last message, at `index`). */
export const readTurn = (
  history: ReadonlyArray<Message.Message>,
  last: UIDecodedMessage.DecodedMessage | undefined,
  index: number,
  trust: UIHistoryCheck.Trust
): Effect.Effect<UIHistoryCheck.Read, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const read: UIHistoryCheck.Read = { messages: [...history], approvals: [] }
    if (last === undefined) return read
    if (last.role === "user") read.messages.push(yield* UIHistoryCheck.userTurn(last, index))
    else if (last.role === "system") read.messages.push(Message.system(UIDecodedMessage.textOf(last.parts)))
    else {
      const answered = Conversation.answeredCalls(history)
      const steps = UIDecodedMessage.stepsOf(last.parts)
      for (const { at, part } of steps[steps.length - 1]!) {
        if (!UIDecodedMessage.isToolPart(part) || part.providerExecuted === true) continue
        const field = `messages[${index}].parts[${at}]`
        // Of the outputs, only those of tools that run in the browser are its to say.
        const output = UIHistoryCheck.isOutcome(part) && part.state !== "output-denied" &&
          (!trust.signed || trust.clientTools.has(UIDecodedMessage.nameOf(part)))
        if (part.state !== "approval-responded" && !output) continue
        const made = historyCall(history, part)
        if (made === undefined) {
          return yield* UIDecodedMessage.invalid(
            field,
            `tool call ${JSON.stringify(part.toolCallId)} is not a call of the history (its id, tool and input)`
          )
        }
        if (part.state === "approval-responded") {
          read.approvals.push(yield* UIHistoryCheck.approvalOf(part, field, trust.binding))
        } else if (!answered.has(Conversation.keyOf(made.turn, made.call.id))) {
          answered.add(Conversation.keyOf(made.turn, made.call.id))
          read.messages.push(UIHistoryCheck.resultOf(part))
        }
      }
    }
    return read
  })
