/**
 * Gemini's thought signatures through the `effect/ai` adapter: a signature Gemini put on a function call or on
 * text rides on the `tool-call` / `text-end` part's metadata, so that a `Chat`'s history (effect/ai's
 * `Prompt.fromResponseParts` keeps a part's metadata as its `options`) sends it back in the same part on the next
 * turn, and Gemini 3 gets the real signature, never Google's placeholder. Google's "Thought signatures" guide
 * (https://ai.google.dev/gemini-api/docs/thought-signatures): a signature goes back in the exact part it came
 * in; Gemini 3 rejects a function call turn without it (4xx).
 *
 * Recorded: the AI SDK's `issue-10781` pair (gemini-3.1-pro-preview: "Let me check." and a signed `get_weather`
 * call with its id, `tool-call-id.sse`; then the answer, whose text a last empty part signs,
 * `tool-loop-answer.sse`), over the replay server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import { Google } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import { Chat, Tool as AiTool, Toolkit } from "effect/ai"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"

const sse = { "content-type": "text/event-stream" }
const recorded = (name: string) => ({ headers: sse, body: Fixtures.bytes("google", name), cuts: [120, 500, 900] })

/** The signatures of a recording's parts, read from the file as it is: each part that has one. */
const signatures = (name: string): ReadonlyArray<any> =>
  new TextDecoder().decode(Fixtures.bytes("google", name)).split("\n")
    .filter((line) => line.startsWith("data:"))
    .flatMap((line) => JSON.parse(line.slice(5)).candidates[0].content.parts)
    .filter((part: any) => part.thoughtSignature !== undefined)

const GetWeather = AiTool.make("get_weather", {
  parameters: Schema.Struct({ city: Schema.String }),
  success: Schema.String
})
const Weather = Toolkit.make(GetWeather)
const WeatherLive = Weather.toLayer({ get_weather: ({ city }) => Effect.succeed(`sunny in ${city}`) })

describe("Gemini's thought signatures through effect/ai", () => {
  for (const mode of ["generateText", "streamText"] as const) {
    it.effect(`a Chat sends the signed call and the signed text back as they came (${mode})`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([
          recorded("tool-call-id.sse"),
          recorded("tool-loop-answer.sse"),
          recorded("tool-loop-answer.sse")
        ])
        const model = AiLanguageModel.layer.pipe(
          Layer.provide(Google.model("gemini-3.1-pro-preview")),
          Layer.provide(Google.layer({ apiKey: Redacted.make("gm-ai"), baseUrl })),
          Layer.provide(clients[1]![1])
        )
        const chat = yield* Chat.empty
        const turn = (prompt: string | []) =>
          (mode === "generateText"
            ? Effect.asVoid(chat.generateText({ prompt, toolkit: Weather }))
            : Stream.runDrain(chat.streamText({ prompt, toolkit: Weather }))).pipe(Effect.provide(model))
        yield* turn("Weather in SF?")
        yield* turn([])
        yield* turn("And tomorrow?")
        const [, second, third] = server.requests(baseUrl).map((request) => JSON.parse(request.body))

        // The call's own signature on the call (Gemini 3 would refuse the placeholder's absence, and the
        // placeholder loses the model's reasoning), its id echoed by the result.
        const [callSigned] = signatures("tool-call-id.sse")
        assert.deepStrictEqual(second.contents.slice(1), [
          {
            role: "model",
            parts: [{ text: "Let me check." }, {
              functionCall: { name: "get_weather", args: { city: "San Francisco" }, id: "g1bmv6il" },
              thoughtSignature: callSigned.thoughtSignature
            }]
          },
          {
            role: "user",
            parts: [{
              functionResponse: { name: "get_weather", response: { result: "sunny in San Francisco" }, id: "g1bmv6il" }
            }]
          }
        ])
        // The answer's text goes back with the signature that came on the empty part after it.
        const [textSigned] = signatures("tool-loop-answer.sse")
        assert.strictEqual(textSigned.text, "")
        assert.deepStrictEqual(third.contents[3], {
          role: "model",
          parts: [{
            text: "It is currently sunny and 72 degrees in San Francisco.",
            thoughtSignature: textSigned.thoughtSignature
          }]
        })
        assert.deepStrictEqual(third.contents[1], second.contents[1])
        assert.deepStrictEqual(third.contents.map((content: any) => content.role), [
          "user",
          "model",
          "user",
          "model",
          "user"
        ])
      }).pipe(Effect.provide(WeatherLive)))
  }
})

describe("an image Gemini drew, through effect/ai", () => {
  for (const mode of ["generateText", "streamText"] as const) {
    it.effect(`is a file part; a Chat sends it back as it came, with its signature (${mode})`, () =>
      Effect.gen(function*() {
        // Gemini 3 Pro Image's answer: an inlineData part signed (Google's "Thought signatures" guide: image
        // generation and editing send each signature back on its part).
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([recorded("image-signature.sse"), recorded("text.sse")])
        const model = AiLanguageModel.layer.pipe(
          Layer.provide(Google.model("gemini-3-pro-image-preview")),
          Layer.provide(Google.layer({ apiKey: Redacted.make("gm-ai"), baseUrl })),
          Layer.provide(clients[0]![1])
        )
        const chat = yield* Chat.empty
        const turn = (prompt: string): Effect.Effect<ReadonlyArray<{ readonly type: string }>, unknown> =>
          mode === "generateText"
            ? Effect.provide(Effect.map(chat.generateText({ prompt }), (response) => response.content), model)
            : Effect.provide(Effect.map(Stream.runCollect(chat.streamText({ prompt })), (parts) => [...parts]), model)
        const parts = yield* turn("Draw a cat")
        const files = parts.filter((part) => part.type === "file") as Array<any>
        assert.deepStrictEqual(files.map((part) => [part.mediaType, Array.from(part.data)]), [["image/jpeg", [0]]])
        yield* turn("Bluer")
        const [, second] = server.requests(baseUrl).map((request) => JSON.parse(request.body))
        assert.deepStrictEqual(second.contents[1], {
          role: "model",
          parts: [{
            inlineData: { mimeType: "image/jpeg", data: "AA==" },
            thoughtSignature: "live-image-thought-signature"
          }]
        })
      }))
  }
})
