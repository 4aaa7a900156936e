/**
 * Many concurrent streams from one process against the replay server, each result checked. Shared by
 * the bounded test (test/core/Load.test.ts) and `npx tsx scripts/load.ts`.
 */
import { Effect, Layer, Redacted } from "effect"
import { Anthropic, CallStream, LanguageModel, OpenAI } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { HttpClient } from "effect/http"
import * as Fixtures from "./Fixtures.js"

export interface LoadReport {
  readonly streams: number
  readonly failures: number
  readonly wallMs: number
  readonly singleStreamMs: number
  readonly medianLatencyMs: number
  readonly p99LatencyMs: number
  readonly peakRssMb: number
  readonly peakHeapMb: number
}

const recordings = [
  { provider: "openai", file: "text.sse", text: "4200 + 42 equals 4242." },
  { provider: "anthropic", file: "text.sse", text: "4200 + 42 = 4242" }
] as const

const modelFor = (
  provider: string,
  baseUrl: string
): Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient> =>
  provider === "openai"
    ? OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl })))
    : Anthropic.model("claude").pipe(Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })))

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!

/** Registers the recordings (each in small pieces with short delays); their base URLs by provider. */
export const serveRecordings = (server: ReplayServer.ReplayServer): Record<string, string> =>
  Object.fromEntries(recordings.map((recording) => {
    const body = Fixtures.bytes(recording.provider, recording.file)
    return [
      recording.provider,
      server.serve({
        headers: { "content-type": "text/event-stream" },
        body,
        cuts: ReplayServer.randomCuts(body.length, 11, 300),
        delayMs: 2
      })
    ]
  }))

/**
 * Runs `streams` concurrent calls (alternating providers) against the given base URLs (by provider), or
 * against a replay server started here.
 */
export const run = (
  streams: number,
  client: Layer.Layer<HttpClient.HttpClient>,
  baseUrls?: Record<string, string>
): Effect.Effect<LoadReport, never, import("effect").Scope.Scope> =>
  Effect.gen(function*() {
    const urls = baseUrls ?? serveRecordings(yield* ReplayServer.make)
    // One client and one model per provider for all streams, as a server would hold them.
    const targets = yield* Effect.forEach(recordings, (recording) =>
      Effect.map(
        Layer.build(modelFor(recording.provider, urls[recording.provider]!).pipe(Layer.provide(client))),
        (context) => ({ ...recording, context })
      ))
    const one = (index: number) =>
      Effect.gen(function*() {
        const target = targets[index % targets.length]!
        const started = performance.now()
        const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(Effect.provide(target.context))
        return {
          ok: response.content === target.text && response.finishReasons.length === 1,
          ms: performance.now() - started
        }
      }).pipe(Effect.orElseSucceed(() => ({ ok: false, ms: 0 })))
    const single = yield* one(0)
    let peakRss = 0
    let peakHeap = 0
    const sample = () => {
      const memory = process.memoryUsage()
      peakRss = Math.max(peakRss, memory.rss)
      peakHeap = Math.max(peakHeap, memory.heapUsed)
    }
    const timer = setInterval(sample, 20)
    const started = performance.now()
    const results = yield* Effect.forEach(Array.from({ length: streams }, (_, index) => index), one, {
      concurrency: "unbounded"
    })
    const wallMs = performance.now() - started
    clearInterval(timer)
    sample()
    const latencies = results.map((result) => result.ms).sort((a, b) => a - b)
    return {
      streams,
      failures: results.filter((result) => !result.ok).length,
      wallMs,
      singleStreamMs: single.ms,
      medianLatencyMs: percentile(latencies, 0.5),
      p99LatencyMs: percentile(latencies, 0.99),
      peakRssMb: peakRss / 2 ** 20,
      peakHeapMb: peakHeap / 2 ** 20
    }
  })
