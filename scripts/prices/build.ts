/**
 * Builds the price table from genai-prices and the LiteLLM snapshot, applying the generic rules and
 * the corrections of `corrections.ts`. Pure apart from reading the sources it is given; returns the
 * entries and a report of where each id's price came from and every disagreement between the sources.
 */
import { type Correction, corrections as allCorrections } from "./corrections.js"
import * as Decimal from "./decimal.js"
import {
  type GenaiPrices,
  genaiPricesProvider,
  type GpModel,
  type GpModelPrice,
  type GpTiered,
  type LiteLLMSnapshot,
  type LlEntry,
  type MatchLogic
} from "./sources.js"
import {
  candidates,
  type Entry,
  hosts,
  index,
  type Period,
  type Provider,
  rateKeys,
  type Rates,
  type Tier
} from "./table.js"

// ------------------------------------------------------------------------------------------------ types

type Origin = "genai-prices" | "litellm" | "derived" | "page"

/** The price of one id before ids are grouped into entries. */
interface Priced {
  readonly provider: Provider
  readonly id: string
  /** Ids of one family with the same price become one entry. */
  readonly family: string
  periods: Array<Period>
  batchMultiplier?: string
  flexMultiplier?: string
  residency?: Record<string, string>
  fastMultiplier?: string
  ultrafastMultiplier?: string
  source: string
  checkedAt: string
  origin: Origin
  gpModel?: string
  llKey?: string
  /** LiteLLM's price for the id, kept to supplement siblings that have none. */
  llPrice?: LlPrice
  notes: Array<string>
}

export interface Disagreement {
  readonly provider: Provider
  readonly id: string
  readonly field: string
  readonly genaiPrices: string | undefined
  readonly litellm: string | undefined
  readonly table: string | undefined
  /** A rule or correction name. */
  readonly why: string
}

export interface Report {
  readonly origins: Record<string, { origin: Origin; gpModel?: string; llKey?: string; notes: Array<string> }>
  readonly disagreements: Array<Disagreement>
  readonly excluded: Array<{ provider: Provider; id: string; why: string }>
  readonly corrections: Record<string, Array<string>>
}

export interface Inputs {
  readonly gp: GenaiPrices
  readonly ll: LiteLLMSnapshot
  /** Real model ids per provider (the fixtures): every one is tried, so a priced id is never missed. */
  readonly ids: Record<Provider, ReadonlyArray<string>>
  /** The ids of the table being replaced: an id stays while a source prices it (its removal is reviewed). */
  readonly previous?: Record<Provider, ReadonlyArray<string>>
  readonly corrections?: ReadonlyArray<Correction>
}

// ------------------------------------------------------------------------------------------------ helpers

const micro = (price: string) => Decimal.parse(price)
const same = (a: string | undefined, b: string | undefined) =>
  a === undefined || b === undefined ? a === b : micro(a) === micro(b)

const sortRates = (rates: Partial<Rates>): Rates => {
  const out: Record<string, string> = {}
  for (const key of rateKeys) if (rates[key] !== undefined) out[key] = rates[key]!
  return out as unknown as Rates
}

/** Input and output agree, and cache reads where both have one: the two sources describe the same price. */
const sameBase = (a: Rates, b: Rates) =>
  same(a.input, b.input) && same(a.output, b.output) &&
  (a.cacheRead === undefined || b.cacheRead === undefined || same(a.cacheRead, b.cacheRead))

const scaleRates = (rates: Rates, numerator: bigint, denominator: bigint): Rates | undefined => {
  const out: Record<string, string> = {}
  for (const key of rateKeys) {
    const value = rates[key]
    if (value === undefined) continue
    const scaled = Decimal.scale(micro(value), numerator, denominator)
    if (scaled === undefined) return undefined
    out[key] = Decimal.format(scaled)
  }
  return out as unknown as Rates
}

const matches = (logic: MatchLogic, text: string): boolean => {
  const t = text.toLowerCase()
  if ("or" in logic) return logic.or.some((m) => matches(m, text))
  if ("and" in logic) return logic.and.every((m) => matches(m, text))
  if ("equals" in logic) return t === logic.equals.toLowerCase()
  if ("starts_with" in logic) return t.startsWith(logic.starts_with.toLowerCase())
  if ("ends_with" in logic) return t.endsWith(logic.ends_with.toLowerCase())
  if ("contains" in logic) return t.includes(logic.contains.toLowerCase())
  return new RegExp(logic.regex).test(text)
}

/** The literal strings of a match rule, for the ids and geo prefixes a rule names. */
const literals = (logic: MatchLogic): Array<{ kind: string; value: string }> => {
  if ("or" in logic) return logic.or.flatMap(literals)
  if ("and" in logic) return logic.and.flatMap(literals)
  if ("equals" in logic) return [{ kind: "equals", value: logic.equals }]
  if ("starts_with" in logic) return [{ kind: "starts_with", value: logic.starts_with }]
  if ("ends_with" in logic) return [{ kind: "ends_with", value: logic.ends_with }]
  if ("contains" in logic) return [{ kind: "contains", value: logic.contains }]
  return []
}

/**
 * gp-overmatch: genai-prices matched `id` only through a prefix or substring rule that stops right before
 * a version number the rule does not name (`claude-sonnet-5` matching `claude-sonnet-5-5`): a different
 * model, which genai-prices has no price for.
 */
const overmatched = (logic: MatchLogic, id: string): boolean => {
  const text = id.toLowerCase()
  const hits: Array<{ kind: string; value: string }> = []
  const walk = (m: MatchLogic) => {
    if ("or" in m) m.or.forEach(walk)
    else if ("and" in m) m.and.forEach(walk)
    else if ("regex" in m) {
      if (new RegExp(m.regex).test(id)) hits.push({ kind: "regex", value: m.regex })
    } else if (matches(m, id)) {
      const [kind, value] = Object.entries(m)[0] as [string, string]
      hits.push({ kind, value })
    }
  }
  walk(logic)
  if (hits.length === 0 || hits.some((hit) => hit.kind !== "starts_with" && hit.kind !== "contains")) return false
  return hits.every((hit) => {
    const at = text.indexOf(hit.value.toLowerCase())
    return /^[-.]\d{1,2}(?!\d)/.test(text.slice(at + hit.value.length))
  })
}

const selects = (selector: Correction["models"], id: string) =>
  "pattern" in selector ? new RegExp(selector.pattern).test(id) : (selector as ReadonlyArray<string>).includes(id)

// ------------------------------------------------------------------------------------------------ genai-prices

