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
import * as ModelNames from "./ModelNames.js"
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
  /**
   * The fees of the built-in tools the host ran inside the call (Groq's compound systems' website visits), at the
   * host's prices (the token terms do not apply). @since 0.7.0
   */
  readonly builtInTools?: BigDecimal.BigDecimal | undefined
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
  /**
   * Why: `unmeasured-fee` (@since 0.7.0) when the call ran a tool whose fee the stream does not measure (one billed
   * by the hour, or at either of two prices), `missing-rate` when something it is billed for has no price.
   */
  readonly reason: "unknown-model" | "no-model" | "no-usage" | "invalid-usage" | "missing-rate" | "unmeasured-fee"
  readonly message: string
  /**
   * The part of the bill the stream does determine, when only the fees of some built-in tools are missing (priced
   * or measured): less than the cost, never the cost. @since 0.7.0
   */
  readonly partial?: Cost | undefined
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
  // The region is the provider's string (Anthropic's `inference_geo`): only the table's own keys are regions.
  const region = metadata.region
  const residency = region !== undefined && price.residency !== undefined && Object.hasOwn(price.residency, region)
    ? price.residency[region]
    : undefined
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

/**
 * The tokens of a call by the rate each is billed at (`cacheWrite` is the 5-minute writes alone, `cacheRead` the
 * cached text; `cacheReadAudio`, the cached audio, is billed in the breakdown's `cacheRead`).
 */
type Tokens = Record<Exclude<keyof Breakdown, ToolPart | "requests" | "stated" | "builtInTools">, number> & {
  readonly cacheReadAudio: number
}

