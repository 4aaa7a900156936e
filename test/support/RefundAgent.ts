/**
 * A durable agent whose every run makes the same call: a scripted OpenAI model that, asked with
 * `refund:<order>:<usd>` as its first message, calls `refund({ order, usd })` with the id `call_1` in step 1 and
 * answers in step 2; and a refund tool that needs approval and logs each refund it makes. Two runs with the same
 * first message make a call of the same id, tool and input: what an approval copied from one run to another
 * would need to run.
 */
import { type Duration, Effect, Layer, Schema, Stream } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore, Tool } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "./DurableAgent.js"
import { postgresBin, type RunningPostgres, startPostgres } from "./PostgresServer.js"
import { freePort } from "./RedisServer.js"

const { chunk, end } = DurableAgent

/** The first message of a run that refunds `order`. */
export const request = (order: string, usd: number) => [Message.user(`refund:${order}:${usd}`)]

/** The scripted model. */
export const model: Layer.Layer<LanguageModel.LanguageModel> = DurableAgent.scriptedModel((first, n) => {
  const [, order, usd] = first.split(":")
  const call = {
    tool_calls: [{
      index: 0,
      id: "call_1",
      type: "function",
      function: { name: "refund", arguments: JSON.stringify({ order, usd: Number(usd) }) }
    }]
  }
  return Stream.fromIterable(
    n === 1 ? [chunk(1, call), ...end(1, "tool_calls")] : [chunk(2, { content: "Done." }), ...end(2, "stop")]
  )
})

/** A refund tool that needs approval, each refund logged to `ran`. */
export const refundTool = (ran: Array<string>) =>
  Tool.handle(
    Tool.make("refund", { parameters: Schema.Struct({ order: Schema.String, usd: Schema.Number }) }),
    ({ order, usd }) => Effect.sync(() => (ran.push(order), `refunded ${order} ($${usd})`)),
    { needsApproval: true }
  )

/** An agent named `name` whose refunds are logged to `ran`. */
export const agent = (name: string, ran: Array<string>, options?: { readonly storageTimeout?: Duration.Input }) =>
  LanguageModel.durableLoop(name, { tools: [refundTool(ran)], ...options })

const { fastSharding } = DurableAgent

/**
 * A durable engine to run on: its name; `place`, a place it keeps its runs in (a SQLite file, a PostgreSQL database)
 * made when a test needs it, as a function that makes an engine there each time it is called (`undefined`: not
 * installed); `layer`, an engine on a place of its own; whether an engine made again on its place finds the runs of the
 * one before (`lasts`: the memory engine keeps nothing).
 */
export interface Engine {
  readonly name: string
  readonly place: () => Promise<(() => Layer.Layer<any, any>) | undefined>
  readonly layer: () => Promise<Layer.Layer<any, any> | undefined>
  readonly lasts: boolean
}

/** An engine of `name` on the places `place` makes. */
const engineOf = (
  name: string,
  lasts: boolean,
  place: () => Promise<(() => Layer.Layer<any, any>) | undefined>
): Engine => ({ name, lasts, place, layer: async () => (await place())?.() })

/**
 * Effect's memory engine, the embedded engine on a SQLite file, and a runner on a PostgreSQL started when first
 * needed (one database, each engine there a runner on a free port of its own); `stop` stops the PostgreSQL.
 */
export const engines = (): { readonly list: ReadonlyArray<Engine>; readonly stop: () => Promise<void> } => {
  let postgres: Promise<RunningPostgres> | undefined
  const list: ReadonlyArray<Engine> = [
    engineOf("memory", false, async () => () => DurableLoop.layerMemory),
    engineOf("SQLite", true, async () => {
      const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-")), "runs.db")
      return () => DurableLoop.layerSqlite({ filename, shardingConfig: fastSharding })
    }),
    engineOf("PostgreSQL", true, async () => {
      if (postgresBin === undefined) return undefined
      const running = await (postgres ??= startPostgres())
      return () =>
        Layer.unwrap(Effect.promise(async () =>
          DurableLoop.layerPostgres({
            url: running.url,
            runnerAddress: { host: "127.0.0.1", port: await freePort() },
            shardingConfig: fastSharding
          })
        ))
    })
  ]
  return { list, stop: async () => (await postgres)?.stop() }
}

/**
 * Runs `program` with an agent's layer (`agent`) on `engine`, its model `model` and a memory `StreamStore`; skipped
 * (nothing run) where the engine is not installed.
 */
export const onEngine = <A, E>(
  engine: Engine,
  agent: Layer.Layer<never, never, any>,
  model: Layer.Layer<LanguageModel.LanguageModel>,
  program: Effect.Effect<A, E, any>
) =>
  Effect.flatMap(
    Effect.promise(engine.layer),
    (layer) =>
      layer === undefined ? Effect.void : Effect.asVoid(program.pipe(
        Effect.provide(agent.pipe(
          Layer.provideMerge(layer),
          Layer.provide(model),
          Layer.provideMerge(StreamStore.layerMemory())
        ))
      ))
  )

/**
 * Runs `before` with the layer `agents[0]`, then `after` (given what `before` gave) with `agents[1]` on an engine made
 * again on the same place: a restart (on the memory engine, which keeps nothing, both on one engine with `agents[0]`);
 * each with the model `model`, over one memory `StreamStore`. Skipped (nothing run: `false`) where the engine is not
 * installed.
 */
export const onEngineRestarted = <A, E, E2>(
  engine: Engine,
  agents: readonly [Layer.Layer<never, never, any>, Layer.Layer<never, never, any>],
  model: Layer.Layer<LanguageModel.LanguageModel>,
  before: Effect.Effect<A, E, any>,
  after: (a: A) => Effect.Effect<unknown, E2, any>
) =>
  Effect.flatMap(Effect.promise(engine.place), (place) => {
    if (place === undefined) return Effect.succeed(false)
    const on = (agent: Layer.Layer<never, never, any>) => <X, EX>(program: Effect.Effect<X, EX, any>) =>
      Effect.provide(program, agent.pipe(Layer.provideMerge(place()), Layer.provide(model)))
    const both = engine.lasts
      ? Effect.flatMap(on(agents[0])(before), (a) => on(agents[1])(after(a)))
      : on(agents[0])(Effect.flatMap(before, after))
    return Effect.as(Effect.provide(both, StreamStore.layerMemory()), true)
  })
