/**
 * Content parts as Messages API content blocks (Anthropic API reference, "Messages", `content` of a user
 * message and of a `tool_result`; the `@anthropic-ai/sdk` types `ImageBlockParam`, `DocumentBlockParam`,
 * `ToolResultBlockParam`): `image` blocks with a `base64` source (JPEG, PNG, GIF, WebP) or a `url` source;
 * `document` blocks for PDFs (`base64` or `url` source) and plain text (a `text` source holding the text
 * itself). No audio. Limits from Anthropic's vision and PDF guides: at most 100 images per request, 5 MB
 * per image (base64-encoded), and 32 MB per request.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import type * as PartSources from "../../core/request/PartSources.js"

const api = "Anthropic"

const maxImages = 100
const maxImageBase64 = 5 * 2 ** 20
const maxRequestBytes = 32 * 2 ** 20

const utf8 = new TextDecoder("utf-8", { fatal: true })

/** The `cache_control` of a breakpoint (a TTL only where one was given: `5m` is the API's default). */
export const cacheControl = (ttl: Message.CacheTtl | undefined): unknown =>
  ttl === undefined ? { type: "ephemeral" } : { type: "ephemeral", ttl }

/**
 * Marks the block a cache point follows with `cache_control` (`CacheControlEphemeral` of a content block,
 * a system text block, a tool); the API takes none on an empty text block.
 */
export const mark: MessageParts.Marker<unknown> = (blocks, point, at) => {
  const last = blocks.length - 1
  const block = blocks[last] as Readonly<Record<string, unknown>>
  if (block["type"] === "text" && block["text"] === "") {
    return MessageParts.refuse(
      `${at} (cache point)`,
      `${api} takes no cache breakpoint on an empty text block; put it after a part with content`
    )
  }
  blocks[last] = { ...block, cache_control: cacheControl(point.ttl) }
  return Result.void
}

type Encoded = Result.Result<unknown, CallRequest.Unsupported>

/** Counts inline bytes (as sent) against the 32 MB request limit. */
const sized = (tally: MessageParts.Tally, what: string, sent: number): Result.Result<void, CallRequest.Unsupported> =>
  tally.add("inlineBytes", sent) > maxRequestBytes
    ? MessageParts.refuse(
      what,
      `${api} takes requests of at most 32 MB; send large images and PDFs by URL, or fewer of them per request`
    )
    : Result.void

/** An `image` block: a `url` source, or a `base64` one within the per-image and per-request limits. */
const image = (tally: MessageParts.Tally, at: string, part: Message.ImagePart): Encoded => {
  const resolved = MessageParts.checkedImage(at, part, { api, tally, maxImages })
  if (Result.isFailure(resolved)) return Result.fail(resolved.failure)
  const { data, mediaType, what } = resolved.success
  if (data._tag === "Url") return Result.succeed({ type: "image", source: { type: "url", url: data.url } })
  if (data.base64Length > maxImageBase64) {
    return MessageParts.refuse(
      what,
      `${api} takes images of at most 5 MB (base64-encoded; this one is ${
        MessageParts.megabytes(data.base64Length)
      }); scale it down, or send it by URL`
    )
  }
  const size = sized(tally, what, data.base64Length)
  if (Result.isFailure(size)) return Result.fail(size.failure)
  return Result.succeed({ type: "image", source: { type: "base64", media_type: mediaType, data: data.base64() } })
}

/** A document block's fields besides its source: its `title`, and `citations` where it asks for them. */
type DocumentFields = { readonly title?: string; readonly citations?: { readonly enabled: true } }

/**
 * The `title` (the file name) and `citations: { enabled: true }` of a document that asks to be cited
 * (`@anthropic-ai/sdk` 1.14.0 `DocumentBlockParam.citations: CitationsConfigParam`).
 */
const documentFields = (part: Message.FilePart): DocumentFields => ({
  ...(part.filename === undefined ? {} : { title: part.filename }),
  ...(part.citations === true ? { citations: { enabled: true } } : {})
})

/** A `document` block for a PDF: a `url` source, or a `base64` one counted against the request limit. */
const pdf = (
  tally: MessageParts.Tally,
  what: string,
  data: PartSources.Data,
  fields: DocumentFields
): Encoded => {
  if (data._tag === "Url") {
    return Result.succeed({ type: "document", source: { type: "url", url: data.url }, ...fields })
  }
  const size = sized(tally, what, data.base64Length)
  if (Result.isFailure(size)) return Result.fail(size.failure)
  return Result.succeed({
    type: "document",
    source: { type: "base64", media_type: "application/pdf", data: data.base64() },
    ...fields
  })
}

