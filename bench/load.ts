/**
 * A thousand answers at once on one server, this library against the Vercel AI SDK and a hand-written floor
 * (issues 49 and 56): `npm run bench -- load`. Each cell runs three processes beside each other: the loopback
 * model (bench/load/model.ts: an OpenAI Chat Completions stream of 200 text deltas, 20 ms apart), the server under
 * test (bench/load/server.ts: `node:http`, the contestant of its mode), and `n` concurrent browsers
 * (bench/load/clients.ts: each reads the UI message stream and checks every chunk in its place, every delta once
 * and in order). Modes (contestants):
 *
 * - `floor`: no library, a hand-written `node:http` server asking the model with `fetch` and writing the same
 *   chunks (bench/load/floor.ts), issue 56's floor: what a server written without a library pays;
 * - `floor-http`: the same asking the model with `node:http` (its native parser), the least the sockets and HTTP
 *   parsers alone cost on this machine: a reference row, compared with the floor as the others are;
 * - `floor-slow`: the floor with busy work added after each answer's head and each piece (`BENCH_LOAD_FLOOR_WORK`),
 *   a calibration row: what a start's or a delta's cost, alone, does to the burst's first delta;
 * - `effect`: the floor's answer with the model asked through Effect's `FetchHttpClient` and its body read as an
 *   Effect `Stream` (bench/load/effect.ts), a reference row: what Effect itself costs, before any library;
 * - `effect-web`: the same with the web body under the response read by a reader, as this library reads it: what
 *   the client alone costs;
 * - `plain`: this library, `toNodeResponse(fromStream(LanguageModel.stream(...)))` (bench/load/library.ts);
 * - `ai`: the Vercel AI SDK, `streamText` + `pipeUIMessageStreamToResponse` (bench/load/aisdk.ts);
 * - `memory`: this library, `resumable` with `StreamStore.layerMemory` and an owner, a fraction `drop` of the
 *   clients dropping and resuming with `after`;
 * - `redis`: the same with `StreamStore.layerRedis` (a `redis-server` started for the cell);
 * - `endpoint`: this library's chat server in one call, `ChatEndpoint.layer` as `serveNode` answers (the tool loop,
 *   `fromSteps`, `resumable` on the memory store; bench/load/endpoint.ts), its clients not dropping.
 *
 * Every N runs every mode once per round, in a shuffled order, for `BENCH_LOAD_RUNS` rounds; the table gives each
 * figure's median over the rounds, beside the floor's of the same N: the server's CPU time per answer (user +
 * system over the measured run, and × the floor's), its peak RSS per concurrent answer over its idle RSS, the first
 * delta's p99 (from the POST) and the chunk lag's p99 (when the client read a delta less when the model wrote it;
 * deltas written while a client was away are not counted), each less the floor's, and the idle server's RSS (after
 * the warm-up and a full GC; and loaded and listening, before any answer), and its RSS after the measured run as V8
 * leaves an idle server once its memory reducer has run (a last-resort GC: the young generation shrunk back). Each
 * cell's own line adds: answers complete, Redis connections (peak of `INFO clients`, this benchmark's own sampling
 * connection not counted), Redis's commands per answer (those its scripts ran counted), its script calls per
 * answer (the appends' round trips, shared by every stream appended in the same turn) and its CPU per answer,
 * event-loop delay p99 and max (`monitorEventLoopDelay` at 10 ms resolution), the main thread's share of the CPU time (the rest is V8's helper threads: the collector's parallel and concurrent work, the
 * optimising compiler), GC pauses, and the load average at the start and end of the cell. Before the measured run, a
 * warm-up of fast answers (200 deltas, 1 ms apart) through the same server.
 *
 * Parameters (environment):
 * - `BENCH_LOAD_MODES` (default `floor,floor-http,plain,ai,memory,redis,endpoint`), `BENCH_LOAD_N` (default
 *   `100,300,1000`), `BENCH_LOAD_RUNS` (rounds, default 7: CPU as the median of seven runs taking turns with the floor)
 * - `BENCH_LOAD_DROP` (fraction of clients of a resumable mode that drop and resume, default 0.2),
 *   `BENCH_LOAD_PAUSE` (the longest pause before a resume, ms, default 500)
 * - `BENCH_LOAD_DELTAS` (200), `BENCH_LOAD_INTERVAL` (ms, 20), `BENCH_LOAD_RAMP` (ms over which the clients
 *   start, default 0: all at once)
 * - `BENCH_LOAD_CLIENT` (`default`, `node`, `undici` or `fetch`: this library's HTTP client to the model, the one
 *   `layerModel` asks with when it is given none, as docs/ui.md's server has it (on Node, the library's own over
 *   node:http with keep-alive connections), `@effect/platform-node`'s `layerNodeHttpOptions({ keepAlive: true })`,
 *   its `layerUndici`, or `FetchHttpClient`)
 * - `BENCH_LOAD_IMPORTS` (`subpaths`, the default, or `root`): the library imported from the subpaths the server
 *   uses (`effect-llm-stream/OpenAI`, ..., as docs/ui.md's Node server imports them: the idle server's memory
 *   without the modules it never uses), or from its root
 * - `BENCH_LOAD_LISTENERS` (default 8): the server's listening sockets on its port (`reusePort`): a busy Node
 *   server accepts one connection per turn of its event loop and listening socket, so with one, thousands of
 *   browsers connecting at once wait seconds to be accepted (`BENCH_LOAD_LISTENERS=1` shows it)
 * - `BENCH_LOAD_FLOOR_WORK` (default `start=700,delta=0`): mode `floor-slow`'s busy work, µs after each answer's
 *   response head and after each piece read from the model
 * - `BENCH_LOAD_SERVER_FLAGS`: Node and V8 flags of the server process (`--max-semi-space-size=4`, or
 *   `--trace-opt --trace-deopt` with `LOAD_MARKS=1`, which prints where the measured run starts and ends)
 * - `BENCH_LOAD_REDUCE_WAIT` (ms): the reduced figure measured by leaving the server idle that long, not by a
 *   last-resort GC at once (40000: after 300 answers at once, V8's memory reducer had run by then, not by 12 s)
 * - `BENCH_LOAD_BASELINE=<checkout>`: a mode written `<mode>@base` in `BENCH_LOAD_MODES` (`plain@base`) is served by
 *   that checkout's build (its `dist/node/`, built there first) in the same rounds as this one's, taking turns: two
 *   builds compared on the same machine and load (`BENCH_LIBRARY` serves another build for every mode instead)
 * - `BENCH_LOAD_GC=1`: the server's scavenges during the measured run, from V8's `--trace-gc-nvp` (bench/load/scavenges.ts):
 *   the bytes they promoted a delta, which noise does not move, and their pauses and helper threads' time
 * - `BENCH_LOAD_PROFILE` (`cpu`, `heap` or `survivors`): a CPU profile (200 µs sampling) or a sampling heap profile of
 *   every allocation of the server during the measured run (`survivors`: of those that outlived a scavenge, what
 *   grows the old generation), written to `bench/results/load/` and summarised (the profiler's own cost is in that
 *   run's numbers)
 *
 * Standalone: `npx tsx bench/load.ts` (builds `dist/` and `dist/node/` first, as `npm run bench` does).
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import * as CpuProfile from "./cpuprofile.js"
import { markdownTable } from "./harness.js"
import type { Report, RunMessage } from "./load/clients.js"
import type { Options } from "./load/contestant.js"
import * as HeapProfile from "./load/heapprofile.js"
import * as Scavenges from "./load/scavenges.js"

type Mode = Options["mode"]

/** A mode, served by this checkout's build, or (`<mode>@base`) by the build of `BENCH_LOAD_BASELINE`'s checkout. */
type Contestant = Mode | `${Mode}@base`

