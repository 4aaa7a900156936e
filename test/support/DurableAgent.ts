/**
 * The agent of the durable loop's tests: a scripted OpenAI model of three steps (a lookup with some text, a
 * transfer that needs approval, an answer) that logs each call it is asked, and handlers that log each run, to
 * files (so counts survive the processes that are killed). Each run says its scenario in its first message
 * (`scenario:<name>`), and its calls' ids end with it: several runs share a process and a database, each with its
 * own counts. In a process told to `stop`, the model or a handler announces the run's point (`POINT <scenario>`
 * on stdout) and waits there, to be killed.
 */
import { Context, Effect, Layer, Option, Schedule, Schema, Stream } from "effect"
import {
  type CallResponseChunk,
  DurableLoop,
  LanguageModel,
  Message,
  OpenAI,
  type ProviderError,
  Tool
} from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"

/**
 * Where a first process stops a run: in the middle of step 1, in step 1's handler, at the start of step 2, while
 * the run waits for approval, in the approved handler once its approval is answered (`budget`: in the middle of
 * step 1, under a tight budget).
 */
export type Scenario = "mid-step" | "after-step" | "after-handler" | "approval" | "approved-handler" | "budget"

export const transferCallId = (scenario: string) => `call_transfer_${scenario}`

/**
 * Sharding settings that make a dead runner's shards free in seconds, and runners poll often. A runner giving up a
 * shard as others join waits for a step in flight there (the cluster's `entityTerminationTimeout`, 15 s, left as it
 * is: a step cut by a shorter one runs again on the new owner), not for the runs it replays (`HeldRuns`).
 */
export const fastSharding = {
  shardLockExpiration: "4 seconds",
  shardLockRefreshInterval: "1 second",
  refreshAssignmentsInterval: "500 millis",
  runnerHealthCheckInterval: "1 second",
  entityMessagePollInterval: "500 millis",
  entityReplyPollInterval: "100 millis"
} as const

/**
 * The processes of a durable loop (`loop`, its layer) on a SQLite file of its own (`prefix` names its folder): each
 * runs `effect` with the loop's engine on that file, closed when `effect` ends (a restart before the next), its model
 * `model`. A store given around them is one across them.
 */
export const sqliteProcesses = <ROut, E, RIn, M, EM>(
  loop: Layer.Layer<ROut, E, RIn>,
  model: Layer.Layer<M, EM>,
  prefix: string
) => {
  const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), prefix)), "runs.db")
  return <A, EA>(effect: Effect.Effect<A, EA, any>) =>
    effect.pipe(
      Effect.provide(loop.pipe(
        Layer.provideMerge(DurableLoop.layerSqlite({ filename, shardingConfig: fastSharding })),
        Layer.provide(model)
      )),
      Effect.scoped
    )
}

class Counters extends Context.Service<Counters, { readonly dir: string; readonly stop: boolean }>()(
  "test/DurableAgent/Counters"
) {}

const log = (dir: string, file: string, line: string) => Fs.appendFileSync(Path.join(dir, file), `${line}\n`)

/** The lines of a run's counter (`model`, `lookup`, `transfer`). */
export const lines = (dir: string, scenario: string, counter: string): ReadonlyArray<string> => {
  const path = Path.join(dir, `${counter}-${scenario}.log`)
  return Fs.existsSync(path) ? Fs.readFileSync(path, "utf8").split("\n").filter((line) => line !== "") : []
}

/** How often a step held `until` a file exists looks for it. */
const untilPoll = Schedule.spaced("50 millis")

const stopHere = (scenario: string) =>
  Effect.andThen(Effect.sync(() => process.stdout.write(`POINT ${scenario}\n`)), Effect.never)

const scenarioOf = (call: Tool.ToolCall) => call.id.replace(/^call_[a-z]+_/, "")

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }, call) =>
    Effect.flatMap(
      Counters,
      ({ dir, stop }) =>
        stop && scenarioOf(call) === "after-step" ? stopHere("after-step") : Effect.sync(() => {
          log(dir, `lookup-${scenarioOf(call)}.log`, call.id)
          return `found ${q}`
        })
    )
)

/** The approved handler: each run it starts logged (`transfer-started`), each it finishes (`transfer`). */
const transfer = Tool.handle(
  Tool.make("transfer", { parameters: Schema.Struct({ amount: Schema.Number }) }),
  ({ amount }, call) =>
    Effect.flatMap(Counters, ({ dir, stop }) => {
      log(dir, `transfer-started-${scenarioOf(call)}.log`, call.id)
      return stop && scenarioOf(call) === "approved-handler" ? stopHere("approved-handler") : Effect.sync(() => {
        log(dir, `transfer-${scenarioOf(call)}.log`, call.id)
        return { transferred: amount }
      })
    }),
  { needsApproval: true }
)

/** The agent ($1 of budget), and one whose budget the three steps fit ($0.000108 in all) but not a fourth. */
export const tools = [lookup, transfer] as const
export const agent = LanguageModel.durableLoop("test-agent", { tools, budget: { usd: "1" } })
export const tightAgent = LanguageModel.durableLoop("test-agent-tight", {
  tools: [lookup, transfer],
  budget: { usd: "0.00012" }
})
export const agentOf = (scenario: Scenario) => scenario === "budget" ? tightAgent : agent

/** A run's first message. */
export const request = (scenario: Scenario) => [Message.user(`scenario:${scenario}`)]

export const handlers = (dir: string, stop: boolean): Layer.Layer<Counters> => Layer.succeed(Counters, { dir, stop })

const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)

