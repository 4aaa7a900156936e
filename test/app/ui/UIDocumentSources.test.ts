/**
 * A cited document in the UI message stream: an Anthropic stream whose text cites the documents the user sent
 * (`char_location`, `page_location`, `content_block_location`), served by `fromStream` and read by the `ai`
 * package's own client, leaves one `source-document` part per document in the message a page renders, with the
 * media type and file name of the file part the request sent at the citation's `document_index`.
 */
import { assert, describe, it } from "@effect/vitest"
import type { UIMessage } from "ai"
import { Effect, Stream } from "effect"
import { LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as UIDocumentSources from "../../../src/app/ui/UIDocumentSources.js"
import * as CallBasis from "../../../src/core/estimate/CallBasis.js"
import * as TokenFamily from "../../../src/core/estimate/TokenFamily.js"
import * as BedrockEvents from "../../../src/providers/bedrock/BedrockEvents.js"
import * as ResponsesEvents from "../../../src/providers/openai-responses/ResponsesEvents.js"
import * as M from "../../support/Multimodal.js"
import { readResponse, readServed } from "../../support/UIClient.js"

const sse = (event: Record<string, unknown>) => `event: ${event["type"]}\ndata: ${JSON.stringify(event)}\n\n`

const text = (index: number, value: string) => ({
  type: "content_block_delta",
  index,
  delta: { type: "text_delta", text: value }
})

const cite = (index: number, citation: Record<string, unknown>) => ({
  type: "content_block_delta",
  index,
  delta: { type: "citations_delta", citation }
})

/** A citation of the request's document `document_index` (`@anthropic-ai/sdk`'s `CitationCharLocation` and kin). */
const charAt = (documentIndex: number, title: string | null) => ({
  type: "char_location",
  cited_text: "Revenue grew 12%.",
  document_index: documentIndex,
  document_title: title,
  start_char_index: 0,
  end_char_index: 17,
  file_id: null
})

const pageAt = (documentIndex: number, title: string | null) => ({
  type: "page_location",
  cited_text: "Revenue grew 12%.",
  document_index: documentIndex,
  document_title: title,
  start_page_number: 1,
  end_page_number: 2
})

const blockAt = (documentIndex: number) => ({
  type: "content_block_location",
  cited_text: "Costs fell.",
  document_index: documentIndex,
  document_title: null,
  start_block_index: 0,
  end_block_index: 1
})

/**
 * An answer citing the report (document 0) three times and the notes (document 1) twice, in the shape of Anthropic's
 * streamed citations (a text block's `citations_delta`s before its `text_delta`s), plus `extra` citations.
 */
const answer = (extra: ReadonlyArray<Record<string, unknown>> = []) =>
  [
    { type: "message_start", message: { id: "msg_1", model: "claude-sonnet-4-5", usage: { input_tokens: 120 } } },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    text(0, "In short: "),
    { type: "content_block_stop", index: 0 },
    { type: "content_block_start", index: 1, content_block: { type: "text", text: "", citations: [] } },
    cite(1, pageAt(0, "Q3 report")),
    cite(1, charAt(1, null)),
    text(1, "revenue grew 12%"),
    { type: "content_block_stop", index: 1 },
    { type: "content_block_start", index: 2, content_block: { type: "text", text: "", citations: [] } },
    cite(2, pageAt(0, "Q3 report")),
    cite(2, blockAt(1)),
    cite(2, charAt(0, "Q3 report")),
    ...extra.map((citation) => cite(2, citation)),
    text(2, " and costs fell."),
    { type: "content_block_stop", index: 2 },
    { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: 20 } },
    { type: "message_stop" }
  ].map(sse).join("")

/** The question with the two documents, in the order Anthropic numbers them. */
const question = Message.user([
  Message.file(new TextEncoder().encode("%PDF-1.4 report"), { mediaType: "application/pdf", filename: "report.pdf" }),
  Message.file(new TextEncoder().encode("Costs fell."), { mediaType: "text/plain", filename: "notes.txt" }),
  Message.text("Summarise the quarter.")
])

