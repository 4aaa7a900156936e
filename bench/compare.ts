/**
 * `npm run bench -- compare`: the release guard (issue 46), in one command, about 3 minutes on a quiet 2-core
 * machine. Two tables, printed and written to bench/RESULTS.md (between its `compare` markers) with the commit,
 * the machine and its load average at the start and the end:
 *
 * 1. **Decode cells**, measured as the held-out benchmark measures them: OpenAI and Anthropic × 10,000 and
 *    100,000 content chunks × 16 KiB and random 1–200 B pieces (`bench/bodies.ts`). Per cell, the floor
 *    (TextDecoder + line split + `JSON.parse`), this library (`LanguageModel.stream` consumed with
 *    `Stream.runForEach`, through the public API) and the official SDK (`openai`, `@anthropic-ai/sdk`): 2 warm-up
 *    and 7 timed runs each, the contestants taking turns in a shuffled order every round, a forced full GC before
 *    every run (so each run pays for what it allocates), the median wall-clock time as a ratio to the floor's.
 *    Targets: faster than the SDK in every cell; ≤ 1.3× the floor in both 100,000-chunk / 16 KiB cells.
 * 2. **The app floor**, on 100,000 chunks in 16 KiB pieces through the provider client, measured the same way:
 *    what an ending costs per chunk over `Stream.runDrain` (`CallStream.onEnd` handing on one chunk per pull,
 *    and with `{ wholePieces: true }`; `CallStream.settle`; target for the last two ≤ 0.3 µs), and a call served
 *    to a browser (`UIMessageStream.fromStream` + `toResponse`, the body read to its end, behind
 *    `onEnd(f, { wholePieces: true })` as a server that saves its answers does) over `CallStream.text`, against
 *    the bare SSE framing of the same UI chunks (target ≤ 1.5×).
 *
 * Every run is checked (the text and the chunk count, the ending's response). `BENCH_COMPARE_WRITE=0` leaves
 * RESULTS.md as it is; `BENCH_LIBRARY=<checkout>` measures another build of the library (an earlier release:
 * see bench/published.mjs), and `BENCH_BASELINE=<checkout>` adds that build's `LanguageModel.stream` to the decode
 * cells as one more contestant taking turns with the others (a before/after in one process).
 * `BENCH_COMPARE_SEED` seeds the shuffle (default 46).
 */
import { Effect, Stream } from "effect"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Library from "../src/index.js"
import * as Bodies from "./bodies.js"
import * as Builds from "./builds.js"
import * as Cells from "./cells.js"
import * as Harness from "./harness.js"
import { floors, type Implementation, type Result, sdks, serve, serviceStream } from "./implementations.js"
import * as Turns from "./turns.js"

const cells = Cells.cells()
/** `decode`, `app` or both (the default). */
const parts = (process.env.BENCH_COMPARE_PARTS ?? "decode,app").split(",")
/** Only the whole benchmark is written to RESULTS.md. */
const partial = Cells.partial() || process.env.BENCH_COMPARE_PARTS !== undefined
const appChunks = 100_000

// ---------------------------------------------------------------------------------------------------------
// 1. Decode cells

const ratio = (value: number, floor: number) => `${(value / floor).toFixed(2)}×`

const decodeCells = async (baseline: Builds.LibraryModule | undefined): Promise<string> => {
  const rows: Array<Array<string>> = []
  let won = 0
  for (const [provider, n, input] of cells) {
    const library = provider as "openai" | "anthropic"
    const body = Bodies.make(provider, n)
    const pieces = Harness.cut(body.bytes, input)
    const contestants: Array<Implementation> = [
      floors[provider],
      Builds.languageModel(Library, library, "this library"),
      sdks[provider],
      ...(baseline === undefined ? [] : [Builds.languageModel(baseline, library, "baseline")])
    ]
    const started = performance.now()
    const times = await Turns.interleaved(contestants.map((contestant) => ({
      run: () => {
        serve(pieces)
        Builds.serve(pieces)
        return contestant.run(pieces)
      },
      check: (result: Result) =>
        Harness.expect(`${provider} ${n} ${input} ${contestant.name}`, result, {
          text: body.text,
          count: contestant.expected(body)
        })
    })))
    const [floor, ours, sdk, before] = times as [Turns.Timed, Turns.Timed, Turns.Timed, Turns.Timed | undefined]
    const wins = ours.ms < sdk.ms
    const bounded = n === 100_000 && input === "16 KiB"
    if (wins) won++
    rows.push([
      provider === "openai" ? "OpenAI" : "Anthropic",
      n.toLocaleString("en"),
      input.replace("random ", "").replace("-", "–"),
      `${floor.ms.toFixed(1)} ms`,
      ...(before === undefined ? [] : [ratio(before.ms, floor.ms)]),
      `**${ratio(ours.ms, floor.ms)}**${bounded ? (ours.ms <= 1.3 * floor.ms ? " (≤ 1.3 ✓)" : " (> 1.3 ✗)") : ""}`,
      ratio(sdk.ms, floor.ms),
      wins ? "✓" : "✗",
      `${ratio(ours.cpuMs, floor.cpuMs)} / ${ratio(sdk.cpuMs, floor.cpuMs)}`
    ])
    console.log(`  ${rows[rows.length - 1]!.join(" | ")}  [${((performance.now() - started) / 1000).toFixed(0)} s]`)
  }
  const header = [
    "provider",
    "chunks",
    "pieces",
    "floor (median)",
    ...(baseline === undefined ? [] : ["baseline × floor"]),
    "`LanguageModel.stream` × floor",
    "official SDK × floor",
    "won",
    "CPU time × floor (library / SDK)"
  ]
  return `${Harness.markdownTable(header, rows)}\n\n${won} of ${cells.length} cells won.`
}

