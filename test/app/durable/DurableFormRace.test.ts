/**
 * A durable run's answer to a tool's form (an MCP server's request for input, SEP-2322: the `deploy` tool of the
 * official SDK 2.x server, `support/mcp/ModernServer.mjs`, no approval of its own) given while the run asks it, each
 * order of the two sides' reads and writes of the engine's storage forced (`support/AnswerRace.ts`), on the memory
 * engine, SQLite and PostgreSQL. The run records the form (`form/1/<id>`) and what it asks (`asks/1/<id>`: input),
 * then reads what was given ahead; `approve` reads whether it asked, keeps the answer apart (`ahead/<id>`) and reads
 * again. Whatever the order, the answer is checked against the form once it meets the asking: the form's values that
 * fit reach the tool once, and a cancel is told to it as one; values that do not fit, or an approval without values,
 * are refused in a sentence or dropped (logged), the tool not called again, the form waiting in the live view for the
 * answer that then reaches it. A form asked once its call was approved (the call's second asking) is found by
 * `approve` through its last record (`asked/2/<id>`), after the form and what it asks: an answer before it reaches
 * nothing, and one after it is checked against the form. Then the engine is made again on the same place (a
 * restart): the form still waits, and takes the answer; or the run that ended is found ended, nothing called again.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Scope } from "effect"
import { LanguageModel, type Mcp, Message } from "effect-llm-stream"
import * as AnswerRace from "../../support/AnswerRace.js"
import { deployModel, deployTools } from "../../support/DeployTools.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { logged } from "../../support/Logged.js"
import * as ModernServer from "../../support/mcp/ModernServer.mjs"
import { postgresBin } from "../../support/PostgresServer.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
const scope = Effect.runSync(Scope.make())
let http: Awaited<ReturnType<typeof ModernServer.startHttp>>
let tools: ReadonlyArray<Mcp.McpTool>
let approving: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  http = await ModernServer.startHttp()
  tools = await deployTools(http.url, scope)
  approving = await deployTools(http.url, scope, true)
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await http.close()
  await engines.stop()
})

/** The answers given in the race: what the tool is told of each that fits; `undefined`, one that does not fit. */
const answers = [
  { name: "the form's values", decision: { approved: true, content: { confirm: true } }, told: "deployed to" },
  { name: "a cancel", decision: { approved: false, action: "cancel" as const }, told: "not deployed: cancel" },
  { name: "values that do not fit", decision: { approved: true, content: { confirm: "yes" } }, told: undefined },
  { name: "an approval without values", decision: { approved: true }, told: undefined }
]

/** The server's calls of `deploy` to `env`. */
const deployCalls = (env: string) =>
  http.requests.filter((request) =>
    request.body?.params?.name === "deploy" && request.body.params.arguments?.env === env
  )

/** The run `env`'s end (`of`'s): its reason and the tool's result. */
const ended = (of: DurableLoopOf, env: string) =>
  Effect.map(of.run({ executionId: env, messages: [] }), (done) => {
    const result = done.messages.find((message) => message._tag === "ToolResultMessage")
    return { reason: done.reason, result: result?._tag === "ToolResultMessage" ? result.content : undefined }
  })

/**
 * The orders of an answer against an approval's asking (`AnswerRace.askingOrders`), and the form's own: the answer
 * comes once the run recorded what it asks, before it goes on. The run records its form before what it asks, so that
 * an answer that finds the asking finds the form to check it against.
 */
const ordersOf = (callId: string): ReadonlyArray<AnswerRace.AskingOrder> => [
  ...AnswerRace.askingOrders(callId),
  {
    name: "the run records its form and what it asks; the answer comes before the run reads what is ahead",
    pauses: [
      { step: `answer:read:approval/${callId}#1`, until: [`run:write:asks/1/${callId}#1`] },
      { step: `run:write:asks/1/${callId}#1`, until: ["answered"], after: true }
    ],
    misfit: "refused",
    runReadsAhead: false
  }
]

type DurableLoopOf = ReturnType<typeof loopOf>
/** A loop on `tools` (its calls not approved, their forms asked at once), or on `approving` (approved, then asked). */
const loopOf = (name: string, of = tools) => LanguageModel.durableLoop(name, { tools: of })

/**
 * The race of `order` with `answer` on the run `env`: the run started, `approve` given meanwhile; what `approve` did
 * (refused or not) checked, and the form still asked when the answer does not fit.
 */
const raced = (
  loop: DurableLoopOf,
  forced: ReturnType<typeof AnswerRace.forced>,
  order: AnswerRace.AskingOrder,
  answer: (typeof answers)[number],
  env: string
) =>
  Effect.gen(function*() {
    yield* loop.run({ executionId: env, messages: [Message.user(env)] }, { discard: true })
    const refused = yield* loop.approve(env, `call_${env}`, answer.decision).pipe(
      forced.answering,
      Effect.flip,
      Effect.option
    )
    if (answer.told !== undefined) {
      assert.isTrue(Option.isNone(refused))
      assert.deepStrictEqual(yield* ended(loop, env), { reason: "stop", result: toldOf(answer, env) })
      return forced.held()
    }
    assert.deepStrictEqual(Option.isSome(refused) ? "refused" : "kept", order.misfit)
    if (Option.isSome(refused)) assert.deepInclude(refused.value, { reason: "InvalidRun" })
    // Only asked: the answer reached no tool.
    yield* approvalRequests(env, 1)
    assert.strictEqual(deployCalls(env).length, 1)
    forced.held()
  })