/** Splits a call's token counts by rate; fails when the counts are missing or their parts exceed their totals. */
const tokensOf = (metadata: CostMetadata.CostMetadata): Result.Result<Tokens, CostUnavailable> => {
  const { inputTokens, outputTokens } = metadata
  if (inputTokens === undefined || outputTokens === undefined) {
    return unavailable("no-usage", "the response reported no complete usage (input and output tokens)")
  }
  const cached = metadata.cachedTokens ?? 0
  const cachedAudio = metadata.cachedAudioTokens ?? 0
  const cacheWrite = metadata.cacheWriteTokens ?? 0
  const cacheWrite1h = metadata.cacheWrite1hTokens ?? 0
  const cacheWrite12h = metadata.cacheWrite12hTokens ?? 0
  const inputAudio = metadata.inputAudioTokens ?? 0
  const reasoning = metadata.reasoningTokens ?? 0
  const outputAudio = metadata.outputAudioTokens ?? 0
  const uncached = inputTokens - cached - cacheWrite - inputAudio
  const textOutput = outputTokens - reasoning - outputAudio
  if (uncached < 0 || textOutput < 0 || cacheWrite1h + cacheWrite12h > cacheWrite || cachedAudio > cached) {
    return unavailable(
      "invalid-usage",
      `the usage is inconsistent: its parts exceed its totals (input ${inputTokens}, cached ${cached} of which audio ${cachedAudio}, cache writes ${cacheWrite}, audio ${inputAudio}; output ${outputTokens}, reasoning ${reasoning}, audio ${outputAudio})`
    )
  }
  return Result.succeed({
    input: uncached,
    cacheRead: cached - cachedAudio,
    cacheReadAudio: cachedAudio,
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
    // Cached audio bills at its own rate, or as cached text where the model bills audio as text (no `inputAudio`).
    missing(
      tokens.cacheReadAudio,
      rates.inputAudio === undefined ? rates.cacheRead ?? rates.input : rates.cacheReadAudio,
      "cached audio"
    ),
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
 * Bills each kind of token at its rate, in picodollars; a kind without a rate of its own falls back to input or output
 * (cached audio to cached text: priced, `lackingPrices`, only where the model bills audio as text).
 */
const picodollarsOf = (
  tokens: Tokens,
  rates: PriceTable.Rates
): Record<Exclude<keyof Tokens, "cacheReadAudio">, bigint> => {
  const bill = (count: number, rate: string | undefined, fallback: string): bigint =>
    count === 0 ? 0n : BigInt(count) * picoPerToken(rate ?? fallback)
  const cachedText = rates.cacheRead ?? rates.input
  return {
    input: bill(tokens.input, rates.input, rates.input),
    cacheRead: bill(tokens.cacheRead, rates.cacheRead, rates.input) +
      bill(tokens.cacheReadAudio, rates.cacheReadAudio, cachedText),
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
 * The cost of each model's tokens of `entries`, billed as the call is (its batch mode, region and tier); a model the
 * table does not price is a reason, naming the call's `model` they were spent inside.
 */
const priceEach = (
  table: PriceTable.Service,
  provider: Provider.Name,
  model: string,
  entries: ReadonlyArray<Usage.ModelUsage>,
  metadata: CostMetadata.CostMetadata,
  at: Date | undefined
): Result.Result<Array<Cost>, CostUnavailable> => {
  const costs: Array<Cost> = []
  for (const entry of entries) {
    const found = table.lookup(provider, entry.model, at)
    if (Result.isFailure(found)) {
      return unavailable("unknown-model", `${found.failure.message} (it spent tokens inside this ${model} call)`)
    }
    const { batchMode, region, tier } = metadata
    const cost = compute(found.success, CostMetadata.fromUsage(Usage.make(entry), { batchMode, region, tier }))
    if (Result.isFailure(cost)) return Result.fail(cost.failure)
    costs.push(cost.success)
  }
  return Result.succeed(costs)
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
  return Result.map(
    priceEach(table, provider, callPrice.model, metadata.byModel ?? [], metadata, at),
    (others) => new Cost({ ...others.reduce(add, own.success), byModel: others })
  )
}

/**
 * The hosts that bill a system's call as the models it used (`CostMetadata.parts`) and the built-in tools it ran,
 * not per token of its own, with the page that says so and when it was read.
 */
const billedAsParts: ReadonlyArray<
  { readonly provider: Provider.Name; readonly source: string; readonly checkedAt: string }
> = [
  // groq.com/pricing ("Compound"): the underlying models' tokens at their prices, plus the built-in tools' fees;
  // the chunk's `x_groq.usage_breakdown.models` (groq-sdk 1.6.0 `ChatCompletionChunk.XGroq.UsageBreakdown`).
  { provider: "groq", source: "https://groq.com/pricing", checkedAt: "2026-11-29" }
]

/**
 * The cost of a system's call as the models it used (`CostMetadata.parts`), each at its rates, added and listed in
 * `byModel`; the source the host's row that says the system is billed so.
 */
const priceParts = (
  table: PriceTable.Service,
  provider: Provider.Name,
  model: string,
  parts: CostMetadata.Parts,
  metadata: CostMetadata.CostMetadata,
  at: Date | undefined,
  row: typeof billedAsParts[number]
): Result.Result<Cost, CostUnavailable> => {
  if (parts === "unreadable" || parts.length === 0) {
    return unavailable("invalid-usage", `${provider}'s breakdown of the models this ${model} call used is unreadable`)
  }
  return Result.map(priceEach(table, provider, model, parts, metadata, at), (costs) =>
    new Cost({
      ...costs.reduce(add),
      provider,
      model,
      tierAbove: undefined,
      source: row.source,
      checkedAt: row.checkedAt,
      byModel: costs
    }))
}

/**
 * A built-in tool a host runs inside a call and bills apart from the tokens: the types its stream names it by, what
 * its runs are, and its fee: of 1,000 runs (`per1000`; more than one price when the stream does not say which it
 * was billed at), or of an hour of running (`perHour`, which the stream does not measure); with the page the fee was
 * read from and when.
 */
interface BuiltInTool {
  readonly provider: Provider.Name
  readonly types: ReadonlyArray<string>
  readonly what: string
  readonly per1000?: readonly [string, ...Array<string>] | undefined
  readonly perHour?: string | undefined
  readonly source: string
  readonly checkedAt: string
}

/**
 * The built-in tools hosts bill per run or per hour. Groq's (its compound systems' `executed_tools[].type`): the
 * identifiers of its "Built-in Tools" page (console.groq.com/docs/tool-use/built-in-tools) and the names its streams
 * give (`search`, `python`); the fees of its pricing page ("Built-in Tools"), where a web search is a Basic ($5 per
 * 1,000) or an Advanced one ($8), which the stream does not tell apart. A type no row names has no price.
 */
const builtInTools: ReadonlyArray<BuiltInTool> = [
  {
    provider: "groq",
    types: ["search", "web_search"],
    what: "web search",
    per1000: ["5", "8"],
    source: "https://groq.com/pricing",
    checkedAt: "2026-11-29"
  },
  {
    provider: "groq",
    types: ["visit_website"],
    what: "website visit",
    per1000: ["1"],
    source: "https://groq.com/pricing",
    checkedAt: "2026-11-29"
  },
  {
    provider: "groq",
    types: ["python", "code_interpreter"],
    what: "code execution",
    perHour: "0.18",
    source: "https://groq.com/pricing",
    checkedAt: "2026-11-29"
  },
  {
    provider: "groq",
    types: ["browser_automation"],
    what: "browser automation",
    perHour: "0.08",
    source: "https://groq.com/pricing",
    checkedAt: "2026-11-29"
  },
  // Billed to the user's own Wolfram Alpha key ("Wolfram Alpha" on the pricing page), not by Groq.
  {
    provider: "groq",
    types: ["wolfram_alpha"],
    what: "Wolfram Alpha query",
    per1000: ["0"],
    source: "https://groq.com/pricing",
    checkedAt: "2026-11-29"
  }
]

/**
 * Bills the built-in tools a call ran (`CostMetadata.toolRuns`, runs by type) at their hosts' fees, in picodollars;
 * and says which runs have no price (`unpriced`) or a fee the stream does not measure (`unmeasured`).
 */
const toolFees = (
  provider: Provider.Name,
  runs: Readonly<Record<string, number>>
): { readonly picodollars: bigint; readonly unpriced: Array<string>; readonly unmeasured: Array<string> } => {
  let picodollars = 0n
  const unpriced: Array<string> = []
  const unmeasured: Array<string> = []
  for (const [type, count] of Object.entries(runs)) {
    const tool = builtInTools.find((row) => row.provider === provider && row.types.includes(type))
    const prices = tool?.per1000
    const times = `${count} run${count === 1 ? "" : "s"}`
    if (tool === undefined) {
      unpriced.push(`${type === "" ? "a tool the stream did not name" : `the tool "${type}"`} (${times})`)
    } else if (tool.perHour !== undefined) {
      unmeasured.push(`${tool.what} (${times} at $${tool.perHour} an hour: the stream gives no duration)`)
    } else if (prices === undefined || prices.length > 1) {
      const either = (prices ?? []).map((price) => `$${price}`).join(" or ")
      unmeasured.push(`${tool.what} (${times} at ${either} per 1,000: the stream does not say which)`)
    } else picodollars += BigInt(count) * picoPerCall(prices[0])
  }
  return { picodollars, unpriced, unmeasured }
}

/**
 * Models that run a host's tool on every call and bill it apart from their tokens, a fee their responses do not count:
 * the models (as called, a date suffix aside), what the fee is for, and the page that says so. Their cost is
 * `unmeasured-fee`, with their tokens' as its `partial`.
 */
const unmeasuredCallFees: ReadonlyArray<{
  readonly provider: Provider.Name
  readonly models: ReadonlyArray<string>
  readonly what: string
  readonly source: string
  readonly checkedAt: string
}> = [
  // OpenAI's search models on Chat Completions retrieve from the web before responding and are billed per search
  // ("Web search" on the pricing page; the web search guide), possibly several a call; the response has no count.
  {
    provider: "openai",
    models: ["gpt-4o-search-preview", "gpt-4o-mini-search-preview", "gpt-5-search-api"],
    what: "the web searches a search model runs as it answers (billed per search; the response gives no count)",
    source: "https://developers.openai.com/api/docs/pricing",
    checkedAt: "2026-11-29"
  }
]

/**
 * The cost unavailable, with itself as its `partial`, when the model called (`model`, as named: the table may price it
 * as another, `gpt-4o-mini-search-preview` as an alias of `gpt-4o-mini`) bills a fee its response does not count.
 */
const withCallFees = (model: string) => (cost: Cost): Result.Result<Cost, CostUnavailable> => {
  const names = ModelNames.candidates(model)
  const row = unmeasuredCallFees.find((row) =>
    row.provider === cost.provider && names.some((name) => row.models.includes(name))
  )
  if (row === undefined) return Result.succeed(cost)
  const message = `the stream does not determine the fee of ${row.what} (${row.source}, read ${row.checkedAt})`
  return Result.fail(new CostUnavailable({ reason: "unmeasured-fee", message, partial: cost }))
}

/**
 * Adds the fees of the built-in tools the call ran to its cost; the cost unavailable, with what the stream does
 * determine as its `partial`, when a run has no price or a fee the stream does not measure.
 */
const withToolFees = (
  cost: Cost,
  runs: Readonly<Record<string, number>>
): Result.Result<Cost, CostUnavailable> => {
  const { picodollars, unmeasured, unpriced } = toolFees(cost.provider, runs)
  const fees = usd(picodollars)
  const billed = new Cost({
    ...cost,
    total: BigDecimal.normalize(BigDecimal.sum(cost.total, fees)),
    breakdown: { ...cost.breakdown, builtInTools: BigDecimal.sum(cost.breakdown.builtInTools ?? usd(0n), fees) }
  })
  if (unpriced.length > 0) {
    const message = `${cost.provider} has no price for these built-in tools it ran inside the call: ${
      unpriced.join(", ")
    }`
    return Result.fail(new CostUnavailable({ reason: "missing-rate", message, partial: billed }))
  }
  if (unmeasured.length > 0) {
    const message = `the stream does not determine the fee of ${unmeasured.join(", ")}`
    return Result.fail(new CostUnavailable({ reason: "unmeasured-fee", message, partial: billed }))
  }
  return Result.succeed(billed)
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
 * it) is the cost itself. A system billed as the models it used (`CostMetadata.parts`: Groq's compound systems) costs
 * their tokens at their rates; the built-in tools the call ran (`CostMetadata.toolRuns`) add their hosts' fees, and a
 * fee the stream does not determine leaves the cost unavailable with what it does determine as its `partial`.
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
  const { parts, toolRuns } = metadata
  const system = parts === undefined ? undefined : billedAsParts.find((row) => row.provider === provider)
  const cost = parts !== undefined && system !== undefined
    ? priceParts(table, provider, model, parts, metadata, at, system)
    : Result.flatMap(
      Result.mapError(
        table.lookup(provider, model, at),
        (error) => new CostUnavailable({ reason: "unknown-model", message: error.message })
      ),
      (modelPrice) =>
        metadata.byModel === undefined
          ? compute(modelPrice, metadata)
          : priceByModel(table, provider, modelPrice, metadata, at)
    )
  const billed = Result.flatMap(cost, withCallFees(model))
  return toolRuns === undefined ? billed : Result.flatMap(billed, (cost) => withToolFees(cost, toolRuns))
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
  stated: BigDecimal.fromBigInt(0n),
  builtInTools: BigDecimal.fromBigInt(0n)
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
