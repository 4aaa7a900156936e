/**
 * One process of the durable loop's crash tests (bundled by esbuild, run with plain `node`): the agents of
 * `DurableAgent`, on the embedded engine (a SQLite file) or as a runner on PostgreSQL, their live views in Redis.
 * A `first` process starts its runs and stops each at its point (`POINT <scenario>` on stdout; a run waiting for
 * approval once its view shows the request; `approved-handler` answers it, and stops in the handler), to be killed; a `second` one answers each run's approval and prints
 * its `DoneEvent` when it ends (`DONE <scenario> <json>`), after, on its own memory store, the types of the chunks
 * its live view shows (`VIEW <scenario> <json>`). An `alone` process starts its runs, answers their approvals as a
 * browser does, and prints their `DoneEvent`s. `READY` once the engine is up; with `assignments`, `ASSIGNED <n>` each
 * time the runner's shards are assigned anew (`n` of them: runners joined or left).
 *
 *   node child.mjs '<json of Config>'
 */
import { type Duration, Effect, Layer, Logger, MutableHashSet, References, Schedule, Stream } from "effect"
import { DurableLoop, StreamStore, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as DurableAgent from "./DurableAgent.js"

interface Config {
  readonly engine: { readonly sqlite: string } | {
    readonly postgres: string
    readonly port: number
    /** The lease of a step's claim (`layerPostgres`'s `stepLease`), when not the default. */
    readonly stepLease?: string
  }
  readonly redis: string | undefined
  readonly dir: string
  readonly phase: "first" | "second" | "alone"
  readonly scenarios: ReadonlyArray<DurableAgent.Scenario>
  /** What the runs' ids start with (`<prefix>-<scenario>`): tests sharing a store do not share a run. */
  readonly prefix: string
  /** The step the model answers slowly, saying it was asked (`DurableAgent.model`). */
  readonly slowStep?: number
  /** The file whose creation the slow step waits for, rather than two seconds. */
  readonly until?: string
  /** Sharding settings over `fastSharding`'s. */
  readonly sharding?: DurableLoop.ShardingSettings
  /** Says `ASSIGNED <n>` each time the runner's shards are assigned anew. */
  readonly assignments?: boolean
  /** The file whose creation the process waits for before it starts its engine (joins the cluster). */
  readonly joinAfter?: string
}

const config: Config = JSON.parse(process.argv[2]!)
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

const sharding = { ...DurableAgent.fastSharding, ...config.sharding }

const engine = "sqlite" in config.engine
  ? DurableLoop.layerSqlite({ filename: config.engine.sqlite, shardingConfig: DurableAgent.fastSharding })
  : DurableLoop.layerPostgres({
    url: config.engine.postgres,
    runnerAddress: { host: "127.0.0.1", port: config.engine.port },
    shardingConfig: sharding,
    stepLease: config.engine.stepLease as Duration.Input | undefined
  })
const store = config.redis === undefined ? Layer.empty : StreamStore.layerRedis({ url: config.redis })

const first = (scenario: DurableAgent.Scenario) =>
  Effect.gen(function*() {
    const input = { executionId: `${config.prefix}-${scenario}`, messages: DurableAgent.request(scenario) }
    yield* DurableAgent.agentOf(scenario).run(input, { discard: true })
    if (scenario !== "approval" && scenario !== "approved-handler") return
    const view = yield* UIMessageStream.resume(input.executionId).pipe(
      Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
    )
    const shown = yield* view.pipe(
      Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"),
      Stream.runCollect
    )
    if (scenario === "approval" && config.phase === "first") return yield* say("POINT approval")
    // Answered here, as a browser answers it (its signed id): in `first`, the handler announces its point as it runs,
    // and this process dies in it.
    const request = shown.at(-1)
    yield* DurableAgent.agent.approve(input.executionId, DurableAgent.transferCallId(scenario), {
      approved: true,
      ...(request?.type === "tool-approval-request" ? { approvalId: request.approvalId } : {})
    })
  })

const alone = (scenario: DurableAgent.Scenario) =>
  Effect.gen(function*() {
    yield* first(scenario)
    const done = yield* DurableAgent.agentOf(scenario).run({
      executionId: `${config.prefix}-${scenario}`,
      messages: []
    })
    yield* say(`DONE ${scenario} ${JSON.stringify(DurableAgent.summary(done))}`)
  })

/** Says `ASSIGNED <n>` as the cluster logs the runner's new shards (at `Debug`, the only level let through). */
const assignments = Layer.mergeAll(
  Layer.succeed(References.MinimumLogLevel, "Debug"),
  Logger.layer([
    Logger.make(({ message }) => {
      const [text, shards] = Array.isArray(message) ? message : [message]
      if (text === "New shard assignments") process.stdout.write(`ASSIGNED ${MutableHashSet.size(shards)}\n`)
    })
  ])
)

const second = (scenario: DurableAgent.Scenario) =>
  Effect.gen(function*() {
    const agent = DurableAgent.agentOf(scenario)
    const executionId = `${config.prefix}-${scenario}`
    yield* agent.approve(executionId, DurableAgent.transferCallId(scenario), { approved: true })
    const done = yield* agent.run({ executionId, messages: [] })
    if (config.redis === undefined) {
      // This process's own store: what it shows of the run, from where it took the run over.
      const chunks = yield* Stream.runCollect(yield* UIMessageStream.resume(executionId))
      yield* say(`VIEW ${scenario} ${JSON.stringify(chunks.map((chunk) => chunk.type))}`)
    }
    yield* say(`DONE ${scenario} ${JSON.stringify(DurableAgent.summary(done))}`)
  })

const program = Effect.andThen(
  say("READY"),
  Effect.forEach(
    config.scenarios,
    (scenario): Effect.Effect<void, unknown, any> =>
      config.phase === "first" ? first(scenario) : config.phase === "alone" ? alone(scenario) : second(scenario),
    { concurrency: "unbounded" }
  )
).pipe(Effect.andThen(Effect.never))

const Live = Layer.mergeAll(DurableAgent.agent.layer, DurableAgent.tightAgent.layer).pipe(
  Layer.provideMerge(engine),
  Layer.provide(
    DurableAgent.model(config.dir, config.phase === "first", { slowStep: config.slowStep, until: config.until })
  ),
  Layer.provide(DurableAgent.handlers(config.dir, config.phase === "first")),
  Layer.provideMerge(store),
  Layer.provide(config.assignments === true ? assignments : Layer.empty)
)

const joined = config.joinAfter === undefined
  ? Effect.void
  : Effect.repeat(Effect.sync(() => Fs.existsSync(config.joinAfter!)), {
    until: (found) => found,
    schedule: Schedule.spaced("50 millis")
  })

Effect.runPromise(Effect.andThen(joined, Effect.provide(program, Live)) as unknown as Effect.Effect<void, unknown>)
  .catch((error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  })
