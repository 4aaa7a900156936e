/**
 * The agent of the durable loop's tests: a scripted OpenAI model of three steps (a lookup with some text, a
 * transfer that needs approval, an answer) that logs each call it is asked, and handlers that log each run,
 * to files (so counts survive the processes that are killed). A `Point` makes the model or a handler announce
 * it (`POINT <name>` on stdout) and wait there, to be killed.
 */
import { Context, Effect, Layer, Schema, Stream } from "effect"
import { LanguageModel, Message, OpenAI, Tool } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Path from "node:path"

/** Where a first process stops: in the middle of step 1, in step 1's handler, at the start of step 2. */
export type Point = "mid-step" | "after-step" | "after-handler"

export const transferCallId = "call_transfer"

/** Sharding settings that make a dead runner's shards free in seconds (the tests' PostgreSQL runners). */
export const fastSharding = {
  shardLockExpiration: "4 seconds",
  shardLockRefreshInterval: "1 second",
  refreshAssignmentsInterval: "500 millis",
  runnerHealthCheckInterval: "1 second",
  entityMessagePollInterval: "500 millis",
  entityReplyPollInterval: "100 millis"
} as const

class Counters extends Context.Service<Counters, { readonly dir: string; readonly stopAt: string | undefined }>()(
  "test/DurableAgent/Counters"
) {}

const log = (dir: string, file: string, line: string) => Fs.appendFileSync(Path.join(dir, file), `${line}\n`)

/** The lines a counter file holds. */
export const lines = (dir: string, file: string): ReadonlyArray<string> => {
  const path = Path.join(dir, file)
  return Fs.existsSync(path) ? Fs.readFileSync(path, "utf8").split("\n").filter((line) => line !== "") : []
}

const stopHere = (point: string) =>
  Effect.andThen(Effect.sync(() => process.stdout.write(`POINT ${point}\n`)), Effect.never)

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }, call) =>
    Effect.flatMap(Counters, ({ dir, stopAt }) =>
      stopAt === "after-step" ? stopHere("after-step") : Effect.sync(() => {
        log(dir, "lookup.log", call.id)
        return `found ${q}`
      }))
)

const transfer = Tool.handle(
  Tool.make("transfer", { parameters: Schema.Struct({ amount: Schema.Number }) }),
  ({ amount }, call) =>
    Effect.flatMap(Counters, ({ dir }) =>
      Effect.sync(() => {
        log(dir, "transfer.log", call.id)
        return { transferred: amount }
      })),
  { needsApproval: true }
)

/** The agent, with a budget (its steps cost $0.000021, $0.000036 and $0.000051: $0.000108 in all). */
export const agentWith = (usd: string) =>
  LanguageModel.durableLoop("test-agent", { tools: [lookup, transfer], budget: { usd } })

export const agent = agentWith("1")

export const handlers = (dir: string, stopAt: string | undefined): Layer.Layer<Counters> =>
  Layer.succeed(Counters, { dir, stopAt })

const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
const chunk = (n: number, delta: object, rest: object = {}) =>
  decode({ id: `chatcmpl-${n}`, model: "gpt-4o-mini", choices: [{ index: 0, delta, ...rest }] })
const call = (id: string, name: string, args: string) => ({
  tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: args } }]
})
const end = (n: number, reason: string) => [
  chunk(n, {}, { finish_reason: reason }),
  decode({
    id: `chatcmpl-${n}`,
    model: "gpt-4o-mini",
    choices: [],
    usage: { prompt_tokens: 100 * n, completion_tokens: 10, total_tokens: 100 * n + 10 }
  })
]

/** The chunks of step `n`. */
const script = (n: number) =>
  n === 1
    ? [
      chunk(1, { content: "Let me " }),
      chunk(1, { content: "look." }),
      chunk(1, call("call_lookup", "lookup", `{"q":"durable"}`)),
      ...end(1, "tool_calls")
    ]
    : n === 2
    ? [chunk(2, call(transferCallId, "transfer", `{"amount":5}`)), ...end(2, "tool_calls")]
    : [chunk(3, { content: "All " }), chunk(3, { content: "done." }), ...end(3, "stop")]

/** The scripted model: the step is known from the conversation sent (its assistant turns). */
export const model = (dir: string, stopAt: string | undefined): Layer.Layer<LanguageModel.LanguageModel> =>
  Layer.succeed(
    LanguageModel.LanguageModel,
    LanguageModel.LanguageModel.of({
      provider: "openai",
      model: "gpt-4o-mini",
      stream: (input) =>
        Stream.suspend(() => {
          const messages = typeof input === "string" ? [] : input.messages
          const n = messages.filter((message) => message._tag === "AssistantMessage").length + 1
          log(dir, "model.log", `step ${n}`)
          const chunks = Stream.fromIterable(script(n))
          if (stopAt === "mid-step" && n === 1) {
            return Stream.concat(Stream.take(chunks, 2), Stream.fromEffect(stopHere("mid-step")))
          }
          if (stopAt === "after-handler" && n === 2) return Stream.fromEffect(stopHere("after-handler"))
          return chunks
        })
    })
  )

const encodeMessages = Schema.encodeSync(Schema.toCodecJson(Schema.Array(Message.Message)))

/** What the tests compare of a `DoneEvent`: why it stopped, its steps, usage, exact cost and messages. */
export const summary = (done: LanguageModel.DoneEvent) => ({
  reason: done.reason,
  steps: done.steps.length,
  usage: { inputTokens: done.usage.inputTokens, outputTokens: done.usage.outputTokens },
  cost: done.cost === undefined ? undefined : done.cost.toJSON().total,
  messages: encodeMessages(done.messages)
})
