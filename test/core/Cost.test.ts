import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Cause, Effect, Exit, Layer, Option, Redacted, Result, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import {
  Anthropic,
  Azure,
  Bedrock,
  CallResponse,
  CallStream,
  Cost,
  CostMetadata,
  Groq,
  LanguageModel,
  OpenAI,
  OpenAIResponses,
  PriceTable,
  ProviderError
} from "effect-llm-stream"
import { TestKit } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as Fixtures from "../../support/Fixtures.js"
import * as PiecesClient from "../../support/PiecesClient.js"

const metadata = (fields: ConstructorParameters<typeof CostMetadata.CostMetadata>[0]) =>
  new CostMetadata.CostMetadata(fields)

const priceOf = (provider: CallResponseChunk.Provider, model: string, at?: Date) =>
  Result.getOrThrow(PriceTable.bundled.lookup(provider, model, at))

const total = (result: Result.Result<Cost.Cost, Cost.CostUnavailable>) =>
  BigDecimal.format(Result.getOrThrow(result).total)

describe("Cost.compute: known bills", () => {
  it("Anthropic: 3 input, 12,304 cache-write and 550 output tokens at 3 / 3.75 / 15 cost $0.054399", () => {
    const cost = Cost.compute(
      priceOf("anthropic", "claude-3-7-sonnet-20250219"),
      metadata({ inputTokens: 3 + 12_304, cacheWriteTokens: 12_304, outputTokens: 550 })
    )
    assert.strictEqual(total(cost), "0.054399")
    const breakdown = Result.getOrThrow(cost).breakdown
    assert.strictEqual(BigDecimal.format(breakdown.input), "0.000009")
    assert.strictEqual(BigDecimal.format(breakdown.cacheWrite), "0.04614")
    assert.strictEqual(BigDecimal.format(breakdown.output), "0.00825")
  })

  it("OpenAI: gpt-4o with 2,006 input tokens of which 1,920 cached and 300 output cost $0.005615", () => {
    const cost = Cost.compute(
      priceOf("openai", "gpt-4o-2024-08-06"),
      metadata({ inputTokens: 2006, cachedTokens: 1920, outputTokens: 300 })
    )
    assert.strictEqual(total(cost), "0.005615")
    assert.strictEqual(BigDecimal.format(Result.getOrThrow(cost).breakdown.cacheRead), "0.0024")
  })

  it("a fee per request is billed once per request, its own part, outside the token terms; none for a call never sent", () => {
    const sonarPro = priceOf("perplexity" as CallResponseChunk.Provider, "sonar-pro")
    assert.strictEqual(sonarPro.requests, "14")
    const cost = Result.getOrThrow(Cost.compute(sonarPro, metadata({ inputTokens: 1000, outputTokens: 200 })))
    // 1,000 × $3 + 200 × $15 per million, and $14 per 1,000 requests.
    assert.strictEqual(BigDecimal.format(cost.total), "0.02")
    assert.strictEqual(BigDecimal.format(cost.breakdown.requests!), "0.014")
    const unsent = Result.getOrThrow(
      Cost.compute(sonarPro, metadata({ inputTokens: 0, outputTokens: 0, requests: 0 }))
    )
    assert.strictEqual(BigDecimal.format(unsent.total), "0")
  })

  it("each part of a breakdown prints as a decimal string (JSON.stringify, console.log), its sum too", () => {
    const cost = Result.getOrThrow(Cost.compute(
      priceOf("openai", "gpt-4o-2024-08-06"),
      metadata({ inputTokens: 2006, cachedTokens: 1920, outputTokens: 300 })
    ))
    const printed = JSON.parse(JSON.stringify(cost.breakdown))
    assert.strictEqual(printed.input, "0.000215")
    assert.strictEqual(printed.cacheRead, "0.0024")
    assert.strictEqual(printed.output, "0.003")
    assert.strictEqual(printed.reasoning, "0")
    assert.isTrue(Object.values(printed).every((part) => typeof part === "string"))
    // The parts stay exact decimals, added as such.
    const twice = Cost.add(cost, cost)
    assert.strictEqual(JSON.parse(JSON.stringify(twice.breakdown)).cacheRead, "0.0048")
    assert.strictEqual(BigDecimal.format(twice.breakdown.cacheRead), "0.0048")
    assert.deepStrictEqual(Object.keys(cost.breakdown).sort(), Object.keys(printed).sort())
  })

  it("web searches are billed per search at the table's price ($10 per 1,000 on Claude), whatever the token terms", () => {
    const sonnet = priceOf("anthropic", "claude-sonnet-4-5-20250929")
    assert.strictEqual(sonnet.webSearch, "10")
    const tokens = { inputTokens: 12_251, outputTokens: 153 }
    const plain = Result.getOrThrow(Cost.compute(sonnet, metadata(tokens)))
    const searched = Result.getOrThrow(Cost.compute(sonnet, metadata({ ...tokens, webSearchRequests: 3 })))
    // 12,251 x 3 + 153 x 15 = 39,048 USD per million tokens, and 3 searches at $0.01.
    assert.strictEqual(BigDecimal.format(plain.total), "0.039048")
    assert.strictEqual(BigDecimal.format(searched.total), "0.069048")
    assert.strictEqual(BigDecimal.format(searched.breakdown.webSearch), "0.03")
    assert.deepStrictEqual(searched.toJSON().breakdown, { input: "0.036753", output: "0.002295", webSearch: "0.03" })
    assert.isTrue(BigDecimal.isZero(plain.breakdown.webSearch))
    assert.notProperty(plain.toJSON().breakdown, "webSearch")
    // Batch halves the tokens, not the searches.
    const batch = Result.getOrThrow(
      Cost.compute(sonnet, metadata({ ...tokens, webSearchRequests: 3, batchMode: true }))
    )
    assert.strictEqual(BigDecimal.format(batch.total), "0.049524")
    // The steps of a loop add up, searches too.
    const both = Cost.add(searched, searched)
    assert.strictEqual(BigDecimal.format(both.breakdown.webSearch), "0.06")
    assert.strictEqual(BigDecimal.format(both.total), "0.138096")
  })

  it("batch mode applies the batch multiplier exactly", () => {
    const cost = Cost.compute(
      priceOf("openai", "gpt-4o"),
      metadata({ inputTokens: 2006, cachedTokens: 1920, outputTokens: 300, batchMode: true })
    )
    assert.strictEqual(total(cost), "0.0028075")
  })

  it("Cost.format prints the exact total as a price, every digit and no more", () => {
    const format = (inputTokens: number, outputTokens: number) =>
      Cost.format(
        Result.getOrThrow(Cost.compute(priceOf("openai", "gpt-4o-mini"), metadata({ inputTokens, outputTokens })))
      )
    // gpt-4o-mini: 0.15 / 0.6 per million.
    assert.strictEqual(format(14, 20), "$0.0000141")
    assert.strictEqual(format(1_000_000, 0), "$0.15")
    assert.strictEqual(format(10_000_000, 10_000_000), "$7.5")
    assert.strictEqual(format(0, 0), "$0")
  })
})

