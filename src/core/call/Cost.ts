/**
 * The cost of a call, computed exactly from its normalised usage and its model's prices: each kind of token billed
 * once at its own rate, a long-context tier applied to every token once the input exceeds its threshold, a provider
 * tool's calls billed per call. Amounts are integer picodollars, returned as exact decimals.
 *
 * @since 0.1.0
 */
import * as BigDecimal from "effect/BigDecimal"
import * as Data from "effect/Data"
import { NodeInspectSymbol } from "effect/Inspectable"
import * as Result from "effect/Result"
import * as CostMetadata from "../CostMetadata.js"
import type * as Provider from "../Provider.js"
import * as Usage from "../Usage.js"
import type * as PriceTable from "./PriceTable.js"

/**
 * The cost of each kind of token, and of the provider tools billed per call (web and file searches), in USD.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Breakdown {
  readonly input: BigDecimal.BigDecimal
  readonly cacheRead: BigDecimal.BigDecimal
  readonly cacheWrite: BigDecimal.BigDecimal
  readonly cacheWrite1h: BigDecimal.BigDecimal
  /** Cache writes with 12-hour retention (the Responses API's `ttl_12h_tokens`). @since 0.6.0 */
  readonly cacheWrite12h: BigDecimal.BigDecimal
  readonly inputAudio: BigDecimal.BigDecimal
  readonly output: BigDecimal.BigDecimal
  readonly reasoning: BigDecimal.BigDecimal
  readonly outputAudio: BigDecimal.BigDecimal
  /** The provider's web searches, at the table's price per search (the token terms do not apply). @since 0.5.0 */
  readonly webSearch: BigDecimal.BigDecimal
  /** The provider's file searches, at the table's price per call (the token terms do not apply). @since 0.5.0 */
  readonly fileSearch: BigDecimal.BigDecimal
  /** The fee per request the table states (Perplexity's `sonar`), one per call. @since 0.7.0 */
  readonly requests?: BigDecimal.BigDecimal | undefined
  /**
   * What the host stated it charged for the call, whole (OpenRouter's `usage.cost`): the host's, not the table's.
   * @since 0.7.0
   */
  readonly stated?: BigDecimal.BigDecimal | undefined
}

/**
 * What a `Cost` holds.
 *
 * @since 0.7.0
 * @category Models
 */
export interface CostFields {
  /** The total in USD, exact. */
  readonly total: BigDecimal.BigDecimal
  /** Its parts, each an exact decimal; `JSON.stringify` and `console.log` show each as a decimal string. */
  readonly breakdown: Breakdown
  readonly provider: Provider.Name
  /** The priced model id. */
  readonly model: string
  /** The long-context tier applied (its threshold), if any. */
  readonly tierAbove: number | undefined
  /**
   * Where the cost comes from: the price table's source of the model's rates, or the host's statement of its charge.
   */
  readonly source: string
  readonly checkedAt: string
  /** Each other model's tokens spent inside the call (`Usage.byModel`), part of `total`. @since 0.6.0 */
  readonly byModel?: ReadonlyArray<Cost> | undefined
}

/**
 * @since 0.1.0
 * @category Models
 */
export class Cost extends Data.Class<CostFields> {
  constructor(fields: CostFields) {
    super({ ...fields, breakdown: printable(fields.breakdown) })
  }

  /**
   * The total as a number of USD, for display.
   *
   * @since 0.1.0
   */
  get usd(): number {
    return BigDecimal.toNumberUnsafe(this.total)
  }

