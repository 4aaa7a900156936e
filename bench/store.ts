/**
 * The stream stores of resumable streams: a generation of 5,000 UI chunks (text deltas of ~20 bytes, the
 * shape `fromStream` sends) appended as the generation hands them on, one chunk per append (a model's pace:
 * the worst case) and in pieces of 32, while a reader follows live; then a replay of the whole stream. Memory
 * store and Redis store (a `redis-server` started on a free port, where one is installed). Also the latency of
 * one live chunk: from its append to the reader that waits for it (median of 200). Then, on Redis, many streams
 * at once (bench/store-many.ts: 100, 1,000 and 3,000 streams of 200 chunks at a model's pace, a fifth of the
 * readers resuming on another instance; the memory store in the same harness for comparison;
 * `BENCH_STORE_STREAMS=100,1000` chooses the sizes). Run with `npm run bench -- store`.
 */
import { Context, Effect, Fiber, Layer, Stream } from "effect"
import { StreamStore } from "../src/index.js"
import { redisServer, startRedis } from "../test/support/RedisServer.js"
import { runMany } from "./store-many.js"

const count = 5_000
const chunk = (index: number) => ({ type: "text-delta", id: "text-1", delta: `word ${index} ` })

const storeOf = <E>(layer: Layer.Layer<never, E>) =>
  Effect.map(Layer.build(layer), (context) => Context.get(context as Context.Context<never>, StreamStore.StreamStore))

const median = (values: Array<number>) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const measure = (name: string, store: StreamStore.Service) =>
  Effect.gen(function*() {
    for (const piece of [1, 32]) {
      const id = `bench-${name}-${piece}-${Date.now()}`
      yield* store.create(id)
      const reader = yield* Effect.forkChild(Effect.flatMap(store.read(id), Stream.runCount))
      const started = performance.now()
      for (let i = 0; i < count; i += piece) {
        yield* store.append(id, Array.from({ length: Math.min(piece, count - i) }, (_, j) => chunk(i + j)))
      }
      yield* store.end(id, "completed")
      const read = yield* Fiber.join(reader)
      const live = performance.now() - started
      const replayStart = performance.now()
      const replayed = yield* Effect.flatMap(store.read(id), Stream.runCount)
      const replay = performance.now() - replayStart
      if (read !== count || replayed !== count) throw new Error(`read ${read}, replayed ${replayed} of ${count}`)
      console.log(
        `${name.padEnd(6)} ${String(piece).padStart(2)} per append: ${
          (count / live * 1000).toFixed(0).padStart(7)
        } chunks/s appended and read live; replay ${(count / replay * 1000).toFixed(0).padStart(8)} chunks/s`
      )
    }
    const id = `bench-${name}-latency-${Date.now()}`
    yield* store.create(id)
    const stream = yield* store.read(id)
    const latencies: Array<number> = []
    let sentAt = 0
    const reader = yield* Effect.forkChild(Stream.runForEach(stream, () =>
      Effect.sync(() => {
        latencies.push(performance.now() - sentAt)
      })))
    for (let i = 0; i < 200; i++) {
      sentAt = performance.now()
      yield* store.append(id, [chunk(i)])
      while (latencies.length <= i) yield* Effect.sleep("0 millis")
    }
    yield* store.end(id, "completed")
    yield* Fiber.join(reader)
    console.log(`${name.padEnd(6)} live chunk latency (append to reader): median ${median(latencies).toFixed(3)} ms`)
  })

export const run = async (): Promise<void> => {
  await Effect.runPromise(
    Effect.scoped(Effect.flatMap(storeOf(StreamStore.layerMemory()), (store) => measure("memory", store)))
  )
  if (redisServer === undefined) {
    console.log("redis: skipped (redis-server is not installed)")
    return
  }
  const redis = await startRedis()
  try {
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(storeOf(StreamStore.layerRedis({ url: redis.url })), (store) => measure("redis", store))
      )
    )
    const sizes = (process.env.BENCH_STORE_STREAMS ?? "100,1000,3000").split(",").map(Number)
    for (const streams of sizes) {
      const shape = { streams, chunks: 200, intervalMs: 20, dropShare: 0.2 }
      console.log(`memory ${await runMany(undefined, shape)}`)
      console.log(`redis  ${await runMany(redis.url, shape)}`)
    }
  } finally {
    redis.kill()
  }
}
