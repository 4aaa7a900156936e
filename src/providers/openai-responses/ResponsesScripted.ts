/**
 * The scripted model's view of a Responses API request (OpenAI's error body, as Chat Completions writes it),
 * and a stream cut before its end (no `response.completed`).
 *
 * @internal
 */
import * as ScriptedKit from "../../core/provider/ScriptedKit.js"
import * as ResponsesTestKit from "./ResponsesTestKit.js"

const { array, record, string } = ScriptedKit

/** `tool_choice`: `"auto"`, `"none"`, `"required"` or `{ type: "function", name }`. */
const toolChoiceOf = (choice: unknown): ScriptedKit.ToolChoiceView =>
  choice === "none" || choice === "required"
    ? choice
    : typeof choice === "object" && choice !== null
    ? ScriptedKit.forced(record(choice)["name"])
    : "auto"

/** `text.format`: a JSON schema (`json_schema`), or any JSON (`json_object`). */
const outputSchemaOf = (text: unknown): unknown => {
  const format = record(record(text)["format"])
  if (format["type"] === "json_schema") return format["schema"] ?? {}
  return format["type"] === "json_object" ? {} : undefined
}

/** Whether an input item is the model's: a message of the assistant, a function call, reasoning. */
const isModels = (item: Readonly<Record<string, unknown>>): boolean =>
  item["role"] === "assistant" || item["type"] === "function_call" || item["type"] === "reasoning"

/** Reads a Responses request: the tool results are the `function_call_output` items after the model's last item. */
export const read = (_path: string, body: Readonly<Record<string, unknown>>): ScriptedKit.RequestView => {
  const input = typeof body["input"] === "string"
    ? [{ role: "user", content: body["input"] }]
    : array(body["input"]).map(record)
  const { after, user } = ScriptedKit.conversation(input, isModels, (item) => item["role"] === "user")
  const calls = input.filter((item) => item["type"] === "function_call")
  const names = new Map(calls.map((item) => [string(item["call_id"]), string(item["name"])]))
  return {
    model: string(body["model"]),
    tools: ScriptedKit.toolsOf(
      array(body["tools"]).map(record).filter((tool) => tool["type"] === "function"),
      (tool) => tool["name"],
      (tool) => tool["parameters"] ?? {}
    ),
    toolChoice: toolChoiceOf(body["tool_choice"]),
    outputSchema: outputSchemaOf(body["text"]),
    toolResults: after.filter((item) => item["type"] === "function_call_output").map((item) => ({
      name: names.get(string(item["call_id"])),
      content: typeof item["output"] === "string" ? item["output"] : ScriptedKit.textOf(item["output"])
    })),
    lastUserText: ScriptedKit.textOf(user?.["content"])
  }
}

/** Writes an error answer as OpenAI sends one. */
export { error } from "../openai-compatible/ChatScripted.js"

/** Writes the events without `response.completed`: a stream cut before its end. */
export const cut = (payloads: ReadonlyArray<unknown>): Uint8Array =>
  ResponsesTestKit.testKit.wire.body(payloads.slice(0, -1))
