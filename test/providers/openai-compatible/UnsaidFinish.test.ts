/**
 * A compatible host's stream that ends at its `[DONE]` with no choice ever saying why the answer finished
 * (`ChatFinishReasons.Unsaid`'s `other`): vLLM streaming a tool call with `finish_reason: null` throughout
 * (vllm-project/vllm#27572, eclipse-theia/theia#16055), a llama.cpp-based server sending `""` on every chunk and no
 * finishing chunk (qualcomm/GenieX#1246). The answer is whole: it finishes as `other`, no raw reason invented, its
 * calls complete; the tool loop runs them and goes on; the UI message stream's `finish` says `other`, where before it
 * told the person the answer was interrupted (`abort`). A body cut before its `[DONE]` still fails as truncated.
 *
 * Bodies: `openai-compatible/vllm-tool-call-no-finish.sse`, `openai-compatible/llamacpp-empty-finish.sse` (see their
 * SOURCES.md).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import {
  CallResponse,
  LanguageModel,
  Message,
  OpenAICompatible,
  ProviderError,
  Tool,
  UIMessageStream
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect, failureOf, recorded } from "../../support/Collect.js"

const vllmCall = Fixtures.text("openai-compatible", "vllm-tool-call-no-finish.sse")
const llamacppText = Fixtures.text("openai-compatible", "llamacpp-empty-finish.sse")

/** A model of the host `name` serving `bodies` in turn, and the bodies of the requests it was sent. */
const serving = (name: string, bodies: ReadonlyArray<string>) =>
  Effect.map(ReplayServer.make, (server) => {
    const baseUrl = server.serve(bodies.map((body) => ({ headers: { "content-type": "text/event-stream" }, body })))
    const layer = OpenAICompatible.model("granite").pipe(
      Layer.provide(OpenAICompatible.layer({ name, apiKey: Redacted.make("key-test-0123456789abcdef"), baseUrl })),
      Layer.provide(clients[0]![1])
    )
    return { layer, sent: () => server.requests(baseUrl).map((request) => JSON.parse(request.body)) }
  })

/** One call's chunks, how its stream ended, and its response. */
const streamed = (name: string, body: string) =>
  Effect.gen(function*() {
    const { layer } = yield* serving(name, [body])
    const { chunks, result } = yield* collect(LanguageModel.stream("What is the weather like in Warsaw?")).pipe(
      Effect.provide(layer)
    )
    return { chunks, result, response: chunks.reduce(CallResponse.append, CallResponse.empty) }
  })

const weather = Tool.handle(
  Tool.make("get_current_weather", { parameters: Schema.Struct({ location: Schema.String }) }),
  ({ location }) => Effect.succeed(`${location}: 12°C, light rain`)
)

const finished = (text: string) =>
  `data: ${
    JSON.stringify({
      id: "chatcmpl-2",
      object: "chat.completion.chunk",
      created: 1761566773,
      model: "ibm/granite-3-8b-instruct",
      choices: [{ index: 0, delta: { role: "assistant", content: text }, logprobs: null, finish_reason: "stop" }]
    })
  }\n\ndata: [DONE]\n\n`

