/**
 * The price table's model: the Schemas of its data, the lookup service over it, and the bundled table, built once
 * per data object. `PriceTable` is its public module. The bundled data comes through `BundledPrices` (loaded at
 * start with `PriceTable.bundled`) or `LoadedPrices` (imported on first use by `PriceTable.current`), so that a
 * bundle that never prices holds neither the data nor a static path to it.
 *
 * @internal
 */
import * as Data from "effect/Data"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Provider from "../Provider.js"
import { candidates } from "./ModelNames.js"

/** The names a requested model may be listed under, most specific first (`ModelNames`). */
export { candidates }

/**
 * A price in USD per million tokens, as a decimal string (`"2.5"`, `"0.075"`).
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Price = Schema.String.check(Schema.isPattern(/^\d+(\.\d{1,6})?$/))

/**
 * The rates of one model, each a `Price`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Rates = Schema.Struct({
  input: Price,
  output: Price,
  /** Cache reads; a model without one bills cached tokens at `input`. */
  cacheRead: Schema.optionalKey(Price),
  /**
   * Cached audio (Gemini's context caching of audio); a model without one bills it at `cacheRead` when it bills audio
   * as text (no `inputAudio`), else has no price for it. @since 0.7.0
   */
  cacheReadAudio: Schema.optionalKey(Price),
  /** Cache writes with the default (5-minute) lifetime; without one, writes bill at `input`. */
  cacheWrite: Schema.optionalKey(Price),
  /** Cache writes with a one-hour lifetime. */
  cacheWrite1h: Schema.optionalKey(Price),
  /** Cache writes with 12-hour retention (OpenAI's; `cacheWrite` is its 30-minute writes). */
  cacheWrite12h: Schema.optionalKey(Price),
  inputAudio: Schema.optionalKey(Price),
  outputAudio: Schema.optionalKey(Price),
  /** Reasoning tokens, when billed differently from `output`. */
  reasoning: Schema.optionalKey(Price)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Rates = typeof Rates.Type

/**
 * A long-context tier: when a call's input (cache included) exceeds `above` tokens, all its tokens are
 * billed at `rates`.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Tier = Schema.Struct({
  above: Schema.Natural,
  rates: Rates,
  /** The tier's rates under priority processing. */
  priority: Schema.optionalKey(Rates)
})

/**
 * Rates in force at a time of day (UTC, `"HH:MM"`, from `from` until before `until`), on `days` (UTC days of the
 * week, 0 Sunday to 6 Saturday; every day without them): DeepSeek's peak hours. A call sent outside every window of
 * its period is billed at the period's `rates`.
 *
 * @since 0.7.0
 * @category Schemas
 */
export const TimeOfDay = Schema.Struct({
  from: Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$/)),
  until: Schema.String.check(Schema.isPattern(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)),
  days: Schema.optionalKey(Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 6 })))),
  rates: Rates
})

/**
 * Prices in force from `from` (an ISO date, `null` for "always") until the next period.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Period = Schema.Struct({
  from: Schema.NullOr(Schema.String),
  rates: Rates,
  tiers: Schema.optionalKey(Schema.Array(Tier)),
  /** Complete rates under priority processing (OpenAI's and Azure's `service_tier: "priority"`). */
  priority: Schema.optionalKey(Rates),
  /** The price of 1,000 searches of the provider's web search tool, in USD (not per token). */
  webSearch: Schema.optionalKey(Price),
  /** The price of 1,000 calls of the provider's file search tool, in USD (not per token). */
  fileSearch: Schema.optionalKey(Price),
  /**
   * The fee of 1,000 requests, in USD: each call pays a thousandth beside its tokens (Perplexity's Sonar). @since 0.7.0
   */
  requests: Schema.optionalKey(Price),
  /** Rates by the time of day the call was sent, in place of `rates` (DeepSeek's peak hours). @since 0.7.0 */
  timeOfDay: Schema.optionalKey(Schema.Array(TimeOfDay))
})

