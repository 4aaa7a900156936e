/**
 * A store may hold any JSON value (a client's JSON stream keeps its values as they came), and a hostile or broken one
 * may answer any: an inbox's log or an answer's first chunk that is no object (`null`, a number, an array) is read as an
 * entry the reader does not know, never a defect. Steering goes on, and a chat's next answer is reserved.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { Steering, StreamStore } from "effect-llm-stream"
import * as SteeringModule from "../../../src/app/loop/Steering.js"

const store = Layer.orDie(StreamStore.layerMemory())

describe("a store's values that are no object", () => {
  it.effect("in an inbox's log: a message is steered in all the same", () =>
    Effect.gen(function*() {
      const service = yield* StreamStore.StreamStore
      const inbox = SteeringModule.inboxId("chat-odd")
      yield* service.create(inbox)
      yield* service.append(inbox, [
        { type: "open", maxPending: 8, maxBytes: 65_536 },
        null,
        7,
        ["message"]
      ] as never)
      const sent = yield* Steering.steer("chat-odd", "and in Celsius?", { id: "m1" })
      assert.strictEqual(sent.id, "m1")
      // Sent again: taken once, read past the same values.
      assert.strictEqual((yield* Steering.steer("chat-odd", "and in Celsius?", { id: "m1" })).id, "m1")
    }).pipe(Effect.provide(store)))
})
