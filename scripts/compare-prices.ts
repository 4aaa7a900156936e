/**
 * Compares the bundled price table with LiteLLM's public price table and prints every difference, for
 * keeping prices current (see docs/cost.md). Not part of `npm test`: it reads a file you download.
 *
 *   npx tsx scripts/compare-prices.ts path/to/model_prices_and_context_window.json
 */
import * as Fs from "node:fs"
import { PriceTable } from "../src/index.js"

const file = process.argv[2]
if (file === undefined) {
  console.error("usage: npx tsx scripts/compare-prices.ts <LiteLLM model_prices_and_context_window.json>")
  process.exit(2)
}
const litellm = JSON.parse(Fs.readFileSync(file, "utf8")) as Record<string, Record<string, unknown>>

/** LiteLLM's key for one of our ids. */
const keysOf = (provider: string, model: string): ReadonlyArray<string> => {
  switch (provider) {
    case "groq":
      return [`groq/${model}`]
    case "azure":
      return [`azure/${model}`, model]
    default:
      return [model]
  }
}

/** A LiteLLM per-token float as USD per million tokens, rounded to our 6 decimals. */
const perMillion = (value: unknown): string | undefined =>
  typeof value === "number" ? String(Math.round(value * 1e12) / 1e6) : undefined

const fields: ReadonlyArray<readonly [keyof PriceTable.Rates, string]> = [
  ["input", "input_cost_per_token"],
  ["output", "output_cost_per_token"],
  ["cacheRead", "cache_read_input_token_cost"],
  ["cacheWrite", "cache_creation_input_token_cost"],
  ["cacheWrite1h", "cache_creation_input_token_cost_above_1hr"],
  ["inputAudio", "input_cost_per_audio_token"],
  ["outputAudio", "output_cost_per_audio_token"]
]

let differences = 0
let missing = 0
const today = new Date()
for (const entry of PriceTable.bundled.entries) {
  const key = keysOf(entry.provider, entry.model).find((candidate) => litellm[candidate] !== undefined)
  if (key === undefined) {
    missing++
    console.log(`?  ${entry.provider} ${entry.model}: not in the other table`)
    continue
  }
  const price = PriceTable.bundled.lookup(entry.provider, entry.model, today)
  if (price._tag === "Failure") continue
  for (const [ours, theirs] of fields) {
    const a = price.success.rates[ours]
    const b = perMillion(litellm[key]![theirs])
    if (a !== undefined && b !== undefined && Number(a) !== Number(b)) {
      differences++
      console.log(
        `≠  ${entry.provider} ${entry.model} ${ours}: ours ${a}, theirs ${b} (${key}); ours checked ${entry.checkedAt} at ${entry.source}`
      )
    } else if ((a === undefined) !== (b === undefined)) {
      differences++
      console.log(
        `≠  ${entry.provider} ${entry.model} ${ours}: ours ${a ?? "absent"}, theirs ${b ?? "absent"} (${key})`
      )
    }
  }
}
console.log(
  `\n${PriceTable.bundled.entries.length} entries compared: ${differences} differences, ${missing} not found there`
)
