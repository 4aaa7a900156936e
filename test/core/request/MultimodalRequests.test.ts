/**
 * Request bodies with content parts, per API and part type, against golden bodies written from each API's
 * reference and typed with the official SDK's request parameter type (the SDK as oracle: a golden body
 * the SDK would not accept does not compile):
 *
 * - OpenAI Chat Completions: API reference "Create chat completion" (`messages[].content` parts `text`,
 *   `image_url`, `file`, `input_audio`); `openai` `ChatCompletionCreateParamsStreaming`.
 * - Groq: GroqCloud "Images and Vision" (`image_url` parts); `groq-sdk` `ChatCompletionCreateParamsStreaming`.
 * - Responses API: API reference "Create a model response" (`input_text`, `input_image`, `input_file`,
 *   `function_call_output`); `openai` `ResponseCreateParamsStreaming`.
 * - Anthropic: API reference "Messages" (`image`, `document`, `tool_result`); `@anthropic-ai/sdk`
 *   `MessageCreateParamsStreaming`.
 * - Bedrock: API reference `ContentBlock`, `ImageBlock`, `DocumentBlock`, `AudioBlock`; the golden body is
 *   what `@aws-sdk/client-bedrock-runtime` itself serializes for a `ConverseStreamCommandInput`.
 */
import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages"
import type { ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import type { ChatCompletionCreateParamsStreaming as GroqParams } from "groq-sdk/resources/chat/completions"
import type { ChatCompletionCreateParamsStreaming } from "openai/resources/chat/completions"
import type { ResponseCreateParamsStreaming } from "openai/resources/responses/responses"
import * as BedrockParts from "../../../src/providers/bedrock/BedrockParts.js"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"
import { serializedBySdk } from "../../support/BedrockSdk.js"
import * as M from "../../support/Multimodal.js"

const call = new Tool.ToolCall({ id: "call_1", name: "screenshot", arguments: "{}" })

const question = Message.user([
  Message.text("What is in these?"),
  Message.image(M.view(M.png), { detail: "high" }),
  Message.image("https://example.com/cat.jpg")
])

const dataUrl = (mediaType: string, data: Uint8Array) => `data:${mediaType};base64,${M.b64(data)}`

describe("Chat Completions (OpenAI, Azure): golden bodies typed by the openai SDK", () => {
  it("text, images (bytes in a view, URL), a PDF and wav audio; a tool result of text parts", () => {
    const golden: ChatCompletionCreateParamsStreaming = {
      model: "m",
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in these?" },
            { type: "image_url", image_url: { url: dataUrl("image/png", M.png), detail: "high" } },
            { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } },
            { type: "file", file: { filename: "document.pdf", file_data: dataUrl("application/pdf", M.pdf) } },
            { type: "file", file: { filename: "Q3.pdf", file_data: dataUrl("application/pdf", M.pdf) } },
            { type: "input_audio", input_audio: { data: M.b64(M.wav), format: "wav" } },
            { type: "input_audio", input_audio: { data: M.b64(M.mp3), format: "mp3" } }
          ]
        },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "screenshot", arguments: "{}" } }]
        },
        { role: "tool", tool_call_id: "call_1", content: [{ type: "text", text: "done" }] }
      ],
      stream: true,
      stream_options: { include_usage: true }
    }
    for (const api of ["openai", "azure"] as const) {
      assert.deepStrictEqual(
        M.body(api, [
          Message.user([
            ...(question as Message.UserMessage).parts!,
            Message.file(M.pdf, { mediaType: "application/pdf" }),
            Message.file(`data:application/pdf;base64,${M.b64(M.pdf)}`, {
              mediaType: "application/pdf",
              filename: "Q3.pdf"
            }),
            Message.audio(M.wav, { mediaType: "audio/wav" }),
            Message.audio(new URL(dataUrl("audio/mpeg", M.mp3)), { mediaType: "audio/mpeg" })
          ]),
          Message.assistant("", { toolCalls: [call] }),
          Message.toolResult({ toolCallId: "call_1", name: "screenshot", content: [Message.text("done")] })
        ]),
        golden
      )
    }
  })

  it("a text message keeps its plain string content", () => {
    const golden: ChatCompletionCreateParamsStreaming = {
      model: "m",
      messages: [{ role: "user", content: "Hi" }],
      stream: true,
      stream_options: { include_usage: true }
    }
    assert.deepStrictEqual(M.body("openai", [Message.user("Hi")]), golden)
  })
})

