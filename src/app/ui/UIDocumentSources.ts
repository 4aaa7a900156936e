/**
 * The documents an answer cites, as the UI message stream's `source-document` chunks: one per document, however often
 * the text cites it, so that a page listing an answer's sources (as the AI SDK's examples do with `source-document`
 * parts) lists the documents the user sent. Which document a citation names is its provider's reading
 * (`ContentBlocks.CitedDocument`, on the citation); the document's media type and file name are the file part's the
 * request sent at the citation's index, where the request is known.
 *
 * @internal
 */
import type * as CallBasis from "../../core/estimate/CallBasis.js"
import type * as ContentBlocks from "../../core/fold/ContentBlocks.js"
import type * as Message from "../../core/Message.js"
import * as MessageParts from "../../core/request/MessageParts.js"
import type * as UIChunk from "../protocol/UIChunk.js"

/** A document the request sent, as a citation names it by its position among the request's documents. */
export interface SentDocument {
  readonly mediaType: string
  readonly filename: string | undefined
}

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
   * The `source-document` of the document `cited`, the first time the answer cites it. Its media type and
   * file name are the request's file part's, its title the citation's, else the file name; where the request is not
   * known, `@ai-sdk/anthropic`'s rule (`mapAnthropicCitation`): `text/plain`, `Document {index}`. A position past
   * the request's documents names none: no source, as `@ai-sdk/anthropic`'s `createCitationSource` sends none.
   */
  sourceOf(cited: ContentBlocks.CitedDocument): UIChunk.SourceDocument | undefined {
    if (this.seen.size >= maxDocuments || this.seen.has(cited.key)) return undefined
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
