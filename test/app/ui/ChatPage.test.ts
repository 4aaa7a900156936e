/**
 * `ChatPage`: the state a page without a framework gives the `ai` client's `AbstractChat` (every change calls back, as
 * React's store re-renders `useChat`), and an answer's finish metadata in words, as the chat command's page shows it
 * (the page itself is driven in headless Chromium by test/testkit/ChatCommand.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { AbstractChat, DefaultChatTransport, type UIMessage } from "ai"
import { ChatPage } from "effect-llm-stream"

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe("ChatPage", () => {
  it("state: what AbstractChat changes calls back, after the change", async () => {
    let calls = 0
    const state = ChatPage.state<UIMessage>(() => calls++)
    // Accepted as the ai client's own state (a type error here would fail the check).
    new (class extends AbstractChat<UIMessage> {})({ state, transport: new DefaultChatTransport() })
    const message: UIMessage = { id: "m1", role: "user", parts: [{ type: "text", text: "hi" }] }
    state.pushMessage(message)
    state.replaceMessage(0, { ...message, id: "m2" })
    state.status = "streaming"
    assert.deepStrictEqual(state.messages.map((made) => made.id), ["m2"])
    await tick()
    assert.strictEqual(calls, 3)
    state.popMessage()
    await tick()
    assert.deepStrictEqual([state.messages, calls], [[], 4])
  })

  it("footer: the model, the cost in dollars, and the bound that cut it, in words", () => {
    assert.strictEqual(
      ChatPage.footer({ usage: {}, modelId: "gpt", cost: "0.0001", stopReason: "budget" }),
      "gpt · $0.0001 · cut: it reached its budget"
    )
    assert.strictEqual(
      ChatPage.footer({ usage: {}, cost: "0.2", finishReason: "length" }),
      "$0.2 · cut: the model's output limit"
    )
    assert.strictEqual(ChatPage.footer({ usage: {}, modelId: "gpt", stopReason: "constructor" }), "gpt")
    // An estimate (a stopped answer's, one cut before its usage came) says so.
    assert.strictEqual(
      ChatPage.footer({ usage: {}, cost: "0.0099", spend: { cost: "0.0099", estimated: true }, stopReason: "budget" }),
      "about $0.0099 · cut: it reached its budget"
    )
    assert.isUndefined(ChatPage.footer(undefined))
    assert.isUndefined(ChatPage.footer({ modelId: "gpt" }))
  })
})
