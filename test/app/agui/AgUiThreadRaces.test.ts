/**
 * Two runs of one AG-UI thread at once (`AgUiThreadRun`, the thread's record in the `StreamStore`), on two instances
 * sharing the store (in memory: one instance; a real `redis-server`; the Durable Streams reference server), round
 * after round: the same interrupt resumed twice at once, a resume while a new run starts, a new run starting as the
 * latest pauses, two runs that answered one pause. Whatever order the store takes them in, the record ends as one order
 * of them would leave it: a resume is refused (409) only once the thread moved past its interrupt, a run taken after
 * it is the thread's latest (its pause kept, its resume taken), and no run is told it is the latest while another took
 * its place; a thread that never stops changing refuses a resume (409, one sentence) after 16 tries. Then the same
 * through `HttpAgent` and two instances of an app (test/support/AgUiPausesApp.ts), with a stop racing the resume too:
 * the tool runs at most once, every run ends, every refusal is a 409 in one sentence.
 */
import type { BaseEvent, Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Stream } from "effect"
import type { Scope } from "effect"
import { StreamStore } from "effect-llm-stream"
import type * as AgUiEvent from "../../../src/app/agui/AgUiEvent.js"
import * as AgUiThreadRun from "../../../src/app/agui/AgUiThreadRun.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as App from "../../support/AgUiPausesApp.js"
import { describeDurableStreams, describeRedis, type TwoStores } from "../../support/Stores.js"

const rounds = 40

/** Two stores as two instances; in memory, the one store twice. */
const memory: TwoStores = () =>
  Effect.sync(() => {
    const store = StreamStore.StreamStore.defaultValue()
    return [store, store] as const
  })

/** `effect` on `store`. */
const on = <A, E>(store: StreamStore.Service, effect: Effect.Effect<A, E>) =>
  Effect.provideService(effect, StreamStore.StreamStore, store)

/** The run `runId` of `thread` pausing with `interrupts`, as `fromSteps` keeps it before its `RUN_FINISHED`. */
const pause = (thread: AgUiThreadRun.Thread, runId: string, interrupts: ReadonlyArray<string>) => {
  const finished: AgUiEvent.Event = {
    type: "RUN_FINISHED",
    threadId: thread.threadId,
    runId,
    outcome: { type: "interrupt", interrupts: interrupts.map((id) => ({ id, reason: "tool_call" })) }
  } as AgUiEvent.Event
  return AgUiThreadRun.recording(Stream.make(finished), { ...thread, runId }).pipe(Stream.runDrain)
}

/** Whether a run starting as `runId`, resuming `interrupts`, is taken (else refused with the 409). */
const taken = (thread: AgUiThreadRun.Thread, runId: string, interrupts: ReadonlyArray<string>) =>
  Effect.map(Effect.exit(AgUiThreadRun.start(thread, runId, interrupts)), (exit) => {
    if (Exit.isSuccess(exit)) return true
    const error = exit.cause.reasons[0]
    assert.strictEqual((error as any)?.error?.status, 409)
    return false
  })

let threads = 0

/** A thread of its own, its first run `r0` paused with `i0`. */
const paused = (store: StreamStore.Service) =>
  Effect.gen(function*() {
    const thread = { threadId: `thread-${process.pid}-${++threads}`, owner: "ann" }
    yield* on(store, AgUiThreadRun.start(thread, "r0", []))
    yield* on(store, pause(thread, "r0", ["i0"]))
    return thread
  })

