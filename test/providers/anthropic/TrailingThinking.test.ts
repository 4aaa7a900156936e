/**
 * Claude's API refuses an assistant message that ends with a thinking block: "messages.1: The final block in an
 * assistant message cannot be `thinking`." (a 400: tailcallhq/forgecode#2107, NousResearch/hermes-agent#11098; on
 * Bedrock's Converse, NousResearch/hermes-agent#105780). A turn Claude ended after thinking and saying nothing (an empty
 * answer, `end_turn`) would then fail every later request of the conversation. Its trailing thinking is not sent: the
 * turn that is left goes (nothing, when it held nothing else), and thinking before a text or a call stays where it is.
 */
import { assert, describe, it } from "@effect/vitest"
import { Result } from "effect"
import { Message, Tool } from "effect-llm-stream"
import * as AnthropicRequest from "../../../src/providers/anthropic/AnthropicRequest.js"
import * as BedrockRequest from "../../../src/providers/bedrock/BedrockRequest.js"

const formats = {
  anthropic: {
    thinking: (text: string) => ({ type: "thinking", thinking: text, signature: `sig-${text}` }),
    text: (text: string) => ({ type: "text", text }),
    encode: AnthropicRequest.encodeRequest,
    model: "claude-sonnet-4-5-20250929"
  },
  bedrock: {
    thinking: (text: string) => ({ reasoningContent: { reasoningText: { text, signature: `sig-${text}` } } }),
    text: (text: string) => ({ text }),
    encode: BedrockRequest.encodeRequest,
    model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0"
  }
} as const

describe("an assistant turn does not end with thinking", () => {
  for (const [provider, format] of Object.entries(formats)) {
    const turn = (blocks: ReadonlyArray<unknown>, text = "", toolCalls: ReadonlyArray<Tool.ToolCall> = []) =>
      Message.assistant(text, {
        toolCalls,
        content: new Message.ProviderContent({ provider: provider as "anthropic", blocks })
      })
    const sent = (messages: ReadonlyArray<Message.Message>) =>
      Result.getOrThrow(format.encode({ model: format.model, messages }))["messages"] as ReadonlyArray<
        { readonly role: string; readonly content: ReadonlyArray<unknown> }
      >

    it(`${provider}: a turn of thinking alone is not sent, the user's messages around it one turn`, () => {
      const messages = sent([Message.user("Hi"), turn([format.thinking("a")]), Message.user("Hello?")])
      assert.deepStrictEqual(messages.map((message) => message.role), ["user"])
      assert.strictEqual(messages[0]!.content.length, 2)
    })

    it(`${provider}: thinking after the turn's text is not sent, thinking before it is`, () => {
      const messages = sent([
        Message.user("Hi"),
        turn([format.thinking("a"), format.text("Hello."), format.thinking("b")], "Hello."),
        Message.user("And?")
      ])
      assert.deepStrictEqual(messages[1], { role: "assistant", content: [format.thinking("a"), format.text("Hello.")] })
    })
  }
})
