/**
 * The fixed cost of one call, with the layers already built: a 3-content-chunk body (`Bodies.make(p, 3)`)
 * streamed and accumulated `BENCH_CALLS` times (default 2,000) through a runtime built once, per provider,
 * through the provider client and through `LanguageModel.stream` (span, metrics, cost); the official SDK
 * with its client built once, for comparison. Run with `npm run bench -- call`.
 */
import { Effect, Layer, ManagedRuntime, Stream } from "effect"
import { CallStream, LanguageModel } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { httpClient, modelLayers, sdks, serviceStream } from "./implementations.js"

const calls = Number(process.env.BENCH_CALLS ?? 2000)
const providers = ["openai", "openai-responses", "anthropic", "bedrock"] as const

export const header = ["provider", "path", "µs per call", "calls"]

export const run = async (): Promise<ReadonlyArray<ReadonlyArray<string>>> => {
  const rows: Array<Array<string>> = []
  console.log(`the fixed cost of a call: a ${3}-chunk body, ${calls} calls after 200 warm-up calls, layers built once`)
  for (const provider of providers) {
    const body = Bodies.make(provider, 3)
    const pieces = [body.bytes]
    const check = (text: string) => {
      if (text !== body.text) throw new Error(`${provider}: wrong text ${JSON.stringify(text)}`)
    }
    const runtime = ManagedRuntime.make(modelLayers[provider].pipe(Layer.provide(httpClient(pieces, provider))))
    const viaModel = Effect.map(CallStream.accumulate(LanguageModel.stream("Write a long story.")), (r) => r.content)
    const viaClient = Stream.runFold(serviceStream(provider, pieces), () => "", (text, chunk) => text + chunk.content)
    const paths: ReadonlyArray<readonly [string, () => Promise<string>]> = [
      ["provider client (stream, runFold)", () => Effect.runPromise(viaClient)],
      ["LanguageModel.stream + accumulate", () => runtime.runPromise(viaModel)],
      [`${sdks[provider].name}`, async () => (await sdks[provider].run(pieces)).text]
    ]
    for (const [name, call] of paths) {
      for (let index = 0; index < 200; index++) check(await call())
      Harness.gc()
      const started = performance.now()
      for (let index = 0; index < calls; index++) check(await call())
      const micros = ((performance.now() - started) * 1000) / calls
      const cells = [provider, name, micros.toFixed(0), String(calls)]
      rows.push(cells)
      console.log(`  ${cells.join(" | ")}`)
    }
    await runtime.dispose()
  }
  console.log(`\n${Harness.markdownTable(header, rows)}\n`)
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