const races = (name: string, stores: TwoStores) =>
  describe(name, () => {
    const each = (
      test: (a: StreamStore.Service, b: StreamStore.Service) => Effect.Effect<void, unknown, Scope.Scope>
    ) =>
      Effect.gen(function*() {
        const [a, b] = yield* stores("1 minute")
        for (let round = 0; round < rounds; round++) yield* test(a, b)
      }).pipe(Effect.scoped)

    it.live("a resume while a new run starts: the resume is refused, or the new run comes after it", () =>
      each((a, b) =>
        Effect.gen(function*() {
          const thread = yield* paused(a)
          const [resumed, started] = yield* Effect.all([
            on(a, taken(thread, "r1", ["i0"])),
            on(b, taken(thread, "n1", []))
          ], { concurrency: "unbounded" })
          assert.isTrue(started)
          // The new run is the thread's latest either way: its pause is kept, and its resume taken.
          yield* on(b, pause(thread, "n1", ["j1"]))
          assert.isTrue(yield* on(a, taken(thread, "n2", ["j1"])))
          // The resume, if taken, came first: the interrupt is past now.
          assert.isFalse(yield* on(b, taken(thread, "r2", ["i0"])), `resumed: ${resumed}`)
        })
      ), 60_000)

    it.live("a new run starting as the latest pauses: the new run is the latest, its pause kept", () =>
      each((a, b) =>
        Effect.gen(function*() {
          const thread = yield* paused(a)
          assert.isTrue(yield* on(a, taken(thread, "n1", [])))
          yield* Effect.all([on(a, pause(thread, "n1", ["j1"])), on(b, taken(thread, "n2", []))], {
            concurrency: "unbounded"
          })
          yield* on(b, pause(thread, "n2", ["j2"]))
          assert.isTrue(yield* on(a, taken(thread, "x1", ["j2"])))
          assert.isFalse(yield* on(b, taken(thread, "x2", ["j1"])))
        })
      ), 60_000)

    it.live("the same interrupt resumed twice at once: both taken, and either one's pause is then kept", () =>
      Effect.gen(function*() {
        let round = 0
        yield* each((a, b) =>
          Effect.gen(function*() {
            const thread = yield* paused(a)
            const both = yield* Effect.all([on(a, taken(thread, "r1", ["i0"])), on(b, taken(thread, "r2", ["i0"]))], {
              concurrency: "unbounded"
            })
            assert.deepStrictEqual(both, [true, true])
            // The run that pauses (the one whose tool ran, its approval claimed) is the latest: its pause is answered.
            const pauser = ++round % 2 === 0 ? "r1" : "r2"
            yield* on(b, pause(thread, pauser, ["j"]))
            assert.isTrue(yield* on(a, taken(thread, "x", ["j"])), pauser)
          })
        )
      }), 60_000)
  })

describe("a thread other runs never stop changing", () => {
  it.live("a resume is refused with a 409 in one sentence, not tried without end; a pause goes on unkept", () =>
    Effect.gen(function*() {
      const [memoryStore] = yield* memory("1 minute")
      const thread = yield* paused(memoryStore)
      let swaps = 0
      // Every swap meets another run's write first.
      const busy: StreamStore.Service = { ...memoryStore, swap: () => Effect.sync(() => (swaps++, false)) }
      const refused = yield* Effect.flip(on(busy, AgUiThreadRun.start(thread, "r1", ["i0"])))
      assert.strictEqual(refused.status, 409)
      assert.strictEqual(refused.message, "This thread is changing in another tab; wait a moment and send again.")
      assert.strictEqual(refused.parameter, "threadId")
      assert.strictEqual(swaps, 16)
      // A run pausing meanwhile ends (its RUN_FINISHED goes out); its pause is not kept.
      yield* on(busy, pause(thread, "r0", ["j"]))
      assert.isFalse(yield* on(memoryStore, taken(thread, "x", ["j"])))
    }))
})

races("two runs of one AG-UI thread at once (in memory)", memory)
describeRedis("two runs of one AG-UI thread at once", (stores) => races("on Redis", stores))
describeDurableStreams("two runs of one AG-UI thread at once", (stores) => races("on Durable Streams", stores))

/** A person's page (or tab) on the instance at `url`, holding `messages`. */
const tabOf = (url: string, threadId: string, messages: HttpAgent["messages"] = []) =>
  new HttpAgent({
    url: `${url}/agent`,
    threadId,
    headers: { "x-user": "ann" },
    initialMessages: structuredClone(messages)
  })

const finishedOf = (run: AgUiClient.AgentRun): RunFinishedEvent => {
  const last: BaseEvent | undefined = run.events.at(-1)
  assert.strictEqual(last?.type, "RUN_FINISHED")
  return last as RunFinishedEvent
}

const approve = (interrupt: Interrupt, runId?: string) => ({
  ...(runId === undefined ? {} : { runId }),
  resume: [{ interruptId: interrupt.id, status: "resolved" as const, payload: { approved: true } }]
})