describe("a compatible host's answer that ends without a finish reason", () => {
  it.effect("vLLM's tool call: whole, its call complete, finished as other with no raw reason", () =>
    Effect.gen(function*() {
      const { chunks, response, result } = yield* streamed("vllm", vllmCall)
      assert.strictEqual(result._tag, "Success")
      assert.deepStrictEqual(
        response.toolCalls.map((call) => [call.id, call.name, JSON.parse(call.arguments)]),
        [["chatcmpl-tool-5b1f0c2e9d7a4e3c", "get_current_weather", { location: "Warsaw, Poland" }]]
      )
      assert.deepStrictEqual(response.finishReasons, [])
      assert.deepStrictEqual(response.commonFinishReasons, ["other"])
      assert.deepStrictEqual([response.usage.inputTokens, response.usage.outputTokens], [247, 24])
      // The finish no choice said rides on a last chunk of its own, after the usage.
      assert.deepStrictEqual(chunks.at(-1)!.commonFinishReasons, ["other"])
      assert.deepStrictEqual(chunks.at(-1)!.finishReasons, [])
    }))

  it.effect("a llama.cpp-based server's `\"\"` on every chunk: the text whole, finished as other", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamed("geniex", llamacppText)
      assert.strictEqual(result._tag, "Success")
      assert.strictEqual(response.content, "Hello! How can I help you today?")
      assert.deepStrictEqual(response.finishReasons, [])
      assert.deepStrictEqual(response.commonFinishReasons, ["other"])
      assert.strictEqual((CallResponse.toMessage(response) as { finishReason?: string }).finishReason, "other")
    }))

  // Azure's and Groq's rows read it as every compatible host does (`ChatFinishReasons.Unsaid`: neither SDK says every
  // stream carries a reason). Their recorded text bodies, the one finish reason they carry taken out.
  for (const [provider, model] of [["azure", "gpt-5-mini"], ["groq", "llama-3.3-70b-versatile"]] as const) {
    it.effect(`${provider}'s row: an answer no chunk said the finish of is whole, other, its usage kept`, () =>
      Effect.gen(function*() {
        const body = Fixtures.text(provider, provider === "azure" ? "gpt-5-mini-text.sse" : "text.sse")
        const said = yield* recorded(provider, body, model)
        const unsaid = yield* recorded(provider, body.replace(`"finish_reason":"stop"`, `"finish_reason":null`), model)
        assert.strictEqual(unsaid.result._tag, "Success")
        assert.deepStrictEqual(said.response.finishReasons, ["stop"])
        assert.deepStrictEqual(unsaid.response.finishReasons, [])
        assert.deepStrictEqual(unsaid.response.commonFinishReasons, ["other"])
        assert.strictEqual(unsaid.response.content, said.response.content)
        assert.deepStrictEqual(unsaid.response.usage, said.response.usage)
      }))
  }

  it.effect("a body cut before its [DONE] still fails as truncated, with what arrived", () =>
    Effect.gen(function*() {
      const { response, result } = yield* streamed(
        "geniex",
        llamacppText.slice(0, llamacppText.indexOf("data: [DONE]"))
      )
      assert.instanceOf(failureOf(result), ProviderError.TruncatedStreamError)
      assert.strictEqual(response.content, "Hello! How can I help you today?")
      assert.deepStrictEqual(response.commonFinishReasons, [])
    }))

  it.effect("the tool loop runs the call and goes on to the model's answer", () =>
    Effect.gen(function*() {
      const { layer, sent } = yield* serving("vllm", [vllmCall, finished("It is 12°C with light rain in Warsaw.")])
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("What is the weather like in Warsaw?")],
        tools: [weather]
      }).pipe(Effect.provide(layer))
      assert.strictEqual(done.reason, "stop")
      assert.strictEqual(done.steps.length, 2)
      assert.deepStrictEqual(done.steps.map((step) => step.response.commonFinishReasons), [["other"], ["stop"]])
      const second = sent()[1]
      assert.deepStrictEqual(second.messages.at(-1), {
        role: "tool",
        tool_call_id: "chatcmpl-tool-5b1f0c2e9d7a4e3c",
        content: "Warsaw, Poland: 12°C, light rain"
      })
    }).pipe(Effect.scoped))

  it.effect("the UI message stream's finish says other, not interrupted", () =>
    Effect.gen(function*() {
      const { layer } = yield* serving("geniex", [llamacppText])
      const chunks = yield* UIMessageStream.fromStream(LanguageModel.stream("hi"), { messageId: "m" }).pipe(
        Stream.runCollect,
        Effect.provide(layer)
      )
      const types = chunks.map((chunk) => chunk.type)
      assert.notInclude(types, "abort")
      const finish = chunks.at(-1)!
      assert.strictEqual(finish.type === "finish" && finish.finishReason, "other")
    }).pipe(Effect.scoped))
})