describe("Groq: golden body typed by groq-sdk", () => {
  it("images as a data: URL and as a URL", () => {
    const golden: GroqParams = {
      model: "m",
      messages: [{
        role: "user",
        content: [
          { type: "text", text: "What is in these?" },
          { type: "image_url", image_url: { url: dataUrl("image/png", M.png), detail: "high" } },
          { type: "image_url", image_url: { url: "https://example.com/cat.jpg" } }
        ]
      }],
      stream: true
    }
    // groq-sdk's type has no `stream_options`, which every Chat Completions request of this library sends.
    assert.deepStrictEqual(M.body("groq", [question]), { ...golden, stream_options: { include_usage: true } })
  })
})

describe("Responses API: golden body typed by the openai SDK", () => {
  it("input_text, input_image, input_file (bytes and URL) and a function_call_output with an image", () => {
    const golden: ResponseCreateParamsStreaming = {
      model: "m",
      input: [
        {
          role: "user",
          content: [
            { type: "input_text", text: "What is in these?" },
            { type: "input_image", image_url: dataUrl("image/png", M.png), detail: "high" },
            { type: "input_image", image_url: "https://example.com/cat.jpg", detail: "auto" },
            { type: "input_file", filename: "document.pdf", file_data: dataUrl("application/pdf", M.pdf) },
            { type: "input_file", filename: "notes.txt", file_data: dataUrl("text/plain", M.text) },
            { type: "input_file", file_url: "https://example.com/report.pdf" }
          ]
        },
        { type: "function_call", call_id: "call_1", name: "screenshot", arguments: "{}" },
        {
          type: "function_call_output",
          call_id: "call_1",
          output: [
            { type: "input_text", text: "the screen" },
            { type: "input_image", image_url: dataUrl("image/jpeg", M.jpeg), detail: "auto" }
          ]
        }
      ],
      stream: true
    }
    assert.deepStrictEqual(
      M.body("responses", [
        Message.user([
          ...(question as Message.UserMessage).parts!,
          Message.file(M.pdf, { mediaType: "application/pdf" }),
          Message.file(M.text, { mediaType: "text/plain; charset=utf-8", filename: "notes.txt" }),
          Message.file(new URL("https://example.com/report.pdf"), { mediaType: "application/pdf" })
        ]),
        Message.assistant("", { toolCalls: [call] }),
        Message.toolResult({
          toolCallId: "call_1",
          name: "screenshot",
          content: [Message.text("the screen"), Message.image(M.jpeg)]
        })
      ]),
      golden
    )
  })
})

describe("Anthropic: golden body typed by @anthropic-ai/sdk", () => {
  it("image and document blocks (base64, URL, plain text) and a tool_result with an image", () => {
    const golden: MessageCreateParamsStreaming = {
      model: "m",
      max_tokens: 4096,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "What is in these?" },
            { type: "image", source: { type: "base64", media_type: "image/png", data: M.b64(M.png) } },
            { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
            {
              type: "document",
              source: { type: "base64", media_type: "application/pdf", data: M.b64(M.pdf) },
              title: "Q3.pdf"
            },
            { type: "document", source: { type: "url", url: "https://example.com/report.pdf" } },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "Quarterly revenue: 42\n" } }
          ]
        },
        { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "screenshot", input: {} }] },
        {
          role: "user",
          content: [{
            type: "tool_result",
            tool_use_id: "call_1",
            content: [
              { type: "text", text: "the screen" },
              { type: "image", source: { type: "base64", media_type: "image/gif", data: M.b64(M.gif) } }
            ]
          }]
        }
      ],
      // The request declares no tools: the tool its conversation called goes declared, none to be called, as the
      // API requires of a request holding tool blocks.
      tools: [{
        name: "screenshot",
        description:
          "Not available in this request: declared because the conversation holds calls of it. Do not call it.",
        input_schema: { type: "object" }
      }],
      tool_choice: { type: "none" },
      stream: true
    }
    assert.deepStrictEqual(
      M.body("anthropic", [
        Message.user([
          ...(question as Message.UserMessage).parts!,
          Message.file(M.pdf, { mediaType: "application/pdf", filename: "Q3.pdf" }),
          Message.file("https://example.com/report.pdf", { mediaType: "application/pdf" }),
          Message.file(M.text, { mediaType: "text/plain" })
        ]),
        Message.assistant("", { toolCalls: [call] }),
        Message.toolResult({
          toolCallId: "call_1",
          name: "screenshot",
          content: [Message.text("the screen"), Message.image(`data:image/gif;base64,${M.b64(M.gif)}`)]
        })
      ]),
      golden
    )
  })
})

