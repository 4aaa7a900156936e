/**
 * The body of a streaming Chat Completions request (OpenAI, Groq, Azure).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../Message.js"
import type * as Tool from "../../Tool.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as MessageParts from "../request/MessageParts.js"
import * as ChatParts from "./ChatParts.js"

type Encoder = ReturnType<typeof ChatParts.encoder>

const encodeMessage = (
  message: Message.Message,
  at: string,
  parts: Encoder
): Result.Result<unknown, CallRequest.Unsupported> => {
  switch (message._tag) {
    case "SystemMessage":
      return Result.succeed({ role: "system", content: message.text })
    case "UserMessage":
      // A text message keeps the plain string content it always had.
      return message.parts === undefined
        ? Result.succeed({ role: "user", content: message.text })
        : Result.map(
          MessageParts.encodeUserParts(message.parts, at, parts.part),
          (content) => ({ role: "user", content })
        )
    case "AssistantMessage":
      return Result.succeed(
        message.toolCalls.length === 0
          ? { role: "assistant", content: message.text }
          : {
            role: "assistant",
            content: message.text === "" ? null : message.text,
            tool_calls: message.toolCalls.map((call) => ({
              id: call.id,
              type: "function",
              function: { name: call.name, arguments: call.arguments }
            }))
          }
      )
    case "ToolResultMessage":
      return message.parts === undefined
        ? Result.succeed({ role: "tool", tool_call_id: message.toolCallId, content: message.content })
        : Result.map(
          MessageParts.encodeAll(message.parts, at, parts.toolResultPart),
          (content) => ({ role: "tool", tool_call_id: message.toolCallId, content })
        )
  }
}

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  typeof choice === "string" ? choice : { type: "function", function: { name: choice.name } }

/** How a host differs in its request body. */
export interface BodyOptions {
  /** `max_completion_tokens` (OpenAI, Groq) or `max_tokens` (older Azure API versions). */
  readonly maxTokensField: "max_completion_tokens" | "max_tokens"
  /** Whether `model` goes in the body (not for Azure OpenAI deployments, where it is in the path). */
  readonly includeModel: boolean
  /** The content parts the host takes, and its limits. */
  readonly parts: ChatParts.Policy
}

/**
 * The JSON body of a streaming Chat Completions request (usage is always asked for), or the first part
 * the host cannot take.
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest,
  options: BodyOptions
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const parts = ChatParts.encoder(options.parts)
  const messages: Array<unknown> = []
  if (request.system !== undefined) messages.push({ role: "system", content: request.system })
  for (const [index, message] of request.messages.entries()) {
    const encoded = encodeMessage(message, `messages[${index}]`, parts)
    if (Result.isFailure(encoded)) return Result.fail(encoded.failure)
    messages.push(encoded.success)
  }
  const body: Record<string, unknown> = {}
  if (options.includeModel) body["model"] = request.model
  body["messages"] = messages
  if (request.maxTokens !== undefined) body[options.maxTokensField] = request.maxTokens
  if (request.temperature !== undefined) body["temperature"] = request.temperature
  if (request.topP !== undefined) body["top_p"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) body["stop"] = request.stopSequences
  if (request.tools !== undefined && request.tools.length > 0) {
    body["tools"] = request.tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.jsonSchema,
        ...(tool.strict === undefined ? {} : { strict: tool.strict })
      }
    }))
  }
  if (request.toolChoice !== undefined) body["tool_choice"] = encodeToolChoice(request.toolChoice)
  Object.assign(body, request.extraBody)
  body["stream"] = true
  body["stream_options"] = { ...(body["stream_options"] as object | undefined), include_usage: true }
  return Result.succeed(body)
}
