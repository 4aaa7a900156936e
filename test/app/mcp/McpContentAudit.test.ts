/**
 * An audit of MCP tool results against every API's tool result, keyed by the official SDKs' `ContentBlock["type"]`
 * (`@modelcontextprotocol/sdk` 1.x `types.ts`, `@modelcontextprotocol/server` 2.x: text, image, audio, resource_link,
 * resource), so that a member they add fails to compile until it has rows here; with `structuredContent` and
 * `isError: true` (MCP 2025-11-25 `CallToolResult`), and a block's `annotations.audience`. Each row is one result of
 * the `blocks` tool of the SDK's server (`support/mcp/SdkServer.mjs`, every block with annotations and `_meta`), run
 * in the tool loop against each API's scripted model; what the next request sent back is read in each API's shape and
 * must be what it takes in a tool result:
 *
 * - Chat Completions (OpenAI, Azure, Groq; compatible hosts alike): text only (openai-node
 *   `ChatCompletionToolMessageParam.content`), so media go as their notes, and a failure says so in its text.
 * - Responses: `function_call_output.output` a string or `input_text`, `input_image`, `input_file` (openai-node
 *   `ResponseFunctionCallOutputItemList`); no error flag, so a failure says so in its text.
 * - Anthropic: `tool_result.content` text, image, document (`@anthropic-ai/sdk` `ToolResultBlockParam`), `is_error`.
 * - Bedrock: `toolResult.content` text, image, document (`@aws-sdk/client-bedrock-runtime`
 *   `ToolResultContentBlock`), `status: "error"`.
 * - Gemini: `functionResponse.response` `{ result }` or `{ error }`, its media in `parts` (`@google/genai`
 *   `FunctionResponsePart`: PNG, JPEG, WebP, PDF, plain text).
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import type { ContentBlock as SdkContentBlock } from "@modelcontextprotocol/sdk/types.js"
import type { ContentBlock as ServerContentBlock } from "@modelcontextprotocol/server"
import { Effect } from "effect"
import { LanguageModel, Mcp, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"
import * as BlocksTool from "../../support/mcp/BlocksTool.js"
import * as SdkServer from "../../support/mcp/SdkServer.mjs"

/** A member of `CallToolResult.content`, as either SDK names it. */
type Member = SdkContentBlock["type"] | ServerContentBlock["type"]

/** The shapes of tool result the APIs take. */
type Shape = "chat" | "responses" | "anthropic" | "bedrock" | "gemini"

const apis: ReadonlyArray<readonly [LoopWire.Api, Shape]> = [
  ["openai", "chat"],
  ["azure", "chat"],
  ["groq", "chat"],
  ["openai-responses", "responses"],
  ["anthropic", "anthropic"],
  ["bedrock", "bedrock"],
  ["google", "gemini"],
  ["google-vertex", "gemini"]
]

/** A result as an API was sent it: its items (`text:…`, `image:<type>`, `document:<type>`) and its error flag. */
interface Read {
  readonly items: ReadonlyArray<string>
  readonly flag: boolean | undefined
}

const texts = (text: string): ReadonlyArray<string> => text === "" ? [] : [`text:${text}`]

/** A `data:` URL's media type. */
const typeOf = (url: string): string => url.slice(5, url.indexOf(";"))

const bedrockTypes: Readonly<Record<string, string>> = { pdf: "application/pdf" }

/** The tool result of a request body, read in the shape its API gives it. */
const readers: { readonly [S in Shape]: (body: any) => Read } = {
  chat: (body) => {
    const content = body.messages.find((m: any) => m.role === "tool").content
    const items = typeof content === "string" ? texts(content) : content.map((part: any) => `text:${part.text}`)
    return { items, flag: undefined }
  },
  responses: (body) => {
    const output = body.input.find((item: any) => item.type === "function_call_output").output
    if (typeof output === "string") return { items: texts(output), flag: undefined }
    const items = output.map((part: any) =>
      part.type === "input_text"
        ? `text:${part.text}`
        : part.type === "input_image"
        ? `image:${typeOf(part.image_url)}`
        : `document:${typeOf(part.file_data)}`
    )
    return { items, flag: undefined }
  },
  anthropic: (body) => {
    const result = body.messages.flatMap((m: any) => Array.isArray(m.content) ? m.content : [])
      .find((block: any) => block.type === "tool_result")
    const items = typeof result.content === "string"
      ? texts(result.content)
      : result.content.map((block: any) =>
        block.type === "text" ? `text:${block.text}` : `${block.type}:${block.source.media_type}`
      )
    return { items, flag: result.is_error }
  },
  bedrock: (body) => {
    const result = body.messages.flatMap((m: any) => m.content).find((block: any) => block.toolResult).toolResult
    const items = result.content.map((block: any) =>
      block.text !== undefined
        ? `text:${block.text}`
        : block.image !== undefined
        ? `image:image/${block.image.format}`
        : `document:${bedrockTypes[block.document.format] ?? block.document.format}`
    )
    return { items, flag: result.status === undefined ? undefined : result.status === "error" }
  },
  gemini: (body) => {
    const response = body.contents.flatMap((c: any) => c.parts).find((p: any) => p.functionResponse).functionResponse
    const media = (response.parts ?? []).map((part: any) =>
      `${part.inlineData.mimeType.startsWith("image/") ? "image" : "document"}:${part.inlineData.mimeType}`
    )
    const { error, result } = response.response
    return { items: [...texts(error ?? result), ...media], flag: error === undefined ? undefined : true }
  }
}

