/**
 * Writes a tool result's parts as AG-UI 1.0 content parts: `@ag-ui/core` 1.0.0 (`dist/schemas.js`,
 * `ToolCallResultEventSchema` and `ToolMessageSchema`) takes a tool result's `content` as a string or an array of
 * `ContentPartSchema` (text, image, audio, video, document; a media part's `source` is `DataSourceSchema`, base64 in
 * `value` with its `mimeType`, or `UrlSourceSchema`). Text is a text part, an image an image, a document a document,
 * a recording audio; bytes go inline as base64 with their media type. What the model is told of a part that AG-UI has
 * no field for (its `alt`, `detail`, `filename`, `citations`) goes in the part's `metadata` (`extrasKey`), which the
 * outcome's signature covers with the rest, so that the result reads back as it was.
 *
 * @internal
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Message from "../../core/Message.js"
import * as PartSources from "../../core/request/PartSources.js"
import * as UIToMessages from "../history/UIToMessages.js"
import * as ForUser from "../loop/ForUser.js"
import type * as AgUiEvent from "./AgUiEvent.js"

/** Where a part's metadata keeps what the model is told of it that AG-UI has no field for. */
export const extrasKey = "effect-llm-stream/part"

/** What the model is told of a part that AG-UI has no field for, as a part's metadata holds it. */
export const Extras = Schema.Struct({
  alt: Schema.optionalKey(Schema.String),
  detail: Schema.optionalKey(Message.ImageDetail),
  filename: Schema.optionalKey(Schema.String),
  citations: Schema.optionalKey(Schema.Boolean)
})

export type Extras = typeof Extras.Type

/** The fields of `extras` that are set, as a part's metadata, or nothing when none is. */
const metadataOf = (extras: Readonly<Record<string, unknown>>): { readonly metadata?: AgUiEvent.Metadata } => {
  const set = Object.fromEntries(Object.entries(extras).filter(([, value]) => value !== undefined))
  return Object.keys(set).length === 0 ? {} : { metadata: { [extrasKey]: set } }
}

/** A source as AG-UI's: a URL (its media type if known), or bytes with their media type (none known: `undefined`). */
const sourceOf = (data: PartSources.Data, mediaType: string | undefined): AgUiEvent.PartSource | undefined =>
  data._tag === "Url"
    ? { type: "url", value: data.url, ...(mediaType === undefined ? {} : { mimeType: mediaType }) }
    : mediaType === undefined
    ? undefined
    : { type: "data", value: data.base64(), mimeType: mediaType }

/** A media part of `type`; `undefined` when its source cannot be read or its bytes' media type is not known. */
const media = (
  type: "image" | "audio" | "document",
  source: Message.Source,
  mediaTypeOf: (data: PartSources.Data) => string | undefined,
  extras: Readonly<Record<string, unknown>>
): AgUiEvent.ContentPart | undefined => {
  const data = PartSources.resolve(source)
  if (Result.isFailure(data)) return undefined
  const written = sourceOf(data.success, mediaTypeOf(data.success))
  return written === undefined ? undefined : { type, source: written, ...metadataOf(extras) }
}

/**
 * Each part of a tool result (`Message.Part`) as an AG-UI 1.0 content part (`@ag-ui/core` 1.0.0 `ContentPart`), or
 * `undefined` when AG-UI has none for it.
 */
const writers: {
  readonly [Tag in Message.Part["_tag"]]: (
    part: Extract<Message.Part, { readonly _tag: Tag }>
  ) => AgUiEvent.ContentPart | undefined
} = {
  TextPart: (part) => ({ type: "text", text: part.text }),
  ImagePart: (part) =>
    media("image", part.source, (data) => Result.getOrUndefined(PartSources.imageMediaType(part, data)), {
      alt: part.alt,
      detail: part.detail
    }),
  FilePart: (part) =>
    media("document", part.source, () => part.mediaType, {
      alt: part.alt,
      filename: part.filename,
      citations: part.citations
    }),
  AudioPart: (part) => media("audio", part.source, () => part.mediaType, { alt: part.alt }),
  // No part of AG-UI's is a cache point.
  CachePointPart: () => undefined
}

/** `part` marked for the user alone (`ForUser.key` in its metadata, beside what the model would be told of it). */
const markedForUser = (part: AgUiEvent.ContentPart): AgUiEvent.ContentPart => ({
  ...part,
  metadata: { ...part.metadata, [ForUser.key]: true }
})

/**
 * A tool result's parts as AG-UI 1.0 content, then `forUser`'s, the parts for the user alone (`ForUser`), each marked;
 * `undefined` when one has no AG-UI part (a cache point, bytes of an image of no known type, a source not read) or
 * there are more than a run's input takes back (`UIToMessages.maxParts`): that result is sent as its text, as before.
 */
export const contentOf = (
  parts: ReadonlyArray<Message.Part>,
  forUser: ReadonlyArray<Message.Part> = []
): ReadonlyArray<AgUiEvent.ContentPart> | undefined => {
  if (parts.length + forUser.length > UIToMessages.maxParts) return undefined
  const content: Array<AgUiEvent.ContentPart> = []
  for (const [index, part] of [...parts, ...forUser].entries()) {
    const written = (writers[part._tag] as (part: Message.Part) => AgUiEvent.ContentPart | undefined)(part)
    if (written === undefined) return undefined
    content.push(index < parts.length ? written : markedForUser(written))
  }
  return content
}
