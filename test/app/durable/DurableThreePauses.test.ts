/**
 * The three kinds of pause in one durable run (`LanguageModel.durableLoop` on SQLite), its process restarted before
 * each answer: an MCP tool (official SDK 2.x, `support/mcp/ModernServer.mjs`) approved first (`needsApproval:
 * "auto"`) with an edited input, then asking for input in a form (of the call as edited), then the budget's question
 * before step 2. What a browser reading the live view is shown (each `tool-approval-request` whole: the call's tool and
 * arguments, the form, the amounts; the finish's total over every request), and what the model's second request
 * carries (the call as it ran, once, with its result once). The steps its finish shows are the ones `ChatEndpoint`
 * shows the `ai` client for the same conversation, each pause a request of its own there (never fewer than before).
 *
 * gpt-4o-mini, scripted (`DurableAgent.callThenAnswer`): step 1 costs $0.000021, past a tenth of the $0.00007 budget.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import {
  ChatEndpoint,
  ChatPage,
  DurableLoop,
  LanguageModel,
  Mcp,
  Message,
  StreamStore,
  Tool,
  UIMessageStream
} from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as ApprovalApp from "../../support/ApprovalApp.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import { approvalRequests, questionContinued } from "../../support/LiveRequests.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import { stepsOf } from "../../support/ShownTotals.js"
import * as Stores from "../../support/Stores.js"

let http: Awaited<ReturnType<typeof ModernServer.startHttp>>

beforeAll(async () => {
  http = await ModernServer.startHttp()
})

afterAll(async () => {
  await http.close()
})

/** The live view's chunks, read again from the start as a reload reads them, up to the chunk `last` takes. */
const shown = (executionId: string, last: (chunk: UIMessageStream.Chunk) => boolean) =>
  Effect.flatMap(UIMessageStream.resume(executionId), (view) => view.pipe(Stream.takeUntil(last), Stream.runCollect))

/**
 * A durable loop of the MCP server's tools (each approved first, then asking its form) under a budget, and one process
 * of it on a SQLite file of its own: its own engine, closed at the end of `effect` (a restart between two); the input
 * of its run `executionId`, and the MCP server's requests before.
 */
const restartable = (executionId: string) =>
  Effect.gen(function*() {
    const from = http.requests.length
    const tools = yield* Mcp.tools({
      transport: { http: { url: http.url } },
      elicitation: "approval",
      include: ["deploy"]
    })
    const loop = LanguageModel.durableLoop("durable-three-kinds", { tools, budget: { usd: "0.00007", askAt: 0.1 } })
    const sent: Array<ReadonlyArray<Message.Message>> = []
    const model = DurableAgent.callThenAnswer(
      "deploy",
      JSON.stringify({ env: "teal" }),
      (messages) => sent.push(messages)
    )
    const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-three-kinds-")), "runs.db")
    const process = <A, E>(effect: Effect.Effect<A, E, any>) =>
      effect.pipe(
        Effect.provide(
          loop.layer.pipe(
            Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })),
            Layer.provide(model)
          )
        ),
        Effect.scoped
      )
    const input = { executionId, messages: [Message.user("deploy")] }
    return { executionId, from, input, loop, process, sent }
  })

const isRequest = (chunk: UIMessageStream.Chunk, toolCallId: string) =>
  chunk.type === "tool-approval-request" && chunk.toolCallId === toolCallId

