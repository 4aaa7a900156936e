/**
 * The documents an answer cites, as the UI message stream's `source-document` chunks: one per document, however often
 * the text cites it, so that a page listing an answer's sources (as the AI SDK's examples do with `source-document`
 * parts) lists the documents the user sent. A citation is read by its API's row (`readers`); the document's media type
 * and file name are the file part's the request sent at the citation's index, where the request is known.
 *
 * @internal
 */
import type * as CallBasis from "../../core/estimate/CallBasis.js"
import type * as Message from "../../core/Message.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import type * as UIChunk from "../protocol/UIChunk.js"

/** A document the request sent, as a citation names it by its position among the request's documents. */
export interface SentDocument {
  readonly mediaType: string
  readonly filename: string | undefined
}

/** What a citation says of the document it cites. */
interface Cited {
  /** What tells the document apart from the answer's other documents. */
  readonly key: string
  /** Its position among the request's documents, where the citation names it by one. */
  readonly index: number | undefined
  readonly title: string | undefined
  readonly filename: string | undefined
  /** The media type its API's rule gives it, where the citation does not name it by position. */
  readonly mediaType: string | undefined
}

type Fields = Readonly<Record<string, unknown>>

const isRecord = (value: unknown): value is Fields => typeof value === "object" && value !== null

const stringOf = (value: unknown): string | undefined => typeof value === "string" && value !== "" ? value : undefined

const indexOf = (value: unknown): number | undefined =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : undefined

/** A citation of the request's document at `index`. */
const atIndex = (index: number | undefined, title: unknown): Cited | undefined =>
  index === undefined
    ? undefined
    : { key: `index ${index}`, index, title: stringOf(title), filename: undefined, mediaType: undefined }

/**
 * Anthropic's citation of a document the request sent (`@anthropic-ai/sdk`'s `CitationCharLocation`,
 * `CitationPageLocation`, `CitationContentBlockLocation`: `document_index`, `document_title`, `file_id`).
 */
const anthropic = (citation: Fields): Cited | undefined => {
  const type = citation["type"]
  if (type !== "char_location" && type !== "page_location" && type !== "content_block_location") return undefined
  return atIndex(indexOf(citation["document_index"]), citation["document_title"])
}

/**
 * Bedrock Converse's citation of a document the request sent (`@aws-sdk/client-bedrock-runtime`'s `Citation`: its
 * `location`'s `documentChar`, `documentPage` or `documentChunk`, each with `documentIndex`; `title`).
 */
const bedrock = (citation: Fields): Cited | undefined => {
  const location = citation["location"]
  if (!isRecord(location)) return undefined
  for (const kind of ["documentChar", "documentPage", "documentChunk"]) {
    const at = location[kind]
    if (isRecord(at)) return atIndex(indexOf(at["documentIndex"]), citation["title"])
  }
  return undefined
}

/**
 * The Responses API's citation of a file (openai-node's `file_citation` and `container_file_citation` annotations:
 * `file_id`, `filename`), a `text/plain` document titled by its file name as `@ai-sdk/openai` makes it
 * (`mapOpenAIResponsesAnnotationSource`).
 */
const responses = (citation: Fields): Cited | undefined => {
  const type = citation["type"]
  const file = stringOf(citation["file_id"])
  if ((type !== "file_citation" && type !== "container_file_citation") || file === undefined) return undefined
  const filename = stringOf(citation["filename"])
  return { key: `file ${file}`, index: undefined, title: filename, filename, mediaType: "text/plain" }
}

/** How each API's citation names a document: the first row that reads it. */
const readers: ReadonlyArray<(citation: Fields) => Cited | undefined> = [anthropic, bedrock, responses]

/**
 * The documents of a request's messages, in the order its provider numbers them: the file parts of its user
 * messages, as `@ai-sdk/anthropic`'s `extractCitationDocuments` reads a prompt; only those of `types` where the
 * provider sends only some file parts as documents (its profile's `documentTypes`, on the call's basis).
 */
export const sentDocuments = (
  types: ReadonlySet<string> | undefined,
  messages: ReadonlyArray<Message.Message>
): ReadonlyArray<SentDocument> => {
  const documents: Array<SentDocument> = []
  for (const message of messages) {
    if (message._tag !== "UserMessage") continue
    for (const part of message.parts ?? []) {
      if (part._tag !== "FilePart") continue
      const mediaType = MessageParts.mediaTypeOf(part)
      if (types === undefined || types.has(mediaType)) documents.push({ mediaType, filename: part.filename })
    }
  }
  return documents
}

/** More distinct documents than an answer cites: past this many, a stream naming more is sent no more sources. */
export const maxDocuments = 100

/** The `source-document` chunks of one answer's citations, one per document. */
export class DocumentSources {
  private readonly seen = new Set<string>()
  private sent: (() => ReadonlyArray<SentDocument>) | undefined = undefined
  private documents: ReadonlyArray<SentDocument> | undefined = undefined

  /** The request the answer's call sent, read for its documents when a citation first names one by position. */
  told(basis: CallBasis.Basis): void {
    this.sent = () => sentDocuments(basis.documentTypes, basis.request.messages)
    this.documents = undefined
  }

  /**
   * The `source-document` of the document `citation` cites, the first time the answer cites it. Its media type and
   * file name are the request's file part's, its title the citation's, else the file name; where the request is not
   * known, `@ai-sdk/anthropic`'s rule (`mapAnthropicCitation`): `text/plain`, `Document {index}`. A position past
   * the request's documents names none: no source, as `@ai-sdk/anthropic`'s `createCitationSource` sends none.
   */
  sourceOf(citation: unknown): UIChunk.SourceDocument | undefined {
    if (!isRecord(citation) || this.seen.size >= maxDocuments) return undefined
    let cited: Cited | undefined
    for (const read of readers) if ((cited = read(citation)) !== undefined) break
    if (cited === undefined || this.seen.has(cited.key)) return undefined
    const documents = this.documents ??= this.sent?.()
    const sent = cited.index === undefined ? undefined : documents?.[cited.index]
    if (cited.index !== undefined && documents !== undefined && sent === undefined) return undefined
    this.seen.add(cited.key)
    const filename = sent?.filename ?? cited.filename
    return {
      type: "source-document",
      sourceId: `document-${this.seen.size}`,
      mediaType: sent?.mediaType ?? cited.mediaType ?? "text/plain",
      title: cited.title ?? filename ??
        (sent !== undefined || cited.index === undefined ? "Untitled Document" : `Document ${cited.index}`),
      ...(filename === undefined ? {} : { filename })
    }
  }
}
