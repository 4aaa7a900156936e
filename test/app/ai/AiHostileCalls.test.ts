/**
 * Tool calls a model should not have made, through `effect/ai`'s own API on every scripted wire: they fail with the
 * `AiError` reason `effect/ai`'s own providers give them, before any handler runs. A call of a tool the request did not
 * declare is a `ToolNotFoundError` naming it and the tools there are (unless the caller defers validation, which
 * hands the call on); arguments that are not JSON are a `ToolParameterValidationError` naming the tool. Calls sent
 * with an empty id, or with an id an earlier call of the response had, get ids of their own (`CallIds`), which their
 * results carry back to the provider on the next request of a `Chat`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Ref, Schema, Stream } from "effect"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { TestKit } from "effect-llm-stream/testing"
import { AiError, Chat, LanguageModel as AiModel, Tool as AiTool, Toolkit } from "effect/ai"
import { scriptedOnWire, scriptedWires } from "../../support/EndpointApp.js"

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

const wires = scriptedWires

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

/** `effect/ai`'s model over the scripted model of `provider` answering `turns`, and the bodies it was sent. */
const recorded = (provider: TestKit.ScriptedProvider, turns: ReadonlyArray<TestKit.Turn>) => {
  const bodies: Array<any> = []
  return { layer: AiLanguageModel.layer.pipe(Layer.provide(scriptedOnWire(turns, provider, bodies))), bodies }
}

/** The ids of the calls an assistant turn sends, and of the results after it, as each API writes them. */
const pairedIds = (provider: TestKit.ScriptedProvider, body: any) => {
  const ids = (items: ReadonlyArray<any>, read: (item: any) => string | undefined) =>
    items.map(read).filter((id): id is string => id !== undefined)
  switch (provider) {
    case "openai-responses":
      return {
        calls: ids(body.input, (item) => item.type === "function_call" ? item.call_id : undefined),
        results: ids(body.input, (item) => item.type === "function_call_output" ? item.call_id : undefined)
      }
    case "anthropic":
      return {
        calls: ids(body.messages.flatMap((m: any) => m.content), (b) => b.type === "tool_use" ? b.id : undefined),
        results: ids(
          body.messages.flatMap((m: any) => m.content),
          (b) => b.type === "tool_result" ? b.tool_use_id : undefined
        )
      }
    case "bedrock":
      return {
        calls: ids(body.messages.flatMap((m: any) => m.content), (b) => b.toolUse?.toolUseId),
        results: ids(body.messages.flatMap((m: any) => m.content), (b) => b.toolResult?.toolUseId)
      }
    case "google":
      // Gemini pairs a call and its response by their place; an id goes only where Gemini gave one.
      return {
        calls: body.contents.flatMap((c: any) => c.parts).filter((p: any) => p.functionCall).map((p: any) =>
          p.functionCall.id ?? `#${p.functionCall.args.city}`
        ),
        results: body.contents.flatMap((c: any) => c.parts).filter((p: any) => p.functionResponse).map((p: any) =>
          p.functionResponse.id ?? `#${p.functionResponse.response.result}`
        )
      }
    default:
      return {
        calls: ids(body.messages.flatMap((m: any) => m.tool_calls ?? []), (call) => call.id),
        results: ids(body.messages, (m) => m.role === "tool" ? m.tool_call_id : undefined)
      }
  }
}

describe("calls sent with an empty or a repeated id", () => {
  it.effect.each(wires)(
    "%s: each gets an id of its own, which its result carries back",
    (provider) =>
      Effect.gen(function*() {
        const { bodies, layer } = recorded(provider, [
          {
            toolCalls: [
              { name: "GetWeather", arguments: { city: "A" }, id: "" },
              { name: "GetWeather", arguments: { city: "BB" }, id: "x1" },
              { name: "GetWeather", arguments: { city: "CCC" }, id: "x1" }
            ]
          },
          { text: "Done." }
        ])
        const chat = yield* Chat.empty
        const first = yield* chat.generateText({ prompt: "Weather?", toolkit: Weather }).pipe(Effect.provide(layer))
        yield* chat.generateText({ prompt: [], toolkit: Weather }).pipe(Effect.provide(layer))

        const ids = first.toolCalls.map((call) => call.id)
        assert.deepStrictEqual(first.toolCalls.map((call) => call.params), [{ city: "A" }, { city: "BB" }, {
          city: "CCC"
        }])
        assert.isTrue(ids.every((id) => id !== ""), ids.join())
        assert.strictEqual(new Set(ids).size, 3, ids.join())
        assert.deepStrictEqual(first.toolResults.map((result) => [result.id, result.result]), [
          [ids[0], "A"],
          [ids[1], "BB"],
          [ids[2], "CCC"]
        ])
        const sent = pairedIds(provider, bodies[1])
        assert.strictEqual(sent.calls.length, 3)
        assert.deepStrictEqual(sent.results, sent.calls)
        assert.strictEqual(new Set(sent.calls).size, 3, sent.calls.join())
      }).pipe(Effect.provide(Weather.toLayer({ GetWeather: ({ city }) => Effect.succeed(city) })))
  )
})
