/**
 * Where a host's cost comes from. Its stated charge: where its row declares one (OpenRouter's `usage.cost`, xAI's
 * `cost_in_usd_ticks`, or a user's host that opts in), a finite charge ≥ 0 is the answer's cost, and a budget settles
 * on it; a host that did not declare it is never trusted with it; a charge that is none is ignored with a warning.
 * Else the table's rates as the source states them: by the time of day the request was sent (DeepSeek V4).
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Layer, Logger, Option, Redacted, Result, Schema } from "effect"
import {
  CallResponse,
  CallStream,
  Cost,
  LanguageModel,
  Message,
  OpenAICompatible,
  PriceTable,
  Tool
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { TestClock } from "effect/testing"
import { bundledFrom } from "../../../src/core/call/PriceTableCore.js"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"

const hostModel = (options: OpenAICompatible.Options, model: string) =>
  OpenAICompatible.model(model).pipe(
    Layer.provide(OpenAICompatible.layer({ apiKey: Redacted.make("key-test-0123456789abcdef"), ...options })),
    Layer.provide(clients[0]![1])
  )

/** A stream body of `chunks`, as a host sends it. */
const sse = (chunks: ReadonlyArray<unknown>): Uint8Array =>
  new TextEncoder().encode(chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join("") + "data: [DONE]\n\n")

/** A text answer of `model` whose last chunk's usage carries `extra` (a host's statement of its charge). */
const answer = (model: string, extra: Record<string, unknown>) =>
  sse([
    { id: "s1", object: "chat.completion.chunk", model, choices: [{ index: 0, delta: { content: "Hi" } }] },
    {
      id: "s1",
      object: "chat.completion.chunk",
      model,
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      usage: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, ...extra }
    }
  ])

/** The folded response of `body` served by the host `options` describe, and the warnings logged. */
const replay = (body: Uint8Array, options: Omit<OpenAICompatible.Options, "baseUrl">, model: string) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ body })
    const warnings: Array<string> = []
    const { chunks } = yield* collect(LanguageModel.stream("hi")).pipe(
      Effect.provide(hostModel({ ...options, baseUrl }, model)),
      Effect.provide(Logger.layer([Logger.make(({ message }) => warnings.push(String(message)))]))
    )
    return { response: chunks.reduce(CallResponse.append, CallResponse.empty), warnings }
  })

const costOf = (response: CallResponse.CallResponse): string =>
  Result.match(response.costResult, { onSuccess: Cost.totalText, onFailure: (why) => `none: ${why.reason}` })

