/**
 * The bundled table's JSON format (`src/data/prices.ts`), as plain types, and `PriceTable.make`'s own
 * lookup (`candidates`, `index`), so the scripts resolve ids exactly as the library does.
 * `PriceTable.TableData` is the Schema of the same format; `Cost.compute` documents how each field bills.
 */

/**
 * The other hosts genai-prices prices, under its names for them (`OpenAICompatible.layer({ name: "avian" })`): their
 * entries are a module of their own (`src/data/hostPrices.ts`), loaded with the table on first use, never at start.
 * OpenRouter's routes are in it too (for an answer without its stated charge, and a step's cap); the library's own
 * providers' resellers are left out.
 */
export type LazyHost =
  | "avian"
  | "arcee"
  | "baseten"
  | "cloudflare"
  | "cohere"
  | "doubleword"
  | "minimax"
  | "modal"
  | "moonshotai"
  | "novita"
  | "ovhcloud"
  | "quicksilverpro"
  | "zai"
  | "zhipuai"
  | "openrouter"

export const lazyHosts: ReadonlyArray<LazyHost> = [
  "avian",
  "arcee",
  "baseten",
  "cloudflare",
  "cohere",
  "doubleword",
  "minimax",
  "modal",
  "moonshotai",
  "novita",
  "ovhcloud",
  "quicksilverpro",
  "zai",
  "zhipuai",
  "openrouter"
]

/** The OpenAI-compatible hosts priced under their own names (`OpenAICompatible`'s presets and others), from genai-prices only. */
export type Host = "deepseek" | "xai" | "mistral" | "together" | "fireworks" | "cerebras" | "perplexity" | LazyHost

export const hosts: ReadonlyArray<Host> = [
  "deepseek",
  "xai",
  "mistral",
  "together",
  "fireworks",
  "cerebras",
  "perplexity",
  ...lazyHosts
]

/** Whether `provider`'s entries go in the hosts' module, loaded on first use. */
export const isLazy = (provider: string): boolean => (lazyHosts as ReadonlyArray<string>).includes(provider)

export type Provider = "openai" | "anthropic" | "groq" | "azure" | "bedrock" | "google" | Host

export const providers: ReadonlyArray<Provider> = [
  "openai",
  "anthropic",
  "groq",
  "azure",
  "bedrock",
  "google",
  ...hosts
]

/** USD per million tokens, a decimal string with at most 6 decimals. */
export type Price = string

export interface Rates {
  input: Price
  output: Price
  cacheRead?: Price
  cacheReadAudio?: Price
  cacheWrite?: Price
  cacheWrite1h?: Price
  inputAudio?: Price
  outputAudio?: Price
  reasoning?: Price
}

export const rateKeys: ReadonlyArray<keyof Rates> = [
  "input",
  "output",
  "cacheRead",
  "cacheReadAudio",
  "cacheWrite",
  "cacheWrite1h",
  "inputAudio",
  "outputAudio",
  "reasoning"
]

export interface Tier {
  above: number
  rates: Rates
  /** the tier's rates under the priority service tier. */
  priority?: Rates
}

export interface Period {
  from: string | null
  rates: Rates
  tiers?: Array<Tier>
  /** rates under OpenAI's priority processing (`service_tier: "priority"`), complete (not a delta). */
  priority?: Rates
  /** USD per 1,000 searches of the provider's web search tool (not a token rate). */
  webSearch?: Price
  /** USD per 1,000 calls of the provider's file search tool (not a token rate). */
  fileSearch?: Price
  /** USD per 1,000 requests: a fee each call pays beside its tokens (Perplexity's Sonar models). */
  requests?: Price
  /** rates by the UTC time of day (and day of the week) the call is sent, in place of `rates` (DeepSeek's peak). */
  timeOfDay?: Array<TimeOfDay>
}

export interface TimeOfDay {
  /** "HH:MM", UTC, inclusive. */
  from: string
  /** "HH:MM", UTC, exclusive. */
  until: string
  /** UTC days of the week, 0 Sunday to 6 Saturday; every day without them. */
  days?: Array<number>
  rates: Rates
}

