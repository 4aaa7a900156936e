/**
 * A conversation without the calls it went on from unanswered. A program's call with no result before the user's next
 * message (a call waiting for the user's approval when the user asks something else instead, in a conversation a
 * program keeps) is refused by every API: OpenAI "An assistant message with 'tool_calls' must be followed by tool
 * messages responding to each 'tool_call_id'", Anthropic "`tool_use` ids were found without `tool_result` blocks
 * immediately after", the Responses API "No tool output found for function call", Bedrock and Gemini alike.
 *
 * Such a turn goes as its text and its answered calls, as another provider's turn goes (its provider's blocks left
 * out: they hold the call, and a turn that is not the one under way needs none of its reasoning). The browser's path
 * keeps more of the turn, by its provider's blocks (`AnsweredTurn`, in `UIMessageStream.toMessages` and AG-UI's
 * resume). A turn a user message does not follow keeps its calls: their results are still to come (the loop runs
 * them, an approval answers them).
 *
 * @internal
 */
import * as Message from "../Message.js"

/**
 * The ids of the results that answer the turn at `index` (those after it, before the next turn), and whether a user
 * message follows it there.
 */
const followersOf = (messages: ReadonlyArray<Message.Message>, index: number) => {
  const results = new Set<string>()
  let userFollows = false
  for (let at = index + 1; at < messages.length && messages[at]!._tag !== "AssistantMessage"; at++) {
    const message = messages[at]!
    if (message._tag === "ToolResultMessage") results.add(message.toolCallId)
    if (message._tag === "UserMessage") userFollows = true
  }
  return { results, userFollows }
}

/**
 * The conversation without the calls a user message follows unanswered (see the module); itself when there are none.
 */
export const answered = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> => {
  let changed = false
  const sent = messages.map((message, index) => {
    if (message._tag !== "AssistantMessage" || message.toolCalls.length === 0) return message
    const { results, userFollows } = followersOf(messages, index)
    if (!userFollows || message.toolCalls.every((call) => results.has(call.id))) return message
    changed = true
    return new Message.AssistantMessage({
      text: message.text,
      toolCalls: message.toolCalls.filter((call) => results.has(call.id))
    })
  })
  return changed ? sent : messages
}
