/**
 * A Gemini step whose only part is an empty text holding a thought signature (as `google/empty-text-signature.sse`
 * ends, Gemini 3: "thought signatures ... may come in a part of empty text", ai.google.dev/gemini-api/docs/
 * thought-signatures), after a tool's step, through `ChatEndpoint` and the `ai` client: the next message is a 200,
 * and the model reads the tool's step as the loop sent it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as EndpointApp from "../../support/EndpointApp.js"
import * as LoopWire from "../../support/LoopWire.js"
import { goesOn } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

/** The recording's last event alone: a part of empty text with its signature, the step's only part. */
const signedNothing = () => {
  const events = new TextDecoder().decode(Fixtures.bytes("google", "empty-text-signature.sse")).split("\n\n")
  const last = events.filter((event) => event.startsWith("data: ")).at(-1)!
  return { headers: { "content-type": "text/event-stream" }, body: `${last}\n\n` }
}

describe("a step of empty text holding a thought signature", () => {
  it.live("after a tool's step: the next message a 200, the tool's step as the loop sent it", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("google", { calls: [{ id: "c1", name: "get_weather", arguments: `{"city":"Paris"}` }] }),
        signedNothing(),
        LoopWire.scripted("google", { texts: ["Bye."] }, "3")
      ])
      const app = ChatEndpoint.layer({ tools: [EndpointApp.weather] }).pipe(
        Layer.provide(LoopWire.modelAt("google", baseUrl, FetchHttpClient.layer))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, "empty-signed")
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris" })))
      assert.strictEqual(chat.error?.message, undefined)
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Well?" })))
      assert.strictEqual(chat.error?.message, undefined)
      const bodies = server.requests(baseUrl).map((request) => JSON.parse(request.body).contents)
      assert.lengthOf(bodies, 3)
      goesOn(bodies[1], bodies[2], "the tool's step and result")
    }).pipe(Effect.scoped))
})
