/**
 * The two inputs of the price table, read without any network access:
 *
 * - `@pydantic/genai-prices` (npm, MIT): its bundled provider data, read through its public API
 *   (`findProvider`, `calcPrice`), at an exact, pinned version;
 * - LiteLLM's `model_prices_and_context_window.json` (BerriAI/litellm, MIT): not on npm, so a developer
 *   passes a downloaded copy with `--litellm <file> --litellm-commit <sha> --litellm-date <day>`; the
 *   chat entries of the five providers are kept in `litellm.snapshot.json` (with the commit and the
 *   file's SHA-256), which later runs read, so `npm run prices:update` is reproducible offline.
 */
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import { createRequire } from "node:module"
import * as Path from "node:path"
import { pathToFileURL } from "node:url"
import type { Provider } from "./table.js"

/** Each provider's id in genai-prices (Bedrock is its `aws`). */
export const genaiPricesProvider: Record<Provider, string> = {
  openai: "openai",
  anthropic: "anthropic",
  groq: "groq",
  azure: "azure",
  bedrock: "aws",
  google: "google",
  deepseek: "deepseek",
  xai: "x-ai",
  mistral: "mistral",
  together: "together",
  fireworks: "fireworks",
  cerebras: "cerebras",
  perplexity: "perplexity",
  avian: "avian",
  arcee: "arcee",
  baseten: "baseten",
  cloudflare: "cloudflare",
  cohere: "cohere",
  doubleword: "doubleword",
  minimax: "minimax",
  modal: "modal",
  moonshotai: "moonshotai",
  novita: "novita",
  ovhcloud: "ovhcloud",
  quicksilverpro: "quicksilverpro",
  zai: "zai",
  zhipuai: "zhipuai",
  openrouter: "openrouter"
}

/** The genai-prices release the table is generated from. Update both fields together. */
export const genaiPricesPin = {
  version: "0.1.8",
  /** Its npm publish date (`npm view @pydantic/genai-prices time`), used as the entries' `checkedAt`. */
  published: "2026-09-23"
}

export type MatchLogic =
  | { and: Array<MatchLogic> }
  | { or: Array<MatchLogic> }
  | { contains: string }
  | { ends_with: string }
  | { equals: string }
  | { regex: string }
  | { starts_with: string }

export interface GpTiered {
  base: number
  tiers: Array<{ start: number; price: number }>
}

export type GpModelPrice = Record<string, number | GpTiered | undefined>

export interface GpModel {
  id: string
  name?: string
  match: MatchLogic
  price_comments?: string
  deprecated?: boolean
  prices: GpModelPrice | Array<{ constraint?: { type: string; start_date?: string }; prices: GpModelPrice }>
}

export interface GpProvider {
  id: string
  name: string
  pricing_urls?: Array<string>
  models: Array<GpModel>
  fallback_model_providers?: Array<string>
}

export interface GenaiPrices {
  readonly version: string
  readonly published: string
  readonly provider: (id: string) => GpProvider
  /** The model genai-prices' own matcher picks for `model` (its `calcPrice`), or `undefined`. */
  readonly resolve: (providerId: string, model: string) => { model: GpModel; provider: GpProvider } | undefined
  /** genai-prices' calculator: the price in USD of a call, or `undefined` when it has no price. */
  readonly calc: (
    providerId: string,
    model: string,
    usage: Record<string, number>,
    at: Date
  ) => number | undefined
}

interface GpModule {
  findProvider: (options: { providerId: string }) => GpProvider | undefined
  calcPrice: (
    usage: Record<string, number>,
    model: string,
    options: { providerId: string; timestamp?: Date }
  ) => { total_price: number; model: GpModel; provider: GpProvider } | null
}