  /**
   * The cost as plain values, exact decimals as strings (zero parts left out): what `JSON.stringify` and
   * `console.log` show.
   *
   * @since 0.3.0
   */
  toJSON(): {
    readonly usd: number
    readonly total: string
    readonly breakdown: Readonly<Partial<Record<keyof Breakdown, string>>>
    readonly provider: Provider.Name
    readonly model: string
    readonly tierAbove?: number
    readonly source: string
    readonly checkedAt: string
    readonly byModel?: ReadonlyArray<ReturnType<Cost["toJSON"]>>
  } {
    const breakdown: Partial<Record<keyof Breakdown, string>> = {}
    for (const [part, amount] of Object.entries(this.breakdown) as Array<[keyof Breakdown, BigDecimal.BigDecimal]>) {
      if (amount !== undefined && !BigDecimal.isZero(amount)) breakdown[part] = decimalString(amount)
    }
    return {
      usd: this.usd,
      total: decimalString(this.total),
      breakdown,
      provider: this.provider,
      model: this.model,
      ...(this.tierAbove === undefined ? {} : { tierAbove: this.tierAbove }),
      source: this.source,
      checkedAt: this.checkedAt,
      ...(this.byModel === undefined ? {} : { byModel: this.byModel.map((cost) => cost.toJSON()) })
    }
  }

  /**
   * Formats the total as a price: `"$0.00014"` (see `format`).
   *
   * @since 0.3.0
   */
  override toString(): string {
    return format(this)
  }

  /** @since 0.3.0 */
  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}

const decimalString = (amount: BigDecimal.BigDecimal): string => BigDecimal.format(BigDecimal.normalize(amount))

/** A breakdown's parts as exact decimal strings (the parts it has). */
const printed = (breakdown: Breakdown): Readonly<Partial<Record<keyof Breakdown, string>>> => {
  const parts: Partial<Record<keyof Breakdown, string>> = {}
  for (const [part, amount] of Object.entries(breakdown) as Array<[keyof Breakdown, BigDecimal.BigDecimal]>) {
    if (amount !== undefined) parts[part] = decimalString(amount)
  }
  return parts
}

/**
 * A copy of `breakdown` that prints each part as a decimal string (`JSON.stringify`, `console.log`), not as an object.
 */
const printable = (breakdown: Breakdown): Breakdown => {
  const copy = { ...breakdown }
  const show = { value: () => printed(copy), enumerable: false }
  return Object.defineProperties(copy, { toJSON: show, [NodeInspectSymbol]: show })
}

/**
 * Why a cost could not be computed. A cost is never silently 0.
 *
 * @since 0.1.0
 * @category Errors
 */
export class CostUnavailable extends Data.TaggedError("CostUnavailable")<{
  readonly reason: "unknown-model" | "no-model" | "no-usage" | "invalid-usage" | "missing-rate"
  readonly message: string
}> {}

const picoPerToken = (price: string): bigint => {
  const [whole, fraction = ""] = price.split(".")
  return BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, "0"))
}

/** A price per 1,000 calls as picodollars per call: a thousandth of it, where `picoPerToken` takes a millionth. */
const picoPerCall = (price: string): bigint => picoPerToken(price) * 1_000n

const usd = (picodollars: bigint): BigDecimal.BigDecimal => BigDecimal.normalize(BigDecimal.make(picodollars, 12))

const unavailable = (reason: CostUnavailable["reason"], message: string) =>
  Result.fail(new CostUnavailable({ reason, message }))

/** Service tiers billed at the standard rates (OpenAI `default`/`auto`, Anthropic `standard`, Groq `on_demand`). */
const standardTiers: ReadonlySet<string> = new Set(["default", "auto", "standard", "on_demand"])

