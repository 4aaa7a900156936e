/**
 * `npm run bench [-- name...]`: runs the benchmarks, in one process (without arguments: every one marked
 * `default`, in this order). `heap` needs `global.gc`: it is taken from V8 at run time, so neither
 * `--expose-gc` nor a separate process is needed.
 *
 * - `decode`: bytes → decoded chunks per provider, body size and piece size, against a floor, the
 *   official SDKs and the Vercel AI SDK (bench/decode.ts)
 * - `accumulate`: `CallStream.accumulate` against `Stream.runDrain` (bench/accumulate.ts)
 * - `heap`: heap after GC over a 1,000,000-chunk stream (bench/heap.ts)
 * - `call`: the fixed cost of one call with the layers built, against the official SDKs (bench/call.ts)
 * - `interleaved`: the 10,000-chunk decode cells with the contestants taking turns, in CPU time
 *   (bench/interleaved.ts)
 * - `stages`: the OpenAI path stage by stage, to see what each stage costs (bench/stages.ts)
 * - `sse`: SSE framing alone against other parsers (bench/sse.ts)
 * - `profile`: CPU profiles of `LanguageModel.stream` per decode cell of `compare`, the time per chunk split by
 *   category (bench/profile.ts; `--diff` compares two runs, e.g. against the previous release)
 * - `allocations`: bytes and objects allocated per chunk per decode cell, for the floor, this library and the
 *   official SDK, and where this library allocates (bench/allocations.ts)
 * - `partial-json`: the incremental JSON parser of structured output against re-parsing the text so far
 *   on every delta (bench/partial-json.ts)
 * - `parts`: request bodies with 1, 20 and 100 MB of content parts, per API, against a floor (bench/parts.ts)
 * - `controls`: a conversation's request body with and without the request controls, per API
 *   (bench/controls.ts)
 * - `store`: the stream stores of resumable streams, in memory and on Redis: chunks appended and read live,
 *   replay, and one live chunk's latency (bench/store.ts)
 * - `tool-call-partial`: `withToolCalls({ partial: true })` on 1 MB of one call's arguments in 1- and 64-character
 *   fragments (bench/tool-call-partial.ts)
 * - `loop`: the tool loop's cost per chunk over `LanguageModel.stream`, and the encoding of a tool conversation's
 *   next request from 10 to 100 steps (bench/loop.ts)
 * - `requests`: `UIMessageStream.toMessages` on hostile 64 MiB bodies and at its bounds (time, CPU, peak heap), and
 *   a served conversation's signatures checked back (bench/requests.ts)
 * - `compare`: the release guard (issue 46): the decode cells of OpenAI and Anthropic against their official SDKs
 *   and the floor, and the app floor (endings, the UI stream), measured as the held-out benchmark measures them,
 *   the tables written to bench/RESULTS.md with the machine's load (bench/compare.ts)
 * - `ab`: this build against another checkout's (`BENCH_BASELINE`), taking turns on the decode cells (bench/ab.ts)
 * - `ab-fold`: the same, on the fold of tool-call streams (one call in 100,000 fragments, 10,000 parallel calls)
 *   through `accumulate`, `withToolCalls` and the UI stream (bench/ab-fold.ts)
 * - `ui`: a call served as a UI message stream (`UIMessageStream.fromStream` + `toResponse`) against
 *   `CallStream.text` and the bare SSE framing of the same chunks, and `onEnd`'s cost per chunk (bench/ui.ts)
 * - `serving`: the serving path under many answers at once in one process, stage by stage: CPU and bytes
 *   allocated per delta (bench/serving.ts)
 * - `in-flight`: the heap each answer holds while it is in flight, a thousand at once halfway through: plain,
 *   resumable on the memory store, and `ChatEndpoint` (bench/in-flight.ts)
 * - `start`: the cost of starting an answer over loopback, through fetch and undici, against the same request by
 *   hand (bench/start.ts)
 * - `first-delta`: what a start costs up to its first delta in a burst of chats, stage by stage from a hand-written
 *   server to the library's plain one: CPU, Effect steps and bytes allocated (bench/first-delta.ts)
 * - `accept`: how many connections a busy Node server takes per turn of its event loop, on one and on eight
 *   listening sockets (bench/accept.ts)
 * - `imports`: a cold start's imports (the package root and `ChatEndpoint`) in a fresh process each, CPU time and
 *   peak RSS, against `effect` alone and the AI SDK (bench/imports.ts)
 * - `load`: hundreds to thousands of answers at once through one server, with the model and the browsers in
 *   processes of their own: this library (plain, memory and Redis stores), the Vercel AI SDK and a hand-written
 *   floor side by side, medians of shuffled rounds (bench/load.ts, parameters in its header)
 *
 * The library is measured as it is published: the sources are compiled first (`tsc -p tsconfig.build.json`
 * into `dist/`, and Node's bundled build into `dist/node/`, which the load benchmark's servers load) and every
 * import of `src/` is served from that build (bench/published.mjs), as the official SDKs are measured as the
 * JavaScript they publish. `BENCH_SOURCE=src` measures the sources through tsx.
 */
