/**
 * The decode cells of issue 46's benchmark (OpenAI and Anthropic × 10,000 and 100,000 content chunks × 16 KiB
 * and random 1–200 B pieces), shared by `compare`, `profile` and `allocations`; `BENCH_PROVIDERS`,
 * `BENCH_SIZES` and `BENCH_INPUTS` choose a part of them.
 */
import * as ChildProcess from "node:child_process"
import type * as Bodies from "./bodies.js"
import type * as Harness from "./harness.js"

export type Cell = readonly [provider: "openai" | "anthropic", chunks: number, pieces: Harness.Input]

/** Every cell, in the order of the table, or the part the environment names (sizes default to `sizes`). */
export const cells = (sizes: ReadonlyArray<number> = [10_000, 100_000]): ReadonlyArray<Cell> =>
  (["openai", "anthropic"] as const).flatMap((provider) =>
    [10_000, 100_000].flatMap((n) => (["16 KiB", "random 1-200 B"] as const).map((input): Cell => [provider, n, input]))
  ).filter(([provider, n, input]) =>
    (process.env.BENCH_PROVIDERS ?? provider).split(",").includes(provider) &&
    (process.env.BENCH_SIZES?.split(",").map(Number) ?? sizes).includes(n) &&
    (process.env.BENCH_INPUTS ?? input).split(",").includes(input)
  )

/** Whether the environment chose a part of the cells. */
export const partial = (): boolean =>
  ["BENCH_PROVIDERS", "BENCH_SIZES", "BENCH_INPUTS"].some((name) => process.env[name] !== undefined)

/** The label of a run's result files: `BENCH_PROFILE_LABEL`, `prev` for `BENCH_LIBRARY`, or the commit. */
export const label = (): string => {
  if (process.env.BENCH_PROFILE_LABEL !== undefined) return process.env.BENCH_PROFILE_LABEL
  if (process.env.BENCH_LIBRARY !== undefined) return "prev"
  try {
    return ChildProcess.execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim()
  } catch {
    return "current"
  }
}

export type { Bodies }