describe("a host's stated charge", () => {
  it.effect("OpenRouter (Usage Accounting): usage.cost is the answer's cost, its source the host's statement", () =>
    Effect.gen(function*() {
      const { response } = yield* replay(
        Fixtures.bytes("openai-compatible", "openrouter-reasoning.sse"),
        { name: "openrouter" },
        "anthropic/claude-sonnet-4.5"
      )
      const cost = Result.getOrThrow(response.costResult)
      assert.strictEqual(Cost.totalText(cost), "0.000981")
      assert.strictEqual(cost.source, "openrouter's stated charge (usage.cost)")
      assert.strictEqual(cost.provider, "openrouter")
      assert.strictEqual(cost.model, "anthropic/claude-sonnet-4.5")
      assert.strictEqual(JSON.stringify(cost.toJSON().breakdown), `{"stated":"0.000981"}`)
      // What the call is billed for, which budgets, limits and the UI read, is the same charge.
      assert.strictEqual(Option.map(response.spend.cost, Cost.totalText).pipe(Option.getOrUndefined), "0.000981")
      assert.isFalse(response.spend.estimated)
    }))

  it.effect("xAI (Cost Tracking): cost_in_usd_ticks, ten-billionths of a dollar, is the answer's cost", () =>
    Effect.gen(function*() {
      const { response } = yield* replay(
        Fixtures.bytes("openai-compatible", "xai-cost.sse"),
        { name: "xai" },
        "grok-4-1-fast-non-reasoning"
      )
      // The docs' example: 37,756,000 ticks is $0.0037756 (the table's rates would give $0.0000071).
      assert.strictEqual(costOf(response), "0.0037756")
      assert.strictEqual(Result.getOrThrow(response.costResult).source, "xai's stated charge (usage.cost_in_usd_ticks)")
    }))

  it.effect("a host that did not declare it is priced from the table; one that opts in is trusted with it", () =>
    Effect.gen(function*() {
      const body = answer("deepseek-v4-flash", { cost: 0 })
      // DeepSeek states no charge: a `cost` in its usage is not trusted (a 0 would open every limit).
      const table = yield* replay(body, { name: "deepseek" }, "deepseek-v4-flash")
      assert.notStrictEqual(costOf(table.response), "0")
      assert.isTrue(Result.isSuccess(table.response.costResult))
      assert.strictEqual(table.response.costMetadata.cost, 0)
      // A user's own host is not trusted with it unless it opts in.
      const untrusted = yield* replay(answer("m", { cost: 0.25 }), { name: "my-router" }, "m")
      assert.strictEqual(costOf(untrusted.response), "none: unknown-model")
      const trusted = yield* replay(answer("m", { cost: 0.25 }), { name: "my-router", statedCost: "usage.cost" }, "m")
      assert.strictEqual(costOf(trusted.response), "0.25")
      // A preset's statement can be turned off: OpenRouter priced from the table (which has no such route).
      const off = yield* replay(answer("m", { cost: 0.25 }), { name: "openrouter", statedCost: false }, "m")
      assert.strictEqual(costOf(off.response), "none: unknown-model")
    }))

  it.effect("a stated charge that is not a finite amount ≥ 0 is ignored with a warning, the table's price used", () =>
    Effect.gen(function*() {
      const options = { name: "deepseek", statedCost: "usage.cost" } as const
      const priced = yield* replay(answer("deepseek-v4-flash", {}), options, "deepseek-v4-flash")
      const tablePrice = costOf(priced.response)
      assert.deepStrictEqual(priced.warnings, [])
      for (const [stated, shown] of [[-0.5, "-0.5"], ["0.01", "\"0.01\""], [{ total: 1 }, "{\"total\":1}"]] as const) {
        const { response, warnings } = yield* replay(
          answer("deepseek-v4-flash", { cost: stated }),
          options,
          "deepseek-v4-flash"
        )
        assert.strictEqual(costOf(response), tablePrice)
        assert.deepStrictEqual(warnings, [
          `deepseek stated a charge (usage.cost) that is not a finite amount of at least 0: ${shown}; the call is priced from the price table`
        ])
      }
      // A number too large for a double arrives as Infinity: none either.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        body: new TextEncoder().encode(
          new TextDecoder().decode(answer("deepseek-v4-flash", { cost: 7 })).replace("\"cost\":7", "\"cost\":1e400")
        )
      })
      const warnings: Array<string> = []
      const { chunks } = yield* collect(LanguageModel.stream("hi")).pipe(
        Effect.provide(hostModel({ ...options, baseUrl }, "deepseek-v4-flash")),
        Effect.provide(Logger.layer([Logger.make(({ message }) => warnings.push(String(message)))]))
      )
      assert.strictEqual(costOf(chunks.reduce(CallResponse.append, CallResponse.empty)), tablePrice)
      assert.include(warnings[0], ": Infinity;")
    }))

  it.effect("a budget on OpenRouter cuts on the stated charge, not on the table's price", () =>
    Effect.gen(function*() {
      const model = "openai/gpt-4.1-mini"
      const step = (stated: number) =>
        sse([
          {
            id: "t1",
            object: "chat.completion.chunk",
            model,
            choices: [{
              index: 0,
              delta: {
                tool_calls: [{
                  index: 0,
                  id: "call_1",
                  type: "function",
                  function: { name: "search", arguments: "{\"q\":\"x\"}" }
                }]
              }
            }]
          },
          {
            id: "t1",
            object: "chat.completion.chunk",
            model,
            choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }],
            usage: { prompt_tokens: 60, completion_tokens: 10, total_tokens: 70, cost: stated }
          }
        ])
      // The app's price of the route, $0.40/$1.60 per million: the step is $0.00004 at it; OpenRouter charged $0.0133176
      // (a web search's fee beside the tokens).
      const prices = PriceTable.layer([{
        provider: "openrouter",
        model,
        source: "https://openrouter.ai/openai/gpt-4.1-mini",
        checkedAt: "2026-11-27",
        periods: [{ from: null, rates: { input: "0.4", output: "1.6" } }]
      }])
      const search = Tool.handle(
        Tool.make("search", { parameters: Schema.Struct({ q: Schema.String }) }),
        () => Effect.succeed("found")
      )
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ body: step(0.0133176) }, { body: step(0.0133176) }])
      const done = yield* LanguageModel.runToolsToEnd({
        messages: [Message.user("Search x")],
        tools: [search],
        budget: { usd: "0.01" }
      }).pipe(Effect.provide(hostModel({ name: "openrouter", baseUrl }, model)), Effect.provide(prices))
      assert.strictEqual(done.reason, "budget")
      assert.strictEqual(server.requests(baseUrl).length, 1)
      assert.strictEqual(Option.map(done.cost, Cost.totalText).pipe(Option.getOrUndefined), "0.0133176")
      assert.strictEqual(
        Option.map(done.overshoot, (cost) => BigDecimal.format(cost.total)).pipe(Option.getOrUndefined),
        "0.0033176"
      )
    }))
})