/**
 * One model's entry: its provider and id, its source and the date it was checked, and its price periods.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const Entry = Schema.Struct({
  /** A provider of the library's, or the name of an OpenAI-compatible host (`deepseek`, `xai`, ...). */
  provider: Schema.NonEmptyString,
  model: Schema.String,
  aliases: Schema.optionalKey(Schema.Array(Schema.String)),
  /** Where the prices were read. */
  source: Schema.String,
  /** When they were last checked against the source (an ISO date). */
  checkedAt: Schema.String,
  /** The factor batch calls are billed at, where batch pricing is a plain multiplier. */
  batchMultiplier: Schema.optionalKey(Price),
  /** The factor flex processing (`service_tier: "flex"`) bills every rate at. */
  flexMultiplier: Schema.optionalKey(Price),
  /** The factor every rate is billed at in a data-residency region, by region (Anthropic's `inference_geo`). */
  residency: Schema.optionalKey(Schema.Record(Schema.String, Price)),
  /** The factor fast mode (Anthropic's `speed: "fast"`) bills every rate at. */
  fastMultiplier: Schema.optionalKey(Price),
  /** The factor OpenAI's Ultrafast mode (`service_tier: "ultrafast"`) bills every rate at. */
  ultrafastMultiplier: Schema.optionalKey(Price),
  periods: Schema.NonEmptyArray(Period)
})

/**
 * @since 0.1.0
 * @category Models
 */
export type Entry = typeof Entry.Type

/**
 * A whole table.
 *
 * @since 0.1.0
 * @category Schemas
 */
export const TableData = Schema.Struct({
  version: Schema.Literal(1),
  generatedAt: Schema.String,
  /** Where the table was generated from: name, version or commit, URL and licence of each source. */
  sources: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({ name: Schema.String, version: Schema.String, url: Schema.String, license: Schema.String })
    )
  ),
  entries: Schema.Array(Entry),
  /** The provider whose entries price a provider's model that has none (Azure's as OpenAI's, Vertex's as Gemini's). */
  pricedLike: Schema.optionalKey(Schema.Record(Schema.String, Schema.String))
})

/**
 * @since 0.1.0
 * @category Models
 */
export type TableData = typeof TableData.Type

/**
 * The prices of one model at one time.
 *
 * @since 0.1.0
 * @category Models
 */
export interface ModelPrice {
  readonly provider: Provider.Name
  /** The table's model id (the requested name may have been an alias or a dated snapshot). */
  readonly model: string
  readonly source: string
  readonly checkedAt: string
  readonly rates: Rates
  readonly tiers: ReadonlyArray<typeof Tier.Type>
  /** The rates under priority processing, when the model has them. */
  readonly priority?: Rates | undefined
  readonly batchMultiplier: string | undefined
  readonly flexMultiplier?: string | undefined
  readonly residency?: Readonly<Record<string, string>> | undefined
  readonly fastMultiplier?: string | undefined
  readonly ultrafastMultiplier?: string | undefined
  /** The price of 1,000 web searches (the provider's server tool), in USD, when the table has one. */
  readonly webSearch?: string | undefined
  /** The price of 1,000 file searches (the provider's server tool), in USD, when the table has one. */
  readonly fileSearch?: string | undefined
  /** The fee of 1,000 requests, in USD, when the model bills one per request. @since 0.7.0 */
  readonly requests?: string | undefined
}

/**
 * Why a model has no price.
 *
 * @since 0.1.0
 * @category Errors
 */
export class UnknownModel extends Data.TaggedError("UnknownModel")<{
  readonly provider: string
  readonly model: string
}> {
  override get message(): string {
    return `no price is known for ${this.provider} model "${this.model}"; add it with PriceTable.layer([...])`
  }
}

/**
 * Looks up the price of a model at a date, over a table's entries.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Service {
  readonly version: string
  readonly entries: ReadonlyArray<Entry>
  /** The provider whose entries price a provider's model that has none of its own (`TableData.pricedLike`). */
  readonly pricedLike?: Readonly<Record<string, string>> | undefined
  /** The prices of `model` in force at `at` (default: now). */
  readonly lookup: (
    provider: Provider.Name,
    model: string,
    at?: Date | undefined
  ) => Result.Result<ModelPrice, UnknownModel>
}

