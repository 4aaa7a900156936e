/**
 * The scripted model, in every provider's wire format, decoded by that provider's real layer: a script's turns
 * (reasoning, text, tool calls with arguments, a JSON answer, usage, an error, a cut) drive a multi-step tool
 * loop and structured output; the automatic mode calls a tool with arguments valid for its JSON Schema, answers
 * its result with text quoting it, and answers an output schema with a valid value, streamed in pieces. Over
 * real HTTP (what the bin serves), every provider's `layerConfig`, from the environment alone, through both clients.
 */
import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Option, Schema, Stream } from "effect"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallStream,
  Google,
  Groq,
  LanguageModel,
  Message,
  OpenAI,
  OpenAIResponses,
  Tool
} from "effect-llm-stream"
import { ReplayServer, TestKit } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import { clients } from "../../support/Clients.js"
import { failureOf } from "../support/Collect.js"

const formats: ReadonlyArray<TestKit.ScriptedProvider> = [...TestKit.providers, "openai-responses"]

/** A tool whose handler records the arguments it ran with. */
const weather = () => {
  const calls: Array<unknown> = []
  const tool = Tool.handle(
    Tool.make("get_weather", {
      description: "The weather in a city",
      parameters: Schema.Struct({
        city: Schema.String,
        days: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 7 })),
        unit: Schema.optional(Schema.Literals(["celsius", "fahrenheit"]))
      })
    }),
    (input) =>
      Effect.sync(() => {
        calls.push(input)
        return `18°C in ${input.city}`
      })
  )
  return { calls, tool }
}

const Book = Schema.Struct({
  title: Schema.String,
  year: Schema.Int,
  tags: Schema.Array(Schema.String),
  author: Schema.Struct({ name: Schema.String, born: Schema.NullOr(Schema.Int) }),
  format: Schema.Literals(["hardcover", "paperback"])
})

const question = (text: string) => [Message.user(text)]

describe("TestKit.scripted, in each provider's wire format", () => {
  for (const provider of formats) {
    it.effect(`${provider}: a two-step tool loop from the script, with reasoning, usage, and the handler run once`, () =>
      Effect.gen(function*() {
        const { calls, tool } = weather()
        const done = yield* LanguageModel.runToolsToEnd({ messages: question("Weather in Paris?"), tools: [tool] })
          .pipe(
            Effect.provide(TestKit.scripted([
              {
                reasoning: "The user wants the weather.",
                text: "Let me check.",
                toolCalls: [{ name: "get_weather", arguments: { city: "Paris", days: 2 } }]
              },
              { text: "It is 18°C in Paris.", usage: { inputTokens: 120, outputTokens: 9 } }
            ], { provider }))
          )
        assert.deepStrictEqual(calls, [{ city: "Paris", days: 2 }])
        assert.strictEqual(done.steps.length, 2)
        const [first, last] = done.steps
        assert.strictEqual(first!.response.content, "Let me check.")
        // Chat Completions streams no reasoning (OpenAI's, Azure's): the others carry it.
        const reasons = provider !== "openai" && provider !== "azure"
        assert.strictEqual(first!.response.reasoning, reasons ? "The user wants the weather." : "")
        assert.strictEqual(first!.response.toolCalls[0]!.name, "get_weather")
        assert.strictEqual(last!.response.content, "It is 18°C in Paris.")
        assert.strictEqual(last!.response.usage.inputTokens, 120)
        assert.strictEqual(last!.response.usage.outputTokens, 9)
        assert.deepStrictEqual(last!.response.commonFinishReasons, ["stop"])
      }))

    it.effect(`${provider}: a JSON answer is the structured output; an error turn is the provider's error; a cut turn truncates`, () =>
      Effect.gen(function*() {
        const value = {
          title: "Dune",
          year: 1965,
          tags: ["sf"],
          author: { name: "Frank Herbert", born: 1920 },
          format: "paperback" as const
        }
        const Model = TestKit.scripted([
          { json: value },
          { error: { status: 429, message: "slow down" } },
          { text: "Once upon a time", cut: true }
        ], { provider })
        // One model: each call gets the next turn.
        const { cut, limited, object } = yield* Effect.gen(function*() {
          const object = yield* LanguageModel.stream({ messages: question("A book?"), output: Book }).pipe(
            CallStream.object()
          )
          const limited = yield* Effect.flip(CallStream.accumulate(LanguageModel.stream("Again")))
          const seen: Array<string> = []
          const cut = yield* LanguageModel.stream("Tell me a story").pipe(
            Stream.runForEach((chunk) => Effect.sync(() => seen.push(chunk.content))),
            Effect.result
          )
          return { object, limited, cut: { text: seen.join(""), result: cut } }
        }).pipe(Effect.provide(Model))
        assert.deepStrictEqual(object, value)
        assert.strictEqual(limited._tag, "RateLimitError")
        assert.include(limited.message, "slow down")
        assert.strictEqual(cut.text, "Once upon a time")
        assert.strictEqual(failureOf(cut.result)._tag, "TruncatedStreamError")
        // The value streams in pieces: partial objects grow.
        const partials = yield* LanguageModel.stream({ messages: question("A book?"), output: Book }).pipe(
          CallStream.partialObjects(),
          Stream.runCollect,
          Effect.provide(TestKit.scripted([{ json: value }], { provider }))
        )
        // Groq sends a tool call whole (its output goes through a tool on this model): one value.
        assert.isAtLeast(partials.length, provider === "groq" ? 1 : 3)
        assert.deepStrictEqual(partials.at(-1), value)
      }))

    it.effect(`${provider}: automatic: a tool called with valid arguments, its result quoted; an output schema answered`, () =>
      Effect.gen(function*() {
        const { calls, tool } = weather()
        const Model = TestKit.auto({ provider })
        const done = yield* LanguageModel.runToolsToEnd({ messages: question("Weather?"), tools: [tool] }).pipe(
          Effect.provide(Model)
        )
        assert.strictEqual(calls.length, 1)
        const last = done.steps.at(-1)!.response
        assert.include(last.content, "18°C in")
        const book = yield* LanguageModel.stream({ messages: question("A book?"), output: Book }).pipe(
          CallStream.object(),
          Effect.provide(Model)
        )
        assert.isTrue(Schema.is(Book)(book))
        const text = yield* CallStream.accumulate(LanguageModel.stream("Hello there")).pipe(Effect.provide(Model))
        assert.include(text.content, "Hello there")
      }))
  }
})

