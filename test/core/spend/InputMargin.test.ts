/**
 * The margin a spend limit holds an estimated input with (issue 85, finding 11): the first call of a model measures
 * its estimate's error while the model's other calls wait; a call that ends without a report lets the next measure,
 * a provider that reports no input leaves the calibrated margin, and a measured under-estimate raises the margin of
 * every later call of the model (not of another model). The through-the-layer probe is in
 * test/app/spend/SpendLimit.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber } from "effect"
import { Message } from "effect-llm-stream"
import * as CallBasis from "../../../src/core/estimate/CallBasis.js"
import * as TokenFamily from "../../../src/core/estimate/TokenFamily.js"
import * as InputMargin from "../../../src/core/spend/InputMargin.js"

const basis = (model: string) =>
  new CallBasis.Basis("openai", model, model, { family: TokenFamily.openai }, {
    messages: [Message.user("word ".repeat(1_000))]
  })

describe("InputMargin.Gate", () => {
  it.live("one call measures a model while the others wait; what it measured raises the next margins", () =>
    Effect.gen(function*() {
      const gate = new InputMargin.Gate()
      const [first, second] = [basis("gpt-4o"), basis("gpt-4o")]
      const calibrated = InputMargin.calibrated(first)
      const measuring = yield* gate.enter(first)
      assert.deepStrictEqual(measuring.margin, calibrated)
      assert.isTrue(measuring.measuring.measures)
      // The measuring call itself (under a second limit) does not wait for itself.
      assert.isFalse((yield* gate.enter(first)).measuring.measures)
      const waiting = yield* Effect.forkChild(gate.enter(second))
      // Another model does not wait.
      assert.isTrue((yield* gate.enter(basis("gpt-4o-mini"))).measuring.measures)
      yield* Effect.sleep("20 millis")
      assert.isUndefined(waiting.pollUnsafe())
      // Refused or failed before any report: the waiting call measures next.
      gate.settled(measuring.measuring, false)
      const next = yield* Fiber.join(waiting)
      assert.isTrue(next.measuring.measures)
      // Its provider reported three times the estimate: once settled, later calls hold the input with it.
      gate.reported(second, next.measuring, 3 * second.inputTokens())
      const third = yield* Effect.forkChild(gate.enter(basis("gpt-4o")))
      yield* Effect.sleep("20 millis")
      assert.isUndefined(third.pollUnsafe())
      gate.settled(next.measuring, false)
      const later = yield* Fiber.join(third)
      assert.isFalse(later.measuring.measures)
      assert.closeTo(later.margin, calibrated * 3, 1e-9)
    }))

  it.effect("a provider that reports no input leaves the calibrated margin, without a wait; short requests measure as 100 tokens", () =>
    Effect.gen(function*() {
      const gate = new InputMargin.Gate()
      const first = yield* gate.enter(basis("silent"))
      gate.settled(first.measuring, true)
      const after = yield* gate.enter(basis("silent"))
      assert.isFalse(after.measuring.measures)
      assert.strictEqual(after.margin, InputMargin.calibrated(basis("silent")))
      // "Hi" is a few tokens: a report of 90 is no under-estimate.
      const short = new CallBasis.Basis("openai", "short", "short", { family: TokenFamily.openai }, {
        messages: [Message.user("Hi")]
      })
      const measuring = yield* gate.enter(short)
      gate.reported(short, measuring.measuring, 90)
      gate.settled(measuring.measuring, true)
      assert.strictEqual((yield* gate.enter(short)).margin, InputMargin.calibrated(short))
    }))
})
