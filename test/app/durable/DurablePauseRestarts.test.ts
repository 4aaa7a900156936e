/**
 * Pauses of one answer across restarts, on SQLite. An approved handler running as its engine is closed (a runtime
 * disposed as its process shuts down): the handler is interrupted with it, and the engine opened again on the file
 * runs it again under the same call id, as after a crash (docs/durable.md, "Exactly once"), the approval asked
 * once. It ran on, detached, after its runtime was gone, and the new engine in the same process joined it,
 * waiting for as long as it did. Then two pauses, step 1's MCP tool asks for input in a form (the official SDK
 * 2.x server's `deploy`, `support/mcp/ModernServer.mjs`), then the budget's question waits before step 2, the engine
 * closed and opened again on the same file between them. A browser reading the live view (one store, as Redis is
 * across processes) sees each pause whole after each restart: the form in step 1 with the call's tool and
 * arguments, the question before step 2 with its amounts; the totals it is shown never go down, and the last is the
 * answer's over every request, those before the restarts included. The model's next request carries the call and
 * its result once.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Deferred, Effect, Exit, Layer, Schema, Scope, Stream } from "effect"
import { DurableLoop, LanguageModel, Mcp, Message, StreamStore, Tool, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { deployTools } from "../../support/DeployTools.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests, questionContinued } from "../../support/LiveRequests.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import { editRow, record } from "../../support/StoredReplies.js"

const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
let loop: DurableLoop.DurableLoop<ReadonlyArray<Mcp.McpTool>, LanguageModel.LanguageModel>

beforeAll(async () => {
  http = await ModernServer.startHttp()
  // Step 1 costs $0.000021, past a tenth of the budget: the question waits before step 2 ($0.000036).
  loop = LanguageModel.durableLoop("durable-pause-restarts", {
    tools: await deployTools(http.url, scope),
    budget: { usd: "0.00007", askAt: 0.1 }
  })
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
})

/** The approved handler: what it did (`start`, `end`, `interrupted`), each time under `block` until `release`. */
const handled: Array<string> = []
let release = Effect.runSync(Deferred.make<void>())
const transfer = Tool.handle(
  Tool.make("transfer", { parameters: Schema.Struct({ amount: Schema.Number }) }),
  ({ amount }, call) =>
    Effect.gen(function*() {
      handled.push(`start ${call.id}`)
      yield* Deferred.await(release)
      handled.push(`end ${call.id}`)
      return { transferred: amount }
    }).pipe(Effect.onInterrupt(() => Effect.sync(() => handled.push(`interrupted ${call.id}`)))),
  { needsApproval: true }
)
const transferLoop = LanguageModel.durableLoop("durable-closed-handler", { tools: [transfer] })
const transferSent: Array<ReadonlyArray<Message.Message>> = []
const transferModel = DurableAgent.callThenAnswer("transfer", `{"amount":5}`, (messages) => transferSent.push(messages))

/** Sharding settings that let a closing engine give up on the attempt it cut in a second, not 15. */
const closing = { ...DurableAgent.fastSharding, entityTerminationTimeout: "1 second" } as const

/** One process of `transferLoop` on the SQLite file `file`. */
const transferProcess = (file: string) => <A, E>(effect: Effect.Effect<A, E, any>) =>
  effect.pipe(
    Effect.provide(transferLoop.layer.pipe(
      Layer.provideMerge(DurableLoop.layerSqlite({ filename: file, shardingConfig: closing })),
      Layer.provide(transferModel)
    )),
    Effect.scoped
  )

/**
 * The run `executionId` on a file of its own, approved with its signed id, its engine closed while the handler runs:
 * the handler interrupted with it. Gives the run's input and a process on its file.
 */
