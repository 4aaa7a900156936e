/**
 * SSE framing throughput on a 100,000-event body: this library's parser (directly and as a Stream
 * stage), `eventsource-parser`, and `@effect/experimental`'s `Sse.makeChannel`, in 16 KiB pieces and in
 * small random pieces. Run with `npm run bench -- sse`.
 */
import { Effect, Stream } from "effect"
import { randomCuts, splitAt } from "effect-llm-stream/ReplayServer"
import * as Sse from "effect/encoding/Sse"
import { createParser } from "eventsource-parser"
import * as BodyDecoder from "../src/core/framing/BodyDecoder.js"
import * as OwnSse from "../src/core/framing/Sse.js"

const events = 100_000

const makeBody = (): Uint8Array => {
  const parts: Array<string> = []
  for (let index = 0; index < events; index++) {
    parts.push(
      `data: {"id":"chatcmpl-AbC123","object":"chat.completion.chunk","created":1766084435,"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{"content":"token ${index} "},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"x1y2"}\n\n`
    )
  }
  parts.push("data: [DONE]\n\n")
  return new TextEncoder().encode(parts.join(""))
}

const median = (values: Array<number>) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const time = async (run: () => Promise<number> | number, rounds = 5): Promise<number> => {
  const times: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    const start = performance.now()
    const count = await run()
    times.push(performance.now() - start)
    if (count !== events + 1) throw new Error(`decoded ${count} events, expected ${events + 1}`)
  }
  return median(times)
}

const floor = (pieces: ReadonlyArray<Uint8Array>) => {
  const decoder = new TextDecoder()
  let rest = ""
  let count = 0
  for (const piece of pieces) {
    const lines = (rest + decoder.decode(piece, { stream: true })).split("\n")
    rest = lines.pop()!
    for (const line of lines) if (line.startsWith("data: ")) count++
  }
  return count
}

const ownParser = (pieces: ReadonlyArray<Uint8Array>) => {
  const parser = new OwnSse.Parser()
  let count = 0
  const out: Array<OwnSse.Event> = []
  for (const piece of pieces) {
    parser.push(piece, out)
    count += out.length
    out.length = 0
  }
  parser.end(out)
  return count + out.length
}

const ownStream = (pieces: ReadonlyArray<Uint8Array>) =>
  Effect.runPromise(
    Stream.fromIterable(pieces).pipe(
      // Every event is emitted, `[DONE]` included (the stage ends there).
      BodyDecoder.decodeBody(() => {
        let last = ""
        return BodyDecoder.make("openai", OwnSse.framer("openai", undefined), {
          decode: (event) => {
            last = event.data
            return event
          },
          complete: () => last === "[DONE]"
        })
      }),
      Stream.runCount
    )
  )

const eventsourceParser = (pieces: ReadonlyArray<Uint8Array>) => {
  let count = 0
  const parser = createParser({ onEvent: () => count++ })
  const decoder = new TextDecoder()
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }))
  return count
}

const effectSse = (pieces: ReadonlyArray<Uint8Array>) =>
  Effect.runPromise(
    Stream.fromIterable(pieces).pipe(
      Stream.decodeText(),
      Stream.pipeThroughChannel(Sse.decode()),
      Stream.runCount
    )
  )

export const run = async () => {
  const body = makeBody()
  const inputs = {
    "16 KiB pieces": splitAt(body, Array.from({ length: Math.ceil(body.length / 16384) }, (_, i) => (i + 1) * 16384)),
    "random 1-256 B pieces": splitAt(body, randomCuts(body.length, 7, 256))
  }
  console.log(`SSE framing, ${events} events, ${(body.length / 1e6).toFixed(1)} MB body (median of 5, ms)`)
  const rows: Array<Record<string, string>> = []
  for (const [name, pieces] of Object.entries(inputs)) {
    const base = await time(() => floor(pieces))
    const row: Record<string, string> = { input: `${name} (${pieces.length})`, "floor (split)": base.toFixed(0) }
    const candidates: Record<string, (p: ReadonlyArray<Uint8Array>) => number | Promise<number>> = {
      "own Parser": ownParser,
      "own SSE stage (Stream)": ownStream,
      "eventsource-parser": eventsourceParser,
      "effect/encoding/Sse": effectSse
    }
    for (const [label, candidate] of Object.entries(candidates)) {
      const ms = await time(() => candidate(pieces), name.startsWith("random") && label.startsWith("effect/") ? 1 : 5)
      row[label] = `${ms.toFixed(0)} (${(ms / base).toFixed(2)}x, ${((events / ms) * 1000 / 1e6).toFixed(2)}M ev/s)`
    }
    rows.push(row)
  }
  console.table(rows)
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