describe("an approval edited, its tool's form, then the budget's question, of one durable run", () => {
  it.live(
    "each asked whole in the step of its call after a restart; the call runs once, as edited; the totals the answer's",
    () =>
      Effect.gen(function*() {
        const { executionId, from, input, loop, process, sent } = yield* restartable("three-kinds")
        const approval = yield* process(Effect.andThen(
          loop.run(input, { discard: true }),
          Effect.map(approvalRequests(executionId, 1), ([request]) => request!)
        ))
        assert.deepStrictEqual([approval.toolCallId, approval.approvalDescriptor], ["call_deploy", undefined])
        // Restarted: the approval answered with an edit; the form asked of the call as edited.
        const form = yield* process(Effect.andThen(
          loop.approve(executionId, "call_deploy", {
            approved: true,
            input: { env: "plum" },
            approvalId: approval.approvalId
          }),
          Effect.map(approvalRequests(executionId, 2), (requests) => requests[1]!)
        ))
        assert.strictEqual(form.toolCallId, "call_deploy")
        assert.strictEqual((form.approvalDescriptor as any)?.elicitation?.message, "Deploy to plum?")
        // Restarted: the form answered; the question waits before step 2.
        const question = yield* process(Effect.andThen(
          loop.approve(executionId, "call_deploy", {
            approved: true,
            content: { confirm: true },
            approvalId: form.approvalId
          }),
          Effect.map(approvalRequests(executionId, 3), (requests) => requests[2]!)
        ))
        assert.strictEqual(question.toolCallId, Tool.budgetQuestion)
        assert.strictEqual(sent.length, 1, "step 2 waits for the question")
        // Restarted: the question answered, the run goes on to its end.
        const before = yield* shown(executionId, (chunk) => isRequest(chunk, Tool.budgetQuestion))
        const done = yield* process(questionContinued(loop, input, question))
        assert.strictEqual(done.reason, "stop")
        const after = yield* shown(executionId, (chunk) => chunk.type === "finish")
        assert.deepStrictEqual(after.slice(0, before.length), before, "what was shown stays")
        yield* shownWhole(after)
        const deploys = http.requests.slice(from).filter((request) => request.body?.params?.name === "deploy")
        assert.deepStrictEqual(deploys.map((request) => request.body.params.arguments), [{ env: "plum" }, {
          env: "plum"
        }])
        // The model's second request: the call as it ran, and its result, once.
        assert.strictEqual(sent.length, 2)
        const calls = sent[1]!.flatMap((message) => message._tag === "AssistantMessage" ? message.toolCalls : [])
        const results = sent[1]!.filter((message) => message._tag === "ToolResultMessage")
        assert.deepStrictEqual(calls.map((call) => [call.id, call.arguments]), [["call_deploy", "{\"env\":\"plum\"}"]])
        assert.deepStrictEqual(results.map((result) => [result.toolCallId, result.content]), [
          ["call_deploy", "deployed to plum"]
        ])
      }).pipe(Effect.scoped, Effect.provide(StreamStore.layerMemory()), Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})

/** What the view showed of the run: each pause whole, in step 1, and the finish's total over both requests. */
const shownWhole = (chunks: ReadonlyArray<UIMessageStream.Chunk>) =>
  Effect.sync(() => {
    const requests = chunks.filter((chunk) => chunk.type === "tool-approval-request") as Array<any>
    assert.deepStrictEqual(requests.map((request) => [request.toolCallId, request.approvalDescriptor]), [
      ["call_deploy", undefined],
      ["call_deploy", {
        elicitation: {
          message: "Deploy to plum?",
          requestedSchema: requests[1].approvalDescriptor.elicitation.requestedSchema
        }
      }],
      [Tool.budgetQuestion, undefined]
    ])
    const inputs = chunks.filter((chunk) => chunk.type === "tool-input-available") as Array<any>
    // The call as the model made it, then as it ran (edited), beside its output; then the question.
    assert.deepStrictEqual(inputs.map((chunk) => [chunk.toolName, chunk.input]), [
      ["deploy", { env: "teal" }],
      ["deploy", { env: "plum" }],
      [Tool.budgetQuestion, { spent: "0.000021", cap: "0.00007" }]
    ])
    const finish = chunks.at(-1) as any
    assert.deepInclude(finish.messageMetadata, { cost: "0.000057", steps: 2 })
  })

describe("a second tab's approval of a durable run's call, once its tool asks its form", () => {
  it.live(
    "answers nothing: the form waits on; the form's answer runs the tool once, and the model reads its result",
    () =>
      Effect.gen(function*() {
        const { executionId, from, input, loop, process, sent } = yield* restartable("stale-approval")
        const done = yield* process(Effect.gen(function*() {
          yield* loop.run(input, { discard: true })
          const [approval] = yield* approvalRequests(executionId, 1)
          yield* loop.approve(executionId, "call_deploy", { approved: true, approvalId: approval!.approvalId })
          const form = (yield* approvalRequests(executionId, 2))[1]!
          // The second tab, still showing the approval, approves it too: the form is what the call waits on.
          yield* loop.approve(executionId, "call_deploy", { approved: true, approvalId: approval!.approvalId })
          yield* loop.approve(executionId, "call_deploy", {
            approved: true,
            content: { confirm: true },
            approvalId: form.approvalId
          })
          const question = (yield* approvalRequests(executionId, 3))[2]!
          return yield* questionContinued(loop, input, question)
        }))
        assert.strictEqual(done.reason, "stop")
        const deploys = http.requests.slice(from).filter((request) => request.body?.params?.name === "deploy")
        assert.deepStrictEqual(deploys.map((request) => request.body.params.inputResponses), [undefined, {
          confirm: { action: "accept", content: { confirm: true } }
        }])
        const results = sent[1]!.filter((message) => message._tag === "ToolResultMessage")
        assert.deepStrictEqual(results.map((result) => [result.toolCallId, result.content]), [
          ["call_deploy", "deployed to teal"]
        ])
      }).pipe(Effect.scoped, Effect.provide(StreamStore.layerMemory()), Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})

/**
 * The same conversation through `ChatEndpoint` (the MCP server's `deploy`, a $1 budget asking at once) and the `ai`
 * client: "deploy", the call approved, its form answered, the question answered `continue`, each in a request of its
 * own. The steps the page showed, as each request ended.
 */
const endpointSteps = Effect.gen(function*() {
  const tools = yield* Mcp.tools({
    transport: { http: { url: http.url } },
    elicitation: "approval",
    include: ["deploy"]
  })
  const store = yield* Stores.storeOf(StreamStore.layerMemory())
  const turns = [{ toolCalls: [{ name: "deploy", arguments: { env: "teal" } }] }, { text: "Done 2." }]
  const served = yield* EndpointApp.viaWebHandler(
    ChatEndpoint.layer({ tools, budget: { usd: "1", askAt: 0.000001 }, log: false }).pipe(
      Layer.provide(EndpointApp.scriptedOnWire(turns, "openai", [])),
      Layer.provide(ApprovalApp.shared(store))
    )
  )
  const chat = new EndpointApp.EndpointClient(served, "same-conversation")
  yield* Effect.promise(() => chat.settle(() => chat.sendMessage({ text: "deploy" })))
  const steps = [chat.metadata.steps]
  for (const answer of [{}, { reason: JSON.stringify({ confirm: true }) }, {}]) {
    const [waiting] = chat.messages.at(-1)!.parts.flatMap((part) => ChatPage.pending(part) ?? [])
    assert.isDefined(waiting, "a part waits")
    yield* Effect.promise(() =>
      chat.settle(() => chat.addToolApprovalResponse({ id: waiting!.approvalId, approved: true, ...answer }))
    )
    steps.push(stepsOf(chat).at(-1))
  }
  assert.strictEqual(chat.text, "Done 2.")
  return steps
})

describe("the steps a person is shown of one answer with three pauses", () => {
  it.live(
    "through ChatEndpoint, they go up across its requests, to the count the durable run's finish shows",
    () =>
      Effect.gen(function*() {
        const { executionId, input, loop, process } = yield* restartable("same-conversation")
        const done = yield* process(Effect.gen(function*() {
          yield* loop.run(input, { discard: true })
          const [approval] = yield* approvalRequests(executionId, 1)
          yield* loop.approve(executionId, "call_deploy", { approved: true, approvalId: approval!.approvalId })
          const form = (yield* approvalRequests(executionId, 2))[1]!
          yield* loop.approve(executionId, "call_deploy", {
            approved: true,
            content: { confirm: true },
            approvalId: form.approvalId
          })
          return yield* questionContinued(loop, input, (yield* approvalRequests(executionId, 3))[2]!)
        }))
        const finish = (yield* shown(executionId, (chunk) => chunk.type === "finish")).at(-1) as any
        assert.deepStrictEqual([finish.messageMetadata.steps, done.steps.length], [2, 2])
        assert.deepStrictEqual(yield* endpointSteps, [1, 1, 1, finish.messageMetadata.steps])
      }).pipe(Effect.scoped, Effect.provide(StreamStore.layerMemory()), Effect.provide(FetchHttpClient.layer)),
    60_000
  )
})