const gpKeys: Record<string, keyof Rates | null> = {
  input_mtok: "input",
  output_mtok: "output",
  cache_read_mtok: "cacheRead",
  cache_write_mtok: "cacheWrite",
  cache_write_1h_mtok: "cacheWrite1h",
  input_audio_mtok: "inputAudio",
  output_audio_mtok: "outputAudio",
  // Gemini's cached audio (its usage's `cacheTokensDetails` of modality `AUDIO`), above the cached text's rate.
  cache_audio_read_mtok: "cacheReadAudio",
  // Not token prices, or units the table does not bill (file-search fees).
  // Prices per 1,000 calls of a provider tool, not per token: the period's `fileSearch` (OpenAI's file search, the
  // "storage searches") and `webSearch`.
  storage_searches_kcount: null,
  web_searches_kcount: null,
  // A fee per request (Perplexity's Sonar models), per 1,000 requests: the period's `requests`.
  requests_kcount: null
}

const isTiered = (value: number | GpTiered): value is GpTiered => typeof value === "object"

/** A genai-prices price per 1,000 web searches, if it has one (a plain number: a search fee is not tiered). */
/** A genai-prices price per 1,000 calls of a provider tool (`web_searches_kcount`, `storage_searches_kcount`). */
const gpPerThousand = (price: GpModelPrice, key: string): string | undefined => {
  const value = (price as Record<string, unknown>)[key]
  return typeof value === "number" ? Decimal.format(Decimal.fromFloat(value, 1e6)) : undefined
}

/**
 * One genai-prices `ModelPrice` as the table states it, or none (with a note) where a rate needs more than 6 decimals
 * per million tokens (some OpenRouter routes: $1/12 per million), which the table's format cannot state exactly.
 */
const gpPrice = (price: GpModelPrice, notes: Array<string>): { rates: Rates; tiers?: Array<Tier> } | undefined => {
  try {
    return gpPriceExact(price, notes)
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("needs more than 6 decimals")) throw error
    notes.push(`genai-prices price not exact in 6 decimals: ${error.message}`)
    return undefined
  }
}

/** One genai-prices `ModelPrice` as base rates and cliff tiers (a key without tiers keeps its base price). */
const gpPriceExact = (price: GpModelPrice, notes: Array<string>): { rates: Rates; tiers?: Array<Tier> } | undefined => {
  const values: Partial<Record<keyof Rates, number | GpTiered>> = {}
  for (const [key, value] of Object.entries(price)) {
    if (value === undefined) continue
    const mapped = gpKeys[key]
    if (mapped === undefined) {
      notes.push(`genai-prices key ${key} not representable`)
      return undefined
    }
    if (mapped !== null) values[mapped] = value
  }
  if (values.input === undefined || values.output === undefined) return undefined
  const at = (value: number | GpTiered, tokens: number | undefined): string => {
    if (!isTiered(value)) return Decimal.format(Decimal.fromFloat(value, 1e6))
    let chosen = value.base
    if (tokens !== undefined) { for (const tier of value.tiers) if (tokens > tier.start) chosen = tier.price }
    return Decimal.format(Decimal.fromFloat(chosen, 1e6))
  }
  const rates: Partial<Rates> = {}
  for (const [key, value] of Object.entries(values)) rates[key as keyof Rates] = at(value, undefined)
  const starts = [
    ...new Set(Object.values(values).flatMap((value) => isTiered(value) ? value.tiers.map((tier) => tier.start) : []))
  ].sort((a, b) => a - b)
  if (starts.length === 0) return { rates: sortRates(rates) }
  const tiers = starts.map((start): Tier => {
    const tierRates: Partial<Rates> = {}
    for (const [key, value] of Object.entries(values)) tierRates[key as keyof Rates] = at(value, start + 1)
    return { above: start, rates: sortRates(tierRates) }
  })
  return { rates: sortRates(rates), tiers }
}

const gpPeriods = (model: GpModel, notes: Array<string>): Array<Period> | undefined => {
  const list = Array.isArray(model.prices) ? model.prices : [{ prices: model.prices }]
  const periods: Array<Period> = []
  for (const [i, conditional] of list.entries()) {
    const constraint = "constraint" in conditional ? conditional.constraint : undefined
    if (i > 0 && (constraint?.type !== "start_date" || constraint.start_date === undefined)) {
      notes.push(`genai-prices constraint ${JSON.stringify(constraint)} not representable`)
      return undefined
    }
    const price = gpPrice(conditional.prices, notes)
    if (price === undefined) return undefined
    const from = i === 0 ? null : constraint!.start_date!
    if (from !== null && periods.length > 0 && periods[periods.length - 1]!.from !== null) {
      if (from <= periods[periods.length - 1]!.from!) throw new Error(`${model.id}: periods out of order`)
    }
    const webSearch = gpPerThousand(conditional.prices, "web_searches_kcount")
    const fileSearch = gpPerThousand(conditional.prices, "storage_searches_kcount")
    const requests = gpPerThousand(conditional.prices, "requests_kcount")
    periods.push({
      from,
      rates: price.rates,
      ...(price.tiers === undefined ? {} : { tiers: price.tiers }),
      ...(webSearch === undefined ? {} : { webSearch }),
      ...(fileSearch === undefined ? {} : { fileSearch }),
      ...(requests === undefined ? {} : { requests })
    })
  }
  return periods
}

// ------------------------------------------------------------------------------------------------ LiteLLM

const llFields: Record<keyof Rates, string> = {
  input: "input_cost_per_token",
  output: "output_cost_per_token",
  cacheRead: "cache_read_input_token_cost",
  // No entry of the snapshot has it (the snapshot keeps no Gemini entries): genai-prices' alone.
  cacheReadAudio: "cache_read_input_audio_token_cost",
  cacheWrite: "cache_creation_input_token_cost",
  cacheWrite1h: "cache_creation_input_token_cost_above_1hr",
  inputAudio: "input_cost_per_audio_token",
  outputAudio: "output_cost_per_audio_token",
  reasoning: "output_cost_per_reasoning_token"
}

interface LlPrice {
  rates: Rates
  tiers?: Array<Tier>
  priority?: Rates
  batchMultiplier?: string
  flexMultiplier?: string
  residency?: Record<string, string>
  fastMultiplier?: string
}

const llRate = (entry: LlEntry, field: string): string | undefined => {
  const value = entry[field]
  return typeof value === "number" ? Decimal.format(Decimal.fromFloat(value, 1e12)) : undefined
}

