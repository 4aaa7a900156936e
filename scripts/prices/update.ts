/**
 * Regenerates `src/data/prices.ts` (the table's JSON as a module) from genai-prices and LiteLLM, with our corrections on top, and
 * refuses to change any entry without review.
 *
 *   npx tsx scripts/prices/update.ts            regenerate; fails if an entry changed (prints the changes)
 *   npx tsx scripts/prices/update.ts --accept   regenerate and accept the changes (updates the review lock)
 *   npx tsx scripts/prices/update.ts --check    only verify that the committed table is what the sources give
 *
 * Options:
 *   --genai-prices <dir>   read @pydantic/genai-prices from this package directory (default: node_modules)
 *   --litellm <file>       a downloaded model_prices_and_context_window.json to refresh litellm.snapshot.json
 *   --litellm-commit <sha> the BerriAI/litellm commit the file was read at (required with --litellm)
 *   --litellm-date <day>   that commit's date, YYYY-MM-DD (required with --litellm)
 *   --litellm-via <text>   how the file was obtained, if not from BerriAI/litellm directly
 *
 * Imports no `effect` module: it runs before the library builds and is independent of its version.
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "./build.js"
import { modelsFile, modelsModule } from "./models.js"
import { type LiteLLMSnapshot, loadGenaiPrices, readModelIds, readSnapshot, snapshotLiteLLM } from "./sources.js"
import {
  type Entry,
  hostTableFile,
  hostTableModule,
  isLazy,
  pricedLike,
  providers,
  readEntries,
  type TableData,
  tableFile,
  tableModule
} from "./table.js"

const here = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.resolve(here, "..", "..")
const paths = {
  table: tableFile(root),
  hostTable: hostTableFile(root),
  lock: Path.join(here, "prices.lock.json"),
  snapshot: Path.join(here, "litellm.snapshot.json"),
  disagreements: Path.join(here, "disagreements.json")
}

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(name)
const option = (name: string): string | undefined => {
  const i = args.indexOf(name)
  if (i < 0) return undefined
  const value = args[i + 1]
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value`)
  return value
}
const known = new Set([
  "--accept",
  "--check",
  "--genai-prices",
  "--litellm",
  "--litellm-commit",
  "--litellm-date",
  "--litellm-via"
])
for (const arg of args) {
  if (arg.startsWith("--") && !known.has(arg)) throw new Error(`unknown option ${arg}`)
}

/** Formats JSON the way `dprint check` wants it, so the generated files pass `npm run check` as written. */
const formatJson = (value: unknown, name: string): string => {
  const raw = JSON.stringify(value, null, 2) + "\n"
  const result = spawnSync(Path.join(root, "node_modules", ".bin", "dprint"), ["fmt", "--stdin", name], {
    cwd: root,
    input: raw,
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(`dprint failed on ${name}: ${result.stderr}`)
  return result.stdout
}

const hash = (entry: Entry) => createHash("sha256").update(JSON.stringify(entry)).digest("hex").slice(0, 16)
const keyOf = (entry: Entry) => `${entry.provider}:${entry.model}`

interface Lock {
  comment: string
  sources: Record<string, string>
  entries: Record<string, string>
}

const main = async () => {
  const gp = await loadGenaiPrices(root, option("--genai-prices"))
  const litellmFile = option("--litellm")
  let snapshot: LiteLLMSnapshot
  let snapshotChanged = false
  if (litellmFile !== undefined) {
    const commit = option("--litellm-commit")
    const date = option("--litellm-date")
    if (commit === undefined || !/^[0-9a-f]{40}$/.test(commit)) {
      throw new Error("--litellm needs --litellm-commit <40-hex sha>")
    }
    if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new Error("--litellm needs --litellm-date YYYY-MM-DD")
    }
    snapshot = snapshotLiteLLM(litellmFile, { commit, date, via: option("--litellm-via") })
    snapshotChanged = true
  } else {
    snapshot = readSnapshot(paths.snapshot)
  }
  const ids = Object.fromEntries(providers.map((provider) => [provider, readModelIds(root, provider).ids])) as Record<
    (typeof providers)[number],
    Array<string>
  >
  const readIf = (file: string) => Fs.existsSync(file) ? Fs.readFileSync(file, "utf8") : undefined
  const previousTable: Pick<TableData, "entries"> | undefined = Fs.existsSync(paths.table)
    ? { entries: readEntries(root, readIf) }
    : undefined
  const previous = Object.fromEntries(providers.map((provider) => [
    provider,
    (previousTable?.entries ?? []).filter((entry) => entry.provider === provider).flatMap((entry) => [
      entry.model,
      ...(entry.aliases ?? [])
    ])
  ])) as Record<(typeof providers)[number], Array<string>>
  const { entries, report } = build({ gp, ll: snapshot, ids, previous })

  const table: TableData = {
    version: 1,
    generatedAt: [gp.published, snapshot.date].sort()[1]!,
    sources: [
      {
        name: "@pydantic/genai-prices",
        version: gp.version,
        url: "https://github.com/pydantic/genai-prices",
        license: "MIT, Copyright (c) Pydantic Services Inc. 2025 to present"
      },
      {
        name: "BerriAI/litellm model_prices_and_context_window.json",
        version: snapshot.commit,
        url: "https://github.com/BerriAI/litellm",
        license: snapshot.license
      }
    ],
    entries: entries.filter((entry) => !isLazy(entry.provider)),
    pricedLike
  }
  const tableText = tableModule(formatJson(table, "prices.json"))
  // The other hosts' entries, in their own module: loaded with the table on first use, never at start.
  const hostText = hostTableModule(
    formatJson({ entries: entries.filter((entry) => isLazy(entry.provider)) }, "hostPrices.json")
  )
  const lock: Lock = {
    comment:
      "Review lock of src/data/prices.ts: one hash per entry. scripts/prices/update.ts fails when an entry is added, removed or changed until the change is reviewed and accepted with --accept.",
    sources: { "@pydantic/genai-prices": gp.version, "BerriAI/litellm": snapshot.commit },
    entries: Object.fromEntries(entries.map((entry) => [keyOf(entry), hash(entry)]))
  }
  const lockText = formatJson(lock, "prices.lock.json")
  const disagreementsText = formatJson(
    {
      comment:
        "Every difference between the sources and the table found by the generator, with the rule or correction (scripts/prices/corrections.ts) that decided it. Generated; do not edit.",
      disagreements: report.disagreements,
      excluded: report.excluded,
      corrections: report.corrections
    },
    "disagreements.json"
  )

  // Review: compare with the lock.
  const oldLock: Lock | undefined = Fs.existsSync(paths.lock)
    ? (JSON.parse(Fs.readFileSync(paths.lock, "utf8")) as Lock)
    : undefined
  const oldTable = previousTable
  const oldByKey = new Map((oldTable?.entries ?? []).map((entry) => [keyOf(entry), entry]))
  const added: Array<string> = []
  const changed: Array<string> = []
  const removed: Array<string> = []
  for (const [key, value] of Object.entries(lock.entries)) {
    const old = oldLock?.entries[key]
    if (old === undefined) added.push(key)
    else if (old !== value) changed.push(key)
  }
  for (const key of Object.keys(oldLock?.entries ?? {})) if (!(key in lock.entries)) removed.push(key)
  const unreviewed = added.length + changed.length + removed.length
  const counts = providers.map((provider) => {
    const mine = entries.filter((entry) => entry.provider === provider)
    const idsCount = mine.reduce((n, entry) => n + 1 + (entry.aliases?.length ?? 0), 0)
    return `${provider} ${mine.length} entries / ${idsCount} ids`
  })
  console.log(`genai-prices ${gp.version}, LiteLLM ${snapshot.commit.slice(0, 12)} (${snapshot.date})`)
  console.log(counts.join(", "))
  console.log(
    `prices: ${Buffer.byteLength(tableText)} bytes formatted (the hosts' ${Buffer.byteLength(hostText)}), ${
      Buffer.byteLength(JSON.stringify(table))
    } bytes minified; ${report.disagreements.length} source disagreements, ${report.excluded.length} ids left out`
  )

  if (flag("--check")) {
    const current = readIf(paths.table) ?? ""
    const currentHosts = readIf(paths.hostTable) ?? ""
    const currentLock = readIf(paths.lock) ?? ""
    if (current !== tableText || currentHosts !== hostText || currentLock !== lockText) {
      console.error("src/data/prices.ts or the lock is not what the sources and corrections give: run the update")
      process.exit(1)
    }
    console.log("src/data/prices.ts is up to date")
    return
  }
  if (unreviewed > 0 && !flag("--accept")) {
    const show = (key: string) => {
      const old = oldByKey.get(key)
      const now = entries.find((entry) => keyOf(entry) === key)
      return `  ${key}\n    was: ${old === undefined ? "-" : JSON.stringify(old)}\n    now: ${
        now === undefined ? "-" : JSON.stringify(now)
      }`
    }
    console.error(`\n${unreviewed} entries changed without review:`)
    for (const key of [...added, ...changed, ...removed].slice(0, 200)) console.error(show(key))
    if (unreviewed > 200) console.error(`  ... and ${unreviewed - 200} more`)
    console.error("\nReview them (and scripts/prices/disagreements.json), then run again with --accept.")
    process.exit(1)
  }
  Fs.writeFileSync(paths.table, tableText)
  Fs.writeFileSync(paths.hostTable, hostText)
  // The model names a public module completes (`OpenAI.KnownModel`, ...), from the same entries.
  Fs.writeFileSync(modelsFile(root), modelsModule(entries))
  Fs.writeFileSync(paths.lock, lockText)
  Fs.writeFileSync(paths.disagreements, disagreementsText)
  if (snapshotChanged) Fs.writeFileSync(paths.snapshot, formatJson(snapshot, "litellm.snapshot.json"))
  console.log(
    unreviewed > 0
      ? `accepted: ${added.length} added, ${changed.length} changed, ${removed.length} removed`
      : "no entry changed"
  )
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
