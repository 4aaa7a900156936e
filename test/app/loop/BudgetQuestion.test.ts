/**
 * The question before a budget's cap (`budget: { usd, askAt }`) in `runTools`, over the replay server (OpenAI Chat
 * Completions scripted with the test kit's payload builders): once what the answer spent crosses `askAt` of the
 * budget, the loop stops before its next step with a `BudgetQuestionEvent` (what was spent, the cap, the question's
 * id) and the done reason `budget-question`. The next request answers it with `Message.budgetAnswer`: `continue`
 * sends the next step, `stop` ends the loop with `budget` and sends nothing. Served (with the approval checks a
 * browser's loop has), the id is signed: a forged answer or one sent a second time is refused, the question asked
 * again and nothing sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Schema, Stream } from "effect"
import { AgUi, LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as LoopWire from "../../support/LoopWire.js"

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

const budget = { usd: "1", askAt: 0.001 }

/** A loop of `request` served the `steps`, with a browser's approval checks when `served`: its events and requests. */
const run = (
  steps: ReadonlyArray<LoopWire.Step>,
  request: Omit<LanguageModel.RunRequest, "tools">,
  served = false
) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve(steps.map((step, index) => LoopWire.scripted("openai", step, `${index + 1}`)))
    const loop = LanguageModel.runTools({ ...request, tools: [lookup] })
    const events = yield* Stream.runCollect(
      served ? UIMessageStream.withApprovalChecks(loop, { chatId: "chat-1", owner: "alice" }) : loop
    ).pipe(Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer)))
    const done = events.at(-1) as LanguageModel.DoneEvent
    const question = events.find((event) => event._tag === "BudgetQuestionEvent") as
      | LanguageModel.BudgetQuestionEvent
      | undefined
    return { events, done, question, requests: server.requests(baseUrl).length }
  })

/** The first request: a step whose tool call spends past `askAt` (1,000 input tokens), then the question. */
const asking = (served = false) =>
  run(
    [{ calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }], input: 1000, output: 50 }],
    { messages: [Message.user("Look it up")], budget },
    served
  )

/** The next request of the answer, with `answers`. */
const answering = (
  first: Effect.Success<ReturnType<typeof asking>>,
  answers: ReadonlyArray<Tool.ToolApproval>,
  served = false
) =>
  run([{ texts: ["Found it."] }], {
    messages: [...first.done.messages, ...answers],
    budget: { ...budget, spent: first.done.budget!.spent }
  }, served)

describe("a question before the budget's cap", () => {
  it.live("the loop stops before its next step and asks; continue sends it, stop ends with budget", () =>
    Effect.gen(function*() {
      const first = yield* asking()
      assert.strictEqual(first.done.reason, "budget-question")
      assert.strictEqual(first.requests, 1, "the next step is not sent")
      const question = first.question!
      assert.isTrue(BigDecimal.equals(question.cap, BigDecimal.fromStringUnsafe("1")))
      assert.isTrue(BigDecimal.equals(question.spent, first.done.budget!.spent))
      assert.isTrue(BigDecimal.isPositive(question.spent))
      assert.isUndefined(question.questionId, "a program's own loop issues no id")
      const going = yield* answering(first, [Message.budgetAnswer({ answer: "continue" })])
      assert.strictEqual(going.done.reason, "stop")
      assert.strictEqual(going.requests, 1)
      assert.isUndefined(going.question, "asked once")
      const stopped = yield* answering(first, [Message.budgetAnswer({ answer: "stop" })])
      assert.strictEqual(stopped.done.reason, "budget")
      assert.strictEqual(stopped.requests, 0, "nothing sent")
      // 0.6's form of the answer (an approval of the call `Tool.budgetQuestion`): still the answer, through 0.7.
      const legacy = yield* answering(first, [
        Message.toolApproval({ toolCallId: Tool.budgetQuestion, approved: true })
      ])
      assert.strictEqual(legacy.done.reason, "stop")
      assert.isUndefined(legacy.question)
      // Without an answer: asked again.
      const again = yield* answering(first, [])
      assert.strictEqual(again.done.reason, "budget-question")
      assert.strictEqual(again.requests, 0)
    }).pipe(Effect.scoped))

  it.live("served: the question's id is signed; a forged or replayed answer is refused and the question asked again", () =>
    Effect.gen(function*() {
      const first = yield* asking(true)
      const questionId = first.question!.questionId!
      assert.match(questionId, /^a1\./)
      const forged = yield* answering(
        first,
        [Message.budgetAnswer({ questionId: `${questionId.slice(0, -2)}xy`, answer: "continue" })],
        true
      )
      assert.strictEqual(forged.done.reason, "budget-question")
      assert.strictEqual(forged.requests, 0)
      const taken = yield* answering(first, [Message.budgetAnswer({ questionId, answer: "continue" })], true)
      assert.strictEqual(taken.done.reason, "stop")
      assert.strictEqual(taken.requests, 1)
      const replayed = yield* answering(first, [Message.budgetAnswer({ questionId, answer: "continue" })], true)
      assert.strictEqual(replayed.done.reason, "budget-question")
      assert.strictEqual(replayed.requests, 0)
    }).pipe(Effect.scoped))
})

