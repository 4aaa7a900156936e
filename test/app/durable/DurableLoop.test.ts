/**
 * Durable loops on the real engine and a real database, killed and resumed: a process running the agent of
 * `support/DurableAgent.ts` on the embedded engine (a SQLite file), one run per kind of point (in the middle of a
 * step, after a step before its handler ran, after a handler before the next step, while the run waits for
 * approval, in the approved handler once its signed approval is answered), is killed with SIGKILL once each run has
 * reached its point, and a new process on the same file takes
 * the runs over (on PostgreSQL, a second runner takes over from the first): the scripted model is never
 * asked a finished step again, each handler runs once, the final `DoneEvent` is the uninterrupted run's
 * (messages, usage, exact cost), and the AI SDK's client reading the live view through the store (a real
 * `redis-server`) sees every chunk once, the cut step's retry marked with `reset-step` and no second
 * `start-step`; the approval is asked once, and the last request carries each call and its result once. A handler
 * the crash cut runs again under the same call id, its approval not checked again (its signed id read as used
 * before, or as another server's, and the model told the call was not run, until the gate's verdict was recorded
 * before the handler runs). On PostgreSQL, an approval is also answered at once on two runners while a third holds
 * the run: asked once, run once; and the runner asking a step is frozen (SIGSTOP) past its shard lock, so the other
 * takes the run over while the model answers: the step is asked once, the new owner waiting for the frozen one's
 * answer (`StepClaims`; before, it asked again). The processes are a bundle of `support/DurableChild.ts` run with
 * plain `node`; the scenarios run at once.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schedule, Stream } from "effect"
import { DurableLoop, StreamStore, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as KilledChild from "../../support/KilledChild.js"
import { postgresBin, type RunningPostgres, startPostgres } from "../../support/PostgresServer.js"
import { freePort, redisServer, type RunningRedis, startRedis } from "../../support/RedisServer.js"
import { readResponse } from "../../support/UIClient.js"

/** `DurableChild.ts` bundled: `inlined` (`redis` left in node_modules), or `external` for PostgreSQL's peers. */
const bundles = {
  inlined: KilledChild.bundle("DurableChild", "inlined", ["redis"]),
  external: KilledChild.bundle("DurableChild", "external", "packages")
}
afterAll(KilledChild.removeBundles)

/** A process of `DurableChild.ts` on `config`; with `warnings`, Node prints its warnings (to stderr). */
const spawn = async (
  config: { readonly engine: object; readonly [key: string]: unknown },
  options: { readonly warnings?: boolean } = {}
): Promise<KilledChild.Child> =>
  KilledChild.spawn(await ("postgres" in config.engine ? bundles.external : bundles.inlined), config, options)

