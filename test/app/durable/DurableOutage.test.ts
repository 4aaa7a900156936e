/**
 * A durable run on a real PostgreSQL through a storage outage. Runs wait for approval; the server is stopped as
 * `pg_ctl stop -m fast` stops it (SIGINT: its connections are cut) and started again while the process lives; then
 * each run is approved: each handler runs exactly once and each run ends with its result.
 *
 * What went wrong (issue 95: twice in 3 of 5 runs of a check under load): the restart ends the session holding the
 * runner's advisory shard locks, and until the runner's next lock refresh notices, the engine discards what the
 * first activities after the restart came to (it cannot confirm the shard as it saves their replies) and runs them
 * again once it takes the shard back. The settings below keep that window open as with the defaults (the outage is
 * shorter than the lock refresh, so the approval comes before the runner notices) but close it in seconds, not 35.
 * The failure depends on that timing, so the scenario is repeated with three runs at once, each answer given twice
 * at once, and a busy event loop. A second case kills the process during the outage (SIGKILL) and resumes the run
 * in a new one.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Schedule } from "effect"
import { DurableLoop, LanguageModel, StreamStore } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as KilledChild from "../../support/KilledChild.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { postgresBin, type RunningPostgres, startPostgres } from "../../support/PostgresServer.js"
import { freePort } from "../../support/RedisServer.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const storageTimeout = Duration.seconds(3)

/** Shard locks refreshed every 3 s (longer than the outage) and free 9 s after a runner lost them. */
const sharding = {
  shardLockExpiration: "9 seconds",
  shardLockRefreshInterval: "3 seconds",
  refreshAssignmentsInterval: "500 millis",
  entityMessagePollInterval: "500 millis",
  entityReplyPollInterval: "100 millis",
  entityTerminationTimeout: "2 seconds"
} as const

/** `effect` retried every 200 ms while the storage comes back (at most 30 s). */
const onceBack = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Effect.retry({ schedule: Schedule.spaced("200 millis"), times: 150 }))

/** Blocks the event loop for `ms` in every 20 ms, as a busy process does, until interrupted. */
const busy = (ms: number) =>
  Effect.forever(
    Effect.andThen(
      Effect.sync(() => {
        const until = Date.now() + ms
        while (Date.now() < until) {
          // the process is busy
        }
      }),
      Effect.sleep("20 millis")
    )
  )

/** What a model request is: its run's order and its step (`<order> <step>`). */
const stepOf = (request: LanguageModel.Request) => {
  const first = request.messages[0]
  const step = request.messages.filter((message) => message._tag === "AssistantMessage").length + 1
  return `${first?._tag === "UserMessage" ? first.text.split(":")[1] : ""} ${step}`
}

const skipped = postgresBin === undefined ? " (skipped: PostgreSQL is not installed)" : ""

describe(`a durable run on PostgreSQL through an outage${skipped}`, () => {
  let server: Promise<RunningPostgres> | undefined
  const postgres = () => (server ??= startPostgres())
  afterAll(async () => {
    KilledChild.removeBundles()
    ;(await server)?.stop()
  })

  it.live(
    "stopped (fast) and started again while runs wait, then approved: each handler runs exactly once",
    () =>
      Effect.gen(function*() {
        if (postgresBin === undefined) return
        const pg = yield* Effect.promise(postgres)
        const port = yield* Effect.promise(freePort)
        const engine = DurableLoop.layerPostgres({
          url: pg.url,
          runnerAddress: { host: "127.0.0.1", port },
          shardingConfig: sharding
        })
        const ran: Array<string> = []
        const asked: Array<LanguageModel.Request> = []
        const agent = RefundAgent.agent("outage", ran, { storageTimeout })
        const layer = agent.layer.pipe(
          Layer.provideMerge(engine),
          Layer.provide(EndpointApp.recorded(RefundAgent.model, asked)),
          Layer.provideMerge(StreamStore.layerMemory())
        )
        yield* Effect.gen(function*() {
          for (let round = 1; round <= 5; round++) {
            const ids = [1, 2, 3].map((k) => `outage-${round}-${k}`)
            const inputs = ids.map((id) => ({ executionId: id, messages: RefundAgent.request(id, 5) }))
            yield* Effect.forEach(inputs, (input) => agent.run(input, { discard: true }), { concurrency: 3 })
            const requests = yield* Effect.forEach(ids, (id) => approvalRequests(id, 1), { concurrency: 3 })
            // The first run answered as a browser's answer is passed on (its signed id, claimed once), the others as
            // the server's own decision.
            const decision = (at: number) =>
              at === 0 ? { approved: true, approvalId: requests[0]![0]!.approvalId } : { approved: true }
            yield* Effect.promise(() => pg.halt())
            yield* Effect.promise(() => pg.restart())
            const load = yield* Effect.forkChild(busy(5))
            // Each answer given twice at once, as a client retrying a request it saw fail.
            yield* Effect.forEach(
              [...ids.keys(), ...ids.keys()],
              (at) => onceBack(agent.approve(ids[at]!, "call_1", decision(at))),
              { concurrency: "unbounded" }
            )
            const done = yield* Effect.forEach(inputs, (input) => onceBack(agent.run(input)), {
              concurrency: "unbounded"
            })
            yield* Fiber.interrupt(load)
            assert.deepStrictEqual([...ran].sort(), ids, `round ${round}: each handler once`)
            // Each step asked once: two per run.
            assert.deepStrictEqual(asked.map(stepOf).sort(), ids.flatMap((id) => [`${id} 1`, `${id} 2`]))
            for (const [at, end] of done.entries()) {
              assert.strictEqual(end.reason, "stop")
              const texts = end.messages.flatMap((message) =>
                message._tag === "ToolResultMessage" ? [JSON.stringify(message.content)] : []
              )
              assert.strictEqual(texts.length, 1)
              assert.include(texts[0], `refunded ${ids[at]} ($5)`)
            }
            ran.length = 0
            asked.length = 0
          }
        }).pipe(Effect.provide(layer))
      }),
    120_000
  )

  it.live(
    "the process killed while it is down: a new process on the restarted server runs the handler once",
    () =>
      Effect.gen(function*() {
        if (postgresBin === undefined) return
        const pg = yield* Effect.promise(postgres)
        const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-outage-"))
        const script = yield* Effect.promise(() => KilledChild.bundle("DurableChild", "outage", "packages"))
        // The new process runs under the dead one's address, so it takes its runs over at once.
        const engine = { postgres: pg.url, port: yield* Effect.promise(freePort) }
        const config = { engine, redis: undefined, dir, scenarios: ["approval"], prefix: "outage-killed" }
        const first = KilledChild.spawn(script, { ...config, phase: "first" })
        yield* Effect.promise(() => first.line("POINT approval"))
        yield* Effect.promise(() => pg.halt())
        yield* Effect.promise(() => first.kill())
        yield* Effect.promise(() => pg.restart())
        const second = KilledChild.spawn(script, { ...config, phase: "second" })
        const done = JSON.parse(yield* Effect.promise(() => second.line("DONE approval ")))
        yield* Effect.promise(() => second.kill())
        assert.strictEqual(done.reason, "stop")
        assert.strictEqual(done.steps, 3)
        const callId = DurableAgent.transferCallId("approval")
        assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "transfer"), [callId])
      }),
    90_000
  )
})
