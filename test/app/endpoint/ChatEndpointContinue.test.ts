/**
 * An answer sent on with nothing new (the `ai` client's `sendMessage()` after an answer), through the `ai` package's
 * own chat client over `ChatEndpoint`, on Claude Opus 4.8, which takes no prefill (the API answers a conversation
 * that ends with an assistant turn with a 400: "What's new in Claude 4.6", prefill removal). An answer the model
 * finished has nothing to continue: the answer ends at once, as it was, with no error. An answer cut at its output
 * cap cannot be continued: the person reads why, and what to do. Neither request reaches the API.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** An answer of "Paris." as the Messages API streams it, ended with `stop_reason` (`end_turn` unless cut). */
const answer = (cut: boolean) =>
  LoopWire.scripted("anthropic", { texts: ["Paris."], finishReason: cut ? "max_tokens" : "end_turn" }, "1")

/** A chat on `ChatEndpoint` over Claude Opus 4.8 at the replay server, answered once; what reached the API. */
const answered = (cut: boolean) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const url = server.serve([answer(cut)])
    const model = RecordedModels.model("anthropic", url, FetchHttpClient.layer, { model: "claude-opus-4-8" })
    const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer().pipe(Layer.provide(model)))
    const chat = new EndpointApp.EndpointClient(served, `continue-${cut}`)
    yield* wait(() => chat.settle(() => chat.sendMessage({ text: "The capital of France?" })))
    assert.strictEqual(chat.status, "ready")
    assert.strictEqual(chat.text, "Paris.")
    assert.strictEqual(chat.metadata.finishReason, cut ? "length" : "stop")
    return { chat, sent: () => server.requests(url).length }
  })

describe("an answer sent on with nothing new, on a model that takes no prefill", () => {
  it.live("a finished answer ends at once as it was: no error, no request to the API", () =>
    Effect.gen(function*() {
      const { chat, sent } = yield* answered(false)
      yield* wait(() => chat.settle(() => chat.sendMessage()))
      assert.strictEqual(chat.status, "ready")
      assert.isUndefined(chat.error)
      assert.strictEqual(chat.messages.length, 2)
      assert.strictEqual(chat.text, "Paris.")
      assert.strictEqual(chat.metadata.steps, 0)
      assert.strictEqual(sent(), 1, "only the first answer was asked of the API")
    }).pipe(Effect.scoped))

  it.live("a cut answer: the person reads that the model cannot continue it, and no request is sent", () =>
    Effect.gen(function*() {
      const { chat, sent } = yield* answered(true)
      yield* wait(() => chat.settle(() => chat.sendMessage()))
      assert.strictEqual(chat.status, "error")
      assert.strictEqual(
        chat.error?.message,
        "The model claude-opus-4-8 cannot continue an answer; send a new message."
      )
      assert.strictEqual(chat.text, "Paris.")
      assert.strictEqual(sent(), 1, "the continuation was refused before it was sent")
    }).pipe(Effect.scoped))
})
