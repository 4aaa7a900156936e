/**
 * Thousands of answers at once on one server (issue 49): `npm run bench -- load`. Each cell runs three
 * processes beside each other: the loopback model (bench/load/model.ts: an OpenAI Chat Completions stream of
 * 200 text deltas, 20 ms apart), the server under test (bench/load/server.ts: `node:http` on the public API),
 * and `n` concurrent browsers (bench/load/clients.ts: each reads the UI message stream and checks every chunk
 * in its place, every delta once and in order). Modes:
 *
 * - `plain`: `toResponse(fromStream(...))`;
 * - `memory`: `resumable` with `StreamStore.layerMemory`, a fraction `drop` of the clients dropping and
 *   resuming with `after`;
 * - `redis`: `resumable` with `StreamStore.layerRedis` (a `redis-server` started for the cell), the same drops;
 * - `floor` (not in the default list): no library, a hand-written `node:http` proxy writing the same chunks
 *   (bench/load/floor.ts), what the sockets and HTTP parsers alone cost on this machine.
 *
 * Measured per cell: answers complete, server peak RSS, Redis connections (peak of `INFO clients`, this
 * benchmark's own sampling connection not counted), chunk delivery lag p50 / p99 (when the client read a delta
 * less when the model wrote it), event-loop delay p99 and max (`monitorEventLoopDelay` at 10 ms resolution: how
 * much later than its 10 ms a timer fired), the server's CPU time per answer and peak RSS per answer over its idle RSS; the load average at the start and end
 * of each cell. Before the measured run, a warm-up of fast answers (200 deltas, 1 ms apart) through the same
 * server.
 *
 * Parameters (environment):
 * - `BENCH_LOAD_MODES` (default `plain,memory,redis`), `BENCH_LOAD_N` (default `100,1000,3000`)
 * - `BENCH_LOAD_DROP` (fraction of clients of a resumable mode that drop and resume, default 0.2),
 *   `BENCH_LOAD_PAUSE` (the longest pause before a resume, ms, default 500)
 * - `BENCH_LOAD_DELTAS` (200), `BENCH_LOAD_INTERVAL` (ms, 20), `BENCH_LOAD_RAMP` (ms over which the clients
 *   start, default 0: all at once)
 * - `BENCH_LOAD_CLIENT` (`fetch`, the default, or `undici`: the server's HTTP client to the model)
 * - `BENCH_LOAD_LISTENERS` (default 8): the server's listening sockets on its port (`reusePort`): a busy Node
 *   server accepts one connection per turn of its event loop and listening socket, so with one, thousands of
 *   browsers connecting at once wait seconds to be accepted (`BENCH_LOAD_LISTENERS=1` shows it)
 * - `BENCH_LOAD_PROFILE` (`cpu` or `heap`): a CPU profile (200 µs sampling) or a sampling heap profile of every
 *   allocation of the server during the measured run, written to `bench/results/load/` and summarised
 *   (the profiler's own cost is in that run's numbers)
 *
 * Standalone: `npx tsx bench/load.ts` (builds `dist/` first, as `npm run bench` does).
 */
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Url from "node:url"
import * as CpuProfile from "./cpuprofile.js"
import { markdownTable } from "./harness.js"
import type { Report, RunMessage } from "./load/clients.js"
import * as HeapProfile from "./load/heapprofile.js"

type Mode = "plain" | "memory" | "redis" | "floor"

const list = (value: string | undefined, fallback: string) => (value ?? fallback).split(",").map((s) => s.trim())
const modes = list(process.env.BENCH_LOAD_MODES, "plain,memory,redis") as ReadonlyArray<Mode>
const sizes = list(process.env.BENCH_LOAD_N, "100,1000,3000").map(Number)
const drop = Number(process.env.BENCH_LOAD_DROP ?? 0.2)
const pause = Number(process.env.BENCH_LOAD_PAUSE ?? 500)
const deltas = Number(process.env.BENCH_LOAD_DELTAS ?? 200)
const interval = Number(process.env.BENCH_LOAD_INTERVAL ?? 20)
const ramp = Number(process.env.BENCH_LOAD_RAMP ?? 0)
const httpClient = process.env.BENCH_LOAD_CLIENT ?? "fetch"
const listeners = Number(process.env.BENCH_LOAD_LISTENERS ?? 8)
const profile = process.env.BENCH_LOAD_PROFILE as "cpu" | "heap" | undefined

const here = import.meta.dirname
const resultsDir = Path.join(here, "results", "load")
const published = process.env.BENCH_SOURCE !== "src"

const loadAverage = () => Os.loadavg().map((value) => value.toFixed(2)).join(" ")

