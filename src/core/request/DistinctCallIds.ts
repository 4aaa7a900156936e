/**
 * A conversation with each call's id its own, as Anthropic requires of a request ("`tool_use` ids must be unique", a
 * 400 naming the block; Bedrock's Claude models alike), and the Responses API ("Duplicate function_call_output for
 * call_id 'terminal:0'. Each function_call must have exactly one matching function_call_output", a 400). A provider
 * that numbers its calls within a response repeats its ids from one turn to the next (Kimi K2 calls
 * `functions.weather:0` in every turn, vLLM's `make_tool_call_id`; some OpenAI-compatible hosts `call_0`), and a
 * conversation begun there cannot go on with those APIs as it is.
 *
 * A call whose id an earlier call of the conversation has goes under `<id>#<n>` instead (`n` from 2, the first such id
 * free), and so do the results that answer it: a result answers the latest call of its id before it. The first call
 * of an id keeps it, and an id depends only on the messages before it, so a conversation's earlier turns are sent
 * alike as it grows (a cached prefix stays cached). The API's own turns (`own`), sent with their blocks, keep theirs.
 * The ids are made ones the API takes afterwards (`CallIds.plain`: `#` is not one of Anthropic's characters;
 * `CallIds.bounded` for the Responses API).
 *
 * @internal
 */
import * as Message from "../Message.js"
import * as Tool from "../Tool.js"

/** The call ids renamed in one message: by the id it has, the id it goes under. */
type Renamed = ReadonlyMap<string, string> | undefined

/** What each message's calls or result go under, where that is not the id it has. */
const renamesOf = (messages: ReadonlyArray<Message.Message>, own: string): ReadonlyArray<Renamed> => {
  const used = new Set<string>()
  /** The id the latest call of an id goes under: what a result of that id answers. */
  const latest = new Map<string, string>()
  return messages.map((message): Renamed => {
    if (message._tag === "ToolResultMessage") {
      const id = latest.get(message.toolCallId)
      return id === undefined || id === message.toolCallId ? undefined : new Map([[message.toolCallId, id]])
    }
    if (message._tag !== "AssistantMessage") return undefined
    const keeps = message.content?.provider === own
    let renamed: Map<string, string> | undefined
    for (const call of message.toolCalls) {
      let id = call.id
      for (let n = 2; !keeps && used.has(id); n++) id = `${call.id}#${n}`
      used.add(id)
      latest.set(call.id, id)
      if (id !== call.id) (renamed ??= new Map()).set(call.id, id)
    }
    return renamed
  })
}

/** A message with its calls' or result's ids as `renamed` has them. */
const withIds = (message: Message.Message, renamed: Renamed): Message.Message => {
  if (renamed === undefined) return message
  if (message._tag === "ToolResultMessage") {
    const { content, isError, name, parts, toolCallId } = message
    return new Message.ToolResultMessage({
      toolCallId: renamed.get(toolCallId) ?? toolCallId,
      name,
      content,
      isError,
      ...(parts === undefined ? {} : { parts })
    })
  }
  if (message._tag !== "AssistantMessage") return message
  return new Message.AssistantMessage({
    text: message.text,
    toolCalls: message.toolCalls.map((call) => {
      const id = renamed.get(call.id)
      return id === undefined ? call : new Tool.ToolCall({ id, name: call.name, arguments: call.arguments })
    }),
    ...(message.content === undefined ? {} : { content: message.content })
  })
}

/** The conversation with each call's id its own (see the module's description); itself when no id repeats. */
export const distinct = (
  messages: ReadonlyArray<Message.Message>,
  own: Message.ProviderContent["provider"]
): ReadonlyArray<Message.Message> => {
  const renames = renamesOf(messages, own)
  return renames.every((renamed) => renamed === undefined)
    ? messages
    : messages.map((message, index) => withIds(message, renames[index]))
}
