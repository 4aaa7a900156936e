/**
 * Converse takes a user turn of tool results, or of the user's own blocks, not both, on models other than Claude:
 * "messages.2.content: Conversation blocks and tool result blocks cannot be provided in the same turn" (a 400 on
 * Llama 3.3 and 4, Mistral Large: strands-agents/harness-sdk#1223, browser-use/browser-use#710). A user message right
 * after tool results (the user asked something else while the calls ran, or a call was declined) goes after an
 * assistant turn, as AWS's Strands Agents SDK separates them (`src/strands/models/bedrock.py`,
 * `_separate_tool_result_turns`). Claude takes the mix, as its Messages API does, and its turns go as they were.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as Conversation from "../../../src/core/request/Conversation.js"
import * as BedrockRequest from "../../../src/providers/bedrock/BedrockRequest.js"

const weather = Tool.make("weather", { description: "Weather", parameters: Schema.Struct({ city: Schema.String }) })

/** Two parallel calls, their results (one failed: a declined approval), and the user's next question right after. */
const messages = [
  Message.user("Weather in Oslo and Bergen?"),
  Message.assistant("", {
    toolCalls: [
      new Tool.ToolCall({ id: "t1", name: "weather", arguments: "{\"city\":\"Oslo\"}" }),
      new Tool.ToolCall({ id: "t2", name: "weather", arguments: "{\"city\":\"Bergen\"}" })
    ]
  }),
  Message.toolResult({ toolCallId: "t1", name: "weather", content: "-3C" }),
  Message.toolResult({ toolCallId: "t2", name: "weather", content: "The user declined this call.", isError: true }),
  Message.user("Never mind Bergen. Oslo tomorrow?")
]

const results = {
  role: "user",
  content: [
    { toolResult: { toolUseId: "t1", content: [{ text: "-3C" }] } },
    { toolResult: { toolUseId: "t2", content: [{ text: "The user declined this call." }], status: "error" } }
  ]
}

const turnsOf = (
  model: string
) => (Result.getOrThrow(BedrockRequest.encodeRequest({ model, messages, tools: [weather] }))["messages"] as Array<{
  readonly role: string
  readonly content: ReadonlyArray<unknown>
}>)

describe("Converse: tool results and the user's words in separate turns", () => {
  for (const model of ["meta.llama3-3-70b-instruct-v1:0", "us.meta.llama4-maverick-17b-instruct-v1:0"]) {
    it(`${model}: the user's message after the results goes after an assistant turn`, () => {
      const turns = turnsOf(model)
      assert.deepStrictEqual(turns.slice(2), [
        results,
        { role: "assistant", content: [{ text: Conversation.noAnswer }] },
        { role: "user", content: [{ text: "Never mind Bergen. Oslo tomorrow?" }] }
      ])
      // No turn mixes tool results with other blocks, and the roles alternate.
      for (const turn of turns) {
        const kinds = new Set(turn.content.map((block) => "toolResult" in (block as object)))
        assert.isAtMost(kinds.size, 1)
      }
      assert.deepStrictEqual(turns.map((turn) => turn.role), ["user", "assistant", "user", "assistant", "user"])
    })
  }

  it("a system message between the results and the user's message (sent apart, in `system`) changes nothing", () => {
    const noted = [...messages.slice(0, -1), Message.system("Answer in one line."), messages[messages.length - 1]!]
    const body = Result.getOrThrow(
      BedrockRequest.encodeRequest({ model: "meta.llama3-3-70b-instruct-v1:0", messages: noted, tools: [weather] })
    )
    const turns = body["messages"] as ReadonlyArray<{ readonly role: string }>
    assert.deepStrictEqual(turns.map((turn) => turn.role), ["user", "assistant", "user", "assistant", "user"])
    assert.deepStrictEqual(body["system"], [{ text: "Answer in one line." }])
  })

  it("Claude: the results and the user's message are one turn, as before", () => {
    const turns = turnsOf("us.anthropic.claude-sonnet-4-5-20250929-v1:0")
    assert.deepStrictEqual(turns.slice(2), [
      { role: "user", content: [...results.content, { text: "Never mind Bergen. Oslo tomorrow?" }] }
    ])
  })
})
