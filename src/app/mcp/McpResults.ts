/**
 * An MCP tool result (`CallToolResult`) as a tool loop's result, within the bounds, the transport's secrets scrubbed.
 *
 * @internal
 */
import type * as McpSchema from "effect/ai/McpSchema"
import * as Message from "../../core/Message.js"
import * as PartSources from "../../core/request/PartSources.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import { jsonEquals } from "../../core/schema/JsonEquals.js"
import type * as Tool from "../../core/Tool.js"
import * as ForUser from "../loop/ForUser.js"

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

/**
 * An image whose bytes are one every API here takes, as an image of the type its bytes say (the server's `mimeType`
 * is text it wrote, kept out of the part); any other, a note (a text, scrubbed as the others).
 */
const image = (data: Uint8Array, mimeType: string): Message.Part => {
  const mediaType = PartSources.sniffImage(data.subarray(0, 12))
  return mediaType === undefined
    ? Message.text(note("an image", mimeType, data.byteLength, "its bytes are not a PNG, JPEG, GIF or WebP image"))
    : Message.image(data, {
      mediaType,
      alt: note("an image", mediaType, data.byteLength, "this API takes no such image in a tool result")
    })
}

/** Whether bytes open as a PDF does (`%PDF-`: ISO 32000-2, 7.5.2 "File header"). */
const isPdf = (data: Uint8Array): boolean =>
  data.byteLength >= 5 && new TextDecoder().decode(data.subarray(0, 5)) === "%PDF-"

/** The media types whose bytes are text (`text/*`, JSON, XML). */
const isTextType = (mediaType: string): boolean =>
  mediaType.startsWith("text/") || mediaType === "application/json" || mediaType === "application/xml"

/** The UTF-8 text of `data`, or `undefined` when it is not UTF-8. */
const utf8 = (data: Uint8Array): string | undefined => {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(data)
  } catch {
    return undefined
  }
}

/**
 * An embedded resource's blob: an image (as `image` makes it); a PDF as a document where the API takes one in a tool
 * result (Anthropic's `document`, the Responses API's `input_file`, Bedrock's `document`, Gemini 3's
 * `functionResponse.parts`), its note elsewhere; a blob of a text type as its text; any other, its note.
 */
const blobParts = (resource: McpSchema.BlobResourceContents): ReadonlyArray<Message.Part> => {
  const { blob, uri } = resource
  const mimeType = PartSources.normalizeMediaType(resource.mimeType ?? "application/octet-stream")
  if (mimeType.startsWith("image/")) return [image(blob, mimeType)]
  if (mimeType === "application/pdf" && isPdf(blob)) {
    const alt = note("a document", mimeType, blob.byteLength, "this API takes no document in a tool result")
    return [Message.text(`${uri}:`), Message.file(blob, { mediaType: mimeType, alt })]
  }
  const text = isTextType(mimeType) ? utf8(blob) : undefined
  return [Message.text(text ?? `${uri}: ${note("a resource", mimeType, blob.byteLength, "binary content")}`)]
}

const partsOfBlock = (block: McpSchema.ContentBlock): ReadonlyArray<Message.Part> => {
  switch (block.type) {
    case "text":
      return [Message.text(block.text)]
    case "image":
      return [image(block.data, block.mimeType)]
    case "audio":
      return [Message.text(
        note("audio", block.mimeType, block.data.byteLength, "no API here takes audio in a tool result")
      )]
    case "resource_link":
      return [Message.text(
        `${block.title ?? block.name}: ${block.uri}${block.description === undefined ? "" : `\n${block.description}`}`
      )]
    case "resource": {
      const resource = block.resource
      return "text" in resource ? [Message.text(resource.text)] : blobParts(resource)
    }
  }
}

/**
 * How `result` breaks the tool's output schema (`check`, when it has one), or `undefined` when it does not: a result
 * that is no error has structured content, and it fits (MCP server/tools, "Output Schema": "Servers MUST provide
 * structured results that conform to this schema"; the official TypeScript SDK's `Client.callTool` refuses both with a
 * protocol error).
 */
