/**
 * A step whose calls are all taken out of a browser's history (cancelled, or never answered) with nothing after it.
 * AG-UI's `resume` with `status: "cancelled"` "abandons the call: ... the model never sees it (send a new user message
 * with it, or the model is asked the same again)"; the `ai` client's `sendMessage()` sends on with an approval left
 * unanswered (the call is left out, never run). Had the step said something before its calls ("I will delete
 * a.txt."), that text was the conversation's last message: a prefill, which Claude 4.6 and later refuse ("This model
 * does not support assistant message prefill. The conversation must end with a user message.", a 400: "What's new
 * in Claude 4.6", prefill removal) and older models continue mid-sentence. The step goes whole instead: the model is
 * asked again what it was asked when it made it, on every provider.
 *
 * Through the real clients (`@ag-ui/client`'s `HttpAgent`, the `ai` package's chat client against `ChatEndpoint`),
 * against a server that refuses a prefill as the API does: the person's actions, the next request the model
 * receives (it ends with the user's message or the tool results), and the answer shown.
 */
import type { Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { AgUi, ChatEndpoint, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Conversation from "../../../src/core/request/Conversation.js"
import * as TurnCarry from "../../../src/providers/TurnCarry.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as ApiRefusals from "../../support/ApiRefusals.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const refusal = "This model does not support assistant message prefill. The conversation must end with a user message."

/** Answers as Claude 4.6 and later do: a 400 for a conversation that ends with an assistant turn. */
const asClaude46 = (step: LoopWire.Step, id: string) => (request: ReplayServer.RecordedRequest) =>
  JSON.parse(request.body).messages.at(-1).role === "assistant"
    ? ApiRefusals.anthropic(refusal)
    : LoopWire.scripted("anthropic", step, id)

const deleting: LoopWire.Step = {
  texts: ["I will delete a.txt."],
  calls: [{ id: "toolu_del", name: "delete_file", arguments: `{"path":"a.txt"}` }]
}

/** The replay server answering `steps` in order, as `model` (a Claude 4.6+ model refusing a prefill), and its model. */
const scripted = (model: string, steps: ReadonlyArray<LoopWire.Step>) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const url = server.serve(steps.map((step, at) => asClaude46(step, `${at + 1}`)))
    const bodies = () => server.requests(url).map((request) => JSON.parse(request.body))
    return { layer: RecordedModels.model("anthropic", url, FetchHttpClient.layer, { model }), bodies }
  })

/** An AG-UI agent as an app writes one: `readRunInput`, the tool loop, `fromSteps`; what it deleted. */
const agUiApp = (model: Layer.Layer<LanguageModel.LanguageModel>) =>
  Effect.gen(function*() {
    const deleted: Array<string> = []
    const tools = [EndpointApp.deleteFile(deleted), EndpointApp.weather]
    const context = yield* Layer.build(model)
    const url = yield* AgUiClient.serve((body) =>
      Effect.gen(function*() {
        const input = yield* AgUi.readRunInput(body)
        return yield* LanguageModel.runTools({ messages: [...input.messages, ...input.approvals], tools }).pipe(
          AgUi.fromSteps({ threadId: input.threadId, runId: input.runId, tools }),
          AgUi.toResponse()
        )
      })
    ).pipe(Effect.provideContext(context))
    return { agent: AgUiClient.agentOf(url), deleted }
  })

/** The interrupt a run ended with. */
const interruptOf = (run: AgUiClient.AgentRun): Interrupt => {
  const outcome = (run.events.at(-1) as RunFinishedEvent).outcome as { type: string; interrupts: Array<Interrupt> }
  assert.strictEqual(outcome.type, "interrupt")
  return outcome.interrupts[0]!
}

/** What a run showed: its text, and how it finished. */
const shown = (run: AgUiClient.AgentRun) => ({
  text: run.events.flatMap((event: any) => event.type === "TEXT_MESSAGE_CONTENT" ? [event.delta] : []).join(""),
  finished: run.events.at(-1)!.type === "RUN_FINISHED"
    ? (run.events.at(-1) as RunFinishedEvent).outcome
    : run.events.at(-1)
})

/** The roles and block types of a request's messages. */
const shapeOf = (body: any) =>
  body.messages.map((message: any) => `${message.role}:${message.content.map((block: any) => block.type).join("+")}`)