const served = (body: string) =>
  readServed(LanguageModel.stream({ messages: [question] })).pipe(
    Effect.provide(TestKit.fromRecording("anthropic", body))
  )

const sources = (message: UIMessage | undefined) =>
  JSON.parse(JSON.stringify(
    (message?.parts ?? []).filter((part) => part.type === "source-document" || part.type === "source-url")
  )) as Array<UIMessage["parts"][number]>

describe("a cited document is a source-document", () => {
  it.effect("once per document, with the media type and file name of the file part the request sent", () =>
    Effect.gen(function*() {
      const { chunks, errors, message } = yield* served(answer())
      assert.deepStrictEqual(errors, [])
      // What a page lists as the answer's sources: each document once, the report titled as the citation titles it,
      // the notes (no title in the citation) by their file name.
      assert.deepStrictEqual(sources(message), [
        {
          type: "source-document",
          sourceId: "document-1",
          mediaType: "application/pdf",
          title: "Q3 report",
          filename: "report.pdf"
        },
        {
          type: "source-document",
          sourceId: "document-2",
          mediaType: "text/plain",
          title: "notes.txt",
          filename: "notes.txt"
        }
      ])
      // The text is whole, and the sources come with the text that cites them.
      const texts = (message?.parts ?? []).flatMap((part) => part.type === "text" ? [part.text] : [])
      assert.strictEqual(texts.join(""), "In short: revenue grew 12% and costs fell.")
      assert.isBelow(
        chunks.findIndex((chunk) => chunk.type === "source-document"),
        chunks.findIndex((chunk) => chunk.type === "text-delta" && chunk.delta === "revenue grew 12%")
      )
      assert.strictEqual(chunks.at(-1)?.type, "finish")
    }))

  it.effect("a hostile stream citing documents the request never sent, again and again, adds no source", () =>
    Effect.gen(function*() {
      const extra = Array.from({ length: 500 }, (_, n) => charAt(2 + n, `forged ${n}`))
      const { errors, message } = yield* served(answer([...extra, ...extra]))
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(sources(message).map((part) => part.type === "source-document" && part.filename), [
        "report.pdf",
        "notes.txt"
      ])
    }))

  it.effect("without the request, the AI SDK's rule: text/plain, titled by the citation or its index; bounded", () =>
    Effect.gen(function*() {
      // The call's chunks alone: the converter is told no request.
      const extra = Array.from({ length: 300 }, (_, n) => charAt(2 + n, null))
      const chunks = yield* Stream.runCollect(LanguageModel.stream("hi")).pipe(
        Effect.provide(TestKit.fromRecording("anthropic", answer([...extra, ...extra])))
      )
      const { message } = yield* readServed(Stream.fromIterable(chunks))
      const documents = sources(message)
      assert.strictEqual(documents.length, 100)
      assert.deepStrictEqual(documents.slice(0, 3), [
        { type: "source-document", sourceId: "document-1", mediaType: "text/plain", title: "Q3 report" },
        { type: "source-document", sourceId: "document-2", mediaType: "text/plain", title: "Document 1" },
        { type: "source-document", sourceId: "document-3", mediaType: "text/plain", title: "Document 2" }
      ])
    }))

  it.effect("a citation with a web URL is still a source-url, beside the documents", () =>
    Effect.gen(function*() {
      const web = {
        type: "web_search_result_location",
        cited_text: "Markets rose.",
        url: "https://example.com/markets",
        title: "Markets",
        encrypted_index: "EqgfCioIARgB"
      }
      const { message } = yield* served(answer([web, web]))
      assert.deepStrictEqual(sources(message).map((part) => part.type), [
        "source-document",
        "source-document",
        "source-url"
      ])
    }))
})