describe("rates by the time of day the request is sent (DeepSeek V4's peak hours, UTC)", () => {
  const served = (at: string) =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse(at))
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: answer("deepseek-v4-flash", {}) })
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(hostModel({ name: "deepseek", baseUrl }, "deepseek-v4-flash"))
      )
      return costOf(response)
    })

  it.effect("peak on a weekday's 01:00-04:00 and 06:00-10:00, off-peak at half else and all weekend", () =>
    Effect.gen(function*() {
      // 1,000 input and 100 output tokens: $0.44 and $1.32 per million at peak, $0.22 and $0.66 off-peak.
      assert.strictEqual(yield* served("2026-11-26T02:30:00Z"), "0.000572") // Thursday, peak
      assert.strictEqual(yield* served("2026-11-26T09:59:00Z"), "0.000572")
      assert.strictEqual(yield* served("2026-11-26T04:00:00Z"), "0.000286") // between the windows
      assert.strictEqual(yield* served("2026-11-26T12:00:00Z"), "0.000286")
      assert.strictEqual(yield* served("2026-11-28T02:30:00Z"), "0.000286") // Saturday
      // Before the weekend rule (2026-08-23), a Saturday's peak hours were peak.
      assert.strictEqual(yield* served("2026-08-22T02:30:00Z"), "0.000572")
      // Before 2026-08-17, one rate all day.
      assert.strictEqual(yield* served("2026-08-10T02:30:00Z"), "0.000168")
    }))

  it("the table's lookup takes the time: the window's rates, else the period's", () => {
    const at = (iso: string) =>
      Result.getOrThrow(PriceTable.bundled.lookup("deepseek", "deepseek-v4-pro", new Date(iso)))
    assert.deepStrictEqual(at("2026-11-23T01:00:00Z").rates, { input: "1.32", cacheRead: "0.044", output: "3.96" })
    assert.deepStrictEqual(at("2026-11-23T00:59:00Z").rates, { input: "0.66", output: "1.98", cacheRead: "0.022" })
  })
})

