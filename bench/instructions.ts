/**
 * Instruction counts per chunk, repeatable under load: runs one contestant on one cell `BENCH_RUNS` times after
 * `BENCH_WARMUP` runs, for `valgrind --tool=callgrind` (bench/callgrind.sh runs it twice, with more and fewer runs,
 * and divides the difference by the chunks: the process's start, the warm-up and the compiler's first passes
 * cancel out). Contestants: `model` (`LanguageModel.stream` + `Stream.runForEach`), `client` (the provider
 * client + `runForEach`), `drain` (the client + `Stream.runDrain`), `onEnd` (the client + `CallStream.onEnd` +
 * `runDrain`), `settle`, `floor`, `sdk`.
 *
 * `node --import tsx --import ./bench/register.mjs bench/instructions.ts <provider> <chunks> <pieces> <contestant>`
 */
import { Effect, Stream } from "effect"
import { CallStream } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { floors, libraryLanguageModel, libraryService, sdks, serviceStream } from "./implementations.js"

const [provider, chunks, input, contestant] = process.argv.slice(2) as [Bodies.Provider, string, string, string]
const body = Bodies.make(provider, Number(chunks))
const pieces = Harness.cut(
  body.bytes,
  input === "16KiB" ? "16 KiB" : input === "200B" ? "random 1-200 B" : "random 1-64 B"
)
const runners: Record<string, () => Promise<unknown> | unknown> = {
  model: () => libraryLanguageModel(provider)(pieces),
  client: () => libraryService(provider)(pieces),
  drain: () => Effect.runPromise(Stream.runDrain(serviceStream(provider, pieces))),
  onEnd: () => Effect.runPromise(Stream.runDrain(CallStream.onEnd(serviceStream(provider, pieces), () => Effect.void))),
  settle: () => Effect.runPromise(CallStream.settle(serviceStream(provider, pieces))),
  floor: () => floors[provider].run(pieces),
  sdk: () => sdks[provider].run(pieces)
}
const run = runners[contestant]!
for (let index = 0; index < Number(process.env.BENCH_WARMUP ?? 5); index++) await run()
for (let index = 0; index < Number(process.env.BENCH_RUNS ?? 1); index++) await run()