/** The tool a conversation called, declared for Converse though the request declares no tools. */
const undeclaredTool: ConverseStreamCommandInput["toolConfig"] = {
  tools: [{
    toolSpec: {
      name: "screenshot",
      description:
        "Not available in this request: declared because the conversation holds calls of it. Do not call it.",
      inputSchema: { json: { type: "object" } }
    }
  }]
}

/** What `@aws-sdk/client-bedrock-runtime` sends for `input`: its own serializer, stopped before the network. */
describe("Bedrock: golden body serialized by @aws-sdk/client-bedrock-runtime", () => {
  it("image, document and audio blocks with bytes and formats, a derived name, and a toolResult", async () => {
    const input: ConverseStreamCommandInput = {
      modelId: "m",
      messages: [
        {
          role: "user",
          content: [
            { text: "Compare them." },
            { image: { format: "webp", source: { bytes: M.webp } } },
            { document: { format: "pdf", name: "Q3 report (final)", source: { bytes: M.pdf } } },
            { document: { format: "txt", name: "Document 2", source: { bytes: M.text } } },
            { audio: { format: "mp3", source: { bytes: M.mp3 } } }
          ]
        },
        { role: "assistant", content: [{ toolUse: { toolUseId: "call_1", name: "screenshot", input: {} } }] },
        {
          role: "user",
          content: [{
            toolResult: {
              toolUseId: "call_1",
              content: [
                { text: "the screen" },
                { image: { format: "png", source: { bytes: M.png } } },
                { document: { format: "csv", name: "Document 3", source: { bytes: M.text } } }
              ]
            }
          }]
        }
      ],
      // The request declares no tools: the tool its conversation called goes declared, as Converse requires.
      toolConfig: undeclaredTool
    }
    assert.deepStrictEqual(
      M.body("bedrock", [
        Message.user([
          Message.text("Compare them."),
          Message.image(M.view(M.webp)),
          Message.file(M.pdf, { mediaType: "application/pdf", filename: "Q3 report (final).pdf" }),
          Message.file(M.text, { mediaType: "text/plain" }),
          Message.audio(M.mp3, { mediaType: "audio/mpeg" })
        ]),
        Message.assistant("", { toolCalls: [call] }),
        Message.toolResult({
          toolCallId: "call_1",
          name: "screenshot",
          content: [Message.text("the screen"), Message.image(M.png), Message.file(M.text, { mediaType: "text/csv" })]
        })
      ]),
      await serializedBySdk(input)
    )
  })

  it("s3:// URIs as s3Location (ImageSource, DocumentSource, AudioSource); an image's format from its name", async () => {
    const input: ConverseStreamCommandInput = {
      modelId: "m",
      messages: [
        {
          role: "user",
          content: [
            { text: "Compare them." },
            { image: { format: "jpeg", source: { s3Location: { uri: "s3://photos/2026/cat.JPG" } } } },
            { image: { format: "webp", source: { s3Location: { uri: "s3://photos/dog" } } } },
            { document: { format: "pdf", name: "Q3", source: { s3Location: { uri: "s3://docs/Q3.pdf" } } } },
            { audio: { format: "wav", source: { s3Location: { uri: "s3://audio/a.wav" } } } }
          ]
        },
        { role: "assistant", content: [{ toolUse: { toolUseId: "call_1", name: "screenshot", input: {} } }] },
        {
          role: "user",
          content: [{
            toolResult: {
              toolUseId: "call_1",
              content: [{ image: { format: "png", source: { s3Location: { uri: "s3://shots/screen.png" } } } }]
            }
          }]
        }
      ],
      toolConfig: undeclaredTool
    }
    assert.deepStrictEqual(
      M.body("bedrock", [
        Message.user([
          Message.text("Compare them."),
          Message.image("s3://photos/2026/cat.JPG"),
          Message.image(new URL("s3://photos/dog"), { mediaType: "image/webp" }),
          Message.file("s3://docs/Q3.pdf", { mediaType: "application/pdf", filename: "Q3.pdf" }),
          Message.audio("s3://audio/a.wav", { mediaType: "audio/wav" })
        ]),
        Message.assistant("", { toolCalls: [call] }),
        Message.toolResult({
          toolCallId: "call_1",
          name: "screenshot",
          content: [Message.image("s3://shots/screen.png")]
        })
      ]),
      await serializedBySdk(input)
    )
  })

  it("a document without text beside it gets a text block before it (Converse refuses one without)", async () => {
    const input: ConverseStreamCommandInput = {
      modelId: "m",
      messages: [{
        role: "user",
        content: [
          { image: { format: "png", source: { bytes: M.png } } },
          { text: "See the attached document." },
          { document: { format: "pdf", name: "Document 1", source: { bytes: M.pdf } } }
        ]
      }]
    }
    assert.deepStrictEqual(
      M.body("bedrock", [Message.user([Message.image(M.png), Message.file(M.pdf, { mediaType: "application/pdf" })])]),
      await serializedBySdk(input)
    )
  })

  it("document names: only letters, digits, single spaces, -, () and []; at most 200; unique", () => {
    const used = new Set<string>()
    assert.strictEqual(BedrockParts.documentName("John's report, 2026 #3.pdf", 1, used), "John s report 2026 3")
    assert.strictEqual(BedrockParts.documentName("résumé.docx", 2, used), "resume")
    assert.strictEqual(BedrockParts.documentName("분기보고서.pdf", 3, used), "Document 3")
    assert.strictEqual(BedrockParts.documentName("a\tb  [v2].md", 4, used), "a b [v2]")
    assert.strictEqual(BedrockParts.documentName("resume.pdf", 5, used), "resume (2)")
    assert.strictEqual(BedrockParts.documentName("x".repeat(300), 6, used).length, 200)
  })
})

