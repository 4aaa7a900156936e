/**
 * A document that asks to be cited (`Message.file(source, { citations: true })`), per API: Anthropic's document
 * block carries `citations: { enabled: true }` (`@anthropic-ai/sdk` 1.14.0 `DocumentBlockParam.citations:
 * CitationsConfigParam`), and so does Bedrock's (`@aws-sdk/client-bedrock-runtime` 3.1164.0 `DocumentBlock.citations:
 * CitationsConfig`), in a user message and in a tool result; a document without it goes as before. Chat Completions,
 * the Responses API and Gemini have no such request: the document goes as it would without it.
 */
import type { MessageCreateParamsStreaming } from "@anthropic-ai/sdk/resources/messages"
import type { ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime"
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"
import { serializedBySdk } from "../../support/BedrockSdk.js"
import * as M from "../../support/Multimodal.js"

const call = new Tool.ToolCall({ id: "call_1", name: "lookup", arguments: "{}" })

/** A conversation with documents that ask for citations as `citations` says (a PDF, a plain text, one in a tool
 * result), and an appendix that asks as `appendix` says. */
const conversation = (citations: boolean | undefined, appendix?: boolean) => [
  Message.user([
    Message.text("Summarise the quarter."),
    Message.file(M.pdf, { mediaType: "application/pdf", filename: "Q3.pdf", citations }),
    Message.file(M.text, { mediaType: "text/plain", citations }),
    Message.file(M.pdf, { mediaType: "application/pdf", filename: "Appendix.pdf", citations: appendix })
  ]),
  Message.assistant("", { toolCalls: [call] }),
  Message.toolResult({
    toolCallId: "call_1",
    name: "lookup",
    content: [Message.text("found"), Message.file(M.pdf, { mediaType: "application/pdf", citations })]
  })
]

const declared = "Not available in this request: declared because the conversation holds calls of it. Do not call it."

describe("Anthropic: citations on the document block, typed by @anthropic-ai/sdk", () => {
  it("citations: { enabled: true } on every document, in a user message and in a tool result", () => {
    const pdf = { type: "base64", media_type: "application/pdf", data: M.b64(M.pdf) } as const
    const golden: MessageCreateParamsStreaming = {
      model: "m",
      max_tokens: 4096,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Summarise the quarter." },
            { type: "document", source: pdf, title: "Q3.pdf", citations: { enabled: true } },
            {
              type: "document",
              source: { type: "text", media_type: "text/plain", data: "Quarterly revenue: 42\n" },
              citations: { enabled: true }
            },
            { type: "document", source: pdf, title: "Appendix.pdf", citations: { enabled: true } }
          ]
        },
        { role: "assistant", content: [{ type: "tool_use", id: "call_1", name: "lookup", input: {} }] },
        {
          role: "user",
          content: [{
            type: "tool_result",
            tool_use_id: "call_1",
            content: [{ type: "text", text: "found" }, { type: "document", source: pdf, citations: { enabled: true } }]
          }]
        }
      ],
      tools: [{ name: "lookup", description: declared, input_schema: { type: "object" } }],
      tool_choice: { type: "none" },
      stream: true
    }
    assert.deepStrictEqual(M.body("anthropic", conversation(true, true)), golden)
  })

  it("citations on some documents and not on others: refused before sending (all or none, the citations guide)", () => {
    for (const [cited, appendix] of [[true, false], [undefined, true]] as const) {
      assert.include(
        M.refusal("anthropic", conversation(cited, appendix)),
        "takes citations on all of a request's documents or on none"
      )
    }
  })

  it("a document by URL asks for them as well", () => {
    const body = M.body("anthropic", [
      Message.user([Message.file("https://example.com/q3.pdf", { mediaType: "application/pdf", citations: true })])
    ])
    assert.deepStrictEqual(body["messages"][0].content, [
      { type: "document", source: { type: "url", url: "https://example.com/q3.pdf" }, citations: { enabled: true } }
    ])
  })
})

describe("Bedrock: citations on the document block, serialized by @aws-sdk/client-bedrock-runtime", () => {
  it("citations: { enabled: true } on each document that asks for it, none on the others", async () => {
    const input: ConverseStreamCommandInput = {
      modelId: "m",
      messages: [
        {
          role: "user",
          content: [
            { text: "Summarise the quarter." },
            { document: { format: "pdf", name: "Q3", source: { bytes: M.pdf }, citations: { enabled: true } } },
            {
              document: { format: "txt", name: "Document 2", source: { bytes: M.text }, citations: { enabled: true } }
            },
            { document: { format: "pdf", name: "Appendix", source: { bytes: M.pdf } } }
          ]
        },
        { role: "assistant", content: [{ toolUse: { toolUseId: "call_1", name: "lookup", input: {} } }] },
        {
          role: "user",
          content: [{
            toolResult: {
              toolUseId: "call_1",
              content: [
                { text: "found" },
                {
                  document: {
                    format: "pdf",
                    name: "Document 4",
                    source: { bytes: M.pdf },
                    citations: { enabled: true }
                  }
                }
              ]
            }
          }]
        }
      ],
      toolConfig: {
        tools: [{ toolSpec: { name: "lookup", description: declared, inputSchema: { json: { type: "object" } } } }]
      }
    }
    assert.deepStrictEqual(M.body("bedrock", conversation(true)), await serializedBySdk(input))
  })
})

describe("an API without the request: the document goes as it would without it", () => {
  /** The user message alone: Chat Completions takes no document in a tool result. */
  const question = (citations: boolean | undefined) => conversation(citations).slice(0, 1)

  for (const api of ["openai", "azure", "responses"] as const) {
    it(`${api}: the same body as without citations`, () => {
      const body = M.body(api, question(true))
      assert.deepStrictEqual(body, M.body(api, question(undefined)))
      assert.include(JSON.stringify(body), M.b64(M.pdf))
      assert.notInclude(JSON.stringify(body), "citations")
    })
  }

  it("gemini: the same body as without citations", () => {
    const encode = (citations: boolean | undefined) =>
      Result.getOrThrow(
        GoogleRequest.encodeRequest({ model: "gemini-2.5-flash", messages: question(citations) } as any)
      )
    assert.deepStrictEqual(encode(true), encode(undefined))
    assert.include(JSON.stringify(encode(true)), M.b64(M.pdf))
  })

  it("citations: false is the same as none, on every API", () => {
    for (const api of M.apis.filter((api) => api !== "groq")) {
      assert.deepStrictEqual(M.body(api, question(false)), M.body(api, question(undefined)))
    }
  })
})
