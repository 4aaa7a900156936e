/**
 * The scripted model's view of a ConverseStream request, and how Bedrock writes an error (its type in the
 * `x-amzn-errortype` header, `{"message"}` in the body) and a stream cut before its end (no `metadata` frame).
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"
import * as ScriptedKit from "../../core/provider/ScriptedKit.js"
import * as BedrockTestKit from "./BedrockTestKit.js"

const { array, record, string } = ScriptedKit

/** `toolConfig.toolChoice`: `{ auto: {} }`, `{ any: {} }` or `{ tool: { name } }`. */
const toolChoiceOf = (choice: unknown): ScriptedKit.ToolChoiceView => {
  const { any, tool } = record(choice)
  return tool !== undefined ? ScriptedKit.forced(record(tool)["name"]) : any !== undefined ? "required" : "auto"
}

/** Structured outputs: `outputConfig.textFormat.structure.jsonSchema.schema`, the schema as JSON text. */
const outputSchemaOf = (body: Readonly<Record<string, unknown>>): unknown => {
  const format = record(record(body["outputConfig"])["textFormat"])
  if (format["type"] !== "json_schema") return undefined
  const schema = record(record(format["structure"])["jsonSchema"])["schema"]
  if (typeof schema !== "string") return schema ?? {}
  const parsed = Payload.parseJson(schema)
  return parsed === Payload.invalidJson ? {} : parsed
}

/** A `toolResult`'s content: its `text` and `json` blocks. */
const resultText = (content: unknown): string =>
  array(content).map(record).map((block) =>
    typeof block["text"] === "string" ? block["text"] : ScriptedKit.contentText(block["json"])
  ).join("\n")

/** Reads a ConverseStream request: the model is in the path (`/model/{modelId}/converse-stream`). */
export const read = (path: string, body: Readonly<Record<string, unknown>>): ScriptedKit.RequestView => {
  const blocks = (message: Readonly<Record<string, unknown>> | undefined) => array(message?.["content"]).map(record)
  const { after, model, user } = ScriptedKit.conversation(
    array(body["messages"]).map(record),
    (message) => message["role"] === "assistant",
    (message) => message["role"] === "user"
  )
  const names = new Map(
    blocks(model).map((block) => record(block["toolUse"])).map((use) => [string(use["toolUseId"]), string(use["name"])])
  )
  const modelId = /\/model\/([^/]+)\/converse-stream/.exec(path)?.[1]
  const toolConfig = record(body["toolConfig"])
  return {
    model: modelId === undefined ? undefined : decodeURIComponent(modelId),
    tools: ScriptedKit.toolsOf(
      array(toolConfig["tools"]).map((tool) => record(record(tool)["toolSpec"])),
      (spec) => spec["name"],
      (spec) => record(spec["inputSchema"])["json"] ?? {}
    ),
    toolChoice: toolChoiceOf(toolConfig["toolChoice"]),
    outputSchema: outputSchemaOf(body),
    toolResults: after.flatMap(blocks).filter((block) => block["toolResult"] !== undefined)
      .map((block) => record(block["toolResult"]))
      .map((result) => ({ name: names.get(string(result["toolUseId"])), content: resultText(result["content"]) })),
    lastUserText: ScriptedKit.textOf(blocks(user))
  }
}

const errorTypes: Readonly<Record<number, string>> = {
  400: "ValidationException",
  403: "AccessDeniedException",
  404: "ResourceNotFoundException",
  408: "ModelTimeoutException",
  424: "ModelErrorException",
  429: "ThrottlingException",
  503: "ServiceUnavailableException"
}

/** Bedrock's error: the type in `x-amzn-errortype`, the message in the body. */
export const error = (status: number, message: string): ScriptedKit.ErrorAnswer => ({
  headers: {
    "content-type": "application/json",
    "x-amzn-errortype": `${
      errorTypes[status] ?? "InternalServerException"
    }:http://internal.amazon.com/coral/com.amazon.bedrock/`
  },
  body: JSON.stringify({ message })
})

/** Writes the frames without the last (`metadata`): a stream cut before its end. */
export const cut = (payloads: ReadonlyArray<unknown>): Uint8Array =>
  BedrockTestKit.testKit.wire.body(payloads.slice(0, -1))