/** What the tool answers, told `answer` (an answer that does not fit: the values the person then gives). */
const toldOf = (answer: (typeof answers)[number], env: string) =>
  answer.told === "deployed to" || answer.told === undefined ? `deployed to ${env}` : answer.told

/**
 * After the restart: the form of an answer that did not fit (`waits`) still waits, the run's `nth` request, and takes
 * the person's values with the form's signed id; an answer that fit left the run ended. Either way the tool was called
 * twice: to ask, and answered.
 */
const afterRestart = (loop: DurableLoopOf, answer: (typeof answers)[number], env: string, waits: boolean, nth = 1) =>
  Effect.gen(function*() {
    if (waits) {
      const asked = (yield* approvalRequests(env, nth))[nth - 1]!
      yield* loop.approve(env, `call_${env}`, {
        approved: true,
        content: { confirm: true },
        approvalId: asked.approvalId
      })
    }
    assert.deepStrictEqual(yield* ended(loop, env), { reason: "stop", result: toldOf(answer, env) })
    assert.strictEqual(deployCalls(env).length, 2)
  })

describe("durable runs: an answer racing its tool's form, each order forced, then a restart", () => {
  for (const engine of engines.list) {
    const skipped = engine.name === "PostgreSQL" && postgresBin === undefined ? " (skipped: not installed)" : ""
    for (const [o, { name }] of ordersOf("").entries()) {
      for (const [a, answer] of answers.entries()) {
        it.live(`${engine.name}: ${name}; ${answer.name}${skipped}`, () =>
          Effect.gen(function*() {
            const env = `${engine.name.toLowerCase()}-${o}-${a}`
            const order = ordersOf(`call_${env}`)[o]!
            const forced = AnswerRace.forced(order)
            const loop = loopOf(`form-race-${env}`)
            const [ran, logs] = yield* logged(RefundAgent.onEngineRestarted(
              engine,
              [Layer.provideMerge(loop.layer, forced.layer), loop.layer],
              deployModel,
              raced(loop, forced, order, answer, env),
              () => afterRestart(loop, answer, env, answer.told === undefined)
            ))
            const dropped = logs.includes(`the answer given to call_${env} before it asked was dropped`)
            if (ran) assert.strictEqual(dropped, answer.told === undefined && order.runReadsAhead)
          }), 60_000)
      }
    }
  }
})

/**
 * The orders of an answer to the form a call's tool asks once the call was approved: the call's second asking, whose
 * form (`form/2/<id>`) and what it asks (`asks/2/<id>`) the run records before that it asked (`asked/2/<id>`), the
 * record `approve` reads to find it. Before that record the answer reaches nothing (`approve` cannot tell it from a
 * second answer to the approval, which does nothing): nothing is stored, and the form waits.
 */
const laterOrders = (callId: string): ReadonlyArray<AnswerRace.Order & { readonly reaches: boolean }> => [
  {
    name: "the answer comes before the run records the form: it reaches nothing",
    pauses: [{ step: `run:write:form/2/${callId}#1`, until: ["answered"] }],
    reaches: false
  },
  {
    name: "the run records the form, what it asks and that it asked; the answer comes before it goes on",
    pauses: [
      { step: `answer:read:approval/${callId}#1`, until: [`run:write:asked/2/${callId}#1`] },
      { step: `run:write:asked/2/${callId}#1`, until: ["answered"], after: true }
    ],
    reaches: true
  }
]

/**
 * The race of `order` with `answer` on the run `env` whose call is approved first: the approval given, then `approve`
 * with the form's answer as the tool asks it; what `approve` did checked, and the form still asked unless taken.
 */
const racedLater = (
  loop: DurableLoopOf,
  forced: ReturnType<typeof AnswerRace.forced>,
  order: (ReturnType<typeof laterOrders>)[number],
  answer: (typeof answers)[number],
  env: string
) =>
  Effect.gen(function*() {
    yield* loop.run({ executionId: env, messages: [Message.user(env)] }, { discard: true })
    const [approval] = yield* approvalRequests(env, 1)
    yield* loop.approve(env, `call_${env}`, { approved: true, approvalId: approval!.approvalId })
    const refused = yield* loop.approve(env, `call_${env}`, answer.decision).pipe(
      forced.answering,
      Effect.flip,
      Effect.option
    )
    assert.strictEqual(Option.isSome(refused), order.reaches && answer.told === undefined)
    if (!order.reaches || answer.told === undefined) {
      // Not taken: the form waits, the tool called once, to ask it.
      yield* approvalRequests(env, 2)
      assert.strictEqual(deployCalls(env).length, 1)
    }
    forced.held()
  })

describe("durable runs: an answer racing the form a tool asks once approved, each order forced, then a restart", () => {
  for (const engine of engines.list) {
    const skipped = engine.name === "PostgreSQL" && postgresBin === undefined ? " (skipped: not installed)" : ""
    for (const [o, { name }] of laterOrders("").entries()) {
      for (const [a, answer] of [answers[0]!, answers[2]!].entries()) {
        it.live(`${engine.name}: ${name}; ${answer.name}${skipped}`, () => {
          const env = `${engine.name.toLowerCase()}-later-${o}-${a}`
          const order = laterOrders(`call_${env}`)[o]!
          const forced = AnswerRace.forced(order)
          const loop = loopOf(`form-race-later-${env}`, approving)
          return RefundAgent.onEngineRestarted(
            engine,
            [Layer.provideMerge(loop.layer, forced.layer), loop.layer],
            deployModel,
            racedLater(loop, forced, order, answer, env),
            () => afterRestart(loop, answer, env, !order.reaches || answer.told === undefined, 2)
          )
        }, 60_000)
      }
    }
  }
})
