/**
 * A conversation goes on with Mistral whose calls another provider made. Mistral's API takes a tool call id of nine
 * letters and digits alone, on each call and on each tool message (mistralai/mistral-common
 * `protocol/instruct/validator.py`, `^[a-zA-Z0-9]{9}$`), and refuses any other with a 400: "Tool call id was
 * call_0fypS1hVX but must be a-z, A-Z, 0-9, with a length of 9." Claude's `toolu_…`, OpenAI's `call_…` and Gemini's
 * ids go as nine such characters, a call and its result under the same one; Mistral's own go as they came; another
 * host is sent the ids as they are.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as HostBodies from "../../support/HostBodies.js"

const call = (id: string, name = "weather") => new Tool.ToolCall({ id, name, arguments: "{\"city\":\"Florence\"}" })
const result = (id: string, name = "weather") => Message.toolResult({ toolCallId: id, name, content: "40 C" })

/** Ids as the recordings have them: Claude's, the Responses API's, Gemini's made up, Mistral's own. */
const ids = [
  "toolu_0171KFcBwn1Z64XzvQfz3sZS",
  "call_zgUaIBRPTwxxOusyyKw5NVMH",
  "gemini_call_RxW_hyf0cFBq_0",
  "D681PevKs"
]

const conversation: ReadonlyArray<Message.Message> = [
  Message.user("Weather in Florence, twice?"),
  Message.assistant("", { toolCalls: [call(ids[0]!), call(ids[1]!)] }),
  result(ids[0]!),
  result(ids[1]!),
  Message.user("And the country?"),
  Message.assistant("", { toolCalls: [call(ids[2]!, "get_country")] }),
  result(ids[2]!, "get_country"),
  Message.assistant("Checking again.", { toolCalls: [call(ids[3]!)] }),
  result(ids[3]!),
  Message.user("Thanks.")
]

const weather = Tool.make("weather", { parameters: Schema.Struct({ city: Schema.String }) })
const country = Tool.make("get_country", { parameters: Schema.Struct({}) })

/** The body the host `name` is sent for the conversation. */
const sentTo = (name: string) => HostBodies.firstBody(name, conversation, [weather, country])

/** The ids of a body's calls and of its tool messages, in order. */
const idsOf = (body: any) => ({
  calls: body.messages.flatMap((message: any) => message.tool_calls ?? []).map((call: any) => call.id),
  results: body.messages.filter((message: any) => message.role === "tool").map((message: any) => message.tool_call_id)
})

describe("a conversation goes on with Mistral", () => {
  it.live("each call id is nine letters and digits, its result's the same; Mistral's own as it came", () =>
    Effect.gen(function*() {
      const { calls, results } = idsOf(yield* sentTo("mistral"))
      assert.strictEqual(calls.length, ids.length)
      for (const id of calls) assert.match(id, /^[a-zA-Z0-9]{9}$/)
      assert.deepStrictEqual(results, calls, "each result under its call's id")
      assert.strictEqual(new Set(calls).size, calls.length, "each call's id its own")
      assert.strictEqual(calls[3], "D681PevKs")
    }).pipe(Effect.scoped))

  it.live("another host is sent the ids as they are", () =>
    Effect.gen(function*() {
      const { calls, results } = idsOf(yield* sentTo("openrouter"))
      assert.deepStrictEqual(calls, ids)
      assert.deepStrictEqual(results, ids)
    }).pipe(Effect.scoped))
})