/** The uninterrupted run of a scenario, in this process: its summary and what the client reads of its live view. */
const uninterrupted = (scenario: DurableAgent.Scenario) =>
  Effect.gen(function*() {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-"))
    const agent = DurableAgent.agentOf(scenario)
    const executionId = `baseline-${scenario}`
    const input = { executionId, messages: DurableAgent.request(scenario) }
    const done = yield* Effect.gen(function*() {
      yield* agent.run(input, { discard: true })
      // The view opens with the run's first activity.
      const view = yield* UIMessageStream.resume(executionId).pipe(
        Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
      )
      yield* view.pipe(Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"), Stream.runDrain)
      yield* agent.approve(executionId, DurableAgent.transferCallId(scenario), { approved: true })
      return yield* agent.run(input)
    }).pipe(
      Effect.provide(agent.layer.pipe(
        Layer.provideMerge(DurableLoop.layerMemory),
        Layer.provide(DurableAgent.model(dir, false)),
        Layer.provide(DurableAgent.handlers(dir, false))
      ))
    )
    const response = yield* UIMessageStream.resumeResponse(executionId)
    const read = yield* Effect.promise(() => readResponse(response))
    return { summary: DurableAgent.summary(done), read }
  }).pipe(Effect.provide(StreamStore.layerMemory()))

/** What the model is asked, step by step, in a run cut at each point (the cut step is asked again). */
const expectedModelCalls: Record<DurableAgent.Scenario, ReadonlyArray<string>> = {
  "mid-step": ["step 1", "step 1", "step 2", "step 3"],
  "after-step": ["step 1", "step 2", "step 3"],
  "after-handler": ["step 1", "step 2", "step 2", "step 3"],
  approval: ["step 1", "step 2", "step 3"],
  "approved-handler": ["step 1", "step 2", "step 3"],
  budget: ["step 1", "step 1", "step 2", "step 3"]
}

const scenarios: ReadonlyArray<DurableAgent.Scenario> = [
  "mid-step",
  "after-step",
  "after-handler",
  "approval",
  "approved-handler",
  "budget"
]

let redis: Promise<RunningRedis | undefined> | undefined
const store = () => (redis ??= redisServer === undefined ? Promise.resolve(undefined) : startRedis())
// The server goes with the file (it was left running after the suite).
afterAll(() => redis?.then((server) => server?.kill()))
const baselines = new Map(scenarios.map((scenario) => [scenario, Effect.runPromise(uninterrupted(scenario))]))

/**
 * Runs every scenario's run on one database: a first process starts them all and is killed once each has
 * reached its point; a second process on the same database answers their approvals and finishes them.
 */
const killedAndResumed = async (
  engine: () => Promise<object>,
  runs: ReadonlyArray<DurableAgent.Scenario>,
  options: {
    readonly prefix: string
    readonly secondFirst?: boolean
    /** The store of the live views: Redis (default), or each process's own memory (the default store). */
    readonly store?: "redis" | "default"
  }
) => {
  const running = options.store === "default" ? undefined : await store()
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-"))
  const config = { redis: running?.url, dir, scenarios: runs, prefix: options.prefix }
  const warnings = { warnings: options.store === "default" }
  const first = await spawn({ ...config, engine: await engine(), phase: "first" }, warnings)
  await Promise.all(runs.map((scenario) => first.line(`POINT ${scenario}`)))
  // On PostgreSQL, the second runner joins the cluster before the first dies, and takes its runs over.
  const second = await spawn({ ...config, engine: await engine(), phase: "second" }, warnings)
  if (options.secondFirst === true) await second.line("READY")
  await first.kill()
  const done = new Map(
    await Promise.all(
      runs.map(async (scenario) => [scenario, JSON.parse(await second.line(`DONE ${scenario} `))] as const)
    )
  )
  const views = running === undefined
    ? new Map(
      await Promise.all(runs.map(async (scenario) => [scenario, await second.line(`VIEW ${scenario} `)] as const))
    )
    : new Map<DurableAgent.Scenario, string>()
  await second.kill()
  return { dir, done, running, prefix: options.prefix, outputs: [first.output(), second.output()], views }
}

/** The run ended as the uninterrupted one did, each thing done once, and its live view shows it so. */
const verify = async (
  scenario: DurableAgent.Scenario,
  ran: Awaited<ReturnType<typeof killedAndResumed>>
) => {
  const expected = await baselines.get(scenario)!
  assert.deepStrictEqual(ran.done.get(scenario), expected.summary)
  assert.deepStrictEqual(DurableAgent.lines(ran.dir, scenario, "model"), expectedModelCalls[scenario])
  assert.deepStrictEqual(DurableAgent.lines(ran.dir, scenario, "lookup"), [`call_lookup_${scenario}`])
  const transfer = DurableAgent.transferCallId(scenario)
  assert.deepStrictEqual(DurableAgent.lines(ran.dir, scenario, "transfer"), [transfer])
  // A handler the crash cut runs again, under the same call id (docs/durable.md, "Exactly once"); none other does.
  const started = scenario === "approved-handler" ? [transfer, transfer] : [transfer]
  assert.deepStrictEqual(DurableAgent.lines(ran.dir, scenario, "transfer-started"), started)
  // The last request carries each call and its result once.
  const lookup = `call_lookup_${scenario}`
  assert.strictEqual(
    DurableAgent.lines(ran.dir, scenario, "sent").at(-1),
    `calls ${lookup},${transfer} results ${lookup},${transfer}`
  )
  if (ran.running === undefined) return
  const read = await Effect.runPromise(
    Effect.flatMap(
      UIMessageStream.resumeResponse(`${ran.prefix}-${scenario}`),
      (response) => Effect.promise(() => readResponse(response))
    ).pipe(
      Effect.provide(StreamStore.layerRedis({ url: ran.running.url }))
    )
  )
  const types = read.chunks.map((chunk) => chunk.type)
  const count = (type: string) => types.filter((candidate) => candidate === type).length
  assert.strictEqual(count("start"), 1)
  assert.strictEqual(count("start-step"), 3)
  assert.strictEqual(count("finish"), 1)
  // The approval is asked once, across the crash and a second answer from the other process.
  assert.strictEqual(count("tool-approval-request"), 1)
  const cut = scenario === "mid-step" || scenario === "after-handler"
  assert.strictEqual(count("reset-step"), cut ? 1 : 0)
  assert.deepStrictEqual(read.errors, [])
  // What the user is shown in the end is the uninterrupted run's message, but for its approval's id: signed when
  // issued (its time, and each process's own key), so each run's is its own.
  assert.deepStrictEqual(issuedIds(read.message?.parts), issuedIds(expected.read.message?.parts))
}

/** Parts with each approval's id checked to be one the gate issued (`a1.<time>.<nonce>.<tag>`), then masked. */
const issuedIds = (parts: ReadonlyArray<any> | undefined) =>
  parts?.map((part) => {
    if (part.approval?.id === undefined) return part
    assert.match(part.approval.id, /^a1\.[a-z0-9]+\.[\w-]+\.[\w-]+$/)
    return { ...part, approval: { ...part.approval, id: "issued" } }
  })

/**
 * A test on a PostgreSQL server of its own (skipped, saying so, where PostgreSQL is not installed, or, for runners
 * that answer an approval another runner asked, where redis-server is not: they read the request from the shared view).
 */
const onPostgres = (
  name: string,
  test: (postgres: RunningPostgres) => Promise<void>,
  options: { readonly sharedView?: boolean; readonly timeout?: number } = {}
) => {
  const missing = postgresBin === undefined
    ? "PostgreSQL is not installed"
    : options.sharedView === true && redisServer === undefined
    ? "redis-server is not installed"
    : undefined
  return it.live(
    `${name}${missing === undefined ? "" : ` (skipped: ${missing})`}`,
    () =>
      Effect.promise(async () => {
        if (missing !== undefined) return
        const postgres = await startPostgres()
        try {
          await test(postgres)
        } finally {
          postgres.stop()
        }
      }),
    options.timeout ?? 60_000
  )
}

const database = Path.join(Os.tmpdir(), `durable-${crypto.randomUUID()}.db`)
const embedded = killedAndResumed(async () => ({ sqlite: database }), scenarios, { prefix: "sqlite" })
// Each test reads it; a failure is theirs, not an unhandled rejection.
embedded.catch(() => {})

describe.concurrent("durable loops killed and resumed", () => {
  for (const scenario of ["mid-step", "after-step", "after-handler", "approval", "approved-handler"] as const) {
    it.live(
      `embedded (SQLite): killed ${scenario}, a new process finishes the run as if uninterrupted${
        redisServer === undefined ? " (live view not checked: redis-server is not installed)" : ""
      }`,
      () => Effect.promise(async () => verify(scenario, await embedded)),
      60_000
    )
  }

  it.live(
    "embedded (SQLite): the attempt a crash cut counts toward the budget, estimated at its retry's cost",
    () =>
      Effect.promise(async () => {
        const done = (await embedded).done.get("budget")
        const expected = (await baselines.get("budget")!).summary
        // Uninterrupted, the three steps fit the budget; resumed, with the cut attempt counted, the last is cut
        // when its usage comes (after its text, which stays in the conversation).
        assert.strictEqual(expected.reason, "stop")
        assert.strictEqual(done.reason, "budget")
        assert.strictEqual(done.steps, 3)
        assert.deepStrictEqual(done.messages, expected.messages)
      }),
    60_000
  )

  onPostgres(
    "PostgreSQL: the runner running it killed mid-step or in an approved handler, a second runner takes it over",
    async (postgres) => {
      const ran = await killedAndResumed(
        async () => ({ postgres: postgres.url, port: await freePort() }),
        ["mid-step", "approved-handler"],
        { prefix: "pg", secondFirst: true }
      )
      await verify("mid-step", ran)
      await verify("approved-handler", ran)
    }
  )

  it.live(
    "embedded (SQLite), the default store: a new process resumes the runs with no warning, Node's or the view's",
    () =>
      Effect.promise(async () => {
        const file = Path.join(Os.tmpdir(), `durable-${crypto.randomUUID()}.db`)
        const runs = ["after-handler", "approval"] as const
        const ran = await killedAndResumed(async () => ({ sqlite: file }), runs, { prefix: "quiet", store: "default" })
        for (const scenario of runs) {
          await verify(scenario, ran)
          // The new process's store never held the run's stream: it shows the rest of the run on one opened again.
          const types: Array<string> = JSON.parse(ran.views.get(scenario)!)
          assert.deepStrictEqual(types.slice(0, 2), ["start", "start-step"])
          assert.deepStrictEqual(types.slice(-2), ["finish-step", "finish"])
          assert.notInclude(types, "reset-step")
        }
        for (const { err, out } of ran.outputs) {
          assert.notInclude(err, "ExperimentalWarning")
          assert.notInclude(`${out}${err}`, "live view failed")
          assert.notMatch(`${out}${err}`, /\] (WARN|ERROR) \(/)
        }
      }),
    60_000
  )
})

describe("durable loops in one process (Effect's memory engine)", () => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-"))
  it.live("a denial answers the call without running its handler; the first decision holds; a second run joins", () =>
    Effect.gen(function*() {
      const agent = DurableAgent.agent
      const input = { executionId: "denied", messages: DurableAgent.request("approval") }
      yield* agent.run(input, { discard: true })
      const view = yield* UIMessageStream.resume("denied").pipe(
        Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
      )
      yield* view.pipe(Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"), Stream.runDrain)
      const callId = DurableAgent.transferCallId("approval")
      yield* agent.approve("denied", callId, { approved: false, reason: "not today" })
      yield* agent.approve("denied", callId, { approved: true })
      const done = yield* agent.run(input)
      const again = yield* agent.run({ executionId: "denied", messages: [] })
      assert.deepStrictEqual(DurableAgent.summary(again), DurableAgent.summary(done))
      assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "transfer"), [])
      assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "model"), ["step 1", "step 2", "step 3"])
      const result = done.messages.find((message) =>
        message._tag === "ToolResultMessage" && message.toolCallId === callId
      )
      assert.deepStrictEqual(
        result?._tag === "ToolResultMessage" ? [result.content, result.isError] : [],
        ["The user denied this tool call: not today", true]
      )
      const chunks = yield* Stream.runCollect(yield* UIMessageStream.resume("denied"))
      assert.deepStrictEqual(chunks.filter((chunk) => chunk.type === "tool-output-denied"), [
        { type: "tool-output-denied", toolCallId: callId }
      ])
    }).pipe(
      Effect.provide(DurableAgent.agent.layer.pipe(
        Layer.provideMerge(DurableLoop.layerMemory),
        Layer.provide(DurableAgent.model(dir, false)),
        Layer.provide(DurableAgent.handlers(dir, false))
      )),
      Effect.provide(StreamStore.layerMemory())
    ))
})