describe("a document that asks to be cited (citations: true)", () => {
  /** The question of this file, its documents asking to be cited. */
  const cited = Message.user([
    Message.file(new TextEncoder().encode("%PDF-1.4 report"), {
      mediaType: "application/pdf",
      filename: "report.pdf",
      citations: true
    }),
    Message.file(new TextEncoder().encode("Costs fell."), {
      mediaType: "text/plain",
      filename: "notes.txt",
      citations: true
    }),
    Message.text("Summarise the quarter.")
  ])

  it.effect("asks Anthropic for citations, and the answer citing them is a source-document per document", () =>
    Effect.gen(function*() {
      const sent = M.body("anthropic", [cited])["messages"][0].content as Array<Record<string, unknown>>
      assert.deepStrictEqual(sent.map((block) => block["citations"]), [{ enabled: true }, { enabled: true }, undefined])
      const { errors, message } = yield* readServed(LanguageModel.stream({ messages: [cited] })).pipe(
        Effect.provide(TestKit.fromRecording("anthropic", answer()))
      )
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(
        sources(message).map((part) => part.type === "source-document" && [part.mediaType, part.filename]),
        [["application/pdf", "report.pdf"], ["text/plain", "notes.txt"]]
      )
    }))
})

/** `UIMessageStream.Chunk` names the chunk this file's answers carry. */
export const documentChunk: UIMessageStream.Chunk["type"] = "source-document"

describe("a tool loop's cited documents", () => {
  it.effect("fromSteps: a source-document per document, with the file part's media type and file name", () =>
    Effect.gen(function*() {
      const response = yield* LanguageModel.runTools({ messages: [question], tools: [] }).pipe(
        UIMessageStream.fromSteps(),
        UIMessageStream.toResponse()
      )
      const { errors, message } = yield* Effect.promise(() => readResponse(response))
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(sources(message).map((part) => part.type === "source-document" && part.mediaType), [
        "application/pdf",
        "text/plain"
      ])
    }).pipe(Effect.provide(TestKit.fromRecording("anthropic", answer()))))
})

describe("each API's citation of a document", () => {
  it("Bedrock's document location and the Responses API's file citations, each document once", () => {
    const sources = new UIDocumentSources.DocumentSources()
    sources.told(new CallBasis.Basis("bedrock", "m", "m", { family: TokenFamily.other }, { messages: [question] }))
    // `@aws-sdk/client-bedrock-runtime`'s `Citation`: a location in the request's document `documentIndex`.
    const bedrock = (kind: string, documentIndex: number) => ({
      title: "report",
      sourceContent: [{ text: "Revenue grew 12%." }],
      location: { [kind]: { documentIndex, start: 0, end: 1 } }
    })
    // openai-node's `file_citation` and `container_file_citation` annotations: a file by its id and name.
    const fileCitation = { type: "file_citation", file_id: "file-1", filename: "handbook.md", index: 10 }
    const containerCitation = {
      ...fileCitation,
      type: "container_file_citation",
      container_id: "cntr_1",
      start_index: 0
    }
    // Each as its provider's decoder reads it (the document it names), then the answer's sources.
    const cited = [
      ...[
        bedrock("documentChar", 0),
        bedrock("documentPage", 0),
        bedrock("documentChunk", 1),
        bedrock("documentChar", 2)
      ].map(BedrockEvents.documentOf),
      ...[
        fileCitation,
        containerCitation,
        { type: "file_path", file_id: "file-2" },
        { type: "url_citation", url: "https://example.com", title: "Example" }
      ].map(ResponsesEvents.documentOf)
    ]
    const written = cited.flatMap((document) => document === undefined ? [] : sources.sourceOf(document) ?? [])
    assert.deepStrictEqual(written, [
      {
        type: "source-document",
        sourceId: "document-1",
        mediaType: "application/pdf",
        title: "report",
        filename: "report.pdf"
      },
      {
        type: "source-document",
        sourceId: "document-2",
        mediaType: "text/plain",
        title: "report",
        filename: "notes.txt"
      },
      {
        type: "source-document",
        sourceId: "document-3",
        mediaType: "text/plain",
        title: "handbook.md",
        filename: "handbook.md"
      }
    ])
  })
})
