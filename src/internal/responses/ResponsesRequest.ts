/**
 * The body of a streaming Responses API request: the conversation as input items (messages, the
 * assistant's earlier output items or its text and function calls, `function_call_output` items), the
 * system prompt as `instructions`, flat function tools, and the settings.
 *
 * @internal
 */
import type * as Message from "../../Message.js"
import type * as Tool from "../../Tool.js"
import type * as CallRequest from "../request/CallRequest.js"

/** Options of the Responses API a request may set (sent as given). */
export interface ResponsesOptions {
  /** Reasoning effort and summaries: `{ effort: "low", summary: "auto" }`. */
  readonly reasoning?: Readonly<Record<string, unknown>> | undefined
  /** Whether the response is stored (default `true` on OpenAI's side). */
  readonly store?: boolean | undefined
  /** Extra output to include, such as `"reasoning.encrypted_content"` (needed to send reasoning back with `store: false`). */
  readonly include?: ReadonlyArray<string> | undefined
  /** Continue from a stored response instead of sending the conversation again. */
  readonly previousResponseId?: string | undefined
  /** Built-in tools, passed through as the API defines them: `{ type: "web_search" }`, `{ type: "mcp", ... }`. */
  readonly builtInTools?: ReadonlyArray<Readonly<Record<string, unknown>>> | undefined
}

/** A streaming Responses API request: a request for a named model, its options and raw body fields. */
export interface ResponsesRequest extends CallRequest.ProviderRequest, ResponsesOptions {}

const encodeMessage = (message: Message.Message, items: Array<unknown>): void => {
  switch (message._tag) {
    case "SystemMessage":
      items.push({ role: "developer", content: message.text })
      return
    case "UserMessage":
      items.push({ role: "user", content: message.text })
      return
    case "AssistantMessage":
      // A turn the Responses API sent is sent back as its output items, as they came (reasoning included).
      if (message.content !== undefined && message.content.provider === "openai-responses") {
        items.push(...message.content.blocks)
        return
      }
      if (message.text !== "") items.push({ role: "assistant", content: message.text })
      for (const call of message.toolCalls) {
        items.push({ type: "function_call", call_id: call.id, name: call.name, arguments: call.arguments })
      }
      return
    case "ToolResultMessage":
      items.push({ type: "function_call_output", call_id: message.toolCallId, output: message.content })
      return
  }
}

const encodeTool = (tool: Tool.Tool): unknown => ({
  type: "function",
  name: tool.name,
  ...(tool.description === undefined ? {} : { description: tool.description }),
  parameters: tool.jsonSchema,
  strict: tool.strict ?? false
})

const encodeToolChoice = (choice: Tool.ToolChoice): unknown =>
  typeof choice === "string" ? choice : { type: "function", name: choice.name }

/**
 * The JSON body of a streaming Responses API request, or why the request cannot be sent: the API has no
 * stop sequences.
 */
export const encodeRequest = (
  request: ResponsesRequest
): { readonly body: Record<string, unknown> } | { readonly unsupported: string } => {
  if (request.stopSequences !== undefined && request.stopSequences.length > 0) {
    return { unsupported: "the Responses API has no stop sequences (stopSequences); use Chat Completions for them" }
  }
  const input: Array<unknown> = []
  for (const message of request.messages) encodeMessage(message, input)
  const body: Record<string, unknown> = { model: request.model, input }
  if (request.system !== undefined) body["instructions"] = request.system
  if (request.maxTokens !== undefined) body["max_output_tokens"] = request.maxTokens
  if (request.temperature !== undefined) body["temperature"] = request.temperature
  if (request.topP !== undefined) body["top_p"] = request.topP
  const tools = [...(request.tools ?? []).map(encodeTool), ...(request.builtInTools ?? [])]
  if (tools.length > 0) body["tools"] = tools
  if (request.toolChoice !== undefined) body["tool_choice"] = encodeToolChoice(request.toolChoice)
  if (request.reasoning !== undefined) body["reasoning"] = request.reasoning
  if (request.store !== undefined) body["store"] = request.store
  if (request.include !== undefined) body["include"] = request.include
  if (request.previousResponseId !== undefined) body["previous_response_id"] = request.previousResponseId
  Object.assign(body, request.extraBody)
  const format = textFormatOf(body["response_format"])
  if (format !== undefined) {
    delete body["response_format"]
    body["text"] = { ...(body["text"] as object | undefined), format }
  }
  body["stream"] = true
  return { body }
}

/**
 * Chat Completions' `response_format` (what code written for it, and `effect/ai`'s structured output,
 * send) as the Responses API's `text.format`: the JSON schema's fields move up one level.
 */
const textFormatOf = (responseFormat: unknown): unknown => {
  if (typeof responseFormat !== "object" || responseFormat === null) return undefined
  const { json_schema: schema, ...rest } = responseFormat as Readonly<Record<string, unknown>>
  return typeof schema === "object" && schema !== null ? { ...rest, ...schema } : rest
}
