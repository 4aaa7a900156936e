/**
 * Content parts in the Chat Completions format (OpenAI API reference, "Create chat completion",
 * `messages[].content` of a user message; the `openai` SDK's `ChatCompletionContentPart`): `text`,
 * `image_url` (an `http(s)` URL or a `data:` URL, with `detail`), `file` (`file_data` as a `data:` URL,
 * with the `filename` the API requires; PDF only) and `input_audio` (base64 wav or mp3). Tool messages
 * carry text only. Hosts differ in what they accept (`Policy`): Groq, for one, takes images only.
 *
 * @internal
 */
import * as Result from "effect/Result"
import type * as Message from "../../core/Message.js"
import * as CallRequest from "../../core/request/CallRequest.js"
import * as MessageParts from "../../core/request/MessageParts.js"

/** What a Chat Completions host accepts, and its documented limits. */
export interface Policy {
  /** How errors name the API: `Chat Completions`, `Groq`. */
  readonly api: string
  /** What to say instead of a document the host cannot take at all (undefined: PDFs are taken). */
  readonly noFiles?: string | undefined
  /** What to say instead of audio the host cannot take at all (undefined: wav and mp3 are taken). */
  readonly noAudio?: string | undefined
  /** The most images in one request. */
  readonly maxImages: number
  /** The most bytes of inline images in one request, counted as sent (base64) or as bytes. */
  readonly maxInlineImageBytes: { readonly limit: number; readonly base64: boolean; readonly what: string }
  /**
   * The longest tool call id the host takes (undefined: any); a longer one goes as `Conversation.boundedCallId` cuts
   * it.
   */
  readonly maxCallIdLength?: number | undefined
  /**
   * How many characters each tool call id has, letters and digits alone, where the host takes no other (Mistral's 9;
   * undefined: any); another goes as `Conversation.alphanumericCallId` writes it.
   */
  readonly callIdLength?: number | undefined
  /**
   * Whether the host takes no user message right after tool results, nor an assistant turn with nothing in it
   * (Mistral): each goes with a turn saying `Conversation.noAnswer` (`assistantAfterResults`).
   */
  readonly assistantAfterResults?: boolean | undefined
  /**
   * Whether the host takes a system message only after a user or system message (Mistral): one after an assistant
   * turn or a tool result goes next to a user message (`systemAfterUser`).
   */
  readonly systemAfterUser?: boolean | undefined
  /**
   * Whether each assistant turn goes back with its `reasoning_content` (DeepSeek, whose thinking mode refuses a turn
   * that called tools without it): `reasoningWithTurns`.
   */
  readonly reasoningWithTurns?: boolean | undefined
  /**
   * Whether the host takes an assistant turn's refusal back in the message's `refusal` field (OpenAI, Azure OpenAI):
   * `refusalsApart`.
   */
  readonly refusalsApart?: boolean | undefined
  /**
   * The name the host's file ids are under in a `Message.ProviderReference` (`openai`), where a `file` part takes one
   * (`file.file_id`); undefined: the host takes no file by its id.
   */
  readonly fileIds?: string | undefined
}

/**
 * OpenAI's Chat Completions, as its vision guide documents it (images: PNG, JPEG, WebP, non-animated GIF;
 * up to 500 images and 50 MB of image bytes per request), its tool call ids of up to 40 characters, as its
 * 400 says (`Conversation.boundedCallId`), and Azure OpenAI, which serves the same API.
 */
export const openaiPolicy: Policy = {
  api: "Chat Completions",
  maxImages: 500,
  maxInlineImageBytes: { limit: 50 * 2 ** 20, base64: false, what: "50 MB of image bytes per request" },
  maxCallIdLength: 40
}

const audioFormats: Readonly<Record<string, "wav" | "mp3">> = {
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/wave": "wav",
  "audio/vnd.wave": "wav",
  "audio/mpeg": "mp3",
  "audio/mp3": "mp3"
}

/** Text as a `text` content part. */
export const textPart = (text: string): unknown => ({ type: "text", text })

type Encoded = Result.Result<unknown, CallRequest.Unsupported>

/** An `image_url` part: the URL given, or a `data:` URL counted against the host's inline image limit. */
const image = (policy: Policy, tally: MessageParts.Tally, at: string, part: Message.ImagePart): Encoded => {
  const resolved = MessageParts.checkedImage(at, part, { api: policy.api, tally, maxImages: policy.maxImages })
  if (Result.isFailure(resolved)) return Result.fail(resolved.failure)
  const { data, mediaType, what } = resolved.success
  let url: string
  if (data._tag === "Url") url = data.url
  else {
    const limit = policy.maxInlineImageBytes
    if (tally.add("inlineImageBytes", limit.base64 ? data.base64Length : data.size) > limit.limit) {
      return MessageParts.refuse(
        what,
        `${policy.api} takes at most ${limit.what}; send smaller images, fewer of them, or URLs to them`
      )
    }
    url = data.dataUrl(mediaType!)
  }
  return Result.succeed({
    type: "image_url",
    image_url: part.detail === undefined ? { url } : { url, detail: part.detail }
  })
}

