/**
 * The incremental JSON parser of structured output (`src/core/output/PartialJson.ts`) on a
 * structured-output-like object of 10 KB, 100 KB and 1 MB, fed in 1-character, 64-character and 16 KiB
 * deltas, against re-parsing the text so far on every delta with the Vercel AI SDK's `parsePartialJson`
 * (what its `streamObject` does), and against one `JSON.parse` of the whole text (the floor). Run with
 * `npm run bench -- partial-json`.
 *
 * - parse only: every delta pushed, no partial taken (the parser's own cost);
 * - partial when due: a partial taken whenever `push` says one is due (the linear pacing);
 * - partial per change: a partial taken after every delta that changed it (costs the open width per delta:
 *   the list of records here, so it grows with the size);
 * - `ai` parsePartialJson: the text so far re-parsed after every delta (quadratic: run only where
 *   deltas × size stays under `BENCH_PARTIAL_JSON_LIMIT`, 3e8 characters by default);
 * - `CallStream.partialObjects`: end to end, the text as the content of OpenAI chunks (decoded before the
 *   clock starts), one chunk per pull (as if each came in a network piece of its own, the most partials),
 *   through the one fold, the parser, the paced partials and the final decode by the Schema (run where the
 *   chunks number at most `BENCH_PARTIAL_OBJECTS_CHUNKS`, 200,000 by default).
 */
import { parsePartialJson } from "ai"
import { Effect, Schema, Stream } from "effect"
import * as Util from "node:util"
import * as PartialJson from "../src/core/output/PartialJson.js"
import { CallStream, OpenAI } from "../src/index.js"
import * as Harness from "./harness.js"

const limit = Number(process.env.BENCH_PARTIAL_JSON_LIMIT ?? 3e8)
const sizes = (process.env.BENCH_PARTIAL_JSON_SIZES ?? "10000,100000,1000000").split(",").map(Number)
const deltaSizes = [1, 64, 16 * 1024]
const chunkLimit = Number(process.env.BENCH_PARTIAL_OBJECTS_CHUNKS ?? 200_000)

/** The Schema of `makeText`'s object. */
const Report = Schema.Struct({
  title: Schema.String,
  complete: Schema.Boolean,
  items: Schema.Array(Schema.Struct({
    id: Schema.Int,
    name: Schema.String,
    score: Schema.Number,
    tags: Schema.Array(Schema.String),
    active: Schema.Boolean,
    note: Schema.Null,
    description: Schema.String
  }))
})

/** The pieces as the content of OpenAI Chat Completions chunks, then the finish chunk. */
const openAIChunks = (pieces: ReadonlyArray<string>) => {
  const decode = Schema.decodeUnknownSync(OpenAI.OpenAICallResponseChunkFromPayload)
  const chunk = (delta: object, finish_reason: string | null = null) =>
    decode({ id: "chatcmpl-bench", model: "gpt-4o-2024-08-06", choices: [{ index: 0, delta, finish_reason }] })
  return [...pieces.map((content) => chunk({ content })), chunk({}, "stop")]
}

const endToEnd = (chunks: ReadonlyArray<OpenAI.OpenAICallResponseChunk>) => {
  let partials = 0
  let value: unknown = undefined
  Effect.runSync(
    Stream.runForEach(
      CallStream.partialObjects(Stream.rechunk(Stream.fromIterable(chunks), 1), Report),
      (partial) =>
        Effect.sync(() => {
          partials++
          value = partial
        })
    )
  )
  return { value, partials: partials - 1 }
}

/** An object like a long structured answer: a few fields and a growing list of records. */
const makeText = (size: number): string => {
  const items: Array<unknown> = []
  const value = { title: "Quarterly report — résumé", complete: true, items }
  let length = JSON.stringify(value).length
  for (let i = 0; length < size; i++) {
    const item = {
      id: i,
      name: `item ${i} “${"αβγ".slice(0, i % 4)}” 😀`,
      score: i % 3 === 0 ? 1.25e-3 * i : -i / 7,
      tags: ["alpha", "beta", `tag-${i % 10}`],
      active: i % 2 === 0,
      note: null,
      description: `A line with "quotes", a back\\slash,\na newline and a tab\t for record ${i}.`
    }
    items.push(item)
    length += JSON.stringify(item).length + 1
  }
  return JSON.stringify(value)
}

const cut = (text: string, size: number): Array<string> => {
  const pieces: Array<string> = []
  for (let at = 0; at < text.length; at += size) pieces.push(text.slice(at, at + size))
  return pieces
}

type Mode = "parse only" | "partial when due" | "partial per change"

