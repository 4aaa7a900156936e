/**
 * A part's `alt` text: sent in the part's place where the API cannot take it, instead of a refusal. Chat
 * Completions and Groq tool results carry text only (openai-node and groq-sdk `ChatCompletionToolMessageParam`:
 * `content` is text parts); no API here takes audio in a tool result (Anthropic's `ToolResultBlockParam.content`,
 * Bedrock's `ToolResultContentBlock`, the Responses API's `ResponseFunctionCallOutputItem`); Gemini's function
 * responses take PNG, JPEG and WebP images, PDF and plain text (`@google/genai` `FunctionResponsePart`, Gemini's
 * function calling guide). Where the API takes the part, it is sent as before, and `alt` is not.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"
import * as M from "../../support/Multimodal.js"

const call = new Tool.ToolCall({ id: "call_1", name: "look", arguments: "{}" })

const conversation = (parts: ReadonlyArray<Message.Part>) => [
  Message.user("Look"),
  Message.assistant("", { toolCalls: [call] }),
  Message.toolResult({ toolCallId: "call_1", name: "look", content: parts })
]

const withAlt = [
  Message.text("seen"),
  Message.image(M.png, { alt: "IMAGE-ALT" }),
  Message.audio(M.wav, { mediaType: "audio/wav", alt: "AUDIO-ALT" })
]

describe("alt: the text sent where the API cannot take a part", () => {
  for (const api of M.apis) {
    it(`${api}: a tool result's image ${["openai", "azure", "groq"].includes(api) ? "as its alt" : "as an image"}, its audio as its alt`, () => {
      const json = JSON.stringify(M.body(api, conversation(withAlt)))
      assert.include(json, "AUDIO-ALT")
      if (["openai", "azure", "groq"].includes(api)) assert.include(json, "IMAGE-ALT")
      else {
        assert.notInclude(json, "IMAGE-ALT")
        assert.include(json, M.b64(M.png).slice(0, 16))
      }
    })
  }

  it("without alt, the part is refused as before", () => {
    assert.include(M.refusal("openai", conversation([Message.image(M.png)])), "tool results carry text only")
  })

  it("a media type the API refuses, in a user message too", () => {
    const svg = Message.image(new TextEncoder().encode("<svg/>"), { mediaType: "image/svg+xml", alt: "SVG-ALT" })
    const body = M.body("anthropic", [Message.user([Message.text("What is it?"), svg])])
    assert.deepStrictEqual(body["messages"][0].content[1], { type: "text", text: "SVG-ALT" })
  })

  it("google: a GIF in a function response as its alt, a PNG as inline data", () => {
    const gif = Message.image(M.gif, { alt: "GIF-ALT" })
    const encoded = GoogleRequest.encodeRequest({
      model: "gemini-2.5-flash",
      messages: conversation([Message.text("seen"), Message.image(M.png, { alt: "PNG-ALT" }), gif])
    } as any)
    assert.isTrue(Result.isSuccess(encoded))
    const response = JSON.stringify((encoded as Result.Success<any, never>).success.contents[2])
    assert.include(response, "GIF-ALT")
    assert.notInclude(response, "PNG-ALT")
    assert.include(response, "\"mimeType\":\"image/png\"")
  })
})