/** LiteLLM rates with `suffix` (`_priority`, `_above_200k_tokens`...), falling back to `fallback` per key. */
const llRates = (entry: LlEntry, suffix: string, fallback: Rates | undefined): Rates | undefined => {
  const out: Partial<Rates> = {}
  let any = false
  for (const key of rateKeys) {
    const own = llRate(entry, llFields[key] + suffix)
    if (own !== undefined) any = true
    const value = own ?? fallback?.[key]
    if (value !== undefined) out[key] = value
  }
  if (!any || out.input === undefined || out.output === undefined) return undefined
  return sortRates(out)
}

const llPrice = (provider: Provider, id: string, entry: LlEntry, notes: Array<string>): LlPrice | undefined => {
  const rates = llRates(entry, "", undefined)
  if (rates === undefined) return undefined
  const out: LlPrice = { rates }
  const explicit = (suffix: string) =>
    llRate(entry, llFields.input + suffix) !== undefined && llRate(entry, llFields.output + suffix) !== undefined
  const thresholds = new Set<number>()
  for (const field of Object.keys(entry)) {
    const match = /_above_(\d+)k_tokens(_priority|_flex)?$/.exec(field)
    if (match !== null) thresholds.add(Number(match[1]))
  }
  const openaiFamily = provider === "openai" || provider === "azure"
  const tiers = [...thresholds].sort((a, b) => a - b).map((k): Tier | undefined => {
    const suffix = `_above_${k}k_tokens`
    const tierRates = llRates(entry, suffix, rates)
    if (tierRates === undefined) return undefined
    // The 1-hour write above 200k is spelled cache_creation_input_token_cost_above_1hr_above_200k_tokens.
    const write1h = llRate(entry, `cache_creation_input_token_cost_above_1hr${suffix}`)
    if (write1h !== undefined) tierRates.cacheWrite1h = write1h
    const above = openaiFamily && k === 272 ? 271_999 : k * 1000
    const tier: Tier = { above, rates: sortRates(tierRates) }
    if (explicit(`${suffix}_priority`)) tier.priority = llRates(entry, `${suffix}_priority`, tierRates)!
    return tier
  }).filter((tier): tier is Tier => tier !== undefined)
  if (tiers.length > 0) out.tiers = tiers
  // A service tier needs its own input and output rates; cache rates may fall back (as in LiteLLM).
  if (explicit("_priority")) out.priority = llRates(entry, "_priority", rates)!
  else if (llRates(entry, "_priority", undefined) !== undefined) {
    notes.push("LiteLLM priority rates incomplete: not used")
  }
  // OpenAI's flex processing is billed at half the standard rates: a multiplier, when every flex rate
  // LiteLLM gives is half the standard one (to the cent: LiteLLM rounds some, 0.13 for 0.125).
  if (explicit("_flex")) {
    const half = rateKeys.every((key) => {
      const flex = llRate(entry, llFields[key] + "_flex")
      if (flex === undefined || rates[key] === undefined) return true
      const diff = Decimal.parse(flex) * 2n - Decimal.parse(rates[key]!)
      return diff >= -20_000n && diff <= 20_000n
    })
    if (half) out.flexMultiplier = "0.5"
    else notes.push("LiteLLM flex rates are not half the standard rates: not used")
  }
  // openai-batch: OpenAI's Batch API bills half the standard rates; LiteLLM says which models it serves.
  const endpoints = entry.supported_endpoints
  if (provider === "openai" && Array.isArray(endpoints) && endpoints.includes("/v1/batch")) out.batchMultiplier = "0.5"
  const batchIn = llRate(entry, "input_cost_per_token_batches")
  const batchOut = llRate(entry, "output_cost_per_token_batches")
  if (batchIn !== undefined && batchOut !== undefined) {
    const half = (value: string) => Decimal.scale(micro(value), 1n, 2n)
    if (half(rates.input) === micro(batchIn) && half(rates.output) === micro(batchOut)) out.batchMultiplier = "0.5"
    else notes.push(`LiteLLM batch rates ${batchIn}/${batchOut} are not 0.5x ${rates.input}/${rates.output}: not used`)
  }
  const residency: Record<string, string> = {}
  for (const [field, value] of Object.entries(entry)) {
    const match = /^regional_processing_uplift_multiplier_([a-z]+)$/.exec(field)
    if (match !== null && typeof value === "number") residency[match[1]!] = String(value)
  }
  const specific = entry.provider_specific_entry
  if (typeof specific === "object" && specific !== null) {
    for (const [name, value] of Object.entries(specific)) {
      if (typeof value !== "number") continue
      if (name === "fast") out.fastMultiplier = String(value)
      else residency[name] = String(value)
    }
  }
  if (Object.keys(residency).length > 0) out.residency = Object.fromEntries(Object.entries(residency).sort())
  return out
}

// ------------------------------------------------------------------------------------------------ merge

/** Adds what LiteLLM knows and genai-prices does not to the periods whose base rates agree. */
const supplement = (
  priced: Priced,
  ll: LlPrice,
  llKey: string,
  onTiers?: (tiers: ReadonlyArray<Tier>) => void
) => {
  let matched = false
  for (const period of priced.periods) {
    if (!sameBase(period.rates, ll.rates)) continue
    matched = true
    const filled: Array<string> = []
    for (const key of rateKeys) {
      if (period.rates[key] === undefined && ll.rates[key] !== undefined) {
        period.rates[key] = ll.rates[key]
        filled.push(key)
      }
    }
    period.rates = sortRates(period.rates)
    if (period.tiers === undefined && ll.tiers !== undefined) {
      period.tiers = ll.tiers.map((tier) => ({ ...tier, rates: sortRates({ ...period.rates, ...tier.rates }) }))
      filled.push("tiers")
      onTiers?.(period.tiers)
    } else if (period.tiers !== undefined) {
      for (const tier of period.tiers) {
        const llTier = ll.tiers?.find((candidate) => Math.abs(candidate.above - tier.above) <= 1)
        for (const key of rateKeys) {
          if (tier.rates[key] === undefined && period.rates[key] !== undefined) {
            tier.rates[key] = llTier?.rates[key] ?? period.rates[key]
          }
        }
        tier.rates = sortRates(tier.rates)
        if (llTier?.priority !== undefined) tier.priority = sortRates({ ...tier.rates, ...llTier.priority })
      }
    }
    if (ll.priority !== undefined) {
      period.priority = sortRates({ ...period.rates, ...ll.priority })
      filled.push("priority")
    }

    if (filled.length > 0) {
      priced.notes.push(`ll-supplement (${llKey}, from ${period.from ?? "start"}): ${filled.join(", ")}`)
    }
  }
  if (!matched) {
    priced.notes.push(`ll-supplement skipped: ${llKey} is priced ${ll.rates.input}/${ll.rates.output}`)
    return
  }
  priced.llKey = llKey
  priced.llPrice = ll
  if (ll.batchMultiplier !== undefined) priced.batchMultiplier = ll.batchMultiplier
  if (ll.flexMultiplier !== undefined) priced.flexMultiplier = ll.flexMultiplier
  if (ll.residency !== undefined) priced.residency = ll.residency
  if (ll.fastMultiplier !== undefined) priced.fastMultiplier = ll.fastMultiplier
}