const ours = (pieces: ReadonlyArray<string>, mode: Mode) => {
  const parser = PartialJson.make()
  let partials = 0
  for (const piece of pieces) {
    const progress = parser.push(piece)
    if (progress._tag === "Failure") throw new Error(progress.failure.message)
    if (mode === "parse only" ? false : mode === "partial when due" ? progress.success.due : progress.success.changed) {
      parser.snapshot()
      partials++
    }
  }
  const end = parser.end()
  if (end._tag === "Failure") throw new Error(end.failure.message)
  return { value: end.success, partials }
}

const baseline = async (pieces: ReadonlyArray<string>) => {
  let text = ""
  let last: unknown = undefined
  for (const piece of pieces) {
    text += piece
    last = (await parsePartialJson(text)).value
  }
  return { value: last, partials: pieces.length }
}

const ms = (value: number) => value.toFixed(value < 10 ? 2 : 1)
const perChar = (ms: number, chars: number) => `${((ms * 1e6) / chars).toFixed(1)} ns`

/**
 * Median wall and CPU time of `run` over up to `rounds` runs or `budgetMs`, after warm-up runs (10, and
 * 200 ms, at most a quarter of the budget). Unlike `Harness.measure`, no GC is forced before each run: the
 * collector's concurrent work after a forced GC lands in the next short run (0.5 ms runs measured 0.5–12
 * ms); the garbage each run leaves is collected in later runs, as it would be in a stream.
 */
const time = async <A>(run: () => Promise<A> | A, check: (result: A) => void, rounds = 31, budgetMs = 8000) => {
  const warmup = performance.now()
  check(await run())
  for (let i = 0; (i < 10 || performance.now() - warmup < 200) && performance.now() - warmup < budgetMs / 4; i++) {
    await run()
  }
  Harness.gc()
  await new Promise((resolve) => setTimeout(resolve, 50))
  const wall: Array<number> = []
  const cpu: Array<number> = []
  let total = 0
  while (wall.length < rounds && (wall.length < 1 || total < budgetMs)) {
    const start = performance.now()
    const startCpu = process.cpuUsage()
    const result = await run()
    const used = process.cpuUsage(startCpu)
    const ms = performance.now() - start
    check(result)
    wall.push(ms)
    cpu.push((used.user + used.system) / 1000)
    total += ms
  }
  return { wall: Harness.median(wall), cpu: Harness.median(cpu), rounds: wall.length }
}

export const run = async () => {
  const header = ["size", "delta", "contender", "wall ms", "CPU ms", "CPU per char", "× JSON.parse", "partials", "runs"]
  const rows: Array<Array<string>> = []
  for (const size of sizes) {
    const text = makeText(size)
    const expected = JSON.parse(text)
    const check = (result: { readonly value: unknown; readonly partials: number }) => {
      if (!Util.isDeepStrictEqual(result.value, expected)) throw new Error("the final value differs from JSON.parse")
    }
    const label = `${(text.length / 1000).toFixed(0)} KB`
    const floor = await time(() => ({ value: JSON.parse(text), partials: 1 }), check, 51)
    const row = async (
      delta: string,
      contender: string,
      run: () => Promise<{ value: unknown; partials: number }> | { value: unknown; partials: number }
    ) => {
      let partials = 0
      const measured = await time(run, (result) => {
        check(result)
        partials = result.partials
      })
      rows.push([
        label,
        delta,
        contender,
        ms(measured.wall),
        ms(measured.cpu),
        perChar(measured.cpu, text.length),
        (measured.cpu / floor.cpu).toFixed(1),
        `${partials}`,
        `${measured.rounds}`
      ])
      console.log(rows.at(-1)!.join(" | "))
    }
    await row("whole", "JSON.parse", () => ({ value: JSON.parse(text), partials: 1 }))
    for (const deltaSize of deltaSizes) {
      const pieces = cut(text, deltaSize)
      const delta = deltaSize === 1 ? "1 char" : deltaSize < 1024 ? `${deltaSize} chars` : `${deltaSize / 1024} KiB`
      for (const mode of ["parse only", "partial when due", "partial per change"] as const) {
        await row(delta, `PartialJson, ${mode}`, () => ours(pieces, mode))
      }
      if (pieces.length * text.length <= limit) {
        await row(delta, "ai parsePartialJson (re-parse)", () => baseline(pieces))
      }
      if (pieces.length <= chunkLimit) {
        const chunks = openAIChunks(pieces)
        await row(delta, "CallStream.partialObjects (end to end)", () => endToEnd(chunks))
      }
    }
  }
  console.log(`\n${Harness.markdownTable(header, rows)}`)
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