describe("AG-UI: every interrupt of a step cancelled, no new message", () => {
  for (const model of ["claude-opus-4-8", "claude-sonnet-4-5"]) {
    it.live(`${model}: the model is asked the user's message again, and the person reads its answer`, () =>
      Effect.gen(function*() {
        const claude = yield* scripted(model, [deleting, { texts: ["Which a.txt do you mean?"] }, { texts: ["Ok."] }])
        const { agent, deleted } = yield* agUiApp(claude.layer)
        agent.addMessage({ id: "u1", role: "user", content: "please delete a.txt" })
        const asked = yield* AgUiClient.run(agent)
        assert.strictEqual(shown(asked).text, "I will delete a.txt.")
        const cancelled = yield* AgUiClient.run(agent, {
          resume: [{ interruptId: interruptOf(asked).id, status: "cancelled" }]
        })
        assert.deepStrictEqual(shown(cancelled), { text: "Which a.txt do you mean?", finished: { type: "success" } })
        const [first, second] = claude.bodies()
        // Asked what it was asked when it made the step: the user's message last, the step's text not a prefill.
        assert.deepStrictEqual(second.messages, first.messages)
        assert.deepStrictEqual(shapeOf(second), ["user:text"])
        // The thread goes on: the abandoned step's text is history before the user's next message.
        agent.addMessage({ id: "u2", role: "user", content: "never mind" })
        assert.deepStrictEqual(shown(yield* AgUiClient.run(agent)), { text: "Ok.", finished: { type: "success" } })
        const third = claude.bodies()[2]
        assert.strictEqual(third.messages.at(-1).role, "user")
        assert.strictEqual(third.messages.at(-1).content.at(-1).text, "never mind")
        assert.notInclude(JSON.stringify(third), "toolu_del")
        assert.deepStrictEqual(deleted, [])
      }).pipe(Effect.scoped))
  }

  it.live("claude-opus-4-8: a step after a tool ran goes, the request ends with that tool's result", () =>
    Effect.gen(function*() {
      const model = yield* scripted("claude-opus-4-8", [
        { calls: [{ id: "toolu_w", name: "get_weather", arguments: `{"city":"Paris"}` }] },
        { ...deleting, texts: ["18°C. Now a.txt."] },
        { texts: ["It is 18°C in Paris."] }
      ])
      const { agent, deleted } = yield* agUiApp(model.layer)
      agent.addMessage({ id: "u1", role: "user", content: "weather in Paris, then delete a.txt" })
      const asked = yield* AgUiClient.run(agent)
      const cancelled = yield* AgUiClient.run(agent, {
        resume: [{ interruptId: interruptOf(asked).id, status: "cancelled" }]
      })
      assert.deepStrictEqual(shown(cancelled), { text: "It is 18°C in Paris.", finished: { type: "success" } })
      const [, second, third] = model.bodies()
      assert.deepStrictEqual(third.messages, second.messages)
      assert.deepStrictEqual(shapeOf(third), ["user:text", "assistant:tool_use", "user:tool_result"])
      assert.deepStrictEqual(deleted, [])
    }).pipe(Effect.scoped))
})

describe("the ai client: an approval left unanswered, the chat sent on", () => {
  it.live("claude-opus-4-8: sendMessage() asks the user's message again; the answer is shown, no error", () =>
    Effect.gen(function*() {
      const model = yield* scripted("claude-opus-4-8", [
        deleting,
        { texts: ["Which a.txt do you mean?"] },
        { texts: ["Asked again."] },
        { texts: ["Ok."] }
      ])
      const deleted: Array<string> = []
      const app = ChatEndpoint.layer({ log: false, tools: [EndpointApp.deleteFile(deleted)] }).pipe(
        Layer.provide(model.layer)
      )
      const chat = new EndpointApp.EndpointClient(yield* EndpointApp.viaNode(app), "abandoned")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "please delete a.txt" })))
      assert.strictEqual(chat.toolParts[0].state, "approval-requested")
      // The person answers nothing, and the chat is sent on as it is.
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage()))
      assert.isUndefined(chat.error)
      assert.include(chat.text, "Which a.txt do you mean?")
      const [first, second] = model.bodies()
      assert.deepStrictEqual(second.messages, first.messages)
      // Regenerated, then a new message: each request ends with the user's.
      yield* Effect.promise(() => chat.settle(() => chat.regenerate()))
      assert.strictEqual(chat.text, "Asked again.")
      yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "never mind" })))
      assert.strictEqual(chat.text, "Ok.")
      const lasts = model.bodies().map((body) => body.messages.at(-1))
      assert.deepStrictEqual(lasts.map((message) => message.role), ["user", "user", "user", "user"])
      assert.strictEqual(lasts[3].content.at(-1).text, "never mind")
      assert.deepStrictEqual(deleted, [])
    }).pipe(Effect.scoped))
})

describe("the calls that leave, by their turn", () => {
  it("a step's call cancelled takes out that call alone: an earlier turn's call of the same id stays", () => {
    const made = new Tool.ToolCall({ id: "gemini_call_0", name: "get_weather", arguments: `{"city":"Paris"}` })
    const call = (text: string) => Message.assistant(text, { toolCalls: [made] })
    const result = Message.toolResult({ toolCallId: "gemini_call_0", name: "get_weather", content: "18°C" })
    const messages = [Message.user("Paris, then delete a.txt"), call(""), result, call("Now a.txt.")]
    const sent = TurnCarry.withoutUnanswered(messages, new Set(), 4, [Conversation.keyOf(3, "gemini_call_0")])
    assert.deepStrictEqual(sent, messages.slice(0, 3))
  })
})
