/**
 * A durable run's claims cut between their two writes: an approval id's use (or a stored conversation's pending call's
 * run) claimed in the `StreamStore`, then what came of it recorded in the run's journal (an activity's result, in the
 * engine's storage). The process dies between them (here its engine is closed while the store holds the claim's
 * answer back, on SQLite and on PostgreSQL): the next engine claims again, and read the claim as made by another, so
 * the approved call was answered "not run: this approval was used before" (the pending call "this call ran before")
 * and its handler never ran. A claim now keeps who made it (the loop, the run and the activity): the retry reads it
 * as its own, and the handler runs once; a second use (a browser's tab, another run) is still refused.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, type Duration, Effect, Layer, Schema } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, Tool } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as UIApprovalGate from "../../../src/app/signing/UIApprovalGate.js"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { postgresBin, startPostgres } from "../../support/PostgresServer.js"
import { freePort } from "../../support/RedisServer.js"

/** What the handlers did, each time. */
const handled: Array<string> = []
const transfer = Tool.handle(
  Tool.make("transfer", { parameters: Schema.Struct({ amount: Schema.Number }) }),
  ({ amount }, call) => Effect.sync(() => (handled.push(`ran ${call.id}`), { transferred: amount })),
  { needsApproval: true }
)
const pay = Tool.handle(
  Tool.make("pay", { parameters: Schema.Struct({ amount: Schema.Number }) }),
  ({ amount }, call) => Effect.sync(() => (handled.push(`ran ${call.id}`), { paid: amount }))
)
const loop = LanguageModel.durableLoop("durable-claim-cut", { tools: [transfer, pay] })
const model = DurableAgent.callThenAnswer("transfer", `{"amount":5}`)

/** A loop whose step 1 (a `pay` call, $0.000021) crosses a tenth of its budget: its question waits before step 2. */
const budgetLoop = LanguageModel.durableLoop("durable-claim-cut-budget", {
  tools: [pay],
  budget: { usd: "0.00007", askAt: 0.1 }
})
const payModel = DurableAgent.callThenAnswer("pay", `{"amount":3}`)

/** Sharding settings that let a closing engine give up on the check it cut in a second, not 15. */
const closing = { ...DurableAgent.fastSharding, entityTerminationTimeout: "1 second" } as const

/**
 * The store in context, but a claim of a key of `kind` (`approval`, `pending`), once made, never answers (`claimed`
 * hears it made): the process dies between the claim and the record of what came of it.
 */
const cutAfterClaim = (kind: string, claimed: Deferred.Deferred<void>) =>
  Layer.effect(
    StreamStore.StreamStore,
    Effect.map(StreamStore.StreamStore, (store) => ({
      ...store,
      claim: (key: string, ttl: Duration.Duration, holder?: string) =>
        key.startsWith(`${kind}.`)
          ? store.claim(key, ttl, holder).pipe(
            Effect.andThen(Deferred.succeed(claimed, undefined)),
            Effect.andThen(Effect.never)
          )
          : store.claim(key, ttl, holder)
    }))
  )

type Engine = () => Effect.Effect<Layer.Layer<any, any>>

/**
 * One process of `agent` (default: `loop` and `model`) on `engine`, its store `store` (the test's, or one cut after
 * the claim).
 */
const process = (
  engine: Layer.Layer<any, any>,
  store: Layer.Layer<never, never, any> = Layer.empty,
  agent: { readonly layer: Layer.Layer<never, never, any>; readonly model: Layer.Layer<any> } = {
    layer: loop.layer,
    model
  }
) =>
<A, E>(effect: Effect.Effect<A, E, any>) =>
  effect.pipe(
    Effect.provide(agent.layer.pipe(Layer.provideMerge(engine), Layer.provide(agent.model), Layer.provide(store))),
    Effect.scoped
  )

/**
 * The run `executionId` approved with its signed id, its process gone between the claim and its record; the next
 * process (`engine` again) runs the handler once, and the id stays used for any other use.
 */
const cutBetweenWrites = (executionId: string, engine: Engine) =>
  Effect.gen(function*() {
    handled.length = 0
    const input = { executionId, messages: [Message.user("transfer")] }
    const claimed = yield* Deferred.make<void>()
    const approvalId = yield* process(yield* engine(), cutAfterClaim("approval", claimed))(Effect.gen(function*() {
      yield* loop.run(input, { discard: true })
      const [request] = yield* approvalRequests(executionId, 1)
      yield* loop.approve(executionId, "call_transfer", { approved: true, approvalId: request!.approvalId })
      yield* Deferred.await(claimed)
      return request!.approvalId!
    }))
    assert.deepStrictEqual(handled, [], "the process died before the handler")
    const done = yield* process(yield* engine())(loop.run(input)).pipe(Effect.timeout("30 seconds"))
    assert.strictEqual(done.reason, "stop")
    assert.deepStrictEqual(handled, ["ran call_transfer"])
    const results = done.messages.flatMap((message) => message._tag === "ToolResultMessage" ? [message] : [])
    assert.deepStrictEqual(results.map((result) => [result.content, result.isError]), [
      [JSON.stringify({ transferred: 5 }), false]
    ])
    // A second use of the id, as the same run's own call, step and input: a browser's tab, another run's check.
    const call = new Tool.ToolCall({ id: "call_transfer", name: "transfer", arguments: `{"amount":5}` })
    const approval = new Tool.ToolApproval({ toolCallId: call.id, approved: true, approvalId })
    const binding = { run: executionId, step: 1 }
    const tab = yield* UIApprovalGate.gate.admit(call, approval, binding)
    const other = yield* UIApprovalGate.gate.admit(call, approval, binding, "another run's check")
    assert.deepStrictEqual([tab?.reason, other?.reason], ["used", "used"])
  }).pipe(Effect.provide(StreamStore.layerMemory()))