describe("Cost.compute: service tiers, data residency and fast mode", () => {
  // gpt-4o: 2,006 input tokens of which 1,920 cached, 300 output.
  const call = { inputTokens: 2006, cachedTokens: 1920, outputTokens: 300 }
  const reason = (result: Result.Result<Cost.Cost, Cost.CostUnavailable>) =>
    Result.isFailure(result) ? `${result.failure.reason}: ${result.failure.message}` : "priced"

  it("the standard tiers' names bill the standard rates", () => {
    const standard = total(Cost.compute(priceOf("openai", "gpt-4o"), metadata(call)))
    assert.strictEqual(standard, "0.005615")
    for (const tier of ["default", "auto", "standard", "on_demand"]) {
      assert.strictEqual(total(Cost.compute(priceOf("openai", "gpt-4o"), metadata({ ...call, tier }))), standard)
    }
  })

  it("priority processing bills the priority rates: 86 × 4.25 + 1,920 × 2.125 + 300 × 17 per million", () => {
    const cost = Cost.compute(priceOf("openai", "gpt-4o"), metadata({ ...call, tier: "priority" }))
    assert.strictEqual(total(cost), "0.0095455")
  })

  it("flex processing and batch bill their exact factor; a model without one gives the reason, not the full price", () => {
    const standard = Result.getOrThrow(Cost.compute(priceOf("openai", "gpt-5"), metadata(call))).total
    const flex = Result.getOrThrow(Cost.compute(priceOf("openai", "gpt-5"), metadata({ ...call, tier: "flex" }))).total
    assert.isTrue(BigDecimal.equals(flex, BigDecimal.multiply(standard, BigDecimal.fromStringUnsafe("0.5"))))
    const noFlex = Cost.compute(priceOf("openai", "gpt-4o"), metadata({ ...call, tier: "flex" }))
    assert.strictEqual(reason(noFlex), "missing-rate: openai gpt-4o has no flex price")
    const noBatch = Cost.compute(priceOf("openai", "gpt-3.5-turbo"), metadata({ ...call, batchMode: true }))
    assert.strictEqual(reason(noBatch), "missing-rate: openai gpt-3.5-turbo has no batch price")
    const noPriority = Cost.compute(
      priceOf("anthropic", "claude-3-7-sonnet-20250219"),
      metadata({ ...call, tier: "priority" })
    )
    assert.match(reason(noPriority), /^missing-rate: .* has no priority-processing price$/)
  })

  it("Ultrafast mode bills GPT-6 Astra at 6 times its rates; a model without an Ultrafast price gives the reason", () => {
    // developers.openai.com's Ultrafast mode guide and pricing page: $60 input, $6 cached input, $300 output per
    // million (6 x $10, $1, $50). By hand: 86 x 60 + 1,920 x 6 + 300 x 300 = 106,680 micro-dollars.
    assert.strictEqual(total(Cost.compute(priceOf("openai", "gpt-6-astra"), metadata(call))), "0.01778")
    const ultrafast = Cost.compute(priceOf("openai", "gpt-6-astra"), metadata({ ...call, tier: "ultrafast" }))
    assert.strictEqual(total(ultrafast), "0.10668")
    // GPT-6.1 Sol takes the tier too, with no published price for it.
    const sol = Cost.compute(priceOf("openai", "gpt-6.1-sol"), metadata({ ...call, tier: "ultrafast" }))
    assert.strictEqual(reason(sol), "missing-rate: openai gpt-6.1-sol has no ultrafast price")
  })

  it("a service tier the table does not know is a reason, not a guess", () => {
    const cost = Cost.compute(priceOf("openai", "gpt-4o"), metadata({ ...call, tier: "scale" }))
    assert.strictEqual(reason(cost), "missing-rate: openai gpt-4o has no price for the service tier \"scale\"")
  })

  it("data residency and fast mode multiply every rate, exactly", () => {
    const opus = priceOf("anthropic", "claude-opus-4-6")
    const standard = Result.getOrThrow(Cost.compute(opus, metadata(call))).total
    const times = (factor: string) => BigDecimal.multiply(standard, BigDecimal.fromStringUnsafe(factor))
    const at = (fields: Partial<ConstructorParameters<typeof CostMetadata.CostMetadata>[0]>) =>
      Result.getOrThrow(Cost.compute(opus, metadata({ ...call, ...fields }))).total
    assert.isTrue(BigDecimal.equals(at({ region: "us" }), times("1.1")))
    assert.isTrue(BigDecimal.equals(at({ region: "global" }), standard))
    assert.isTrue(BigDecimal.equals(at({ speed: "fast" }), times("6")))
    assert.isTrue(BigDecimal.equals(at({ speed: "fast", region: "us" }), times("6.6")))
    const noFast = Cost.compute(
      priceOf("anthropic", "claude-3-7-sonnet-20250219"),
      metadata({ ...call, speed: "fast" })
    )
    assert.match(reason(noFast), /has no price for the speed "fast"$/)
  })

  it("Azure Data Zone and Regional deployments are priced as such through baseModel", () => {
    const global = Result.getOrThrow(Cost.compute(priceOf("azure", "gpt-4o-2024-11-20"), metadata(call))).total
    for (const zone of ["us", "eu", "regional"]) {
      const priced = Result.getOrThrow(Cost.compute(priceOf("azure", `${zone}/gpt-4o-2024-11-20`), metadata(call)))
      assert.isTrue(
        BigDecimal.equals(priced.total, BigDecimal.multiply(global, BigDecimal.fromStringUnsafe("1.1"))),
        `${zone}: ${BigDecimal.format(priced.total)} against ${BigDecimal.format(global)}`
      )
    }
  })

  it("an Anthropic stream's service tier, inference geography and speed reach the cost", () =>
    Effect.gen(function*() {
      const usage = {
        input_tokens: 1000,
        output_tokens: 200,
        service_tier: "standard",
        inference_geo: "us",
        speed: "fast"
      }
      const body = [
        `event: message_start\ndata: ${
          JSON.stringify({
            type: "message_start",
            message: { id: "msg_1", model: "claude-opus-4-6", role: "assistant", content: [], usage }
          })
        }`,
        `event: message_delta\ndata: ${
          JSON.stringify({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage })
        }`,
        `event: message_stop\ndata: {"type":"message_stop"}`,
        ""
      ].join("\n\n")
      const response = yield* CallStream.accumulate(LanguageModel.stream("x")).pipe(
        Effect.provide(TestKit.fromRecording("anthropic", body))
      )
      const cost = Result.getOrThrow(response.costResult)
      const standard = Result.getOrThrow(
        Cost.compute(priceOf("anthropic", "claude-opus-4-6"), metadata({ inputTokens: 1000, outputTokens: 200 }))
      ).total
      assert.isTrue(BigDecimal.equals(cost.total, BigDecimal.multiply(standard, BigDecimal.fromStringUnsafe("6.6"))))
    }))
})

