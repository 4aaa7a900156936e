/**
 * What a spend limit's store holds, and what a provider reports, read as hostile: an entry in Redis the library did
 * not write (`nan`, `-inf`, a negative or huge `spent`, a `start` that is not a time) fails the call with
 * `SpendLimitStoreError`, nothing sent, rather than lifting the limit; a provider reporting a usage past any limit
 * leaves the window full (it overflowed Lua's `%d` to a negative spend: the limit was off for the window), and the
 * call's cut names what it was held to beside what it reported.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, type Layer } from "effect"
import { CallStream, LanguageModel, Message, SpendLimit } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as PricedOpenAi from "../../support/PricedOpenAi.js"
import * as RedisServer from "../../support/RedisServer.js"

const { chunk, model } = PricedOpenAi

/** A one-word answer whose usage, at its end, reports `output` output tokens. */
const answer = (output: number) => ({
  headers: { "content-type": "text/event-stream" },
  body: [
    chunk({ choices: [{ index: 0, delta: { content: " word" } }] }),
    chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
    chunk({ choices: [], usage: { prompt_tokens: 10, completion_tokens: output, total_tokens: 10 + output } }),
    "data: [DONE]\n\n"
  ].join("")
})

/** A call of `key` under $0.01 an hour, sent with at most 20 output tokens: its ending. */
const call = (baseUrl: string, key: string) =>
  LanguageModel.stream({
    messages: [Message.user("hi")],
    maxTokens: 20,
    spendLimit: { key, usd: "0.01", window: "1 hour", minOutputTokens: 10 }
  }).pipe(CallStream.settle(), Effect.provide(model(baseUrl)))

/** A provider reporting 9e15 output tokens ($90 billion) once, then a call of the same key: their endings. */
const hugeThenNext = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const huge = yield* call(server.serve(answer(9_000_000_000_000_000)), "huge")
  const next = yield* call(server.serve(answer(5)), "huge")
  return { huge, next }
})

const hugeUsage = (layer: Layer.Layer<never, SpendLimit.SpendLimitStoreError>) =>
  Effect.gen(function*() {
    const { huge, next } = yield* hugeThenNext.pipe(Effect.provide(layer))
    assert.strictEqual(huge._tag, "Failed")
    if (huge._tag === "Failed") {
      assert.strictEqual(huge.error._tag, "SpendLimitExceeded")
      // It was held to 10 input and 20 output tokens ($0.000225), and cut there.
      assert.include(huge.error.message, "cut when it passed the $0.000225 the spend limit of $0.01")
    }
    assert.strictEqual(next._tag === "Failed" && next.error._tag, "SpendLimitExceeded")
  })

describe("a provider reporting a usage past any limit", () => {
  it.live("in memory: the window stays full, the cut names what was held", () =>
    hugeUsage(SpendLimit.layerMemory()).pipe(Effect.scoped))
})

describe.skipIf(RedisServer.redisServer === undefined)(
  `hostile spend limit entries in Redis${
    RedisServer.redisServer === undefined ? " (skipped: redis-server is not installed)" : ""
  }`,
  () => {
    it.live("a provider reporting a usage past any limit: the window stays full, the cut names what was held", () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.redis
        yield* hugeUsage(SpendLimit.layerRedis({ url: redis.url, prefix: "huge:" }))
        // Held at the most an entry holds, not overflowed to a negative spend.
        const spent = yield* RedisServer.cli(redis.url, "HGET", "huge:huge:3600000", "spent")
        assert.strictEqual(spent.trim(), "9007199254740992")
      }).pipe(Effect.scoped))

    it.live("an entry the library did not write fails the call with SpendLimitStoreError, nothing sent", () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.redis
        const server = yield* ReplayServer.make
        const baseUrl = server.serve(answer(5))
        const start = String(Date.now() - (Date.now() % 3_600_000))
        const entries: ReadonlyArray<readonly [string, string]> = [
          [start, "nan"],
          [start, "-inf"],
          [start, "-1000000000000"],
          [start, "1e300"],
          [start, "abc"],
          ["not a time", "0"],
          ["-1", "0"]
        ]
        for (const [index, [entryStart, spent]] of entries.entries()) {
          yield* RedisServer.cli(redis.url, "HSET", `bad:k${index}:3600000`, "start", entryStart, "spent", spent)
          const ending = yield* call(baseUrl, `k${index}`).pipe(
            Effect.provide(SpendLimit.layerRedis({ url: redis.url, prefix: "bad:" }))
          )
          const error = ending._tag === "Failed" ? ending.error : undefined
          assert.strictEqual(error?._tag, "SpendLimitStoreError", `${entryStart} ${spent}`)
          assert.include(error?.message, "a spend limit entry holds what the library did not write")
          // Left as it was: nothing written over it.
          const after = yield* RedisServer.cli(redis.url, "HGET", `bad:k${index}:3600000`, "spent")
          assert.strictEqual(after.trim(), spent)
        }
        assert.strictEqual(server.requests(baseUrl).length, 0)
      }).pipe(Effect.scoped))
  }
)
