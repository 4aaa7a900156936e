/**
 * Bytes → decoded chunks throughput, per provider, body size and piece size, for the floor, this
 * library, the official SDKs and the Vercel AI SDK, all fed the same bytes in one process. Every run's
 * result is checked (text and chunk count). Run with `npm run bench -- decode`; `BENCH_SIZES=10000`,
 * `BENCH_PROVIDERS=openai,bedrock`, `BENCH_INPUTS="random 1-64 B"`, `BENCH_IMPLEMENTATIONS=Client,openai`
 * (substrings of the names; the floor always runs) run a part; a row predicted (from the same implementation on the
 * smaller body) to need more than `BENCH_MAX_RUN_S` (default 25) seconds per run is skipped and its
 * prediction shown.
 */
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import type { Implementation } from "./implementations.js"
import { implementations } from "./implementations.js"

const sizes = (process.env.BENCH_SIZES ?? "10000,100000").split(",").map(Number)
const providers = (process.env.BENCH_PROVIDERS ?? "openai,openai-responses,groq,azure,anthropic,bedrock").split(
  ","
) as Array<
  Bodies.Provider
>
/**
 * Chunks every contestant decodes before its timed runs (`BENCH_WARMUP_CHUNKS`): this library's Anthropic path
 * settles after about 70,000.
 */
const warmupChunks = Number(process.env.BENCH_WARMUP_CHUNKS ?? 100_000)
const maxRunSeconds = Number(process.env.BENCH_MAX_RUN_S ?? 25)
const inputs = Harness.inputs.filter((input) => (process.env.BENCH_INPUTS ?? input).split(",").includes(input))
/** Substrings of implementation names to run (the floor always runs: ratios are to it). */
const only = process.env.BENCH_IMPLEMENTATIONS?.split(",")

export const header = [
  "provider",
  "chunks",
  "pieces",
  "implementation",
  "median ms",
  "min–max ms",
  "chunks/s",
  "× floor",
  "runs"
]

export const run = async (): Promise<ReadonlyArray<ReadonlyArray<string>>> => {
  const rows: Array<Array<string>> = []
  /** Milliseconds per content chunk of each implementation on the last body it ran. */
  const perChunk = new Map<string, number>()
  console.log(
    `bytes → decoded chunks, ${
      sizes.join(" and ")
    } content chunks; median of up to 5 checked runs after a warm-up of at least ${warmupChunks} chunks`
  )
  const row = async (
    implementation: Implementation,
    body: Bodies.Body,
    input: Harness.Input,
    pieces: ReadonlyArray<Uint8Array>,
    floorMs: number
  ): Promise<{ readonly cells: Array<string>; readonly ms?: number }> => {
    const key = `${body.provider}/${input}/${implementation.name}`
    const previous = perChunk.get(key)
    const predicted = previous === undefined ? 0 : previous * body.n
    if (predicted > maxRunSeconds * 1000) {
      return {
        cells: [
          `skipped (~${(predicted / 1000).toFixed(0)} s/run predicted)`,
          "",
          `~${Harness.formatRate(body.n / (predicted / 1000))}`,
          `~${(predicted / floorMs).toFixed(0)}×`,
          "0"
        ]
      }
    }
    try {
      const measured = await Harness.measure(
        () => implementation.run(pieces),
        (result) =>
          Harness.expect(`${body.provider} ${body.n} ${input} ${implementation.name}`, result, {
            text: body.text,
            count: implementation.expected(body)
          }),
        // Every contestant warms up on the same work, at least `warmupChunks` chunks (a larger body runs after a
        // smaller one has warmed the same code up): V8 keeps optimising a streaming path for tens of thousands of
        // events, so one 10,000-chunk run leaves the 10,000-chunk cells measuring the compiler, not the code.
        {
          rounds: 5,
          budgetMs: input === "16 KiB" ? 10_000 : 6000,
          warmup: previous === undefined,
          warmupRuns: Math.ceil(warmupChunks / body.n)
        }
      )
      perChunk.set(key, measured.ms / body.n)
      const floor = floorMs === 0 ? measured.ms : floorMs
      return {
        ms: measured.ms,
        cells: [
          measured.ms.toFixed(1),
          `${Math.min(...measured.all).toFixed(1)}–${Math.max(...measured.all).toFixed(1)}`,
          Harness.formatRate(body.n / (measured.ms / 1000)),
          `${(measured.ms / floor).toFixed(1)}×`,
          String(measured.rounds)
        ]
      }
    } catch (error) {
      return { cells: ["failed", String(error instanceof Error ? error.message : error).slice(0, 160), "", "", ""] }
    }
  }
  for (const provider of providers) {
    for (const n of sizes) {
      const body = Bodies.make(provider, n)
      for (const input of inputs) {
        const pieces = Harness.cut(body.bytes, input)
        const label = `${input} (${pieces.length} pieces, ${(body.bytes.length / 1e6).toFixed(1)} MB)`
        let floorMs = 0
        for (const implementation of implementations(provider)) {
          if (floorMs !== 0 && only !== undefined && !only.some((part) => implementation.name.includes(part))) continue
          const started = performance.now()
          const result = await row(implementation, body, input, pieces, floorMs)
          if (floorMs === 0 && result.ms !== undefined) floorMs = result.ms
          const cells = [provider, String(n), label, implementation.name, ...result.cells]
          rows.push(cells)
          console.log(`  ${cells.join(" | ")}  [${((performance.now() - started) / 1000).toFixed(1)} s]`)
        }
      }
    }
  }
  console.log(`\n${Harness.markdownTable(header, rows)}\n`)
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
