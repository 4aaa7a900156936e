/**
 * A conversation with each call's result right after the turn that made it, where every API takes it: Anthropic the
 * `tool_result` blocks first in the next user message ("`tool_use` ids were found without `tool_result` blocks
 * immediately after", a 400 when text comes first: NousResearch/hermes-agent#65369, QwenLM/qwen-code#8165), Bedrock's
 * Claude the same, OpenAI's Chat Completions the `tool` messages right after the assistant's ("An assistant message
 * with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'"), Gemini the function
 * responses in the turn after the calls. A program's conversation may hold something between: the user's message
 * typed while the tools ran, context a program added (a reminder, a hook's output) between two results of a parallel
 * batch. Such a result goes up, after the turn's results before it; what was between keeps its order after them.
 *
 * A result of no call of the turn before it (a window of a longer conversation cut between a call and its result, a
 * turn left out) is left out: every API refuses it ("unexpected `tool_use_id` found in `tool_result` blocks", "messages
 * with role 'tool' must be a response to a preceeding message with 'tool_calls'", "No tool call found for function
 * call output"), and what it answered is no longer in the conversation.
 *
 * @internal
 */
import type * as Message from "../Message.js"

/** Whether `message` is a result of one of the calls `ids` names. */
const answers = (message: Message.Message, ids: ReadonlySet<string>): boolean =>
  message._tag === "ToolResultMessage" && ids.has(message.toolCallId)

/** The conversation with each turn's results right after it (see the module); itself when they are already. */
export const ordered = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> => {
  const sent: Array<Message.Message> = []
  let index = 0
  // The results before the first assistant turn answer none.
  let ids: ReadonlySet<string> = new Set()
  while (index < messages.length) {
    let end = index
    while (end < messages.length && messages[end]!._tag !== "AssistantMessage") end++
    const followers = messages.slice(index, end)
    sent.push(...followers.filter((follower) => answers(follower, ids)))
    sent.push(...followers.filter((follower) => follower._tag !== "ToolResultMessage"))
    const turn = messages[end]
    if (turn?._tag !== "AssistantMessage") break
    sent.push(turn)
    ids = new Set(turn.toolCalls.map((call) => call.id))
    index = end + 1
  }
  return sent.length === messages.length && sent.every((message, at) => message === messages[at]) ? messages : sent
}
