/**
 * Tool calls a model should not have made, through `effect/ai`'s own API on every scripted wire: they fail with the
 * `AiError` reason `effect/ai`'s own providers give them, before any handler runs. A call of a tool the request did not
 * declare is a `ToolNotFoundError` naming it and the tools there are (unless the caller defers validation, which
 * hands the call on); arguments that are not JSON are a `ToolParameterValidationError` naming the tool.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Ref, Schema, Stream } from "effect"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { TestKit } from "effect-llm-stream/testing"
import { AiError, LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"

const GetWeather = AiTool.make("GetWeather", {
  parameters: Schema.Struct({ city: Schema.String }),
  success: Schema.String
})
const Weather = Toolkit.make(GetWeather)

const model = (provider: TestKit.ScriptedProvider, turn: TestKit.Turn) =>
  AiLanguageModel.layer.pipe(Layer.provide(TestKit.scripted([turn], { provider })))

/** The failures of `generateText` and of `streamText` on the same turn, and how many times the handler ran. */
const bothFailures = (provider: TestKit.ScriptedProvider, turn: TestKit.Turn) =>
  Effect.gen(function*() {
    const runs = yield* Ref.make(0)
    const handlers = Weather.toLayer({
      GetWeather: ({ city }) => Effect.as(Ref.update(runs, (n) => n + 1), city)
    })
    const generated = yield* AiModel.generateText({ prompt: "Weather?", toolkit: Weather }).pipe(
      Effect.provide([model(provider, turn), handlers]),
      Effect.flip
    )
    const streamed = yield* AiModel.streamText({ prompt: "Weather?", toolkit: Weather }).pipe(
      Stream.runDrain,
      Effect.provide([model(provider, turn), handlers]),
      Effect.flip
    )
    return { errors: [generated, streamed], runs: yield* Ref.get(runs) }
  })

const wires: ReadonlyArray<TestKit.ScriptedProvider> = [
  "openai",
  "openai-responses",
  "anthropic",
  "google",
  "bedrock",
  "groq"
]

describe("a call of a tool the request did not declare", () => {
  it.effect.each(wires)(
    "%s: ToolNotFoundError naming it and the declared tools; no handler runs",
    (provider) =>
      Effect.gen(function*() {
        const turn = { toolCalls: [{ name: "DeleteEverything", arguments: { all: true } }] }
        const { errors, runs } = yield* bothFailures(provider, turn)
        for (const error of errors) {
          assert.instanceOf(error, AiError.AiError)
          const reason = (error as AiError.AiError).reason
          assert.instanceOf(reason, AiError.ToolNotFoundError)
          assert.strictEqual((reason as AiError.ToolNotFoundError).toolName, "DeleteEverything")
          assert.deepStrictEqual((reason as AiError.ToolNotFoundError).availableTools, ["GetWeather"])
        }
        assert.strictEqual(runs, 0)
      })
  )

  it.effect.each(wires)(
    "%s: with validation deferred, the call is handed on as it came",
    (provider) =>
      Effect.gen(function*() {
        const turn = { toolCalls: [{ name: "DeleteEverything", arguments: { all: true } }] }
        const response = yield* AiModel.generateText({
          prompt: "Weather?",
          toolkit: Weather,
          disableToolCallResolution: true,
          toolCallValidation: "deferred"
        }).pipe(Effect.provide(model(provider, turn)))
        assert.deepStrictEqual(
          response.toolCalls.map((call) => [call.name, call.params]),
          [["DeleteEverything", { all: true }]]
        )
      }).pipe(Effect.provide(Weather.toLayer({ GetWeather: ({ city }) => Effect.succeed(city) })))
  )
})

describe("arguments that are not JSON", () => {
  // Gemini's wire carries arguments as a JSON object: it cannot send text that is not JSON.
  it.effect.each(wires.filter((wire) => wire !== "google"))(
    "%s: ToolParameterValidationError naming the tool; no handler runs",
    (provider) =>
      Effect.gen(function*() {
        const { errors, runs } = yield* bothFailures(provider, {
          toolCalls: [{ name: "GetWeather", arguments: "{\"city\": \"Par" }]
        })
        for (const error of errors) {
          assert.instanceOf(error, AiError.AiError)
          const reason = (error as AiError.AiError).reason
          assert.instanceOf(reason, AiError.ToolParameterValidationError)
          assert.strictEqual((reason as AiError.ToolParameterValidationError).toolName, "GetWeather")
          assert.include((reason as AiError.ToolParameterValidationError).description, "not valid JSON")
        }
        assert.strictEqual(runs, 0)
      })
  )
})