// ---------------------------------------------------------------------------------------------------------
// 2. The app floor

const appFloor = async (): Promise<string> => {
  const rows: Array<Array<string>> = []
  const encoder = new TextEncoder()
  const UI = (Library as Partial<Builds.LibraryModule>).UIMessageStream
  const { CallStream } = Library
  for (const provider of ["openai", "anthropic"] as const) {
    const body = Bodies.make(provider, appChunks)
    const pieces = Harness.cut(body.bytes, "16 KiB")
    const stream = () => serviceStream(provider, pieces)
    const uiChunks = UI === undefined
      ? []
      : await Effect.runPromise(Stream.runCollect(UI.fromStream(stream(), { messageId: "m" })))
    const ended = (check: (ending: Library.CallStream.Ending | undefined) => boolean, what: string) =>
    (
      ending: Library.CallStream.Ending | undefined
    ) => {
      if (!check(ending)) throw new Error(`${provider} ${what}: ${ending?._tag} ${ending?.response.chunkCount}`)
    }
    const complete = (ending: Library.CallStream.Ending | undefined) =>
      ending?._tag === "Completed" && ending.response.chunkCount === body.chunks &&
      ending.response.content === body.text
    const served = (bytes: number) => {
      if (bytes < body.text.length) throw new Error(`${provider}: ${bytes} bytes served`)
    }
    const none = () => {}
    const contestants: Array<{ name: string; run: () => Promise<unknown> | unknown; check: (result: any) => void }> = [
      { name: "Stream.runDrain", run: () => Effect.runPromise(Stream.runDrain(stream())), check: none },
      {
        name: "CallStream.onEnd + runDrain",
        run: () => {
          let ending: Library.CallStream.Ending | undefined
          return Effect.runPromise(
            Stream.runDrain(CallStream.onEnd(stream(), (end) => Effect.sync(() => (ending = end)))).pipe(
              Effect.map(() => ending)
            )
          )
        },
        check: ended(complete, "onEnd")
      },
      {
        name: "CallStream.onEnd (wholePieces) + runDrain",
        run: () => {
          let ending: Library.CallStream.Ending | undefined
          return Effect.runPromise(
            Stream.runDrain(
              CallStream.onEnd(stream(), (end) => Effect.sync(() => (ending = end)), { wholePieces: true })
            ).pipe(Effect.map(() => ending))
          )
        },
        check: ended(complete, "onEnd (wholePieces)")
      },
      {
        name: "CallStream.settle",
        run: () => Effect.runPromise(CallStream.settle(stream())),
        check: ended(complete, "settle")
      },
      {
        name: "CallStream.text + runDrain",
        run: () => Effect.runPromise(Stream.runDrain(CallStream.text(stream()))),
        check: none
      }
    ]
    if (UI !== undefined) {
      contestants.push(
        {
          name: "UI stream: fromStream + toResponse",
          run: () =>
            Effect.runPromise(
              UI.toResponse(UI.fromStream(stream(), { messageId: "m" })).pipe(
                Effect.flatMap((response) => Effect.promise(() => Harness.readAll(response)))
              )
            ),
          check: served
        },
        {
          name: "UI stream behind onEnd",
          run: () =>
            Effect.runPromise(
              UI.toResponse(
                UI.fromStream(CallStream.onEnd(stream(), () => Effect.void, { wholePieces: true }), { messageId: "m" })
              ).pipe(
                Effect.flatMap((response) => Effect.promise(() => Harness.readAll(response)))
              )
            ),
          check: served
        },
        {
          name: "floor: SSE framing of the UI chunks",
          run: () => {
            let bytes = 0
            for (const chunk of uiChunks) bytes += encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`).length
            return bytes
          },
          check: none
        }
      )
    }
    const started = performance.now()
    const times = await Turns.interleaved(contestants)
    const byName = new Map(contestants.map((contestant, index) => [contestant.name, times[index]!.ms]))
    const perChunk = (ms: number) => (ms / appChunks) * 1000
    const drain = byName.get("Stream.runDrain")!
    const over = (name: string) => perChunk(byName.get(name)! - drain)
    const target = (value: number, bound: number, unit: string) =>
      `${value.toFixed(2)}${unit} ${value <= bound ? "✓" : "✗"} (≤ ${bound}${unit})`
    const label = provider === "openai" ? "OpenAI" : "Anthropic"
    rows.push(
      [
        label,
        "`CallStream.onEnd` over `runDrain` (one chunk per pull)",
        `${over("CallStream.onEnd + runDrain").toFixed(2)} µs`
      ],
      [
        label,
        "`CallStream.onEnd` with `wholePieces` over `runDrain`",
        target(over("CallStream.onEnd (wholePieces) + runDrain"), 0.3, " µs")
      ],
      [label, "`CallStream.settle` over `runDrain`", target(over("CallStream.settle"), 0.3, " µs")]
    )
    if (UI !== undefined) {
      const text = byName.get("CallStream.text + runDrain")!
      const framing = perChunk(byName.get("floor: SSE framing of the UI chunks")!)
      const uiOver = (name: string) => perChunk(byName.get(name)! - text) / framing
      rows.push(
        [
          label,
          "UI stream behind `onEnd` (`wholePieces`), over `CallStream.text`, × the SSE framing",
          target(uiOver("UI stream behind onEnd"), 1.5, "×")
        ],
        [
          label,
          "UI stream alone, over `CallStream.text`, × the SSE framing",
          `${uiOver("UI stream: fromStream + toResponse").toFixed(2)}×`
        ]
      )
    }
    rows.push([
      label,
      "for scale: `runDrain` per chunk, SSE framing per chunk",
      `${perChunk(drain).toFixed(2)} µs, ${
        UI === undefined ? "–" : `${perChunk(byName.get("floor: SSE framing of the UI chunks")!).toFixed(2)} µs`
      }`
    ])
    console.log(`  ${label} app floor  [${((performance.now() - started) / 1000).toFixed(0)} s]`)
  }
  return Harness.markdownTable(["provider", "what", "per chunk (median)"], rows)
}

// ---------------------------------------------------------------------------------------------------------

const root = Path.resolve(import.meta.dirname, "..")
const results = Path.join(root, "bench", "RESULTS.md")
const startMarker = "<!-- compare:start (written by `npm run bench -- compare`) -->"
const endMarker = "<!-- compare:end -->"

const git = (args: string): string => {
  try {
    return ChildProcess.execSync(`git ${args}`, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim()
  } catch {
    return "?"
  }
}

const load = () => Os.loadavg().map((value) => value.toFixed(2)).join(" ")

/** Writes `section` between the markers of RESULTS.md (after its first paragraph when they are not there yet). */
const write = (section: string): void => {
  const text = Fs.readFileSync(results, "utf8")
  const block = `${startMarker}\n\n${section}\n\n${endMarker}`
  const start = text.indexOf(startMarker)
  const end = text.indexOf(endMarker)
  const next = start !== -1 && end > start
    ? `${text.slice(0, start)}${block}${text.slice(end + endMarker.length)}`
    : text.replace(/\n## /, `\n${block}\n\n## `)
  Fs.writeFileSync(results, next)
}

export const run = async (): Promise<void> => {
  const startLoad = load()
  const started = performance.now()
  const baselineDir = process.env.BENCH_BASELINE
  const baseline = baselineDir === undefined
    ? undefined
    : await Builds.load(baselineDir)
  console.log(
    "decode cells: 2 warm-up and 7 timed runs per contestant, shuffled turns, a full GC before each run"
  )
  const decode = parts.includes("decode") ? await decodeCells(baseline) : "(not run)"
  console.log(`\n${decode}\n\napp floor (${appChunks.toLocaleString("en")} chunks, 16 KiB pieces, provider client):`)
  const app = parts.includes("app") ? await appFloor() : "(not run)"
  console.log(`\n${app}\n`)
  const seconds = ((performance.now() - started) / 1000).toFixed(0)
  const library = process.env.BENCH_LIBRARY === undefined ? "" : ` (the library from ${process.env.BENCH_LIBRARY})`
  const section = [
    "## The release guard: `npm run bench -- compare`",
    "",
    `Commit \`${git("rev-parse --short HEAD")}\`${
      git("status --porcelain src") === "" ? "" : " with uncommitted src/ changes"
    }${library}, ${new Date().toISOString().slice(0, 10)}; ${Os.availableParallelism()} cores (${
      Os.cpus()[0]?.model.trim() ?? "?"
    }), node ${process.version}; load average ${startLoad} at the start, ${load()} at the end; ${seconds} s. Method: bench/compare.ts (2 warm-up and 7 timed runs per contestant, shuffled turns, a full GC before each run, medians).`,
    "",
    "### Decode: median wall-clock time × the floor (TextDecoder + line split + `JSON.parse`)",
    "",
    decode,
    "",
    "### The app floor: endings and the UI stream (100,000 chunks, 16 KiB pieces)",
    "",
    app
  ].join("\n")
  if (process.env.BENCH_COMPARE_WRITE !== "0" && process.env.BENCH_LIBRARY === undefined && !partial) {
    write(section)
    console.log(`written to ${Path.relative(process.cwd(), results)}`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run()
