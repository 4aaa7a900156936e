/**
 * The Responses API refuses a reasoning item sent without the item it led to: "Item 'rs_…' of type 'reasoning' was
 * provided without its required following item" (platform.openai.com/docs/guides/reasoning, keeping reasoning items in
 * context). An answer cut at `max_output_tokens` once its reasoning was done (status `incomplete`) holds that item
 * alone; sent back as it came, the next request of the conversation would be refused. The reasoning that ends a turn
 * is not sent; reasoning before a message or a call stays, its encrypted content with it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message } from "effect-llm-stream"
import * as ResponsesRequest from "../../../src/providers/openai-responses/ResponsesRequest.js"

const reasoning = (id: string) => ({ type: "reasoning", id, summary: [], encrypted_content: `enc-${id}` })
const message = {
  type: "message",
  id: "msg_1",
  role: "assistant",
  status: "completed",
  content: [{ type: "output_text", text: "Hello.", annotations: [] }]
}

const inputOf = (blocks: ReadonlyArray<unknown>, store?: boolean) =>
  Result.getOrThrow(ResponsesRequest.encodeRequest({
    model: "gpt-5",
    ...(store === undefined ? {} : { store }),
    messages: [
      Message.user("Hi"),
      Message.assistant("", { content: new Message.ProviderContent({ provider: "openai-responses", blocks }) }),
      Message.user("Again?")
    ]
  }))["input"] as ReadonlyArray<Readonly<Record<string, unknown>>>

describe("a Responses turn does not end with reasoning", () => {
  it("a turn of reasoning alone (cut at max_output_tokens) sends no item", () => {
    for (const store of [undefined, false]) {
      assert.deepStrictEqual(inputOf([reasoning("rs_1")], store).map((item) => item["role"] ?? item["type"]), [
        "user",
        "user"
      ])
    }
  })

  it("reasoning before the turn's message stays, the reasoning after it goes", () => {
    const input = inputOf([reasoning("rs_1"), message, reasoning("rs_2")])
    assert.deepStrictEqual(input.map((item) => item["id"] ?? item["role"]), ["user", "rs_1", "msg_1", "user"])
  })
})
