/**
 * A tool loop is one assistant turn, with one thinking configuration: "Keep one thinking configuration per assistant
 * turn: a tool-use loop is one assistant turn, so change the configuration only between turns"
 * (platform.claude.com/docs/build-with-claude/thinking-tool-workflows). On a budget of thinking (no interleaved
 * thinking), Claude thinks once, at the start of the turn, "and will not output another thinking block until after the
 * next non-tool_result user turn" (Anthropic's cookbook, "Extended Thinking with Tool Use"): the second step's answer
 * has no thinking block. The third step goes with thinking on still, as the turn began thinking; thinking goes off only
 * for a turn that did not begin with it (another provider's, or a turn whose thinking did not come back). The same on
 * Bedrock's Converse, which sends Claude's `thinking` in `additionalModelRequestFields`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as AnthropicRequest from "../../../src/providers/anthropic/AnthropicRequest.js"
import * as BedrockRequest from "../../../src/providers/bedrock/BedrockRequest.js"

const call = (id: string) => new Tool.ToolCall({ id, name: "weather", arguments: "{\"city\":\"Oslo\"}" })
const result = (id: string) => Message.toolResult({ toolCallId: id, name: "weather", content: "-3C" })
const weather = Tool.make("weather", { description: "Weather", parameters: Schema.Struct({ city: Schema.String }) })

/** Claude's turns of the loop, in each API's blocks: the first thinks and calls, the second only calls. */
const formats = {
  anthropic: {
    thought: [
      { type: "thinking", thinking: "Oslo's weather, then Bergen's.", signature: "sig-1" },
      { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Oslo" } }
    ],
    called: [{ type: "tool_use", id: "toolu_2", name: "weather", input: { city: "Oslo" } }],
    thinkingOf: (body: Record<string, unknown>) => body["thinking"],
    encode: AnthropicRequest.encodeRequest,
    model: "claude-sonnet-4-5-20250929"
  },
  bedrock: {
    thought: [
      { reasoningContent: { reasoningText: { text: "Oslo's weather, then Bergen's.", signature: "sig-1" } } },
      { toolUse: { toolUseId: "toolu_1", name: "weather", input: { city: "Oslo" } } }
    ],
    called: [{ toolUse: { toolUseId: "toolu_2", name: "weather", input: { city: "Oslo" } } }],
    thinkingOf: (body: Record<string, unknown>) =>
      (body["additionalModelRequestFields"] as Record<string, unknown> | undefined)?.["thinking"],
    encode: BedrockRequest.encodeRequest,
    model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
  }
} as const

describe("a tool loop with thinking on a budget keeps one thinking configuration", () => {
  for (const [provider, format] of Object.entries(formats)) {
    const turn = (blocks: ReadonlyArray<unknown>, id: string) =>
      Message.assistant("", {
        toolCalls: [call(id)],
        content: new Message.ProviderContent({ provider: provider as "anthropic", blocks })
      })
    const thinkingSent = (messages: ReadonlyArray<Message.Message>) =>
      format.thinkingOf(Result.getOrThrow(format.encode({
        model: format.model,
        messages,
        tools: [weather],
        reasoning: { budgetTokens: 2048 }
      })))

    it(`${provider}: the third step of a turn that began thinking goes with thinking`, () => {
      const question = Message.user("Weather in Oslo, twice?")
      assert.deepStrictEqual(
        thinkingSent([question, turn(format.thought, "toolu_1"), result("toolu_1")]),
        { type: "enabled", budget_tokens: 2048 }
      )
      assert.deepStrictEqual(
        thinkingSent([
          question,
          turn(format.thought, "toolu_1"),
          result("toolu_1"),
          turn(format.called, "toolu_2"),
          result("toolu_2")
        ]),
        { type: "enabled", budget_tokens: 2048 }
      )
    })

    it(`${provider}: a turn that began without thinking goes on without it, and the next question thinks`, () => {
      const question = Message.user("Weather in Oslo, twice?")
      const unthought = [
        question,
        Message.assistant("", { toolCalls: [call("toolu_1")] }),
        result("toolu_1"),
        turn(format.called, "toolu_2"),
        result("toolu_2")
      ]
      assert.isUndefined(thinkingSent(unthought))
      assert.deepStrictEqual(
        thinkingSent([...unthought, Message.assistant("Cold."), Message.user("And Bergen?")]),
        { type: "enabled", budget_tokens: 2048 }
      )
    })
  }
})
