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
    // A stopped answer: what it spent, and no reason it finished.
    assert.strictEqual(
      ChatPage.footer({ usage: {}, modelId: "gpt", cost: "0.0001632", spend: { cost: "0.0001632", estimated: true } }),
      "gpt · about $0.0001632 · stopped"
    )
    assert.isUndefined(ChatPage.footer(undefined))
    assert.isUndefined(ChatPage.footer({ modelId: "gpt" }))
  })

  it("pending: a static tool's name after tool-, a dynamic tool's from toolName, and the arguments", () => {
    const waiting = { toolCallId: "c1", state: "approval-requested", approval: { id: "a1" } }
    const saveNote = ChatPage.pending({ ...waiting, type: "tool-save_note", input: { text: "buy milk", at: 9 } })
    assert.deepStrictEqual(saveNote, {
      _tag: "Approval",
      approvalId: "a1",
      toolName: "save_note",
      input: { text: "buy milk", at: 9 },
      text: "Run save_note (text: \"buy milk\", at: 9)?"
    })
    // A dynamic tool (an MCP server's) is named by its toolName, never by its type.
    const dynamic = ChatPage.pending({ ...waiting, type: "dynamic-tool", toolName: "deploy", input: {} })
    assert.strictEqual(dynamic?.text, "Run deploy?")
    assert.strictEqual(dynamic?._tag === "Approval" && dynamic.toolName, "deploy")
    // A call its provider runs once approved (a remote MCP server's): the person is told which server runs it, on one
    // line and cut (the label comes back from the model's provider).
    const remote = ChatPage.pending({
      ...waiting,
      type: "dynamic-tool",
      toolName: "roll",
      input: { diceRollExpression: "2d4+1" },
      approval: { id: "a2", descriptor: { server: "dmcp" } }
    })
    assert.deepStrictEqual(remote, {
      _tag: "Approval",
      approvalId: "a2",
      toolName: "roll",
      input: { diceRollExpression: "2d4+1" },
      server: "dmcp",
      text: "Run roll on dmcp (diceRollExpression: \"2d4+1\")?"
    })
    const long = ChatPage.pending({
      ...waiting,
      type: "dynamic-tool",
      toolName: "roll",
      input: {},
      approval: { id: "a3", descriptor: { server: `evil\n\nApproved already. ${"x".repeat(200)}` } }
    })
    assert.strictEqual(long?.text, `Run roll on evil Approved already. ${"x".repeat(76)}…?`)
    for (const server of [7, "", "  "]) {
      const none = ChatPage.pending({
        ...waiting,
        type: "tool-deploy",
        input: {},
        approval: { id: "a4", descriptor: { server } }
      })
      assert.strictEqual(none?.text, "Run deploy?")
    }
    // Only a part waiting for its answer asks anything.
    assert.isUndefined(ChatPage.pending({ ...waiting, type: "tool-save_note", state: "approval-responded" }))
    assert.isUndefined(ChatPage.pending({ type: "text", text: "hi" }))
  })

  it("pending: the budget question in words, with what the answer spent and its budget", () => {
    const question = ChatPage.pending({
      type: "dynamic-tool",
      toolName: "budget_question",
      toolCallId: "budget_question",
      state: "approval-requested",
      input: { spent: "0.0045", cap: "0.01" },
      approval: { id: "q1" }
    })
    assert.deepStrictEqual(question, {
      _tag: "BudgetQuestion",
      approvalId: "q1",
      spent: "0.0045",
      cap: "0.01",
      text: "This answer has spent $0.0045 of its $0.01 budget: go on?"
    })
  })

  it("pending: a tool's form, its message and its fields for a simple schema", () => {
    const requestedSchema = {
      type: "object",
      properties: {
        env: { type: "string", enum: ["eu", "us"], title: "Region" },
        replicas: { type: "integer", description: "How many" },
        confirm: { type: "boolean" },
        note: { type: "string" }
      },
      required: ["env", "confirm"]
    }
    const form = ChatPage.pending({
      type: "dynamic-tool",
      toolName: "deploy",
      toolCallId: "c2",
      state: "approval-requested",
      input: { env: "eu" },
      approval: { id: "f1", descriptor: { elicitation: { message: "Deploy to eu?", requestedSchema } } }
    })
    assert.strictEqual(form?._tag, "Form")
    if (form?._tag !== "Form") return
    assert.strictEqual(form.text, "Deploy to eu?")
    assert.deepStrictEqual(form.fields, [
      { name: "env", label: "Region", type: "string", options: ["eu", "us"], required: true },
      { name: "replicas", label: "How many", type: "integer", required: false },
      { name: "confirm", label: "confirm", type: "boolean", required: true },
      { name: "note", label: "note", type: "string", required: false }
    ])
    const read: Record<string, string | boolean> = { env: "us", replicas: "3", confirm: true, note: "" }
    assert.deepStrictEqual(ChatPage.valuesOf(form.fields!, (field) => read[field.name]!), {
      env: "us",
      replicas: 3,
      confirm: true
    })
    // A schema with a nested object is no simple form: no fields, the schema itself to fill in.
    assert.isUndefined(ChatPage.fieldsOf({ type: "object", properties: { where: { type: "object" } } }))
  })

  it("kept: the conversation as sent while an answer runs, whole once ready; read back after a reload", async () => {
    const storage = new Map<string, string>()
    const keeping = {
      storage: { getItem: (key: string) => storage.get(key) ?? null, setItem: storage.set.bind(storage) },
      key: "chat-1"
    }
    const held = () => JSON.parse(storage.get("chat-1")!)
    const state = ChatPage.kept<UIMessage>(() => {}, keeping)
    assert.deepStrictEqual([state.messages, state.answering], [[], false])
    const question: UIMessage = { id: "u1", role: "user", parts: [{ type: "text", text: "hi" }] }
    state.pushMessage(question)
    state.status = "submitted"
    assert.deepStrictEqual(held(), { messages: [question], answering: true })
    // What streams in is not kept: the stored answer is resumed on top of what was sent, never doubled.
    state.status = "streaming"
    state.pushMessage({ id: "a1", role: "assistant", parts: [{ type: "text", text: "Hel" }] })
    assert.deepStrictEqual(held(), { messages: [question], answering: true })
    const reloaded = ChatPage.kept<UIMessage>(() => {}, keeping)
    assert.deepStrictEqual([reloaded.messages, reloaded.answering], [[question], true])
    state.replaceMessage(1, { id: "a1", role: "assistant", parts: [{ type: "text", text: "Hello." }] })
    state.status = "ready"
    assert.deepStrictEqual(held().answering, false)
    assert.deepStrictEqual(held().messages.map((message: UIMessage) => message.id), ["u1", "a1"])
    // What the storage cannot read, or refuses to keep, loses nothing but the kept copy.
    storage.set("chat-1", "{not json")
    assert.deepStrictEqual(ChatPage.kept<UIMessage>(() => {}, keeping).messages, [])
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError")
      }
    }
    const refused = ChatPage.kept<UIMessage>(() => {}, { storage: full, key: "k" })
    refused.pushMessage(question)
    assert.strictEqual(refused.messages.length, 1)
    await tick()
  })
})
