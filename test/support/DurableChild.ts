/**
 * One process of the durable loop's crash tests (bundled by esbuild, run with plain `node`): the same agent as
 * `DurableAgent`, on the embedded engine (a SQLite file) or as a runner on PostgreSQL, its live view in Redis.
 * It starts (or joins) the run, prints `POINT <name>` when it reaches the point it was told to stop at and
 * waits there to be killed, answers the approval when told, and prints the run's `DoneEvent` as `DONE <json>`.
 *
 *   node child.mjs '<json of Config>'
 */
import { Effect, Layer, Schedule, Stream } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, UIMessageStream } from "effect-llm-stream"
import * as DurableAgent from "./DurableAgent.js"

interface Config {
  readonly engine: { readonly sqlite: string } | {
    readonly postgres: string
    readonly port: number
  }
  readonly redis: string | undefined
  readonly dir: string
  readonly executionId: string
  /** Where to stop and wait to be killed: a point of `DurableAgent.Point`, or none. */
  readonly stopAt: DurableAgent.Point | "approval" | undefined
  readonly approve: boolean
  /** Start the run (else only serve as a runner and wait for its end). */
  readonly start: boolean
  /** The agent's budget in USD (default 1). */
  readonly budget?: string | undefined
}

const config: Config = JSON.parse(process.argv[2]!)
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

const engine = "sqlite" in config.engine
  ? DurableLoop.layerSqlite({ filename: config.engine.sqlite, shardingConfig: DurableAgent.fastSharding })
  : DurableLoop.layerPostgres({
    url: config.engine.postgres,
    runnerAddress: { host: "127.0.0.1", port: config.engine.port },
    shardingConfig: DurableAgent.fastSharding
  })
const store = config.redis === undefined ? Layer.empty : StreamStore.layerRedis({ url: config.redis })

const theAgent = config.budget === undefined ? DurableAgent.agent : DurableAgent.agentWith(config.budget)

const program = Effect.gen(function*() {
  yield* say("READY")
  const agent = theAgent
  const input = { executionId: config.executionId, messages: [Message.user("Look a word up, then transfer")] }
  if (config.stopAt === "approval") {
    // The run waits for approval once its view shows the request.
    yield* agent.run(input, { discard: true })
    const view = yield* UIMessageStream.resume(config.executionId).pipe(
      Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
    )
    yield* view.pipe(Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"), Stream.runDrain)
    yield* say("POINT approval")
    return yield* Effect.never
  }
  if (config.approve) yield* agent.approve(config.executionId, DurableAgent.transferCallId, { approved: true })
  if (config.start) yield* agent.run(input, { discard: true })
  const done = yield* agent.run(input)
  yield* say(`DONE ${JSON.stringify(DurableAgent.summary(done))}`)
})

const Live = theAgent.layer.pipe(
  Layer.provideMerge(engine),
  Layer.provide(DurableAgent.model(config.dir, config.stopAt)),
  Layer.provide(DurableAgent.handlers(config.dir, config.stopAt)),
  Layer.provideMerge(store)
)

Effect.runPromise(Effect.provide(program, Live) as Effect.Effect<void, unknown>).then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)

export type { LanguageModel }
