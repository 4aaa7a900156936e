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
 * @since 0.1.0
 * @category Models
 */
export class AssistantMessage extends Schema.TaggedClass<AssistantMessage>("effect-llm-stream/AssistantMessage")(
  "AssistantMessage",
  { text: Schema.String, toolCalls: Schema.Array(ToolCall) }
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
 * call), so that a program can send the conversation back with the tools' results.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const assistant = (
  text: string,
  options: { readonly toolCalls?: ReadonlyArray<ToolCall> | undefined } = {}
): Message => new AssistantMessage({ text, toolCalls: options.toolCalls ?? [] })

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