/** The rates and factors of a call, by its tier, region and speed; one without a price is a reason, never 0. */
const termsOf = (
  price: PriceTable.ModelPrice,
  metadata: CostMetadata.CostMetadata,
  tier: (typeof price.tiers)[number] | undefined
): Result.Result<{ readonly rates: PriceTable.Rates; readonly multipliers: ReadonlyArray<string> }, string> => {
  const name = `${price.provider} ${price.model}`
  const serviceTier = metadata.batchMode === true ? "batch" : metadata.tier
  const multipliers: Array<string> = []
  let rates = tier?.rates ?? price.rates
  if (serviceTier !== undefined && !standardTiers.has(serviceTier)) {
    switch (serviceTier) {
      case "priority": {
        const priority = tier === undefined ? price.priority : tier.priority
        if (priority === undefined) return Result.fail(`${name} has no priority-processing price`)
        rates = priority
        break
      }
      case "flex":
      case "ultrafast":
      case "batch": {
        const factor = serviceTier === "flex"
          ? price.flexMultiplier
          : serviceTier === "ultrafast"
          ? price.ultrafastMultiplier
          : price.batchMultiplier
        if (factor === undefined) return Result.fail(`${name} has no ${serviceTier} price`)
        multipliers.push(factor)
        break
      }
      default:
        return Result.fail(`${name} has no price for the service tier "${serviceTier}"`)
    }
  }
  const residency = metadata.region === undefined ? undefined : price.residency?.[metadata.region]
  if (residency !== undefined) multipliers.push(residency)
  if (metadata.speed !== undefined && metadata.speed !== "standard") {
    if (metadata.speed !== "fast" || price.fastMultiplier === undefined) {
      return Result.fail(`${name} has no price for the speed "${metadata.speed}"`)
    }
    multipliers.push(price.fastMultiplier)
  }
  return Result.succeed({ rates, multipliers })
}

/** The provider tools billed per call: the breakdown's part (the table's price), the count, its name in a reason. */
const toolCalls = [
  { part: "webSearch", count: "webSearchRequests", what: "web searches" },
  { part: "fileSearch", count: "fileSearchRequests", what: "file searches" }
] as const

type ToolPart = typeof toolCalls[number]["part"]

/** The tokens of a call by the rate each is billed at (`cacheWrite` is the 5-minute writes alone). */
type Tokens = Record<Exclude<keyof Breakdown, ToolPart | "requests" | "stated">, number>

/** Splits a call's token counts by rate; fails when the counts are missing or their parts exceed their totals. */
const tokensOf = (metadata: CostMetadata.CostMetadata): Result.Result<Tokens, CostUnavailable> => {
  const { inputTokens, outputTokens } = metadata
  if (inputTokens === undefined || outputTokens === undefined) {
    return unavailable("no-usage", "the response reported no complete usage (input and output tokens)")
  }
  const cached = metadata.cachedTokens ?? 0
  const cacheWrite = metadata.cacheWriteTokens ?? 0
  const cacheWrite1h = metadata.cacheWrite1hTokens ?? 0
  const cacheWrite12h = metadata.cacheWrite12hTokens ?? 0
  const inputAudio = metadata.inputAudioTokens ?? 0
  const reasoning = metadata.reasoningTokens ?? 0
  const outputAudio = metadata.outputAudioTokens ?? 0
  const uncached = inputTokens - cached - cacheWrite - inputAudio
  const textOutput = outputTokens - reasoning - outputAudio
  if (uncached < 0 || textOutput < 0 || cacheWrite1h + cacheWrite12h > cacheWrite) {
    return unavailable(
      "invalid-usage",
      `the usage is inconsistent: its parts exceed its totals (input ${inputTokens}, cached ${cached}, cache writes ${cacheWrite}, audio ${inputAudio}; output ${outputTokens}, reasoning ${reasoning}, audio ${outputAudio})`
    )
  }
  return Result.succeed({
    input: uncached,
    cacheRead: cached,
    cacheWrite: cacheWrite - cacheWrite1h - cacheWrite12h,
    cacheWrite1h,
    cacheWrite12h,
    inputAudio,
    output: textOutput,
    reasoning,
    outputAudio
  })
}

/** The long-context tier a call with `inputTokens` is billed at: the highest one it exceeds. */
const tierOf = (
  price: PriceTable.ModelPrice,
  inputTokens: number
): PriceTable.ModelPrice["tiers"][number] | undefined => {
  let tier: PriceTable.ModelPrice["tiers"][number] | undefined
  for (const candidate of price.tiers) {
    if (inputTokens > candidate.above && (tier === undefined || candidate.above > tier.above)) tier = candidate
  }
  return tier
}

