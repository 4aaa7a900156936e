/**
 * The body of a streaming Messages request.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Tool from "../../Tool.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as Turns from "../request/Turns.js"
import * as AnthropicParts from "./AnthropicParts.js"

/** The `max_tokens` sent when a request sets none (the Messages API requires one). */
export const defaultMaxTokens = 4096

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  choice === "auto"
    ? { type: "auto" }
    : choice === "required"
    ? { type: "any" }
    : choice === "none"
    ? { type: "none" }
    : { type: "tool", name: choice.name }

/**
 * The JSON body of a streaming Messages request, or the first part the API cannot take. An assistant
 * turn that came from Anthropic is sent with its own blocks (thinking with its signature, server tool
 * calls and their results), as the API requires.
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const parts = AnthropicParts.encoder()
  const conversation = Turns.fromMessages<unknown>(request.messages, "anthropic", {
    text: (text) => ({ type: "text", text }),
    part: parts.part,
    toolCall: (call, input) => ({ type: "tool_use", id: call.id, name: call.name, input }),
    toolResult: parts.toolResult
  })
  if (Result.isFailure(conversation)) return Result.fail(conversation.failure)
  const { system, turns: messages } = conversation.success
  if (request.system !== undefined) system.unshift(request.system)
  const body: Record<string, unknown> = {
    model: request.model,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    messages
  }
  if (system.length > 0) body["system"] = system.join("\n\n")
  if (request.temperature !== undefined) body["temperature"] = request.temperature
  if (request.topP !== undefined) body["top_p"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    body["stop_sequences"] = request.stopSequences
  }
  if (request.tools !== undefined && request.tools.length > 0) {
    body["tools"] = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description === undefined ? {} : { description: tool.description }),
      input_schema: tool.jsonSchema
    }))
  }
  if (request.toolChoice !== undefined) body["tool_choice"] = encodeToolChoice(request.toolChoice)
  Object.assign(body, request.extraBody)
  body["stream"] = true
  return Result.succeed(body)
}
