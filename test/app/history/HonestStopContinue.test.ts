/**
 * An answer stopped mid-step, after a step that ran a tool, then continued in the same message (the `ai` client's
 * `sendMessage()` with no message) and followed by another message, through `ChatEndpoint` on each scripted wire:
 * every request is a 200, and the model reads the tool's step and result once, in place.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { ChatEndpoint } from "effect-llm-stream"
import type { TestKit } from "effect-llm-stream/testing"
import * as EndpointApp from "../../support/EndpointApp.js"

const wait = <A>(promise: () => Promise<A>) => Effect.promise(promise)

const long = Array.from({ length: 80 }, (_, n) => `word${n}`).join(" ")

const turns: ReadonlyArray<TestKit.Turn> = [
  { toolCalls: [{ name: "get_weather", arguments: { city: "Paris" } }] },
  { text: long },
  { text: "Going on." },
  { text: "Bye." }
]

/** The calls' ids a wire's body holds, in order, each time one is named (a call, then its result). */
const callsIn = (body: unknown): Array<string> => JSON.stringify(body).match(/(call|toolu|tooluse)_[A-Za-z0-9]+/g) ?? []

describe("stopped mid-step, then continued", () => {
  it.live.each(EndpointApp.scriptedWires)(
    "%s: each request a 200, the tool's step once",
    (wire) =>
      Effect.gen(function*() {
        const bodies: Array<any> = []
        const app = ChatEndpoint.layer({ tools: [EndpointApp.weather] }).pipe(
          Layer.provide(EndpointApp.scriptedOnWire(turns, wire, bodies, 10))
        )
        const served = yield* EndpointApp.viaWebHandler(app)
        const chat = new EndpointApp.EndpointClient(served, `stopped-${wire}`)
        const first = chat.settle(() => chat.sendMessage({ text: "Weather in Paris" }))
        yield* wait(() => chat.streamed(30))
        yield* wait(() => chat.stop())
        yield* wait(() => first)
        assert.strictEqual(chat.error?.message, undefined)
        yield* wait(() => chat.settle(() => chat.sendMessage()))
        assert.strictEqual(chat.error?.message, undefined)
        assert.include(chat.text, "Going on.")
        yield* wait(() => chat.settle(() => chat.sendMessage({ text: "Thanks" })))
        assert.strictEqual(chat.error?.message, undefined)
        assert.strictEqual(chat.text, "Bye.")
        assert.lengthOf(bodies, 4)
        const ids = callsIn(bodies[1])
        assert.isAbove(ids.length, 1)
        for (const body of bodies.slice(2)) assert.deepStrictEqual(callsIn(body).slice(0, ids.length), ids)
        assert.deepStrictEqual(callsIn(bodies[3]), callsIn(bodies[2]))
      }).pipe(Effect.scoped)
  )
})