export const nonConforming = (
  result: McpSchema.CallToolResult,
  check: ((value: unknown) => ReadonlyArray<string>) | undefined
): string | undefined => {
  if (check === undefined || result.isError === true) return undefined
  const issues = result.structuredContent === undefined ? undefined : check(result.structuredContent)
  if (issues !== undefined && issues.length === 0) return undefined
  return issues === undefined
    ? "the tool has an output schema but its result has no structured content"
    : `the tool's structured result does not fit its output schema: ${issues.slice(0, 3).join("; ")}`
}

/** The error result answering `call` with `text`. */
export const errorResult = (call: Tool.ToolCall, content: string | ReadonlyArray<Message.Part>) =>
  Message.toolResult({ toolCallId: call.id, name: call.name, content, isError: true })

/** Whether a text block says what the structured content says: its serialized JSON (as the spec asks servers). */
const saysTheJson = (block: McpSchema.ContentBlock, structured: unknown): boolean => {
  if (block.type !== "text" || !block.text.trimStart().startsWith("{") || JsonDepth.nestsTooDeep(block.text)) {
    return false
  }
  try {
    return jsonEquals(JSON.parse(block.text), structured)
  } catch {
    return false
  }
}

/**
 * Whether a block is for the model: not one whose audience names the user and not the assistant (MCP schema.ts
 * `Annotations.audience`, 2025-06-18 on: "Describes who the intended audience of this object or data is"). A block
 * with no audience, an empty one, or one naming the assistant is.
 */
const forTheModel = (block: McpSchema.ContentBlock): boolean => {
  const audience = block.annotations?.audience
  return audience === undefined || !audience.includes("user") || audience.includes("assistant")
}

/** What the model reads of a result whose every block is for the user alone. */
const forTheUser = "(the tool's result is for the user only; it is not shown to the model)"

/**
 * The parts of a result: its content blocks for the model, and its structured content as JSON (MCP 2025-06-18) in
 * their place.
 */
const partsOf = (result: McpSchema.CallToolResult): Array<Message.Part> => {
  const blocks = result.content.filter(forTheModel)
  const structured = result.structuredContent
  if (structured === undefined) return blocks.flatMap(partsOfBlock)
  const json = Message.text(JSON.stringify(structured))
  const parts: Array<Message.Part> = []
  let placed = false
  for (const block of blocks) {
    if (!saysTheJson(block, structured)) parts.push(...partsOfBlock(block))
    else if (!placed) {
      parts.push(json)
      placed = true
    }
  }
  if (!placed) parts.push(json)
  return parts
}

/** A part with its text scrubbed, when a text. */
const scrubbed = (scrub: (text: string) => string) => (part: Message.Part): Message.Part =>
  part._tag === "TextPart" ? Message.text(scrub(part.text)) : part

/**
 * The handler's output for a result (a whole error result for `isError: true` or past a bound), its texts scrubbed. A
 * block for the user alone (`annotations.audience: ["user"]`) is left out of what the model reads, nothing in its
 * place (where every block is one, the model reads that the result is for the user), and kept for the user to be
 * shown (`ForUser`), an error result's as well (still an error for the model: MCP schema.ts `CallToolResult.isError`
 * is the tool's error the model reads to self-correct; `audience` names who a block is for, whatever the result).
 */
export const toOutput = (
  result: McpSchema.CallToolResult,
  call: Tool.ToolCall,
  bounds: Bounds,
  scrub: (text: string) => string
): string | ReadonlyArray<Message.Part> | Message.Message | ForUser.Output => {
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
  const parts = partsOf(result).map(scrubbed(scrub))
  if (parts.length === 0) {
    parts.push(Message.text(result.content.length === 0 ? "(the tool returned no content)" : forTheUser))
  }
  const content = parts.every((part) => part._tag === "TextPart")
    ? parts.map((part) => (part as Message.TextPart).text).join("\n")
    : parts
  const forUser = result.content.filter((block) => !forTheModel(block)).flatMap(partsOfBlock).map(scrubbed(scrub))
  const isError = result.isError === true
  if (forUser.length === 0) return isError ? errorResult(call, content) : content
  return new ForUser.Output({ content, forUser, ...(isError ? { isError } : {}) })
}