describe("the bin's answers (ReplayServer.serveScripted) over real HTTP, each provider configured from its environment alone", () => {
  // Each provider once, the two clients taking turns.
  const models = [
    ["openai", OpenAI.model("gpt-4o-mini"), OpenAI.layerConfig()],
    ["openai-responses", OpenAIResponses.model("gpt-4o-mini"), OpenAIResponses.layerConfig()],
    ["anthropic", Anthropic.model("claude-haiku-4-5"), Anthropic.layerConfig()],
    ["groq", Groq.model("llama-3.3-70b-versatile"), Groq.layerConfig()],
    ["azure", Azure.model("my-deployment", { baseModel: "gpt-4o-mini" }), Azure.layerConfig()],
    ["bedrock", Bedrock.model("us.amazon.nova-micro-v1:0"), Bedrock.layerConfig()],
    ["google", Google.model("gemini-2.5-flash"), Google.layerConfig()]
  ] as const
  for (const [turn, [clientName, client]] of clients.entries()) {
    const mine = models.filter((_, index) => index % clients.length === turn)
    it.effect(`${clientName}: a two-step tool loop with ${mine.map(([name]) => name).join(", ")}'s layerConfig`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        for (const [name, model, config] of mine) {
          const env = ReplayServer.serveScripted(server, [
            { text: "Let me check.", toolCalls: [{ name: "get_weather", arguments: { city: "Paris", days: 3 } }] },
            { text: "It is 18°C in Paris." }
          ], { delayMs: 0 })
          const { calls, tool } = weather()
          const done = yield* LanguageModel.runToolsToEnd({ messages: question("Weather?"), tools: [tool] }).pipe(
            Effect.provide(
              (model as Layer.Layer<LanguageModel.LanguageModel, never, unknown>).pipe(
                Layer.provide(config as Layer.Layer<unknown, unknown, HttpClient.HttpClient>),
                Layer.provide(client),
                Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
              ) as Layer.Layer<LanguageModel.LanguageModel>
            )
          )
          assert.deepStrictEqual(calls, [{ city: "Paris", days: 3 }], name)
          assert.strictEqual(done.steps.at(-1)!.response.content, "It is 18°C in Paris.", name)
          assert.isTrue(Option.isSome(done.steps.at(-1)!.response.cost), name)
        }
      }).pipe(Effect.scoped))
  }
})
