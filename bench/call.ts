/**
 * The fixed cost of one call: a 3-content-chunk body (`Bodies.make(p, 3)`) streamed and read to the end many
 * times through a client built once, per provider: the official SDK (its client object built once, the text
 * gathered with `for await`), this library's provider client and `LanguageModel.stream` (span, metrics), both
 * folded with `CallStream.accumulate` (the whole response: text, usage, finish reasons, cost), with telemetry
 * on (the default) and off (`Telemetry.Enabled`). CPU time of this process per call, in interleaved rounds
 * (every path runs once per round, so a burst of load on the shared machine touches all of them): median,
 * min and max over the rounds. `BENCH_CALLS` calls per path and round (default 400), `BENCH_CALL_ROUNDS`
 * rounds (default 15), `BENCH_PROVIDERS` a part. Run with `npm run bench -- call`.
 */
import { Effect } from "effect"
import { CallStream, Telemetry } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { clientStream, modelStream, runWith, sdks, serve } from "./implementations.js"

const calls = Number(process.env.BENCH_CALLS ?? 400)
const rounds = Number(process.env.BENCH_CALL_ROUNDS ?? 15)
const warmup = 500
const providers = (process.env.BENCH_PROVIDERS ?? "openai,openai-responses,anthropic,bedrock,groq,azure").split(
  ","
) as Array<Bodies.Provider>

export const header = ["provider", "path", "µs per call (median)", "min", "max", "× SDK"]

/** CPU time of this process so far, in microseconds (user and system, every thread). */
const cpu = (): number => {
  const usage = process.cpuUsage()
  return usage.user + usage.system
}

export const run = async (): Promise<ReadonlyArray<ReadonlyArray<string>>> => {
  const rows: Array<Array<string>> = []
  console.log(
    `the fixed cost of a call: a 3-chunk body, clients built once; ${warmup} warm-up calls per path, then ${rounds} interleaved rounds of ${calls} calls, CPU time`
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
    const times = paths.map((): Array<number> => [])
    for (const [, call] of paths) {
      for (let index = 0; index < warmup; index++) check(await call())
    }
    for (let round = 0; round < rounds; round++) {
      for (const [index, [, call]] of paths.entries()) {
        Harness.gc()
        const started = cpu()
        for (let count = 0; count < calls; count++) check(await call())
        times[index]!.push((cpu() - started) / calls)
      }
    }
    const sdk = Harness.median(times[0]!)
    for (const [index, [name]] of paths.entries()) {
      const sorted = [...times[index]!].sort((a, b) => a - b)
      const median = Harness.median(sorted)
      const cells = [
        provider,
        name,
        median.toFixed(0),
        sorted[0]!.toFixed(0),
        sorted[sorted.length - 1]!.toFixed(0),
        `${(median / sdk).toFixed(2)}×`
      ]
      rows.push(cells)
      console.log(`  ${cells.join(" | ")}`)
    }
  }
  console.log(`\n${Harness.markdownTable(header, rows)}\n`)
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
