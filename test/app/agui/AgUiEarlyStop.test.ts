/**
 * A stop sent before its run exists (AgUi.stop, `POST /agent/runs/:runId/stop`: the client draws the run's id, so a
 * stop can name a run whose POST has not reached the server yet, or reached another instance). Two instances over real
 * HTTP on one store (memory, a real `redis-server`, the Durable Streams reference server), read by `@ag-ui/client`'s
 * `HttpAgent`: the stop is a 204 and waits; the run, started within 30 s, stops before its model is called or its
 * approved tool runs, and the page is told so; a later run of the thread, under its own id, goes on; a stop sent at
 * once with its run's POST stops the run whichever comes first.
 */
import { type BaseEvent, HttpAgent, type RunAgentParameters } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit } from "effect"
import { StreamStore } from "effect-llm-stream"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as App from "../../support/AgUiResumableApp.js"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

let runs = 0
const newRunId = () => `early-${process.pid}-${++runs}-${Math.random().toString(36).slice(2)}`

const stop = (instance: App.Instance, runId: string) =>
  fetch(`${instance.url}/agent/runs/${runId}/stop`, { method: "POST", headers: { "x-user": "ann" } })

/** A page of ann's on `instance`. */
const pageOn = (instance: App.Instance, text: string) => {
  const page = new HttpAgent({ url: `${instance.url}/agent`, threadId: "thread-1", headers: { "x-user": "ann" } })
  page.addMessage({ id: `u-${Math.random().toString(36).slice(2)}`, role: "user", content: text })
  return page
}

/** A run of `page`: the events it read, the `RUN_ERROR` messages its subscribers were told, whether it rejected. */
const runOf = (page: HttpAgent, parameters: RunAgentParameters) =>
  Effect.gen(function*() {
    const events: Array<BaseEvent> = []
    const errors: Array<string> = []
    const exit = yield* Effect.exit(Effect.tryPromise(() =>
      page.runAgent(parameters, {
        onEvent: ({ event }) => void events.push(event),
        onRunErrorEvent: ({ event }) => void errors.push(event.message)
      })
    ))
    return { events, errors, failed: Exit.isFailure(exit) }
  })

/** Whether the page was told its run stopped: cancelled, or, stopped before its first event, the stop's sentence. */
const toldStopped = (events: ReadonlyArray<BaseEvent>) => {
  const last = events.at(-1) as { type: string; outcome?: { type: string }; message?: string } | undefined
  return (last?.type === "RUN_FINISHED" && last.outcome?.type === "cancelled") ||
    (last?.type === "RUN_ERROR" && last.message === "The run was stopped.")
}

const suite = (name: string, stores: TwoStores) =>
  describe(name, () => {
    const setup = Effect.gen(function*() {
      const model = yield* App.modelUrl
      const [storeA, storeB] = yield* stores("1 minute")
      const a = yield* App.instance(storeA, model.url)
      const b = yield* App.instance(storeB, model.url)
      return { a, b, calls: () => model.replay.requests(model.url).length }
    })

    it.live("a stop before its run, on the other instance, stops the run as it starts: no model call", () =>
      Effect.gen(function*() {
        const { a, b, calls } = yield* setup
        const runId = newRunId()
        assert.strictEqual(yield* Effect.promise(async () => (await stop(b, runId)).status), 204)
        const stopped = yield* runOf(pageOn(a, "forever"), { runId })
        assert.deepStrictEqual(stopped.events.map((event) => event.type), ["RUN_ERROR"])
        assert.isTrue(toldStopped(stopped.events), JSON.stringify(stopped.events))
        // `HttpAgent` tells its subscribers (`onRunErrorEvent`); its `runAgent` resolves.
        assert.deepStrictEqual(stopped.errors, ["The run was stopped."])
        assert.isFalse(stopped.failed)
        assert.deepStrictEqual(AgUiClient.problems(stopped.events), [])
        assert.strictEqual(calls(), 0)
        // The thread's next run, under its own id, is not stopped by it.
        const next = yield* runOf(pageOn(a, "hello"), { runId: newRunId() })
        assert.isFalse(next.failed)
        assert.deepStrictEqual(next.events.at(-1)?.type, "RUN_FINISHED")
        assert.isFalse(toldStopped(next.events))
        assert.strictEqual(calls(), 1)
      }))

    it.live("an approval's run stopped before it starts runs no tool and calls no model; the next turn goes on", () =>
      Effect.gen(function*() {
        const { a, b, calls } = yield* setup
        const page = pageOn(a, "delete forever.txt")
        const asked = yield* runOf(page, { runId: newRunId() })
        const outcome = (asked.events.at(-1) as { outcome?: { interrupts?: ReadonlyArray<{ id: string }> } }).outcome
        const interrupt = outcome?.interrupts?.[0]
        assert.isDefined(interrupt)
        const before = calls()
        const runId = newRunId()
        assert.strictEqual(yield* Effect.promise(async () => (await stop(b, runId)).status), 204)
        const resume = [{ interruptId: interrupt!.id, status: "resolved" as const, payload: { approved: true } }]
        const stopped = yield* runOf(page, { runId, resume })
        assert.isTrue(toldStopped(stopped.events), JSON.stringify(stopped.events))
        assert.deepStrictEqual(a.deleted, [])
        assert.strictEqual(calls(), before)
        // A new message in the thread, its run under another id: answered.
        const next = yield* runOf(pageOn(a, "hello"), { runId: newRunId() })
        assert.isFalse(toldStopped(next.events))
        assert.strictEqual(next.events.at(-1)?.type, "RUN_FINISHED")
      }))

    it.live("a stop sent at once with its run's POST stops the run, whichever reaches the store first", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup
        for (let round = 0; round < 4; round++) {
          const runId = newRunId()
          const [, stopped] = yield* Effect.all([
            Effect.promise(() =>
              stop(round % 2 === 0 ? b : a, runId)
            ),
            runOf(pageOn(a, "forever"), { runId })
          ], { concurrency: 2 })
          assert.isTrue(toldStopped(stopped.events), `round ${round}: ${JSON.stringify(stopped.events.at(-1))}`)
        }
      }), 20_000)
  })

suite(
  "a stop before its AG-UI run, two instances on one memory store",
  (ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)
)

describeRedis("a stop before its AG-UI run on Redis", (twoStores) => {
  suite("two instances on one Redis", twoStores)
})

describeDurableStreams("a stop before its AG-UI run on Durable Streams", (twoStores) => {
  suite("two instances on one Durable Streams server", twoStores)
})