/** Says what the call is billed for that has no price and no fallback, or `undefined`. */
const lackingPrices = (
  tokens: Tokens,
  rates: PriceTable.Rates,
  price: PriceTable.ModelPrice,
  metadata: CostMetadata.CostMetadata
): string | undefined => {
  const missing = (count: number, rate: string | undefined, what: string, unit = " tokens") =>
    count > 0 && rate === undefined ? `${what} (${count}${unit})` : undefined
  const lacking = [
    missing(tokens.cacheWrite1h, rates.cacheWrite1h, "one-hour cache writes"),
    // A model whose writes bill at `input` (no `cacheWrite`) bills its 12-hour writes so too.
    missing(
      tokens.cacheWrite12h,
      rates.cacheWrite === undefined ? rates.input : rates.cacheWrite12h,
      "12-hour cache writes"
    ),
    missing(tokens.inputAudio, rates.inputAudio, "audio input"),
    missing(tokens.outputAudio, rates.outputAudio, "audio output"),
    ...toolCalls.map(({ count, part, what }) => missing(metadata[count] ?? 0, price[part], what, "")),
    // Billed at the image model's rates, which the table does not hold (the tool's model is not in the response).
    missing(metadata.imageGenerationTokens ?? 0, undefined, "the image generation tool's tokens")
  ].filter((what) => what !== undefined)
  return lacking.length > 0 ? lacking.join(", ") : undefined
}

/** Bills each provider tool's calls at the table's price per 1,000, in picodollars (priced: `lackingPrices`). */
const toolCallsOf = (price: PriceTable.ModelPrice, metadata: CostMetadata.CostMetadata): Record<ToolPart, bigint> => {
  const billed = {} as Record<ToolPart, bigint>
  for (const { count, part } of toolCalls) {
    const calls = metadata[count] ?? 0
    billed[part] = calls === 0 ? 0n : BigInt(calls) * picoPerCall(price[part]!)
  }
  return billed
}

/**
 * Bills each kind of token at its rate, in picodollars; a kind without a rate of its own falls back to input or output.
 */
const picodollarsOf = (tokens: Tokens, rates: PriceTable.Rates): Record<keyof Tokens, bigint> => {
  const bill = (count: number, rate: string | undefined, fallback: string): bigint =>
    count === 0 ? 0n : BigInt(count) * picoPerToken(rate ?? fallback)
  return {
    input: bill(tokens.input, rates.input, rates.input),
    cacheRead: bill(tokens.cacheRead, rates.cacheRead, rates.input),
    cacheWrite: bill(tokens.cacheWrite, rates.cacheWrite, rates.input),
    cacheWrite1h: bill(tokens.cacheWrite1h, rates.cacheWrite1h, rates.input),
    cacheWrite12h: bill(tokens.cacheWrite12h, rates.cacheWrite12h, rates.input),
    inputAudio: bill(tokens.inputAudio, rates.inputAudio, rates.input),
    output: bill(tokens.output, rates.output, rates.output),
    reasoning: bill(tokens.reasoning, rates.reasoning, rates.output),
    outputAudio: bill(tokens.outputAudio, rates.outputAudio, rates.output)
  }
}

/**
 * Computes the cost of a call with `metadata` at `price`.
 *
 * @example
 * ```ts
 * import { Cost, CostMetadata, PriceTable } from "effect-llm-stream"
 * import { Result } from "effect"
 *
 * // gpt-4o: 2,006 input tokens of which 1,920 cached, 300 output tokens.
 * const price = Result.getOrThrow(PriceTable.bundled.lookup("openai", "gpt-4o"))
 * const cost = Cost.compute(price, new CostMetadata.CostMetadata({ inputTokens: 2006, cachedTokens: 1920, outputTokens: 300 }))
 * // Result.succeed: total 0.005615
 * ```
 *
 * @since 0.1.0
 * @category Constructors
 */
