/**
 * Checks of the bundled table, meant for `npm test` (and runnable alone):
 *
 * - `coverage`: every real model id of `test/fixtures/model-ids/<provider>.json` is priced, and every id
 *   the fixtures list as unpriced (with its reason) is not;
 * - `agreement`: the table agrees with its sources, genai-prices' calculator (`calcPrice`) and the
 *   LiteLLM snapshot, on every id they price, except where `disagreements.json` or a correction explains
 *   the difference.
 *
 *   npx tsx scripts/prices/check.ts [--genai-prices <dir>]
 *
 * Imports no `effect` module: the lookup is passed in (`PriceTable.bundled.lookup` in a test), or is
 * `table.ts`'s mirror of it.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import * as Decimal from "./decimal.js"
import {
  type GenaiPrices,
  genaiPricesProvider,
  type LiteLLMSnapshot,
  loadGenaiPrices,
  type ModelIds,
  readModelIds,
  readSnapshot
} from "./sources.js"
import {
  type Entry,
  index,
  periodAt,
  type Provider,
  providers,
  type Rates,
  readEntries,
  type TableData,
  tableFile,
  tableJson
} from "./table.js"

export interface Finding {
  readonly provider: Provider
  readonly id: string
  readonly problem: string
}

/** Ids of the fixtures that do not resolve, and unpriced ids that do. */
export const coverage = (
  isPriced: (provider: Provider, id: string) => boolean,
  fixtures: Record<Provider, ModelIds>
): { readonly checked: number; readonly findings: Array<Finding> } => {
  const findings: Array<Finding> = []
  let checked = 0
  for (const provider of providers) {
    const fixture = fixtures[provider]
    for (const id of fixture.ids) {
      if (fixture.unpriced?.[id] !== undefined) continue
      checked++
      if (!isPriced(provider, id)) findings.push({ provider, id, problem: "no price" })
    }
    for (const id of Object.keys(fixture.unpriced ?? {})) {
      checked++
      if (isPriced(provider, id)) {
        findings.push({ provider, id, problem: "priced now: remove it from the fixture's unpriced list" })
      }
    }
  }
  return { checked, findings }
}

interface Explanations {
  readonly disagreements: Array<{ provider: Provider; id: string; why: string }>
  readonly excluded: Array<{ provider: Provider; id: string; why: string }>
  readonly corrections: Record<string, Array<string>>
}

/** The exact cost in USD (as a float, for comparison) of a usage at `rates`, tiers applied as `Cost.compute`. */
const costOf = (
  entry: Entry,
  day: string,
  usage: { input: number; cacheRead: number; cacheWrite: number; output: number }
): number => {
  const period = periodAt(entry, day)
  let rates: Rates = period.rates
  let above = -1
  for (const tier of period.tiers ?? []) {
    if (usage.input > tier.above && tier.above > above) {
      rates = tier.rates
      above = tier.above
    }
  }
  const rate = (price: string | undefined, fallback: string) => Decimal.parse(price ?? fallback)
  const pico = BigInt(usage.input - usage.cacheRead - usage.cacheWrite) * rate(rates.input, rates.input) +
    BigInt(usage.cacheRead) * rate(rates.cacheRead, rates.input) +
    BigInt(usage.cacheWrite) * rate(rates.cacheWrite, rates.input) +
    BigInt(usage.output) * rate(rates.output, rates.output) +
    // One request's fee (USD per 1,000 requests), as `Cost.compute` bills a call.
    (period.requests === undefined ? 0n : Decimal.parse(period.requests) * 1_000n)
  return Number(pico) / 1e12
}

const llRate = (entry: Record<string, unknown> | undefined, field: string): string | undefined => {
  const value = entry?.[field]
  return typeof value === "number" ? Decimal.format(Decimal.fromFloat(value, 1e12)) : undefined
}

/** LiteLLM's keys for one of the table's ids, most specific first. */
const llKeysOf = (provider: Provider, id: string, ll: LiteLLMSnapshot): Array<string> => {
  switch (provider) {
    case "groq":
      return [`groq/${id}`]
    case "bedrock":
      return id.includes("/") ? [`bedrock/${id}`] : [id]
    case "azure": {
      if (id.includes("/")) return []
      const wanted = ["azure/global-standard/", "azure/global/", "azure/", "azure_ai/", "azure_ai/global/"].map((
        prefix
      ) => `${prefix}${id}`)
      const keys = Object.keys(ll.entries)
      return wanted.flatMap((key) => keys.filter((k) => k.toLowerCase() === key))
    }
    default:
      return [id]
  }
}

/**
 * Compares every priced id with genai-prices' calculator (on usages below and above any long-context
 * threshold, on each period's first day) and with LiteLLM's input/output rates; returns the
 * differences that nothing explains.
 */