/** A `document` block for plain text: a `text` source holding the text, which must be inline UTF-8. */
const plainText = (
  tally: MessageParts.Tally,
  what: string,
  data: PartSources.Data,
  fields: DocumentFields
): Encoded => {
  if (data._tag === "Url") {
    return MessageParts.refuse(
      what,
      `${api} takes plain-text documents inline only, and this library does not download URLs; pass the text's bytes, or send it as a text part`
    )
  }
  let text: string
  try {
    text = utf8.decode(data.bytes())
  } catch {
    return MessageParts.refuse(what, `${api} takes plain-text documents as UTF-8; re-encode the text as UTF-8`)
  }
  const size = sized(tally, what, data.size)
  if (Result.isFailure(size)) return Result.fail(size.failure)
  return Result.succeed({ type: "document", source: { type: "text", media_type: "text/plain", data: text }, ...fields })
}

/** A `document` block for a PDF or a plain-text file; any other file type is refused. */
const file = (tally: MessageParts.Tally, at: string, part: Message.FilePart): Encoded => {
  const mediaType = MessageParts.mediaTypeOf(part)
  const what = MessageParts.describe(at, part, mediaType)
  if (mediaType !== "application/pdf" && mediaType !== "text/plain") {
    return MessageParts.refuse(
      what,
      `${api} takes PDF (application/pdf) and plain-text (text/plain) documents; convert it to PDF, or send a text file with mediaType "text/plain"`
    )
  }
  const data = MessageParts.dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  const fields = documentFields(part)
  const encoded = mediaType === "application/pdf"
    ? pdf(tally, what, data.success, fields)
    : plainText(tally, what, data.success, fields)
  return Result.isSuccess(encoded) ? citedAlike(tally, what, part, encoded) : encoded
}

/**
 * A document sent, checked to ask for citations as the request's other documents do: "citations must be enabled on
 * all or none of the documents within a request" (https://platform.claude.com/docs/build-with-claude/citations, "How
 * citations work"), refused here before any byte is sent.
 */
const citedAlike = (tally: MessageParts.Tally, what: string, part: Message.FilePart, encoded: Encoded): Encoded => {
  const cited = part.citations === true
  tally.add(cited ? "citedDocuments" : "uncitedDocuments", 1)
  if (tally.add(cited ? "uncitedDocuments" : "citedDocuments", 0) === 0) return encoded
  return MessageParts.refuse(
    what,
    `${api} takes citations on all of a request's documents or on none; set citations: true on every file part sent as a document, or on none`
  )
}

/** Whether a block is a text block with nothing in it, which the API refuses (`noBlankText`). */
const blank = (block: unknown): boolean => {
  const { text, type } = block as { readonly type?: unknown; readonly text?: unknown }
  return type === "text" && typeof text === "string" && Conversation.isBlank(text)
}

/**
 * The toolset family of each client toolset member call (`tool_use` with a `toolset_name`: the browser and computer
 * toolsets), by the call's id as sent.
 */
export type Toolsets = ReadonlyMap<string, string>

const noToolsets: Toolsets = new Map()

/**
 * A `tool_result` block: its text, or its parts (text, images, documents; cache points on them). A result with
 * nothing in it goes with no content, or, failed, says it gave none where the table says so (`resultWithContent`:
 * the API refuses an empty failed result, and a text block of nothing); its call's id as the table has it. A result
 * of a toolset member call names the call's family (`toolset_name`, from `toolsets`): "For a toolset member
 * tool_result, the toolset family of the paired tool_use" (`@anthropic-ai/sdk` 1.14.0 `ToolResultBlockParam`);
 * "`toolset_name` is required on a member result (the API rejects a mismatch)" (the SDK's `toolsetResultBlock`,
 * `src/lib/internal/toolsets/run.ts`). A result of any other call goes without it, as before.
 */