const fromLl = (
  provider: Provider,
  id: string,
  family: string,
  ll: LlPrice,
  llKey: string,
  source: string,
  checkedAt: string
): Priced => {
  const period: Period = { from: null, rates: ll.rates }
  if (ll.tiers !== undefined) period.tiers = ll.tiers
  if (ll.priority !== undefined) period.priority = ll.priority
  return {
    provider,
    id,
    family,
    periods: [period],
    ...(ll.batchMultiplier === undefined ? {} : { batchMultiplier: ll.batchMultiplier }),
    ...(ll.flexMultiplier === undefined ? {} : { flexMultiplier: ll.flexMultiplier }),
    ...(ll.residency === undefined ? {} : { residency: ll.residency }),
    ...(ll.fastMultiplier === undefined ? {} : { fastMultiplier: ll.fastMultiplier }),
    source,
    checkedAt,
    origin: "litellm",
    llKey,
    llPrice: ll,
    notes: []
  }
}

// ------------------------------------------------------------------------------------------------ providers

const geoPrefix = /^(us|eu|apac|au|jp|ca|in|us-gov|global)\./
const awsRegion = /^[a-z]{2}(-gov)?-[a-z]+-\d$/
const bedrockId =
  /^(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\/)?(?:(?:us|eu|apac|au|jp|ca|in|us-gov|global)\.)?[a-z0-9-]+\.[a-z0-9][a-z0-9.:-]*$/

const nonChat =
  /embed|whisper|tts|transcri|realtime|image|dall-e|moderation|^(ada|babbage|curie|davinci)$|^text-|^ft:|instruct-0914|gpt-3\.5-turbo-instruct|\.ft-|:extended|^container$|playai|sora|rerank|prompt-guard|nano-banana|lyria|gemini-omni/

const defaultSource: Record<Provider, string> = {
  openai: "https://developers.openai.com/api/docs/pricing",
  anthropic: "https://www.anthropic.com/pricing#api",
  groq: "https://groq.com/pricing",
  azure: "https://azure.microsoft.com/pricing/details/cognitive-services/openai-service/",
  bedrock: "https://aws.amazon.com/bedrock/pricing/",
  google: "https://ai.google.dev/gemini-api/docs/pricing",
  deepseek: "https://api-docs.deepseek.com/quick_start/pricing",
  xai: "https://docs.x.ai/docs/models",
  mistral: "https://mistral.ai/pricing#api-pricing",
  together: "https://www.together.ai/pricing",
  fireworks: "https://fireworks.ai/pricing",
  cerebras: "https://www.cerebras.ai/pricing",
  perplexity: "https://docs.perplexity.ai/getting-started/pricing",
  avian: "https://avian.io/pricing/",
  arcee: "https://docs.arcee.ai/get-started/pricing",
  baseten: "https://www.baseten.co/pricing/",
  cloudflare: "https://developers.cloudflare.com/workers-ai/platform/pricing/",
  cohere: "https://cohere.com/pricing",
  doubleword: "https://docs.doubleword.ai/inference-api/models",
  minimax: "https://platform.minimax.io/docs/guides/pricing-paygo",
  modal: "https://modal.com/library",
  moonshotai: "https://platform.kimi.ai/docs/pricing/chat-k3.md",
  novita: "https://novita.ai/pricing",
  ovhcloud: "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
  quicksilverpro: "https://quicksilverpro.io/#pricing",
  zai: "https://docs.z.ai/guides/overview/pricing",
  zhipuai: "https://open.bigmodel.cn/pricing",
  openrouter: "https://openrouter.ai/models"
}
const foundrySource = "https://azure.microsoft.com/pricing/details/ai-foundry-models/"

/** An id priced from the provider's page (a `page` correction): newer than both sources. */
const fromPage = (
  provider: Provider,
  id: string,
  page: Extract<Correction, { readonly kind: "page" }>
): Priced => ({
  provider,
  id,
  family: `page:${page.id}`,
  periods: structuredClone(page.periods.map((period) => ({ ...period, rates: sortRates(period.rates) }))),
  ...(page.batchMultiplier === undefined ? {} : { batchMultiplier: page.batchMultiplier }),
  ...(page.residency === undefined ? {} : { residency: { ...page.residency } }),
  source: page.source,
  checkedAt: page.checkedAt,
  origin: "page",
  notes: [page.id]
})

/** The family of an id: its name without date, `-latest`, or Bedrock geo prefix. */
const familyOf = (provider: Provider, id: string) => {
  let name = id
  if (provider === "bedrock") name = name.replace(geoPrefix, "")
  const names = candidates(name)
  // Older snapshots are named -MMDD (gpt-35-turbo-0125): same family, so equal prices share an entry.
  return names[names.length - 1]!.replace(/-\d{4}$/, "")
}

// ------------------------------------------------------------------------------------------------ build

