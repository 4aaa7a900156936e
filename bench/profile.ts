/**
 * Where each microsecond of a chunk goes: CPU profiles of this library's path, per decode cell, with the time
 * per chunk split by category (JSON.parse, TextDecoder, SSE framing, the event decoders, the fold, the ending
 * stage, telemetry, the Effect runtime, GC, ...; `bench/cpuprofile.ts`).
 *
 * `npm run bench -- profile` profiles `LanguageModel.stream` consumed with `Stream.runForEach` (the path the
 * held-out benchmark measures; `BENCH_PROFILE_PATH=client` for the provider client) on the cells of
 * `bench/compare.ts` (OpenAI and Anthropic × 10,000 / 100,000 chunks × 16 KiB / random 1–200 B pieces;
 * `BENCH_PROVIDERS`, `BENCH_SIZES`, `BENCH_INPUTS` choose a part): per cell, 2 warm-up runs with a full GC
 * before each, then about 200,000 chunks profiled in-process (node:inspector, 100 µs sampling), a full GC before
 * each run as in `compare` (`BENCH_PROFILE_GC=0`: none, the GC's own samples left out). It prints each cell's top functions and categories, and writes
 * `bench/results/<label>.cpuprofile` files and `bench/results/profile-<label>.json` (µs per chunk by category and
 * cell; `BENCH_PROFILE_LABEL`, default the commit, or `prev` with `BENCH_LIBRARY`).
 *
 * `npx tsx bench/profile.ts --diff before.json after.json` prints, per cell, what each category costs per chunk
 * before and after and the difference: where each microsecond went. The CPU time per chunk is the process's
 * (GC and compiler threads included) with the profiler attached, split by the profile's shares.
 */
import * as Fs from "node:fs"
import * as Inspector from "node:inspector/promises"
import * as Path from "node:path"
import * as Bodies from "./bodies.js"
import * as Cells from "./cells.js"
import * as CpuProfile from "./cpuprofile.js"
import * as Harness from "./harness.js"

const resultsDir = Path.join(import.meta.dirname, "results")

/** One cell's profile: CPU µs per chunk, and its split by category. */
export interface CellProfile {
  readonly cell: string
  readonly microsPerChunk: number
  readonly byCategory: Readonly<Record<string, number>>
}

const chunksProfiled = Number(process.env.BENCH_PROFILE_CHUNKS ?? 200_000)

export const profileCell = async (
  provider: Bodies.Provider,
  n: number,
  input: Harness.Input,
  session: Inspector.Session,
  name: string
): Promise<CellProfile> => {
  const { libraryLanguageModel, libraryService } = await import("./implementations.js")
  const body = Bodies.make(provider, n)
  const pieces = Harness.cut(body.bytes, input)
  const run = process.env.BENCH_PROFILE_PATH === "client" ? libraryService(provider) : libraryLanguageModel(provider)
  const check = (result: { text: string; count: number }) =>
    Harness.expect(`profile ${provider}`, result, { text: body.text, count: body.chunks })
  for (let warm = 0; warm < 2; warm++) {
    Harness.gc()
    check(await run(pieces))
  }
  const runs = Math.max(1, Math.round(chunksProfiled / n))
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: 100 })
  let cpu = 0
  await session.post("Profiler.start")
  for (let round = 0; round < runs; round++) {
    // The forced GC is sampled too: `BENCH_PROFILE_GC=0` leaves it out, to see the library's own work alone.
    if (process.env.BENCH_PROFILE_GC !== "0") Harness.gc()
    const start = Harness.cpuMicros()
    check(await run(pieces))
    cpu += Harness.cpuMicros() - start
  }
  const { profile } = await session.post("Profiler.stop")
  await session.post("Profiler.disable")
  const cell = `${provider} ${n} ${input}`
  const microsPerChunk = cpu / (runs * n)
  Fs.mkdirSync(resultsDir, { recursive: true })
  Fs.writeFileSync(Path.join(resultsDir, `${name}.cpuprofile`), JSON.stringify(profile))
  const summary = CpuProfile.shares(profile as unknown as CpuProfile.Profile)
  const byCategory: Record<string, number> = {}
  for (const [category, share] of summary) byCategory[category] = share * microsPerChunk
  console.log(
    `\n## ${cell}: ${runs} runs, ${microsPerChunk.toFixed(2)} CPU µs per chunk (profiler attached)\n\n${
      CpuProfile.summarise(profile as unknown as CpuProfile.Profile, 12)
    }`
  )
  return { cell, microsPerChunk, byCategory }
}

export const run = async (): Promise<void> => {
  const session = new Inspector.Session()
  session.connect()
  const name = Cells.label()
  const cells: Array<CellProfile> = []
  for (const [provider, n, input] of Cells.cells()) {
    const file = `${name}-${provider}-${n}-${input.replace(/[^\w]+/g, "")}`
    cells.push(await profileCell(provider, n, input, session, file))
  }
  session.disconnect()
  const out = Path.join(resultsDir, `profile-${name}.json`)
  Fs.writeFileSync(out, JSON.stringify(cells, undefined, 2))
  console.log(`\nµs per chunk by category written to ${Path.relative(process.cwd(), out)}`)
}

/** Per cell, µs per chunk by category before and after, the largest differences first. */
export const diff = (before: ReadonlyArray<CellProfile>, after: ReadonlyArray<CellProfile>): string => {
  const sections: Array<string> = []
  for (const cell of after) {
    const previous = before.find((candidate) => candidate.cell === cell.cell)
    if (previous === undefined) continue
    const categories = [...new Set([...Object.keys(previous.byCategory), ...Object.keys(cell.byCategory)])]
    const rows = categories.map((category) => {
      const was = previous.byCategory[category] ?? 0
      const now = cell.byCategory[category] ?? 0
      return { category, was, now, delta: now - was }
    }).filter((row) => Math.abs(row.was) >= 0.005 || Math.abs(row.now) >= 0.005)
      .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))
    sections.push(
      `### ${cell.cell}: ${previous.microsPerChunk.toFixed(2)} → ${cell.microsPerChunk.toFixed(2)} µs per chunk (${
        cell.microsPerChunk >= previous.microsPerChunk ? "+" : ""
      }${(cell.microsPerChunk - previous.microsPerChunk).toFixed(2)})\n\n${
        Harness.markdownTable(
          ["category", "before µs", "after µs", "difference"],
          rows.map((row) => [
            row.category,
            row.was.toFixed(3),
            row.now.toFixed(3),
            `${row.delta >= 0 ? "+" : ""}${row.delta.toFixed(3)}`
          ])
        )
      }`
    )
  }
  return sections.join("\n\n")
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  if (args[0] === "--diff") {
    const read = (file: string) => JSON.parse(Fs.readFileSync(file, "utf8")) as ReadonlyArray<CellProfile>
    console.log(diff(read(args[1]!), read(args[2]!)))
  } else {
    process.setSourceMapsEnabled(true)
    await run()
  }
}