type Expected = ReadonlyArray<string | RegExp>

/** A row: a result of the `blocks` tool (`SdkServer.blockResults`), what each shape is sent of it, its failure. */
interface Row {
  readonly result: keyof typeof SdkServer.blockResults
  readonly sent: { readonly [S in Shape]: Expected }
  readonly isError?: true
}

const everywhere = (sent: Expected) => ({ chat: sent, responses: sent, anthropic: sent, bedrock: sent, gemini: sent })

/** Sent as `taken` where the API takes it in a tool result, as `note` in a Chat Completions tool message. */
const media = (taken: Expected, note: Expected) => ({ ...everywhere(taken), chat: note })

const imageNote = /^text:\[an image \(image\/png, \d+ bytes\) returned by the tool, not shown to the model: this API/

const rows: { readonly [M in Member]: ReadonlyArray<Row> } = {
  text: [{ result: "text", sent: everywhere(["text:plain text"]) }],
  image: [
    { result: "image", sent: media(["image:image/png"], [imageNote]) },
    { result: "image/unpadded", sent: media(["image:image/png"], [imageNote]) }
  ],
  audio: [{
    result: "audio",
    sent: everywhere([/^text:\[audio \(audio\/wav, 12 bytes\) returned by the tool, not shown to the model: no API/])
  }],
  resource_link: [{ result: "resource_link", sent: everywhere(["text:notes.md: file:///notes.md\nThe notes"]) }],
  resource: [
    { result: "resource/text", sent: everywhere(["text:embedded text"]) },
    {
      result: "resource/pdf",
      sent: media(
        ["text:file:///docs/report.pdf:", "document:application/pdf"],
        ["text:file:///docs/report.pdf:", /^text:\[a document \(application\/pdf, \d+ bytes\) .*not shown to the model/]
      )
    },
    { result: "resource/png", sent: media(["image:image/png"], [imageNote]) },
    { result: "resource/csv", sent: everywhere(["text:a,b\n1,2\n"]) },
    {
      result: "resource/zip",
      sent: everywhere([/^text:file:\/\/\/a\.zip: \[a resource \(application\/zip, 4 bytes\) .*: binary content\]$/])
    }
  ]
}

/** The rows of the result's other fields: `structuredContent` (its JSON), `isError: true`. */
const resultRows: ReadonlyArray<Row> = [
  { result: "structured", sent: everywhere(["text:{\"celsius\":18}"]) },
  {
    result: "error",
    sent: {
      ...everywhere(["text:the disk is full"]),
      chat: ["text:Error: the disk is full"],
      responses: [
        "text:Error: the disk is full"
      ]
    },
    isError: true
  }
]

/**
 * The rows of a block's `annotations.audience` (MCP schema.ts `Annotations`): a block for the user alone is not sent;
 * a result of only such blocks says so; a block for the assistant is sent (for both: every row above); an error
 * result's blocks for the user alone are not sent either, and it stays an error.
 */
const audienceRows: ReadonlyArray<Row> = [
  { result: "audience/user", sent: everywhere(["text:the forecast"]) },
  {
    result: "audience/user-only",
    sent: everywhere(["text:(the tool's result is for the user only; it is not shown to the model)"])
  },
  { result: "audience/assistant", sent: everywhere(["text:for the assistant"]) },
  {
    result: "audience/user-error",
    sent: {
      ...everywhere(["text:the disk is full at /srv/db"]),
      chat: ["text:Error: the disk is full at /srv/db"],
      responses: ["text:Error: the disk is full at /srv/db"]
    },
    isError: true
  }
]

const allRows = [...Object.values(rows).flat(), ...resultRows, ...audienceRows]

const matches = (items: ReadonlyArray<string>, expected: Expected): boolean =>
  items.length === expected.length &&
  items.every((item, at) => {
    const want = expected[at]!
    return typeof want === "string" ? item === want : want.test(item)
  })

let tools: ReadonlyArray<Mcp.McpTool>
let close: () => Promise<void>

beforeAll(async () => {
  ;({ close, tools } = await BlocksTool.connect("audit-bearer-token-123456"))
})

afterAll(() => close())

describe("MCP tool results in every API's tool result", () => {
  it("every result of the server's `blocks` tool has a row", () => {
    assert.sameMembers(allRows.map((row) => row.result), Object.keys(SdkServer.blockResults))
  })

  // Each test has its own replay server: they run at once.
  describe.concurrent("rows", () => {
    for (const row of allRows) {
      for (const [api, shape] of apis) {
        it.live(`${row.result} to ${api}`, () =>
          Effect.gen(function*() {
            const server = yield* ReplayServer.make
            const call = { id: "call_blk1", name: "blocks", arguments: JSON.stringify({ member: row.result }) }
            const baseUrl = server.serve([
              LoopWire.scripted(api, { calls: [call] }, "1"),
              LoopWire.scripted(api, { texts: ["Done."] }, "2")
            ])
            const done = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Go")], tools }).pipe(
              Effect.provide(LoopWire.modelAt(api, baseUrl, FetchHttpClient.layer))
            )
            assert.strictEqual(done.reason, "stop")
            const read = readers[shape](JSON.parse(server.requests(baseUrl)[1]!.body))
            assert.isTrue(matches(read.items, row.sent[shape]), `${JSON.stringify(read.items)}`)
            const flagged = shape === "chat" || shape === "responses" ? undefined : row.isError
            assert.strictEqual(read.flag, flagged)
          }).pipe(Effect.scoped))
      }
    }
  })
})
