/**
 * Benchmark plumbing: pieces, in-memory responses, timing with medians, GC access.
 */
import { randomCuts, splitAt } from "effect-llm-stream/ReplayServer"
import type * as Inspector from "node:inspector/promises"
import * as V8 from "node:v8"
import * as Vm from "node:vm"

/**
 * Run as a script of its own (`npx tsx bench/serving.ts`), a benchmark measures the library's sources through tsx,
 * whose esbuild `keepNames` wraps every function the library makes in `__name`: a start of the load benchmark's
 * `plain` server then costs about 150 µs and 7 KB more than in the published build. `npm run bench -- <name>`
 * (bench/index.ts) measures the published build; where a benchmark is not run so, this says it once.
 */
if (process.env.BENCH_INDEX === undefined) {
  console.warn(
    "note: run as a script, a benchmark loads the library in its own process from src/ through tsx (every " +
      "function wrapped in esbuild's __name); `npm run bench -- <name>` measures the published build (the load " +
      "benchmark's servers load the build either way)"
  )
}

/** `global.gc`, available whether or not node was started with `--expose-gc`. */
export const gc: () => void = (() => {
  const exposed = (globalThis as { gc?: () => void }).gc
  if (exposed !== undefined) return exposed
  V8.setFlagsFromString("--expose-gc")
  return Vm.runInNewContext("gc") as () => void
})()

export const pieceSize = 16 * 1024

/** How a body is cut into pieces: 16 KiB pieces, or random ones of 1–64 or 1–200 bytes (issue 46's benchmark). */
export type Input = "16 KiB" | "random 1-64 B" | "random 1-200 B"

/** The inputs of `decode` and `interleaved`. */
export const inputs: ReadonlyArray<Input> = ["16 KiB", "random 1-64 B"]

export const cut = (bytes: Uint8Array, input: Input): Array<Uint8Array> =>
  input === "16 KiB"
    ? splitAt(bytes, Array.from({ length: Math.ceil(bytes.length / pieceSize) }, (_, i) => (i + 1) * pieceSize))
    : splitAt(bytes, randomCuts(bytes.length, 7, input === "random 1-64 B" ? 64 : 200))

/** Called on every piece a `readable` hands out (the peak-heap benchmark samples the heap there). */
export const onPiece: { current: (() => void) | undefined } = { current: undefined }

/** A web `ReadableStream` of the pieces, each read returning one piece (as a socket's reads do). */
export const readable = (pieces: ReadonlyArray<Uint8Array>): ReadableStream<Uint8Array> => {
  let index = 0
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onPiece.current?.()
      if (index < pieces.length) controller.enqueue(pieces[index++]!)
      else controller.close()
    }
  }, { highWaterMark: 0 })
}

export const response = (pieces: ReadonlyArray<Uint8Array>, contentType: string): Response =>
  new Response(readable(pieces), { headers: { "content-type": contentType, "x-amzn-requestid": "bench" } })

/** CPU time of this process so far, in microseconds (user and system, every thread: GC and compiler included). */
export const cpuMicros = (): number => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

export const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export interface Measurement {
  readonly ms: number
  readonly rounds: number
  readonly all: ReadonlyArray<number>
}

/**
 * Times `run` (after `warmupRuns` checked warm-up runs unless `warmup` is false), collecting garbage before each run,
 * until `rounds` runs or `budgetMs` of timed runs, whichever comes first, but at least 3 runs unless one
 * run alone takes more than a third of the budget (then fewer, at least 1). `check` throws when a result
 * is wrong; every run is checked.
 */
export const measure = async <A>(
  run: () => Promise<A> | A,
  check: (result: A) => void,
  options: {
    readonly rounds?: number
    readonly budgetMs?: number
    readonly warmup?: boolean
    /** Checked warm-up runs (default 1). */
    readonly warmupRuns?: number
  } = {}
): Promise<Measurement> => {
  const rounds = options.rounds ?? 5
  const budgetMs = options.budgetMs ?? 5000
  if (options.warmup !== false) {
    for (let warmed = 0; warmed < (options.warmupRuns ?? 1); warmed++) {
      gc()
      check(await run())
    }
  }
  const times: Array<number> = []
  let total = 0
  while (times.length < rounds) {
    gc()
    const start = performance.now()
    const result = await run()
    const ms = performance.now() - start
    check(result)
    times.push(ms)
    total += ms
    const minimum = ms > budgetMs / 3 ? 1 : 3
    if (times.length >= minimum && total + ms > budgetMs) break
  }
  return { ms: median(times), rounds: times.length, all: times }
}

/** Checks a decoded text and count against what was encoded. */
export const expect = (
  what: string,
  actual: { readonly text: string; readonly count: number },
  expected: { readonly text: string; readonly count: number }
): void => {
  if (actual.count !== expected.count) {
    throw new Error(`${what}: decoded ${actual.count} chunks, expected ${expected.count}`)
  }
  if (actual.text !== expected.text) {
    let at = 0
    while (at < actual.text.length && actual.text[at] === expected.text[at]) at++
    throw new Error(
      `${what}: decoded text differs at ${at}: ${JSON.stringify(actual.text.slice(at, at + 40))} instead of ${
        JSON.stringify(expected.text.slice(at, at + 40))
      } (lengths ${actual.text.length}, ${expected.text.length})`
    )
  }
}

export const formatRate = (perSecond: number): string =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)}M` : `${(perSecond / 1e3).toFixed(0)}k`

/** Prints a Markdown table. */
export const markdownTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column]!.length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`
  return [line(header), `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`, ...rows.map(line)].join("\n")
}

/** Reads a web response's body to its end, as a server writes it: how many bytes it had. */
export const readAll = async (response: Response): Promise<number> => {
  const reader = response.body!.getReader()
  let bytes = 0
  while (true) {
    const { done, value } = await reader.read()
    if (done) return bytes
    bytes += value.length
  }
}

/**
 * The bytes `work` allocates (collected or not), from V8's sampling heap profiler on `session` (heap profiling
 * enabled), and the profile: a count the machine's load does not change.
 */
export const allocatedBytes = async (
  session: Inspector.Session,
  work: () => Promise<unknown>
): Promise<{ readonly bytes: number; readonly profile: Inspector.HeapProfiler.SamplingHeapProfile }> => {
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true
  })
  await work()
  const { profile } = await session.post("HeapProfiler.stopSampling")
  const total = (node: Inspector.HeapProfiler.SamplingHeapProfileNode): number =>
    node.children.reduce((sum, child) => sum + total(child), node.selfSize)
  return { bytes: total(profile.head), profile }
}
