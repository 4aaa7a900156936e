/**
 * What a function response's `parts` take: media alone, inline on the Gemini API (`@google/genai` `FunctionResponsePart`:
 * `inlineData`; `fileData`, "URI based data. This field is not supported in Gemini API"), inline or by URI on Vertex AI.
 * A tool result's text file goes in the response's text, as the rest of its text (a `text` part is no
 * `FunctionResponsePart`); a file by URL on the Gemini API goes as its `alt` text, else it is refused before sending,
 * with what to do instead.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"
import * as M from "../../support/Multimodal.js"

const call = new Tool.ToolCall({ id: "call_1", name: "look", arguments: "{}" })

const encoded = (parts: ReadonlyArray<Message.Part>, host: "google" | "google-vertex" = "google") =>
  GoogleRequest.encodeRequest({
    model: "gemini-3-pro-preview",
    messages: [
      Message.user("Look"),
      Message.assistant("", { toolCalls: [call] }),
      Message.toolResult({ toolCallId: "call_1", name: "look", content: parts })
    ]
  }, host)

const responseOf = (parts: ReadonlyArray<Message.Part>, host: "google" | "google-vertex" = "google") =>
  (Result.getOrThrow(encoded(parts, host))["contents"] as Array<any>)[2].parts[0].functionResponse

const url = "https://example.com/chart.png"

describe("a function response's parts", () => {
  it("a text file goes in the response's text, not as a part", () => {
    const notes = Message.file(new TextEncoder().encode("line one"), { mediaType: "text/plain" })
    const csv = Message.file(new TextEncoder().encode("a,b"), { mediaType: "text/csv" })
    const response = responseOf([Message.text("read"), notes, csv, Message.image(M.png)])
    assert.deepStrictEqual(response.response, { result: "read\nline one\na,b" })
    assert.deepStrictEqual(response.parts, [{ inlineData: { mimeType: "image/png", data: M.b64(M.png) } }])
  })

  it("Gemini API: a file by URL goes as its alt, or is refused before sending", () => {
    const response = responseOf([Message.text("drawn"), Message.image(url, { mediaType: "image/png", alt: "A chart" })])
    assert.deepStrictEqual(response, { name: "look", response: { result: "drawn\nA chart" }, id: "call_1" })
    const refused = encoded([Message.text("drawn"), Message.image(url, { mediaType: "image/png" })])
    assert.isTrue(Result.isFailure(refused))
    const message = (refused as Result.Failure<never, { readonly message: string }>).failure.message
    assert.include(message, "messages[2].parts[1]")
    assert.include(message, "inline")
  })

  it("Vertex AI: a file by URL goes as fileData", () => {
    const response = responseOf(
      [Message.text("drawn"), Message.image(url, { mediaType: "image/png" })],
      "google-vertex"
    )
    assert.deepStrictEqual(response.parts, [{ fileData: { mimeType: "image/png", fileUri: url } }])
  })
})
