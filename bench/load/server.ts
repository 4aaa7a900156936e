/**
 * The server under load, a process of its own: `node:http`, each request handed to the contestant of its mode
 * (bench/load/contestant.ts), imported for that mode alone so that the process holds what its contestant loads:
 * this library (bench/load/library.ts: modes `plain`, `memory`, `redis`), the Vercel AI SDK (bench/load/aisdk.ts:
 * mode `ai`), a hand-written floor (bench/load/floor.ts: modes `floor`, `floor-http`, `floor-slow`) or the floor's answer with
 * Effect's HTTP client (bench/load/effect.ts: mode `effect`). Routes: `POST /chat/:id` answers,
 * `GET /chat/:id/stream?after=k` resumes.
 *
 * Forked by bench/load.ts (with `--expose-gc`). It sends `{ type: "listening", port, memory }` once its
 * contestant is loaded and listening (`process.memoryUsage()` after a full GC: the idle server). Messages: `start`
 * (resets the measures: CPU, event-loop delay, peak RSS from now; answers with the memory after a full GC), `stats`
 * (answers them), `reduce` (answers with the memory as V8's memory reducer leaves an idle server: after the measured
 * run),
 * `profile-start` / `profile-stop` (a CPU profile, or with `{ heap: true }` a sampling heap profile of every
 * allocation, collected or not, or with `{ survivors: true }` too of those that outlived a scavenge, written to
 * `file`).
 */
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Inspector from "node:inspector/promises"
import * as PerfHooks from "node:perf_hooks"
import type { Contestant, Options } from "./contestant.js"

const options: Options = {
  mode: (process.env.LOAD_MODE ?? "plain") as Options["mode"],
  modelUrl: process.env.LOAD_MODEL_URL!,
  redisUrl: process.env.LOAD_REDIS_URL,
  httpClient: (process.env.LOAD_HTTP_CLIENT ?? "default") as Options["httpClient"],
  floorWork: {
    start: Number(/start=(\d+)/.exec(process.env.LOAD_FLOOR_WORK ?? "")?.[1] ?? 0),
    delta: Number(/delta=(\d+)/.exec(process.env.LOAD_FLOOR_WORK ?? "")?.[1] ?? 0)
  }
}
const contestant: Contestant = await (options.mode === "floor" || options.mode === "floor-http" ||
    options.mode === "floor-slow"
  ? import("./floor.js")
  : options.mode === "effect" || options.mode === "effect-web"
  ? import("./effect.js")
  : options.mode === "ai"
  ? import("./aisdk.js")
  : options.mode === "endpoint"
  ? import("./endpoint.js")
  : import("./library.js")).then((module) => module.make(options))

const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse) => {
  try {
    const url = new URL(request.url ?? "/", "http://localhost")
    const [, chat, id, action] = url.pathname.split("/")
    if (chat === "chat" && id !== undefined && request.method === "POST" && action === undefined) {
      arrivals.push(performance.now())
      return await contestant.answer(id, request, response)
    }
    if (chat === "chat" && id !== undefined && request.method === "GET" && action === "stream" && contestant.resume) {
      const after = url.searchParams.get("after")
      return await contestant.resume(id, after === null ? undefined : Number(after), response)
    }
    response.writeHead(404).end()
  } catch (error) {
    console.error(error)
    response.destroy()
  }
}

type Gc = (options?: { readonly type: "major"; readonly execution: "sync"; readonly flavor: "last-resort" }) => void

/** The process's memory after a full GC, once the heap has settled. */
const settledMemory = async (): Promise<NodeJS.MemoryUsage> => {
  await new Promise((resolve) => setTimeout(resolve, 200))
  ;(globalThis as { gc?: Gc }).gc?.()
  return process.memoryUsage()
}

/**
 * The process's memory as V8 leaves a server that has been idle for a while: its memory reducer collects everything
 * it can and shrinks the heap to what it holds (the young generation, grown to 32 MB under load, back to 1 MB). A
 * last-resort GC does that at once. Left idle after 300 answers at once, the servers reached the same figure within
 * 1 MB by themselves in 40 s, not yet in 12 s (`BENCH_LOAD_REDUCE_WAIT`; docs/ui.md, "A server's memory").
 */
const reducedMemory = async (): Promise<NodeJS.MemoryUsage> => {
  // `LOAD_REDUCE_WAIT` (ms): idle that long instead, and let V8 reduce the heap by itself (the figure to check it by).
  const wait = Number(process.env.LOAD_REDUCE_WAIT ?? 0)
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  else (globalThis as { gc?: Gc }).gc?.({ type: "major", execution: "sync", flavor: "last-resort" })
  return process.memoryUsage()
}

