/**
 * The tool loop: stream a call with tools, run each tool call as soon as it is complete, send the
 * results back, and stream the answer.
 *
 * `npx tsx examples/tool-loop.ts` runs it against the bundled replay server, which answers the two calls
 * with a real recorded conversation (Anthropic, parallel tool calls). The program itself is
 * provider-agnostic: give it another `LanguageModel` layer and it runs unchanged.
 */
import { Console, Effect, Layer, Redacted, Schema, Stream } from "effect"
import { Anthropic, CallResponse, CallStream, LanguageModel, Message, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Path from "node:path"

const secretRetrieval = Tool.make("secret_retrieval_tool", {
  description: "A tool that requires a password to retrieve a secret.",
  parameters: Schema.Struct({ password: Schema.String })
})
const tools = [secretRetrieval] as const

const secrets: Record<string, string> = { mellon: "Welcome to Moria!", radiance: "Life before Death" }

/** One turn: streams the call, runs each tool as soon as its call is complete, returns the response and results. */
const turn = (messages: ReadonlyArray<Message.Message>) =>
  Effect.gen(function*() {
    const results: Array<Message.Message> = []
    let response = CallResponse.empty
    yield* LanguageModel.stream({ system: "Use parallel tool calling.", messages, tools }).pipe(
      CallStream.withToolCalls(tools),
      Stream.runForEach((event) => {
        switch (event._tag) {
          case "Chunk":
            return Effect.sync(() => {
              process.stdout.write(event.chunk.content)
              response = CallResponse.append(response, event.chunk)
            })
          case "ToolCall":
            return Effect.gen(function*() {
              const secret = secrets[event.input.password] ?? "no such password"
              yield* Console.log(`\n  [ran ${event.name}(${event.input.password}) → ${secret}]`)
              results.push(Message.toolResult({ toolCallId: event.id, name: event.name, content: secret }))
            })
          case "ToolCallProgress":
            return Effect.void
        }
      })
    )
    return { response, results }
  })

export const program = Effect.gen(function*() {
  const messages: Array<Message.Message> = [
    Message.user("Please retrieve the secrets associated with each of these passwords: mellon,radiance")
  ]
  for (let round = 1; round <= 5; round++) {
    const { response, results } = yield* turn(messages)
    if (results.length === 0) {
      yield* Console.log(`\n(done after ${round} calls: ${response.commonFinishReasons.join(", ")})`)
      return response
    }
    messages.push(Message.assistant(response.content, { toolCalls: response.toolCalls }), ...results)
  }
  return yield* Effect.die(new Error("the model kept calling tools"))
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
    layer: Anthropic.model("claude-sonnet-4-0").pipe(
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
