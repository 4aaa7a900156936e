/**
 * Many streams at once on the Redis store, as a loaded server has them: `streams` generations on one instance
 * (A), each appending `chunks` text deltas one at a time every `intervalMs` (a model's pace), each read live by
 * a reader on A (the client that started it); a share of the clients (`dropShare`) drop after half the stream
 * and resume on another instance (B) from where they were. Reported: the chunks delivered per second, the lag
 * from append to reader (p50, p99), the event loop's delay (p99), the process's CPU time per chunk delivered
 * and Redis's per chunk appended (both little changed by a busy machine), the Redis round trips per appended chunk
 * (counted by Redis: `INFO commandstats`), Redis's own commands per chunk (scripts' inner calls counted), and
 * the most connections each instance held (`CLIENT LIST`, sampled every second). Every reader checks that it got every
 * chunk once and in order.
 */
import { Context, Effect, Fiber, Layer, Stream } from "effect"
import * as ChildProcess from "node:child_process"
import * as PerfHooks from "node:perf_hooks"
import { StreamStore } from "../src/index.js"

const storeOf = <E>(layer: Layer.Layer<never, E>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context as Context.Context<never>, StreamStore.StreamStore))

const redisCli = (url: string, ...args: Array<string>): Promise<string> =>
  new Promise((resolve, reject) =>
    ChildProcess.execFile(
      "redis-cli",
      ["-u", url, ...args],
      (error, stdout) => error === null ? resolve(stdout) : reject(error)
    )
  )

/** The calls of each command Redis ran (top-level and inside scripts), from `INFO commandstats`. */
const commandCalls = async (url: string): Promise<Map<string, number>> => {
  const calls = new Map<string, number>()
  for (const line of (await redisCli(url, "INFO", "commandstats")).split("\n")) {
    const match = /^cmdstat_([a-z|]+):calls=(\d+)/.exec(line.trim())
    if (match !== null) calls.set(match[1]!, Number(match[2]))
  }
  return calls
}

/** The CPU time Redis has used, in µs (`INFO cpu`). */
const redisCpu = async (url: string): Promise<number> => {
  const info = await redisCli(url, "INFO", "cpu")
  const seconds = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return (seconds("used_cpu_user") + seconds("used_cpu_sys")) * 1e6
}

const connectionsNow = async (url: string): Promise<number> =>
  (await redisCli(url, "CLIENT", "LIST")).trim().split("\n").length - 1