/** A scripted OpenAI chunk of step `n`. */
export const chunk = (n: number, delta: object, rest: object = {}) =>
  decode({ id: `chatcmpl-${n}`, model: "gpt-4o-mini", choices: [{ index: 0, delta, ...rest }] })
const call = (id: string, name: string, args: string) => ({
  tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: args } }]
})
/** The last chunks of step `n`: its finish reason, then its usage. */
export const end = (n: number, reason: string) => [
  chunk(n, {}, { finish_reason: reason }),
  decode({
    id: `chatcmpl-${n}`,
    model: "gpt-4o-mini",
    choices: [],
    usage: { prompt_tokens: 100 * n, completion_tokens: 10, total_tokens: 100 * n + 10 }
  })
]

/** The chunks of step `n` (each step costs $0.000021, $0.000036, $0.000051 at gpt-4o-mini's prices). */
const script = (n: number, scenario: string) =>
  n === 1
    ? [
      chunk(1, { content: "Let me " }),
      chunk(1, { content: "look." }),
      chunk(1, call(`call_lookup_${scenario}`, "lookup", `{"q":"durable"}`)),
      ...end(1, "tool_calls")
    ]
    : n === 2
    ? [chunk(2, call(transferCallId(scenario), "transfer", `{"amount":5}`)), ...end(2, "tool_calls")]
    : [chunk(3, { content: "All " }), chunk(3, { content: "done." }), ...end(3, "stop")]

/**
 * A scripted gpt-4o-mini: each request answered by `respond`, from the text of the conversation's first message
 * and the step (one more than its assistant turns).
 */
export const scriptedModel = (
  respond: (
    first: string,
    step: number,
    messages: ReadonlyArray<Message.Message>
  ) => Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
): Layer.Layer<LanguageModel.LanguageModel> =>
  Layer.succeed(
    LanguageModel.LanguageModel,
    LanguageModel.LanguageModel.of({
      provider: "openai",
      model: "gpt-4o-mini",
      stream: (input) =>
        Stream.suspend(() => {
          const messages = typeof input === "string" ? [] : input.messages
          const first = messages[0]
          const n = messages.filter((message) => message._tag === "AssistantMessage").length + 1
          return respond(first?._tag === "UserMessage" ? first.text : "", n, messages)
        })
    })
  )

/**
 * A scripted gpt-4o-mini that calls `name` (id `call_<name>`, input `args`) on its first request and answers `Done
 * <n>.` on the others; `seen` hears each request's messages.
 */
export const callThenAnswer = (
  name: string,
  args: string,
  seen: (messages: ReadonlyArray<Message.Message>) => void = () => {}
): Layer.Layer<LanguageModel.LanguageModel> =>
  scriptedModel((_, n, messages) => {
    seen(messages)
    return Stream.fromIterable(
      n === 1
        ? [chunk(1, call(`call_${name}`, name, args)), ...end(1, "tool_calls")]
        : [chunk(n, { content: `Done ${n}.` }), ...end(n, "stop")]
    )
  })

/** What a request carries of the tools: the ids of its calls, then of its results (`calls a,b results a`). */
const sent = (messages: ReadonlyArray<Message.Message>) => {
  const calls = messages.flatMap((message) =>
    message._tag === "AssistantMessage" ? message.toolCalls.map((call) => call.id) : []
  )
  const results = messages.flatMap((message) => message._tag === "ToolResultMessage" ? [message.toolCallId] : [])
  return `calls ${calls.join(",")} results ${results.join(",")}`
}

/**
 * The scripted model: the run's scenario from its first message, the step from its assistant turns. With `slowStep`,
 * that step says it was asked (`ASKED <scenario> <n>` on stdout) and answers two seconds later, or, with `until`, once
 * that file exists.
 */
export const model = (
  dir: string,
  stop: boolean,
  options: { readonly slowStep?: number | undefined; readonly until?: string | undefined } = {}
): Layer.Layer<LanguageModel.LanguageModel> =>
  scriptedModel((first, n, messages) => {
    const scenario = first.replace("scenario:", "")
    log(dir, `model-${scenario}.log`, `step ${n}`)
    log(dir, `sent-${scenario}.log`, sent(messages))
    const chunks = Stream.fromIterable(script(n, scenario))
    if (options.slowStep === n) {
      const asked = Effect.sync(() => process.stdout.write(`ASKED ${scenario} ${n}\n`))
      const until = options.until
      const wait = until === undefined
        ? Effect.sleep("2 seconds")
        : Effect.repeat(Effect.sync(() => Fs.existsSync(until)), { until: (found) => found, schedule: untilPoll })
      return Stream.concat(Stream.drain(Stream.fromEffect(Effect.andThen(asked, wait))), chunks)
    }
    if (stop && (scenario === "mid-step" || scenario === "budget") && n === 1) {
      return Stream.concat(Stream.take(chunks, 2), Stream.fromEffect(stopHere(scenario)))
    }
    if (stop && scenario === "after-handler" && n === 2) return Stream.fromEffect(stopHere(scenario))
    return chunks
  })

const encodeMessages = Schema.encodeSync(Schema.toCodecJson(Schema.Array(Message.Message)))

/** What the tests compare of a `DoneEvent`: why it stopped, its steps, usage, exact cost and messages. */
export const summary = (done: LanguageModel.DoneEvent) => ({
  reason: done.reason,
  steps: done.steps.length,
  usage: { inputTokens: done.usage.inputTokens, outputTokens: done.usage.outputTokens },
  cost: Option.getOrUndefined(done.cost)?.toJSON().total,
  messages: encodeMessages(done.messages) as ReadonlyArray<unknown>
})
