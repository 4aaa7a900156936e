/**
 * A/B of the one fold on tool-call streams: this checkout's build against the build in `BENCH_BASELINE` (another
 * checkout, built: bench/builds.ts), taking turns in one process (bench/turns.ts: a full GC before each run,
 * `BENCH_AB_ROUNDS` timed rounds, default 15, after 2 warm-up rounds). The decode cells of `ab` carry text only;
 * these carry tool calls, whose fragments are what the fold assembles: OpenAI Chat Completions chunks, decoded once
 * by each build's own schema, folded by `CallStream.accumulate`, `CallStream.withToolCalls` (partial) and
 * `UIMessageStream.fromStream`. `npm run bench -- ab-fold`.
 */
import { Effect, Schema, Stream } from "effect"
import * as Library from "../src/index.js"
import * as Builds from "./builds.js"
import * as Harness from "./harness.js"
import * as Turns from "./turns.js"

const timed = Number(process.env.BENCH_AB_ROUNDS ?? 15)

/** The payloads of a stream: one call whose arguments come in `pieces` fragments, or `calls` parallel calls. */
const payloads = (shape: "fragments" | "parallel", n: number): ReadonlyArray<object> => {
  const chunk = (delta: object, finish_reason: string | null = null) => ({
    id: "chatcmpl-bench",
    model: "gpt-4o",
    choices: [{ index: 0, delta, finish_reason }]
  })
  const call = (index: number, args: string) => ({
    index,
    id: `call_${index}`,
    type: "function",
    function: { name: "write_file", arguments: args }
  })
  const body = shape === "fragments"
    ? [
      chunk({ tool_calls: [call(0, "{\"path\":\"notes.txt\",\"content\":\"")] }),
      ...Array.from({ length: n }, () => chunk({ tool_calls: [{ index: 0, function: { arguments: "abcdefgh" } }] })),
      chunk({ tool_calls: [{ index: 0, function: { arguments: "\"}" } }] })
    ]
    : Array.from(
      { length: n },
      (_, index) => chunk({ tool_calls: [call(index, "{\"path\":\"a\",\"content\":\"b\"}")] })
    )
  return [...body, chunk({}, "tool_calls")]
}

type Consumer = "accumulate" | "withToolCalls (partial)" | "UIMessageStream"

/** One build folding `chunks` with `consumer`; the result is a count to check. */
const runner = (library: Builds.LibraryModule, consumer: Consumer, chunks: ReadonlyArray<unknown>) => {
  const tools = [
    library.Tool.make("write_file", {
      parameters: Schema.Struct({ path: Schema.String, content: Schema.String })
    })
  ] as const
  const stream = () => Stream.fromIterable(chunks as ReadonlyArray<Library.OpenAI.OpenAICallResponseChunk>)
  switch (consumer) {
    case "accumulate":
      return () =>
        Effect.runPromise(Effect.map(library.CallStream.accumulate(stream()), (response) => response.toolCalls.length))
    case "withToolCalls (partial)":
      return () =>
        Effect.runPromise(Stream.runCount(library.CallStream.withToolCalls(stream(), tools, { partial: true })))
    case "UIMessageStream":
      return () => Effect.runPromise(Stream.runCount(library.UIMessageStream.fromStream(stream(), { messageId: "m" })))
  }
}

export const run = async (): Promise<void> => {
  const checkout = process.env.BENCH_BASELINE
  if (checkout === undefined) throw new Error("ab-fold: set BENCH_BASELINE to the checkout to compare with")
  const baseline = await Builds.load(checkout)
  const rows: Array<Array<string>> = []
  const cells = [["fragments", 100_000], ["parallel", 10_000]] as const
  const consumers: ReadonlyArray<Consumer> = ["accumulate", "withToolCalls (partial)", "UIMessageStream"]
  for (const [shape, n] of cells) {
    const body = payloads(shape, n)
    const decoded = (library: Builds.LibraryModule) =>
      body.map((payload) => Schema.decodeUnknownSync(library.OpenAI.OpenAICallResponseChunkFromPayload)(payload))
    const chunks = { ours: decoded(Library), theirs: decoded(baseline) }
    for (const consumer of consumers) {
      const contestants = [runner(Library, consumer, chunks.ours), runner(baseline, consumer, chunks.theirs)]
      const expected = await contestants[1]!()
      const [ours, theirs] = await Turns.interleaved(
        contestants.map((run, index) => ({
          run,
          check: (count: number) => {
            if (count !== expected) throw new Error(`${shape} ${consumer} build ${index}: ${count}, not ${expected}`)
          }
        })),
        { warmup: 2, timed }
      )
      rows.push(Turns.abRow(`${shape} (${n.toLocaleString("en")}) ${consumer}`, ours!, theirs!, (ms) => ms.toFixed(1)))
    }
  }
  console.log(
    `\n${
      Harness.markdownTable(
        Turns.abColumns("ms"),
        rows
      )
    }`
  )
}