const list = (value: string | undefined, fallback: string) => (value ?? fallback).split(",").map((s) => s.trim())
const modes = list(
  process.env.BENCH_LOAD_MODES,
  "floor,floor-http,plain,ai,memory,redis,endpoint"
) as ReadonlyArray<Contestant>
const baseline = process.env.BENCH_LOAD_BASELINE
/** Mode `floor-slow`'s added work: µs after each answer's head and after each piece it reads. */
const floorWork = process.env.BENCH_LOAD_FLOOR_WORK ?? "start=700,delta=0"
/** The mode a contestant serves. */
const modeOf = (contestant: Contestant): Mode => contestant.replace(/@base$/, "") as Mode
const isBaseline = (contestant: Contestant): boolean => contestant.endsWith("@base")
const sizes = list(process.env.BENCH_LOAD_N, "100,300,1000").map(Number)
const runs = Number(process.env.BENCH_LOAD_RUNS ?? 7)
const drop = Number(process.env.BENCH_LOAD_DROP ?? 0.2)
const pause = Number(process.env.BENCH_LOAD_PAUSE ?? 500)
const deltas = Number(process.env.BENCH_LOAD_DELTAS ?? 200)
const interval = Number(process.env.BENCH_LOAD_INTERVAL ?? 20)
const ramp = Number(process.env.BENCH_LOAD_RAMP ?? 0)
const httpClient = process.env.BENCH_LOAD_CLIENT ?? "default"
const imports = process.env.BENCH_LOAD_IMPORTS ?? "subpaths"
const listeners = Number(process.env.BENCH_LOAD_LISTENERS ?? 8)
const profile = process.env.BENCH_LOAD_PROFILE as "cpu" | "heap" | "survivors" | undefined
const gcTrace = process.env.BENCH_LOAD_GC === "1"
const serverFlags = [
  ...(process.env.BENCH_LOAD_SERVER_FLAGS ?? "").split(" ").filter(Boolean),
  ...(gcTrace ? ["--trace-gc-nvp"] : [])
]