export interface Entry {
  provider: Provider
  model: string
  aliases?: Array<string>
  source: string
  checkedAt: string
  batchMultiplier?: Price
  /** the factor OpenAI's flex processing (`service_tier: "flex"`) bills every rate at. */
  flexMultiplier?: Price
  /**
   * multipliers applied to every rate when the call is processed in a data-residency region:
   * OpenAI regional processing (`"us"`, `"eu"`), Anthropic `inference_geo` (`"us"`).
   */
  residency?: Record<string, Price>
  /** Anthropic fast mode (`speed: "fast"`): every rate is multiplied by this. */
  fastMultiplier?: Price
  /** OpenAI's Ultrafast mode (`service_tier: "ultrafast"`): every rate is multiplied by this. */
  ultrafastMultiplier?: Price
  periods: Array<Period>
}

export interface TableData {
  version: 1
  generatedAt: string
  /** where the table was generated from (name, version or commit, URL, licence). */
  sources?: Array<{ name: string; version: string; url: string; license: string }>
  entries: Array<Entry>
  /** the provider whose entries price a provider's model that has none of its own. */
  pricedLike?: Record<string, Provider>
}

/**
 * Providers priced as another where the table has no price of their own: Azure OpenAI's Global deployments
 * at OpenAI's prices, Vertex AI at the Gemini API's (Vertex has no entries of its own).
 */
export const pricedLike: Record<string, Provider> = { azure: "openai", "google-vertex": "google" }

/**
 * The names a requested model may be listed under, an index over entries with the table's own lookup rules
 * (later entries win; a provider falls back to the one its profile says it is priced like), and the period
 * of an entry in force on a day.
 */
export { candidates, index, periodAt } from "../../src/core/call/PriceTableCore.js"

/** Where the bundled table lives: a TypeScript module whose value is the table's JSON, formatted. */
export const tableFile = (root: string): string => `${root}/src/data/prices.ts`

const moduleHeader = `/**
 * The bundled price table, generated by \`npm run prices:update\` (scripts/prices/update.ts) from
 * @pydantic/genai-prices and LiteLLM with the corrections of scripts/prices/corrections.ts: do not edit
 * by hand. Sources, licences and method: PRICES-SOURCES.md beside this file. A module rather than a JSON
 * file, so that no tool chain needs JSON import attributes; \`PriceTable\` decodes it with its Schema.
 *
 * @internal
 */
export const prices: unknown = `

/** The module text for the table's formatted JSON. */
export const tableModule = (json: string): string => moduleHeader + json

/** Where the other hosts' entries live: a module only the table's first use imports. */
export const hostTableFile = (root: string): string => `${root}/src/data/hostPrices.ts`

const hostModuleHeader = `/**
 * The bundled price table's entries of the other OpenAI-compatible hosts genai-prices prices (Avian, Novita, ...),
 * generated with src/data/prices.ts by \`npm run prices:update\`: do not edit by hand. Imported only where the table
 * is loaded on first use (\`PriceTable.current\`), never at start. Sources: PRICES-SOURCES.md beside this file.
 *
 * @internal
 */
export const hostPrices: unknown = `

/** The hosts' module text for their formatted JSON (`{ entries }`). */
export const hostTableModule = (json: string): string => hostModuleHeader + json

/** The hosts' formatted JSON, out of their module text. */
export const hostTableJson = (module: string): string => {
  if (!module.startsWith(hostModuleHeader)) throw new Error("src/data/hostPrices.ts does not start with its header")
  return module.slice(hostModuleHeader.length)
}

/** Every entry of the table: the bundled module's and, where it exists, the hosts' module's. */
export const readEntries = (root: string, read: (file: string) => string | undefined): Array<Entry> => {
  const main = read(tableFile(root))
  const lazy = read(hostTableFile(root))
  return [
    ...(main === undefined ? [] : (JSON.parse(tableJson(main)) as TableData).entries),
    ...(lazy === undefined ? [] : (JSON.parse(hostTableJson(lazy)) as { entries: Array<Entry> }).entries)
  ]
}

/** The table's formatted JSON, out of the module text. */
export const tableJson = (module: string): string => {
  if (!module.startsWith(moduleHeader)) throw new Error("src/data/prices.ts does not start with its generated header")
  return module.slice(moduleHeader.length)
}
