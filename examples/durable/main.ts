/**
 * A durable tool loop on one machine, with no service running: `npm run example:durable`.
 *
 * The agent looks a word up, then asks to send an email, which needs approval; the run waits for it without a
 * fiber, on a `DurableDeferred` in the SQLite file `.durable-example.db`. The program approves it (as a server
 * would, from its own endpoint) and prints the run's end and its live view. Kill it at any point (Ctrl-C, or
 * `kill -9`) and run it again: the run under the same id goes on where it stopped, without asking the model a
 * finished step again or running a handler twice; once it has ended, a new start joins it and prints it again.
 * Delete the file to start afresh.
 *
 * The model is scripted here (no key needed); give the program `OpenAI.model(...)` or any `LanguageModel` layer.
 */
import { Console, Effect, Layer, Option, Schema, Stream } from "effect"
import { Cost, DurableLoop, LanguageModel, Message, OpenAI, Tool } from "effect-llm-stream"

const lookup = Tool.handle(
  Tool.make("lookup", { description: "Looks a word up", parameters: Schema.Struct({ word: Schema.String }) }),
  ({ word }) => Effect.succeed(`"${word}": lasting; able to withstand wear`)
)

const sendEmail = Tool.handle(
  Tool.make("send_email", { parameters: Schema.Struct({ to: Schema.String, text: Schema.String }) }),
  // The model's call id is the handler's idempotency key: give it to the mail service.
  ({ to }, call) => Console.log(`(sending the email to ${to}, idempotency key ${call.id})`).pipe(Effect.as("sent")),
  { needsApproval: true }
)

const agent = LanguageModel.durableLoop("example-agent", { tools: [lookup, sendEmail], budget: { usd: "0.05" } })

/** A scripted model: a lookup, an email, an answer (the step is known from the assistant turns sent). */
const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
const step = (n: number, delta: object, finish: string) => [
  decode({ id: `c${n}`, model: "gpt-4o-mini", choices: [{ index: 0, delta }] }),
  decode({
    id: `c${n}`,
    model: "gpt-4o-mini",
    choices: [{ index: 0, delta: {}, finish_reason: finish }],
    usage: { prompt_tokens: 120 * n, completion_tokens: 20, total_tokens: 120 * n + 20 }
  })
]
const call = (id: string, name: string, args: object) => ({
  tool_calls: [{ index: 0, id, type: "function", function: { name, arguments: JSON.stringify(args) } }]
})
const Model = Layer.succeed(
  LanguageModel.LanguageModel,
  LanguageModel.LanguageModel.of({
    provider: "openai",
    model: "gpt-4o-mini",
    stream: (input) => {
      const n = typeof input === "string" ? 1 : input.messages.filter((m) => m._tag === "AssistantMessage").length + 1
      return Stream.fromIterable(
        n === 1
          ? step(1, call("call_lookup", "lookup", { word: "durable" }), "tool_calls")
          : n === 2
          ? step(
            2,
            call("call_email", "send_email", { to: "ada@example.com", text: "Durable means lasting." }),
            "tool_calls"
          )
          : step(3, { content: "I looked it up and emailed Ada." }, "stop")
      )
    }
  })
)

const executionId = "example-run-1"

const program = Effect.gen(function*() {
  yield* agent.run({ executionId, messages: [Message.user("Look up 'durable' and email Ada")] }, { discard: true })
  yield* Console.log(`run ${executionId} started (or joined)`)
  // The server decides (here at once; hours later would do, from any process on the file).
  yield* Effect.sleep("1 second")
  yield* agent.approve(executionId, "call_email", { approved: true })
  const done = yield* agent.run({ executionId, messages: [] })
  // What the run is billed for: the providers' usage, with a crash-cut attempt's estimate when there was one.
  const spend = Option.match(done.spend.cost, { onNone: () => "unknown", onSome: Cost.format })
  yield* Console.log(
    `done: ${done.reason}, ${done.steps.length} steps, spent ${spend}${done.spend.estimated ? " (estimated)" : ""}`
  )
  const last = done.messages.at(-1)
  yield* Console.log(`answer: ${last?._tag === "AssistantMessage" ? last.text : ""}`)
})

const Engine = DurableLoop.layerSqlite({ filename: ".durable-example.db" })

Effect.runPromise(
  program.pipe(
    Effect.provide(agent.layer.pipe(Layer.provideMerge(Engine), Layer.provide(Model)))
  )
).then(() => process.exit(0), (error) => {
  console.error(error)
  process.exit(1)
})