describe("a text file (text/*) goes to every API", () => {
  const markdown = new TextEncoder().encode("# Notes\n\n- **bold** ünïcode\n")
  const file = Message.file(markdown, { mediaType: "text/markdown", filename: "notes.md" })
  const asData = Message.file(`data:text/x-python;base64,${M.b64(new TextEncoder().encode("print(1)\n"))}`, {
    mediaType: "text/x-python"
  })
  /** The text blocks of a body's first user message, as each API writes one. */
  const texts: Readonly<Record<M.Api, (body: Record<string, any>) => ReadonlyArray<string>>> = {
    openai: (body) => body["messages"][0].content.map((block: any) => block.text),
    azure: (body) => body["messages"][0].content.map((block: any) => block.text),
    groq: (body) => body["messages"][0].content.map((block: any) => block.text),
    responses: (body) => body["input"][0].content.map((block: any) => block.text),
    anthropic: (body) => body["messages"][0].content.map((block: any) => block.text),
    bedrock: (body) => body["messages"][0].content.map((block: any) => block.text)
  }
  for (const api of M.apis) {
    it(`${api}: as text where it takes no such file, its UTF-8 text whole`, () => {
      const body = M.body(api, [Message.user([Message.text("Summarize"), file, asData])])
      const sent = JSON.stringify(body)
      if (api === "bedrock") {
        // Converse takes Markdown as a document; a Python file it does not, so as text.
        assert.include(sent, "\"format\":\"md\"")
        assert.deepStrictEqual(texts[api](body).filter((text) => text !== undefined), ["Summarize", "print(1)\n"])
      } else if (api === "responses") {
        // The Responses API takes text files as files.
        assert.strictEqual(body["input"][0].content.filter((block: any) => block.type === "input_file").length, 2)
      } else {
        assert.deepStrictEqual(texts[api](body), ["Summarize", "# Notes\n\n- **bold** ünïcode\n", "print(1)\n"])
      }
    })
  }

  it("gemini: as text, never as inline data", () => {
    const encoded = GoogleRequest.encodeRequest(
      { model: "gemini-2.5-flash", messages: [Message.user([Message.text("Summarize"), file, asData])] } as any
    )
    assert.isTrue(Result.isSuccess(encoded))
    const body = (encoded as Result.Success<any, never>).success
    assert.deepStrictEqual(body.contents[0].parts, [
      { text: "Summarize" },
      { text: "# Notes\n\n- **bold** ünïcode\n" },
      { text: "print(1)\n" }
    ])
  })

  it("bytes that are not UTF-8, or a file by URL, stay files: refused where the API takes no such file", () => {
    const latin1 = Message.file(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), { mediaType: "text/plain" })
    assert.include(M.refusal("openai", [Message.user([latin1])]), "PDF files only")
    const byUrl = Message.file("https://example.com/notes.txt", { mediaType: "text/plain" })
    assert.include(M.refusal("openai", [Message.user([byUrl])]), "PDF files only")
  })
})

