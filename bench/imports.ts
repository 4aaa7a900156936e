/**
 * What a cold start pays to import the library, against `effect` alone and the Vercel AI SDK (issue 89, item 4):
 * each contestant is a fresh `node` process that imports its modules and reports the CPU time the process has
 * used (user + system, Node's own start included) and its peak RSS. `npm run bench -- imports`.
 *
 * - `node` alone, for scale;
 * - `effect`: `import("effect")`, the root every Effect program imports;
 * - this library as a serverless route imports it: `import { ChatEndpoint } from "effect-llm-stream"` from Node's
 *   build (`dist/node/`), `ChatEndpoint.toWebHandler` read;
 * - `BENCH_LIBRARY=<checkout>` adds the same import from that checkout's `dist/node/` (built, with a
 *   `node_modules` of its own or a link to this one's): before and after in one run;
 * - the AI SDK: `ai` and `@ai-sdk/openai`.
 *
 * The contestants take turns for `BENCH_IMPORTS_RUNS` rounds (default 9); every figure is the median, the range
 * beside it, the ratio and the difference against `effect`'s medians of the same run.
 */
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Url from "node:url"
import * as Harness from "./harness.js"

const runs = Number(process.env.BENCH_IMPORTS_RUNS ?? 9)
const root = Path.resolve(import.meta.dirname, "..")
const baseline = process.env.BENCH_LIBRARY

const libraryAt = (specifier: string) =>
  `const { ChatEndpoint } = await import(${JSON.stringify(specifier)}); ChatEndpoint.toWebHandler`

const contestants: ReadonlyArray<readonly [string, string]> = [
  ["`node` alone", ""],
  ["`effect`", `await import("effect")`],
  ["this library: the root and `ChatEndpoint`", libraryAt("effect-llm-stream")],
  ...(baseline === undefined ? [] : [
    [
      `the same, ${baseline}`,
      libraryAt(Url.pathToFileURL(Path.resolve(baseline, "dist", "node", "index.js")).href)
    ] as const
  ]),
  ["the AI SDK: `ai` + `@ai-sdk/openai`", `await import("ai"); await import("@ai-sdk/openai")`]
]

const report = `const u = process.cpuUsage(); console.log(JSON.stringify({ cpu: (u.user + u.system) / 1000, ` +
  `rss: process.resourceUsage().maxRSS / 1024 }))`

/** One cold start: the process's CPU in ms and peak RSS in MB once its imports are done. */
const once = (script: string): { readonly cpu: number; readonly rss: number } =>
  JSON.parse(
    ChildProcess.execFileSync(process.execPath, ["--input-type=module", "-e", `${script};\n${report}`], {
      cwd: root,
      encoding: "utf8"
    })
  )

export const run = async (): Promise<void> => {
  const samples = contestants.map(() => ({ cpu: [] as Array<number>, rss: [] as Array<number> }))
  for (let round = 0; round < runs; round++) {
    for (let index = 0; index < contestants.length; index++) {
      const { cpu, rss } = once(contestants[index]![1])
      samples[index]!.cpu.push(cpu)
      samples[index]!.rss.push(rss)
    }
  }
  const medians = samples.map(({ cpu, rss }) => ({ cpu: Harness.median(cpu), rss: Harness.median(rss) }))
  const effect = medians[1]!
  console.log(`\nA cold start's imports, one process each (median of ${runs} rounds, taking turns)\n`)
  console.log(Harness.markdownTable(
    ["imports", "CPU (range)", "× `effect`", "peak RSS (range)", "− `effect`"],
    contestants.map(([name], index) => {
      const { cpu, rss } = samples[index]!
      return [
        name,
        `${medians[index]!.cpu.toFixed(0)} ms (${Math.min(...cpu).toFixed(0)}–${Math.max(...cpu).toFixed(0)})`,
        `${(medians[index]!.cpu / effect.cpu).toFixed(2)}×`,
        `${medians[index]!.rss.toFixed(0)} MB (${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)})`,
        `${medians[index]!.rss - effect.rss >= 0 ? "+" : "−"}${
          Math.abs(medians[index]!.rss - effect.rss).toFixed(0)
        } MB`
      ]
    })
  ))
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