const closedInHandler = (executionId: string) =>
  Effect.gen(function*() {
    release = yield* Deferred.make<void>()
    handled.length = 0
    const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-closed-")), "runs.db")
    const input = { executionId, messages: [Message.user("transfer")] }
    yield* transferProcess(file)(Effect.gen(function*() {
      yield* transferLoop.run(input, { discard: true })
      const [request] = yield* approvalRequests(executionId, 1)
      yield* transferLoop.approve(executionId, "call_transfer", { approved: true, approvalId: request!.approvalId })
      yield* Effect.sleep("20 millis").pipe(Effect.repeat({ until: () => handled.length > 0 }))
    }))
    assert.deepStrictEqual(handled, ["start call_transfer", "interrupted call_transfer"])
    yield* Deferred.succeed(release, undefined)
    return { input, file }
  })

describe("an approved handler running as its engine is closed", () => {
  it.live(
    "interrupted with it; the engine opened again runs it again, asked once, its result sent once",
    () =>
      Effect.gen(function*() {
        const { file, input } = yield* closedInHandler("closed-handler")
        const done = yield* transferProcess(file)(transferLoop.run(input)).pipe(Effect.timeout("20 seconds"))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(handled.slice(2), ["start call_transfer", "end call_transfer"])
        const last = transferSent.at(-1)!
        assert.deepStrictEqual(
          last.flatMap((message) =>
            message._tag === "AssistantMessage" ? message.toolCalls.map((call) => call.id) : []
          ),
          ["call_transfer"]
        )
        assert.deepStrictEqual(
          last.flatMap((message) => message._tag === "ToolResultMessage" ? [message.content] : []),
          [JSON.stringify({ transferred: 5 })]
        )
        const view = yield* shown(input.executionId, (chunk) => chunk.type === "finish")
        const types = view.map((chunk) => chunk.type)
        assert.strictEqual(types.filter((type) => type === "tool-approval-request").length, 1)
        assert.strictEqual(types.filter((type) => type === "tool-output-available").length, 1)
      }).pipe(Effect.provide(StreamStore.layerMemory())),
    60_000
  )

  it.live(
    "the gate's recorded verdict changed on disk meanwhile: InvalidRecord, the handler not run again",
    () =>
      Effect.gen(function*() {
        const { file, input } = yield* closedInHandler("closed-edited")
        editRow(file, "/step/1/call/0/admitted/1", record(() => ({ reason: 5 })))
        const exit = yield* transferProcess(file)(transferLoop.run(input)).pipe(
          Effect.timeout("20 seconds"),
          Effect.exit
        )
        assert.isTrue(Exit.isFailure(exit))
        const reason = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
        const error = reason?._tag === "Fail" ? reason.error as { _tag?: string; reason?: string } : undefined
        assert.deepStrictEqual([error?._tag, error?.reason], ["DurableLoopError", "InvalidRecord"])
        assert.deepStrictEqual(handled, ["start call_transfer", "interrupted call_transfer"])
      }).pipe(Effect.provide(StreamStore.layerMemory())),
    60_000
  )
})

/** What each request carried: its messages. */
const sent: Array<ReadonlyArray<Message.Message>> = []
const model = DurableAgent.callThenAnswer("deploy", JSON.stringify({ env: "blue" }), (messages) => sent.push(messages))
const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-pauses-")), "runs.db")

/** One process: the loop on the SQLite file (its own engine, closed at the end of `effect`). */
const process = <A, E>(effect: Effect.Effect<A, E, any>) =>
  effect.pipe(
    Effect.provide(
      Layer.unwrap(Effect.sync(() => loop.layer)).pipe(
        Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })),
        Layer.provide(model)
      )
    ),
    Effect.scoped
  )

/** What the browser is shown, read again from the start as a reload reads it, up to the chunk `last` takes. */
const shown = (executionId: string, last: (chunk: UIMessageStream.Chunk) => boolean) =>
  Effect.flatMap(UIMessageStream.resume(executionId), (view) => view.pipe(Stream.takeUntil(last), Stream.runCollect))

