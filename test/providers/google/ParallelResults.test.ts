/**
 * Gemini before 3 gives its calls no id (this library names them `gemini_call_<n>`, never sent back): two parallel
 * calls of one function are told apart by their order alone, the `functionResponse` parts matched to the
 * `functionCall` parts as they come (`@google/genai` `FunctionResponse.id`: "Populated by the client to match the
 * corresponding function call `id`", none here). Results that came back in another order (a call that waited for the
 * user's approval answered after the others) go in the order of their calls, so that Oslo's weather is not read as
 * Bergen's. The conversation is read as every model layer reads it (`Conversation.everyApi`), then encoded.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as Conversation from "../../../src/core/request/Conversation.js"
import * as GoogleRequest from "../../../src/providers/google/GoogleRequest.js"

const call = (id: string, city: string) =>
  new Tool.ToolCall({ id, name: "weather", arguments: JSON.stringify({ city }) })

const turn = Message.assistant("", {
  toolCalls: [call("gemini_call_0", "Oslo"), call("gemini_call_1", "Bergen")],
  content: new Message.ProviderContent({
    provider: "google",
    blocks: [
      { functionCall: { name: "weather", args: { city: "Oslo" } } },
      { functionCall: { name: "weather", args: { city: "Bergen" } } }
    ]
  })
})

describe("parallel calls' results go in the order of their calls", () => {
  it("Gemini: the functionResponse parts in the order of the functionCall parts", () => {
    const messages = Conversation.sendable([
      Message.user("Weather in Oslo and Bergen?"),
      turn,
      Message.toolResult({ toolCallId: "gemini_call_1", name: "weather", content: "Bergen: rain" }),
      Message.toolResult({ toolCallId: "gemini_call_0", name: "weather", content: "Oslo: sun" })
    ], Conversation.everyApi)
    const body = Result.getOrThrow(GoogleRequest.encodeRequest({ model: "gemini-2.5-flash", messages }))
    const responses = (body["contents"] as Array<any>)[2].parts.map((part: any) => part.functionResponse.response)
    assert.deepStrictEqual(responses, [{ result: "Oslo: sun" }, { result: "Bergen: rain" }])
  })
})
