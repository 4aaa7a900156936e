/**
 * Content parts in the Responses API format (OpenAI API reference, "Create a model response", `input`
 * message content; the `openai` SDK's `ResponseInputContent`): `input_text`, `input_image` (`image_url`:
 * an `http(s)` URL or a `data:` URL, and `detail`, which the SDK types as required) and `input_file`
 * (`file_url` for a URL, or `file_data` as a `data:` URL with a `filename`). The API takes no audio in
 * input messages (`ResponseInputContent` has no audio member). A `function_call_output` takes the same
 * parts as its `output`. Images as in OpenAI's vision guide (PNG, JPEG, WebP, GIF; at most 500 images
 * and 50 MB of image bytes per request); files of the types in OpenAI's file inputs guide (PDF, text and
 * code, Word, RTF, OpenDocument text, PowerPoint, spreadsheets).
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import type * as CallRequest from "../../core/request/CallRequest.js"
import * as MessageParts from "../../core/request/MessageParts.js"

const api = "The Responses API"

/** The document types OpenAI's file inputs guide lists for `input_file`. */
const isFileType = (mediaType: string): boolean =>
  mediaType === "application/pdf" ||
  mediaType.startsWith("text/") ||
  mediaType === "application/json" ||
  mediaType === "application/xml" ||
  mediaType === "application/rtf" ||
  mediaType === "application/msword" ||
  mediaType === "application/vnd.ms-excel" ||
  mediaType === "application/vnd.ms-powerpoint" ||
  mediaType === "application/vnd.oasis.opendocument.text" ||
  mediaType.startsWith("application/vnd.openxmlformats-officedocument.")

const maxImages = 500
const maxImageBytes = 50 * 2 ** 20

/**
 * A file the host holds, by its id: an image as `input_image` with its `file_id` (and `detail`), another file as
 * `input_file` with its `file_id` (`openai` 7.59.0 `ResponseInputImage.file_id`, `ResponseInputFile.file_id`).
 */
const byId = (at: string, part: MessageParts.FileLike, id: string): Result.Result<unknown, CallRequest.Unsupported> =>
  part._tag === "ImagePart"
    ? Result.succeed({ type: "input_image", file_id: id, detail: part.detail ?? "auto" })
    : part._tag === "FilePart"
    ? Result.succeed({ type: "input_file", file_id: id })
    : MessageParts.refuse(MessageParts.describe(at, part), `${api} takes no audio input; send a transcript`)

/** Encodes the parts of one request, counting what the limits count; a file by its id as `fileIds` names it. */
export const encoder = (fileIds: string) => {
  const tally = new MessageParts.Tally()

  const image = (at: string, part: Message.ImagePart): Result.Result<unknown, CallRequest.Unsupported> => {
    const resolved = MessageParts.checkedImage(at, part, { api, tally, maxImages })
    if (Result.isFailure(resolved)) return Result.fail(resolved.failure)
    const { data, mediaType, what } = resolved.success
    if (data._tag === "Inline" && tally.add("imageBytes", data.size) > maxImageBytes) {
      return MessageParts.refuse(
        what,
        `${api} takes at most 50 MB of image bytes per request; send smaller images, fewer of them, or URLs to them`
      )
    }
    return Result.succeed({
      type: "input_image",
      image_url: data._tag === "Url" ? data.url : data.dataUrl(mediaType!),
      detail: part.detail ?? "auto"
    })
  }

  const file = (at: string, part: Message.FilePart): Result.Result<unknown, CallRequest.Unsupported> => {
    const mediaType = MessageParts.mediaTypeOf(part)
    const what = MessageParts.describe(at, part, mediaType)
    if (!isFileType(mediaType)) {
      return MessageParts.refuse(
        what,
        `${api} takes PDF, text, Word, PowerPoint and spreadsheet files; convert it to PDF, or send an image as an image part`
      )
    }
    const data = MessageParts.dataOf(at, part)
    if (Result.isFailure(data)) return Result.fail(data.failure)
    if (data.success._tag === "Url") {
      return Result.succeed({
        type: "input_file",
        file_url: data.success.url,
        ...(part.filename === undefined ? {} : { filename: part.filename })
      })
    }
    return Result.succeed({
      type: "input_file",
      filename: part.filename ?? MessageParts.defaultFilename(mediaType),
      file_data: data.success.dataUrl(mediaType)
    })
  }

  /** A content part of a message or of a function call's output. */
  return MessageParts.byKind<unknown>({
    text: (text) => ({ type: "input_text", text }),
    image,
    file,
    audio: MessageParts.refuseAll(
      `${api} takes no audio input; use Chat Completions (OpenAI.layer) with an audio model such as gpt-audio, or send a transcript`
    ),
    reference: { provider: fileIds, encode: byId }
  })
}