export const build = (inputs: Inputs): { entries: Array<Entry>; report: Report } => {
  const { gp, ll } = inputs
  const corrections = inputs.corrections ?? allCorrections
  const report: Report = { origins: {}, disagreements: [], excluded: [], corrections: {} }
  for (const correction of corrections) report.corrections[correction.id] = []
  const llEntries = ll.entries
  const llKeys = Object.keys(llEntries)
  const gpChecked = gp.published
  const llChecked = ll.date

  const correctionsFor = (provider: Provider, id: string) =>
    corrections.filter((c) => c.provider === provider && selects(c.models, id))
  const applied = (correction: Correction, id: string) => report.corrections[correction.id]!.push(id)

  const exclude = (provider: Provider, id: string, why: string) => report.excluded.push({ provider, id, why })

  // --- the ids to price, per provider
  const universe: Record<Provider, Set<string>> = {
    openai: new Set(),
    anthropic: new Set(),
    groq: new Set(),
    azure: new Set(),
    bedrock: new Set(),
    google: new Set(),
    ...Object.fromEntries(hosts.map((host) => [host, new Set<string>()]))
  } as Record<Provider, Set<string>>
  const llProvider = (key: string) => llEntries[key]!.litellm_provider
  for (const key of llKeys) {
    const provider = llProvider(key)
    if (provider === "openai") universe.openai.add(key)
    else if (provider === "anthropic") universe.anthropic.add(key)
    else if (provider === "groq" && key.startsWith("groq/")) universe.groq.add(key.slice("groq/".length))
    else if (provider === "azure" && key.startsWith("azure/")) {
      const rest = key.slice("azure/".length)
      const parts = rest.split("/")
      universe.azure.add(parts[parts.length - 1]!)
    } else if (provider === "azure_ai" && key.startsWith("azure_ai/")) {
      const parts = key.slice("azure_ai/".length).split("/")
      universe.azure.add(parts[parts.length - 1]!.toLowerCase())
    } else if (provider === "bedrock" || provider === "bedrock_converse") {
      if (key.startsWith("bedrock/")) {
        const parts = key.split("/")
        if (parts.length === 3 && awsRegion.test(parts[1]!)) universe.bedrock.add(`${parts[1]}/${parts[2]}`)
        else exclude("bedrock", key, "bedrock-region: a LiteLLM routing or commitment key, not a model id")
      } else universe.bedrock.add(key)
    }
  }
  for (const provider of Object.keys(universe) as Array<Provider>) {
    for (const id of [...inputs.ids[provider], ...(inputs.previous?.[provider] ?? [])]) {
      universe[provider].add(provider === "azure" ? id.toLowerCase() : id)
    }
  }
  // bedrock-id: a Bedrock model id is vendor.model (LiteLLM also has Vertex-style and vendor-less keys).
  for (const id of [...universe.bedrock]) {
    if (!bedrockId.test(id)) {
      universe.bedrock.delete(id)
      exclude("bedrock", id, "bedrock-id: not a Bedrock model or inference-profile id")
    }
  }
  // genai-prices models no id reaches yet: their own ids and `equals` names.
  for (const provider of ["openai", "anthropic", "groq", "google", ...hosts] as const) {
    const gpProvider = gp.provider(genaiPricesProvider[provider])
    const reached = new Set<string>()
    for (const id of universe[provider]) {
      const resolved = gp.resolve(gpProvider.id, id)
      if (resolved !== undefined) reached.add(resolved.model.id)
    }
    for (const model of gpProvider.models) {
      if (reached.has(model.id)) continue
      universe[provider].add(model.id)
      for (const literal of literals(model.match)) if (literal.kind === "equals") universe[provider].add(literal.value)
    }
  }
  // Bedrock geo profiles named by genai-prices' rules (bedrock-geo).
  {
    const aws = gp.provider("aws")
    const bases = [...universe.bedrock].filter((id) => !geoPrefix.test(id) && !id.includes("/"))
    for (const model of aws.models) {
      for (const literal of literals(model.match)) {
        const geo = geoPrefix.exec(literal.value)
        if (geo === null) continue
        const rest = literal.value.slice(geo[0].length)
        for (const base of bases) if (base.startsWith(rest)) universe.bedrock.add(`${geo[0]}${base}`)
      }
    }
  }

  // --- price every id
  const priced: Array<Priced> = []
  const llFor = (key: string | undefined) => key === undefined ? undefined : llEntries[key]

  const priceOne = (provider: Provider, requested: string): Priced | undefined => {
    let id = requested
    const applicable = correctionsFor(provider, requested)
    for (const correction of applicable) {
      if (correction.kind === "exclude") {
        applied(correction, requested)
        exclude(provider, requested, correction.id)
        return undefined
      }
    }
    const alias = applicable.find((c) => c.kind === "alias")
    if (alias !== undefined && alias.kind === "alias") {
      applied(alias, requested)
      id = alias.target
    }
    if (nonChat.test(id)) {
      exclude(provider, requested, "chat-only")
      return undefined
    }
    const prefer = applicable.find((c) => c.kind === "prefer")
    const preferLl = prefer !== undefined && prefer.kind === "prefer" && prefer.source === "litellm"
    if (prefer !== undefined) applied(prefer, requested)
    const notes: Array<string> = []
    let result: Priced | undefined

    // LiteLLM's record for this id.
    let llKey: string | undefined
    if (provider === "openai" || provider === "anthropic") {
      llKey = candidates(id).find((name) => llFor(name)?.litellm_provider === provider)
    } else if (provider === "groq") {
      llKey = candidates(id).map((name) => `groq/${name}`).find((key) => llFor(key) !== undefined)
    } else if (provider === "bedrock") {
      const slash = id.indexOf("/")
      llKey = slash > 0 ? `bedrock/${id}` : id
      if (llFor(llKey) === undefined) llKey = undefined
    }
    const llEntry = llFor(llKey)
    if (llEntry?.mode !== undefined && llEntry.mode !== "chat" && llEntry.mode !== "responses") {
      exclude(provider, requested, "chat-only")
      return undefined
    }
    const ll = llEntry === undefined ? undefined : llPrice(provider, id, llEntry, notes)
    const llSource = defaultSource[provider]

    if (provider !== "azure" && !(provider === "bedrock" && id.includes("/"))) {
      let resolved = preferLl ? undefined : gp.resolve(genaiPricesProvider[provider], id)
      if (resolved !== undefined && overmatched(resolved.model.match, id)) {
        exclude(provider, requested, `gp-overmatch: genai-prices ${resolved.model.id} is another model`)
        resolved = undefined
      }
      const periods = resolved === undefined ? undefined : gpPeriods(resolved.model, notes)
      const inexact = notes.find((note) => note.startsWith("genai-prices price not exact"))
      if (resolved !== undefined && periods === undefined && inexact !== undefined) {
        exclude(provider, requested, `gp-inexact: ${inexact}`)
      }
      if (provider === "openai") {
        for (const period of periods ?? []) {
          for (const tier of period.tiers ?? []) {
            if (tier.above === 272_000) {
              tier.above = 271_999
              notes.push("openai-272k")
            }
          }
        }
      }
      if (resolved !== undefined && periods !== undefined) {
        result = {
          provider,
          id: requested,
          family: `gp:${resolved.model.id}`,
          periods,
          source: resolved.provider.pricing_urls?.[0] ?? defaultSource[provider],
          checkedAt: gpChecked,
          origin: "genai-prices",
          gpModel: resolved.model.id,
          notes
        }
        if (ll !== undefined && llKey !== undefined) {
          supplement(result, ll, llKey, tiersAdded(provider, requested, llKey))
          compare(provider, requested, result, ll, llKey)
        }
      }
    }
    if (result === undefined && ll !== undefined && llKey !== undefined) {
      const family = provider === "bedrock" && id.includes("/")
        ? `region:${id.slice(id.indexOf("/") + 1)}`
        : familyOf(provider, id)
      result = fromLl(provider, requested, `ll:${family}`, ll, llKey, llSource, llChecked)
      result.notes.push(...notes)
    }
    const page = applicable.find((c) => c.kind === "page")
    if (page === undefined || page.kind !== "page") return result
    if (result !== undefined) {
      throw new Error(`correction ${page.id}: ${result.origin} prices ${requested} now; remove the correction`)
    }
    applied(page, requested)
    return fromPage(provider, requested, page)
  }

  /** ll-supplement adds long-context tiers genai-prices does not have: a disagreement, recorded. */
  const tiersAdded = (provider: Provider, id: string, llKey: string) => (tiers: ReadonlyArray<Tier>) => {
    report.disagreements.push({
      provider,
      id,
      field: "tiers",
      genaiPrices: "none",
      litellm: tiers.map((tier) => `above ${tier.above}: ${tier.rates.input} / ${tier.rates.output}`).join("; "),
      table: "LiteLLM's",
      why: `ll-supplement (LiteLLM ${llKey})`
    })
  }
  const staleBase = new Set<string>()
  /** Records genai-prices-vs-LiteLLM differences on the period LiteLLM describes (the latest). */
  const compare = (provider: Provider, id: string, result: Priced, ll: LlPrice, llKey: string) => {
    const last = result.periods[result.periods.length - 1]!
    const gpRates = last.rates
    if (!same(gpRates.input, ll.rates.input) || !same(gpRates.output, ll.rates.output)) {
      staleBase.add(`${provider}:${id}`)
    }
    for (const key of ["input", "output", "cacheRead", "cacheWrite", "cacheWrite1h"] as const) {
      const a = gpRates[key]
      const b = ll.rates[key]
      if (a !== undefined && b !== undefined && !same(a, b)) {
        report.disagreements.push({
          provider,
          id,
          field: key,
          genaiPrices: a,
          litellm: b,
          table: a,
          why: `gp-primary (LiteLLM ${llKey})`
        })
      }
    }
  }

  /** `rates` corrections, applied as soon as an id is priced (so derived prices see them). */
  const applyRates = (item: Priced) => {
    for (const correction of correctionsFor(item.provider, item.id)) {
      if (correction.kind === "batch") {
        applied(correction, item.id)
        item.batchMultiplier = correction.multiplier
        continue
      }
      if (correction.kind === "ultrafast") {
        applied(correction, item.id)
        item.ultrafastMultiplier = correction.multiplier
        continue
      }
      if (correction.kind === "flex") {
        applied(correction, item.id)
        item.flexMultiplier = correction.multiplier
        continue
      }
      if (correction.kind === "webSearch") {
        applied(correction, item.id)
        for (const period of item.periods) period.webSearch = correction.price
        item.notes.push(correction.id)
        continue
      }
      if (correction.kind !== "rates") continue
      applied(correction, item.id)
      for (const period of item.periods) {
        if (correction.from !== "*" && correction.from !== period.from) continue
        if (correction.tier !== undefined) {
          const tier = period.tiers?.find((candidate) => candidate.above === correction.tier)
          if (tier === undefined) {
            throw new Error(`correction ${correction.id}: ${item.id} has no tier ${correction.tier}`)
          }
          tier.rates = sortRates({ ...tier.rates, ...correction.set })
          for (const key of correction.unset ?? []) delete tier.rates[key]
          continue
        }
        period.rates = sortRates({ ...period.rates, ...correction.set })
        for (const key of correction.unset ?? []) delete period.rates[key]
        for (const tier of period.tiers ?? []) {
          tier.rates = sortRates({ ...tier.rates, ...correction.set })
          for (const key of correction.unset ?? []) delete tier.rates[key]
        }
      }
      item.notes.push(correction.id)
    }
  }

  for (const provider of ["openai", "anthropic", "groq", "bedrock", "google", ...hosts] as const) {
    const mine: Array<Priced> = []
    for (const id of [...universe[provider]].sort()) {
      const result = priceOne(provider, id)
      if (result !== undefined) mine.push(result)
    }
    // ll-supplement across ids: one genai-prices model is one model, so what LiteLLM says of any of its
    // ids (the richest record) is added to all of them, and a dated snapshot is priced like its alias.
    const richness = (ll: LlPrice) =>
      Object.keys(ll.rates).length + (ll.tiers?.length ?? 0) + (ll.priority === undefined ? 0 : 3) +
      (ll.flexMultiplier === undefined ? 0 : 3) + (ll.batchMultiplier === undefined ? 0 : 3) +
      (ll.residency === undefined ? 0 : 1)
    const donors = new Map<string, Priced>()
    for (const item of mine) {
      if (item.origin !== "genai-prices" || item.llPrice === undefined) continue
      const current = donors.get(item.family)
      if (current === undefined || richness(item.llPrice) > richness(current.llPrice!)) donors.set(item.family, item)
    }
    for (const item of mine) {
      if (item.origin !== "genai-prices") continue
      const donor = donors.get(item.family)
      if (donor === undefined || donor === item) continue
      supplement(item, donor.llPrice!, donor.llKey!, tiersAdded(provider, item.id, donor.llKey!))
    }
    for (const item of mine) applyRates(item)
    priced.push(...mine)
  }

  // --- Azure: LiteLLM first (azure-ll-primary), OpenAI fallback, Data Zone / Regional (azure-datazone)
  const openaiIndex = index(group(priced.filter((p) => p.provider === "openai")))
  const azureOpenAI = /^(gpt-4o|gpt-4\.1|gpt-5|gpt-chat|o1|o3|o4|codex-mini|gpt-audio|computer-use)/
  const azureGp = gp.provider("azure")
  for (const requested of [...universe.azure].sort()) {
    if (requested.includes("/")) continue
    const applicable = correctionsFor("azure", requested)
    const excluded = applicable.find((c) => c.kind === "exclude")
    if (excluded !== undefined) {
      applied(excluded, requested)
      exclude("azure", requested, excluded.id)
      continue
    }
    const alias = applicable.find((c) => c.kind === "alias")
    const id = alias !== undefined && alias.kind === "alias" ? alias.target : requested
    if (alias !== undefined) applied(alias, requested)
    if (nonChat.test(id)) {
      exclude("azure", requested, "chat-only")
      continue
    }
    const find = (prefixes: ReadonlyArray<string>) => {
      for (const prefix of prefixes) {
        const key = llKeys.find((k) => k.toLowerCase() === `${prefix}${id}`)
        if (key !== undefined) return key
      }
      return undefined
    }
    const globalKey = find(["azure/global-standard/", "azure/global/"])
    const bareKey = find(["azure/"])
    const foundryKey = find(["azure_ai/", "azure_ai/global/"])
    const notes: Array<string> = []
    const openaiEntry = openaiIndex.lookup("openai", id)
    let result: Priced | undefined
    const preferOpenAI = applicable.find((c) => c.kind === "prefer" && c.source === "genai-prices")
    if (preferOpenAI !== undefined) applied(preferOpenAI, requested)
    for (const key of preferOpenAI === undefined ? [globalKey, bareKey, foundryKey] : []) {
      if (key === undefined) continue
      const entry = llEntries[key]!
      const price = llPrice("azure", id, entry, notes)
      if (price === undefined) continue
      if (key === bareKey && openaiEntry !== undefined) {
        const openaiRates = openaiEntry.periods[openaiEntry.periods.length - 1]!.rates
        const uplifted = scaleRates(openaiRates, 11n, 10n)
        if (
          uplifted !== undefined && same(uplifted.input, price.rates.input) && same(uplifted.output, price.rates.output)
        ) {
          report.disagreements.push({
            provider: "azure",
            id: requested,
            field: "input/output",
            genaiPrices: undefined,
            litellm: `${price.rates.input}/${price.rates.output} (${key})`,
            table: `${openaiRates.input}/${openaiRates.output} (OpenAI's price)`,
            why: "azure-bare-regional"
          })
          continue
        }
      }
      const source = key.startsWith("azure_ai/") ? foundrySource : defaultSource.azure
      result = fromLl("azure", requested, `ll:${familyOf("azure", id)}`, price, key, source, llChecked)
      result.notes.push(...notes)
      break
    }
    // Compare with genai-prices' own Azure list (azure-ll-primary: only compared).
    const gpAzure = gp.resolve("azure", id)
    if (gpAzure !== undefined && azureGp.models.includes(gpAzure.model)) {
      const periods = gpPeriods(gpAzure.model, [])
      const gpRates = periods?.[periods.length - 1]?.rates
      const tableRates = result?.periods[result.periods.length - 1]!.rates ??
        openaiEntry?.periods[openaiEntry.periods.length - 1]!.rates
      if (gpRates !== undefined && tableRates !== undefined) {
        for (const key of ["input", "output", "cacheRead"] as const) {
          if (gpRates[key] !== undefined && !same(gpRates[key], tableRates[key])) {
            report.disagreements.push({
              provider: "azure",
              id: requested,
              field: key,
              genaiPrices: gpRates[key],
              litellm: result?.periods[0]!.rates[key],
              table: tableRates[key],
              why: "azure-ll-primary"
            })
          }
        }
      }
    }
    // azure-openai-price: an Azure OpenAI model whose Azure Global price is OpenAI's (LiteLLM's Azure price
    // equals one of OpenAI's periods, is a Regional price, or is missing) gets OpenAI's periods, so OpenAI's
    // price changes carry over, plus LiteLLM's Azure batch/priority/flex where they agree.
    const llAzure = result
    const isOpenAIPrice = llAzure === undefined
      ? azureOpenAI.test(id) || bareKey !== undefined || globalKey !== undefined
      : openaiEntry !== undefined &&
        openaiEntry.periods.some((period) => sameBase(period.rates, llAzure.periods[0]!.rates))
    if (
      openaiEntry !== undefined && isOpenAIPrice &&
      !(llAzure !== undefined && llAzure.llKey?.startsWith("azure_ai/") && !azureOpenAI.test(id))
    ) {
      result = {
        provider: "azure",
        id: requested,
        family: `az:${openaiEntry.model}`,
        periods: structuredClone(openaiEntry.periods).map((period) => ({
          from: period.from,
          rates: period.rates,
          ...(period.tiers === undefined
            ? {}
            : { tiers: period.tiers.map((tier) => ({ above: tier.above, rates: tier.rates })) })
        })),
        ...(openaiEntry.batchMultiplier === undefined ? {} : { batchMultiplier: openaiEntry.batchMultiplier }),
        source: defaultSource.azure,
        checkedAt: openaiEntry.checkedAt,
        origin: "genai-prices",
        gpModel: `openai ${openaiEntry.model}`,
        notes: [`azure-openai-price: ${openaiEntry.model}`]
      }
      if (llAzure?.llPrice !== undefined && llAzure.llKey !== undefined) {
        supplement(result, llAzure.llPrice, llAzure.llKey)
        const last = openaiEntry.periods[openaiEntry.periods.length - 1]!.rates
        const llRates = llAzure.periods[0]!.rates
        if (!sameBase(last, llRates)) {
          report.disagreements.push({
            provider: "azure",
            id: requested,
            field: "input/output",
            genaiPrices: `${last.input}/${last.output} (OpenAI's latest period)`,
            litellm: `${llRates.input}/${llRates.output} (${llAzure.llKey}: an earlier OpenAI period)`,
            table: "OpenAI's periods",
            why: "azure-openai-price"
          })
        }
      }
    }
    if (result !== undefined) {
      applyRates(result)
      priced.push(result)
    }
    // Data Zone and Regional deployments (azure-datazone).
    if (!azureOpenAI.test(id)) continue
    const global = result
    if (global === undefined) continue
    const periods: Array<Period> = []
    let exact = true
    for (const period of global.periods) {
      const rates = scaleRates(period.rates, 11n, 10n)
      const tiers = period.tiers?.map((tier) => {
        const tierRates = scaleRates(tier.rates, 11n, 10n)
        if (tierRates === undefined) exact = false
        return { above: tier.above, rates: tierRates! }
      })
      if (rates === undefined) exact = false
      else periods.push({ from: period.from, rates, ...(tiers === undefined ? {} : { tiers }) })
    }
    if (!exact) {
      exclude("azure", `us/${requested}`, "azure-datazone: 1.1x is not a whole micro-dollar")
      continue
    }
    for (const zone of ["us", "eu", "regional"]) {
      const zoneId = `${zone}/${requested}`
      const dz: Priced = {
        provider: "azure",
        id: zoneId,
        family: `dz:${global.family}`,
        periods: structuredClone(periods),
        ...(global.batchMultiplier === undefined ? {} : { batchMultiplier: global.batchMultiplier }),
        source: defaultSource.azure,
        checkedAt: global.checkedAt,
        origin: "derived",
        notes: ["azure-datazone: 1.1x Global"]
      }
      priced.push(dz)
      if (zone === "regional") continue
      const llZone = llKeys.find((k) => k === `azure/${zone}/${id}`)
      if (llZone !== undefined) {
        const llZonePrice = llPrice("azure", zoneId, llEntries[llZone]!, [])
        const ours = periods[periods.length - 1]!.rates
        for (const key of ["input", "output", "cacheRead"] as const) {
          const theirs = llZonePrice?.rates[key]
          if (theirs !== undefined && ours[key] !== undefined && !same(theirs, ours[key])) {
            report.disagreements.push({
              provider: "azure",
              id: zoneId,
              field: key,
              genaiPrices: undefined,
              litellm: theirs,
              table: ours[key],
              why: "azure-datazone"
            })
          }
        }
      }
    }
  }

  // --- zero prices, Bedrock per-Region duplicates
  const kept: Array<Priced> = []
  for (const item of priced) {
    const last = item.periods[item.periods.length - 1]!.rates
    if (micro(last.input) === 0n && micro(last.output) === 0n) {
      exclude(item.provider, item.id, "zero-price")
      continue
    }
    kept.push(item)
  }
  const bedrockById = new Map(kept.filter((p) => p.provider === "bedrock").map((p) => [p.id, p]))
  const final = kept.filter((item) => {
    if (item.provider !== "bedrock" || !item.id.includes("/")) return true
    const inner = item.id.slice(item.id.indexOf("/") + 1)
    const base = bedrockById.get(inner)
    if (base !== undefined && JSON.stringify(base.periods) === JSON.stringify(item.periods)) return false
    if (staleBase.has(`bedrock:${inner}`)) {
      // LiteLLM's per-Region price of a model whose own LiteLLM price genai-prices overrides is as stale.
      exclude("bedrock", item.id, `bedrock-region: LiteLLM's price of ${inner} itself is outdated`)
      return false
    }
    return true
  })
  for (const item of final) {
    report.origins[`${item.provider}:${item.id}`] = {
      origin: item.origin,
      ...(item.gpModel === undefined ? {} : { gpModel: item.gpModel }),
      ...(item.llKey === undefined ? {} : { llKey: item.llKey }),
      notes: item.notes
    }
  }
  for (const [id, hits] of Object.entries(report.corrections)) {
    if (hits.length === 0) throw new Error(`correction ${id} matches no model id: remove or fix it`)
  }
  return { entries: group(final), report }
}

