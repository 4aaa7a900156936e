/**
 * The server under load, a process of its own, on the public API only: `node:http`, each answer
 * `toMessages` → `LanguageModel.stream` (OpenAI's client over the loopback model) → `UIMessageStream.fromStream`
 * → `toResponse` (mode `plain`) or `resumable` then `toResponse` (modes `memory` and `redis`, with
 * `StreamStore.layerMemory` / `layerRedis`), the Web `Response` written to the socket with backpressure
 * (webToNode.ts). Routes: `POST /chat/:id` answers, `GET /chat/:id/stream?after=k` resumes
 * (`UIMessageStream.resumeResponse`).
 *
 * Forked by bench/load.ts. Messages: `start` (resets the measures: CPU, event-loop delay, peak RSS from now),
 * `stats` (answers them), `profile-start` / `profile-stop` (a CPU profile, or with `{ heap: true }` a sampling
 * heap profile of every allocation, collected or not, written to `file`).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { Effect, Layer, ManagedRuntime, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Http from "node:http"
import * as Inspector from "node:inspector/promises"
import * as PerfHooks from "node:perf_hooks"
import { LanguageModel, OpenAI, StreamStore, UIMessageStream } from "../../src/index.js"
import * as Floor from "./floor.js"
import { writeResponse } from "./webToNode.js"

const mode = (process.env.LOAD_MODE ?? "plain") as "plain" | "memory" | "redis" | "floor"
const modelUrl = process.env.LOAD_MODEL_URL!
const httpClient = process.env.LOAD_HTTP_CLIENT === "undici" ? NodeHttpClient.layerUndici : FetchHttpClient.layer

const model = OpenAI.model("gpt-4o-mini").pipe(
  Layer.provide(OpenAI.layer({ apiKey: Redacted.make("load-key"), baseUrl: modelUrl })),
  Layer.provide(httpClient)
)
const store = mode === "redis"
  ? StreamStore.layerRedis({ url: process.env.LOAD_REDIS_URL!, ttl: "2 minutes" })
  : StreamStore.layerMemory({ ttl: "2 minutes" })
const runtime = ManagedRuntime.make(Layer.merge(model, store))

const answer = (id: string, body: string): Effect.Effect<Response, never, LanguageModel.LanguageModel> =>
  UIMessageStream.toMessages(body).pipe(
    Effect.flatMap(({ messages }) => {
      const chunks = LanguageModel.stream({ messages }).pipe(UIMessageStream.fromStream({ messageId: `m-${id}` }))
      return mode === "plain"
        ? UIMessageStream.toResponse(chunks)
        : chunks.pipe(UIMessageStream.resumable({ streamId: id }), Effect.flatMap(UIMessageStream.toResponse()))
    }),
    Effect.catch((error) => Effect.succeed(Response.json({ error: error.message }, { status: 400 })))
  )

const readBody = (request: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (piece: string) => body += piece)
    request.on("end", () => resolve(body))
    request.on("error", reject)
  })

const handle = async (request: Http.IncomingMessage, response: Http.ServerResponse) => {
  try {
    const url = new URL(request.url ?? "/", "http://localhost")
    const [, chat, id, action] = url.pathname.split("/")
    let web: Response
    if (chat !== "chat" || id === undefined) web = new Response(null, { status: 404 })
    else if (mode === "floor") {
      arrivals.push(performance.now())
      await readBody(request)
      return Floor.answer(modelUrl, id, response)
    } else if (request.method === "POST" && action === undefined) {
      arrivals.push(performance.now())
      web = await runtime.runPromise(answer(id, await readBody(request)))
    } else if (request.method === "GET" && action === "stream") {
      const after = url.searchParams.get("after")
      web = await runtime.runPromise(
        UIMessageStream.resumeResponse(id, { after: after === null ? undefined : Number(after) })
      )
    } else web = new Response(null, { status: 404 })
    await writeResponse(web, response)
  } catch (error) {
    console.error(error)
    response.destroy()
  }
}

// Measures, from `start`.
const resolution = 10
const delay = PerfHooks.monitorEventLoopDelay({ resolution })
const late = (nanos: number) => Math.max(0, nanos / 1e6 - resolution)
let cpuAtStart = process.cpuUsage()
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

process.on("message", async (message: { readonly type: string; readonly heap?: boolean; readonly file?: string }) => {
  switch (message.type) {
    case "start": {
      arrivals.length = 0
      delay.reset()
      delay.enable()
      cpuAtStart = process.cpuUsage()
      peakRss = 0
      gcMs = 0
      sampleRss()
      process.send!({ type: "started", rss: process.memoryUsage.rss() })
      break
    }
    case "stats": {
      delay.disable()
      sampleRss()
      const cpu = process.cpuUsage(cpuAtStart)
      const sorted = arrivals.map((at) => at - arrivals[0]!).sort((a, b) => a - b)
      process.send!({
        type: "stats",
        cpuMs: (cpu.user + cpu.system) / 1000,
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
    case "profile-start": {
      session = new Inspector.Session()
      session.connect()
      heap = message.heap === true
      if (heap) {
        await session.post("HeapProfiler.enable")
        await session.post("HeapProfiler.startSampling", {
          samplingInterval: 4096,
          includeObjectsCollectedByMajorGC: true,
          includeObjectsCollectedByMinorGC: true
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
process.send!({ type: "listening", port })
