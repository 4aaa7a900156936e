/**
 * A message the provider refused on its policy is told for what it is, on each path: Azure's `400` `content_filter`
 * before any content (a plain-text answer), Gemini's `promptFeedback.blockReason` and Vertex AI's Model Armor in the
 * stream (the `ai` client's error, AG-UI's `RUN_ERROR`), one sentence naming the provider's content filter where every
 * other refusal of a request reads "The provider refused the request."; and the chat goes on with the next message.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint, LanguageModel, UIMessageStream } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as RecordedModels from "../../support/RecordedModels.js"

const told = "The provider's content filter blocked this message."

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const blocked: ReadonlyArray<readonly [string, TestKit.ScriptedProvider, string]> = [
  ["Gemini's PROHIBITED_CONTENT", "google", "prompt-blocked.sse"],
  ["Vertex AI's Model Armor", "google-vertex", "vertex-model-armor-prompt-blocked.sse"]
]

describe("a message the provider refused on its policy", () => {
  it.live("Azure's 400 content_filter, before content: a text body naming the filter", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        status: 400,
        headers: { "content-type": "application/json" },
        body: Fixtures.bytes("azure", "http-400-content-filter.json")
      })
      const response = yield* UIMessageStream.fromStream(LanguageModel.stream("hi")).pipe(
        UIMessageStream.toResponse(),
        Effect.provide(RecordedModels.model("azure", baseUrl, clients[0]![1]))
      )
      // The category its `innererror.content_filter_result` names as filtered (`self_harm`), in plain words.
      assert.strictEqual(
        yield* Effect.promise(() => response.text()),
        "The provider's content filter blocked this message (self-harm)."
      )
    }))

  it.live.each(blocked)(
    "%s, through the ai client: told, and the chat goes on",
    ([, wire, name]) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const model = EndpointApp.scriptedOnWire([{ text: "Fine." }], wire, bodies, 0, Fixtures.bytes("google", name))
        const served = yield* EndpointApp.viaWebHandler(ChatEndpoint.layer({}).pipe(Layer.provide(model)))
        const chat = new EndpointApp.EndpointClient(served, `blocked-${wire}`)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Do the thing" })))
        assert.strictEqual(chat.error?.message, told)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Something else, then" })))
        assert.strictEqual(chat.error?.message, undefined)
        assert.lengthOf(bodies, 2)
      }).pipe(Effect.scoped)
  )

  it.live.each(blocked)(
    "%s, through HttpAgent: RUN_ERROR names the filter",
    ([, wire, name]) =>
      Effect.gen(function*() {
        const url = yield* AgUiClient.looped.pipe(
          Effect.provide(EndpointApp.scriptedOnWire([{ text: "Fine." }], wire, [], 0, Fixtures.bytes("google", name)))
        )
        const agent = AgUiClient.agentOf(url, `blocked-${wire}`)
        agent.addMessage({ id: "u1", role: "user", content: "Do the thing" })
        const run = yield* AgUiClient.run(agent)
        const last = run.events.at(-1)
        assert.strictEqual(last?.type, "RUN_ERROR")
        assert.strictEqual((last as { readonly message?: string }).message, told)
      }).pipe(Effect.scoped)
  )
})