/**
 * The run `executionId` starting from a conversation whose last turn's call (`pay`) nothing answers, its process gone
 * between the claim of the call's run and the record of its answer; the next process (`engine` again) runs the handler
 * once, and another run of the same conversation is told the call ran before.
 */
const pendingCut = (executionId: string, engine: Engine) =>
  Effect.gen(function*() {
    handled.length = 0
    const call = new Tool.ToolCall({ id: "call_pay", name: "pay", arguments: `{"amount":3}` })
    const messages = [Message.user("pay"), Message.assistant("", { toolCalls: [call] })]
    const claimed = yield* Deferred.make<void>()
    yield* process(yield* engine(), cutAfterClaim("pending", claimed))(
      Effect.andThen(loop.run({ executionId, messages }, { discard: true }), Deferred.await(claimed))
    )
    assert.deepStrictEqual(handled, [], "the process died before the handler")
    const [done, again] = yield* process(yield* engine())(Effect.all([
      loop.run({ executionId, messages }),
      loop.run({ executionId: `${executionId}-again`, messages })
    ])).pipe(Effect.timeout("30 seconds"))
    assert.deepStrictEqual(handled, ["ran call_pay"])
    const answers = (ended: typeof done) =>
      ended.messages.flatMap((message) =>
        message._tag === "ToolResultMessage" ? [[message.content, message.isError]] : []
      )
    assert.deepStrictEqual(answers(done), [[JSON.stringify({ paid: 3 }), false]])
    assert.deepStrictEqual(answers(again), [["not run: this call ran before, when this conversation was sent", true]])
  }).pipe(Effect.provide(StreamStore.layerMemory()))

/**
 * The run `executionId` of `budgetLoop`, its budget's question approved with its signed id, its process gone between
 * the claim and the record of the answer: the next process goes on to step 2 (it stopped with `budget`).
 */
const questionCut = (executionId: string, engine: Engine) =>
  Effect.gen(function*() {
    const input = { executionId, messages: [Message.user("pay")] }
    const claimed = yield* Deferred.make<void>()
    const budget = { layer: budgetLoop.layer, model: payModel }
    yield* process(yield* engine(), cutAfterClaim("approval", claimed), budget)(Effect.gen(function*() {
      yield* budgetLoop.run(input, { discard: true })
      const [question] = yield* approvalRequests(executionId, 1)
      assert.strictEqual(question!.toolCallId, Tool.budgetQuestion)
      yield* budgetLoop.approve(executionId, Tool.budgetQuestion, {
        approved: true,
        approvalId: question!.approvalId,
        interrupt: "budget"
      })
      yield* Deferred.await(claimed)
    }))
    const done = yield* process(yield* engine(), Layer.empty, budget)(budgetLoop.run(input)).pipe(
      Effect.timeout("30 seconds")
    )
    assert.deepStrictEqual([done.reason, done.steps.length], ["stop", 2])
  }).pipe(Effect.provide(StreamStore.layerMemory()))

/** The engine on a SQLite file of its own, each process opening it again. */
const sqlite = (): Engine => {
  const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-claim-cut-")), "runs.db")
  return () => Effect.succeed(DurableLoop.layerSqlite({ filename, shardingConfig: closing }))
}

/** A PostgreSQL server for the test, each process a runner of its own on it (`undefined` where none is installed). */
const postgres = Effect.gen(function*() {
  if (postgresBin === undefined) return undefined
  const server = yield* Effect.acquireRelease(
    Effect.promise(startPostgres),
    (server) => Effect.sync(() => server.stop())
  )
  const engine: Engine = () =>
    Effect.promise(async () =>
      DurableLoop.layerPostgres({
        url: server.url,
        runnerAddress: { host: "127.0.0.1", port: await freePort() },
        shardingConfig: closing
      })
    )
  return engine
})

const skipped = postgresBin === undefined ? " (skipped: PostgreSQL is not installed)" : ""

/** Each claim cut, on SQLite and on PostgreSQL: what it is, what the next process does, its run's id, the test. */
const cuts = [
  {
    title: "a durable run's check of a signed approval cut between the claim and its record",
    then: "the next process reads the claim as its own and runs the handler once; a second use is refused",
    id: "claim-cut",
    test: cutBetweenWrites
  },
  {
    title: "a durable run's pending call cut between the claim of its run and the record of its answer",
    then: "the next process runs the handler once; another run of the conversation is told it ran",
    id: "pending-cut",
    test: pendingCut
  },
  {
    title: "a durable run's answer to its budget's question cut between the claim of its id and its record",
    then: "the next process goes on past the question",
    id: "question-cut",
    test: questionCut
  }
]

for (const { id, test, then, title } of cuts) {
  describe(title, () => {
    it.live(`on SQLite: ${then}`, () => test(`${id}-sqlite`, sqlite()), 60_000)

    it.live(
      `on PostgreSQL, each process a runner of its own: the same${skipped}`,
      () =>
        Effect.flatMap(postgres, (engine) => engine === undefined ? Effect.void : test(`${id}-pg`, engine))
          .pipe(Effect.scoped),
      90_000
    )
  })
}
