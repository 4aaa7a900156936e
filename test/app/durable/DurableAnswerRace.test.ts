/**
 * A durable run's answer given while its call asks, the two sides' reads and writes of the engine's storage forced into
 * each order they can take (a wrapper of the `WorkflowEngine` pausing one side on a `Deferred` until the other has
 * done its step), on the memory engine, SQLite and PostgreSQL. `approve` reads whether the call asked (`asks/1/<id>`),
 * keeps the answer apart (`ahead/<id>`) and reads again; the run records its asking (`asks/1/<id>`), then reads what
 * was given ahead. Whatever the order, the answer is checked once it meets the asking: a fit approval runs the tool
 * once; a form's values or a cancel given to an approval never run it, refused in a sentence or dropped, the question
 * waiting in the live view for the answer that then runs it. The order where neither side sees the other (`approve`
 * reading "not asked" after its write, the run reading "nothing ahead" after its own) cannot happen: each side writes
 * before its last read. Without `approve`'s second read, the third order loses a fit answer on SQLite (the run waits,
 * `approve` said nothing) and leaves the others unrefused.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Context, Deferred, Effect, Layer, Option } from "effect"
import { type Message, StreamStore } from "effect-llm-stream"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import { approvalRequests } from "../../support/LiveRequests.js"
import { logged } from "../../support/Logged.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const engines = RefundAgent.engines()
afterAll(engines.stop)

/** Which side does a step of the engine's storage: `approve`, or the run (every step not marked). */
const Side = Context.Reference<"answer" | "run">("test/DurableAnswerRace/Side", { defaultValue: () => "run" })

/** A step: its side, whether it reads or writes, the deferred's name and which time that side does it (`#1`). */
type Step = `${"answer" | "run"}:${"read" | "write"}:${string}#${number}`

/** Where one side waits: before `step`, until the other side has done `until` (or `approve` has returned). */
interface Pause {
  readonly step: Step
  readonly until: ReadonlyArray<Step | "answered">
}

/** The engine's storage with each step recorded as done (a `Deferred` per step) and the `pauses` held. */
const gated = (
  pauses: ReadonlyArray<Pause>,
  done: (step: Step | "answered") => Deferred.Deferred<void>,
  order: Array<string>
) =>
  Layer.effect(
    WorkflowEngine.WorkflowEngine,
    Effect.map(WorkflowEngine.WorkflowEngine, (engine) => {
      const counts = new Map<string, number>()
      const around = <A, E, R>(kind: "read" | "write", name: string, step: Effect.Effect<A, E, R>) =>
        Effect.flatMap(Side, (side) => {
          const key = `${side}:${kind}:${name}`
          const at: Step = `${key}#${(counts.get(key) ?? 0) + 1}` as Step
          counts.set(key, (counts.get(key) ?? 0) + 1)
          const pause = pauses.find((pause) => pause.step === at)
          return Effect.andThen(
            pause === undefined ? Effect.void : Effect.raceAll(pause.until.map((until) => Deferred.await(done(until)))),
            Effect.tap(step, () =>
              Effect.andThen(Effect.sync(() => order.push(at)), Deferred.succeed(done(at), undefined)))
          )
        })
      const wrapped: WorkflowEngine.WorkflowEngine["Service"] = WorkflowEngine.WorkflowEngine.of({
        ...engine,
        // The memory engine gives a run itself as the engine: the run is given this one instead.
        register: (workflow, execute) =>
          engine.register(
            workflow,
            (payload, executionId) =>
              Effect.provideService(execute(payload, executionId), WorkflowEngine.WorkflowEngine, wrapped)
          ),
        deferredResult: (deferred) =>
          around("read", deferred.name, engine.deferredResult(deferred)),
        deferredDone: (deferred, options) => around("write", deferred.name, engine.deferredDone(deferred, options))
      })
      return wrapped
    })
  )

/**
 * An order of the two sides' steps, what `approve` does in it to an answer that does not fit (kept or refused), and
 * whether the run reads that answer ahead (and drops it, logged).
 */
interface Order {
  readonly name: string
  readonly pauses: ReadonlyArray<Pause>
  readonly misfit: "kept" | "refused"
  readonly runReadsAhead: boolean
}

const asks = "asks/1/call_1"
const ahead = "ahead/call_1"

/** Both sides write before either reads again: approve has read "not asked", the run has recorded its asking. */
const bothWrite: ReadonlyArray<Pause> = [
  { step: `run:write:${asks}#1`, until: [`answer:read:${asks}#1`] },
  { step: `answer:write:${ahead}#1`, until: [`run:write:${asks}#1`] }
]

