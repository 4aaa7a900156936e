/**
 * The conversation shape Anthropic and Bedrock share: the system prompt apart, and alternating user and
 * assistant turns made of content blocks. Only the blocks differ between them, and what each takes as
 * content parts (a part it cannot take stops the encoding with the reason).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../Message.js"
import type * as Tool from "../Tool.js"
import * as CachePoints from "./CachePoints.js"
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
  readonly part: (at: string, part: MessageParts.ContentPart) => Result.Result<Block, CallRequest.Unsupported>
  /** How a cache point in a user message is marked on the blocks before it. */
  readonly mark: MessageParts.Marker<Block>
  readonly toolCall: (call: Tool.ToolCall, input: unknown) => Block
  /** A tool result's blocks (its parts at `${at}.parts[n]`), or why it cannot be sent. */
  readonly toolResult: (
    message: Message.ToolResultMessage,
    at: string
  ) => Result.Result<ReadonlyArray<Block>, CallRequest.Unsupported>
}

/** A system prompt's parts and where they are (`system`, `messages[0]`). */
export interface SystemSource {
  readonly at: string
  readonly parts: ReadonlyArray<Message.SystemPart>
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

/** The request's own system prompt as a source (before the system messages), if it has one. */
export const requestSystem = (system: CallRequest.Request["system"]): ReadonlyArray<SystemSource> => {
  const parts = CachePoints.systemParts(system)
  return parts === undefined ? [] : [{ at: "system", parts }]
}

/** Whether a system prompt has a cache point. */
export const systemMarked = (sources: ReadonlyArray<SystemSource>): boolean =>
  sources.some((source) => source.parts.some((part) => part._tag === "CachePointPart"))

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
  { readonly system: Array<SystemSource>; readonly turns: Array<Turn<Block>> },
  CallRequest.Unsupported
> => {
  const system: Array<SystemSource> = []
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
        system.push({ at, parts: message.parts ?? [{ _tag: "TextPart", text: message.text } as Message.TextPart] })
        break
      case "UserMessage": {
        if (message.parts === undefined) {
          add("user", blocks.text(message.text))
          break
        }
        const content = MessageParts.encodeUserParts(message.parts, at, blocks.part, blocks.mark)
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
        for (const block of result.success) add("user", block)
        break
      }
    }
  }
  return Result.succeed({ system, turns })
}
