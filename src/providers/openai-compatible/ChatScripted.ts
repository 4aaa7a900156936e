/**
 * The scripted model's view of a Chat Completions request (OpenAI, Groq, Azure), and how these hosts write an
 * error (`{"error": {"message", "type", "param", "code"}}`) and a stream cut before its end (no `[DONE]`).
 *
 * @internal
 */
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import * as ScriptedKit from "../../core/provider/ScriptedKit.js"

const { array, record, string } = ScriptedKit

/** `tool_choice`: `"auto"`, `"none"`, `"required"` or `{ type: "function", function: { name } }`. */
const toolChoiceOf = (choice: unknown): ScriptedKit.ToolChoiceView =>
  choice === "none" || choice === "required"
    ? choice
    : typeof choice === "object" && choice !== null
    ? ScriptedKit.forced(record(record(choice)["function"])["name"])
    : "auto"

/** `response_format`: a JSON schema (`json_schema`), or any JSON (`json_object`). */
const outputSchemaOf = (format: unknown): unknown => {
  const { json_schema: jsonSchema, type } = record(format)
  if (type === "json_schema") return record(jsonSchema)["schema"] ?? {}
  return type === "json_object" ? {} : undefined
}

/** Reads a Chat Completions request; an Azure deployment names its model in the path. */
export const read = (path: string, body: Readonly<Record<string, unknown>>): ScriptedKit.RequestView => {
  const { after, model, user } = ScriptedKit.conversation(
    array(body["messages"]).map(record),
    (message) => message["role"] === "assistant",
    (message) => message["role"] === "user"
  )
  const names = new Map(
    array(model?.["tool_calls"]).map(record).map((call) => [
      string(call["id"]),
      string(record(call["function"])["name"])
    ])
  )
  const deployment = /\/deployments\/([^/]+)\//.exec(path)?.[1]
  return {
    model: string(body["model"]) ?? (deployment === undefined ? undefined : decodeURIComponent(deployment)),
    tools: ScriptedKit.toolsOf(
      array(body["tools"]).map((tool) => record(record(tool)["function"])),
      (tool) => tool["name"],
      (tool) => tool["parameters"] ?? {}
    ),
    toolChoice: toolChoiceOf(body["tool_choice"]),
    outputSchema: outputSchemaOf(body["response_format"]),
    toolResults: after.filter((message) => message["role"] === "tool").map((message) => ({
      name: names.get(string(message["tool_call_id"])),
      content: ScriptedKit.textOf(message["content"])
    })),
    lastUserText: ScriptedKit.textOf(user?.["content"])
  }
}

const errorTypes: Readonly<Record<number, string>> = {
  400: "invalid_request_error",
  401: "invalid_request_error",
  403: "invalid_request_error",
  404: "invalid_request_error",
  429: "rate_limit_exceeded"
}

/** Writes an error answer with an OpenAI-style body. */
export const error = (status: number, message: string): ScriptedKit.ErrorAnswer => ({
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    error: {
      message,
      type: errorTypes[status] ?? "server_error",
      param: null,
      code: status === 401 ? "invalid_api_key" : null
    }
  })
})

/** Writes the stream without its last chunk and without `data: [DONE]`: a stream cut before its end. */
export const cut = (payloads: ReadonlyArray<unknown>): Uint8Array => BodyWriter.sseBody(payloads.slice(0, -1))
