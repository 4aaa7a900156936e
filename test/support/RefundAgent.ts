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

/** A durable engine to run on: its name, and a layer made when a test needs it (`undefined`: not installed). */
export interface Engine {
  readonly name: string
  readonly layer: () => Promise<Layer.Layer<any, any> | undefined>
}

/**
 * Effect's memory engine, the embedded engine on a SQLite file, and a runner on a PostgreSQL started when first
 * needed; `stop` stops the PostgreSQL.
 */
export const engines = (): { readonly list: ReadonlyArray<Engine>; readonly stop: () => Promise<void> } => {
  let postgres: Promise<RunningPostgres> | undefined
  const list: ReadonlyArray<Engine> = [
    { name: "memory", layer: async () => DurableLoop.layerMemory },
    {
      name: "SQLite",
      layer: async () =>
        DurableLoop.layerSqlite({
          filename: Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-")), "runs.db"),
          shardingConfig: fastSharding
        })
    },
    {
      name: "PostgreSQL",
      layer: async () => {
        if (postgresBin === undefined) return undefined
        const running = await (postgres ??= startPostgres())
        return DurableLoop.layerPostgres({
          url: running.url,
          runnerAddress: { host: "127.0.0.1", port: await freePort() },
          shardingConfig: fastSharding
        })
      }
    }
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
