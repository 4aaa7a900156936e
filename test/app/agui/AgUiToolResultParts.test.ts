/**
 * A tool result's parts as AG-UI 1.0 content (`@ag-ui/core` 1.0.0 `dist/schemas.js`: `ToolMessageSchema.content` is
 * `string | ContentPart[]`):
 *
 * - Each part (an image at a URL, a document, a recording) is written as 1.0's part (`ContentPartSchema` parses it)
 *   and read back as it was, with what the model is told of it beside (`alt`, `detail`, `filename`, `citations`); a
 *   part AG-UI has none for (a cache point) leaves the result as its text.
 */
import type { ContentPart } from "@ag-ui/client"
import { ContentPartSchema } from "@ag-ui/core/schemas"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Message } from "effect-llm-stream"
import * as AgUiContent from "../../../src/app/agui/AgUiContent.js"
import * as AgUiResultParts from "../../../src/app/agui/AgUiResultParts.js"

describe("each part of a tool result, written and read back", () => {
  const pdf = new TextEncoder().encode("%PDF-1.7 a document")
  const wav = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4])
  const rows: ReadonlyArray<
    { readonly part: Message.Part; readonly written: ContentPart; readonly read: Message.Part }
  > = [
    {
      part: Message.image("https://example.com/a.png", { detail: "low" }),
      written: {
        type: "image",
        source: { type: "url", value: "https://example.com/a.png" },
        metadata: { "effect-llm-stream/part": { detail: "low" } }
      },
      read: Message.image("https://example.com/a.png", { detail: "low" })
    },
    {
      part: Message.file(pdf, { mediaType: "application/pdf", filename: "a.pdf", citations: true }),
      written: {
        type: "document",
        source: { type: "data", value: Buffer.from(pdf).toString("base64"), mimeType: "application/pdf" },
        metadata: { "effect-llm-stream/part": { filename: "a.pdf", citations: true } }
      },
      read: Message.file(`data:application/pdf;base64,${Buffer.from(pdf).toString("base64")}`, {
        mediaType: "application/pdf",
        filename: "a.pdf",
        citations: true
      })
    },
    {
      part: Message.audio(wav, { mediaType: "audio/wav", alt: "a recording" }),
      written: {
        type: "audio",
        source: { type: "data", value: Buffer.from(wav).toString("base64"), mimeType: "audio/wav" },
        metadata: { "effect-llm-stream/part": { alt: "a recording" } }
      },
      read: Message.audio(`data:audio/wav;base64,${Buffer.from(wav).toString("base64")}`, {
        mediaType: "audio/wav",
        alt: "a recording"
      })
    }
  ]

  it.effect("an image at a URL, a document, a recording: as @ag-ui/core 1.0.0's parts, read back as they were", () =>
    Effect.gen(function*() {
      for (const row of rows) {
        const written = AgUiResultParts.contentOf([row.part])
        assert.deepStrictEqual<unknown>(written, [row.written])
        assert.isTrue(ContentPartSchema.safeParse(written![0]).success)
        const read = yield* AgUiContent.contentOf(JSON.parse(JSON.stringify(written)), ["content"], true)
        assert.deepStrictEqual(read, [row.read])
      }
    }))

  it("a part AG-UI has none for (a cache point, bytes of no known image type): the result goes as its text", () => {
    assert.isUndefined(AgUiResultParts.contentOf([Message.text("a"), Message.cachePoint()]))
    assert.isUndefined(AgUiResultParts.contentOf([Message.image(new Uint8Array([1, 2, 3, 4]))]))
  })
})
