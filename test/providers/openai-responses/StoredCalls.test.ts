/**
 * A request that goes on from a response the Responses API stored (`previous_response_id`) or from a stored
 * conversation (`conversation`) sends only what is new: the results of the stored response's calls first, as
 * `function_call_output`s, without the calls (OpenAI's function calling guide; openai-node `ResponseCreateParams`:
 * `conversation`, "Items from this conversation are prepended to `input_items`"). Left out as results of no call, the
 * request would be refused ("No tool output found for function call call_…").
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Azure, LanguageModel, Message, OpenAIResponses, Tool } from "effect-llm-stream"
import { FetchHttpClient, type HttpClient } from "effect/http"

/** The body the model layer `model` sends for `messages` (the request is answered with a 400 and not read further). */
const bodyOf = (
  model: Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>,
  messages: ReadonlyArray<Message.Message>,
  extraBody?: Readonly<Record<string, unknown>>
) =>
  Effect.gen(function*() {
    const bodies: Array<Record<string, unknown>> = []
    const fetch: typeof globalThis.fetch = async (_url, init) => {
      bodies.push(JSON.parse(String(init?.body)))
      return new Response(JSON.stringify({ error: { message: "stop here" } }), {
        status: 400,
        headers: { "content-type": "application/json" }
      })
    }
    const client = Layer.merge(FetchHttpClient.layer, Layer.succeed(FetchHttpClient.Fetch)(fetch))
    yield* Effect.exit(
      Stream.runDrain(LanguageModel.stream({ messages, ...(extraBody === undefined ? {} : { extraBody }) })).pipe(
        Effect.provide(model.pipe(Layer.provide(client), Layer.merge(client)))
      )
    )
    assert.strictEqual(bodies.length, 1)
    return bodies[0]!
  })

const openai = (defaults: OpenAIResponses.ResponsesOptions = {}) =>
  OpenAIResponses.model("gpt-5", defaults).pipe(
    Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-x"), baseUrl: "http://127.0.0.1:9/v1" }))
  )

const azure = (defaults: OpenAIResponses.ResponsesOptions = {}) =>
  Azure.responsesModel("my-deployment", { baseModel: "gpt-5", ...defaults }).pipe(
    Layer.provide(Azure.responsesLayer({ endpoint: "http://127.0.0.1:9", apiKey: Redacted.make("k") }))
  )

/** The results of two parallel calls of the stored response (one failed), then a question. */
const results = [
  Message.toolResult({ toolCallId: "call_a", name: "weather", content: "sunny" }),
  Message.toolResult({ toolCallId: "call_b", name: "weather", content: "no such city", isError: true })
]

const outputs = [
  { type: "function_call_output", call_id: "call_a", output: "sunny" },
  { type: "function_call_output", call_id: "call_b", output: "Error: no such city" }
]

describe("a request that goes on from a stored response", () => {
  it.effect("previousResponseId: the results of the stored response's calls go, as function_call_outputs", () =>
    Effect.gen(function*() {
      const body = yield* bodyOf(openai({ previousResponseId: "resp_1" }), results)
      assert.strictEqual(body["previous_response_id"], "resp_1")
      assert.deepStrictEqual(body["input"], outputs)
    }))

  it.effect("previous_response_id and conversation in extraBody alike; a user message after them stays after", () =>
    Effect.gen(function*() {
      const messages = [...results, Message.user("And tomorrow?")]
      const expected = [...outputs, { role: "user", content: "And tomorrow?" }]
      const stored = yield* bodyOf(openai(), messages, { previous_response_id: "resp_1" })
      assert.deepStrictEqual(stored["input"], expected)
      const conversation = yield* bodyOf(openai(), messages, { conversation: "conv_1" })
      assert.deepStrictEqual(conversation["input"], expected)
      const onAzure = yield* bodyOf(azure({ previousResponseId: "resp_1" }), messages)
      assert.deepStrictEqual(onAzure["input"], expected)
    }))

  it.effect("without stored state, a result of no call is still left out", () =>
    Effect.gen(function*() {
      const body = yield* bodyOf(openai(), [...results, Message.user("And tomorrow?")])
      assert.deepStrictEqual(body["input"], [{ role: "user", content: "And tomorrow?" }])
    }))

  it.effect("with stored state, a result after the request's own calls is paired as ever", () =>
    Effect.gen(function*() {
      const call = Message.assistant("", {
        toolCalls: [new Tool.ToolCall({ id: "call_c", name: "weather", arguments: "{}" })]
      })
      const body = yield* bodyOf(openai({ previousResponseId: "resp_1" }), [
        results[0]!,
        call,
        Message.toolResult({ toolCallId: "call_d", name: "weather", content: "of no call" }),
        Message.toolResult({ toolCallId: "call_c", name: "weather", content: "rain" })
      ])
      assert.deepStrictEqual(body["input"], [
        outputs[0],
        { type: "function_call", call_id: "call_c", name: "weather", arguments: "{}" },
        { type: "function_call_output", call_id: "call_c", output: "rain" }
      ])
    }))
})
