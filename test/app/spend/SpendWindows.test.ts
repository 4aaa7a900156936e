/**
 * Spend windows that hold on many instances, on a real `redis-server`: two instances whose clocks disagree by 80
 * minutes (a `TestClock` each, 40 minutes ahead and 40 behind) share one window, read from Redis's own clock
 * (`TIME`), and both are told the same reset; windows of different lengths on one key keep their own counts; a
 * reservation moves to the input the provider reports (Anthropic's `message_start`), so a concurrent call on the
 * other instance sees the room that is really left.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Deferred, Effect, Fiber, Layer, Redacted, Stream } from "effect"
import type { Context } from "effect"
import { LanguageModel, Message, SpendLimit } from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import { TestClock } from "effect/testing"
import * as RedisServer from "../../support/RedisServer.js"

/** An instance: its own spend limit layer on `url`, the model, and its clock `skewMillis` off. */
const instance = (url: string, model: Layer.Layer<LanguageModel.LanguageModel>, skewMillis: number) =>
  Effect.gen(function*() {
    const clock = yield* TestClock.make()
    yield* clock.setTime(Date.now() + skewMillis)
    const context = yield* Layer.build(Layer.merge(SpendLimit.layerRedis({ url: Redacted.make(url) }), model))
    return <A, E>(effect: Effect.Effect<A, E, LanguageModel.LanguageModel>) =>
      effect.pipe(
        Effect.provideContext(context as Context.Context<LanguageModel.LanguageModel>),
        Effect.provideService(Clock.Clock, clock)
      )
  })

const call = (limit: SpendLimit.Options, maxTokens?: number) =>
  LanguageModel.stream({ messages: [Message.user("Hi")], spendLimit: limit, maxTokens }).pipe(Stream.runDrain)

describe.skipIf(RedisServer.redisServer === undefined)(
  `spend windows on Redis${RedisServer.redisServer === undefined ? " (skipped: no redis-server)" : ""}`,
  () => {
    it.live(
      "two instances with clocks 80 minutes apart share the window on Redis's clock, and its reset",
      () =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          // gpt-4o-mini: each answer reports 1,000 output tokens ($0.0006) and 10 input tokens.
          const model = TestKit.scripted([{ text: "Hello.", usage: { inputTokens: 10, outputTokens: 1000 } }])
          const [ahead, behind] = [
            yield* instance(redis.url, model, 40 * 60_000),
            yield* instance(redis.url, model, -40 * 60_000)
          ]
          const hourly: SpendLimit.Options = { key: "skewed", usd: "0.0014", window: "1 hour", minOutputTokens: 400 }
          yield* ahead(call(hourly))
          yield* behind(call(hourly))
          // $0.0012 spent in the one window: no room for 400 output tokens on either instance.
          const [one, two] = [yield* Effect.flip(ahead(call(hourly))), yield* Effect.flip(behind(call(hourly)))]
          assert.strictEqual(one._tag, "SpendLimitExceeded")
          assert.strictEqual(two._tag, "SpendLimitExceeded")
          if (one._tag === "SpendLimitExceeded" && two._tag === "SpendLimitExceeded") {
            assert.strictEqual(one.resetsAt, two.resetsAt)
            assert.strictEqual(one.resetsAt % 3_600_000, 0)
            // Redis's clock, not either instance's: the end of the hour it is now.
            assert.strictEqual(one.resetsAt, Math.floor(Date.now() / 3_600_000) * 3_600_000 + 3_600_000)
            assert.strictEqual(one.spent, "0.001203")
          }
          // Another window length on the same key keeps its own count.
          const daily: SpendLimit.Options = { ...hourly, window: "1 day" }
          yield* ahead(call(daily))
          yield* behind(call(daily))
          const dailyFull = yield* Effect.flip(ahead(call(daily)))
          assert.strictEqual(dailyFull._tag, "SpendLimitExceeded")
          if (dailyFull._tag === "SpendLimitExceeded") assert.strictEqual(dailyFull.resetsAt % 86_400_000, 0)
        }).pipe(Effect.scoped),
      60_000
    )

    it.live(
      "a reservation moves to the input the provider reports: a concurrent call sees the room really left",
      () =>
        Effect.gen(function*() {
          const redis = yield* RedisServer.redis
          // claude-sonnet-4-5 ($3 per million input tokens, $15 per million output): "Hi" is a few tokens, but the
          // provider reports 5,000 ($0.015) in its message_start, before the answer streams (slowly: 40 ms an event,
          // seconds in all, so that it still runs when the second call comes on a loaded machine).
          const slow = TestKit.scripted([{ text: "word ".repeat(60), usage: { inputTokens: 5000 } }], {
            provider: "anthropic",
            delayMs: 40
          })
          const [first, second] = [yield* instance(redis.url, slow, 0), yield* instance(redis.url, slow, 0)]
          const limit: SpendLimit.Options = { key: "reported", usd: "0.017", window: "1 hour", minOutputTokens: 100 }
          const started = yield* Deferred.make<void>()
          const running = yield* Effect.forkChild(
            first(
              LanguageModel.stream({ messages: [Message.user("Hi")], spendLimit: limit, maxTokens: 100 }).pipe(
                Stream.tap(() => Deferred.succeed(started, undefined)),
                Stream.runDrain
              )
            )
          )
          yield* Deferred.await(started)
          // Time for the reported input to reach Redis (300 ms, was 50), the answer still running.
          yield* Effect.sleep("300 millis")
          // Held: $0.015 of input and $0.0015 of output: no room for another 100 output tokens.
          const refused = yield* Effect.flip(second(call(limit, 100)))
          assert.strictEqual(refused._tag, "SpendLimitExceeded")
          yield* Fiber.join(running)
        }).pipe(Effect.scoped),
      60_000
    )
  }
)
