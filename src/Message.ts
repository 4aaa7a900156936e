/**
 * Conversation messages, provider-agnostic; each provider encodes them in its own wire format.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ToolCall } from "./Tool.js"

/**
 * @since 0.1.0
 * @category Models
 */
export class SystemMessage extends Schema.TaggedClass<SystemMessage>("effect-llm-stream/SystemMessage")(
  "SystemMessage",
  { text: Schema.String }
) {}

/**
 * @since 0.1.0
 * @category Models
 */
export class UserMessage extends Schema.TaggedClass<UserMessage>("effect-llm-stream/UserMessage")(
  "UserMessage",
  { text: Schema.String }
) {}

/**
 * An assistant turn as the provider sent it, block by block: Anthropic's `content` blocks, Bedrock's
 * Converse `content` blocks (thinking with its signature, text with its citations, tool calls, server tool
 * calls and their results), the Responses API's output items (reasoning with its encrypted content,
 * messages, function calls, built-in tool calls). A turn sent back to the same API is sent with these, as
 * the providers require for reasoning with tools and for a turn paused with `pause_turn`.
 *
 * @since 0.2.0
 * @category Models
 */
export class ProviderContent extends Schema.Class<ProviderContent>("effect-llm-stream/ProviderContent")({
  /** Whose wire format the blocks are in: Anthropic's and Bedrock's content blocks, the Responses API's output items. */
  provider: Schema.Literals(["anthropic", "bedrock", "openai-responses"]),
  blocks: Schema.Array(Schema.Unknown)
}) {}

/**
 * @since 0.1.0
 * @category Models
 */
export class AssistantMessage extends Schema.TaggedClass<AssistantMessage>("effect-llm-stream/AssistantMessage")(
  "AssistantMessage",
  {
    text: Schema.String,
    toolCalls: Schema.Array(ToolCall),
    /** The turn's blocks as its provider sent them, when it was a provider that has them. */
    content: Schema.optionalKey(ProviderContent)
  }
) {}

/**
 * @since 0.1.0
 * @category Models
 */
export class ToolResultMessage extends Schema.TaggedClass<ToolResultMessage>("effect-llm-stream/ToolResultMessage")(
  "ToolResultMessage",
  {
    toolCallId: Schema.String,
    name: Schema.String,
    content: Schema.String,
    isError: Schema.Boolean
  }
) {}

/**
 * @since 0.1.0
 * @category Schemas
 */
export const Message = Schema.Union([SystemMessage, UserMessage, AssistantMessage, ToolResultMessage])

/**
 * @since 0.1.0
 * @category Models
 */
export type Message = typeof Message.Type

/**
 * A system instruction. Providers that take the system prompt outside the message list (Anthropic,
 * Bedrock) receive it there.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const system = (text: string): Message => new SystemMessage({ text })

/**
 * @since 0.1.0
 * @category Constructors
 */
export const user = (text: string): Message => new UserMessage({ text })

/**
 * An assistant turn, with the tool calls it made (for example `response.toolCalls` of a previous
 * call), so that a program can send the conversation back with the tools' results. `content` keeps the
 * provider's own blocks (see `ProviderContent`); `CallResponse.toMessage(response)` fills all three.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const assistant = (
  text: string,
  options: {
    readonly toolCalls?: ReadonlyArray<ToolCall> | undefined
    readonly content?: ProviderContent | undefined
  } = {}
): Message =>
  new AssistantMessage(
    options.content === undefined
      ? { text, toolCalls: options.toolCalls ?? [] }
      : { text, toolCalls: options.toolCalls ?? [], content: options.content }
  )

/**
 * The result of running a tool, answering the tool call with id `toolCallId`.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const toolResult = (options: {
  readonly toolCallId: string
  readonly name: string
  readonly content: string
  readonly isError?: boolean | undefined
}): Message =>
  new ToolResultMessage({
    toolCallId: options.toolCallId,
    name: options.name,
    content: options.content,
    isError: options.isError ?? false
  })