/** Loads genai-prices from `dir`, or from the project's `node_modules`. Fails on a version other than the pin. */
export const loadGenaiPrices = async (root: string, dir?: string): Promise<GenaiPrices> => {
  const packageDir = dir ?? Path.dirname(Path.dirname(
    createRequire(Path.join(root, "package.json")).resolve(
      "@pydantic/genai-prices"
    )
  ))
  const packageJson = JSON.parse(Fs.readFileSync(Path.join(packageDir, "package.json"), "utf8")) as {
    name: string
    version: string
  }
  if (packageJson.name !== "@pydantic/genai-prices") throw new Error(`${packageDir} is not @pydantic/genai-prices`)
  if (packageJson.version !== genaiPricesPin.version) {
    throw new Error(
      `@pydantic/genai-prices ${packageJson.version} is installed but the table pins ${genaiPricesPin.version}: ` +
        `update genaiPricesPin in scripts/prices/sources.ts (version and npm publish date) to move to it`
    )
  }
  const module = (await import(pathToFileURL(Path.join(packageDir, "dist", "index.js")).href)) as GpModule
  const quiet = <A>(f: () => A): A => {
    const warn = console.warn
    console.warn = () => {}
    try {
      return f()
    } finally {
      console.warn = warn
    }
  }
  return {
    version: packageJson.version,
    published: genaiPricesPin.published,
    provider: (id) => {
      const provider = module.findProvider({ providerId: id })
      if (provider === undefined) throw new Error(`genai-prices has no provider ${id}`)
      return provider
    },
    resolve: (providerId, model) => {
      const result = quiet(() => module.calcPrice({ input_tokens: 0, output_tokens: 0 }, model, { providerId }))
      return result === null ? undefined : { model: result.model, provider: result.provider }
    },
    calc: (providerId, model, usage, at) => {
      const result = quiet(() => module.calcPrice(usage, model, { providerId, timestamp: at }))
      return result === null ? undefined : result.total_price
    }
  }
}

/** One LiteLLM entry, reduced to what pricing needs. */
export type LlEntry = Record<string, unknown> & { litellm_provider: string; mode?: string }

export interface LiteLLMSnapshot {
  readonly name: string
  readonly repository: string
  readonly path: string
  readonly commit: string
  /** The commit's date (the day its prices were read). */
  readonly date: string
  /** How the file was obtained, when not straight from the repository. */
  readonly via?: string
  /** SHA-256 of the whole file read. */
  readonly sha256: string
  readonly license: string
  readonly entries: Record<string, LlEntry>
}

const llProviders = new Set(["openai", "anthropic", "groq", "azure", "azure_ai", "bedrock", "bedrock_converse"])
const llModes = new Set(["chat", "responses"])
const llKeptField = (field: string): boolean =>
  field === "litellm_provider" || field === "mode" || field === "source" || field === "deprecation_date" ||
  field === "supported_endpoints" ||
  field === "provider_specific_entry" || /^regional_processing_uplift_multiplier_/.test(field) ||
  (/(_cost_per_token|_token_cost)/.test(field) && !/image|video|pixel|second|query|session/.test(field)) ||
  field === "input_cost_per_audio_token" || field === "output_cost_per_audio_token"

/** Reduces a full LiteLLM file to the snapshot kept in the repository. */
export const snapshotLiteLLM = (
  file: string,
  meta: { commit: string; date: string; via?: string | undefined }
): LiteLLMSnapshot => {
  const text = Fs.readFileSync(file, "utf8")
  const data = JSON.parse(text) as Record<string, unknown>
  const entries: Record<string, LlEntry> = {}
  for (const key of Object.keys(data).sort()) {
    const value = data[key]
    if (typeof value !== "object" || value === null || Array.isArray(value)) continue
    const entry = value as Record<string, unknown>
    if (typeof entry.litellm_provider !== "string" || !llProviders.has(entry.litellm_provider)) continue
    if (typeof entry.mode !== "string" || !llModes.has(entry.mode)) continue
    const kept: Record<string, unknown> = {}
    for (const field of Object.keys(entry).sort()) if (llKeptField(field)) kept[field] = entry[field]
    entries[key] = kept as LlEntry
  }
  return {
    name: "LiteLLM model_prices_and_context_window.json",
    repository: "BerriAI/litellm",
    path: "model_prices_and_context_window.json",
    commit: meta.commit,
    date: meta.date,
    ...(meta.via === undefined ? {} : { via: meta.via }),
    sha256: createHash("sha256").update(text).digest("hex"),
    license: "MIT, Copyright (c) 2023 Berri AI",
    entries
  }
}

export const readSnapshot = (file: string): LiteLLMSnapshot =>
  JSON.parse(Fs.readFileSync(file, "utf8")) as LiteLLMSnapshot

/** A list of real model ids of one provider (`test/fixtures/model-ids/<provider>.json`). */
export interface ModelIds {
  provider: string
  sources: Array<{ what: string; where: string; version?: string }>
  ids: Array<string>
  /** Real ids no source prices, each with the reason; the coverage check skips them. */
  unpriced?: Record<string, string>
}

export const readModelIds = (root: string, provider: string): ModelIds =>
  JSON.parse(
    Fs.readFileSync(Path.join(root, "test", "fixtures", "model-ids", `${provider}.json`), "utf8")
  ) as ModelIds
