/**
 * The fixed cost of one call: a 3-content-chunk body (`Bodies.make(p, 3)`) streamed and read to the end many
 * times through a client built once, per provider: the official SDK (its client object built once, the text
 * gathered with `for await`), this library's provider client and `LanguageModel.stream` (span, metrics), both
 * folded with `CallStream.accumulate` (the whole response: text, usage, finish reasons, cost), with telemetry
 * on (the default) and off (`Telemetry.Enabled`). CPU time of this process per call, measured in blocks of
 * `BENCH_CALL_BLOCK` calls (default 50), the paths taking turns block by block for `BENCH_CALL_ROUNDS` rounds
 * (default 100), so that a burst of load on the shared machine touches all of them alike, after
 * `BENCH_CALL_WARMUP` warm-up calls per path (default 5,000) taken the same way: the mean over all blocks, the
 * median block and the spread of blocks. `BENCH_PROVIDERS` runs a part. Run with `npm run bench -- call`.
 */
import { Effect } from "effect"
import { CallStream, Telemetry } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { clientStream, modelStream, runWith, sdks, serve } from "./implementations.js"

/** Calls per path in a block: small, so that every path sees the same moments of a shared machine. */
const block = Number(process.env.BENCH_CALL_BLOCK ?? 50)
/** Blocks per path (each path runs one block in turn). */
const rounds = Number(process.env.BENCH_CALL_ROUNDS ?? 100)
/**
 * Warm-up calls per path, interleaved like the measured ones: the per-call code of every contestant is spread
 * over many functions, each run a few times per call, and V8 keeps optimizing them for thousands of calls (a
 * path measured after 500 calls costs up to twice what it costs after 5,000).
 */
const warmup = Number(process.env.BENCH_CALL_WARMUP ?? 5000)
const providers = (process.env.BENCH_PROVIDERS ?? "openai,openai-responses,anthropic,bedrock,groq,azure").split(
  ","
) as Array<Bodies.Provider>
export const header = ["provider", "path", "µs per call (mean)", "median block", "p10–p90 of blocks", "× SDK"]

export const run = async (): Promise<ReadonlyArray<ReadonlyArray<string>>> => {
  const rows: Array<Array<string>> = []
  console.log(
    `the fixed cost of a call: a 3-chunk body, clients built once; ${warmup} warm-up calls per path, then ${rounds} interleaved blocks of ${block} calls per path, CPU time`
  )
  for (const provider of providers) {
    const body = Bodies.make(provider, 3)
    const pieces = [body.bytes]
    const check = (text: string) => {
      if (text !== body.text) throw new Error(`${provider}: wrong text ${JSON.stringify(text)}`)
    }
    const viaClient = Effect.map(CallStream.accumulate(clientStream(provider)), (response) => response.content)
    const viaModel = Effect.map(CallStream.accumulate(modelStream), (response) => response.content)
    const viaModelOff = Effect.provideService(viaModel, Telemetry.Enabled, false)
    const paths: ReadonlyArray<readonly [string, () => Promise<string>]> = [
      [`${sdks[provider].name}`, async () => (await sdks[provider].run(pieces)).text],
      ["this library: provider client + accumulate", () => runWith(provider, viaClient)],
      ["this library: LanguageModel.stream + accumulate", () => runWith(provider, viaModel)],
      ["this library: LanguageModel.stream + accumulate, telemetry off", () => runWith(provider, viaModelOff)]
    ]
    serve(pieces)
    for (let warmed = 0; warmed < warmup; warmed += block) {
      for (const [, call] of paths) {
        for (let index = 0; index < block; index++) check(await call())
      }
    }
    Harness.gc()
    const times = paths.map((): Array<number> => [])
    for (let round = 0; round < rounds; round++) {
      for (const [index, [, call]] of paths.entries()) {
        const started = Harness.cpuMicros()
        for (let count = 0; count < block; count++) check(await call())
        times[index]!.push((Harness.cpuMicros() - started) / block)
      }
    }
    const mean = (values: ReadonlyArray<number>) => values.reduce((sum, value) => sum + value, 0) / values.length
    const sdk = mean(times[0]!)
    for (const [index, [name]] of paths.entries()) {
      const sorted = [...times[index]!].sort((a, b) => a - b)
      const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))]!
      const cells = [
        provider,
        name,
        mean(sorted).toFixed(0),
        Harness.median(sorted).toFixed(0),
        `${at(0.1).toFixed(0)}–${at(0.9).toFixed(0)}`,
        `${(mean(sorted) / sdk).toFixed(2)}×`
      ]
      rows.push(cells)
      console.log(`  ${cells.join(" | ")}`)
    }
  }
  console.log(`\n${Harness.markdownTable(header, rows)}\n`)
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
