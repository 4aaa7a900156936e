/**
 * The short decode cells measured the way the fixed cost is: the contestants of a (provider, size, pieces) cell
 * take turns run by run (floor, this library's client, `LanguageModel.stream`, the official SDK, then again),
 * `BENCH_INTERLEAVED_ROUNDS` rounds (default 40) after 10 warm-up rounds, in CPU time of this process, so that a
 * burst of load on a shared machine touches every contestant alike. A 10,000-chunk cell lasts 15–50 ms: in
 * `decode`'s consecutive runs its median moves by 30–100 % from one run of the whole bench to the next.
 * `BENCH_PROVIDERS` (default: all six), `BENCH_SIZES` (default 10000). Every run is checked.
 */
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { implementations } from "./implementations.js"

const rounds = Number(process.env.BENCH_INTERLEAVED_ROUNDS ?? 40)
const providers = (process.env.BENCH_PROVIDERS ?? "openai,openai-responses,groq,azure,anthropic,bedrock").split(
  ","
) as Array<Bodies.Provider>
const sizes = (process.env.BENCH_SIZES ?? "10000").split(",").map(Number)
/**
 * A forced full GC before each run (`BENCH_INTERLEAVED_GC=1`, the default, as `decode` does) or none
 * (`BENCH_INTERLEAVED_GC=0`): a short run right after a full GC pays for it (the sweeping that follows it), and
 * pays more the more it allocates; a program streaming calls never has a full GC forced before each.
 */
const forcedGc = process.env.BENCH_INTERLEAVED_GC !== "0"

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!

export const run = async (): Promise<ReadonlyArray<ReadonlyArray<string>>> => {
  const rows: Array<Array<string>> = []
  console.log(
    `decode cells, contestants taking turns: ${rounds} rounds after 10 warm-up rounds, CPU ms per run, ${
      forcedGc ? "a full GC forced before each run" : "no GC forced"
    }`
  )
  for (const provider of providers) {
    for (const n of sizes) {
      const body = Bodies.make(provider, n)
      for (const input of Harness.inputs) {
        const pieces = Harness.cut(body.bytes, input)
        const contestants = implementations(provider).filter((implementation) =>
          !implementation.name.includes("Vercel")
        )
        const times = contestants.map(() => [] as Array<number>)
        for (let round = -10; round < rounds; round++) {
          for (const [index, contestant] of contestants.entries()) {
            if (forcedGc) Harness.gc()
            const start = Harness.cpuMicros()
            const result = await contestant.run(pieces)
            const ms = (Harness.cpuMicros() - start) / 1000
            Harness.expect(`${provider} ${n} ${input} ${contestant.name}`, result, {
              text: body.text,
              count: contestant.expected(body)
            })
            if (round >= 0) times[index]!.push(ms)
          }
        }
        const floor = Harness.median(times[0]!)
        const sdk = Harness.median(times[contestants.length - 1]!)
        for (const [index, contestant] of contestants.entries()) {
          const sorted = [...times[index]!].sort((a, b) => a - b)
          const median = Harness.median(sorted)
          rows.push([
            provider,
            String(n),
            input,
            contestant.name,
            median.toFixed(1),
            `${percentile(sorted, 0.1).toFixed(1)}–${percentile(sorted, 0.9).toFixed(1)}`,
            `${(median / floor).toFixed(2)}×`,
            `${(median / sdk).toFixed(2)}×`
          ])
        }
      }
    }
  }
  console.log(
    `\n${
      Harness.markdownTable(
        ["provider", "chunks", "pieces", "implementation", "median CPU ms", "p10–p90", "× floor", "× SDK"],
        rows
      )
    }\n`
  )
  return rows
}
