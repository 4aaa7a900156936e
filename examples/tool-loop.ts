/**
 * The tool loop: `LanguageModel.runTools` streams a step, runs each tool call with its handler, sends the turn
 * and the results back, and streams again until the model answers, within a step count and a budget in dollars.
 *
 * `npx tsx examples/tool-loop.ts` runs it against the bundled replay server, which answers the two calls
 * with a real recorded conversation (Anthropic, parallel tool calls). The program itself is
 * provider-agnostic: give it another `LanguageModel` layer and it runs unchanged.
 */
import { Console, Effect, Layer, Option, Redacted, Schema, Stream } from "effect"
import { Anthropic, Cost, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Path from "node:path"

const secrets: Record<string, string> = { mellon: "Welcome to Moria!", radiance: "Life before Death" }

/** A tool with its handler: its input decoded with the Schema, its output sent back as the result. */
const secretRetrieval = Tool.handle(
  Tool.make("secret_retrieval_tool", {
    description: "A tool that requires a password to retrieve a secret.",
    parameters: Schema.Struct({ password: Schema.String })
  }),
  ({ password }) => Effect.succeed(secrets[password] ?? "no such password"),
  { timeout: "10 seconds" }
)

/** Runs the loop, printing the text as it streams, each tool result and each step's cost; gives its last event. */
export const program = Effect.gen(function*() {
  let done: LanguageModel.DoneEvent | undefined
  yield* LanguageModel.runTools({
    system: "Use parallel tool calling.",
    messages: [Message.user("Please retrieve the secrets associated with each of these passwords: mellon,radiance")],
    tools: [secretRetrieval],
    stopWhen: LanguageModel.stepCountIs(5),
    budget: { usd: "0.10" }
  }).pipe(
    Stream.runForEach((event) => {
      switch (event._tag) {
        case "ChunkEvent":
          return Effect.sync(() => process.stdout.write(event.chunk.content))
        case "ToolResultEvent":
          return Console.log(`\n  [${event.call.name}(${event.call.arguments}) → ${event.message.content}]`)
        case "ToolProgressEvent":
        case "ApprovalRequestEvent":
        case "BudgetQuestionEvent":
        case "SteeringEvent":
          return Effect.void
        case "StepEndEvent":
          return Console.log(
            `\n(step ${event.step}: ${
              event.ending.response.cost.pipe((cost) => cost._tag === "Some" ? Cost.format(cost.value) : "unpriced")
            })`
          )
        case "DoneEvent":
          return Effect.sync(() => {
            done = event
          })
      }
    })
  )
  yield* Console.log(
    `(done: ${done!.reason} after ${done!.steps.length} steps, ${
      Option.match(done!.cost, { onNone: () => "unpriced", onSome: Cost.format })
    })`
  )
  return done!
})

/** The replayed conversation: the recorded tool-call response, then the recorded answer. */
export const replayModel = (server: ReplayServer.ReplayServer) => {
  const fixture = (name: string) =>
    Fs.readFileSync(Path.join(import.meta.dirname, "..", "test", "fixtures", "anthropic", name))
  const headers = { "content-type": "text/event-stream" }
  const baseUrl = server.serve([
    { headers, body: fixture("tool-use.sse"), cuts: [100, 900, 1500] },
    { headers, body: fixture("tool-loop-answer.sse"), cuts: [300] }
  ])
  return {
    baseUrl,
    layer: Anthropic.model("claude-sonnet-4-6").pipe(
      Layer.provide(Anthropic.layer({ apiKey: Redacted.make("replay"), baseUrl })),
      Layer.provide(FetchHttpClient.layer)
    )
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    yield* Console.log("(replaying a recorded Anthropic conversation from the local replay server)\n")
    yield* program.pipe(Effect.provide(replayModel(server).layer))
  }).pipe(Effect.scoped, Effect.runPromise)
}