describe("Cost.compute: unavailable costs are explained, never 0", () => {
  it("an unknown model", () => {
    const result = Cost.price(
      PriceTable.bundled,
      "openai",
      "gpt-imaginary-9",
      metadata({ inputTokens: 1, outputTokens: 1 })
    )
    assert.isTrue(Result.isFailure(result))
    const error = Result.getFailure(result).pipe(Option.getOrThrow)
    assert.strictEqual(error.reason, "unknown-model")
    assert.include(error.message, "gpt-imaginary-9")
  })

  it("no usage, and usage whose parts exceed its total", () => {
    const price = priceOf("openai", "gpt-4o")
    assert.strictEqual(
      Result.getFailure(Cost.compute(price, metadata({ outputTokens: 3 }))).pipe(Option.getOrThrow).reason,
      "no-usage"
    )
    assert.strictEqual(
      Result.getFailure(Cost.compute(price, metadata({ inputTokens: 10, cachedTokens: 11, outputTokens: 1 }))).pipe(
        Option.getOrThrow
      ).reason,
      "invalid-usage"
    )
  })

  it("another model's tokens in the call (byModel) are priced at its rates, listed apart, and added", () => {
    const price = (model: string, fields: Parameters<typeof metadata>[0]) =>
      Result.getOrThrow(Cost.compute(priceOf("anthropic", model), metadata(fields)))
    const call = metadata({
      inputTokens: 100,
      outputTokens: 10,
      byModel: [{ model: "claude-opus-4-8", inputTokens: 500, cachedTokens: 100, outputTokens: 5 }]
    })
    const cost = Result.getOrThrow(Cost.price(PriceTable.bundled, "anthropic", "claude-sonnet-4-6", call))
    const own = price("claude-sonnet-4-6", { inputTokens: 100, outputTokens: 10 })
    const advisor = price("claude-opus-4-8", { inputTokens: 500, cachedTokens: 100, outputTokens: 5 })
    assert.strictEqual(Cost.totalText(cost), Cost.totalText(Cost.add(own, advisor)))
    assert.strictEqual(cost.model, "claude-sonnet-4-6")
    // Each model at its own rates: the advisor's input at Opus's, beside the call's at Sonnet's.
    assert.deepStrictEqual(cost.byModel?.map((other) => other.model), ["claude-opus-4-8"])
    assert.strictEqual(BigDecimal.format(cost.byModel![0]!.breakdown.input), BigDecimal.format(advisor.breakdown.input))
    assert.strictEqual(
      BigDecimal.format(cost.breakdown.input),
      BigDecimal.format(BigDecimal.sum(own.breakdown.input, advisor.breakdown.input))
    )
    assert.deepStrictEqual(cost.toJSON().byModel?.map((other) => other.total), [Cost.totalText(advisor)])
    // Two calls' costs: each model once, its costs added.
    const twice = Cost.add(cost, cost)
    assert.strictEqual(twice.byModel?.length, 1)
    assert.strictEqual(Cost.totalText(twice.byModel![0]!), Cost.totalText(Cost.add(advisor, advisor)))
    // A model the table does not price is a reason naming it.
    const unknown = Cost.price(
      PriceTable.bundled,
      "anthropic",
      "claude-sonnet-4-6",
      metadata({
        inputTokens: 100,
        outputTokens: 10,
        byModel: [{ model: "claude-unreleased-9", inputTokens: 5, outputTokens: 5 }]
      })
    )
    const error = Result.getFailure(unknown).pipe(Option.getOrThrow)
    assert.strictEqual(error.reason, "unknown-model")
    assert.include(error.message, "claude-unreleased-9")
  })

  it("12-hour cache writes: at their own rate, at input where writes are, else missing-rate", () => {
    // gpt-5.6 bills 30-minute writes at its `cacheWrite` ($5 today) and the table has no 12-hour price.
    const sol = priceOf("openai", "gpt-5.6")
    const writes = metadata({ inputTokens: 1000, cacheWriteTokens: 600, cacheWrite12hTokens: 200, outputTokens: 10 })
    const unpriced = Result.getFailure(Cost.compute(sol, writes)).pipe(Option.getOrThrow)
    assert.strictEqual(unpriced.reason, "missing-rate")
    assert.include(unpriced.message, "12-hour cache writes (200 tokens)")
    const priced = Result.getOrThrow(
      Cost.compute({ ...sol, rates: { ...sol.rates, cacheWrite12h: "10" } }, writes)
    )
    assert.strictEqual(BigDecimal.format(priced.breakdown.cacheWrite12h), "0.002")
    assert.strictEqual(sol.rates.cacheWrite, "5")
    assert.strictEqual(BigDecimal.format(priced.breakdown.cacheWrite), "0.002")
    // gpt-4o bills its writes at input ($2.50), whatever their retention.
    const gpt4o = Result.getOrThrow(Cost.compute(priceOf("openai", "gpt-4o"), writes))
    assert.strictEqual(BigDecimal.format(gpt4o.breakdown.cacheWrite12h), "0.0005")
    const over = Cost.compute(sol, metadata({ ...writes, cacheWrite1hTokens: 500 }))
    assert.strictEqual(Result.getFailure(over).pipe(Option.getOrThrow).reason, "invalid-usage")
  })

  it("a provider priced like another has no search price of its own: Azure's searches are not OpenAI's", () => {
    // An Azure deployment the table does not list is priced at OpenAI's rates (`pricedLike`), its tokens only: Azure
    // bills web search as Grounding with Bing (learn.microsoft.com, Azure OpenAI's web search how-to).
    const azure = priceOf("azure", "gpt-6-sol")
    assert.strictEqual(azure.provider, "openai")
    assert.strictEqual(priceOf("openai", "gpt-6-sol").webSearch, "10")
    assert.isUndefined(azure.webSearch)
    const searched = Cost.compute(azure, metadata({ inputTokens: 10, outputTokens: 1, webSearchRequests: 1 }))
    assert.strictEqual(Result.getFailure(searched).pipe(Option.getOrThrow).reason, "missing-rate")
  })

  it("file searches: billed per call beside the tokens, not scaled by batch; unpriced on a stand-in", () => {
    const gpt = priceOf("openai", "gpt-4o")
    assert.strictEqual(gpt.fileSearch, "2.5")
    const searched = Result.getOrThrow(
      Cost.compute(gpt, metadata({ inputTokens: 1000, outputTokens: 100, fileSearchRequests: 4, batchMode: true }))
    )
    // Tokens at half price in batch (0.0025 + 0.001, halved); four calls at $2.50 per 1,000, whole.
    assert.strictEqual(BigDecimal.format(searched.breakdown.fileSearch), "0.01")
    assert.strictEqual(BigDecimal.format(searched.total), "0.01175")
    // An Azure deployment priced at OpenAI's rates has OpenAI's tokens, not its tool fees.
    const azure = priceOf("azure", "gpt-6-sol")
    assert.isUndefined(azure.fileSearch)
    const failure = Result.getFailure(
      Cost.compute(azure, metadata({ inputTokens: 10, outputTokens: 1, fileSearchRequests: 2 }))
    ).pipe(Option.getOrThrow)
    assert.strictEqual(failure.reason, "missing-rate")
    assert.include(failure.message, "has no price for file searches (2)")
  })

  it("web searches on a model the table has no search price for", () => {
    const result = Cost.compute(
      priceOf("openai", "gpt-3.5-turbo"),
      metadata({ inputTokens: 10, outputTokens: 1, webSearchRequests: 2 })
    )
    const failure = Result.getFailure(result).pipe(Option.getOrThrow)
    assert.strictEqual(failure.reason, "missing-rate")
    assert.strictEqual(failure.message, "openai gpt-3.5-turbo has no price for web searches (2)")
    // No search, no need of its price.
    assert.isTrue(
      Result.isSuccess(
        Cost.compute(
          priceOf("openai", "gpt-3.5-turbo"),
          metadata({ inputTokens: 10, outputTokens: 1, webSearchRequests: 0 })
        )
      )
    )
  })

  it("audio tokens on a model without an audio price", () => {
    const result = Cost.compute(
      priceOf("openai", "gpt-4o-mini"),
      metadata({ inputTokens: 10, inputAudioTokens: 5, outputTokens: 1 })
    )
    assert.strictEqual(Result.getFailure(result).pipe(Option.getOrThrow).reason, "missing-rate")
  })
})

