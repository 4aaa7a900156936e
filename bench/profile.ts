/**
 * CPU profile of this library's path (provider service, `runForEach` consumer) on 100,000-chunk bodies
 * (`BENCH_PROFILE_CHUNKS`) in 16 KiB pieces (`BENCH_PROFILE_INPUT="random 1-64 B"` for small ones): one
 * warm-up run, then `BENCH_PROFILE_RUNS` (default 5) profiled runs.
 *
 * `npm run bench -- profile` profiles in-process (node:inspector, 100 µs sampling, only the timed runs)
 * and writes `bench/results/<provider>.cpuprofile` for OpenAI and Anthropic, then prints the top
 * functions by self time and a breakdown by category (`bench/cpuprofile.ts`). Under
 * `node --cpu-prof --import tsx bench/profile.ts openai` the whole process is profiled by node instead.
 */
import * as Fs from "node:fs"
import * as Inspector from "node:inspector/promises"
import * as Path from "node:path"
import * as Bodies from "./bodies.js"
import * as CpuProfile from "./cpuprofile.js"
import * as Harness from "./harness.js"

// Source maps must be on before the library is loaded, for the summary to name source lines.
process.setSourceMapsEnabled(true)
const { libraryService } = await import("./implementations.js")

const runs = Number(process.env.BENCH_PROFILE_RUNS ?? 5)
const n = Number(process.env.BENCH_PROFILE_CHUNKS ?? 100_000)
const input = (process.env.BENCH_PROFILE_INPUT ?? "16 KiB") as Harness.Input
const resultsDir = Path.join(import.meta.dirname, "results")

const underCpuProf = process.execArgv.some((arg) => arg.startsWith("--cpu-prof"))

export const profile = async (provider: Bodies.Provider): Promise<void> => {
  const body = Bodies.make(provider, n)
  const pieces = Harness.cut(body.bytes, input)
  const run = libraryService(provider)
  const check = (result: { text: string; count: number }) =>
    Harness.expect(`profile ${provider}`, result, { text: body.text, count: body.chunks })
  check(await run(pieces))
  Harness.gc()
  const session = underCpuProf ? undefined : new Inspector.Session()
  if (session !== undefined) {
    session.connect()
    await session.post("Profiler.enable")
    await session.post("Profiler.setSamplingInterval", { interval: 100 })
    await session.post("Profiler.start")
  }
  const started = performance.now()
  for (let round = 0; round < runs; round++) check(await run(pieces))
  const ms = (performance.now() - started) / runs
  console.log(
    `\n## ${provider}: ${n.toLocaleString("en")} chunks, ${input} pieces, ${runs} runs, ${ms.toFixed(0)} ms per run (${
      Harness.formatRate(n / (ms / 1000))
    } chunks/s, profiler attached)`
  )
  if (session !== undefined) {
    const { profile } = await session.post("Profiler.stop")
    session.disconnect()
    Fs.mkdirSync(resultsDir, { recursive: true })
    const file = Path.join(resultsDir, `${provider}.cpuprofile`)
    Fs.writeFileSync(file, JSON.stringify(profile))
    console.log(`profile written to ${Path.relative(process.cwd(), file)}\n`)
    console.log(CpuProfile.summarise(profile as unknown as CpuProfile.Profile, 15))
  }
}

export const run = async () => {
  for (const provider of ["openai", "anthropic"] as const) await profile(provider)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const selected = process.argv.slice(2) as Array<Bodies.Provider>
  for (const provider of selected.length > 0 ? selected : (["openai", "anthropic"] as const)) await profile(provider)
}