const orders: ReadonlyArray<Order> = [
  {
    name: "the run asks and reads nothing ahead, then the answer comes",
    pauses: [{ step: `answer:read:approval/call_1#1`, until: [`run:read:${ahead}#1`] }],
    misfit: "refused",
    runReadsAhead: false
  },
  {
    name: "the answer is kept, then the run asks and takes it",
    pauses: [{ step: `run:write:${asks}#1`, until: ["answered"] }],
    misfit: "kept",
    runReadsAhead: true
  },
  {
    name: "approve reads 'not asked'; the run asks and reads nothing ahead; approve keeps it, reads 'asked', checks",
    pauses: [
      { step: `run:write:${asks}#1`, until: [`answer:read:${asks}#1`] },
      { step: `answer:write:${ahead}#1`, until: [`run:read:${ahead}#1`] }
    ],
    misfit: "refused",
    runReadsAhead: false
  },
  {
    name: "both see the other: the run checks what is ahead first, then approve",
    pauses: [
      ...bothWrite,
      { step: `run:read:${ahead}#1`, until: [`answer:write:${ahead}#1`] },
      { step: `answer:read:${asks}#2`, until: [`run:write:approval/call_1#1`, `run:write:dropped/call_1#1`] }
    ],
    misfit: "refused",
    runReadsAhead: true
  },
  {
    name: "both see the other: approve checks first, then the run reads what is ahead",
    pauses: [...bothWrite, { step: `run:read:${ahead}#1`, until: ["answered"] }],
    misfit: "refused",
    runReadsAhead: true
  }
]

/** The answers given in the race: one that fits, and two of another kind than an approval. */
const answers = [
  { name: "an approval", extra: {}, fits: true },
  { name: "a form's values", extra: { content: { note: "yes" } }, fits: false },
  { name: "a cancel", extra: { action: "cancel" as const }, fits: false }
]

/** The tool results the run's conversation holds: each result's text and whether it is an error. */
const resultsOf = (done: { readonly messages: ReadonlyArray<Message.Message> }) =>
  done.messages.flatMap((message) =>
    message._tag === "ToolResultMessage" ? [[message.content, message.isError] as const] : []
  )

/** Runs the race of `order` with `answer` on `engine`: the run started, `approve` given meanwhile, both to the end. */
const race = (engine: RefundAgent.Engine, order: Order, answer: (typeof answers)[number], tag: string) =>
  Effect.gen(function*() {
    const steps = new Map<string, Deferred.Deferred<void>>()
    const done = (step: string) => {
      if (!steps.has(step)) steps.set(step, Deferred.makeUnsafe<void>())
      return steps.get(step)!
    }
    const ran: Array<string> = []
    const agent = RefundAgent.agent(`race-${tag}`, ran)
    const input = { executionId: `race-${tag}`, messages: RefundAgent.request("R-1", 5) }
    const taken: Array<string> = []
    const layer = Layer.provideMerge(agent.layer, gated(order.pauses, done, taken))
    const [, logs] = yield* logged(RefundAgent.onEngine(
      engine,
      layer,
      RefundAgent.model,
      Effect.gen(function*() {
        yield* agent.run(input, { discard: true })
        const refused = yield* agent.approve(input.executionId, "call_1", { approved: true, ...answer.extra }).pipe(
          Effect.provideService(Side, "answer"),
          Effect.ensuring(
            Effect.andThen(Effect.sync(() => taken.push("answered")), Deferred.succeed(done("answered"), undefined))
          ),
          Effect.flip,
          Effect.option
        )
        if (answer.fits) {
          assert.isTrue(Option.isNone(refused))
        } else {
          assert.deepStrictEqual(Option.isSome(refused) ? "refused" : "kept", order.misfit)
          if (Option.isSome(refused)) assert.strictEqual(refused.value.reason, "InvalidRun")
          // The question waits in the live view; its answer then runs the call.
          const [asked] = yield* approvalRequests(input.executionId, 1)
          assert.deepStrictEqual(ran, [])
          yield* agent.approve(input.executionId, "call_1", { approved: true, approvalId: asked!.approvalId })
        }
        const finished = yield* agent.run(input)
        assert.deepStrictEqual(resultsOf(finished), [["refunded R-1 ($5)", false]])
        assert.deepStrictEqual(ran, ["R-1"])
        // Each pause held: the step it waited for was done before the step it held.
        for (const pause of order.pauses) {
          const at = taken.indexOf(pause.step)
          assert.isTrue(at >= 0 && pause.until.some((until) => taken.includes(until) && taken.indexOf(until) < at))
        }
      })
    ))
    return logs
  })

describe("durable runs: an answer racing its call's asking, each order forced", () => {
  for (const engine of engines.list) {
    for (const [o, order] of orders.entries()) {
      for (const [a, answer] of answers.entries()) {
        it.live(`${engine.name}: ${order.name}; ${answer.name}`, () =>
          Effect.gen(function*() {
            const logs = yield* race(engine, order, answer, `${engine.name}-${o}-${a}`)
            assert.strictEqual(logs.includes("before it asked was dropped"), !answer.fits && order.runReadsAhead)
          }).pipe(Effect.provide(StreamStore.layerMemory())), 60_000)
      }
    }
  }
})
