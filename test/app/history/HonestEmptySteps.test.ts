/**
 * Answers of nothing said, through `ChatEndpoint` and the `ai` client on each scripted wire: a step of empty text,
 * reasoning alone, reasoning then empty text, after a tool's step (the scripted wires send no part for empty text: a
 * part of empty text that holds state is `HonestEmptySignedText`'s). The next message is a 200, and the model reads the
 * tool's step once, as the loop sent it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { conversationOf, goesOn } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const shapes: ReadonlyArray<readonly [string, TestKit.Turn]> = [
  ["empty text", { text: "" }],
  ["reasoning alone", { reasoning: "Nothing to add." }],
  ["reasoning, then empty text", { reasoning: "Nothing to add.", text: "" }]
]

const cases = EndpointApp.scriptedWires.flatMap((wire) => shapes.map(([name, turn]) => [wire, name, turn] as const))

describe("answers of nothing said", () => {
  it.live.each(cases)("%s, %s: the next message a 200", ([wire, , turn]) =>
    Effect.gen(function*() {
      const bodies: Array<any> = []
      const app = ChatEndpoint.layer({ tools: [EndpointApp.weather] }).pipe(
        Layer.provide(EndpointApp.scriptedOnWire(
          [{ toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] }, turn, { text: "Bye." }],
          wire,
          bodies
        ))
      )
      const served = yield* EndpointApp.viaWebHandler(app)
      const chat = new EndpointApp.EndpointClient(served, `empty-${wire}`)
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Weather in Paris" })))
      assert.strictEqual(chat.error?.message, undefined)
      yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Well?" })))
      assert.strictEqual(chat.error?.message, undefined)
      assert.lengthOf(bodies, 3)
      goesOn(conversationOf(bodies[1]).slice(0, -1), conversationOf(bodies[2]), "the tool's step and result")
    }).pipe(Effect.scoped))
})