export const compute = (
  price: PriceTable.ModelPrice,
  metadata: CostMetadata.CostMetadata
): Result.Result<Cost, CostUnavailable> => {
  const tokens = tokensOf(metadata)
  if (Result.isFailure(tokens)) return Result.fail(tokens.failure)
  const tier = tierOf(price, metadata.inputTokens!) // defined: `tokensOf` succeeded
  const terms = termsOf(price, metadata, tier)
  if (Result.isFailure(terms)) return unavailable("missing-rate", terms.failure)
  const { multipliers, rates } = terms.success
  const lacking = lackingPrices(tokens.success, rates, price, metadata)
  if (lacking !== undefined) {
    return unavailable("missing-rate", `${price.provider} ${price.model} has no price for ${lacking}`)
  }
  const parts = picodollarsOf(tokens.success, rates)
  const tools = toolCallsOf(price, metadata)
  // The fee per request, one per request the call made, outside the token terms (as a tool's calls are).
  const requests = price.requests === undefined ? 0n : BigInt(metadata.requests ?? 1) * picoPerCall(price.requests)
  // Exact decimal factors (batch, flex, residency, fast mode), applied to the exact total.
  const scale = (amount: bigint) =>
    multipliers.reduce(
      (value, factor) => BigDecimal.normalize(BigDecimal.multiply(value, BigDecimal.fromStringUnsafe(factor))),
      usd(amount)
    )
  const breakdown = {
    ...Object.fromEntries(Object.entries(parts).map(([part, amount]) => [part, scale(amount)])),
    webSearch: usd(tools.webSearch),
    fileSearch: usd(tools.fileSearch),
    ...(price.requests === undefined ? {} : { requests: usd(requests) })
  } as Breakdown
  // The token terms scale the tokens' total; the tools' calls are added at their own prices.
  const total = BigDecimal.normalize(
    BigDecimal.sum(
      scale(Object.values(parts).reduce((sum, part) => sum + part, 0n)),
      usd(Object.values(tools).reduce((sum, part) => sum + part, requests))
    )
  )
  return Result.succeed(
    new Cost({
      total,
      breakdown,
      provider: price.provider,
      model: price.model,
      tierAbove: tier?.above,
      source: price.source,
      checkedAt: price.checkedAt
    })
  )
}

/**
 * The cost of a call some of whose tokens another model spent (`CostMetadata.byModel`): each model's at its rates
 * (billed as the call is), added and listed in `byModel`. A model the table does not price is a reason.
 */
const priceByModel = (
  table: PriceTable.Service,
  provider: Provider.Name,
  callPrice: PriceTable.ModelPrice,
  metadata: CostMetadata.CostMetadata,
  at: Date | undefined
): Result.Result<Cost, CostUnavailable> => {
  const own = compute(callPrice, metadata)
  if (Result.isFailure(own)) return own
  const others: Array<Cost> = []
  for (const entry of metadata.byModel ?? []) {
    const found = table.lookup(provider, entry.model, at)
    if (Result.isFailure(found)) {
      return unavailable(
        "unknown-model",
        `${found.failure.message} (it spent tokens inside this ${callPrice.model} call)`
      )
    }
    const { batchMode, region, tier } = metadata
    const other = compute(found.success, CostMetadata.fromUsage(Usage.make(entry), { batchMode, region, tier }))
    if (Result.isFailure(other)) return other
    others.push(other.success)
  }
  return Result.succeed(new Cost({ ...others.reduce(add, own.success), byModel: others }))
}

/**
 * The cost a host stated it charged for a call (`CostMetadata.statedCost`): its total, whole in the breakdown's
 * `stated`, its `source` the host's statement.
 *
 * @since 0.7.0
 * @category Constructors
 */
export const stated = (provider: Provider.Name, model: string, statement: CostMetadata.StatedCost): Cost => {
  const total = BigDecimal.normalize(BigDecimal.fromStringUnsafe(statement.usd))
  return new Cost({
    total,
    breakdown: { ...zeroBreakdown, stated: total },
    provider,
    model,
    tierAbove: undefined,
    source: statement.source,
    checkedAt: statement.checkedAt
  })
}