describe("what each API refuses, before any byte is sent, and what to do instead", () => {
  const refusals: ReadonlyArray<readonly [M.Api, Message.Part, ReadonlyArray<string>]> = [
    ["openai", Message.file("https://example.com/a.pdf", { mediaType: "application/pdf" }), ["bytes", "Responses"]],
    [
      "openai",
      Message.file(M.text, { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }),
      ["PDF files only"]
    ],
    ["openai", Message.audio("https://example.com/a.wav", { mediaType: "audio/wav" }), ["bytes"]],
    ["openai", Message.audio(M.wav, { mediaType: "audio/ogg" }), ["wav or mp3"]],
    ["openai", Message.image(M.png, { mediaType: "image/bmp" }), ["PNG, JPEG, GIF or WebP"]],
    ["openai", Message.image(M.pdf), ["not a PNG, JPEG, GIF or WebP image", "mediaType"]],
    ["openai", Message.image("ftp://example.com/a.png"), ["neither an http(s) URL nor a data: URL"]],
    ["openai", Message.image("data:image/png;base64,not base64!"), ["not valid base64"]],
    ["groq", Message.file(M.pdf, { mediaType: "application/pdf" }), ["Groq", "no documents"]],
    ["groq", Message.audio(M.wav, { mediaType: "audio/wav" }), ["Groq", "no audio", "transcri"]],
    ["responses", Message.audio(M.wav, { mediaType: "audio/wav" }), ["no audio", "Chat Completions"]],
    ["responses", Message.file(M.pdf, { mediaType: "application/zip" }), ["PDF"]],
    ["anthropic", Message.audio(M.wav, { mediaType: "audio/wav" }), ["no audio"]],
    [
      "anthropic",
      Message.file(M.text, { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }),
      ["PDF", "text/plain"]
    ],
    ["anthropic", Message.file("https://example.com/a.txt", { mediaType: "text/plain" }), ["inline"]],
    ["anthropic", Message.file(new Uint8Array([0xff, 0xfe, 0xfd]), { mediaType: "text/plain" }), ["UTF-8"]],
    ["openai", Message.file(new Uint8Array([0xff, 0xfe, 0xfd]), { mediaType: "text/csv" }), ["PDF files only"]],
    ["bedrock", Message.image("https://example.com/a.png"), ["bytes or s3:// URIs", "not other URLs"]],
    ["bedrock", Message.image("s3://photos/cat"), ["mediaType of an s3:// image"]],
    ["bedrock", Message.image("s3://photos/cat.bmp"), ["PNG, JPEG, GIF or WebP"]],
    ["bedrock", Message.file("s3://docs/a.zip", { mediaType: "application/zip" }), ["PDF, CSV"]],
    ["openai", Message.image("s3://photos/cat.png"), ["Bedrock alone reads s3://"]],
    ["anthropic", Message.file("s3://docs/a.pdf", { mediaType: "application/pdf" }), ["Bedrock alone"]],
    ["responses", Message.image("gs://photos/cat.png"), ["Gemini gs://"]],
    ["bedrock", Message.file("https://example.com/a.pdf", { mediaType: "application/pdf" }), ["bytes"]],
    ["bedrock", Message.file(M.pdf, { mediaType: "application/zip" }), ["PDF, CSV"]],
    ["bedrock", Message.audio(M.wav, { mediaType: "audio/x-unknown" }), ["mp3, wav"]]
  ]
  for (const [api, part, fragments] of refusals) {
    it(`${api}: ${part._tag} ${"mediaType" in part ? part.mediaType ?? "" : ""} ${fragments[0]}`, () => {
      const reason = M.refusal(api, [Message.user("first"), Message.user([Message.text("look"), part])])
      assert.isTrue(reason.startsWith("messages[1].parts[1] ("), reason)
      for (const fragment of fragments) assert.include(reason, fragment)
    })
  }

  it("Chat Completions and Groq tool results carry text only: an image there is refused", () => {
    for (const api of ["openai", "azure", "groq"] as const) {
      const reason = M.refusal(api, [
        Message.user("Take a screenshot"),
        Message.assistant("", { toolCalls: [call] }),
        Message.toolResult({ toolCallId: "call_1", name: "screenshot", content: [Message.image(M.png)] })
      ])
      assert.include(reason, "messages[2].parts[0] (image")
      assert.include(reason, "user message after the tool results")
    }
    assert.include(
      M.refusal("bedrock", [
        Message.user("Record"),
        Message.assistant("", { toolCalls: [call] }),
        Message.toolResult({
          toolCallId: "call_1",
          name: "r",
          content: [Message.audio(M.wav, { mediaType: "audio/wav" })]
        })
      ]),
      "tool results take no audio"
    )
  })

  it("documented limits: counted over the request, the limit named", () => {
    const images = (count: number) => Message.user(Array.from({ length: count }, () => Message.image(M.png)))
    assert.include(M.refusal("groq", [images(6)]), "at most 5 images")
    assert.strictEqual(M.body("groq", [images(5)])["messages"][0].content.length, 5)
    assert.include(M.refusal("anthropic", [images(101)]), "at most 100 images")
    const large = new Uint8Array(4 * 2 ** 20)
    large.set(M.png)
    assert.include(M.refusal("groq", [Message.user([Message.image(large)])]), "4 MB of base64-encoded images")
    assert.include(M.refusal("anthropic", [Message.user([Message.image(large)])]), "at most 5 MB")
    const documents = Message.user([
      Message.text("Compare"),
      ...Array.from({ length: 6 }, () => Message.file(M.pdf, { mediaType: "application/pdf" }))
    ])
    assert.include(M.refusal("bedrock", [documents]), "at most 5 documents")
    const bigDocument = new Uint8Array(5 * 2 ** 20).fill(0x61)
    const xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert.include(
      M.refusal("bedrock", [Message.user([Message.text("Read"), Message.file(bigDocument, { mediaType: xlsx })])]),
      "at most 4.5 MB"
    )
    // A text file over it goes as text, as the refusal advises.
    const asText = M.body("bedrock", [
      Message.user([Message.text("Read"), Message.file(bigDocument, { mediaType: "text/plain" })])
    ])
    assert.strictEqual(asText["messages"][0].content[1].text.length, bigDocument.length)
    // A PDF's size is left to the service: Claude 4 and Nova take larger ones.
    const bigPdf = new Uint8Array(5 * 2 ** 20)
    bigPdf.set(M.pdf)
    M.body("bedrock", [Message.user([Message.text("Read"), Message.file(bigPdf, { mediaType: "application/pdf" })])])
  })
})
