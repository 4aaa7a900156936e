/**
 * The scripted model's view of a Gemini `streamGenerateContent` request (the Gemini API and Vertex AI), and how
 * Google writes an error (`{"error": {"code", "message", "status"}}`) and a stream cut before its end (no event
 * with a finish reason).
 *
 * @internal
 */
import * as BodyWriter from "../../core/framing/BodyWriter.js"
import * as ScriptedKit from "../../core/provider/ScriptedKit.js"

const { array, record, string } = ScriptedKit

/** `toolConfig.functionCallingConfig`: mode `ANY` (with one allowed name: that function), `NONE`, `AUTO`. */
const toolChoiceOf = (config: unknown): ScriptedKit.ToolChoiceView => {
  const { allowedFunctionNames, mode } = record(record(config)["functionCallingConfig"])
  const allowed = array(allowedFunctionNames)
  if (mode === "ANY") return allowed.length === 1 ? ScriptedKit.forced(allowed[0]) : "required"
  return mode === "NONE" ? "none" : "auto"
}

/** JSON mode: `generationConfig.responseJsonSchema` (or the OpenAPI `responseSchema`), or any JSON. */
const outputSchemaOf = (config: Readonly<Record<string, unknown>>): unknown =>
  config["responseJsonSchema"] ?? config["responseSchema"] ??
    (config["responseMimeType"] === "application/json" ? {} : undefined)

/** A `functionResponse`'s text: its `result` (or `error`, or `output`) when a string, else the response as JSON. */
const responseText = (response: unknown): string => {
  const fields = record(response)
  const text = string(fields["result"]) ?? string(fields["error"]) ?? string(fields["output"])
  return text ?? ScriptedKit.contentText(response)
}

/** Reads a Gemini request: the model is in the path (`models/{model}:streamGenerateContent`). */
export const read = (path: string, body: Readonly<Record<string, unknown>>): ScriptedKit.RequestView => {
  const parts = (content: Readonly<Record<string, unknown>> | undefined) => array(content?.["parts"]).map(record)
  const { after, user } = ScriptedKit.conversation(
    array(body["contents"]).map(record),
    (content) => content["role"] === "model",
    (content) => content["role"] !== "model"
  )
  const model = /models\/([^/:]+):streamGenerateContent/.exec(path)?.[1]
  return {
    model: model === undefined ? undefined : decodeURIComponent(model),
    tools: ScriptedKit.toolsOf(
      array(body["tools"]).flatMap((tool) => array(record(tool)["functionDeclarations"])).map(record),
      (declaration) => declaration["name"],
      (declaration) => declaration["parametersJsonSchema"] ?? declaration["parameters"] ?? {}
    ),
    toolChoice: toolChoiceOf(body["toolConfig"]),
    outputSchema: outputSchemaOf(record(body["generationConfig"])),
    toolResults: after.flatMap(parts).filter((part) => part["functionResponse"] !== undefined)
      .map((part) => record(part["functionResponse"]))
      .map((response) => ({ name: string(response["name"]), content: responseText(response["response"]) })),
    lastUserText: ScriptedKit.textOf(parts(user).filter((part) => part["thought"] !== true))
  }
}

const errorStatuses: Readonly<Record<number, string>> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  429: "RESOURCE_EXHAUSTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED"
}

/** Writes an error answer as Google sends one. */
export const error = (status: number, message: string): ScriptedKit.ErrorAnswer => ({
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error: { code: status, message, status: errorStatuses[status] ?? "INTERNAL" } })
})

/** Writes the events without the last (the one with the finish reason): a stream cut before its end. */
export const cut = (payloads: ReadonlyArray<unknown>): Uint8Array => BodyWriter.sseBody(payloads.slice(0, -1))
