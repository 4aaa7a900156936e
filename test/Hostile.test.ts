/**
 * Hostile and broken input: every provider's body cut at every byte, and random and mutated bodies
 * (fixed seeds here; `npx tsx scripts/fuzz.ts` runs longer). The outcome is always the full result or a
 * typed `ProviderError`: never a defect, a hang or a wrong success.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Exit, FastCheck } from "effect"
import { CallResponse, ProviderError } from "effect-llm-stream"
import * as Sse from "../src/internal/Sse.js"
import { contentOf, mutate, mutation, runnerFor, survives, targets } from "./support/Hostile.js"
import { splitAt } from "./support/ReplayServer.js"

describe("a body cut at every byte", () => {
  for (const target of targets) {
    it(`${target.name}: every strict prefix ends in a truncated stream, never a wrong success`, async () => {
      const runner = runnerFor(target)
      const whole = await runner.run([target.body])
      assert.isTrue(Exit.isSuccess(whole))
      const full = Exit.isSuccess(whole) ? whole.value : []
      const fullResponse = full.reduce(CallResponse.append, CallResponse.empty)
      for (let cut = 0; cut < target.body.length; cut++) {
        const exit = await runner.run(splitAt(target.body.subarray(0, cut), [cut >> 1]))
        if (Exit.isSuccess(exit)) assert.fail(`a body cut at byte ${cut} of ${target.body.length} succeeded`)
        const failure = Cause.failureOption(exit.cause)
        assert.isTrue(failure._tag === "Some", `a defect at byte ${cut}: ${Cause.pretty(exit.cause)}`)
        const { chunks, error } = (failure as any).value
        assert.instanceOf(error, ProviderError.TruncatedStreamError, `byte ${cut}: ${String(error)}`)
        // What was delivered is a prefix of the real content.
        assert.isTrue(fullResponse.content.startsWith(contentOf(chunks)), `byte ${cut}: wrong content`)
      }
      await runner.dispose()
    }, 120_000)
  }
})

describe("fuzzing (fixed seeds)", () => {
  for (const target of targets) {
    it(`${target.name}: mutated bodies end in a result or a typed error`, async () => {
      const runner = runnerFor(target)
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.array(mutation, { minLength: 1, maxLength: 6 }),
          FastCheck.integer({ min: 1, max: 1_000_000 }),
          FastCheck.integer({ min: 1, max: 300 }),
          (mutations, seed, maxPiece) => survives(runner, mutate(target.body, mutations), seed, maxPiece)
        ),
        { numRuns: 150, seed: 20261121 }
      )
      await runner.dispose()
    }, 120_000)

    it(`${target.name}: random bytes end in a typed error`, async () => {
      const runner = runnerFor(target)
      await FastCheck.assert(
        FastCheck.asyncProperty(
          FastCheck.uint8Array({ maxLength: 4_000 }),
          FastCheck.integer({ min: 1, max: 1_000_000 }),
          (bytes, seed) => survives(runner, bytes, seed, 97)
        ),
        { numRuns: 100, seed: 7 }
      )
      await runner.dispose()
    }, 120_000)
  }

  it("the SSE parser's memory is bounded by maxEventSize, whatever arrives", () => {
    FastCheck.assert(
      FastCheck.property(
        FastCheck.array(FastCheck.string({ unit: "binary", maxLength: 2_000 }), { maxLength: 60 }),
        (pieces) => {
          const parser = new Sse.Parser(1_024)
          const out: Array<Sse.Event> = []
          const encoder = new TextEncoder()
          for (const piece of pieces) {
            if (parser.push(encoder.encode(piece), out) !== undefined) break
            // Nothing held back exceeds the bound: every dispatched event and the pending state fit in it.
            for (const event of out) assert.isAtMost(event.data.length, 1_024)
            out.length = 0
          }
        }
      ),
      { numRuns: 300, seed: 3 }
    )
  })

  it("an endless line without a newline fails as soon as it passes the bound", () => {
    const parser = new Sse.Parser(64 * 1024)
    const piece = new TextEncoder().encode("data: " + "x".repeat(10_000))
    let pushed = 0
    let error: Sse.EventTooLargeError | undefined
    while (error === undefined && pushed < 1_000) {
      error = parser.push(piece, [])
      pushed++
    }
    assert.instanceOf(error, Sse.EventTooLargeError)
    assert.isAtMost(pushed, 8)
  })
})
