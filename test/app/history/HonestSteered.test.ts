/**
 * An answer steered as its tool ran (`POST <path>/:id/steer`), then a follow-up, through `ChatEndpoint` and the `ai`
 * client on each scripted wire: the follow-up is a 200, and the model reads the steered message where the loop put it
 * (after the tool's result), the answer after it, then the new message.
 */
import { assert, describe, it } from "@effect/vitest"
import { Deferred, Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"
import { heldDeploy } from "../../support/HeldDeploy.js"
import { conversationOf, goesOn } from "./WireConversations.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const turns: ReadonlyArray<TestKit.Turn> = [
  { reasoning: "Deploy first.", toolCalls: [{ name: "deploy", arguments: { target: "production" } }] },
  { text: "Deployed to staging." },
  { text: "You're welcome." }
]

describe("an answer steered, then a follow-up", () => {
  it.live.each(EndpointApp.scriptedWires)(
    "%s: the follow-up a 200, the steered message in place",
    (wire) =>
      Effect.gen(function*() {
        const { deploy, release, started } = yield* heldDeploy
        const bodies: Array<any> = []
        const app = ChatEndpoint.layer({ tools: [deploy], steering: {} }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, wire, bodies))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, `steered-${wire}`)
        const done = chat.settle(() => chat.sendMessage({ text: "Deploy it" }))
        yield* Deferred.await(started)
        const sent = yield* wait(() =>
          chat.fetch(`${served.url}/api/chat/steered-${wire}/steer`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ id: "s1", text: "Use staging instead" })
          })
        )
        assert.strictEqual(sent.status, 202)
        yield* Deferred.succeed(release, undefined)
        yield* wait(() => done)
        assert.strictEqual(chat.error?.message, undefined)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Thanks" })))
        assert.strictEqual(chat.error?.message, undefined)
        assert.lengthOf(bodies, 3)
        const [second, third] = [conversationOf(bodies[1]), conversationOf(bodies[2])]
        goesOn(second, third, "the follow-up after the steered answer")
        assert.include(JSON.stringify(third.slice(second.length - 1)), "Deployed to staging.")
      }).pipe(Effect.scoped)
  )
})
