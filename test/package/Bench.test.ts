/**
 * Runs the benchmarks the library has broken unnoticed to their end, at a size too small to measure anything: no
 * other test runs them, and a bound or a refusal added to the library breaks them at run time, which type-checking
 * bench/ (`npm run check`) does not see. The memory store's 100 streams per owner broke `in-flight` (its answers
 * were one owner's), and Claude 4.6's refused prefill broke `controls` (its conversations ended with the assistant's
 * turn). Each runs in this process from the sources, at a size past the library's default bounds where one applies;
 * the rest cost seconds each even at their smallest (a full GC before every timed run, child processes, builds).
 */
import { assert, describe, it } from "@effect/vitest"
import { vi } from "vitest"

/**
 * Runs a benchmark's `run` with `env` set while its module loads (a benchmark reads its sizes then), its
 * tables kept from the test's output; returns what it printed.
 */
const runBenchmark = async (name: string, env: Readonly<Record<string, string>>): Promise<string> => {
  const printed: Array<string> = []
  const log = vi.spyOn(console, "log").mockImplementation((...args) => void printed.push(args.join(" ")))
  const names = Object.keys({ ...env, BENCH_INDEX: "" })
  const before = names.map((variable) => [variable, process.env[variable]] as const)
  // As bench/index.ts runs it, so that the harness does not warn that it runs as a script.
  Object.assign(process.env, { ...env, BENCH_INDEX: "src" })
  try {
    const benchmark: { readonly run: () => Promise<unknown> } = await import(`../../bench/${name}.ts`)
    await benchmark.run()
    return printed.join("\n")
  } finally {
    for (const [variable, value] of before) {
      if (value === undefined) delete process.env[variable]
      else process.env[variable] = value
    }
    log.mockRestore()
  }
}

describe("the benchmarks", () => {
  it("controls: every API encodes the conversation, with and without the request controls", async () => {
    const printed = await runBenchmark("controls", { BENCH_CONTROLS_SIZES: "10" })
    for (const api of ["OpenAI Chat", "Responses", "Anthropic", "Bedrock"]) {
      assert.match(printed, new RegExp(`\\| 10 +\\| ${api} +\\| [\\d.]+ +\\| [\\d.]+ +\\|`))
    }
  })

  it("in-flight: 101 answers at once, one more than an owner's 100 streams, held in flight each way", async () => {
    const printed = await runBenchmark("in-flight", { BENCH_IN_FLIGHT_N: "101", BENCH_IN_FLIGHT_DELTAS: "1" })
    for (const way of ["plain", "memory", "endpoint"]) assert.match(printed, new RegExp(`\\| ${way} +\\| -?[\\d.]+ KB`))
  }, 30_000)
})