/**
 * The part of an entry the index reads: its provider, its id and its aliases.
 *
 * @since 0.3.0
 * @category Lookup
 */
export interface Indexed {
  readonly provider: Provider.Name
  readonly model: string
  readonly aliases?: ReadonlyArray<string> | undefined
}

/**
 * An index over entries with the table's lookup rules: later entries for the same id win; `find` looks in
 * one provider's entries under each of `candidates`; `lookup` also in those of the provider it is priced like
 * (`pricedLike`) where it has none of its own.
 *
 * @since 0.3.0
 * @category Lookup
 */
export const index = <E extends Indexed>(
  entries: ReadonlyArray<E>,
  pricedLike: Readonly<Record<string, string>> = {}
): {
  readonly find: (provider: Provider.Name, model: string) => E | undefined
  readonly lookup: (provider: Provider.Name, model: string) => E | undefined
} => {
  const byId = new Map<string, E>()
  for (const entry of entries) {
    for (const id of [entry.model, ...(entry.aliases ?? [])]) byId.set(`${entry.provider}:${id}`, entry)
  }
  const find = (provider: Provider.Name, model: string): E | undefined => {
    for (const name of candidates(model)) {
      const entry = byId.get(`${provider}:${name}`)
      if (entry !== undefined) return entry
    }
    return undefined
  }
  return {
    find,
    lookup: (provider, model) => {
      const stand = Object.hasOwn(pricedLike, provider) ? pricedLike[provider] : undefined
      return find(provider, model) ?? (stand === undefined ? undefined : find(stand as Provider.Name, model))
    }
  }
}

/**
 * The period of `entry` in force on `day` (an ISO date): the last whose `from` is on or before it, else the
 * first.
 *
 * @since 0.3.0
 * @category Lookup
 */
export const periodAt = <P extends { readonly from: string | null }>(
  entry: { readonly periods: ReadonlyArray<P> },
  day: string
): P => {
  let period = entry.periods[0]!
  for (const candidate of entry.periods) {
    if (candidate.from === null || candidate.from <= day) period = candidate
  }
  return period
}

/** The rates of `period` in force at `at`: its time-of-day window's that holds `at` (UTC), else its own. */
export const ratesAt = (period: typeof Period.Type, at: Date): Rates => {
  if (period.timeOfDay === undefined) return period.rates
  const time = at.toISOString().slice(11, 16)
  const day = at.getUTCDay()
  const window = period.timeOfDay.find((window) =>
    window.from <= time && time < window.until && (window.days === undefined || window.days.includes(day))
  )
  return window?.rates ?? period.rates
}

/**
 * Makes a table service over the given data. Later entries for the same id win, which is how overrides work.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const make = (data: TableData): Service => {
  const { lookup } = index(data.entries, data.pricedLike)
  return {
    version: data.generatedAt,
    entries: data.entries,
    pricedLike: data.pricedLike,
    lookup: (provider, model, at = new Date()) => {
      const entry = lookup(provider, model)
      if (entry === undefined) return Result.fail(new UnknownModel({ provider, model }))
      const period = periodAt(entry, at.toISOString().slice(0, 10))
      return Result.succeed({
        provider: entry.provider,
        model: entry.model,
        source: entry.source,
        checkedAt: entry.checkedAt,
        rates: ratesAt(period, at),
        tiers: period.tiers ?? [],
        priority: period.priority,
        batchMultiplier: entry.batchMultiplier,
        flexMultiplier: entry.flexMultiplier,
        residency: entry.residency,
        fastMultiplier: entry.fastMultiplier,
        ultrafastMultiplier: entry.ultrafastMultiplier,
        // A tool's fee is the provider's own: a provider priced like another (Azure's searches are Bing's) has none.
        webSearch: entry.provider === provider ? period.webSearch : undefined,
        fileSearch: entry.provider === provider ? period.fileSearch : undefined,
        requests: entry.provider === provider ? period.requests : undefined
      })
    }
  }
}

/** Decodes table data with `TableData` and makes its table service. */
export const fromData = (data: unknown): Service => make(Schema.decodeUnknownSync(TableData)(data))