describe("Cost.compute: properties", () => {
  const usage = FastCheck.record({
    uncached: FastCheck.integer({ min: 0, max: 400_000 }),
    cached: FastCheck.integer({ min: 0, max: 400_000 }),
    cacheWrite: FastCheck.integer({ min: 0, max: 100_000 }),
    text: FastCheck.integer({ min: 0, max: 50_000 }),
    reasoning: FastCheck.integer({ min: 0, max: 50_000 })
  })
  const toMetadata = (u: { uncached: number; cached: number; cacheWrite: number; text: number; reasoning: number }) =>
    metadata({
      inputTokens: u.uncached + u.cached + u.cacheWrite,
      cachedTokens: u.cached,
      cacheWriteTokens: u.cacheWrite,
      outputTokens: u.text + u.reasoning,
      reasoningTokens: u.reasoning
    })
  const models: ReadonlyArray<readonly [CallResponseChunk.Provider, string]> = [
    ["openai", "gpt-4o"],
    ["anthropic", "claude-sonnet-4-20250514"],
    ["anthropic", "claude-sonnet-4-5"],
    ["bedrock", "us.anthropic.claude-sonnet-4-20250514-v1:0"],
    ["groq", "llama-3.3-70b-versatile"]
  ]

  it("cost is monotone in every token count (within a tier)", () => {
    for (const [provider, model] of models) {
      const price = priceOf(provider, model)
      FastCheck.assert(
        FastCheck.property(
          usage,
          FastCheck.constantFrom(
            "uncached" as const,
            "cached" as const,
            "cacheWrite" as const,
            "text" as const,
            "reasoning" as const
          ),
          FastCheck.integer({ min: 1, max: 1000 }),
          (u, field, extra) => {
            const more = { ...u, [field]: u[field] + extra }
            const before = Result.getOrThrow(Cost.compute(price, toMetadata(u)))
            const after = Result.getOrThrow(Cost.compute(price, toMetadata(more)))
            // Crossing a long-context tier raises every rate, so the comparison holds there too.
            return BigDecimal.isGreaterThanOrEqualTo(after.total, before.total)
          }
        ),
        { numRuns: 300, seed: 42 }
      )
    }
  })

  it("cached tokens are billed once, at the cache rate, never also at the input rate", () => {
    const price = priceOf("openai", "gpt-4o")
    FastCheck.assert(
      FastCheck.property(
        FastCheck.integer({ min: 0, max: 100_000 }),
        FastCheck.integer({ min: 0, max: 100_000 }),
        (uncached, cached) => {
          const cost = Result.getOrThrow(
            Cost.compute(price, metadata({ inputTokens: uncached + cached, cachedTokens: cached, outputTokens: 0 }))
          )
          // 2.5 USD/M uncached, 1.25 USD/M cached: in picodollars per token 2,500,000 and 1,250,000.
          const expected = BigDecimal.make(BigInt(uncached) * 2_500_000n + BigInt(cached) * 1_250_000n, 12)
          return BigDecimal.equals(cost.total, expected)
        }
      ),
      { numRuns: 300, seed: 1 }
    )
  })

  it("a long-context tier switches strictly above its threshold and then applies to every token", () => {
    const price = priceOf("anthropic", "claude-sonnet-4-20250514")
    const tier = price.tiers[0]!
    const at = (input: number) =>
      Result.getOrThrow(Cost.compute(price, metadata({ inputTokens: input, outputTokens: 1000 })))
    const below = at(tier.above)
    const above = at(tier.above + 1)
    assert.isUndefined(below.tierAbove)
    assert.strictEqual(above.tierAbove, tier.above)
    const pico = (rate: string) => BigInt(Math.round(Number(rate) * 1e6))
    assert.isTrue(
      BigDecimal.equals(
        below.total,
        BigDecimal.make(BigInt(tier.above) * pico(price.rates.input) + 1000n * pico(price.rates.output), 12)
      )
    )
    assert.isTrue(
      BigDecimal.equals(
        above.total,
        BigDecimal.make(BigInt(tier.above + 1) * pico(tier.rates.input) + 1000n * pico(tier.rates.output), 12)
      )
    )
  })

  it("models newer than both sources, priced from the providers' pages: Sonnet 5.5's cache cut, tiers, Mythos, Argon", () => {
    const usd = (
      provider: CallResponseChunk.Provider,
      model: string,
      fields: ConstructorParameters<typeof CostMetadata.CostMetadata>[0],
      at?: string
    ) => total(Cost.compute(priceOf(provider, model, at === undefined ? undefined : new Date(at)), metadata(fields)))
    const million = 1_000_000
    // platform.claude.com/docs/en/models/sonnet-5-5: $2 / $10, cache reads $0.20, then $0.10 from 2026-10-07 (its
    // migration guide); models/haiku-5-5: $0.10 / $0.50 for prompts up to 100,000 tokens, $0.50 / $2.50 above.
    const cachedMillion = { inputTokens: million, cachedTokens: million, outputTokens: 0 }
    assert.strictEqual(usd("anthropic", "claude-sonnet-5-5", cachedMillion, "2026-10-06T12:00:00Z"), "0.2")
    assert.strictEqual(usd("anthropic", "claude-sonnet-5-5", cachedMillion, "2026-11-25T12:00:00Z"), "0.1")
    assert.strictEqual(usd("anthropic", "claude-haiku-5-5", { inputTokens: 100_000, outputTokens: million }), "0.51")
    assert.strictEqual(
      usd("anthropic", "claude-haiku-5-5", { inputTokens: 100_001, outputTokens: million }),
      "2.5500005"
    )
    // platform.claude.com/docs/en/about-claude/pricing: Claude Mythos 5 and 5.1 as Claude Fable 5 and 5.1 (cache reads
    // $1 and $0.25); 5.2 has no price anywhere, so no price.
    assert.strictEqual(
      usd("anthropic", "claude-mythos-5", cachedMillion),
      usd("anthropic", "claude-fable-5", cachedMillion)
    )
    assert.strictEqual(usd("anthropic", "claude-mythos-5", cachedMillion), "1")
    assert.strictEqual(usd("anthropic", "claude-mythos-5-1", cachedMillion), "0.25")
    assert.strictEqual(usd("anthropic", "claude-mythos-5-1", { inputTokens: 0, outputTokens: million }), "50")
    assert.isTrue(Result.isFailure(PriceTable.bundled.lookup("anthropic", "claude-mythos-5-2")))
    // ai.google.dev's Gemini 4 Argon guide: $2 / $10 "through Nov 30, 2026", $4 / $20 thereafter.
    const millionEach = { inputTokens: million, outputTokens: million }
    assert.strictEqual(usd("google", "gemini-4-argon", millionEach, "2026-11-30T23:00:00Z"), "12")
    assert.strictEqual(usd("google", "gemini-4-argon", millionEach, "2026-12-01T01:00:00Z"), "24")
    // GPT-6.1 Terra's model page: $1 / $5, and from 272K input tokens the whole request at $2 / $7.50.
    assert.strictEqual(usd("openai", "gpt-6.1-terra", { inputTokens: 271_999, outputTokens: million }), "5.271999")
    assert.strictEqual(usd("openai", "gpt-6.1-terra", { inputTokens: 272_000, outputTokens: million }), "8.044")
    // GPT-6.2 Sol's model page: $2 / $10, cache reads $0.10; above 272K input tokens $4 / $15 for the whole request.
    assert.strictEqual(usd("openai", "gpt-6.2-sol", { inputTokens: 271_999, outputTokens: million }), "10.543998")
    assert.strictEqual(usd("openai", "gpt-6.2-sol", { inputTokens: 272_000, outputTokens: million }), "16.088")
    const cachedTenth = { inputTokens: 100_000, cachedTokens: 100_000, outputTokens: 0 }
    assert.strictEqual(usd("openai", "gpt-6.2-sol", cachedTenth), "0.01")
    // GPT-6.2 Astra: no official price found whole (its cache writes, its long-context rates), so none.
    assert.isTrue(Result.isFailure(PriceTable.bundled.lookup("openai", "gpt-6.2-astra")))
  })

  it("dated snapshots and aliases resolve; a snapshot with its own price keeps it", () => {
    assert.strictEqual(priceOf("openai", "gpt-4o-2024-08-06").rates.input, "2.5")
    assert.strictEqual(priceOf("openai", "gpt-4o-2024-05-13").rates.input, "5")
    assert.strictEqual(
      priceOf("anthropic", "claude-sonnet-4-0").model,
      priceOf("anthropic", "claude-sonnet-4-20250514").model
    )
    assert.isTrue(Result.isFailure(PriceTable.bundled.lookup("bedrock", "xx.anthropic.claude-sonnet-4-20250514-v1:0")))
  })
})