// Measures, from `start`.
const resolution = 10
const delay = PerfHooks.monitorEventLoopDelay({ resolution })
const late = (nanos: number) => Math.max(0, nanos / 1e6 - resolution)
let cpuAtStart = process.cpuUsage()
/**
 * The CPU time of this process's main thread, in ms, from Linux's per-thread counters (`/proc/self/task`; 0
 * elsewhere): the rest of `process.cpuUsage()` is V8's helper threads (the collector's parallel and concurrent
 * work, the optimising compiler) and libuv's.
 */
const mainThreadMs = (): number => {
  try {
    const stat = Fs.readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    // utime and stime, in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return 0
  }
}
let mainAtStart = mainThreadMs()
let peakRss = 0
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss())
}
setInterval(sampleRss, 50).unref()
let gcMs = 0
new PerfHooks.PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration
}).observe({ entryTypes: ["gc"] })

/** When each POST reached its handler: a server busy with other answers accepts one connection per turn of its event loop. */
const arrivals: Array<number> = []

let session: Inspector.Session | undefined
let heap = false

process.on("message", async (message: {
  readonly type: string
  readonly heap?: boolean
  readonly survivors?: boolean
  readonly file?: string
}) => {
  switch (message.type) {
    case "start": {
      const memory = await settledMemory()
      arrivals.length = 0
      delay.reset()
      delay.enable()
      cpuAtStart = process.cpuUsage()
      mainAtStart = mainThreadMs()
      // Where the measured run starts and ends in what V8 prints (`BENCH_LOAD_SERVER_FLAGS=--trace-opt`).
      if (process.env.LOAD_MARKS !== undefined) console.log("--- measured run: start")
      peakRss = 0
      gcMs = 0
      sampleRss()
      process.send!({ type: "started", memory })
      break
    }
    case "stats": {
      delay.disable()
      if (process.env.LOAD_MARKS !== undefined) console.log("--- measured run: end")
      sampleRss()
      const cpu = process.cpuUsage(cpuAtStart)
      const sorted = arrivals.map((at) => at - arrivals[0]!).sort((a, b) => a - b)
      process.send!({
        type: "stats",
        cpuMs: (cpu.user + cpu.system) / 1000,
        systemMs: cpu.system / 1000,
        mainThreadMs: mainThreadMs() - mainAtStart,
        peakRssMb: peakRss / 2 ** 20,
        maxRssMb: process.resourceUsage().maxRSS / 1024,
        gcMs,
        arrival: { p50: sorted[sorted.length >> 1] ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0 },
        // The histogram holds each 10 ms timer's whole interval: the delay is what it took beyond that.
        eventLoopDelay: {
          p50: late(delay.percentile(50)),
          p99: late(delay.percentile(99)),
          max: late(delay.max),
          mean: late(delay.mean)
        }
      })
      break
    }
    case "reduce": {
      process.send!({ type: "reduced", memory: await reducedMemory() })
      break
    }
    case "profile-start": {
      session = new Inspector.Session()
      session.connect()
      heap = message.heap === true
      if (heap) {
        await session.post("HeapProfiler.enable")
        await session.post("HeapProfiler.startSampling", {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          // `survivors`: only what outlived a scavenge (promoted to the old generation, or live at the end).
          includeObjectsCollectedByMinorGC: message.survivors !== true
        })
      } else {
        await session.post("Profiler.enable")
        await session.post("Profiler.setSamplingInterval", { interval: 200 })
        await session.post("Profiler.start")
      }
      process.send!({ type: "profiling" })
      break
    }
    case "profile-stop": {
      const profile = heap
        ? (await session!.post("HeapProfiler.stopSampling")).profile
        : (await session!.post("Profiler.stop")).profile
      session!.disconnect()
      Fs.writeFileSync(message.file!, JSON.stringify(profile))
      process.send!({ type: "profiled", file: message.file })
      break
    }
  }
})
process.on("disconnect", () => process.exit(0))

// A Node server busy with other answers accepts one connection per turn of its event loop and listening socket:
// `listeners` sockets on the port (`reusePort`, Node 22.12 and later; the kernel spreads connections over them)
// accept that many per turn. And a backlog for thousands of connections at once (Node's default, 511, drops the
// rest of a burst's SYNs, and their clients retry a second or more later).
const listeners = Number(process.env.LOAD_LISTENERS ?? 1)
const listen = (port: number): Promise<number> =>
  new Promise((resolve) => {
    const server = Http.createServer(handle)
    server.keepAliveTimeout = 60_000
    server.listen({ port, host: "127.0.0.1", backlog: 8192, reusePort: listeners > 1 }, () => {
      const address = server.address()
      resolve(typeof address === "object" && address !== null ? address.port : 0)
    })
  })
const port = await listen(0)
for (let index = 1; index < listeners; index++) await listen(port)
process.send!({ type: "listening", port, memory: await settledMemory() })
