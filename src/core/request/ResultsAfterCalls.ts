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
 * call output"), and what it answered is no longer in the conversation. So is a result whose tool is not its call's
 * (`answers`): with call ids repeated across turns (a stored or trusted history), a `get_location` result never reaches
 * the model as the `send_email` call's.
 *
 * @internal
 */
import * as Message from "../Message.js"

/**
 * Whether `result` answers the call `id` of the tool `name`: the same id and the same tool (a result that names no
 * tool, by its id alone).
 */
export const answers = (result: Message.ToolResultMessage, id: string, name: string): boolean =>
  result.toolCallId === id && (result.name === "" || result.name === name)

/**
 * The results among `followers` that answer one of the calls `names` holds, each under its call's name: Gemini takes
 * a `functionResponse` only under its `functionCall`'s name (AstrBotDevs/AstrBot#10174).
 */
const resultsOf = (
  followers: ReadonlyArray<Message.Message>,
  names: ReadonlyMap<string, string>
): Array<Message.Message> =>
  followers.flatMap((follower) => {
    if (follower._tag !== "ToolResultMessage") return []
    const name = names.get(follower.toolCallId)
    if (name === undefined || !answers(follower, follower.toolCallId, name)) return []
    return [name === follower.name ? follower : new Message.ToolResultMessage({ ...follower, name })]
  })

/** The conversation with each turn's results right after it (see the module); itself when they are already. */
export const ordered = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<Message.Message> => {
  const sent: Array<Message.Message> = []
  let index = 0
  // The results before the first assistant turn answer none.
  let names: ReadonlyMap<string, string> = new Map()
  while (index < messages.length) {
    let end = index
    while (end < messages.length && messages[end]!._tag !== "AssistantMessage") end++
    const followers = messages.slice(index, end)
    sent.push(...resultsOf(followers, names))
    sent.push(...followers.filter((follower) => follower._tag !== "ToolResultMessage"))
    const turn = messages[end]
    if (turn?._tag !== "AssistantMessage") break
    sent.push(turn)
    names = new Map(turn.toolCalls.map((call) => [call.id, call.name]))
    index = end + 1
  }
  return sent.length === messages.length && sent.every((message, at) => message === messages[at]) ? messages : sent
}
