/**
 * A browser's chat request read by `UIMessageStream.toMessages`: hostile bodies of about 64 MiB (the most it reads)
 * and the largest a bound lets through, each timed (wall and CPU, median of a few runs) and measured for the heap
 * it grows to (`heapUsed` sampled every millisecond during the run, less the heap after a full GC before it, so
 * garbage counts): any such body must be decoded (or refused) in under 0.5 s and under 3× its size in memory.
 * Then a conversation this server served, 100 turns with a tool round trip each, checked back (its signatures).
 * Run with `npm run bench -- requests`.
 */
import { readUIMessageStream, type UIMessageChunk } from "ai"
import { Effect } from "effect"
import * as UIHistorySigner from "../src/app/history/UIHistorySigner.js"
import { UIMessageStream } from "../src/index.js"
import * as Harness from "./harness.js"

const mib = 1024 * 1024

const repeatTo = (size: number, head: string, item: string, tail: string, last: string): string =>
  `${head}${item.repeat(Math.floor((size - head.length - tail.length - last.length) / item.length))}${last}${tail}`

/** The bodies: name → text. */
const bodies: ReadonlyArray<readonly [string, () => string]> = [
  [
    "64 MiB of empty messages",
    () =>
      repeatTo(
        64 * mib - 64,
        "{\"messages\":[",
        "{\"role\":\"user\",\"parts\":[]},",
        "]}",
        "{\"role\":\"user\",\"parts\":[]}"
      )
  ],
  [
    "64 MiB of zeros in a data part",
    () =>
      repeatTo(
        64 * mib - 64,
        "{\"messages\":[{\"role\":\"user\",\"parts\":[{\"type\":\"data-x\",\"data\":[",
        "0,",
        "]}]}]}",
        "0"
      )
  ],
  [
    "64 MiB of empty objects in a data part",
    () =>
      repeatTo(
        64 * mib - 64,
        "{\"messages\":[{\"role\":\"user\",\"parts\":[{\"type\":\"data-x\",\"data\":[",
        "{},",
        "]}]}]}",
        "{}"
      )
  ],
  [
    "64 MiB of one text",
    () => `{"messages":[{"role":"user","parts":[{"type":"text","text":"${"a".repeat(64 * mib - 80)}"}]}]}`
  ],
  [
    "an assistant text of 60 MiB, with a copied signature (checked, then dropped)",
    () =>
      JSON.stringify({
        messages: [
          { role: "user", parts: [{ type: "text", text: "hi" }] },
          {
            role: "assistant",
            metadata: { "effect-llm-stream/signed": { AAAAAAAAAAAAAAAA: "AAAAAAAAAAAAAAAAAAAAAA" } },
            parts: [{ type: "step-start" }, { type: "text", text: "a".repeat(60 * mib) }]
          },
          { role: "user", parts: [{ type: "text", text: "and?" }] }
        ]
      })
  ],
  [
    "400,000 values (at the bound), distinct keys",
    () =>
      `{"messages":[{"role":"user","parts":[{"type":"data-x","data":{${
        Array.from({ length: 399_990 }, (_, i) => `"k${i}":0`).join(",")
      }}}]}]}`
  ],
  ["1,000 messages of 100 parts (100,000 parts, at the bounds)", () =>
    JSON.stringify({
      messages: Array.from({ length: 1_000 }, () => ({
        role: "user",
        parts: Array.from({ length: 100 }, () => ({ type: "text", text: "x" }))
      }))
    })]
]

/** Runs `f`, sampling the heap every millisecond: its result, and the peak growth over the heap before it. */
const peakOf = async <A>(f: () => Promise<A>): Promise<{ readonly result: A; readonly peak: number }> => {
  Harness.gc()
  const before = process.memoryUsage().heapUsed
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - before)), 1)
  const result = await f()
  peak = Math.max(peak, process.memoryUsage().heapUsed - before)
  clearInterval(timer)
  return { result, peak }
}

const read = (text: string) => Effect.runPromise(Effect.result(UIMessageStream.toMessages(text)))

/** One answer as this server serves it: a tool call and its output, then the text; signed, read by `ai`. */
const answer = async (turn: number): Promise<unknown> => {
  const chunks: ReadonlyArray<UIMessageStream.Chunk> = [
    { type: "start", messageId: `a${turn}` },
    { type: "start-step" },
    { type: "tool-input-available", toolCallId: `c${turn}`, toolName: "lookup", input: { q: `word ${turn}` } },
    { type: "tool-output-available", toolCallId: `c${turn}`, output: { found: `the meaning of word ${turn}` } },
    { type: "finish-step" },
    { type: "start-step" },
    { type: "text-start", id: "t" },
    ...Array.from({ length: 50 }, (_, i): UIMessageStream.Chunk => ({ type: "text-delta", id: "t", delta: `w${i} ` })),
    { type: "text-end", id: "t" },
    { type: "finish-step" },
    { type: "finish", finishReason: "stop" }
  ]
  // Signed in one batch, as `fromStream` signs what it sends.
  const signed = await Effect.runPromise(
    new UIHistorySigner.HistorySigner().batch(chunks as [UIMessageStream.Chunk, ...Array<UIMessageStream.Chunk>])
  )
  let message: unknown
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of signed) controller.enqueue(chunk as UIMessageChunk)
      controller.close()
    }
  })
  for await (const snapshot of readUIMessageStream({ stream })) message = snapshot
  return message
}

/** A conversation of `turns` questions, each answered with a tool round trip. */
const served = async (turns: number): Promise<string> => {
  const messages: Array<unknown> = []
  for (let turn = 0; turn < turns; turn++) {
    messages.push({ id: `u${turn}`, role: "user", parts: [{ type: "text", text: `question ${turn}` }] })
    messages.push(await answer(turn))
  }
  return JSON.stringify({ messages })
}

export const run = async (): Promise<void> => {
  const rows: Array<Array<string>> = []
  for (const [name, make] of bodies) {
    const text = make()
    let outcome = ""
    const cpu: Array<number> = []
    const measured = await Harness.measure(
      async () => {
        const start = Harness.cpuMicros()
        const result = await read(text)
        cpu.push((Harness.cpuMicros() - start) / 1000)
        return result
      },
      (result) => (outcome = result._tag === "Success" ? "read" : `400: ${result.failure.message.slice(22, 90)}`),
      {
        rounds: 5,
        budgetMs: 4000
      }
    )
    const { peak } = await peakOf(() => read(text))
    rows.push([
      name,
      `${(text.length / mib).toFixed(1)} MiB`,
      outcome,
      `${measured.ms.toFixed(0)} ms`,
      `${Harness.median(cpu).toFixed(0)} ms`,
      `${(peak / mib).toFixed(0)} MiB (${(peak / text.length).toFixed(2)}×)`
    ])
  }
  console.log("\n## toMessages on hostile bodies\n")
  console.log(Harness.markdownTable(["body", "size", "outcome", "wall", "CPU", "peak heap growth"], rows))
  const conversation = await served(100)
  const checked = await Harness.measure(() => read(conversation), (result) => {
    if (result._tag !== "Success" || result.success.messages.length !== 400) {
      throw new Error(`the served conversation did not come back whole: ${JSON.stringify(result).slice(0, 200)}`)
    }
  })
  console.log(
    `\nA served conversation of 100 turns (a tool round trip each, ${(conversation.length / 1024).toFixed(0)} KiB), ` +
      `its 300 signatures checked: ${checked.ms.toFixed(1)} ms`
  )
}
