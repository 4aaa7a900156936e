/**
 * A call's prompt and completion as the OpenTelemetry GenAI conventions record them (`gen_ai.system_instructions`,
 * `gen_ai.input.messages`, `gen_ai.output.messages`): messages of a `role` and typed `parts`, in the JSON schemas of
 * open-telemetry/semantic-conventions docs/gen-ai/gen-ai-input-messages.json, gen-ai-output-messages.json and
 * gen-ai-system-instructions.json (v1.44.0, the last release before they moved to semantic-conventions-genai).
 * A file, image or audio part is recorded by kind, media type and source summary (`MessageParts.summarizeSource`):
 * never its bytes, nor a URL's query (a signature).
 *
 * @internal
 */
import type * as Message from "../Message.js"
import type * as CallRequest from "../request/CallRequest.js"
import * as MessageParts from "../request/MessageParts.js"
import type * as Tool from "../Tool.js"

/** One part of a message, as the conventions' schemas type it (`type` and its fields). */
type Part = Readonly<Record<string, unknown>>

const text = (content: string): Part => ({ type: "text", content })

/** A tool call's arguments: the JSON the model produced, parsed when it parses, else the text as it came. */
const argumentsOf = (json: string): unknown => {
  try {
    return JSON.parse(json)
  } catch {
    return json
  }
}

const toolCall = (call: Tool.ToolCall): Part => ({
  type: "tool_call",
  id: call.id,
  name: call.name,
  arguments: argumentsOf(call.arguments)
})

/** A media part: a URL as a `uri` part without its query; bytes and data URLs by size only (a generic part). */
const mediaPart = (part: Message.ImagePart | Message.FilePart | Message.AudioPart): Part => {
  const modality = part._tag === "ImagePart" ? "image" : part._tag === "AudioPart" ? "audio" : "file"
  const summary = MessageParts.summarizeSource(part.source instanceof URL ? part.source.href : part.source)
  const mime = part.mediaType === undefined ? {} : { mime_type: part.mediaType }
  return typeof summary === "object" && summary !== null && "url" in summary
    ? { type: "uri", modality, ...mime, uri: summary.url }
    : { type: modality, modality, ...mime, source: summary }
}

const partsOf = (parts: ReadonlyArray<Message.Part>): Array<Part> =>
  parts.flatMap((part) =>
    part._tag === "CachePointPart" ? [] : part._tag === "TextPart" ? [text(part.text)] : [mediaPart(part)]
  )

/** A message of the conversation as the input messages' schema has it. */
const inputMessage = (message: Message.Message): Part => {
  switch (message._tag) {
    case "SystemMessage":
      return { role: "system", parts: message.parts === undefined ? [text(message.text)] : partsOf(message.parts) }
    case "UserMessage":
      return { role: "user", parts: message.parts === undefined ? [text(message.text)] : partsOf(message.parts) }
    case "AssistantMessage":
      return {
        role: "assistant",
        parts: [...(message.text === "" ? [] : [text(message.text)]), ...message.toolCalls.map(toolCall)]
      }
    case "ToolResultMessage":
      return {
        role: "tool",
        parts: [{
          type: "tool_call_response",
          id: message.toolCallId,
          response: message.parts === undefined ? message.content : partsOf(message.parts)
        }]
      }
  }
}

/** The request's system prompt (`gen_ai.system_instructions`), as JSON; `undefined` without one. */
export const systemInstructions = (request: CallRequest.ProviderRequest): string | undefined =>
  request.system === undefined || request.system.length === 0 ? undefined : JSON.stringify(
    typeof request.system === "string" ? [text(request.system)] : partsOf(request.system)
  )

/** The request's conversation (`gen_ai.input.messages`), as JSON. */
export const inputMessages = (request: CallRequest.ProviderRequest): string =>
  JSON.stringify(request.messages.map(inputMessage))

/** What the completion holds, as the output messages' schema has the one message of a call. */
export interface Completion {
  readonly content: string
  readonly reasoning: string
  readonly toolCalls: ReadonlyArray<Tool.ToolCall>
  /** The provider's first finish reason, as it sent it; `undefined` when the stream ended without one. */
  readonly finishReason: string | undefined
}

/**
 * The completion (`gen_ai.output.messages`), as JSON: one assistant message, its reasoning, text and tool calls, and
 * its finish reason (`error` when the stream ended without one: it was cut).
 */
export const outputMessages = (completion: Completion): string =>
  JSON.stringify([{
    role: "assistant",
    parts: [
      ...(completion.reasoning === "" ? [] : [{ type: "reasoning", content: completion.reasoning }]),
      ...(completion.content === "" ? [] : [text(completion.content)]),
      ...completion.toolCalls.map(toolCall)
    ],
    finish_reason: completion.finishReason ?? "error"
  }])
