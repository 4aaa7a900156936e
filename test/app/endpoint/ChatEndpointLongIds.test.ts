/**
 * A chat whose id is as long as a stream id may be (256 characters) through every way `ChatEndpoint` serves: its
 * answer is resumed (`GET /api/chat/:id/stream`), stopped and steered. The router bounds a path's parameter to 100
 * characters unless told: such a chat was answered, then each of its routes was a 404 (a reload could not resume it,
 * its stop did not reach the server).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

describe("a chat id of 256 characters", () => {
  for (const [serving, via] of EndpointApp.servings) {
    it.live(`${serving}: resumed, stopped and steered`, () =>
      Effect.gen(function*() {
        const app = ChatEndpoint.layer({ steering: {} }).pipe(
          Layer.provide(EndpointApp.scripted([{ text: "Hello." }], "anthropic", []))
        )
        const served = yield* via(app)
        const id = "d".repeat(256)
        const chat = new EndpointApp.EndpointClient(served, id)
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Hi" })))
        assert.strictEqual(chat.error, undefined)
        const routes = `${served.url}/api/chat/${id}`
        const resumed = yield* wait(() => chat.fetch(`${routes}/stream`))
        assert.strictEqual(resumed.status, 200)
        assert.include(yield* wait(() => resumed.text()), "Hello.")
        const stopped = yield* wait(() => chat.fetch(`${routes}/stop`, { method: "POST" }))
        assert.strictEqual(stopped.status, 204)
        const steered = yield* wait(() =>
          chat.fetch(`${routes}/steer`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ text: "And then?" })
          })
        )
        // Its answer has ended: the route was reached, and says so.
        assert.strictEqual(steered.status, 409)
      }).pipe(Effect.scoped))
  }
})
