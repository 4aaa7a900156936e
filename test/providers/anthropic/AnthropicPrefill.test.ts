/**
 * A conversation that ends with an assistant turn (a prefill). From Claude 4.6 on the API refuses it ("This model does
 * not support assistant message prefill. The conversation must end with a user message.", a 400: "What's new in
 * Claude 4.6", prefill removal; `@anthropic-ai/sdk` 1.14 `MessageCreateParams.messages`; strands-agents/sdk-python#1694
 * on Bedrock), so the library refuses it before anything is sent, naming the model; older models still take it.
 *
 * The library's own continuations keep working on those models, against a server that refuses as the API does: a
 * turn paused with `pause_turn` goes back as the last message (the "Server tools" guide continues one so on Opus 4.8),
 * and the tool loop, a structured output and a conversation asked again each end with the user's turn or results.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema, Stream } from "effect"
import { CallStream, LanguageModel, Message, Output, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ApiRefusals from "../../support/ApiRefusals.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const refusal = "This model does not support assistant message prefill. The conversation must end with a user message."

/** Whether a block is one of the API's own (a server tool's call or result), which a paused turn holds. */
const ownBlock = (block: any) => !["text", "thinking", "redacted_thinking", "tool_use"].includes(block.type)

/** Answers as Claude 4.6 and later do: a 400 for a conversation that ends with an assistant turn not paused. */
const asClaude46 = (answer: ReplayServer.Scenario) => (request: ReplayServer.RecordedRequest) => {
  const last = JSON.parse(request.body).messages.at(-1)
  const paused = Array.isArray(last.content) && last.content.some(ownBlock)
  return last.role === "assistant" && !paused ? ApiRefusals.anthropic(refusal) : answer
}

const scripted = (step: LoopWire.Step, id: string) => asClaude46(LoopWire.scripted("anthropic", step, id))

/** The API a model id is sent to: Bedrock's Converse for a Bedrock id, else the Messages API. */
const apiOf = (model: string) => model.includes("anthropic.") ? "bedrock" as const : "anthropic" as const

const modelAt = (model: string, baseUrl: string) =>
  RecordedModels.model(apiOf(model), baseUrl, FetchHttpClient.layer, { model })

const prefill = [Message.user("Name a color."), Message.assistant("The color is")]

const weather = Tool.handle(
  Tool.make("weather", { parameters: Schema.Struct({ city: Schema.String }) }),
  ({ city }) => Effect.succeed(`18°C in ${city}`)
)

describe("a prefill, on the models that take none", () => {
  const refusing = [
    "claude-opus-4-6",
    "claude-sonnet-4-6",
    "claude-opus-4-8",
    "claude-sonnet-5",
    "claude-haiku-5-5",
    "claude-fable-5",
    "claude-mythos-preview",
    "us.anthropic.claude-opus-4-6-v1"
  ]
  for (const model of refusing) {
    it.live(`${model}: refused before it is sent, naming the model and what to do`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([scripted({ texts: [" blue."] }, "1")])
        const error = yield* Stream.runDrain(LanguageModel.stream({ messages: prefill })).pipe(
          Effect.provide(modelAt(model, url)),
          Effect.flip
        )
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.include(error.message, `${model} takes no prefill`)
        assert.include(error.message, "end it with a user message or tool results")
        assert.strictEqual(server.requests(url).length, 0, "nothing sent")
      }).pipe(Effect.scoped))
  }

  const taking = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5", "us.anthropic.claude-sonnet-4-5-v1:0"]
  for (const model of taking) {
    it.live(`${model}: sent, ending with the assistant's text, and continued`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([LoopWire.scripted(apiOf(model), { texts: [" blue."] }, "1")])
        const answer = yield* CallStream.accumulate(LanguageModel.stream({ messages: prefill })).pipe(
          Effect.provide(modelAt(model, url))
        )
        assert.strictEqual(answer.content, " blue.")
        const body = JSON.parse(server.requests(url)[0]!.body)
        assert.strictEqual(body.messages.at(-1).role, "assistant")
      }).pipe(Effect.scoped))
  }
})