/** A `file` part: a PDF's bytes as a `data:` URL, with a file name (the API requires one). */
const file = (policy: Policy, at: string, part: Message.FilePart): Encoded => {
  const mediaType = MessageParts.mediaTypeOf(part)
  const what = MessageParts.describe(at, part, mediaType)
  if (policy.noFiles !== undefined) return MessageParts.refuse(what, policy.noFiles)
  if (mediaType !== "application/pdf") {
    return MessageParts.refuse(
      what,
      `${policy.api} takes PDF files only; convert it to PDF, send its text as a text part, or use the Responses API (OpenAIResponses), which takes other document types`
    )
  }
  const data = MessageParts.dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  if (data.success._tag === "Url") {
    return MessageParts.refuse(
      what,
      `${policy.api} takes files as bytes, not URLs, and this library does not download them; pass the file's bytes (a Uint8Array or a data: URL), or use the Responses API (OpenAIResponses), which takes file URLs`
    )
  }
  return Result.succeed({
    type: "file",
    file: {
      filename: part.filename ?? MessageParts.defaultFilename(mediaType),
      file_data: data.success.dataUrl(mediaType)
    }
  })
}

/** An `input_audio` part: a wav or mp3 recording's bytes, base64. */
const audio = (policy: Policy, at: string, part: Message.AudioPart): Encoded => {
  const mediaType = MessageParts.mediaTypeOf(part)
  const what = MessageParts.describe(at, part, mediaType)
  if (policy.noAudio !== undefined) return MessageParts.refuse(what, policy.noAudio)
  const format = Object.hasOwn(audioFormats, mediaType) ? audioFormats[mediaType] : undefined
  if (format === undefined) {
    return MessageParts.refuse(
      what,
      `${policy.api} takes wav or mp3 audio (audio/wav, audio/mpeg); convert the recording`
    )
  }
  const data = MessageParts.dataOf(at, part)
  if (Result.isFailure(data)) return Result.fail(data.failure)
  if (data.success._tag === "Url") {
    return MessageParts.refuse(
      what,
      `${policy.api} takes audio as bytes, not URLs, and this library does not download them; pass the recording's bytes (a Uint8Array or a data: URL)`
    )
  }
  return Result.succeed({ type: "input_audio", input_audio: { data: data.success.base64(), format } })
}

/**
 * A file the host holds, by its id, as a `file` part (`openai` 7.59.0 `ChatCompletionContentPart.File.file.file_id`,
 * "The ID of an uploaded file to use as input"); an image or a recording is not taken by its id.
 */
const byId = (policy: Policy, at: string, part: MessageParts.FileLike, id: string): Encoded =>
  part._tag === "FilePart"
    ? Result.succeed({ type: "file", file: { file_id: id } })
    : MessageParts.refuse(
      MessageParts.describe(at, part),
      `${policy.api} takes only a document by its file id (an image_url takes a URL); send its bytes or URL, or use the Responses API (OpenAIResponses), whose input_image takes a file_id`
    )

/** A tool message's content part: text only. */
const toolResultPart = (policy: Policy, at: string, part: MessageParts.ContentPart): Encoded =>
  part._tag === "TextPart"
    ? Result.succeed(textPart(part.text))
    : MessageParts.refuse(
      MessageParts.describe(at, part),
      `${policy.api} tool results carry text only; describe it in the result's text and send the ${
        MessageParts.kindOf(part)
      } in a user message after the tool results`
    )

/** Encodes the parts of one request for a host, counting what its limits count. */
export const encoder = (policy: Policy) => {
  const tally = new MessageParts.Tally()
  return {
    /** A user message's content part. */
    part: MessageParts.byKind<unknown>({
      text: textPart,
      image: (at, part) => image(policy, tally, at, part),
      file: (at, part) => file(policy, at, part),
      audio: (at, part) => audio(policy, at, part),
      reference: policy.fileIds === undefined
        ? undefined
        : { provider: policy.fileIds, encode: (at, part, id) => byId(policy, at, part, id) }
    }),
    /** A tool message's content part: text only. */
    toolResultPart: (at: string, part: MessageParts.ContentPart): Encoded => toolResultPart(policy, at, part)
  }
}