describe("every host the price source prices, under its own name, without a preset", () => {
  /** The cost of an answer of `model` (as the stream reports it) from the host named `name`, without a preset. */
  const pricedBy = (name: string) => (model: string) =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ body: answer(model, {}) })
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
        Effect.provide(hostModel({ name, baseUrl }, model))
      )
      return costOf(response)
    })

  it.effect("an OpenRouter answer without a stated charge is priced from its route's entry; a stated one wins", () =>
    Effect.gen(function*() {
      const openrouter = pricedBy("openrouter")
      // No `usage.cost` (Usage Accounting off): 1,000 input and 100 output tokens at the route's $3 and $15 per million
      // (openrouter.ai/models, genai-prices 0.1.8), the table loaded on first use.
      assert.strictEqual(yield* openrouter("anthropic/claude-sonnet-4.5"), "0.0045")
      // The route of the stream's model: OpenRouter's `openai/gpt-4.1-mini` at $0.40 and $1.60.
      assert.strictEqual(yield* openrouter("openai/gpt-4.1-mini"), "0.00056")
      // A route the table does not know stays unknown.
      assert.strictEqual(yield* openrouter("acme/no-such-route"), "none: unknown-model")
      // A stated charge is the cost, whatever the table says.
      const model = "anthropic/claude-sonnet-4.5"
      const stated = yield* replay(answer(model, { cost: 0.0133176 }), { name: "openrouter" }, model)
      assert.strictEqual(costOf(stated.response), "0.0133176")
    }))

  it.effect("Avian (genai-prices' avian): its own rates; another host's model, or one it does not know, has none", () =>
    Effect.gen(function*() {
      const priced = pricedBy("avian")
      // 1,000 input and 100 output tokens at $0.45 and $2.20 per million (avian.io/pricing, genai-prices 0.1.8).
      assert.strictEqual(yield* priced("moonshotai/kimi-k2.5"), "0.00067")
      assert.strictEqual(yield* priced("deepseek-v3.1-terminus"), "none: unknown-model")
      assert.strictEqual(yield* priced("no-such-model"), "none: unknown-model")
    }))

  it.effect("a host's model under the name its stream reports, without the vendor the source names it with", () =>
    Effect.gen(function*() {
      const avian = pricedBy("avian")
      // Avian streams `kimi-k2.5`; genai-prices names its entry `moonshotai/kimi-k2.5`.
      assert.strictEqual(yield* avian("kimi-k2.5"), "0.00067")
      // Avian's own `deepseek/deepseek-v3.2` ($0.23 / $0.33), never DeepSeek's `deepseek-v3.2` ($0.58 / $1.68).
      assert.strictEqual(yield* avian("deepseek-v3.2"), "0.000263")
      // Novita streams `llama-3.3-70b-instruct` for its `meta-llama/llama-3.3-70b-instruct` ($0.39 / $0.39).
      assert.strictEqual(yield* pricedBy("novita")("llama-3.3-70b-instruct"), "0.000429")
      // A bare name another host's entry has is not priced under a host that has no such model.
      assert.strictEqual(yield* pricedBy("arcee")("kimi-k2.5"), "none: unknown-model")
    }))

  it("a name the stream reports is found only where one model of that host has it", () => {
    const entry = (provider: string, model: string, input: string) => ({
      provider,
      model,
      source: "https://example.com/pricing",
      checkedAt: "2026-09-23",
      periods: [{ from: null, rates: { input, output: input } }]
    })
    const table = bundledFrom({ version: 1, generatedAt: "2026-09-23", entries: [] }, {
      entries: [
        entry("h", "vendor-a/shared", "1"),
        entry("h", "vendor-b/shared", "2"),
        entry("h", "vendor/own-name", "3"),
        entry("h", "own-name", "4"),
        entry("h", "vendor/unique", "5")
      ]
    })
    const input = (provider: string, model: string) =>
      Result.match(table.lookup(provider, model), { onSuccess: (price) => price.rates.input, onFailure: () => "none" })
    // Two of the host's models would take `shared`: neither does. A model named `own-name` keeps its name.
    assert.strictEqual(input("h", "shared"), "none")
    assert.strictEqual(input("h", "vendor-b/shared"), "2")
    assert.strictEqual(input("h", "own-name"), "4")
    assert.strictEqual(input("h", "unique"), "5")
    // Under its own host only.
    assert.strictEqual(input("other", "unique"), "none")
  })

  it.effect("the hosts' entries load with the table on first use; the table loaded at start stays as it was", () =>
    Effect.gen(function*() {
      const table = yield* PriceTable.current
      assert.isTrue(Result.isSuccess(table.lookup("novita", "deepseek/deepseek-r1")))
      assert.isTrue(Result.isFailure(PriceTable.bundled.lookup("novita", "deepseek/deepseek-r1")))
      assert.isTrue(Result.isSuccess(PriceTable.bundled.lookup("deepseek", "deepseek-v4-flash")))
    }))
})
