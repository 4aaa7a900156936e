/**
 * The question before a budget's cap in a durable loop (`budget: { usd, askAt }`), on Effect's memory engine with
 * the scripted model of `support/DurableAgent.ts` (its steps cost $0.000021, $0.000036, $0.000051): once step 1
 * spent past `askAt` of the $0.00007 budget, the run waits before step 2 with the question in its live view (a
 * `budget_question` part waiting for approval, its id signed), answered through `approve` as a call is: `continue`
 * goes on up to the cap (step 3 does not fit: `budget`) without asking again; `stop` ends the run (`budget`) with
 * nothing more asked of the model; a second answer does nothing, and a forged id is a stop. On SQLite, the question
 * outlives its engine: a new engine on the same file takes the answer, and the run goes on from where it waited.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import { WorkflowEngine } from "effect/workflow"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"

const agent = LanguageModel.durableLoop("test-agent-ask", {
  tools: DurableAgent.tools,
  budget: { usd: "0.00007", askAt: 0.1 }
})
const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-ask-"))

/** Starts the run `executionId` and reads its question from its live view. */
const asked = (executionId: string) =>
  Effect.gen(function*() {
    const input = { executionId, messages: [Message.user(`scenario:${executionId}`)] }
    yield* agent.run(input, { discard: true })
    const [question] = yield* approvalRequests(executionId, 1)
    assert.strictEqual(question!.toolCallId, Tool.budgetQuestion)
    assert.deepStrictEqual(DurableAgent.lines(dir, executionId, "model"), ["step 1"], "step 2 waits")
    return { input, approvalId: question!.approvalId }
  })

/** The chunks of the run's live view about the question. */
const questionChunks = (executionId: string) =>
  Effect.map(
    Effect.flatMap(UIMessageStream.resume(executionId), Stream.runCollect),
    (chunks) => chunks.filter((chunk) => "toolCallId" in chunk && chunk.toolCallId === Tool.budgetQuestion)
  )

/** The agent on `engine`, with the scripted model and handlers. */
const on = <E>(engine: Layer.Layer<WorkflowEngine.WorkflowEngine, E>) =>
  agent.layer.pipe(
    Layer.provideMerge(engine),
    Layer.provide(DurableAgent.model(dir, false)),
    Layer.provide(DurableAgent.handlers(dir, false))
  )
const layer = on(DurableLoop.layerMemory).pipe(Layer.provideMerge(StreamStore.layerMemory()))

describe("a durable run asks before its budget's cap", () => {
  it.live("continue goes on up to the cap, asked once; a second answer does nothing", () =>
    Effect.gen(function*() {
      const { approvalId, input } = yield* asked("ask-continue")
      assert.match(approvalId, /^a1\./, "signed")
      yield* agent.approve(input.executionId, Tool.budgetQuestion, { approved: true, approvalId })
      yield* agent.approve(input.executionId, Tool.budgetQuestion, { approved: false })
      const [, transfer] = yield* approvalRequests(input.executionId, 2)
      yield* agent.approve(input.executionId, transfer!.toolCallId, { approved: true })
      const done = yield* agent.run(input)
      assert.strictEqual(done.reason, "budget")
      assert.strictEqual(done.steps.length, 2)
      assert.deepStrictEqual(DurableAgent.lines(dir, input.executionId, "model"), ["step 1", "step 2"])
      assert.deepStrictEqual(DurableAgent.lines(dir, input.executionId, "transfer"), [transfer!.toolCallId])
      const chunks = yield* questionChunks(input.executionId)
      assert.deepStrictEqual(chunks.map((chunk) => chunk.type), [
        "tool-input-available",
        "tool-approval-request",
        "tool-output-available"
      ])
      assert.deepInclude(chunks[0], { input: { spent: "0.000021", cap: "0.00007" } })
      assert.deepInclude(chunks[2], { output: "continue" })
    }).pipe(Effect.provide(layer)))

  it.live("stop ends the run with budget, nothing more asked of the model", () =>
    Effect.gen(function*() {
      const { approvalId, input } = yield* asked("ask-stop")
      yield* agent.approve(input.executionId, Tool.budgetQuestion, { approved: false, approvalId })
      yield* agent.approve(input.executionId, Tool.budgetQuestion, { approved: true, approvalId })
      const done = yield* agent.run(input)
      assert.strictEqual(done.reason, "budget")
      assert.strictEqual(done.steps.length, 1)
      assert.deepStrictEqual(DurableAgent.lines(dir, input.executionId, "model"), ["step 1"])
      const chunks = yield* questionChunks(input.executionId)
      assert.deepInclude(chunks.at(-1), { type: "tool-output-error" })
    }).pipe(Effect.provide(layer)))

  it.live("an answer whose id is forged is a stop", () =>
    Effect.gen(function*() {
      const { approvalId, input } = yield* asked("ask-forged")
      const forged = `${approvalId.slice(0, -2)}xy`
      yield* agent.approve(input.executionId, Tool.budgetQuestion, { approved: true, approvalId: forged })
      const done = yield* agent.run(input)
      assert.strictEqual(done.reason, "budget")
      assert.deepStrictEqual(DurableAgent.lines(dir, input.executionId, "model"), ["step 1"])
    }).pipe(Effect.provide(layer)))

  it.live("SQLite: the question outlives its engine; a new one on the same file takes the answer", () => {
    const filename = Path.join(dir, "runs.db")
    const sqlite = () => on(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding }))
    return Effect.gen(function*() {
      const { approvalId, input } = yield* Effect.provide(asked("ask-restart"), sqlite())
      yield* Effect.gen(function*() {
        yield* agent.approve(input.executionId, Tool.budgetQuestion, { approved: true, approvalId })
        const [, transfer] = yield* approvalRequests(input.executionId, 2)
        yield* agent.approve(input.executionId, transfer!.toolCallId, { approved: true })
        const done = yield* agent.run(input)
        assert.strictEqual(done.reason, "budget")
        assert.deepStrictEqual(DurableAgent.lines(dir, input.executionId, "model"), ["step 1", "step 2"])
      }).pipe(Effect.provide(sqlite()))
    }).pipe(Effect.provide(StreamStore.layerMemory()))
  }, 60_000)
})