/** A table built by `build` when first read: only a program that prices decodes the bundled data. */
export const lazy = (build: () => Service): Service => {
  let built: Service | undefined
  const table = () => built ??= build()
  return {
    get version() {
      return table().version
    },
    get entries() {
      return table().entries
    },
    get pricedLike() {
      return table().pricedLike
    },
    lookup: (provider, model, at) => table().lookup(provider, model, at)
  }
}

/** A module-level cache of the table built from each bundled data object (immutable, keyed by it): one per program. */
const builtTables = new WeakMap<object, Service>()

/** The table data with the entries of `hosts` (`{ entries }`, the other hosts' module) after its own. */
const withHosts = (data: unknown, hosts: unknown): unknown => {
  const entries = (value: unknown): ReadonlyArray<unknown> => {
    const list = typeof value === "object" && value !== null ? (value as { entries?: unknown }).entries : undefined
    return Array.isArray(list) ? list : []
  }
  return typeof data === "object" && data !== null
    ? { ...data, entries: [...entries(data), ...withReportedNames(entries(hosts))] }
    : data
}

/** The names an entry of the other hosts' module is known by: its id and its aliases (raw, not yet decoded). */
const namesOf = (entry: unknown): ReadonlyArray<string> => {
  if (typeof entry !== "object" || entry === null) return []
  const { aliases, model } = entry as { model?: unknown; aliases?: unknown }
  const all = [model, ...(Array.isArray(aliases) ? aliases : [])]
  return all.filter((name): name is string => typeof name === "string")
}

const providerOf = (entry: unknown): string =>
  typeof entry === "object" && entry !== null ? String((entry as { provider?: unknown }).provider) : ""

/**
 * The other hosts' entries, each also under the name its host's stream reports: the source names a host's model
 * with its vendor (Avian's `moonshotai/kimi-k2.5`), the stream without it (`kimi-k2.5`). A name is added only
 * under the entry's own host, and only where no other model of that host has it or would take it.
 */
const withReportedNames = (entries: ReadonlyArray<unknown>): ReadonlyArray<unknown> => {
  const taken = new Map<string, number>()
  const count = (key: string) => taken.set(key, (taken.get(key) ?? 0) + 1)
  const reported = (name: string) => name.slice(name.lastIndexOf("/") + 1)
  for (const entry of entries) {
    const names = namesOf(entry)
    for (const name of names) taken.set(`${providerOf(entry)}:${name}`, 2)
    const bare = new Set(names.filter((name) => name.includes("/")).map(reported))
    for (const name of bare) count(`${providerOf(entry)}:${name}`)
  }
  return entries.map((entry) => {
    const names = namesOf(entry)
    const added = [...new Set(names.filter((name) => name.includes("/")).map(reported))]
      .filter((name) => name !== "" && taken.get(`${providerOf(entry)}:${name}`) === 1)
    return added.length === 0 ? entry : { ...(entry as object), aliases: [...names.slice(1), ...added] }
  })
}

/**
 * Returns the table of the bundled data (with the other hosts' entries, `hosts`, where given: the table loaded on
 * first use), made the first time it is asked for and decoded when first read.
 */
export const bundledFrom = (data: unknown, hosts?: unknown): Service => {
  const key = hosts ?? data
  if (typeof data !== "object" || data === null || typeof key !== "object" || key === null) {
    return fromData(withHosts(data, hosts))
  }
  const made = builtTables.get(key)
  if (made !== undefined) return made
  const table = lazy(() => fromData(hosts === undefined ? data : withHosts(data, hosts)))
  builtTables.set(key, table)
  return table
}
