/**
 * The body of a ConverseStream request.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as CallRequest from "../request/CallRequest.js"
import * as Turns from "../request/Turns.js"
import * as BedrockParts from "./BedrockParts.js"

/** Whether the conversation holds tool calls or tool results (which Converse accepts only with a `toolConfig`). */
const hasToolTurns = (request: CallRequest.ProviderRequest): boolean =>
  request.messages.some((message) =>
    message._tag === "ToolResultMessage" ||
    (message._tag === "AssistantMessage" &&
      (message.toolCalls.length > 0 ||
        (message.content?.provider === "bedrock" &&
          message.content.blocks.some((block) =>
            typeof block === "object" && block !== null && ("toolUse" in block || "toolResult" in block)
          ))))
  )

/** Whether the model may not call tools: `toolChoice: "none"` with tools (Converse has no such choice). */
const toolsForbidden = (request: CallRequest.ProviderRequest): boolean =>
  request.toolChoice === "none" && request.tools !== undefined && request.tools.length > 0

/**
 * Why a request cannot be sent to Converse, or `undefined`: a `toolChoice` of `"none"` can only be honoured
 * by leaving the tools out, which Converse refuses once the conversation holds tool calls or results.
 */
export const unsendable = (request: CallRequest.ProviderRequest): string | undefined =>
  toolsForbidden(request) && hasToolTurns(request)
    ? "Bedrock's Converse has no toolChoice \"none\": it is sent as no tools at all, but this conversation " +
      "holds tool calls or tool results, which Converse accepts only with the tools (toolConfig); use " +
      "toolChoice \"auto\", or send the conversation without its tool turns"
    : undefined

/**
 * The JSON body of a ConverseStream request, or the first thing Converse cannot take. A `toolChoice` of
 * `"none"` is sent as no `toolConfig` at all (Converse has no such option, and a model that is sent tools may
 * call them; see `unsendable`). An assistant turn that came from Bedrock is sent with its own blocks
 * (reasoning with its signature, server tool calls and their results).
 */
export const encodeRequest = (
  request: CallRequest.ProviderRequest
): Result.Result<Record<string, unknown>, CallRequest.Unsupported> => {
  const forbidden = unsendable(request)
  if (forbidden !== undefined) return CallRequest.unsupported(forbidden)
  const parts = BedrockParts.encoder()
  const conversation = Turns.fromMessages<unknown>(request.messages, "bedrock", {
    text: (text) => ({ text }),
    part: parts.part,
    toolCall: (call, input) => ({ toolUse: { toolUseId: call.id, name: call.name, input } }),
    toolResult: parts.toolResult
  })
  if (Result.isFailure(conversation)) return Result.fail(conversation.failure)
  const systemTexts = conversation.success.system
  const messages = conversation.success.turns.map((turn) =>
    turn.role === "user" ? { role: turn.role, content: BedrockParts.withTextBesideDocuments(turn.content) } : turn
  )
  const system = [...(request.system === undefined ? [] : [request.system]), ...systemTexts].map((text) => ({ text }))
  const body: Record<string, unknown> = { messages }
  if (system.length > 0) body["system"] = system
  const inferenceConfig: Record<string, unknown> = {}
  if (request.maxTokens !== undefined) inferenceConfig["maxTokens"] = request.maxTokens
  if (request.temperature !== undefined) inferenceConfig["temperature"] = request.temperature
  if (request.topP !== undefined) inferenceConfig["topP"] = request.topP
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    inferenceConfig["stopSequences"] = request.stopSequences
  }
  if (Object.keys(inferenceConfig).length > 0) body["inferenceConfig"] = inferenceConfig
  if (request.tools !== undefined && request.tools.length > 0 && !toolsForbidden(request)) {
    const toolChoice = request.toolChoice
    body["toolConfig"] = {
      tools: request.tools.map((tool) => ({
        toolSpec: {
          name: tool.name,
          ...(tool.description === undefined ? {} : { description: tool.description }),
          inputSchema: { json: tool.jsonSchema }
        }
      })),
      ...(toolChoice === undefined || toolChoice === "none"
        ? {}
        : {
          toolChoice: toolChoice === "auto"
            ? { auto: {} }
            : toolChoice === "required"
            ? { any: {} }
            : { tool: { name: toolChoice.name } }
        })
    }
  }
  Object.assign(body, request.extraBody)
  return Result.succeed(body)
}