/** A child process running one of bench/load/*.ts, through tsx, the library served from `dist/` when published. */
const fork = (script: string, env: Record<string, string>): ChildProcess.ChildProcess =>
  ChildProcess.fork(Path.join(here, "load", script), [], {
    execArgv: [
      "--enable-source-maps",
      "--import",
      "tsx",
      ...(published ? ["--import", Url.pathToFileURL(Path.join(here, "load", "published.mjs")).href] : [])
    ],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"]
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

/** Peak of Redis's `connected_clients` while sampling, less the sampling connection itself. */
const redisConnections = async (url: string) => {
  const { createClient } = await import("redis")
  const client = createClient({ url })
  await client.connect()
  let peak = 0
  let sampling = true
  const loop = (async () => {
    while (sampling) {
      const info = String(await client.sendCommand(["INFO", "clients"]))
      const connected = Number(/connected_clients:(\d+)/.exec(info)?.[1] ?? 0) - 1
      peak = Math.max(peak, connected)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  })()
  return {
    stop: async () => {
      sampling = false
      await loop
      await client.quit()
      return peak
    }
  }
}

interface ServerStats {
  readonly cpuMs: number
  readonly peakRssMb: number
  readonly maxRssMb: number
  readonly gcMs: number
  /** When the POSTs reached the handler, after the first one. */
  readonly arrival: { readonly p50: number; readonly p99: number }
  readonly eventLoopDelay: { readonly p50: number; readonly p99: number; readonly max: number; readonly mean: number }
}

export interface Cell {
  readonly mode: Mode
  readonly n: number
  readonly report: Report
  readonly server: ServerStats
  readonly idleRssMb: number
  readonly redisConnections: number | undefined
  readonly modelCpuMs: number
  readonly loadStart: string
  readonly loadEnd: string
}

const runCell = async (mode: Mode, n: number): Promise<Cell> => {
  const loadStart = loadAverage()
  const children: Array<ChildProcess.ChildProcess> = []
  let redis: { readonly url: string; readonly kill: () => void } | undefined
  try {
    if (mode === "redis") {
      const { startRedis } = await import("../test/support/RedisServer.js")
      redis = await startRedis()
    }
    const model = fork("model.ts", { LOAD_DELTAS: String(deltas), LOAD_INTERVAL: String(interval) })
    children.push(model)
    const { port: modelPort } = await next<{ port: number }>(model, (message) => message?.port !== undefined)
    const server = fork("server.ts", {
      LOAD_MODE: mode,
      LOAD_MODEL_URL: `http://127.0.0.1:${modelPort}/v1`,
      LOAD_HTTP_CLIENT: httpClient,
      LOAD_LISTENERS: String(listeners),
      ...(redis === undefined ? {} : { LOAD_REDIS_URL: redis.url })
    })
    children.push(server)
    const { port } = await next<{ port: number }>(server, (message) => message?.type === "listening")
    const clients = fork("clients.ts", {})
    children.push(clients)
    await next(clients, (message) => message?.type === "ready")
    const url = `http://127.0.0.1:${port}`
    const tag = `${mode}-${n}-${Date.now().toString(36)}`
    const runClients = (message: Omit<RunMessage, "type" | "url">) =>
      ask<Report>(clients, { type: "run", url, ...message }, "report")
    // Warm-up: the server's code paths compiled, its pools and connections made.
    const warm = await runClients({
      n: Math.min(n, 200),
      deltas: 200,
      drop: mode === "plain" || mode === "floor" ? 0 : drop,
      pause: 0,
      ramp: 0,
      tag: `${tag}-warm`,
      prompt: "deltas=200 interval=1"
    })
    if (warm.complete !== warm.answers) {
      console.log(`warm-up: ${warm.answers - warm.complete} failed: ${warm.failures.slice(0, 3).join("; ")}`)
    }
    const sampler = redis === undefined ? undefined : await redisConnections(redis.url)
    const { rss } = await ask<{ rss: number }>(server, { type: "start" }, "started")
    const file = profile === undefined
      ? undefined
      : Path.join(resultsDir, `${mode}-${n}.${profile === "cpu" ? "cpuprofile" : "heapprofile"}`)
    if (file !== undefined) await ask(server, { type: "profile-start", heap: profile === "heap" }, "profiling")
    const report = await runClients({
      n,
      deltas,
      drop: mode === "plain" || mode === "floor" ? 0 : drop,
      pause,
      ramp,
      tag
    })
    if (file !== undefined) {
      Fs.mkdirSync(resultsDir, { recursive: true })
      await ask(server, { type: "profile-stop", file }, "profiled")
    }
    const stats = await ask<ServerStats>(server, { type: "stats" }, "stats")
    const modelStats = await ask<{ cpuMs: number }>(model, { type: "stats" }, "stats")
    const connections = sampler === undefined ? undefined : await sampler.stop()
    if (file !== undefined) await summariseProfile(file, report)
    return {
      mode,
      n,
      report,
      server: stats,
      idleRssMb: rss / 2 ** 20,
      redisConnections: connections,
      modelCpuMs: modelStats.cpuMs,
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
  value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`

const modeName: Record<Mode, string> = {
  plain: "`toResponse(fromStream(...))`",
  memory: "`resumable`, memory store",
  redis: "`resumable`, Redis store",
  floor: "floor: a hand-written proxy"
}

export const row = (cell: Cell): Array<string> => {
  const { report, server } = cell
  return [
    modeName[cell.mode],
    cell.n.toLocaleString("en"),
    `${report.complete.toLocaleString("en")}${report.resumed > 0 ? ` (${report.resumed} resumed)` : ""}`,
    `${server.peakRssMb.toFixed(0)} MB`,
    cell.redisConnections === undefined ? "–" : String(cell.redisConnections),
    `${ms(report.lag.p50)} / ${ms(report.lag.p99)}`,
    `${ms(server.eventLoopDelay.p99)} (max ${ms(server.eventLoopDelay.max)})`,
    `${(server.cpuMs / cell.n).toFixed(1)} ms`,
    `${((server.peakRssMb - cell.idleRssMb) / cell.n * 1024).toFixed(0)} KB`,
    `${cell.loadStart.split(" ")[0]} → ${cell.loadEnd.split(" ")[0]}`
  ]
}

export const header = [
  "mode",
  "N",
  "answers complete",
  "peak RSS",
  "Redis connections",
  "chunk lag p50 / p99",
  "event-loop delay p99",
  "server CPU / answer",
  "RSS / answer",
  "load 1-min"
]

export const run = async (): Promise<void> => {
  console.log(
    `modes ${modes.join(", ")}; N ${sizes.join(", ")}; ${deltas} deltas ${interval} ms apart; drop ${drop} ` +
      `(pause ≤ ${pause} ms); ramp ${ramp} ms; server HTTP client ${httpClient}, ${listeners} listening sockets${
        profile === undefined ? "" : `; ${profile} profile`
      }`
  )
  const rows: Array<Array<string>> = []
  for (const mode of modes) {
    for (const n of sizes) {
      const started = performance.now()
      const cell = await runCell(mode, n)
      rows.push(row(cell))
      const { report } = cell
      console.log(
        `${mode} N=${n}: ${report.complete}/${report.answers} complete, ${report.resumed} resumed; lag p50 ${
          ms(report.lag.p50)
        } p90 ${ms(report.lag.p90)} p99 ${ms(report.lag.p99)} max ${ms(report.lag.max)} (${report.lagCount} deltas); ` +
          `POSTs handled p50 ${ms(cell.server.arrival.p50)} p99 ${
            ms(cell.server.arrival.p99)
          } after the first, headers p50 ${ms(report.headers.p50)} p99 ${ms(report.headers.p99)}, first delta p50 ${
            ms(report.firstDelta.p50)
          } p99 ${ms(report.firstDelta.p99)}; server CPU ${(cell.server.cpuMs / 1000).toFixed(1)} s (GC ${
            (cell.server.gcMs / 1000).toFixed(1)
          } s), peak RSS ${cell.server.peakRssMb.toFixed(0)} MB (idle ${
            cell.idleRssMb.toFixed(0)
          }), event-loop delay p50 ${ms(cell.server.eventLoopDelay.p50)} p99 ${
            ms(cell.server.eventLoopDelay.p99)
          } max ${ms(cell.server.eventLoopDelay.max)}; clients CPU ${(report.cpuMs / 1000).toFixed(1)} s, model CPU ${
            (cell.modelCpuMs / 1000).toFixed(1)
          } s; wall ${ms(report.wallMs)}, cell ${
            ms(performance.now() - started)
          }; load ${cell.loadStart} → ${cell.loadEnd}`
      )
      if (report.resumed > 0) {
        console.log(
          `  resumed clients: headers of the resume p50 ${ms(report.resumeFirst.p50)} p99 ${
            ms(report.resumeFirst.p99)
          }; lag of their deltas after it p50 ${ms(report.resumedLag.p50)} p99 ${ms(report.resumedLag.p99)} max ${
            ms(report.resumedLag.max)
          }`
        )
      }
      for (const failure of report.failures.slice(0, 5)) console.log(`  failed: ${failure}`)
    }
  }
  console.log(`\n${markdownTable(header, rows)}`)
}

if (import.meta.url === Url.pathToFileURL(process.argv[1]!).href) {
  if (published) {
    ChildProcess.execSync("npx tsc -p tsconfig.build.json", { cwd: Path.join(here, ".."), stdio: "inherit" })
  }
  await run()
}
