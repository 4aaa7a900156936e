/**
 * The body of a ConverseStream request.
 *
 * @internal
 */
import type * as CallRequest from "../request/CallRequest.js"
import * as Turns from "../request/Turns.js"

/**
 * The JSON body of a ConverseStream request. A `toolChoice` of `"none"` is sent as no tool choice
 * (Converse has no such option). An assistant turn that came from Bedrock is sent with its own blocks
 * (reasoning with its signature, server tool calls and their results).
 */
export const encodeRequest = (request: CallRequest.ProviderRequest): Record<string, unknown> => {
  const { system: systemTexts, turns: messages } = Turns.fromMessages<unknown>(request.messages, "bedrock", {
    text: (text) => ({ text }),
    toolCall: (call, input) => ({ toolUse: { toolUseId: call.id, name: call.name, input } }),
    toolResult: (message) => ({
      toolResult: {
        toolUseId: message.toolCallId,
        content: [{ text: message.content }],
        ...(message.isError ? { status: "error" } : {})
      }
    })
  })
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
  if (request.tools !== undefined && request.tools.length > 0) {
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
  return body
}
