/**
 * The scripted model's view of a Messages API request, and how Anthropic writes an error (`{"type": "error",
 * "error": {"type", "message"}}`) and a stream cut before its end (no `message_stop`).
 *
 * @internal
 */
import * as ScriptedKit from "../../core/provider/ScriptedKit.js"
import * as AnthropicTestKit from "./AnthropicTestKit.js"

const { array, record, string } = ScriptedKit

/** `tool_choice`: `{ type: "auto" | "any" | "none" | "tool", name? }`. */
const toolChoiceOf = (choice: unknown): ScriptedKit.ToolChoiceView => {
  const { name, type } = record(choice)
  return type === "any" ? "required" : type === "none" ? "none" : type === "tool" ? ScriptedKit.forced(name) : "auto"
}

/** JSON outputs: `output_config.format` (or the beta's `output_format`) of type `json_schema`. */
const outputSchemaOf = (body: Readonly<Record<string, unknown>>): unknown => {
  const format = record(record(body["output_config"])["format"] ?? body["output_format"])
  return format["type"] === "json_schema" ? format["schema"] ?? {} : undefined
}

/** A message's content blocks (a string is one text block). */
const blocksOf = (message: Readonly<Record<string, unknown>> | undefined): ReadonlyArray<Record<string, unknown>> =>
  typeof message?.["content"] === "string"
    ? [{ type: "text", text: message["content"] }]
    : array(message?.["content"]).map(record)

/** Reads a Messages request: the tool results are the `tool_result` blocks of the user turn after the last assistant turn. */
export const read = (_path: string, body: Readonly<Record<string, unknown>>): ScriptedKit.RequestView => {
  const { after, model, user } = ScriptedKit.conversation(
    array(body["messages"]).map(record),
    (message) => message["role"] === "assistant",
    (message) => message["role"] === "user"
  )
  const uses = blocksOf(model).filter((block) => block["type"] === "tool_use")
  const names = new Map(uses.map((block) => [string(block["id"]), string(block["name"])]))
  return {
    model: string(body["model"]),
    // Server tools (web search, code execution) have no input schema: the model does not call them itself.
    tools: ScriptedKit.toolsOf(
      array(body["tools"]).map(record),
      (tool) => tool["name"],
      (tool) => tool["input_schema"]
    ),
    toolChoice: toolChoiceOf(body["tool_choice"]),
    outputSchema: outputSchemaOf(body),
    toolResults: after.flatMap(blocksOf).filter((block) => block["type"] === "tool_result").map((block) => ({
      name: names.get(string(block["tool_use_id"])),
      content: ScriptedKit.textOf(block["content"])
    })),
    lastUserText: ScriptedKit.textOf(blocksOf(user))
  }
}

const errorTypes: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  529: "overloaded_error"
}

/** Writes an error answer as Anthropic sends one. */
export const error = (status: number, message: string): ScriptedKit.ErrorAnswer => ({
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ type: "error", error: { type: errorTypes[status] ?? "api_error", message } })
})

/** Writes the events without `message_stop`: a stream cut before its end. */
export const cut = (payloads: ReadonlyArray<unknown>): Uint8Array =>
  AnthropicTestKit.testKit.wire.body(payloads.slice(0, -1))

/**
 * The tokens of the tool-use system prompt Anthropic adds to a request with tools, which its `input_tokens`
 * count: 346 with `tool_choice` `auto` or `none`, 313 with `any` or `tool` (Anthropic's "Tool use" pricing table,
 * for the Claude 4 models).
 */
export const addedInputTokens = (request: ScriptedKit.RequestView): number =>
  request.tools.length === 0 ? 0 : request.toolChoice === "auto" || request.toolChoice === "none" ? 346 : 313