describe("a call whose id is the budget question's (a model's, as it sent it)", () => {
  const remove = Tool.handle(
    Tool.make("remove", { parameters: Schema.Struct({ path: Schema.String }) }),
    ({ path }) => Effect.succeed(`removed ${path}`),
    { needsApproval: true }
  )
  /** A loop of `messages` (served, with its approval checks) whose model answers `step`. */
  const served = (step: LoopWire.Step, messages: ReadonlyArray<Message.Message | Tool.ToolApproval>) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(LoopWire.scripted("openai", step))
      const loop = UIMessageStream.withApprovalChecks(LanguageModel.runTools({ messages, tools: [remove] }))
      const events = yield* Stream.runCollect(loop).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
      )
      return events
    })

  it.live("its approval is read as an approval of that call, never as the answer to a question", () =>
    Effect.gen(function*() {
      const calls = [{ id: "budget_question", name: "remove", arguments: "{\"path\":\"/tmp/q\"}" }]
      const first = yield* served({ calls }, [Message.user("Remove /tmp/q")])
      const asked = first.find((event) => event._tag === "ApprovalRequestEvent") as LanguageModel.ApprovalRequestEvent
      assert.strictEqual(asked.call.id, "budget_question")
      const done = first.at(-1) as LanguageModel.DoneEvent
      const approval = Message.toolApproval({
        toolCallId: "budget_question",
        approved: true,
        approvalId: asked.approvalId
      })
      const second = yield* served({ texts: ["Removed."] }, [...done.messages, approval])
      const result = second.find((event) => event._tag === "ToolResultEvent") as LanguageModel.ToolResultEvent
      assert.strictEqual(result?.result, "removed /tmp/q")
      assert.strictEqual((second.at(-1) as LanguageModel.DoneEvent).reason, "stop")
    }).pipe(Effect.scoped))

  it.live("on AG-UI: shown as the call it is, its interrupt a tool call's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const calls = [{ id: "budget_question", name: "remove", arguments: "{\"path\":\"/tmp/q\"}" }]
      const baseUrl = server.serve(LoopWire.scripted("openai", { calls }))
      const events = yield* LanguageModel.runTools({ messages: [Message.user("Remove /tmp/q")], tools: [remove] }).pipe(
        AgUi.fromSteps({ threadId: "t1", runId: "r1" }),
        Stream.runCollect,
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
      )
      const start = events.find((event) => event.type === "TOOL_CALL_START") as any
      assert.strictEqual(start?.toolCallName, "remove")
      const [interrupt] = (events.at(-1) as any).outcome.interrupts
      assert.strictEqual(interrupt.reason, "tool_call")
      assert.strictEqual(interrupt.toolCallId, "budget_question")
    }))
})
