/**
 * One process of the durable steering crash test (bundled by esbuild, run with plain `node`): the agent `steered` on
 * the embedded engine (a SQLite file), its model a scripted gpt-4o-mini that calls `transfer` (which needs approval)
 * on its first request and answers `Done <n>.` after, logging each request's messages to a file. A `first` process
 * starts the run, waits until it asks for approval, steers one message and queues another (`SENT <json>`), then says
 * `POINT`, to be killed; a `second` one on the same file sends the steered message again under its id (`AGAIN
 * <json>`), answers the approval, prints the run's end (`DONE <json>`), then how a message sent after it is refused
 * (`LATE <reason>`).
 *
 *   node child.mjs '<json of Config>'
 */
import { Effect, Layer, Schedule, Schema, Stream } from "effect"
import { DurableLoop, LanguageModel, Message, Tool, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as DurableAgent from "./DurableAgent.js"

interface Config {
  readonly sqlite: string
  readonly dir: string
  readonly phase: "first" | "second"
}

const config: Config = JSON.parse(process.argv[2]!)
const say = (line: string) => Effect.sync(() => process.stdout.write(`${line}\n`))
const executionId = "steered-run"
const owner = "alice"

const transfer = Tool.handle(
  Tool.make("transfer", { parameters: Schema.Struct({ amount: Schema.Number }) }),
  ({ amount }) => Effect.succeed({ transferred: amount }),
  { needsApproval: true }
)

export const steered = LanguageModel.durableLoop("steered", { tools: [transfer], steering: { maxPending: 4 } })

const textOf = (message: Message.Message) =>
  message._tag === "UserMessage" || message._tag === "AssistantMessage" ? `:${message.text}` : ""

/** The model: each request's messages logged (`requests.log`, a JSON line each). */
const model = DurableAgent.callThenAnswer("transfer", `{"amount":5}`, (messages) =>
  Fs.appendFileSync(
    Path.join(config.dir, "requests.log"),
    `${JSON.stringify(messages.map((message) => `${message._tag}${textOf(message)}`))}\n`
  ))

const first = Effect.gen(function*() {
  yield* steered.run({ executionId, owner, messages: [Message.user("Transfer 5")] }, { discard: true })
  const view = yield* UIMessageStream.resume(executionId, { owner }).pipe(
    Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
  )
  yield* view.pipe(Stream.takeUntil((chunk) => chunk.type === "tool-approval-request"), Stream.runDrain)
  const sent = [
    yield* steered.steer(executionId, "Use the staging account", { owner, id: "s1" }),
    yield* steered.queue(executionId, "Then send a receipt", { owner, id: "q1" })
  ]
  yield* say(`SENT ${JSON.stringify(sent)}`)
  yield* say("POINT")
})

const second = Effect.gen(function*() {
  const again = yield* steered.steer(executionId, "Use the staging account", { owner, id: "s1" })
  yield* say(`AGAIN ${JSON.stringify(again)}`)
  yield* steered.approve(executionId, "call_transfer", { approved: true, owner })
  const done = yield* steered.run({ executionId, owner, messages: [] })
  yield* say(`DONE ${
    JSON.stringify({
      reason: done.reason,
      steps: done.steps.length,
      messages: done.messages.map((message) => `${message._tag}${textOf(message)}`),
      notDelivered: done.notDelivered ?? []
    })
  }`)
  const late = yield* Effect.flip(steered.steer(executionId, "Too late", { owner }))
  yield* say(`LATE ${late._tag === "SteeringError" ? late.reason : late._tag}`)
})

const Live = steered.layer.pipe(
  Layer.provideMerge(DurableLoop.layerSqlite({ filename: config.sqlite, shardingConfig: DurableAgent.fastSharding })),
  Layer.provide(model)
)

const phase: Effect.Effect<void, unknown, any> = config.phase === "first" ? first : second
const program = phase.pipe(Effect.andThen(Effect.never))

Effect.runPromise(Effect.provide(program, Live) as unknown as Effect.Effect<void, unknown>).catch((error) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