const here = import.meta.dirname
const resultsDir = Path.join(here, "results", "load")
const published = process.env.BENCH_SOURCE !== "src"

const loadAverage = () => Os.loadavg().map((value) => value.toFixed(2)).join(" ")

/**
 * bench/load/*.ts as JavaScript in `bench/results/load/js/`: types stripped (`module.stripTypeScriptTypes`) and the
 * library imported from the build Node loads (`dist/node/`, the `node` condition of its exports), so that its
 * processes run as a deployed server does, with no compiler loaded (Node's own type stripping holds 13 MB more).
 */
const compile = (checkout = process.env.BENCH_LIBRARY ?? Path.join(here, ".."), dir = "js"): string => {
  const out = Path.join(resultsDir, dir)
  Fs.mkdirSync(out, { recursive: true })
  const library = Url.pathToFileURL(Path.join(checkout, "dist", "node", "/"))
  for (const file of Fs.readdirSync(Path.join(here, "load")).filter((name) => name.endsWith(".ts"))) {
    const source = Fs.readFileSync(Path.join(here, "load", file), "utf8")
    // The library's entry points (`../../src/<path>.js`) imported from its build for Node.
    const js = Module.stripTypeScriptTypes(source).replaceAll(`"../../src/`, `"${library.href}`)
    Fs.writeFileSync(Path.join(out, file.replace(/\.ts$/, ".js")), js)
  }
  return out
}

/**
 * A child process running one of bench/load/*.ts from `scripts` (what `compile` wrote, or the sources through tsx
 * when `BENCH_SOURCE=src`).
 */
const fork = (scripts: string, script: string, env: Record<string, string>): ChildProcess.ChildProcess =>
  ChildProcess.fork(Path.join(scripts, published ? script.replace(/\.ts$/, ".js") : script), [], {
    execArgv: [
      "--expose-gc",
      ...(script === "server.ts" ? serverFlags : []),
      ...(published ? [] : ["--import", "tsx"])
    ],
    env: { ...process.env, ...env },
    // The server's V8 lines are read (`Scavenges.watch`) with `BENCH_LOAD_GC`.
    stdio: ["ignore", gcTrace && script === "server.ts" ? "pipe" : "inherit", "inherit", "ipc"]
  })

