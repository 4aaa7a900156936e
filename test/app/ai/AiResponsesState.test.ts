/**
 * The Responses API's state through `effect/ai`'s `Chat`: a turn with encrypted reasoning and a function call
 * (recorded, `openai-responses/reasoning-encrypted-tool-call.sse`) goes back on the next request as the API returned
 * it, its reasoning item (id, summary and `encrypted_content`, from the item's `output_item.done`) before its
 * function call (item id and call id), then the handler's output for that call; in both of `Chat`'s modes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema, Stream } from "effect"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const WeatherTool = AiTool.make("weather", {
  parameters: Schema.Struct({ location: Schema.String }),
  success: Schema.String
})
const Weather = Toolkit.make(WeatherTool)
const WeatherLive = Weather.toLayer({ weather: ({ location }) => Effect.succeed(`sunny in ${location}`) })

/** The items of the recording as the API finished them (`response.output_item.done`), by type. */
const doneItems = (): ReadonlyArray<any> =>
  Fixtures.text("openai-responses", "reasoning-encrypted-tool-call.sse")
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => JSON.parse(line.slice(6)))
    .filter((event) => event.type === "response.output_item.done")
    .map((event) => event.item)

describe("the Responses API's reasoning through an effect/ai Chat", () => {
  for (const mode of ["streamText", "generateText"] as const) {
    it.effect(`the next request carries the encrypted reasoning item before its call (Chat.${mode})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          RecordedModels.served("openai-responses", "reasoning-encrypted-tool-call.sse"),
          RecordedModels.served("openai-responses", "text.sse")
        ])
        const model = AiLanguageModel.layer.pipe(
          Layer.provide(RecordedModels.model("openai-responses", baseUrl, clients[0]![1], { model: "gpt-5" }))
        )
        const chat = yield* Chat.empty
        const first = mode === "streamText"
          ? Stream.runDrain(chat.streamText({ prompt: "Weather in Florence?", toolkit: Weather }))
          : Effect.asVoid(chat.generateText({ prompt: "Weather in Florence?", toolkit: Weather }))
        yield* first.pipe(Effect.provide(model))
        yield* chat.generateText({ prompt: [], toolkit: Weather }).pipe(Effect.provide(model))

        const [reasoning, call] = doneItems()
        assert.strictEqual(reasoning.type, "reasoning")
        assert.strictEqual(call.type, "function_call")
        const second = JSON.parse(server.requests(baseUrl)[1]!.body)
        assert.deepStrictEqual(second.input, [
          { role: "user", content: "Weather in Florence?" },
          {
            type: "reasoning",
            id: reasoning.id,
            summary: reasoning.summary,
            encrypted_content: reasoning.encrypted_content
          },
          { type: "function_call", id: call.id, call_id: call.call_id, name: "weather", arguments: call.arguments },
          { type: "function_call_output", call_id: call.call_id, output: "sunny in Florence, Italy" }
        ])
      }).pipe(Effect.provide(WeatherLive)))
  }
})