const percentile = (sorted: Float64Array, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

/**
 * One run; `url` is a Redis the stores may use (a fresh prefix per run), or `undefined` for the memory store
 * (both instances the same store: the harness's own cost, to set the Redis store's against).
 */
export const runMany = async (url: string | undefined, options: {
  readonly streams: number
  readonly chunks: number
  readonly intervalMs: number
  readonly dropShare: number
}): Promise<string> => {
  const prefix = `bench-${Date.now()}:`
  const before = url === undefined ? new Map<string, number>() : await commandCalls(url)
  const idle = url === undefined ? 0 : await connectionsNow(url)
  const redisCpuBefore = url === undefined ? 0 : await redisCpu(url)
  const cpuBefore = process.cpuUsage()
  const delay = PerfHooks.monitorEventLoopDelay({ resolution: 10 })
  const lags = new Float64Array(options.streams * options.chunks)
  let delivered = 0
  let measured = 0
  let connections = { a: 0, b: 0 }
  const program = Effect.scoped(Effect.gen(function*() {
    if (url === undefined) {
      const memory = yield* storeOf(StreamStore.layerMemory())
      return yield* many(memory, memory)
    }
    const a = yield* storeOf(StreamStore.layerRedis({ url, prefix }))
    const connectionsA = (yield* Effect.promise(() => connectionsNow(url))) - idle
    const b = yield* storeOf(StreamStore.layerRedis({ url, prefix }))
    const connectionsB = (yield* Effect.promise(() => connectionsNow(url))) - idle - connectionsA
    // The instances' connections, sampled every second (A's own do not change: its readers read in process).
    const sampler = yield* Effect.forkChild(Effect.forever(Effect.andThen(
      Effect.sleep("1 second"),
      Effect.promise(async () => {
        const now = (await connectionsNow(url)) - idle
        connections = { a: connectionsA, b: Math.max(connections.b, connectionsB, now - connectionsA) }
      })
    )))
    const elapsed = yield* many(a, b)
    yield* Fiber.interrupt(sampler)
    return elapsed
  }))
  /** The run: generations on `a`, their clients reading on `a`, those that drop resuming on `b`. */
  const many = (a: StreamStore.Service, b: StreamStore.Service) =>
    Effect.gen(function*() {
      const chunk = (stream: number, index: number) => ({
        type: "text-delta",
        id: `${stream}`,
        delta: `${index}`,
        at: 0
      })
      /**
       * Reads `stream` on `store` from `after` up to chunk `limit`, checking each is the next one; the lag of the
       * chunks appended since it started (a resumed reader's replay is not lag).
       */
      const reader = (store: StreamStore.Service, id: string, stream: number, after: number, limit: number) =>
        Effect.gen(function*() {
          const since = performance.now()
          let next = after
          yield* Effect.flatMap(store.read(id, { after }), (chunks) =>
            chunks.pipe(
              Stream.take(limit - after),
              Stream.runForEach((item) =>
                Effect.sync(() => {
                  const got = item as ReturnType<typeof chunk>
                  if (got.id !== `${stream}` || got.delta !== `${next}`) {
                    throw new Error(`stream ${stream}: chunk ${got.id}/${got.delta} where ${next} was due`)
                  }
                  delivered++
                  if (got.at >= since) lags[measured++] = performance.now() - got.at
                  next++
                })
              )
            ))
          return next
        })
      delay.enable()
      const started = performance.now()
      const generations = yield* Effect.forEach(Array.from({ length: options.streams }, (_, i) => i), (stream) =>
        Effect.forkChild(Effect.gen(function*() {
          const id = `s${stream}`
          yield* a.create(id)
          const drops = stream < options.streams * options.dropShare
          // The client: reads on A; one that drops does so after half the stream and resumes on B at once.
          const client = yield* Effect.forkChild(Effect.gen(function*() {
            const upTo = yield* reader(a, id, stream, 0, drops ? options.chunks / 2 : options.chunks)
            const end = drops ? yield* reader(b, id, stream, upTo, options.chunks) : upTo
            if (end !== options.chunks) {
              throw new Error(`stream ${stream}: read up to ${end}`)
            }
          }))
          for (let index = 0; index < options.chunks; index++) {
            yield* Effect.sleep(options.intervalMs)
            const item = chunk(stream, index)
            item.at = performance.now()
            yield* a.append(id, [item])
          }
          yield* a.end(id, "completed")
          yield* Fiber.join(client)
        })))
      yield* Effect.forEach(generations, Fiber.join)
      return performance.now() - started
    })
  const elapsed = await Effect.runPromise(program)
  delay.disable()
  const cpu = process.cpuUsage(cpuBefore)
  const after = url === undefined ? new Map<string, number>() : await commandCalls(url)
  const calls = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0)
  // Round trips: every command a client sent (a script is one, whatever it runs), by the commands clients send and
  // these scripts do not run (a reader's first look at its stream is a script too; none here reads a kept value's GET).
  // Scripts go as EVALSHA, as EVAL only when Redis has lost them. MONITOR sees the same (100 streams of 20 chunks:
  // EVALSHA 402, XREAD 92, CLIENT 4: 498).
  const roundTrips = calls("eval") + calls("evalsha") + calls("xread") + calls("get") + calls("client|unblock") +
    calls("client|id")
  const redisCommands = [...after.keys()].reduce(
    (sum, name) => sum + (name.startsWith("info") || name.startsWith("client|list") ? 0 : calls(name)),
    0
  )
  const appended = options.streams * options.chunks
  const sorted = lags.slice(0, measured).sort()
  const head = [
    `${String(options.streams).padStart(5)} streams × ${options.chunks} chunks every ${options.intervalMs} ms`,
    `${(delivered / elapsed * 1000).toFixed(0).padStart(7)} chunks/s delivered`,
    `lag p50 ${percentile(sorted, 0.5).toFixed(1)} / p99 ${percentile(sorted, 0.99).toFixed(1)} ms`,
    `loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms`,
    `process CPU ${((cpu.user + cpu.system) / delivered).toFixed(1)} µs / chunk delivered`
  ]
  if (url === undefined) return head.join("; ")
  return [
    ...head,
    `${(roundTrips / appended).toFixed(3)} round trips / chunk`,
    `${(redisCommands / appended).toFixed(2)} Redis commands / chunk`,
    `Redis CPU ${(((await redisCpu(url)) - redisCpuBefore) / appended).toFixed(1)} µs / chunk`,
    `connections: A ${connections.a}, B ${connections.b}`
  ].join("; ")
}