const toolResult = (
  message: Message.ToolResultMessage,
  at: string,
  part: (at: string, part: MessageParts.ContentPart) => Encoded,
  rules: Conversation.Rules,
  toolsets: Toolsets
): Result.Result<ReadonlyArray<unknown>, CallRequest.Unsupported> => {
  const id = Conversation.callIdFor(rules)(message.toolCallId)
  const toolset = toolsets.get(id)
  const result = (content: string | ReadonlyArray<unknown>) => {
    const empty = typeof content === "string" ? Conversation.isBlank(content) : content.length === 0
    const filler = message.isError ? Conversation.emptyResultText(rules) : undefined
    const given = !empty ? { content } : filler !== undefined ? { content: filler } : {}
    return [{
      type: "tool_result",
      tool_use_id: id,
      ...(toolset === undefined ? {} : { toolset_name: toolset }),
      ...given,
      ...(message.isError ? { is_error: true } : {})
    }]
  }
  if (message.parts === undefined) return Result.succeed(result(message.content))
  return Result.map(
    MessageParts.encodeAll(message.parts, at, part, mark),
    (content) => result(content.filter((block) => !blank(block)))
  )
}

/**
 * A file Anthropic holds, by its id (its Files API): an image as an `image` block, a PDF or plain-text document as a
 * `document` block, each with a `file` source (`@anthropic-ai/sdk` 1.14.0 `FileImageSource`, `FileDocumentSource`:
 * `{ type: "file", file_id }`; the Files API guide's table: `image/jpeg`, `image/png`, `image/gif`, `image/webp` as an
 * `image` block); a request that sends one goes with the Files API's beta (`filesBeta`). An image by its id counts
 * against the request's 100 images as any other does.
 */
const byId = (tally: MessageParts.Tally, at: string, part: MessageParts.FileLike, id: string): Encoded => {
  const source = { type: "file", file_id: id }
  if (part._tag === "ImagePart") {
    const counted = MessageParts.countImage(MessageParts.describe(at, part), { api, tally, maxImages })
    return Result.isFailure(counted) ? Result.fail(counted.failure) : Result.succeed({ type: "image", source })
  }
  const mediaType = MessageParts.mediaTypeOf(part)
  const what = MessageParts.describe(at, part, mediaType)
  if (part._tag === "AudioPart") return MessageParts.refuse(what, `${api} takes no audio input; send a transcript`)
  if (mediaType !== "application/pdf" && mediaType !== "text/plain") {
    return MessageParts.refuse(
      what,
      `${api} takes PDF (application/pdf) and plain-text (text/plain) documents by their file id; convert it, or upload a PDF`
    )
  }
  return citedAlike(tally, what, part, Result.succeed({ type: "document", source, ...documentFields(part) }))
}

/**
 * The beta a request that sends a file by its id goes with: "To use the Files API, you'll need to include the beta
 * feature header: `anthropic-beta: files-api-2025-04-14`"
 * (https://platform.claude.com/docs/en/build-with-claude/files).
 */
export const filesBeta = "files-api-2025-04-14"

/** Whether an encoded block is, or a tool result's holds, a block with a `file` source (`byId`). */
const sendsFile = (block: unknown): boolean => {
  const { content, source, type } = block as { readonly type?: unknown; readonly source?: unknown; content?: unknown }
  if ((source as { readonly type?: unknown } | undefined)?.type === "file") return true
  return type === "tool_result" && Array.isArray(content) && content.some(sendsFile)
}

/** Whether a request's body sends a file by its id (it then goes with `filesBeta`). */
export const sendsFiles = (body: Readonly<Record<string, unknown>>): boolean =>
  Array.isArray(body["messages"]) &&
  body["messages"].some((message: { readonly content?: unknown }) =>
    Array.isArray(message.content) && message.content.some(sendsFile)
  )

/**
 * Encodes the parts of one request, counting images and inline bytes against the request's limits; its tool results
 * as the API's table of rules (`rules`) has them, each naming the toolset family of its call where `toolsets` has one.
 */
export const encoder = (rules: Conversation.Rules, toolsets: Toolsets = noToolsets) => {
  const tally = new MessageParts.Tally()
  /** A content part of a user message or of a tool result. */
  const part = MessageParts.byKind<unknown>({
    text: (text) => ({ type: "text", text }),
    image: (at, image_) => image(tally, at, image_),
    file: (at, file_) => file(tally, at, file_),
    audio: MessageParts.refuseAll(`${api} takes no audio input; send a transcript of the recording as text`),
    reference: { provider: "anthropic", encode: (at, file_, id) => byId(tally, at, file_, id) }
  })
  return {
    part,
    toolResult: (message: Message.ToolResultMessage, at: string) => toolResult(message, at, part, rules, toolsets)
  }
}