export const agreement = (
  table: TableData,
  gp: GenaiPrices,
  ll: LiteLLMSnapshot,
  explanations: Explanations
): { readonly comparedGenaiPrices: number; readonly comparedLiteLLM: number; readonly findings: Array<Finding> } => {
  const explained = new Set<string>()
  for (const item of [...explanations.disagreements, ...explanations.excluded]) {
    explained.add(`${item.provider}:${item.id}`)
  }
  const corrected = new Set(Object.values(explanations.corrections).flat())
  const findings: Array<Finding> = []
  let comparedGenaiPrices = 0
  let comparedLiteLLM = 0
  const usages = [
    { input: 1_000, cacheRead: 200, cacheWrite: 100, output: 500 },
    { input: 300_000, cacheRead: 100_000, cacheWrite: 20_000, output: 4_000 }
  ]
  for (const entry of table.entries) {
    for (const id of [entry.model, ...(entry.aliases ?? [])]) {
      const key = `${entry.provider}:${id}`
      const isExplained = explained.has(key) || corrected.has(id)
      // genai-prices (not for Azure, whose prices come from LiteLLM, nor Bedrock per-Region ids).
      const resolved = entry.provider === "azure" || id.includes("/")
        ? undefined
        : gp.resolve(genaiPricesProvider[entry.provider], id)
      if (resolved !== undefined) {
        for (const period of entry.periods) {
          const day = period.from ?? "2024-06-01"
          for (const usage of usages) {
            // Usage parts genai-prices has no price for are left out: it bills them at the input rate,
            // where the table may have LiteLLM's cache rates (ll-supplement).
            const gpPrice = Array.isArray(resolved.model.prices)
              ? resolved.model.prices.filter((p) =>
                p.constraint?.start_date === undefined || p.constraint.start_date <= day
              ).at(-1)?.prices
              : resolved.model.prices
            const u = {
              input: usage.input,
              cacheRead: gpPrice?.cache_read_mtok === undefined ? 0 : usage.cacheRead,
              cacheWrite: gpPrice?.cache_write_mtok === undefined ? 0 : usage.cacheWrite,
              output: usage.output
            }
            const theirs = gp.calc(genaiPricesProvider[entry.provider], id, {
              input_tokens: u.input,
              cache_read_tokens: u.cacheRead,
              cache_write_tokens: u.cacheWrite,
              output_tokens: u.output
            }, new Date(`${day}T12:00:00Z`))
            if (theirs === undefined) continue
            comparedGenaiPrices++
            const ours = costOf(entry, day, u)
            if (Math.abs(ours - theirs) > 1e-9 * Math.max(1e-6, Math.abs(theirs)) && !isExplained) {
              findings.push({
                provider: entry.provider,
                id,
                problem: `genai-prices ${resolved.model.id} bills ${theirs} USD on ${day} for ${
                  JSON.stringify(u)
                }, the table ${ours}`
              })
            }
          }
        }
      }
      // LiteLLM: input and output of the latest period.
      const llKey = llKeysOf(entry.provider, id, ll).find((k) => ll.entries[k] !== undefined)
      if (llKey !== undefined) {
        const llEntry = ll.entries[llKey]!
        const last = entry.periods[entry.periods.length - 1]!.rates
        const input = llRate(llEntry, "input_cost_per_token")
        const output = llRate(llEntry, "output_cost_per_token")
        if (input === undefined || output === undefined) continue
        comparedLiteLLM++
        const same = Decimal.parse(input) === Decimal.parse(last.input) &&
          Decimal.parse(output) === Decimal.parse(last.output)
        const gpAgrees = resolved !== undefined
        if (!same && !isExplained && !gpAgrees) {
          findings.push({
            provider: entry.provider,
            id,
            problem: `LiteLLM ${llKey} is ${input} / ${output}, the table ${last.input} / ${last.output}`
          })
        }
      }
    }
  }
  return { comparedGenaiPrices, comparedLiteLLM, findings }
}

const here = Path.dirname(fileURLToPath(import.meta.url))

/** Everything a test needs: the fixtures, the LiteLLM snapshot, the generator's explanations. */
export const load = (root = Path.resolve(here, "..", "..")) => ({
  fixtures: Object.fromEntries(providers.map((provider) => [provider, readModelIds(root, provider)])) as Record<
    Provider,
    ModelIds
  >,
  litellm: readSnapshot(Path.join(here, "litellm.snapshot.json")),
  explanations: JSON.parse(Fs.readFileSync(Path.join(here, "disagreements.json"), "utf8")) as Explanations,
  table: {
    ...(JSON.parse(tableJson(Fs.readFileSync(tableFile(root), "utf8"))) as TableData),
    // The hosts' module's entries too: the table as it is loaded on first use.
    entries: readEntries(root, (file) => Fs.existsSync(file) ? Fs.readFileSync(file, "utf8") : undefined)
  },
  genaiPrices: (dir?: string) => loadGenaiPrices(root, dir)
})

const main = async () => {
  const args = process.argv.slice(2)
  const at = args.indexOf("--genai-prices")
  const inputs = load()
  const gp = await inputs.genaiPrices(at < 0 ? undefined : args[at + 1])
  const lookup = index(inputs.table.entries)
  const covered = coverage((provider, id) => lookup.lookup(provider, id) !== undefined, inputs.fixtures)
  const agreed = agreement(inputs.table, gp, inputs.litellm, inputs.explanations)
  for (const finding of [...covered.findings, ...agreed.findings]) {
    console.log(`${finding.provider} ${finding.id}: ${finding.problem}`)
  }
  console.log(
    `coverage: ${covered.checked} fixture ids, ${covered.findings.length} problems; agreement: ${agreed.comparedGenaiPrices} genai-prices and ${agreed.comparedLiteLLM} LiteLLM comparisons, ${agreed.findings.length} unexplained`
  )
  if (covered.findings.length + agreed.findings.length > 0) process.exit(1)
}

if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
