/**
 * Contestants taking turns: every round runs each of them once, in a shuffled order (seeded by
 * `BENCH_COMPARE_SEED`, default 46, so a run can be repeated), with a full GC forced before each run (so a run
 * pays for what it allocates, not for what the one before it left), after warm-up rounds. The method of issue 46's
 * benchmark (2 warm-up and 7 timed rounds), used by `compare` and `ab`.
 */
import * as FastCheck from "fast-check"
import * as Harness from "./harness.js"

let round = 0
const seed = Number(process.env.BENCH_COMPARE_SEED ?? 46)

const shuffle = <A>(items: ReadonlyArray<A>): Array<A> =>
  FastCheck.sample(FastCheck.shuffledSubarray([...items], { minLength: items.length }), {
    seed: seed + round++,
    numRuns: 1
  })[0]!

export interface Timed {
  /** Median wall-clock ms. */
  readonly ms: number
  /** Median CPU ms of the process (GC and compiler threads included). */
  readonly cpuMs: number
  /** Every timed run's wall-clock ms. */
  readonly all: ReadonlyArray<number>
}

export interface Contestant<A> {
  readonly run: () => Promise<A> | A
  /** Throws when a result is wrong. */
  readonly check: (result: A) => void
}

/** The medians of the timed runs, by contestant. */
export const interleaved = async <A>(
  contestants: ReadonlyArray<Contestant<A>>,
  rounds: { readonly warmup: number; readonly timed: number } = { warmup: 2, timed: 7 }
): Promise<Array<Timed>> => {
  const wall = contestants.map(() => [] as Array<number>)
  const cpu = contestants.map(() => [] as Array<number>)
  for (let index = -rounds.warmup; index < rounds.timed; index++) {
    for (const which of shuffle(contestants.map((_, position) => position))) {
      const contestant = contestants[which]!
      Harness.gc()
      const cpuStart = Harness.cpuMicros()
      const start = performance.now()
      const result = await contestant.run()
      const ms = performance.now() - start
      const cpuMs = (Harness.cpuMicros() - cpuStart) / 1000
      contestant.check(result)
      if (index >= 0) {
        wall[which]!.push(ms)
        cpu[which]!.push(cpuMs)
      }
    }
  }
  return contestants.map((_, which) => ({
    ms: Harness.median(wall[which]!),
    cpuMs: Harness.median(cpu[which]!),
    all: wall[which]!
  }))
}

/** The columns of an A/B row (`abRow`): this build's figure and the baseline's, their ratios, and rounds won. */
export const abColumns = (unit: string): ReadonlyArray<string> => [
  "cell",
  `CPU ${unit} (this / baseline)`,
  "CPU ratio",
  `wall ${unit} (this / baseline)`,
  "wall ratio",
  "rounds won"
]

/**
 * One row of an A/B of two builds that took turns: the medians of this build (`ours`) and the baseline's
 * (`theirs`) in CPU and wall time, shown by `show` (ms, or µs per chunk), their ratios and how many timed rounds
 * this build won. Printed as it is made.
 */
export const abRow = (
  cell: string,
  ours: Timed,
  theirs: Timed,
  show: (ms: number) => string
): Array<string> => {
  const won = ours.all.filter((ms, index) => ms < theirs.all[index]!).length
  const row = [
    cell,
    `${show(ours.cpuMs)} / ${show(theirs.cpuMs)}`,
    (ours.cpuMs / theirs.cpuMs).toFixed(3),
    `${show(ours.ms)} / ${show(theirs.ms)}`,
    (ours.ms / theirs.ms).toFixed(3),
    `${won} of ${ours.all.length}`
  ]
  console.log(`  ${row.join(" | ")}`)
  return row
}
