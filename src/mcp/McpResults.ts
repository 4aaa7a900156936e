/**
 * An MCP tool result (`CallToolResult`: `content` blocks and `structuredContent`) as a tool loop's result, within
 * the bounds: text as text; `structuredContent` as its JSON when no text says it; an image as an image part, with
 * a short note as its `alt` (what an API whose tool results take no image, Chat Completions and Groq, sends
 * instead); audio as a note (no API here takes audio in a tool result); a resource link as its name and URI; an
 * embedded resource as its text, or as an image or a note by its type. `isError: true` is an error result the model
 * reads. A result with more parts than `maxResultParts`, or structured content nested deeper than
 * `maxResultDepth`, is an error result that names the bound (the bytes are bounded as they arrive).
 *
 * @internal
 */
import type * as McpSchema from "effect/ai/McpSchema"
import * as Message from "../Message.js"
import * as JsonDepth from "../schema/JsonDepth.js"
import type * as Tool from "../Tool.js"

/** The bounds of a result. */
export interface Bounds {
  readonly maxResultBytes: number
  readonly maxResultDepth: number
  readonly maxResultParts: number
}

/** A size as people read it: `12 KB`. */
const sizeOf = (bytes: number): string =>
  bytes < 1024
    ? `${bytes} bytes`
    : bytes < 2 ** 20
    ? `${Math.round(bytes / 1024)} KB`
    : `${(bytes / 2 ** 20).toFixed(1)} MB`

/** The note that stands for content the model is not shown. */
const note = (what: string, mimeType: string, bytes: number, why: string): string =>
  `[${what} (${mimeType}, ${sizeOf(bytes)}) returned by the tool, not shown to the model: ${why}]`

const image = (data: Uint8Array, mimeType: string): Message.Part =>
  Message.image(data, {
    mediaType: mimeType,
    alt: note("an image", mimeType, data.byteLength, "this API takes no such image in a tool result")
  })

/** One content block as parts. */
const partOf = (block: McpSchema.ContentBlock): Message.Part => {
  switch (block.type) {
    case "text":
      return Message.text(block.text)
    case "image":
      return image(block.data, block.mimeType)
    case "audio":
      return Message.text(
        note("audio", block.mimeType, block.data.byteLength, "no API here takes audio in a tool result")
      )
    case "resource_link":
      return Message.text(
        `${block.title ?? block.name}: ${block.uri}${block.description === undefined ? "" : `\n${block.description}`}`
      )
    case "resource": {
      const resource = block.resource
      if ("text" in resource) return Message.text(resource.text)
      const mimeType = resource.mimeType ?? "application/octet-stream"
      return mimeType.startsWith("image/")
        ? image(resource.blob, mimeType)
        : Message.text(`${resource.uri}: ${note("a resource", mimeType, resource.blob.byteLength, "binary content")}`)
    }
  }
}

/** The error result answering `call` with `text`. */
export const errorResult = (call: Tool.ToolCall, content: string | ReadonlyArray<Message.Part>) =>
  Message.toolResult({ toolCallId: call.id, name: call.name, content, isError: true })

/**
 * The handler's output for a result: a string when it is text only, parts when it holds an image, a whole error
 * result for `isError: true` or a result past a bound.
 */
export const toOutput = (
  result: McpSchema.CallToolResult,
  call: Tool.ToolCall,
  bounds: Bounds
): string | ReadonlyArray<Message.Part> | Message.Message => {
  if (result.content.length > bounds.maxResultParts) {
    return errorResult(
      call,
      `The tool's result has ${result.content.length} parts, over the limit of ${bounds.maxResultParts} (maxResultParts).`
    )
  }
  const structured = result.structuredContent
  if (structured !== undefined && JsonDepth.valueNestsTooDeep(structured, bounds.maxResultDepth)) {
    return errorResult(
      call,
      `The tool's structured result nests deeper than ${bounds.maxResultDepth} levels (maxResultDepth).`
    )
  }
  const parts = result.content.map(partOf)
  // Structured content is the result's JSON: sent when no text block carries it already (the spec asks servers to).
  if (structured !== undefined && !result.content.some((block) => block.type === "text")) {
    parts.push(Message.text(JSON.stringify(structured)))
  }
  if (parts.length === 0) parts.push(Message.text("(the tool returned no content)"))
  const content = parts.every((part) => part._tag === "TextPart")
    ? parts.map((part) => (part as Message.TextPart).text).join("\n")
    : parts
  return result.isError === true ? errorResult(call, content) : content
}