import * as ChildProcess from "node:child_process"
import * as Module from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"

// The benchmarks are loaded after this, so that `profile` can map positions back to source lines.
process.setSourceMapsEnabled(true)

const published = process.env.BENCH_SOURCE !== "src"
// Tells bench/harness.ts the benchmarks run from here, as published unless `BENCH_SOURCE=src` (then tsx's build).
process.env.BENCH_INDEX = published ? "published" : "src"
if (published) {
  const root = Path.resolve(import.meta.dirname, "..")
  ChildProcess.execSync("npx tsc -p tsconfig.build.json", { cwd: root, stdio: "inherit" })
  // Node's build too: without it, a server of the load benchmark would serve whatever `dist/node/` was last built from.
  ChildProcess.execSync("node scripts/build-node.mjs", { cwd: root, stdio: "inherit" })
  Module.register("./published.mjs", import.meta.url)
}

const benchmarks: Record<string, { readonly run: () => Promise<unknown>; readonly default: boolean }> = {
  decode: { run: async () => (await import("./decode.js")).run(), default: true },
  accumulate: { run: async () => (await import("./accumulate.js")).run(), default: true },
  heap: {
    run: async () => {
      const heap = await import("./heap.js")
      await heap.run()
      await heap.runPeak()
    },
    default: true
  },
  call: { run: async () => (await import("./call.js")).run(), default: true },
  interleaved: { run: async () => (await import("./interleaved.js")).run(), default: true },
  stages: { run: async () => (await import("./stages.js")).run(), default: false },
  sse: { run: async () => (await import("./sse.js")).run(), default: false },
  profile: { run: async () => (await import("./profile.js")).run(), default: false },
  "partial-json": { run: async () => (await import("./partial-json.js")).run(), default: false },
  parts: { run: async () => (await import("./parts.js")).run(), default: false },
  controls: { run: async () => (await import("./controls.js")).run(), default: false },
  store: { run: async () => (await import("./store.js")).run(), default: false },
  "tool-call-partial": { run: async () => (await import("./tool-call-partial.js")).run(), default: false },
  loop: { run: async () => (await import("./loop.js")).run(), default: false },
  ui: { run: async () => (await import("./ui.js")).run(), default: false },
  requests: { run: async () => (await import("./requests.js")).run(), default: false },
  serving: { run: async () => (await import("./serving.js")).run(), default: false },
  "in-flight": { run: async () => (await import("./in-flight.js")).run(), default: false },
  start: { run: async () => (await import("./start.js")).run(), default: false },
  "first-delta": { run: async () => (await import("./first-delta.js")).run(), default: false },
  imports: { run: async () => (await import("./imports.js")).run(), default: true },
  load: { run: async () => (await import("./load.js")).run(), default: false },
  accept: { run: async () => (await import("./accept.js")).run(), default: false },
  compare: { run: async () => (await import("./compare.js")).run(), default: false },
  allocations: { run: async () => (await import("./allocations.js")).run(), default: false },
  ab: { run: async () => (await import("./ab.js")).run(), default: false },
  "ab-fold": { run: async () => (await import("./ab-fold.js")).run(), default: false }
}

const git = (args: string): string => {
  try {
    return ChildProcess.execSync(`git ${args}`, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
  } catch {
    return "?"
  }
}

const load = () => Os.loadavg().map((value) => value.toFixed(2)).join(" ")

const selected = process.argv.slice(2)
const unknown = selected.filter((name) => !(name in benchmarks))
if (unknown.length > 0) {
  throw new Error(`unknown benchmark(s): ${unknown.join(", ")}; known: ${Object.keys(benchmarks)}`)
}

console.log(
  `machine: ${Os.availableParallelism()} cores (${Os.cpus()[0]?.model ?? "?"}), node ${process.version}, ${
    (Os.totalmem() / 2 ** 30).toFixed(0)
  } GiB; commit ${git("rev-parse --short HEAD")}${
    git("status --porcelain src") === "" ? "" : " with uncommitted src/ changes"
  }; the library ${
    !published
      ? "from its sources through tsx"
      : process.env.BENCH_LIBRARY === undefined
      ? "as published (the tsc build in dist/)"
      : `as built in ${process.env.BENCH_LIBRARY}/dist`
  }`
)
console.log(`load average at start: ${load()}`)
const started = performance.now()
for (const [name, benchmark] of Object.entries(benchmarks)) {
  if (selected.length === 0 ? benchmark.default : selected.includes(name)) {
    console.log(`\n# ${name}\n`)
    await benchmark.run()
  }
}
console.log(`\nload average at end: ${load()}; total ${((performance.now() - started) / 1000).toFixed(0)} s`)