/** A model whose step 2 calls `transfer` with the id 0.6 gave the budget question (`budget_question`). */
const collidingModel = DurableAgent.scriptedModel((_, n) =>
  Stream.fromIterable(
    n === 1
      ? [
        DurableAgent.chunk(1, { content: "Let me look." }),
        DurableAgent.chunk(1, {
          tool_calls: [{
            index: 0,
            id: "call_lookup_x",
            type: "function",
            function: { name: "lookup", arguments: `{"q":"a"}` }
          }]
        }),
        ...DurableAgent.end(1, "tool_calls")
      ]
      : [
        DurableAgent.chunk(2, {
          tool_calls: [{
            index: 0,
            id: Tool.budgetQuestion,
            type: "function",
            function: { name: "transfer", arguments: `{"amount":5}` }
          }]
        }),
        ...DurableAgent.end(2, "tool_calls")
      ]
  )
)

describe("a durable run's budget question is read by its kind", () => {
  it.live("a model's call with the id budget_question is approved as a call; a budget answer never answers it", () =>
    Effect.gen(function*() {
      const executionId = "ask-collide"
      const input = { executionId, messages: [Message.user(`scenario:${executionId}`)] }
      yield* agent.run(input, { discard: true })
      const [question] = yield* approvalRequests(executionId, 1)
      yield* agent.approve(executionId, Tool.budgetQuestion, {
        approved: true,
        approvalId: question!.approvalId,
        interrupt: "budget"
      })
      const [, transfer] = yield* approvalRequests(executionId, 2)
      assert.strictEqual(transfer!.toolCallId, Tool.budgetQuestion, "the model's own id")
      // A second answer to the question (already answered) reaches no call.
      yield* agent.approve(executionId, Tool.budgetQuestion, { approved: false, interrupt: "budget" })
      yield* agent.approve(executionId, Tool.budgetQuestion, { approved: true, approvalId: transfer!.approvalId })
      const done = yield* agent.run(input)
      assert.strictEqual(done.steps.length, 2)
      assert.deepStrictEqual(DurableAgent.lines(dir, "budget_question", "transfer"), [Tool.budgetQuestion])
    }).pipe(
      Effect.provide(
        agent.layer.pipe(
          Layer.provideMerge(DurableLoop.layerMemory),
          Layer.provide(collidingModel),
          Layer.provide(DurableAgent.handlers(dir, false)),
          Layer.provideMerge(StreamStore.layerMemory())
        )
      )
    ))
})
