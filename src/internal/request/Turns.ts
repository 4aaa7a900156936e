/**
 * The conversation shape Anthropic and Bedrock share: the system prompt apart, and alternating user and
 * assistant turns made of content blocks. Only the blocks differ between them.
 *
 * @internal
 */
import type * as Message from "../../Message.js"
import type * as Tool from "../../Tool.js"

/** A turn: a role and its content blocks. */
export interface Turn<Block> {
  readonly role: "user" | "assistant"
  readonly content: Array<Block>
}

/** How a provider writes each kind of content block. */
export interface Blocks<Block> {
  readonly text: (text: string) => Block
  readonly toolCall: (call: Tool.ToolCall, input: unknown) => Block
  readonly toolResult: (message: Message.ToolResultMessage) => Block
}

/**
 * The arguments of a tool call as a JSON value, to send back in the conversation: empty arguments are
 * `{}`, and so are arguments that are not JSON (such a call could not have been decoded and run).
 */
const argumentsValue = (text: string): unknown => {
  if (text.trim() === "") return {}
  try {
    return JSON.parse(text)
  } catch {
    return {}
  }
}

/**
 * Splits the system messages off and groups the rest into turns; consecutive messages of one role
 * become one turn (tool results answering parallel calls, as both APIs require). An assistant message
 * with `provider`'s own blocks is sent with them.
 */
export const fromMessages = <Block>(
  messages: ReadonlyArray<Message.Message>,
  provider: Message.ProviderContent["provider"],
  blocks: Blocks<Block>
): { readonly system: Array<string>; readonly turns: Array<Turn<Block>> } => {
  const system: Array<string> = []
  const turns: Array<Turn<Block>> = []
  const add = (role: "user" | "assistant", block: Block) => {
    const last = turns[turns.length - 1]
    if (last !== undefined && last.role === role) last.content.push(block)
    else turns.push({ role, content: [block] })
  }
  for (const message of messages) {
    switch (message._tag) {
      case "SystemMessage":
        system.push(message.text)
        break
      case "UserMessage":
        add("user", blocks.text(message.text))
        break
      case "AssistantMessage":
        // A turn this provider sent is sent back with its own blocks, as they came.
        if (message.content !== undefined && message.content.provider === provider) {
          for (const block of message.content.blocks) add("assistant", block as Block)
          break
        }
        if (message.text !== "") add("assistant", blocks.text(message.text))
        for (const call of message.toolCalls) add("assistant", blocks.toolCall(call, argumentsValue(call.arguments)))
        break
      case "ToolResultMessage":
        add("user", blocks.toolResult(message))
        break
    }
  }
  return { system, turns }
}
