/**
 * A 429's `retry-after`, read as openai-node reads it (`parseFloat`, then an HTTP date): the leading number of
 * seconds. A header sent twice and joined by the client ("5, 6", a proxy's beside the API's) was read by `Date.parse`
 * as a day in 2001, a hint of no wait at all; a retry policy honouring it retried at once.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Option, Stream } from "effect"
import { LanguageModel, ProviderError } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"

/** The retry hint of a 429 whose `retry-after` is `value`. */
const hintOf = (value: string) =>
  LanguageModel.stream("hi").pipe(
    Stream.runDrain,
    Effect.provide(TestKit.fromRecording("openai", JSON.stringify({ error: { message: "slow down" } }), {
      status: 429,
      headers: { "content-type": "application/json", "retry-after": value }
    })),
    Effect.flip,
    Effect.map((error) => {
      assert.instanceOf(error, ProviderError.RateLimitError)
      return Option.map(error.retryAfter, Duration.toMillis)
    })
  )

describe("retry-after", () => {
  it.effect.each(
    [
      ["7", Option.some(7000)],
      ["1.5", Option.some(1500)],
      ["5, 6", Option.some(5000)],
      ["-5", Option.none()],
      ["soon", Option.none()]
    ] as const
  )("%s: %s", ([value, expected]) =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* hintOf(value), expected)
    }))

  it.effect("an HTTP date: the time until it", () =>
    Effect.gen(function*() {
      const millis = yield* hintOf(new Date(Date.now() + 60_000).toUTCString())
      assert.isTrue(Option.isSome(millis) && millis.value > 55_000 && millis.value <= 60_000)
    }))
})
