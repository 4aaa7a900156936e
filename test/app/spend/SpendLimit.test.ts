/**
 * Spend limits per key: a call reserves its worst case before it is sent (and is sent with that cap), a call
 * without room fails with `SpendLimitExceeded` before any request (a 429 from the UI helpers), the reservation
 * settles to the call's spend; bad options, a missing store and an unpriced model are typed errors at once;
 * windows roll over. Across instances: two stores over one real `redis-server` (two connections), concurrent
 * reservations of one key never take the window's settled total past its limit (a property); Redis down at
 * reserve time is a `SpendLimitStoreError`, at settle time the ending is reported all the same.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Option, Stream } from "effect"
import { CallStream, LanguageModel, Message, SpendLimit, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { TestClock } from "effect/testing"
import * as FastCheck from "fast-check"
import * as MemorySpendStore from "../../../src/app/spend/MemorySpendStore.js"
import * as RedisSpendStore from "../../../src/app/spend/RedisSpendStore.js"
import * as Tokenizer from "../../../src/core/estimate/Tokenizer.js"
import type * as SpendStore from "../../../src/core/spend/SpendStore.js"
import * as PricedOpenAi from "../../support/PricedOpenAi.js"
import * as RedisServer from "../../support/RedisServer.js"

// Estimates with the tokenizer (the test setup counts by characters elsewhere).
process.env["EFFECT_LLM_STREAM_TOKENIZER"] = "on"
Tokenizer.forget()

const { chunk, model } = PricedOpenAi

/** An answer of `words` one-token words, with usage at its end (`input` input tokens, 10 unless said). */
const answer = (words: number, input = 10) => ({
  headers: { "content-type": "text/event-stream" },
  body: [
    ...Array.from({ length: words }, () => chunk({ choices: [{ index: 0, delta: { content: " word" } }] })),
    chunk({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] }),
    chunk({ choices: [], usage: { prompt_tokens: input, completion_tokens: words, total_tokens: input + words } }),
    "data: [DONE]\n\n"
  ].join("")
})

const limited = (key: string, usd: string, text = "Count") =>
  LanguageModel.stream({
    messages: [Message.user(text)],
    spendLimit: { key, usd, window: "1 hour", minOutputTokens: 10 }
  })

/**
 * Ten concurrent calls of a short request (estimated at a few tokens) under a $0.001 limit on gpt-4o-mini ($0.15 per
 * million input tokens, $0.60 output), whose provider reports 2,000 input tokens each, at its end: what they are
 * billed in all, and the calls sent.
 */
const tenUnderEstimated = (key: string) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const reported = answer(20, 2_000)
    const body = reported.body.replaceAll("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18")
    const baseUrl = server.serve({ ...reported, body, delayMs: 5 })
    const call = LanguageModel.stream({
      messages: [Message.user("Count")],
      maxTokens: 20,
      spendLimit: { key, usd: "0.001", window: "1 hour", minOutputTokens: 10 }
    }).pipe(CallStream.settle(), Effect.provide(model(baseUrl, "gpt-4o-mini")))
    const endings = yield* Effect.forEach(Array.from({ length: 10 }), () => call, { concurrency: 10 })
    const billed = endings.reduce(
      (sum, ending) =>
        sum +
        (ending._tag === "Completed" ? BigDecimal.toNumberUnsafe(Option.getOrThrow(ending.response.cost).total) : 0),
      0
    )
    // The rest were refused before anything was sent, as over the limit.
    for (const ending of endings) {
      if (ending._tag !== "Completed") {
        assert.strictEqual(ending._tag === "Failed" && ending.error._tag, "SpendLimitExceeded")
      }
    }
    return { billed, sent: server.requests(baseUrl).length }
  })

/** One call's estimation error: 2,000 input tokens reported against an estimate of a few, at $0.15 per million. */
const oneCallsError = 2_000 * 0.15e-6