/** A run of `tab` with `parameters`: its outcome, or the status of its refusal (asserted to be a 409 in words). */
const outcomeOf = (tab: HttpAgent, parameters?: Parameters<typeof AgUiClient.run>[1]) =>
  Effect.map(Effect.exit(AgUiClient.run(tab, parameters)), (exit) => {
    // A run stopped before it started (its stop came first): its one event says so.
    const last = Exit.isSuccess(exit) ? exit.value.events.at(-1) as { type: string; message?: string } : undefined
    if (last?.type === "RUN_ERROR" && last.message === "The run was stopped.") return "stopped"
    if (Exit.isSuccess(exit)) return finishedOf(exit.value).outcome?.type ?? "none"
    const error: any = exit.cause.reasons[0]
    const refused = error?.defect ?? error?.error
    assert.strictEqual(refused?.status, 409, String(refused))
    assert.match(refused.payload.error, /^[A-Z][^.]*(\.|;)[^]*\.$/)
    return "refused"
  })

const served = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it.live(
      "the same interrupt resumed at once in two tabs, with a new message, and with a stop: the tool runs once",
      () =>
        Effect.gen(function*() {
          const model = yield* App.model
          const [storeA, storeB] = yield* stores("1 minute")
          const a = yield* App.instance(storeA, model.url, { deleteMillis: 20 })
          const b = yield* App.instance(storeB, model.url, { deleteMillis: 20 })
          const deleted = () => [...a.runs.deleted, ...b.runs.deleted]
          for (let round = 0; round < 6; round++) {
            const paused = (path: string) =>
              Effect.gen(function*() {
                const page = tabOf(a.url, `thread-${process.pid}-${++threads}`)
                page.addMessage({ id: "u1", role: "user", content: `please delete ${path}` })
                const run = yield* AgUiClient.run(page)
                const interrupt = (finishedOf(run).outcome as { interrupts: Array<Interrupt> }).interrupts[0]!
                return { page, interrupt, tab: tabOf(b.url, page.threadId, page.messages) }
              })
            // Two tabs approve it at once: both runs end, the tool runs once.
            const twice = yield* paused(`twice-${round}`)
            const both = yield* Effect.all([
              outcomeOf(twice.page, approve(twice.interrupt)),
              outcomeOf(twice.tab, approve(twice.interrupt))
            ], { concurrency: 2 })
            assert.deepStrictEqual(both, ["success", "success"])
            assert.deepStrictEqual(deleted().filter((path) => path === `twice-${round}`), [`twice-${round}`])
            // One tab approves as the other goes on without it: the new run goes on; the approval runs once, or is refused.
            const moved = yield* paused(`moved-${round}`)
            moved.tab.messages.splice(1)
            moved.tab.addMessage({ id: "u2", role: "user", content: "hi" })
            const [resumed, next] = yield* Effect.all([
              outcomeOf(moved.page, approve(moved.interrupt)),
              outcomeOf(moved.tab)
            ], { concurrency: 2 })
            assert.strictEqual(next, "success")
            assert.include(["success", "refused"], resumed)
            const ran = deleted().filter((path) => path === `moved-${round}`)
            assert.deepStrictEqual(ran, resumed === "success" ? [`moved-${round}`] : [])
            // A stop of the approving run as it starts: the run ends either way (stopped as it starts when the stop came
            // first); sent again, the approval runs nothing more.
            const stopped = yield* paused(`stopped-${round}`)
            const runId = `run-${process.pid}-${++threads}`
            const [ended, stop] = yield* Effect.all([
              outcomeOf(stopped.page, approve(stopped.interrupt, runId)),
              Effect.promise(() =>
                fetch(`${b.url}/agent/runs/${runId}/stop`, { method: "POST", headers: { "x-user": "ann" } })
              ).pipe(Effect.delay(`${round * 10} millis`))
            ], { concurrency: 2 })
            assert.include(["success", "cancelled", "stopped"], ended)
            assert.strictEqual(stop.status, 204)
            assert.strictEqual(yield* outcomeOf(stopped.tab, approve(stopped.interrupt)), "success")
            assert.isAtMost(deleted().filter((path) => path === `stopped-${round}`).length, 1)
          }
        }).pipe(Effect.scoped),
      120_000
    )
  })

served("two runs of one AG-UI thread at once, over HttpAgent (in memory)", memory)
describeRedis("two runs of one AG-UI thread at once, over HttpAgent", (stores) => served("on Redis", stores))
