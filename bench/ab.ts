/**
 * A/B of two builds of this library in one process: `LanguageModel.stream` (consumed with `Stream.runForEach`) of
 * this checkout against the build in `BENCH_BASELINE` (another checkout, built: bench/builds.ts), taking turns on
 * the decode cells of `compare` (`BENCH_PROVIDERS`, `BENCH_SIZES`, `BENCH_INPUTS` choose a part), a full GC before
 * each run, `BENCH_AB_ROUNDS` timed rounds (default 15) after 2 warm-up rounds. On a loaded machine the two see the
 * same load: the ratio of their medians, in CPU time of the process (GC and compiler threads included) and in wall
 * time, is what to read, with how many rounds this build won. `npm run bench -- ab`.
 */
import * as Library from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Builds from "./builds.js"
import * as Cells from "./cells.js"
import * as Harness from "./harness.js"
import * as Turns from "./turns.js"

export const run = async (): Promise<void> => {
  const checkout = process.env.BENCH_BASELINE
  if (checkout === undefined) throw new Error("ab: set BENCH_BASELINE to the checkout to compare with")
  const baseline = await Builds.load(checkout)
  const timed = Number(process.env.BENCH_AB_ROUNDS ?? 15)
  const rows: Array<Array<string>> = []
  for (const [provider, n, input] of Cells.cells()) {
    const body = Bodies.make(provider, n)
    const pieces = Harness.cut(body.bytes, input)
    Builds.serve(pieces)
    const contestants = [
      Builds.languageModel(Library, provider, "this build"),
      Builds.languageModel(baseline, provider, "baseline")
    ].map((contestant) => ({
      run: () => contestant.run(pieces),
      check: (result: { readonly text: string; readonly count: number }) =>
        Harness.expect(`${provider} ${n} ${input} ${contestant.name}`, result, { text: body.text, count: body.chunks })
    }))
    const [ours, theirs] = await Turns.interleaved(contestants, { warmup: 2, timed })
    rows.push(
      Turns.abRow(`${provider} ${n.toLocaleString("en")} ${input}`, ours!, theirs!, (ms) => (ms / n * 1000).toFixed(2))
    )
  }
  console.log(
    `\n${
      Harness.markdownTable(
        Turns.abColumns("µs per chunk"),
        rows
      )
    }`
  )
}