/** The next message of `child` that satisfies `test`. */
const next = <A>(child: ChildProcess.ChildProcess, test: (message: any) => boolean): Promise<A> =>
  new Promise((resolve, reject) => {
    const onMessage = (message: unknown) => {
      if (!test(message)) return
      child.off("message", onMessage)
      child.off("exit", onExit)
      resolve(message as A)
    }
    const onExit = (code: number | null) => reject(new Error(`${child.spawnfile} exited with ${code}`))
    child.on("message", onMessage)
    child.once("exit", onExit)
  })

const ask = <A>(child: ChildProcess.ChildProcess, message: object, reply: string): Promise<A> => {
  const answer = next<A>(child, (received) => received?.type === reply)
  child.send(message)
  return answer
}

/**
 * What Redis counts of its work: the commands it ran (a script's own `redis.call`s counted too), the script calls
 * among the commands clients sent, and its CPU seconds.
 */
const redisCounts = async (client: { sendCommand: (args: Array<string>) => Promise<unknown> }) => {
  const info = String(await client.sendCommand(["INFO", "all"]))
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  const calls = (command: string) => Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(info)?.[1] ?? 0)
  return {
    commands: field("total_commands_processed"),
    scripts: calls("evalsha") + calls("eval"),
    cpu: field("used_cpu_user") + field("used_cpu_sys")
  }
}

/**
 * Peak of Redis's `connected_clients` while sampling, less the sampling connection itself; and Redis's commands
 * (each a round trip of the server's, or part of one it pipelined) and CPU over the run, less the sampling's own.
 */