describe("a durable run's approval answered on other runners", () => {
  onPostgres(
    "PostgreSQL: answered at once on two runners while a third holds the run: asked once, run once",
    async (postgres) => {
      const running = await store()
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-"))
      const config = { redis: running?.url, dir, scenarios: ["approval"], prefix: "answered" }
      const engine = async () => ({ postgres: postgres.url, port: await freePort() })
      const children: Array<KilledChild.Child> = []
      try {
        // The first runner starts the run and keeps it while it waits; two more join and answer it at once.
        children.push(await spawn({ ...config, engine: await engine(), phase: "first" }))
        await children[0]!.line("POINT approval")
        children.push(
          ...await Promise.all([1, 2].map(async () => spawn({ ...config, engine: await engine(), phase: "second" })))
        )
        const done = await Promise.all(children.slice(1).map((child) => child.line("DONE approval ")))
        assert.deepStrictEqual(JSON.parse(done[1]!), JSON.parse(done[0]!))
        const summary = new Map([["approval", JSON.parse(done[0]!)]] as const)
        await verify("approval", { dir, done: summary, running, prefix: "answered", outputs: [], views: new Map() })
      } finally {
        await Promise.all(children.map((child) => child.kill()))
      }
    },
    { sharedView: true }
  )

  onPostgres(
    "PostgreSQL: the runner asking a step stalls until the run moves: the new owner takes its answer, asked once",
    async (postgres) => {
      const running = await store()
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-"))
      // Step 3 says it was asked, and answers two seconds later.
      const config = { redis: running?.url, dir, scenarios: ["approval"], prefix: "stalled", slowStep: 3 }
      const engine = async () => ({ postgres: postgres.url, port: await freePort(), stepLease: "40 seconds" })
      const children: Array<KilledChild.Child> = []
      try {
        children.push(await spawn({ ...config, engine: await engine(), phase: "first" }))
        await children[0]!.line("POINT approval")
        children.push(await spawn({ ...config, engine: await engine(), phase: "second" }))
        // Whichever runner holds the run asks step 3, and freezes (a host stalled under load) past its shard lock's
        // expiration (4 s): the other marks it dead, takes its shards over and replays the run. Without the step's
        // claim it asked step 3 again, while the frozen runner's answer was still to come.
        const asker = await Promise.race(
          children.map((child) => child.line("ASKED approval 3").then(() => child))
        )
        asker.signal("SIGSTOP")
        await new Promise((resolve) => setTimeout(resolve, 10_000))
        asker.signal("SIGCONT")
        const done = new Map([["approval", JSON.parse(await children[1]!.line("DONE approval "))]] as const)
        await verify("approval", { dir, done, running, prefix: "stalled", outputs: [], views: new Map() })
        // The run did move: the other runner's attempt found the step claimed, and waited.
        const other = children.find((child) => child !== asker)!
        assert.include(other.output().out, "a step waits for the answer of the runner asking it")
      } finally {
        await Promise.all(children.map((child) => child.kill()))
      }
    },
    { sharedView: true, timeout: 120_000 }
  )
})
