/**
 * The cost of folding a stream into a `CallResponse` (`CallStream.accumulate`), of the running cost
 * (`CallStream.withCost`) and of tool-call assembly (`CallStream.toolCalls`) compared with only draining
 * the stream (`Stream.runDrain`) and with `Stream.runForEach`, on 100,000-chunk bodies in 16 KiB pieces,
 * through each provider service. Run with `npm run bench -- accumulate`.
 */
import { Effect, Schema, Stream } from "effect"
import { CallStream, Tool } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { serviceStream } from "./implementations.js"

const n = Number(process.env.BENCH_ACCUMULATE_CHUNKS ?? 100_000)

const tools = [Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) })] as const

export const run = async () => {
  const rows: Array<Array<string>> = []
  for (const provider of ["openai", "openai-responses", "anthropic", "bedrock"] as const) {
    const body = Bodies.make(provider, n)
    const pieces = Harness.cut(body.bytes, "16 KiB")
    const stream = () => serviceStream(provider, pieces)
    const drain = await Harness.measure(
      () => Effect.runPromise(Stream.runCount(stream())),
      (count) => {
        if (count !== body.chunks) throw new Error(`${provider} runCount: ${count} chunks, expected ${body.chunks}`)
      }
    )
    const runDrain = await Harness.measure(() => Effect.runPromise(Stream.runDrain(stream())), () => {})
    const forEach = await Harness.measure(
      () => {
        let text = ""
        return Effect.runPromise(
          Stream.runForEach(stream(), (chunk) => Effect.sync(() => (text += chunk.content))).pipe(
            Effect.map(() => text)
          )
        )
      },
      (text) => {
        if (text !== body.text) throw new Error(`${provider} runForEach: wrong text`)
      }
    )
    const accumulate = await Harness.measure(
      () => Effect.runPromise(CallStream.accumulate(stream())),
      (response) => {
        if (response.content !== body.text || response.chunkCount !== body.chunks) {
          throw new Error(`${provider} accumulate: ${response.chunkCount} chunks or wrong text`)
        }
      }
    )
    const withCost = await Harness.measure(
      () => Effect.runPromise(Stream.runLast(CallStream.withCost(stream()))),
      (last) => {
        if (last._tag !== "Some" || last.value[1]._tag !== "Some") throw new Error(`${provider} withCost: no cost`)
      }
    )
    const toolCalls = await Harness.measure(
      () => Effect.runPromise(Stream.runCount(CallStream.toolCalls(stream(), tools))),
      (count) => {
        if (count !== 0) throw new Error(`${provider} toolCalls: ${count} calls in a text stream`)
      }
    )
    const settle = await Harness.measure(
      () => Effect.runPromise(CallStream.settle(stream())),
      (ending) => {
        if (ending._tag !== "Completed" || ending.response.chunkCount !== body.chunks) {
          throw new Error(`${provider} settle: ${ending._tag}`)
        }
      }
    )
    const onEnd = await Harness.measure(
      () => {
        let ended: CallStream.Ending | undefined
        return Effect.runPromise(
          Stream.runDrain(CallStream.onEnd(stream(), (ending) => Effect.sync(() => (ended = ending)))).pipe(
            Effect.map(() => ended)
          )
        )
      },
      (ending) => {
        if (ending?._tag !== "Completed" || ending.response.content !== body.text) {
          throw new Error(`${provider} onEnd: ${ending?._tag}`)
        }
      }
    )
    const row = (name: string, measured: Harness.Measurement) => [
      provider,
      name,
      measured.ms.toFixed(0),
      `${(measured.ms / runDrain.ms).toFixed(2)}×`,
      `${((measured.ms - runDrain.ms) / n * 1000).toFixed(2)} µs`,
      String(measured.rounds)
    ]
    rows.push(
      row("Stream.runDrain", runDrain),
      row("Stream.runCount", drain),
      row("Stream.runForEach (text +=)", forEach),
      row("CallStream.accumulate", accumulate),
      row("CallStream.withCost (runLast)", withCost),
      row("CallStream.toolCalls (runCount)", toolCalls),
      row("CallStream.settle", settle),
      row("CallStream.onEnd (runDrain)", onEnd)
    )
    console.log(`  ${provider} done`)
  }
  console.log(`\nCallStream operators vs Stream.runDrain, ${n.toLocaleString("en")} chunks, 16 KiB pieces (median ms)`)
  console.log(
    Harness.markdownTable(["provider", "consumer", "median ms", "× runDrain", "extra per chunk", "runs"], rows)
  )
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
