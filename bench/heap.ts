/**
 * Heap over a 1,000,000-chunk OpenAI stream through this library (`OpenAI.OpenAIClient`, 16 KiB pieces
 * generated on demand, so the body itself is never in memory): `heapUsed` after a full GC, sampled every
 * 100,000 chunks, must stay flat. Every chunk's text is checked against what was sent, without keeping
 * it. Then the peak heap growth (garbage included) over a 100,000-chunk stream per provider, for this
 * library and the official SDK: `heapUsed` sampled at every piece read, less the heap after a full GC
 * before the run. Run with `npm run bench -- heap` (or `node --expose-gc --import tsx bench/heap.ts`).
 */
import { Effect, Layer, Stream } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import { Message, OpenAI } from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Harness from "./harness.js"
import { libraryService, sdks } from "./implementations.js"

const total = Number(process.env.BENCH_HEAP_CHUNKS ?? 1_000_000)
const every = total / 10

const encoder = new TextEncoder()

/** The body of `n` content chunks as a pull stream of exactly 16 KiB pieces (the last one shorter). */
const generated = (n: number): ReadableStream<Uint8Array> => {
  let next = 0
  let pending: Array<Uint8Array> = [encoder.encode(Bodies.openaiParts.head)]
  let pendingBytes = pending[0]!.length
  let finished = false
  const take = (size: number): Uint8Array => {
    const out = new Uint8Array(size)
    let written = 0
    while (written < size) {
      const first = pending[0]!
      const count = Math.min(first.length, size - written)
      out.set(first.subarray(0, count), written)
      written += count
      if (count === first.length) pending.shift()
      else pending[0] = first.subarray(count)
    }
    pendingBytes -= size
    return out
  }
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      while (pendingBytes < Harness.pieceSize && !finished) {
        if (next < n) {
          const parts: Array<string> = []
          const end = Math.min(n, next + 64)
          for (; next < end; next++) parts.push(Bodies.openaiParts.content(Bodies.token(next)))
          const bytes = encoder.encode(parts.join(""))
          pending.push(bytes)
          pendingBytes += bytes.length
        } else {
          const bytes = encoder.encode(Bodies.openaiParts.tail)
          pending.push(bytes)
          pendingBytes += bytes.length
          finished = true
        }
      }
      if (pendingBytes === 0) {
        controller.close()
        return
      }
      controller.enqueue(take(Math.min(Harness.pieceSize, pendingBytes)))
      if (finished && pendingBytes === 0) pending = []
    }
  }, { highWaterMark: 0 })
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

export const run = async () => {
  const http = Layer.succeed(
    HttpClient.HttpClient,
    HttpClient.make((request) =>
      Effect.sync(() =>
        HttpClientResponse.fromWeb(
          request,
          new Response(generated(total), { headers: { "content-type": "text/event-stream" } })
        )
      )
    )
  )
  const samples: Array<{ chunks: number; heap: number }> = []
  let count = 0
  let contentChunks = 0
  let mismatches = 0
  const sample = () => {
    Harness.gc()
    samples.push({ chunks: count, heap: process.memoryUsage().heapUsed })
  }
  sample()
  const started = performance.now()
  await Effect.runPromise(
    Effect.flatMap(
      OpenAI.OpenAIClient,
      (client) =>
        client.stream({ model: "gpt-4o", messages: [Message.user("Write a very long story.")] }).pipe(
          Stream.runForEach((chunk) =>
            Effect.sync(() => {
              // chunk 0 is the role chunk, then the content chunks, then finish and usage
              if (count >= 1 && count <= total) {
                if (chunk.content !== Bodies.token(count - 1)) mismatches++
                contentChunks++
              }
              count++
              if (count % every === 0) sample()
            })
          )
        )
    ).pipe(Effect.provide(OpenAI.layer().pipe(Layer.provide(http))))
  )
  const seconds = (performance.now() - started) / 1000
  sample()
  if (count !== total + 3 || contentChunks !== total || mismatches !== 0) {
    throw new Error(`heap: decoded ${count} chunks (${mismatches} with the wrong text), expected ${total + 3}`)
  }
  console.log(
    `Heap over a ${total.toLocaleString("en")}-chunk OpenAI stream through OpenAI.OpenAIClient (16 KiB pieces): ${
      seconds.toFixed(1)
    } s, ${Harness.formatRate(total / seconds)} chunks/s; heapUsed after GC:`
  )
  console.log(samples.map((s) => `${s.chunks.toLocaleString("en")}: ${mb(s.heap)}`).join(", "))
  // The first sample is before the stream starts (no fiber, no parser); growth is judged from the first
  // sample taken while streaming.
  const streaming = samples.slice(1, -1)
  const growth = streaming[streaming.length - 1]!.heap - streaming[0]!.heap
  const max = Math.max(...streaming.map((s) => s.heap))
  const min = Math.min(...streaming.map((s) => s.heap))
  console.log(
    `growth while streaming (${streaming[0]!.chunks.toLocaleString("en")} → ${
      streaming[streaming.length - 1]!.chunks.toLocaleString("en")
    } chunks): ${mb(growth)}; range ${mb(min)}–${mb(max)}; ${Math.abs(growth) < 2 * 1024 * 1024 ? "flat" : "GROWING"}`
  )
}

/** The most the heap grows (garbage included) while `run` streams a body, sampled at every piece. */
const peakGrowth = async (run: () => Promise<unknown>): Promise<number> => {
  Harness.gc()
  const before = process.memoryUsage().heapUsed
  let peak = before
  Harness.onPiece.current = () => {
    const heap = process.memoryUsage().heapUsed
    if (heap > peak) peak = heap
  }
  try {
    await run()
  } finally {
    Harness.onPiece.current = undefined
  }
  return peak - before
}

export const runPeak = async () => {
  const rows: Array<Array<string>> = []
  for (const provider of ["openai", "openai-responses", "anthropic", "bedrock"] as const) {
    const body = Bodies.make(provider, 100_000)
    const pieces = Harness.cut(body.bytes, "16 KiB")
    const library = libraryService(provider)
    const sdk = sdks[provider]
    // A warm-up each, then the median of three.
    await library(pieces)
    await sdk.run(pieces)
    const measure = async (run: () => Promise<unknown>) => {
      const values = [await peakGrowth(run), await peakGrowth(run), await peakGrowth(run)]
      return Harness.median(values)
    }
    const ours = await measure(() => library(pieces))
    const theirs = await measure(async () => sdk.run(pieces))
    rows.push([provider, mb(ours), mb(theirs), `${(ours / theirs).toFixed(2)}×`])
  }
  console.log("\nPeak heap growth over a 100,000-chunk stream, 16 KiB pieces (median of 3, garbage included)")
  console.log(Harness.markdownTable(["provider", "this library (client)", "official SDK", "ratio"], rows))
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await run()
  await runPeak()
}
