/**
 * The conversation shape Anthropic and Bedrock share: the system prompt apart, and alternating user and
 * assistant turns made of content blocks. Only the blocks differ between them, and what each takes as
 * content parts (a part it cannot take stops the encoding with the reason).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../Message.js"
import type * as Tool from "../../Tool.js"
import type * as CallRequest from "./CallRequest.js"
import * as MessageParts from "./MessageParts.js"

/** A turn: a role and its content blocks. */
export interface Turn<Block> {
  readonly role: "user" | "assistant"
  readonly content: Array<Block>
}

/** How a provider writes each kind of content block. */
export interface Blocks<Block> {
  readonly text: (text: string) => Block
  /** A content part of a user message at `at` (`messages[2].parts[0]`), or why it cannot be sent. */
  readonly part: (at: string, part: Message.Part) => Result.Result<Block, CallRequest.Unsupported>
  readonly toolCall: (call: Tool.ToolCall, input: unknown) => Block
  /** A tool result (its parts at `${at}.parts[n]`), or why it cannot be sent. */
  readonly toolResult: (message: Message.ToolResultMessage, at: string) => Result.Result<Block, CallRequest.Unsupported>
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
 * with `provider`'s own blocks is sent with them. Fails with the first part the provider cannot take.
 */
export const fromMessages = <Block>(
  messages: ReadonlyArray<Message.Message>,
  provider: Message.ProviderContent["provider"],
  blocks: Blocks<Block>
): Result.Result<
  { readonly system: Array<string>; readonly turns: Array<Turn<Block>> },
  CallRequest.Unsupported
> => {
  const system: Array<string> = []
  const turns: Array<Turn<Block>> = []
  const add = (role: "user" | "assistant", block: Block) => {
    const last = turns[turns.length - 1]
    if (last !== undefined && last.role === role) last.content.push(block)
    else turns.push({ role, content: [block] })
  }
  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`
    switch (message._tag) {
      case "SystemMessage":
        system.push(message.text)
        break
      case "UserMessage": {
        if (message.parts === undefined) {
          add("user", blocks.text(message.text))
          break
        }
        const content = MessageParts.encodeUserParts(message.parts, at, blocks.part)
        if (Result.isFailure(content)) return Result.fail(content.failure)
        for (const block of content.success) add("user", block)
        break
      }
      case "AssistantMessage":
        // A turn this provider sent is sent back with its own blocks, as they came.
        if (message.content !== undefined && message.content.provider === provider) {
          for (const block of message.content.blocks) add("assistant", block as Block)
          break
        }
        if (message.text !== "") add("assistant", blocks.text(message.text))
        for (const call of message.toolCalls) add("assistant", blocks.toolCall(call, argumentsValue(call.arguments)))
        break
      case "ToolResultMessage": {
        const result = blocks.toolResult(message, at)
        if (Result.isFailure(result)) return Result.fail(result.failure)
        add("user", result.success)
        break
      }
    }
  }
  return Result.succeed({ system, turns })
}