describe("the library's own continuations on Claude Opus 4.8, against a server that refuses a prefill", () => {
  it.live("a turn paused with pause_turn goes back as the last message, and the next step continues it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([
        asClaude46(RecordedModels.served("anthropic", "pause-turn.sse")),
        asClaude46(RecordedModels.served("anthropic", "pause-turn-continuation.sse"))
      ])
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("What are the latest news in AI?")],
        providerTools: [{ type: "web_search_20250305", name: "web_search" }]
      }).pipe(Effect.provide(modelAt("claude-opus-4-8", url)))
      assert.strictEqual(done.reason, "stop")
      assert.deepStrictEqual(done.steps.map((step) => step.response.finishReasons), [["pause_turn"], ["end_turn"]])
      const second = JSON.parse(server.requests(url)[1]!.body)
      assert.deepStrictEqual(second.messages.map((message: any) => message.role), ["user", "assistant"])
      assert.deepStrictEqual(second.messages[1].content, done.steps[0]!.response.contentBlocks)
    }).pipe(Effect.scoped))

  it.live("the tool loop, then the conversation asked again: every request ends with results or the user", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([
        scripted({ calls: [{ id: "toolu_1", name: "weather", arguments: `{"city":"Paris"}` }] }, "1"),
        scripted({ texts: ["It is 18°C in Paris."] }, "2"),
        scripted({ texts: ["It is 18°C there too."] }, "3")
      ])
      const model = modelAt("claude-opus-4-8", url)
      const first = yield* LanguageModel.runToolsToEnd({ messages: [Message.user("Paris?")], tools: [weather] }).pipe(
        Effect.provide(model)
      )
      assert.strictEqual(first.reason, "stop")
      assert.strictEqual(first.messages.at(-1)!._tag, "AssistantMessage")
      const again = yield* LanguageModel.runToolsToEnd({
        messages: [...first.messages, Message.user("And in Lyon?")],
        tools: [weather]
      }).pipe(Effect.provide(model))
      assert.strictEqual(again.reason, "stop")
      const lasts = server.requests(url).map((request) => JSON.parse(request.body).messages.at(-1))
      assert.deepStrictEqual(lasts.map((message: any) => message.role), ["user", "user", "user"])
      assert.strictEqual(lasts[1].content[0].type, "tool_result")
    }).pipe(Effect.scoped))

  it.live("a structured output goes as JSON outputs, the conversation ending with the user's message", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([scripted({ texts: [`{"color":"blue"}`] }, "1")])
      const Color = Schema.Struct({ color: Schema.String })
      const value = yield* LanguageModel.stream({
        messages: [Message.user("Name a color.")],
        output: Output.make(Color, { name: "Color" })
      }).pipe(CallStream.object(), Effect.provide(modelAt("claude-opus-4-8", url)))
      assert.deepStrictEqual(value, { color: "blue" })
      const body = JSON.parse(server.requests(url)[0]!.body)
      assert.strictEqual(body.messages.at(-1).role, "user")
      assert.strictEqual(body.output_config.format.type, "json_schema")
    }).pipe(Effect.scoped))
})

describe("a conversation that ends with an answer, sent to the loop again on a model that takes no prefill", () => {
  const answered = (finishReason: "stop" | "length") => [
    Message.user("The capital of France?"),
    Message.assistant("Paris.", { finishReason })
  ]

  for (const model of ["claude-opus-4-8", "us.anthropic.claude-opus-4-6-v1"]) {
    it.live(`${model}: an answer the model finished has nothing to continue: the loop ends, nothing sent`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const url = server.serve([scripted({ texts: [" Lyon."] }, "1")])
        const messages = answered("stop")
        const done = yield* LanguageModel.runToolsToEnd({ messages }).pipe(Effect.provide(modelAt(model, url)))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(done.steps, [])
        assert.deepStrictEqual(done.messages, messages)
        assert.strictEqual(server.requests(url).length, 0, "nothing sent")
      }).pipe(Effect.scoped))
  }

  it.live("an answer cut at its output cap: refused before it is sent, the person told why in one sentence", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([scripted({ texts: [" Lyon."] }, "1")])
      const error = yield* LanguageModel.runToolsToEnd({ messages: answered("length") }).pipe(
        Effect.provide(modelAt("claude-opus-4-8", url)),
        Effect.flip
      )
      assert.strictEqual(error._tag, "InvalidRequestError")
      assert.deepStrictEqual(error._tag === "InvalidRequestError" && error.refusedPrefill, { model: "claude-opus-4-8" })
      assert.strictEqual(
        UIMessageStream.redact(error),
        "The model claude-opus-4-8 cannot continue an answer; send a new message."
      )
      assert.strictEqual(server.requests(url).length, 0, "nothing sent")
    }).pipe(Effect.scoped))

  it.live("a model that takes a prefill is sent the finished answer as before", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const url = server.serve([LoopWire.scripted("anthropic", { texts: [" Lyon."] }, "1")])
      const done = yield* LanguageModel.runToolsToEnd({ messages: answered("stop") }).pipe(
        Effect.provide(modelAt("claude-sonnet-4-5", url))
      )
      assert.strictEqual(done.steps.length, 1)
      const body = JSON.parse(server.requests(url)[0]!.body)
      assert.strictEqual(body.messages.at(-1).role, "assistant")
    }).pipe(Effect.scoped))
})