// ------------------------------------------------------------------------------------------------ grouping

const bedrockPrefixed = (id: string) => geoPrefix.test(id) || id.includes("/")

/** A period with its fields in the table's order (whichever step set them), so equal periods write alike. */
const ordered = (period: Period): Period => ({
  from: period.from,
  rates: period.rates,
  ...(period.tiers === undefined ? {} : { tiers: period.tiers }),
  ...(period.priority === undefined ? {} : { priority: period.priority }),
  ...(period.webSearch === undefined ? {} : { webSearch: period.webSearch }),
  ...(period.fileSearch === undefined ? {} : { fileSearch: period.fileSearch }),
  ...(period.requests === undefined ? {} : { requests: period.requests }),
  ...(period.timeOfDay === undefined ? {} : { timeOfDay: period.timeOfDay })
})

/** Ids of one family with identical prices become one entry, the simplest id as `model`. */
const group = (items: ReadonlyArray<Priced>): Array<Entry> => {
  const groups = new Map<string, Array<Priced>>()
  for (const item of items) item.periods = item.periods.map(ordered)
  for (const item of items) {
    const key = JSON.stringify([
      item.provider,
      item.family,
      item.periods,
      item.batchMultiplier ?? null,
      item.flexMultiplier ?? null,
      item.residency ?? null,
      item.fastMultiplier ?? null,
      item.ultrafastMultiplier ?? null,
      item.source,
      item.checkedAt
    ])
    const list = groups.get(key)
    if (list === undefined) groups.set(key, [item])
    else list.push(item)
  }
  const entries: Array<Entry> = []
  for (const list of groups.values()) {
    const ids = [...new Set(list.map((item) => item.id))].sort((a, b) =>
      Number(bedrockPrefixed(a)) - Number(bedrockPrefixed(b)) || a.length - b.length || (a < b ? -1 : 1)
    )
    const first = list[0]!
    const entry: Entry = {
      provider: first.provider,
      model: ids[0]!,
      ...(ids.length > 1 ? { aliases: ids.slice(1) } : {}),
      source: first.source,
      checkedAt: first.checkedAt,
      ...(first.batchMultiplier === undefined ? {} : { batchMultiplier: first.batchMultiplier }),
      ...(first.flexMultiplier === undefined ? {} : { flexMultiplier: first.flexMultiplier }),
      ...(first.residency === undefined ? {} : { residency: first.residency }),
      ...(first.fastMultiplier === undefined ? {} : { fastMultiplier: first.fastMultiplier }),
      ...(first.ultrafastMultiplier === undefined ? {} : { ultrafastMultiplier: first.ultrafastMultiplier }),
      periods: structuredClone(first.periods)
    }
    entries.push(entry)
  }
  const order = ["openai", "anthropic", "groq", "azure", "bedrock"]
  entries.sort((a, b) =>
    order.indexOf(a.provider) - order.indexOf(b.provider) || (a.model < b.model ? -1 : a.model > b.model ? 1 : 0)
  )
  return pruneAliases(entries)
}

/** Drops the aliases the lookup reaches anyway (a dated snapshot of the entry's model, a `-latest` name). */
const pruneAliases = (entries: Array<Entry>): Array<Entry> => {
  const wanted = new Map<string, Entry>()
  for (const entry of entries) {
    for (const id of [entry.model, ...(entry.aliases ?? [])]) wanted.set(`${entry.provider}:${id}`, entry)
  }
  const ids = new Map<string, Entry>(wanted)
  const resolve = (provider: string, id: string) => {
    for (const name of candidates(id)) {
      const hit = ids.get(`${provider}:${name}`)
      if (hit !== undefined) return hit
    }
    return undefined
  }
  for (const entry of entries) {
    if (entry.aliases === undefined) continue
    const keep: Array<string> = []
    for (const alias of entry.aliases) {
      const key = `${entry.provider}:${alias}`
      ids.delete(key)
      const still = [...wanted.entries()].filter(([k]) => k.startsWith(`${entry.provider}:`)).every(([k, e]) =>
        resolve(entry.provider, k.slice(entry.provider.length + 1)) === e
      )
      if (still) continue
      ids.set(key, entry)
      keep.push(alias)
    }
    if (keep.length > 0) entry.aliases = keep
    else delete entry.aliases
  }
  return entries
}