describe("spend limits in memory", () => {
  it.live("10 concurrent calls estimated at a few input tokens, reported at 2,000: billed within the limit and one call's error", () =>
    Effect.gen(function*() {
      // Issue 97: all ten were sent and billed $0.0033 (330 %): the margin measured against an estimate counted as 100
      // tokens held the next calls' input at a few tokens times it.
      const { billed, sent } = yield* tenUnderEstimated("ten-small")
      assert.isAtMost(billed, 0.001 + oneCallsError)
      // The first measured it ($0.000312); the others held their input at 2,000 tokens (5 % more): two more fit.
      assert.strictEqual(sent, 3)
      assert.closeTo(billed, 3 * 0.000312, 1e-12)
    }).pipe(Effect.provide(SpendLimit.layerMemory()), Effect.scoped))

  it.live("a call reserves its worst case and is sent with that cap; one without room fails before anything is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(answer(20))
      const at = <A, E>(effect: Effect.Effect<A, E, LanguageModel.LanguageModel>) =>
        Effect.provide(effect, model(baseUrl))
      // gpt-4o: "Count" is 8 input tokens ($0.00002, held with a 5 % margin); $0.001 leaves room for 97 output tokens.
      const first = yield* at(CallStream.settle(limited("u1", "0.001")))
      assert.strictEqual(first._tag, "Completed")
      assert.strictEqual(JSON.parse(server.requests(baseUrl)[0]!.body).max_completion_tokens, 97)
      // Settled to its cost ($0.000225): the next call has room for 75 tokens.
      yield* at(CallStream.settle(limited("u1", "0.001")))
      assert.strictEqual(JSON.parse(server.requests(baseUrl)[1]!.body).max_completion_tokens, 75)
      // Another key has its own window.
      yield* at(CallStream.settle(limited("u2", "0.001")))
      assert.strictEqual(JSON.parse(server.requests(baseUrl)[2]!.body).max_completion_tokens, 97)
      // A call whose input alone does not fit: the typed error, no request, and a 429 from the UI helpers.
      const error = yield* at(Effect.flip(Stream.runDrain(limited("u1", "0.001", "lorem ".repeat(400)))))
      assert.strictEqual(error._tag, "SpendLimitExceeded")
      assert.isFalse(error.retryable)
      if (error._tag === "SpendLimitExceeded") {
        assert.strictEqual(error.key, "u1")
        assert.strictEqual(error.limit, "0.001")
        assert.strictEqual(error.spent, "0.00045")
      }
      const response = yield* at(
        UIMessageStream.toResponse(UIMessageStream.fromStream(limited("u1", "0.001", "lorem ".repeat(400))))
      )
      assert.strictEqual(response.status, 429)
      assert.strictEqual(server.requests(baseUrl).length, 3)
    }).pipe(Effect.provide(SpendLimit.layerMemory()), Effect.scoped))

  it.live("several limits: sent with the smallest cap, each settled; one without room refuses, naming it, and releases the others", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(answer(20))
      const at = <A, E>(effect: Effect.Effect<A, E, LanguageModel.LanguageModel>) =>
        Effect.provide(effect, model(baseUrl))
      const call = (spendLimit: LanguageModel.Request["spendLimit"]) =>
        LanguageModel.stream({ messages: [Message.user("Count")], spendLimit })
      const cap = (index: number) => JSON.parse(server.requests(baseUrl)[index]!.body).max_completion_tokens
      const session = { key: "session", usd: "0.001", window: "1 hour", minOutputTokens: 10 } as const
      const network = { key: "network", usd: "0.0005", window: "1 hour", minOutputTokens: 10 } as const
      // $0.0005 leaves room for 47 output tokens, $0.001 for 97: sent with 47.
      yield* at(CallStream.settle(call([session, network])))
      assert.strictEqual(cap(0), 47)
      // Both settled to its cost ($0.000225): 75 and 25 tokens of room left.
      yield* at(CallStream.settle(call(session)))
      assert.strictEqual(cap(1), 75)
      yield* at(CallStream.settle(call(network)))
      assert.strictEqual(cap(2), 25)
      // A limit without room refuses the call, nothing sent, and names itself; the one before is released.
      const everyone = {
        key: "everyone",
        usd: "0.00001",
        window: "1 day",
        minOutputTokens: 10,
        label: "daily limit of this server"
      } as const
      const fresh = { key: "fresh", usd: "0.001", window: "1 hour", minOutputTokens: 10 } as const
      const error = yield* at(Effect.flip(Stream.runDrain(call([fresh, everyone]))))
      assert.strictEqual(error._tag, "SpendLimitExceeded")
      if (error._tag === "SpendLimitExceeded") {
        assert.strictEqual(error.key, "everyone")
        assert.strictEqual(error.label, "daily limit of this server")
        assert.match(error.message, /^the spend limit "daily limit of this server" of \$0\.00001 per 1d has no room/)
      }
      assert.strictEqual(server.requests(baseUrl).length, 3)
      yield* at(CallStream.settle(call(fresh)))
      assert.strictEqual(cap(3), 97, "nothing left held by the refused call")
      // The strictest minOutputTokens of the limits holds: room for 47 is no room under a minimum of 50.
      const strict = { key: "strict", usd: "1", window: "1 hour", minOutputTokens: 50 } as const
      const refused = yield* at(Effect.flip(Stream.runDrain(call([strict, { ...network, key: "network-2" }]))))
      assert.strictEqual(refused._tag, "SpendLimitExceeded")
      assert.strictEqual(server.requests(baseUrl).length, 4)
    }).pipe(Effect.provide(SpendLimit.layerMemory()), Effect.scoped))

  it.live("bad options, a missing store and a model without a price fail at once with a typed error", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve(answer(2))
      const failure = (options: unknown, layer = SpendLimit.layerMemory(), name = "gpt-4o") =>
        Effect.flip(
          LanguageModel.stream({ messages: [Message.user("Hi")], spendLimit: options as never }).pipe(
            Stream.runDrain,
            Effect.provide(model(baseUrl, name)),
            Effect.provide(layer)
          )
        )
      const cases: ReadonlyArray<readonly [unknown, RegExp]> = [
        [{ key: "u", usd: "-1", window: "1 day" }, /spendLimit\.usd must be a positive amount/],
        [{ key: "u", usd: 0, window: "1 day" }, /spendLimit\.usd must be a positive amount/],
        [{ key: "u", usd: "ten", window: "1 day" }, /spendLimit\.usd must be a positive amount/],
        [{ key: "", usd: "1", window: "1 day" }, /spendLimit\.key must be a non-empty string/],
        [{ key: "u", usd: "1", window: "soon" }, /spendLimit\.window must be a duration/],
        [{ key: "u", usd: "1", window: 0 }, /spendLimit\.window must be a duration/],
        // Past the store's range (its window's start and end would not be exact in Redis's scripts).
        [{ key: "u", usd: "1", window: 2 ** 53 }, /spendLimit\.window must be at most .*the store's range/],
        [{ key: "u", usd: "1", window: "1 day", minOutputTokens: 0 }, /spendLimit\.minOutputTokens must be a positive/],
        [{ key: "u", usd: "1", window: "1 day", label: "x".repeat(101) }, /spendLimit\.label must be a non-empty/],
        [
          [{ key: "u", usd: "1", window: "1 day" }, { key: "u", usd: "2", window: "24 hours" }],
          /two limits of one key/
        ],
        [Array.from({ length: 9 }, (_, i) => ({ key: `u${i}`, usd: "1", window: "1 day" })), /at most 8 limits/],
        [[{ key: "u", usd: "1", window: "1 day" }, { key: "v", usd: "1", window: "now" }], /spendLimit\.window/]
      ]
      for (const [options, message] of cases) {
        const error = yield* failure(options)
        assert.strictEqual(error._tag, "InvalidRequestError")
        assert.match(error.message, message)
      }
      const unpriced = yield* failure({ key: "u", usd: "1", window: "1 day" }, SpendLimit.layerMemory(), "my-finetune")
      // The server's configuration, not the request: a 500 for the browser, never the provider's refusal.
      assert.strictEqual(unpriced._tag, "ConfigurationError")
      assert.match(unpriced.message, /a spend limit needs the model's price/)
      const storeless = yield* failure({ key: "u", usd: "1", window: "1 day" }, Layer.empty)
      assert.match(storeless.message, /SpendLimit\.layerMemory\(\)/)
      assert.strictEqual(server.requests(baseUrl).length, 0)
    }).pipe(Effect.scoped))

  it.live("10 concurrent calls whose input is 3 times its estimate, reported at their end, stay within the limit", () =>
    Effect.gen(function*() {
      // Issue 85, finding 11. gpt-4o ($2.50 per million input tokens, $10 per million output): the request is
      // estimated at about 1,000 input tokens, held as $0.0026 (5 % margin) with 20 output tokens ($0.0002); the
      // provider reports 3,000 ($0.0075) only in its last chunk. Ten such reservations fit in $0.03; ten calls
      // spend $0.077 (257 %).
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ ...answer(20, 3_000), delayMs: 5 })
      const call = LanguageModel.stream({
        messages: [Message.user("word ".repeat(1_000))],
        maxTokens: 20,
        spendLimit: { key: "under-estimated", usd: "0.03", window: "1 hour", minOutputTokens: 10 }
      }).pipe(CallStream.settle(), Effect.provide(model(baseUrl)))
      const endings = yield* Effect.forEach(Array.from({ length: 10 }), () => call, { concurrency: 10 })
      const spent = endings.reduce(
        (sum, ending) =>
          sum +
          (ending._tag === "Completed" ? BigDecimal.toNumberUnsafe(Option.getOrThrow(ending.response.cost).total) : 0),
        0
      )
      const sent = server.requests(baseUrl).length
      // The first call measured the under-estimate; the others held their input with it: two more fit.
      assert.strictEqual(sent, 3)
      assert.strictEqual(endings.filter((ending) => ending._tag === "Completed").length, sent)
      assert.isAtMost(spent, 0.03)
      assert.closeTo(spent, 3 * 0.0077, 1e-9)
    }).pipe(Effect.provide(SpendLimit.layerMemory()), Effect.scoped))

  it.live("a provider that ignores the cap is cut where the input held with the measured margin and the output pass the reservation", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const call = (baseUrl: string) =>
        LanguageModel.stream({
          messages: [Message.user("word ".repeat(1_000))],
          maxTokens: 20,
          spendLimit: { key: "ignored-cap", usd: "1", window: "1 hour" }
        }).pipe(CallStream.settle(), Effect.provide(model(baseUrl)))
      // The first call measures the input: 3,000 tokens reported, about 1,000 estimated.
      assert.strictEqual((yield* call(server.serve(answer(20, 3_000))))._tag, "Completed")
      // The next streams 500 words against its cap of 20, reporting its input at the end: counted with its
      // estimate alone, the input left room for about 550 output tokens; held with the margin, for the 20.
      const ignoring = yield* call(server.serve({ ...answer(500, 3_000), delayMs: 1 }))
      assert.strictEqual(ignoring._tag === "Failed" && ignoring.error._tag, "SpendLimitExceeded")
      assert.isAtMost(ignoring.response.content.split(" ").length, 25)
    }).pipe(Effect.provide(SpendLimit.layerMemory()), Effect.scoped))

  it.effect("windows roll over, and a window's entry is gone once it is over", () =>
    Effect.gen(function*() {
      const store = MemorySpendStore.make()
      const ask = (now: number): SpendStore.Ask => ({
        key: "u",
        windowMillis: 3_600_000,
        limit: 1000,
        input: 400,
        perToken: 10,
        maxTokens: 50,
        minTokens: 1,
        now
      })
      const hour = 3_600_000 * 480_000
      const first = yield* store.reserve(ask(hour + 10))
      assert.deepInclude(first, { _tag: "Reserved", amount: 900, maxTokens: 50 })
      assert.deepStrictEqual(yield* store.reserve(ask(hour + 20)), {
        _tag: "Full",
        spent: 900,
        resetsAt: hour + 3_600_000
      })
      yield* store.settle(first as SpendStore.Reservation, 450)
      assert.deepInclude(yield* store.reserve(ask(hour + 30)), { _tag: "Reserved", amount: 550, maxTokens: 15 })
      // The next hour starts empty.
      assert.deepInclude(yield* store.reserve(ask(hour + 3_600_000)), { _tag: "Reserved", amount: 900 })
    }))

  it.live("a day of 50,000 keys: each reservation reads its own entry, not every entry (swept once a window ends)", () =>
    Effect.gen(function*() {
      // Each reservation swept the whole store: 50,000 keys took about 30 s to reserve once each (quadratic).
      const store = MemorySpendStore.make()
      const day = 86_400_000
      const now = day * 20_000 + 1
      const ask = (key: string, at = now) => ({
        key,
        windowMillis: day,
        limit: 1000,
        input: 400,
        perToken: 10,
        maxTokens: 50,
        minTokens: 1,
        now: at
      })
      const started = performance.now()
      for (let index = 0; index < 50_000; index++) yield* store.reserve(ask(`user-${index}`))
      assert.isBelow(performance.now() - started, 5_000)
      // The next day, each key's window starts empty, the ended ones swept.
      assert.deepInclude(yield* store.reserve(ask("user-7", now + day)), { _tag: "Reserved", amount: 900 })
      assert.deepInclude(yield* store.reserve(ask("user-7", now + day)), { _tag: "Full", spent: 900 })
    }))

  it.effect("spent: what a key's window holds, read without a reservation", () =>
    Effect.gen(function*() {
      const store = MemorySpendStore.make()
      const hour = 3_600_000 * 480_000
      yield* TestClock.setTime(hour + 10)
      assert.strictEqual(yield* store.spent("u", 3_600_000), 0)
      const ask = { key: "u", windowMillis: 3_600_000, limit: 1000, input: 400, perToken: 10, maxTokens: 50 }
      const reserved = yield* store.reserve({ ...ask, minTokens: 1, now: hour + 10 })
      assert.strictEqual(yield* store.spent("u", 3_600_000), 900)
      yield* store.settle(reserved as SpendStore.Reservation, 450)
      assert.strictEqual(yield* store.spent("u", 3_600_000), 450)
      // Read again and again: nothing is reserved by reading.
      assert.strictEqual(yield* store.spent("u", 3_600_000), 450)
      assert.strictEqual(yield* store.spent("u", 60_000), 0, "another window length is another entry")
      yield* TestClock.setTime(hour + 3_600_000)
      assert.strictEqual(yield* store.spent("u", 3_600_000), 0, "the next window")
    }))
})