const redisConnections = async (url: string) => {
  const { createClient } = await import("redis")
  const client = createClient({ url })
  await client.connect()
  const before = await redisCounts(client)
  let peak = 0
  let samples = 0
  let sampling = true
  const loop = (async () => {
    while (sampling) {
      const info = String(await client.sendCommand(["INFO", "clients"]))
      samples++
      const connected = Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? 0) - 1
      peak = Math.max(peak, connected)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    stop: async () => {
      sampling = false
      await loop
      const after = await redisCounts(client)
      await client.quit()
      return {
        peak,
        commands: after.commands - before.commands - samples - 1,
        scripts: after.scripts - before.scripts,
        cpuMs: (after.cpu - before.cpu) * 1000
      }
    }
  }
}

interface ServerStats {
  readonly cpuMs: number
  /** Of `cpuMs`, the kernel's: system calls (socket reads and writes, the loopback's delivery). */
  readonly systemMs: number
  /** Of `cpuMs`, the main thread's (Linux; 0 elsewhere): the rest is V8's helper threads (collector, compiler). */
  readonly mainThreadMs: number
  readonly peakRssMb: number
  readonly maxRssMb: number
  readonly gcMs: number
  /** When the POSTs reached the handler, after the first one. */
  readonly arrival: { readonly p50: number; readonly p99: number }
  readonly eventLoopDelay: { readonly p50: number; readonly p99: number; readonly max: number; readonly mean: number }
}

export interface Cell {
  readonly mode: Contestant
  readonly n: number
  readonly report: Report
  readonly server: ServerStats
  /** The server's memory after the warm-up and a full GC. */
  readonly idle: NodeJS.MemoryUsage
  /** The server's memory loaded and listening, before any answer (after a full GC). */
  readonly loaded: NodeJS.MemoryUsage
  /** The server's memory after the measured run, as V8's memory reducer leaves it idle (a last-resort GC). */
  readonly reduced: NodeJS.MemoryUsage
  readonly redisConnections:
    | { readonly peak: number; readonly commands: number; readonly scripts: number; readonly cpuMs: number }
    | undefined
  readonly modelCpuMs: number
  /** With `BENCH_LOAD_GC`. */
  readonly scavenges?: Scavenges.Scavenges | undefined
  readonly loadStart: string
  readonly loadEnd: string
}

/** Whether a mode's clients drop and resume. */
const resumes = (mode: Mode) => mode === "memory" || mode === "redis"

const runCell = async (scripts: string, contestant: Contestant, n: number): Promise<Cell> => {
  const mode = modeOf(contestant)
  const loadStart = loadAverage()
  const children: Array<ChildProcess.ChildProcess> = []
  let redis: { readonly url: string; readonly kill: () => void } | undefined
  try {
    if (mode === "redis") {
      const { startRedis } = await import("../test/support/RedisServer.js")
      redis = await startRedis()
    }
    const model = fork(scripts, "model.ts", { LOAD_DELTAS: String(deltas), LOAD_INTERVAL: String(interval) })
    children.push(model)
    const { port: modelPort } = await next<{ port: number }>(model, (message) => message?.port !== undefined)
    const server = fork(scripts, "server.ts", {
      LOAD_MODE: mode,
      LOAD_MODEL_URL: `http://127.0.0.1:${modelPort}/v1`,
      LOAD_HTTP_CLIENT: httpClient,
      LOAD_IMPORTS: imports,
      LOAD_LISTENERS: String(listeners),
      LOAD_FLOOR_WORK: floorWork,
      ...(process.env.BENCH_LOAD_REDUCE_WAIT === undefined
        ? {}
        : { LOAD_REDUCE_WAIT: process.env.BENCH_LOAD_REDUCE_WAIT }),
      ...(redis === undefined ? {} : { LOAD_REDIS_URL: redis.url }),
      ...(gcTrace ? { LOAD_MARKS: "1" } : {})
    })
    children.push(server)
    const scavenges = gcTrace ? Scavenges.watch(server.stdout!) : undefined
    const { memory: loaded, port } = await next<{ port: number; memory: NodeJS.MemoryUsage }>(
      server,
      (message) => message?.type === "listening"
    )
    const clients = fork(scripts, "clients.ts", {})
    children.push(clients)
    await next(clients, (message) => message?.type === "ready")
    const url = `http://127.0.0.1:${port}`
    // The chats' ids begin with it: a stream id takes no `@` (`plain@base`).
    const tag = `${contestant.replace("@", "-")}-${n}-${Date.now().toString(36)}`
    const runClients = (message: Omit<RunMessage, "type" | "url">) =>
      ask<Report>(clients, { type: "run", url, ...message }, "report")
    // Warm-up: the server's code paths compiled, its pools and connections made.
    const warm = await runClients({
      n: Math.min(n, 200),
      deltas: 200,
      drop: resumes(mode) ? drop : 0,
      pause: 0,
      ramp: 0,
      tag: `${tag}-warm`,
      prompt: "deltas=200 interval=1"
    })
    if (warm.complete !== warm.answers) {
      console.log(`warm-up: ${warm.answers - warm.complete} failed: ${warm.failures.slice(0, 3).join("; ")}`)
    }
    const sampler = redis === undefined ? undefined : await redisConnections(redis.url)
    const { memory: idle } = await ask<{ memory: NodeJS.MemoryUsage }>(server, { type: "start" }, "started")
    const file = profile === undefined
      ? undefined
      : Path.join(resultsDir, `${contestant}-${n}.${profile === "cpu" ? "cpuprofile" : "heapprofile"}`)
    if (file !== undefined) {
      await ask(
        server,
        { type: "profile-start", heap: profile !== "cpu", survivors: profile === "survivors" },
        "profiling"
      )
    }
    const report = await runClients({
      n,
      deltas,
      drop: resumes(mode) ? drop : 0,
      pause,
      ramp,
      tag
    })
    if (file !== undefined) {
      Fs.mkdirSync(resultsDir, { recursive: true })
      await ask(server, { type: "profile-stop", file }, "profiled")
    }
    const stats = await ask<ServerStats>(server, { type: "stats" }, "stats")
    const { memory: reduced } = await ask<{ memory: NodeJS.MemoryUsage }>(server, { type: "reduce" }, "reduced")
    const modelStats = await ask<{ cpuMs: number }>(model, { type: "stats" }, "stats")
    const connections = sampler === undefined ? undefined : await sampler.stop()
    if (file !== undefined) await summariseProfile(file, report)
    return {
      mode: contestant,
      n,
      report,
      server: stats,
      idle,
      loaded,
      reduced,
      redisConnections: connections,
      modelCpuMs: modelStats.cpuMs,
      scavenges: scavenges?.(),
      loadStart,
      loadEnd: loadAverage()
    }
  } finally {
    for (const child of children) child.kill("SIGKILL")
    redis?.kill()
  }
}

const summariseProfile = async (file: string, report: Report) => {
  const text = Fs.readFileSync(file, "utf8")
  if (file.endsWith(".heapprofile")) {
    console.log(`\nheap profile ${Path.relative(process.cwd(), file)}:\n`)
    console.log(HeapProfile.summarise(JSON.parse(text), report.lagCount))
    return
  }
  const parsed = JSON.parse(text) as CpuProfile.Profile
  // Positions map back to the sources through the build's source maps, once its modules are loaded here.
  process.setSourceMapsEnabled(true)
  for (const url of new Set(parsed.nodes.map((node) => node.callFrame.url))) {
    if (url.includes("/dist/") && url.startsWith(Url.pathToFileURL(Path.join(here, "..")).href)) {
      await import(url).catch(() => {})
    }
  }
  console.log(`\nCPU profile ${Path.relative(process.cwd(), file)}:\n`)
  console.log(CpuProfile.summarise(parsed, 25))
}

const ms = (value: number) =>
  value === null || Number.isNaN(value)
    ? "–"
    : value >= 1000
    ? `${(value / 1000).toFixed(1)} s`
    : `${value.toFixed(value < 10 ? 1 : 0)} ms`

const modeName: Record<Mode, string> = {
  floor: "floor: a hand-written `node:http` server, `fetch` to the model",
  "floor-http": "reference: the same with `node:http` to the model",
  "floor-slow": `calibration: the floor with ${floorWork} µs of busy work added`,
  effect: "reference: the floor's answer with Effect's `FetchHttpClient`",
  "effect-web": "reference: the same, its web body read as this library reads it",
  plain: "this library: `toNodeResponse(fromStream(...))`",
  ai: "Vercel AI SDK: `streamText` + `pipeUIMessageStreamToResponse`",
  memory: "this library: `resumable`, memory store",
  redis: "this library: `resumable`, Redis store",
  endpoint: "this library: `ChatEndpoint` (loop, `resumable`, memory store)"
}

const median = (values: ReadonlyArray<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

const mb = (bytes: number) => bytes / 2 ** 20

/** RSS, and the V8 heap used of its total and the memory outside it (`external`: buffers, Node's own). */
const memory = (usage: NodeJS.MemoryUsage) =>
  `${mb(usage.rss).toFixed(0)}, heap ${mb(usage.heapUsed).toFixed(0)} of ${mb(usage.heapTotal).toFixed(0)}, external ${
    mb(usage.external).toFixed(0)
  }`

/** The figures of the table, of one cell. */
const figures = (cell: Cell) => ({
  cpu: cell.server.cpuMs / cell.n,
  rssPerAnswer: (cell.server.peakRssMb - mb(cell.idle.rss)) / cell.n * 1024,
  firstDelta: cell.report.firstDelta.p99,
  lag: cell.report.lag.p99,
  idleRss: mb(cell.idle.rss),
  loadedRss: mb(cell.loaded.rss),
  reducedRss: mb(cell.reduced.rss),
  complete: cell.report.complete,
  load: Number(cell.loadStart.split(" ")[0])
})
type Figures = ReturnType<typeof figures>

/** Each figure's median over the runs of one mode and N. */
const medians = (cells: ReadonlyArray<Cell>): Figures => {
  const all = cells.map(figures)
  const of = (key: keyof Figures) => median(all.map((one) => one[key]))
  return {
    cpu: of("cpu"),
    rssPerAnswer: of("rssPerAnswer"),
    firstDelta: of("firstDelta"),
    lag: of("lag"),
    idleRss: of("idleRss"),
    loadedRss: of("loadedRss"),
    reducedRss: of("reducedRss"),
    complete: Math.min(...all.map((one) => one.complete)),
    load: of("load")
  }
}

const signed = (value: number) => `${value >= 0 ? "+" : "−"}${ms(Math.abs(value))}`

/** A row of the side-by-side table: the medians of a mode at one N, against the floor's of the same N. */
const row = (
  contestant: Contestant,
  n: number,
  cells: ReadonlyArray<Cell>,
  floor: Figures | undefined
): Array<string> => {
  const m = medians(cells)
  const against = (value: string, difference: string | undefined) =>
    floor === undefined || contestant === "floor" || difference === undefined ? value : `${value} (${difference})`
  return [
    `${modeName[modeOf(contestant)]}${isBaseline(contestant) ? `, as built in ${baseline}` : ""}`,
    n.toLocaleString("en"),
    `${m.complete.toLocaleString("en")}${m.complete < n ? ` of ${n.toLocaleString("en")}` : ""}`,
    against(`${m.cpu.toFixed(2)} ms`, floor && `${(m.cpu / floor.cpu).toFixed(2)}×`),
    `${m.rssPerAnswer.toFixed(0)} KB`,
    against(ms(m.firstDelta), floor && signed(m.firstDelta - floor.firstDelta)),
    against(ms(m.lag), floor && signed(m.lag - floor.lag)),
    `${m.idleRss.toFixed(0)} MB (${m.loadedRss.toFixed(0)})`,
    `${m.reducedRss.toFixed(0)} MB`,
    m.load.toFixed(1)
  ]
}

const header = [
  "contestant",
  "N",
  "answers complete (fewest)",
  "server CPU / answer (× floor)",
  "RSS / concurrent answer",
  "first delta p99 (− floor)",
  "chunk lag p99 (− floor)",
  "idle RSS after warm-up (loaded)",
  "idle RSS after the run, reduced",
  "load 1-min"
]

/** One cell's own line: everything measured. */
const describe = (cell: Cell, wallMs: number): string => {
  const { report, server } = cell
  const lines = [
    `${cell.mode} N=${cell.n}: ${report.complete}/${report.answers} complete, ${report.resumed} resumed; lag p50 ${
      ms(report.lag.p50)
    } p90 ${ms(report.lag.p90)} p99 ${ms(report.lag.p99)} max ${ms(report.lag.max)} (${report.lagCount} deltas); ` +
    `POSTs handled p50 ${ms(server.arrival.p50)} p99 ${ms(server.arrival.p99)} after the first, headers p50 ${
      ms(report.headers.p50)
    } p99 ${ms(report.headers.p99)}, first delta p50 ${ms(report.firstDelta.p50)} p99 ${
      ms(report.firstDelta.p99)
    }; server CPU ${(server.cpuMs / 1000).toFixed(2)} s (system ${(server.systemMs / 1000).toFixed(2)} s, main thread ${
      (server.mainThreadMs / 1000).toFixed(2)
    } s, GC pauses ${(server.gcMs / 1000).toFixed(2)} s), peak RSS ${server.peakRssMb.toFixed(0)} MB (idle ${
      memory(cell.idle)
    }; loaded ${memory(cell.loaded)}; after the run, reduced ${memory(cell.reduced)})${
      cell.redisConnections === undefined ?
        "" :
        `, Redis connections ${cell.redisConnections.peak}, commands ${
          (cell.redisConnections.commands / report.answers).toFixed(1)
        } (script calls ${(cell.redisConnections.scripts / report.answers).toFixed(2)}) and CPU ${
          (cell.redisConnections.cpuMs / report.answers).toFixed(2)
        } ms per answer`
    }${
      cell.scavenges === undefined ?
        "" :
        `, scavenges ${cell.scavenges.count} (promoted ${
          (cell.scavenges.promoted / report.lagCount).toFixed(0)
        } B a delta; pauses ${(cell.scavenges.pauseMs / 1000).toFixed(2)} s, helper threads ${
          (cell.scavenges.helpersMs / 1000).toFixed(2)
        } s)`
    }, event-loop delay p50 ${ms(server.eventLoopDelay.p50)} p99 ${ms(server.eventLoopDelay.p99)} max ${
      ms(server.eventLoopDelay.max)
    }; clients CPU ${(report.cpuMs / 1000).toFixed(1)} s, model CPU ${(cell.modelCpuMs / 1000).toFixed(1)} s; wall ${
      ms(report.wallMs)
    }, cell ${ms(wallMs)}; load ${cell.loadStart} → ${cell.loadEnd}`
  ]
  if (report.resumed > 0) {
    lines.push(
      `  resumed clients: headers of the resume p50 ${ms(report.resumeFirst.p50)} p99 ${
        ms(report.resumeFirst.p99)
      }; lag of their deltas after it p50 ${ms(report.resumedLag.p50)} p99 ${ms(report.resumedLag.p99)} max ${
        ms(report.resumedLag.max)
      }`
    )
  }
  for (const failure of report.failures.slice(0, 5)) lines.push(`  failed: ${failure}`)
  return lines.join("\n")
}

/** `values` in a random order (Fisher–Yates). */
const shuffled = <A>(values: ReadonlyArray<A>): Array<A> => {
  const out = [...values]
  for (let index = out.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1))
    ;[out[index], out[other]] = [out[other]!, out[index]!]
  }
  return out
}