const recorded = (provider: string, name: string): ReadonlyArray<Uint8Array> => [Fixtures.body(provider, name)]

const accumulateFrom = (model: Layer.Layer<LanguageModel.LanguageModel, never, never>) =>
  CallStream.accumulate(LanguageModel.stream("x")).pipe(Effect.provide(model))

describe("the cost of every provider's recorded stream", () => {
  const key = Redacted.make("k")
  /** `claude-sonnet-4-0` answering with Anthropic's recording `name`. */
  const claude = (name: string) =>
    Anthropic.model("claude-sonnet-4-0").pipe(
      Layer.provide(Anthropic.layer({ apiKey: key, baseUrl: "http://x" })),
      Layer.provide(PiecesClient.layer(recorded("anthropic", name)))
    )
  // Expected totals computed by hand from the recorded usage and the provider's published prices.
  const cases: ReadonlyArray<{
    readonly name: string
    readonly model: Layer.Layer<LanguageModel.LanguageModel>
    readonly expected: string
    /** The web searches the call ran, each at $10 per 1,000 beside the tokens; and the test's title then. */
    readonly searches?: number
    readonly title?: string
  }> = [
    {
      // gpt-4o-2024-08-06: 16 input x 2.5 + 10 output x 10 = 140 USD per million
      name: "openai",
      model: OpenAI.model("gpt-4o").pipe(
        Layer.provide(OpenAI.layer({ apiKey: key, baseUrl: "http://x" })),
        Layer.provide(PiecesClient.layer(recorded("openai", "text.sse")))
      ),
      expected: "0.00014"
    },
    {
      // claude-sonnet-4-20250514: 17 input x 3 + 15 output x 15 = 276 USD per million
      name: "anthropic",
      model: claude("text.sse"),
      expected: "0.000276"
    },
    {
      // llama-3.3-70b-versatile: 45 input x 0.59 + 662 output x 0.79 = 549.53 USD per million
      name: "groq",
      model: Groq.model("llama-3.3-70b-versatile").pipe(
        Layer.provide(Groq.layer({ apiKey: key, baseUrl: "http://x" })),
        Layer.provide(PiecesClient.layer(recorded("groq", "text.sse")))
      ),
      expected: "0.00054953"
    },
    {
      // The deployment "prod-chat" is priced as its base model gpt-4o: 15 input x 2.5 + 12 output x 10 = 157.5
      name: "azure",
      model: Azure.model("prod-chat", { baseModel: "gpt-4o-2024-08-06" }).pipe(
        Layer.provide(Azure.layer({ endpoint: "http://x", api: "deployments", apiKey: key })),
        Layer.provide(PiecesClient.layer(recorded("azure", "text.sse")))
      ),
      expected: "0.0001575"
    },
    {
      // us.amazon.nova-micro-v1:0: 13 input x 0.035 + 82 output x 0.14 = 11.935 USD per million
      name: "bedrock",
      model: Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
        Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl: "http://x" })),
        Layer.provide(
          PiecesClient.layer(recorded("bedrock", "converse-text.eventstream.b64"), {
            "content-type": "application/vnd.amazon.eventstream"
          })
        )
      ),
      expected: "0.000011935"
    },
    {
      // claude-sonnet-4-20250514: 31,772 input x 3 + 644 output x 15 = 104,976 USD per million, and the 2 searches
      // its usage reports (server_tool_use.web_search_requests) at $10 per 1,000 (platform.claude.com's pricing).
      name: "anthropic",
      title: "anthropic, its web search tool: the searches priced beside the tokens",
      model: claude("web-search.sse"),
      searches: 2,
      expected: "0.124976"
    },
    {
      // gpt-4o-2024-08-06: 16,890 input x 2.5 + 400 output x 10 = 46,225 USD per million, and the one search its
      // output holds (a web_search_call whose action is a search) at $10 per 1,000 calls (genai-prices).
      name: "openai",
      title: "openai, the Responses API's web search tool: the search priced beside the tokens",
      model: OpenAIResponses.model("gpt-4o").pipe(
        Layer.provide(OpenAIResponses.layer({ apiKey: key, baseUrl: "http://x" })),
        Layer.provide(PiecesClient.layer(recorded("openai-responses", "web-search.sse")))
      ),
      searches: 1,
      expected: "0.056225"
    }
  ]
  for (const { expected, model, name, searches, title } of cases) {
    it.effect(title ?? name, () =>
      Effect.gen(function*() {
        const response = yield* accumulateFrom(model)
        const cost = Option.getOrThrow(response.cost)
        assert.strictEqual(BigDecimal.format(cost.total), expected)
        assert.strictEqual(cost.provider, name)
        assert.strictEqual(response.costMetadata.webSearchRequests, searches)
        assert.strictEqual(BigDecimal.format(cost.breakdown.webSearch), String((searches ?? 0) / 100))
      }))
  }

  it.effect("openai, the Responses API's file search tool: the call priced beside the tokens", () =>
    Effect.gen(function*() {
      // gpt-4o-2024-08-06: 1,177 input x 2.5 + 37 output x 10 = 3,312.5 USD per million, and the one file_search_call
      // its output holds at $2.50 per 1,000 calls (genai-prices' `storage_searches_kcount`, OpenAI's pricing page).
      const response = yield* accumulateFrom(
        OpenAIResponses.model("gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("k"), baseUrl: "http://x" })),
          Layer.provide(PiecesClient.layer(recorded("openai-responses", "file-search.sse")))
        )
      )
      assert.strictEqual(response.usage.fileSearchRequests, 1)
      assert.strictEqual(response.costMetadata.fileSearchRequests, 1)
      const cost = Option.getOrThrow(response.cost)
      assert.strictEqual(BigDecimal.format(cost.breakdown.fileSearch), "0.0025")
      assert.strictEqual(BigDecimal.format(cost.total), "0.0058125")
      assert.deepStrictEqual(cost.toJSON().breakdown, { input: "0.0029425", output: "0.00037", fileSearch: "0.0025" })
    }))

  it.effect("the Responses API's tool_usage: its billable searches priced, the image generation tool's tokens unpriced", () =>
    Effect.gen(function*() {
      // `Response.tool_usage` (openai 7.57.0, resources/responses/responses.d.ts): `web_search.num_requests` counts
      // billable searches ("discounted searches and actions such as opening a page are excluded"); `image_gen` the
      // image generation tool's tokens, billed apart from `usage` at the image model's rates.
      const withToolUsage = (toolUsage: unknown) => {
        const text = Fixtures.text("openai-responses", "web-search.sse")
        const at = text.indexOf("\"usage\":{\"input_tokens\"", text.indexOf("\"type\":\"response.completed\""))
        assert.isAbove(at, 0)
        const body = `${text.slice(0, at)}"tool_usage":${JSON.stringify(toolUsage)},${text.slice(at)}`
        return OpenAIResponses.model("gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("k"), baseUrl: "http://x" })),
          Layer.provide(PiecesClient.layer([new TextEncoder().encode(body)]))
        )
      }
      // The recording's one search, discounted: tokens only (16,890 x 2.5 + 400 x 10 per million).
      const discounted = yield* accumulateFrom(withToolUsage({
        web_search: { num_requests: 0 },
        image_gen: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }
      }))
      assert.strictEqual(discounted.costMetadata.webSearchRequests, 0)
      assert.strictEqual(BigDecimal.format(Option.getOrThrow(discounted.cost).total), "0.046225")
      // An image made: the call's cost is not computed, and says why.
      const imaged = yield* accumulateFrom(withToolUsage({
        web_search: { num_requests: 1 },
        image_gen: { input_tokens: 50, output_tokens: 4160, total_tokens: 4210 }
      }))
      assert.strictEqual(imaged.usage.imageGenerationTokens, 4210)
      assert.strictEqual(imaged.costMetadata.imageGenerationTokens, 4210)
      const failure = Result.getFailure(imaged.costResult).pipe(Option.getOrThrow)
      assert.strictEqual(failure.reason, "missing-rate")
      assert.include(failure.message, "has no price for the image generation tool's tokens (4210 tokens)")
      // A count that is not one (negative, a string) is the provider's malformed payload, after the text it sent.
      for (const broken of [{ web_search: { num_requests: -1 } }, { image_gen: { output_tokens: "many" } }]) {
        const chunks: Array<CallResponseChunk.Common> = []
        const exit = yield* LanguageModel.stream("x").pipe(
          Stream.runForEach((chunk) => Effect.sync(() => chunks.push(chunk))),
          Effect.provide(withToolUsage(broken)),
          Effect.exit
        )
        assert.isTrue(Exit.isFailure(exit))
        const error = Exit.isFailure(exit) ? Cause.findErrorOption(exit.cause) : Option.none()
        assert.instanceOf(Option.getOrThrow(error), ProviderError.MalformedPayloadError)
        assert.isNotEmpty(chunks.map((chunk) => chunk.content).join(""))
      }
    }))

  it.effect("the Responses API's 12-hour cache writes and withheld reasoning, read from its stream", () =>
    Effect.gen(function*() {
      // openai 7.57.0, resources/responses/responses.d.ts: `ResponseUsage.InputTokensDetails.cache_write_tokens` with
      // `cache_write_tokens_details: { ttl_30m_tokens, ttl_12h_tokens }`; `Response.input_transformations`, entries
      // `{ id, type: "reasoning", action: "removed", reason }` ("Reasoning inputs withheld from the model").
      const text = Fixtures.text("openai-responses", "web-search.sse")
      const completed = text.indexOf("\"type\":\"response.completed\"")
      const details = "\"input_tokens_details\":{\"cached_tokens\":0,\"cache_write_tokens\":16000," +
        "\"cache_write_tokens_details\":{\"ttl_30m_tokens\":6000,\"ttl_12h_tokens\":10000}}"
      const removed = { id: "rs_0b8e", type: "reasoning", action: "removed", reason: "model_mismatch" }
      const body = text.slice(0, completed) + text.slice(completed)
        .replace("\"input_tokens_details\":{\"cached_tokens\":0}", details)
        .replace(
          "\"status\":\"completed\",",
          `"status":"completed","input_transformations":${JSON.stringify([removed])},`
        )
      // The recording's model (gpt-4o-2024-08-06), or another in its place.
      const model = (name: string) =>
        OpenAIResponses.model(name).pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("k"), baseUrl: "http://x" })),
          Layer.provide(PiecesClient.layer([
            new TextEncoder().encode(body.replaceAll("\"model\":\"gpt-4o-2024-08-06\"", `"model":"${name}"`))
          ]))
        )
      const response = yield* accumulateFrom(model("gpt-4o-2024-08-06"))
      assert.strictEqual(response.usage.cacheWriteTokens, 16000)
      assert.strictEqual(response.usage.cacheWrite12hTokens, 10000)
      assert.deepStrictEqual(response.inputTransformations, [
        { kind: "reasoning_removed", path: "rs_0b8e", reason: "model_mismatch" }
      ])
      // gpt-4o bills writes at its input rate, whatever their retention: 16,890 x 2.5 + 400 x 10 per million, and the
      // recording's search at $10 per 1,000.
      const cost = Option.getOrThrow(response.cost)
      assert.strictEqual(BigDecimal.format(cost.breakdown.cacheWrite12h), "0.025")
      assert.strictEqual(BigDecimal.format(cost.total), "0.056225")
      // gpt-5.6 bills 30-minute writes at its `cacheWrite`; the table has no 12-hour price: the reason, never a guess.
      const failure = Result.getFailure((yield* accumulateFrom(model("gpt-5.6"))).costResult).pipe(Option.getOrThrow)
      assert.strictEqual(failure.reason, "missing-rate")
      assert.include(failure.message, "12-hour cache writes (10000 tokens)")
    }))

  it.effect("a user's price layer overrides the bundled price", () =>
    Effect.gen(function*() {
      const response = yield* accumulateFrom(cases[0]!.model).pipe(
        Effect.provide(PriceTable.layer([{
          provider: "openai",
          model: "gpt-4o",
          aliases: ["gpt-4o-2024-08-06"],
          source: "https://example.com/negotiated",
          checkedAt: "2026-11-21",
          periods: [{ from: null, rates: { input: "1", output: "1" } }]
        }]))
      )
      assert.strictEqual(BigDecimal.format(Option.getOrThrow(response.cost).total), "0.000026")
    }))

  it.effect("withCost gives each chunk the running cost: none until usage arrives", () =>
    Effect.gen(function*() {
      const pairs = yield* Stream.runCollect(CallStream.withCost(LanguageModel.stream("x"))).pipe(
        Effect.provide(cases[0]!.model)
      )
      const costs = Array.from(pairs, ([, cost]) => cost)
      assert.isTrue(Option.isNone(costs[0]!))
      assert.strictEqual(BigDecimal.format(Option.getOrThrow(costs[costs.length - 1]!).total), "0.00014")
    }))

  it("an unpriced response says why", () => {
    assert.isTrue(Option.isNone(CallResponse.empty.cost))
    assert.strictEqual(Result.getFailure(CallResponse.empty.costResult).pipe(Option.getOrThrow).reason, "no-model")
  })
})