describe.skipIf(RedisServer.redisServer === undefined)(
  `spend limits across instances on Redis${
    RedisServer.redisServer === undefined ? " (skipped: redis-server is not installed)" : ""
  }`,
  () => {
    it.live("10 concurrent calls estimated at a few input tokens, reported at 2,000: billed within the limit and one call's error", () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.redis
        const { billed, sent } = yield* tenUnderEstimated("ten-small-redis").pipe(
          Effect.provide(SpendLimit.layerRedis({ url: redis.url, prefix: "ten:" }))
        )
        assert.isAtMost(billed, 0.001 + oneCallsError)
        assert.isBelow(sent, 10)
      }).pipe(Effect.scoped))

    it.live("two instances, concurrent reservations of one key: the settled total never exceeds the limit", () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.redis
        const one = yield* RedisSpendStore.make(redis.url, "test:")
        const two = yield* RedisSpendStore.make(redis.url, "test:")
        let round = 0
        yield* Effect.promise(() =>
          FastCheck.assert(
            FastCheck.asyncProperty(
              FastCheck.array(
                FastCheck.record({
                  input: FastCheck.integer({ min: 0, max: 300 }),
                  maxTokens: FastCheck.integer({ min: 1, max: 100 }),
                  used: FastCheck.double({ min: 0, max: 1, noNaN: true })
                }),
                { minLength: 1, maxLength: 16 }
              ),
              async (calls) => {
                const key = `k${round++}`
                const limit = 2000
                const now = Date.now()
                const settled = await Effect.runPromise(Effect.forEach(calls, (call, index) => {
                  const store = index % 2 === 0 ? one : two
                  return Effect.flatMap(
                    store.reserve({
                      key,
                      windowMillis: 60_000,
                      limit,
                      input: call.input,
                      perToken: 7.5,
                      maxTokens: call.maxTokens,
                      minTokens: 1,
                      now
                    }),
                    (reserved) =>
                      reserved._tag === "Full"
                        ? Effect.succeed(0)
                        : Effect.as(
                          store.settle(reserved, Math.floor(reserved.amount * call.used)),
                          Math.floor(reserved.amount * call.used)
                        )
                  )
                }, { concurrency: "unbounded" }))
                const total = await Effect.runPromise(
                  Effect.map(
                    one.reserve({
                      key,
                      windowMillis: 60_000,
                      limit,
                      input: limit + 1,
                      perToken: 1,
                      maxTokens: 1,
                      minTokens: 1,
                      now
                    }),
                    (full) => (full as SpendStore.Full).spent
                  )
                )
                return total <= limit && total === settled.reduce((sum, amount) => sum + amount, 0)
              }
            ),
            { numRuns: 12 }
          )
        )
      }).pipe(Effect.scoped))

    it.live("spent: what a key's window holds, read by another instance, without a reservation", () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.redis
        const one = yield* RedisSpendStore.make(redis.url, "spent:")
        const two = yield* RedisSpendStore.make(redis.url, "spent:")
        assert.strictEqual(yield* two.spent("u", 60_000), 0)
        const ask = { key: "u", windowMillis: 60_000, limit: 1000, input: 400, perToken: 10, maxTokens: 50 }
        const reserved = yield* one.reserve({ ...ask, minTokens: 1, now: Date.now() })
        assert.strictEqual(reserved._tag, "Reserved")
        assert.strictEqual(yield* two.spent("u", 60_000), 900)
        yield* one.settle(reserved as SpendStore.Reservation, 450)
        assert.strictEqual(yield* two.spent("u", 60_000), 450)
        assert.strictEqual(yield* two.spent("u", 60_000), 450)
        assert.strictEqual(yield* two.spent("u", 3_600_000), 0)
      }).pipe(Effect.scoped))

    it.live("through the layer: calls of one key on two instances share the window; Redis down at reserve time fails typed, at settle time the ending is still reported", () =>
      Effect.gen(function*() {
        const redis = yield* RedisServer.redis
        const server = yield* ReplayServer.make
        const instance = () =>
          model(server.serve(answer(20))).pipe(Layer.provideMerge(SpendLimit.layerRedis({ url: redis.url })))
        const [a, b] = [yield* Layer.build(instance()), yield* Layer.build(instance())]
        const call = (context: typeof a) =>
          CallStream.settle(limited("shared", "0.00047")).pipe(Effect.provideContext(context))
        assert.strictEqual((yield* call(a))._tag, "Completed")
        assert.strictEqual((yield* call(b))._tag, "Completed")
        // $0.000225 each: $0.00045 spent, no room for the 8 input tokens and one output token on either instance.
        const full = yield* Effect.flip(Stream.runDrain(limited("shared", "0.00047")).pipe(Effect.provideContext(a)))
        assert.strictEqual(full._tag, "SpendLimitExceeded")
        // Redis gone after the reservation: the settlement is retried, then given up; the ending is reported.
        const late = yield* CallStream.settle(
          limited("late", "1").pipe(Stream.tap(() => Effect.sync(redis.kill)))
        ).pipe(Effect.provideContext(b))
        assert.strictEqual(late._tag, "Completed")
        assert.strictEqual(late.response.content, " word".repeat(20))
        const down = yield* Effect.flip(Stream.runDrain(limited("other", "1")).pipe(Effect.provideContext(b)))
        assert.strictEqual(down._tag, "SpendLimitStoreError")
        assert.isTrue(down.retryable)
        assert.notInclude(down.message, redis.url)
      }).pipe(Effect.scoped))

    it.live("a Redis that cannot be reached fails the layer, typed", () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(Layer.build(SpendLimit.layerRedis({ url: "redis://127.0.0.1:1" })))
        assert.strictEqual(error._tag, "SpendLimitStoreError")
      }).pipe(Effect.scoped))
  }
)
