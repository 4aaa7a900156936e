/**
 * One process of the test of an MCP task in a durable loop killed and resumed (bundled by esbuild, run with plain
 * `node`): a durable loop on a SQLite file whose scripted model calls the Tasks server's `held` tool (at `url`) in
 * step 1 and answers in step 2. A `first` process starts the run (`STARTED`), to be killed while the task works; a
 * `second` one on the same file waits for the run's end and prints it (`DONE <json>`: its reason and the tool's
 * result). `READY` once the engine is up.
 *
 *   node child.mjs '{"sqlite":"<file>","url":"<server>","phase":"first"}'
 */
import { Effect, Layer, Stream } from "effect"
import { DurableLoop, LanguageModel, Mcp, Message } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as DurableAgent from "./DurableAgent.js"

const config: { readonly sqlite: string; readonly url: string; readonly phase: "first" | "second" } = JSON.parse(
  process.argv[2]!
)
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))

const call = {
  tool_calls: [{ index: 0, id: "call_held", type: "function", function: { name: "held", arguments: "{}" } }]
}
const model = DurableAgent.scriptedModel((_, n) =>
  Stream.fromIterable(
    n === 1
      ? [DurableAgent.chunk(1, call), ...DurableAgent.end(1, "tool_calls")]
      : [DurableAgent.chunk(2, { content: "Done." }), ...DurableAgent.end(2, "stop")]
  )
)

const program = Effect.gen(function*() {
  const tools = yield* Mcp.tools({
    transport: { http: { url: config.url } },
    include: ["held"],
    needsApproval: false,
    timeout: "60 seconds"
  })
  const loop = LanguageModel.durableLoop("mcp-task", { tools })
  yield* Layer.build(loop.layer)
  yield* say("READY")
  const input = { executionId: "task-run", messages: [Message.user("Run the held task")] }
  if (config.phase === "first") {
    yield* loop.run(input, { discard: true })
    yield* say("STARTED")
    return yield* Effect.never
  }
  const done = yield* loop.run({ ...input, messages: [] })
  const result = done.messages.find((message) => message._tag === "ToolResultMessage")
  yield* say(`DONE ${JSON.stringify({ reason: done.reason, result: result?.content })}`)
  return yield* Effect.never
})

const Live = Layer.mergeAll(
  DurableLoop.layerSqlite({ filename: config.sqlite, shardingConfig: DurableAgent.fastSharding }),
  model,
  FetchHttpClient.layer
)

Effect.runPromise(Effect.provide(Effect.scoped(program), Live) as Effect.Effect<void, unknown>).catch((error) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