/**
 * Looks the model up in `table` and computes the cost (other models' tokens at their own rates); the reason when
 * either step fails. A charge the host stated (`CostMetadata.statedCost`, read only from a host whose row declares
 * it) is the cost itself.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const price = (
  table: PriceTable.Service,
  provider: Provider.Name | undefined,
  model: string | undefined,
  metadata: CostMetadata.CostMetadata,
  at?: Date | undefined
): Result.Result<Cost, CostUnavailable> => {
  if (metadata.statedCost !== undefined && provider !== undefined) {
    return Result.succeed(stated(provider, model ?? "", metadata.statedCost))
  }
  if (provider === undefined || model === undefined) {
    return unavailable("no-model", "the response named no model to price")
  }
  return Result.flatMap(
    Result.mapError(
      table.lookup(provider, model, at),
      (error) => new CostUnavailable({ reason: "unknown-model", message: error.message })
    ),
    (modelPrice) =>
      metadata.byModel === undefined
        ? compute(modelPrice, metadata)
        : priceByModel(table, provider, modelPrice, metadata, at)
  )
}

/**
 * Formats the total as a price in USD with every digit it has and no more: `"$0.0000138"`, `"$1.25"`.
 *
 * @example
 * ```ts
 * import { Cost, CostMetadata, PriceTable } from "effect-llm-stream"
 * import { Result } from "effect"
 *
 * const price = Result.getOrThrow(PriceTable.bundled.lookup("openai", "gpt-4o-mini"))
 * const cost = Result.getOrThrow(
 *   Cost.compute(price, new CostMetadata.CostMetadata({ inputTokens: 14, outputTokens: 20 }))
 * )
 * Cost.format(cost) // "$0.0000141"
 * ```
 *
 * @since 0.2.0
 * @category Formatting
 */
export const format = (cost: Cost): string => `$${decimalString(cost.total)}`

/**
 * The total as an exact decimal string, without a currency sign: `"0.0000141"`, as `toJSON` writes it.
 *
 * @since 0.5.0
 * @category Formatting
 */
export const totalText = (cost: Cost): string => decimalString(cost.total)

const zeroBreakdown: Breakdown = {
  input: BigDecimal.fromBigInt(0n),
  cacheRead: BigDecimal.fromBigInt(0n),
  cacheWrite: BigDecimal.fromBigInt(0n),
  cacheWrite1h: BigDecimal.fromBigInt(0n),
  cacheWrite12h: BigDecimal.fromBigInt(0n),
  inputAudio: BigDecimal.fromBigInt(0n),
  output: BigDecimal.fromBigInt(0n),
  reasoning: BigDecimal.fromBigInt(0n),
  outputAudio: BigDecimal.fromBigInt(0n),
  webSearch: BigDecimal.fromBigInt(0n),
  fileSearch: BigDecimal.fromBigInt(0n),
  requests: BigDecimal.fromBigInt(0n),
  stated: BigDecimal.fromBigInt(0n)
}

/**
 * Adds the costs of two calls (the steps of a tool loop), exactly: the totals and each part of the
 * breakdown added. The provider, model, tier and price source are the first's.
 *
 * @since 0.3.0
 * @category Combinators
 */
export const add = (self: Cost, that: Cost): Cost => {
  const breakdown = {} as Record<keyof Breakdown, BigDecimal.BigDecimal>
  for (const part of Object.keys(zeroBreakdown) as Array<keyof Breakdown>) {
    const [one, other] = [self.breakdown[part] ?? zeroBreakdown[part]!, that.breakdown[part] ?? zeroBreakdown[part]!]
    breakdown[part] = BigDecimal.normalize(BigDecimal.sum(one, other))
  }
  const total = BigDecimal.normalize(BigDecimal.sum(self.total, that.total))
  return new Cost({ ...self, total, breakdown, byModel: Usage.addByModel(self.byModel, that.byModel, add) })
}

/**
 * Returns the part of a cost above `usd`, exactly (the breakdown is not split): a tool loop's `overshoot`.
 *
 * @since 0.3.0
 * @category Combinators
 */
export const excess = (self: Cost, usd: BigDecimal.BigDecimal): Cost => {
  const over = BigDecimal.subtract(self.total, usd)
  return new Cost({
    ...self,
    total: BigDecimal.isPositive(over) ? BigDecimal.normalize(over) : BigDecimal.fromBigInt(0n),
    breakdown: zeroBreakdown,
    byModel: undefined
  })
}