describe("a form and a budget question of one answer, the process restarted between them", () => {
  it.live(
    "each shown whole in its step after the restarts; totals never go down; the call sent once",
    () =>
      Effect.gen(function*() {
        const executionId = "pauses-restarted"
        const input = { executionId, messages: [Message.user("deploy")] }
        const form = yield* process(Effect.andThen(
          loop.run(input, { discard: true }),
          Effect.map(approvalRequests(executionId, 1), ([request]) => request!)
        ))
        assert.strictEqual(form.toolCallId, "call_deploy")
        // Restarted: the form answered on a new engine, then the question waits before step 2.
        const question = yield* process(Effect.gen(function*() {
          yield* loop.approve(executionId, "call_deploy", {
            approved: true,
            content: { confirm: true },
            approvalId: form.approvalId
          })
          return (yield* approvalRequests(executionId, 2))[1]!
        }))
        assert.strictEqual(question.toolCallId, Tool.budgetQuestion)
        assert.strictEqual(sent.length, 1, "step 2 waits for the question")
        // Restarted again: the browser reloads, then answers the question.
        const before = yield* shown(executionId, (chunk) => isRequest(chunk, Tool.budgetQuestion))
        const done = yield* process(questionContinued(loop, input, question))
        const after = yield* shown(executionId, (chunk) => chunk.type === "finish")
        assert.deepStrictEqual(after.slice(0, before.length), before, "what was shown stays")
        assert.strictEqual(done.reason, "stop")
        // Each pause in the step that holds its call, whole.
        const steps = stepsOf(after)
        const formStep = steps.findIndex((chunks) => chunks.some((chunk) => isRequest(chunk, "call_deploy")))
        assert.strictEqual(formStep, 0)
        assert.deepInclude(steps[0]!.find((chunk) => chunk.type === "tool-input-available"), {
          toolCallId: "call_deploy",
          toolName: "deploy",
          input: { env: "blue" }
        })
        assert.deepStrictEqual(
          (steps[0]!.find((chunk) => isRequest(chunk, "call_deploy")) as any).approvalDescriptor.elicitation.message,
          "Deploy to blue?"
        )
        // The question at the end of step 1, whose spend it asks about, before step 2 starts.
        const asked = steps[0]!.find((chunk) =>
          chunk.type === "tool-input-available" && chunk.toolCallId === Tool.budgetQuestion
        )
        assert.deepInclude(asked, { input: { spent: "0.000021", cap: "0.00007" } })
        assert.isTrue(steps[0]!.some((chunk) => isRequest(chunk, Tool.budgetQuestion)))
        // The totals shown: the question's, then the answer's at its end, over both requests.
        const finish = after.at(-1) as any
        assert.strictEqual(finish.type, "finish")
        assert.deepInclude(finish.messageMetadata, { cost: "0.000057", steps: 2 })
        assert.deepInclude(finish.messageMetadata.spend, { cost: "0.000057", estimated: false })
        // The model's second request carries the call and its result once.
        assert.strictEqual(sent.length, 2)
        const calls = sent[1]!.flatMap((message) => message._tag === "AssistantMessage" ? message.toolCalls : [])
        const results = sent[1]!.filter((message) => message._tag === "ToolResultMessage")
        assert.deepStrictEqual(calls.map((call) => call.id), ["call_deploy"])
        assert.deepStrictEqual(results.map((result) => [result.toolCallId, result.content]), [
          ["call_deploy", "deployed to blue"]
        ])
      }).pipe(Effect.provide(StreamStore.layerMemory())),
    60_000
  )
})

const isRequest = (chunk: UIMessageStream.Chunk, toolCallId: string) =>
  chunk.type === "tool-approval-request" && chunk.toolCallId === toolCallId

/** The view's chunks by step (`start-step` to the next). */
const stepsOf = (chunks: ReadonlyArray<UIMessageStream.Chunk>) => {
  const steps: Array<Array<UIMessageStream.Chunk>> = []
  for (const chunk of chunks) {
    if (chunk.type === "start-step") steps.push([])
    else steps.at(-1)?.push(chunk)
  }
  return steps
}