export const run = async (): Promise<void> => {
  const started = performance.now()
  console.log(
    `modes ${modes.join(", ")}; N ${
      sizes.join(", ")
    }; ${runs} rounds, modes shuffled in each; ${deltas} deltas ${interval} ms apart; drop ${drop} ` +
      `(pause ≤ ${pause} ms); ramp ${ramp} ms; server HTTP client ${httpClient}, the library's ${imports} imports, ${listeners} listening sockets${
        profile === undefined ? "" : `; ${profile} profile`
      }; load ${loadAverage()}`
  )
  // From the sources (tsx), the servers import this checkout's `src/`: another build is served only from its `dist/node/`.
  if (!published && process.env.BENCH_LIBRARY !== undefined) {
    throw new Error("BENCH_LIBRARY serves another checkout's build: run without BENCH_SOURCE=src")
  }
  if (modes.some(isBaseline) && (baseline === undefined || !published)) {
    throw new Error(
      "a contestant <mode>@base needs BENCH_LOAD_BASELINE=<checkout> (its dist/node/ built), not BENCH_SOURCE=src"
    )
  }
  const scripts = published ? compile() : Path.join(here, "load")
  const baseScripts = baseline === undefined ? scripts : compile(baseline, "js-base")
  const cells = new Map<string, Array<Cell>>()
  for (let round = 1; round <= runs; round++) {
    for (const n of sizes) {
      for (const mode of shuffled(modes)) {
        const at = performance.now()
        const cell = await runCell(isBaseline(mode) ? baseScripts : scripts, mode, n)
        const key = `${mode} ${n}`
        cells.set(key, [...(cells.get(key) ?? []), cell])
        console.log(`round ${round}: ${describe(cell, performance.now() - at)}`)
      }
    }
  }
  const rows: Array<Array<string>> = []
  for (const n of sizes) {
    const floor = cells.get(`floor ${n}`)
    for (const mode of modes) {
      rows.push(row(mode, n, cells.get(`${mode} ${n}`)!, floor === undefined ? undefined : medians(floor)))
    }
  }
  console.log(
    `\nMedians of ${runs} rounds; ${((performance.now() - started) / 60_000).toFixed(1)} min; load ${loadAverage()}\n`
  )
  console.log(markdownTable(header, rows))
}

if (import.meta.url === Url.pathToFileURL(process.argv[1]!).href) {
  if (published) {
    // The servers load Node's build (`dist/node/`): built here too, or they would serve whatever it was last built from.
    ChildProcess.execSync("npx tsc -p tsconfig.build.json", { cwd: Path.join(here, ".."), stdio: "inherit" })
    ChildProcess.execSync("node scripts/build-node.mjs", { cwd: Path.join(here, ".."), stdio: "inherit" })
  }
  await run()
}
