/**
 * The tools a conversation's tool turns name, declared for a request that declares none. Anthropic and Bedrock refuse
 * a conversation holding tool calls or results with no tools declared (Anthropic "Requests which include `tool_use` or
 * `tool_result` blocks must define tools", Converse "The toolConfig field must be defined when using toolUse and
 * toolResult content blocks"), which a summary or a title asked of a conversation that used tools meets. Each is
 * declared as not to be called now and taking any object; Anthropic's request also says none may be called
 * (`tool_choice: { type: "none" }`), which Converse has no way to say.
 *
 * @internal
 */
import type * as Message from "../Message.js"

/** The names both APIs take for a tool. */
const toolName = /^[a-zA-Z0-9_-]{1,64}$/

/** What each declared tool says of itself. */
export const description =
  "Not available in this request: declared because the conversation holds calls of it. Do not call it."

/** The input schema each declared tool has: any object. */
export const inputSchema: Readonly<Record<string, unknown>> = { type: "object" }

/** Whether a conversation holds the program's tool calls or their results. */
export const holdsToolTurns = (messages: ReadonlyArray<Message.Message>): boolean =>
  messages.some((message) =>
    message._tag === "ToolResultMessage" || (message._tag === "AssistantMessage" && message.toolCalls.length > 0)
  )

/**
 * The names of the tools a conversation's calls and results name, in the order they come (one the APIs would refuse
 * as a name left out; with none left, one stands for them).
 */
export const namesOf = (messages: ReadonlyArray<Message.Message>): ReadonlyArray<string> => {
  const names = new Set<string>()
  for (const message of messages) {
    if (message._tag === "AssistantMessage") { for (const call of message.toolCalls) names.add(call.name) }
    if (message._tag === "ToolResultMessage") names.add(message.name)
  }
  const valid = [...names].filter((name) => toolName.test(name))
  return valid.length > 0 ? valid : ["earlier_tool"]
}
