/**
 * Summarises a V8 `.cpuprofile`: self time by function (top N) and by category (Schema decode, the
 * Effect runtime and Stream/Channel machinery, the SSE parser, TextDecoder, JSON.parse, GC, ...).
 *
 * Self time is counted in samples (each sample is one observation of what the CPU was running), so time
 * the process spent descheduled on a busy machine is not attributed to anything. Positions in files
 * that tsx compiled (src/, bench/) and in packages that ship source maps (effect) are mapped back to
 * their original source lines through node's source-map support, when it was enabled before those
 * modules were loaded (`process.setSourceMapsEnabled(true)`, as bench/index.ts does).
 *
 * `npx tsx bench/cpuprofile.ts <file.cpuprofile>... [top]` summarises profiles written by
 * `node --cpu-prof --import tsx ...` (one per thread: tsx's loader runs in its own); it loads the
 * profiled project modules itself to map positions.
 */
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Path from "node:path"
import * as Url from "node:url"
import { markdownTable } from "./harness.js"

export interface Profile {
  readonly nodes: ReadonlyArray<{
    readonly id: number
    readonly callFrame: {
      readonly functionName: string
      readonly url: string
      readonly lineNumber: number
      readonly columnNumber: number
    }
  }>
  readonly samples: ReadonlyArray<number>
  readonly timeDeltas: ReadonlyArray<number>
}

/** The project root (`file:///.../`), whose `src/` is the library. */
const root = Url.pathToFileURL(Path.resolve(import.meta.dirname, "..")).href + "/"

interface Location {
  readonly url: string
  /** 0-based */
  readonly line: number
  readonly column: number
}

/** Effect's general-purpose modules: their time is charged to whichever stage called them. */
const effectHelpers =
  /effect\/(dist\/\w+|dist|src)\/(internal\/)?(Predicate|Either|either|Result|result|Function|Array|Option|option|Chunk|Pipeable|Equal|Hash|Utils|Iterable|Record)\./

/** A library source (this checkout's or another's, mapped back from its build), not a package's. */
const library = (url: string, part: RegExp): boolean => !url.includes("node_modules") && part.test(url)

const rules: ReadonlyArray<
  readonly [category: string, test: (name: string, url: string, code: string) => boolean, helper?: boolean]
> = [
  ["GC", (name) => name === "(garbage collector)"],
  ["idle", (name) => name === "(idle)"],
  ["V8 internals (program)", (name) => name === "(program)"],
  ["JSON.parse", (name, url) => url === "" && name === "parse"],
  ["TextDecoder", (name, url) => url.includes("internal/encoding") || (url === "" && name === "decode")],
  ["SSE framing (framing/Sse.ts)", (_, url) => library(url, /\/src\/core\/framing\/Sse\./)],
  [
    "event-stream framing (framing/EventStream*.ts)",
    (_, url) => library(url, /\/src\/core\/framing\/EventStream/)
  ],
  [
    "the byte → chunk stage (framing/BodyDecoder.ts, Transducer.ts)",
    (_, url) => library(url, /\/src\/core\/framing\/(BodyDecoder|Transducer)\./)
  ],
  [
    "JSON parse wrapper and depth bound (core/payload/, JsonDepth.ts)",
    (_, url) => library(url, /\/src\/core\/(payload\/|schema\/JsonDepth\.)/)
  ],
  [
    "provider event decoders and chunk classes",
    (_, url) =>
      library(
        url,
        /\/src\/(providers\/|core\/(call\/CallResponseChunk|Usage|FinishReason)\.)/
      )
  ],
  ["the ending stage (fold/StreamEnding.ts)", (_, url) => library(url, /\/src\/core\/fold\/StreamEnding\./)],
  ["the fold (fold/Accumulator.ts, ...)", (_, url) => library(url, /\/src\/core\/fold\//)],
  ["telemetry (Telemetry.ts)", (_, url) => library(url, /\/src\/core\/telemetry\//)],
  ["HTTP: body, response, guards (core/http/)", (_, url) => library(url, /\/src\/core\/http\//)],
  ["benchmark consumer (runForEach callback, checks)", (_, url) => library(url, /\/bench\//)],
  ["other library code", (_, url) => library(url, /\/src\//)],
  [
    "Schema decode (effect Schema)",
    (_, url) => /effect\/(dist\/\w+|src)\/(Schema|ParseResult|SchemaAST|SchemaParser|internal\/schema\/)/.test(url)
  ],
  ["Effect helpers (Result, Predicate, Array, ...)", (_, url) => effectHelpers.test(url), true],
  [
    "Effect Stream / Channel machinery",
    (_, url) =>
      /effect\/(dist\/\w+|src|dist)\/(internal\/)?(channel|stream|sink|take|Channel|Stream|Sink|Take|Pull)/.test(url)
  ],
  ["Effect fiber runtime (fibers, core, scheduler)", (_, url) => url.includes("/effect/")],
  ["web streams (ReadableStream)", (_, url) => url.includes("internal/webstreams")],
  ["timers", (_, url) => url.includes("internal/timers") || url === "node:timers"],
  ["other native builtins", (_, url) => url === "", true],
  ["other", () => true]
]

const helpers = new Set(rules.filter((rule) => rule[2] === true).map((rule) => rule[0]))

export const categoryOf = (name: string, url: string, code = ""): string =>
  rules.find(([, test]) => test(name, url, code))![0]

export const shortUrl = (url: string): string => {
  const modules = url.lastIndexOf("node_modules/")
  if (modules !== -1) return url.slice(modules + "node_modules/".length).replace(/\/dist\/esm\//, "/")
  if (url.startsWith(root)) return url.slice(root.length)
  return url.replace(/^file:\/\//, "")
}

/** Maps a generated position to its original one, when node has a source map for the file. */
export type Resolve = (location: Location) => Location | undefined

export const nodeSourceMaps: Resolve = (location) => {
  if (!location.url.startsWith("file:")) return undefined
  const map = Module.findSourceMap(location.url) ?? Module.findSourceMap(Url.fileURLToPath(location.url))
  if (map === undefined) return undefined
  const entry = map.findEntry(location.line, location.column) as {
    readonly originalSource?: string
    readonly originalLine?: number
    readonly originalColumn?: number
  }
  if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined
  const source = entry.originalSource.startsWith("file:")
    ? entry.originalSource
    : Url.pathToFileURL(entry.originalSource).href
  return { url: source, line: entry.originalLine, column: entry.originalColumn ?? 0 }
}

const sources = new Map<string, ReadonlyArray<string> | undefined>()

const sourceLine = (location: Location): string => {
  if (!location.url.startsWith("file:")) return ""
  if (!sources.has(location.url)) {
    try {
      sources.set(location.url, Fs.readFileSync(Url.fileURLToPath(location.url), "utf8").split("\n"))
    } catch {
      sources.set(location.url, undefined)
    }
  }
  return sources.get(location.url)?.[location.line]?.trim() ?? ""
}

interface Attributed {
  readonly byFunction: Map<string, { name: string; where: string; category: string; samples: number }>
  readonly byCategory: Map<string, number>
  /** By category, with Effect's general-purpose helpers and native builtins charged to the stage that called them. */
  readonly byStage: Map<string, number>
  readonly total: number
}

const attribute = (profile: Profile, resolve: Resolve): Attributed => {
  const hits = new Map<number, number>()
  // The first sample's delta is the time since profiling began; every other sample counts once.
  for (let index = 1; index < profile.samples.length; index++) {
    const id = profile.samples[index]!
    hits.set(id, (hits.get(id) ?? 0) + 1)
  }
  const parents = new Map<number, number>()
  for (const node of profile.nodes) {
    for (const child of (node as { readonly children?: ReadonlyArray<number> }).children ?? []) {
      parents.set(child, node.id)
    }
  }
  const described = new Map<number, { name: string; where: string; category: string }>()
  for (const node of profile.nodes) {
    const { columnNumber, functionName, lineNumber, url } = node.callFrame
    const generated = { url, line: lineNumber, column: columnNumber }
    const original = url === "" ? undefined : resolve(generated)
    const location = original ?? generated
    const code = original === undefined ? "" : sourceLine(original)
    described.set(node.id, {
      name: functionName !== "" ? functionName : code === "" ? "(anonymous)" : `(anonymous) ${code.slice(0, 60)}`,
      where: url === "" ? "(native)" : `${shortUrl(location.url)}:${location.line + 1}`,
      category: categoryOf(functionName, location.url, code)
    })
  }
  /** The category of the nearest frame, from the leaf up, that is not a general-purpose helper. */
  const stageOf = (id: number): string => {
    let current: number | undefined = id
    while (current !== undefined) {
      const category = described.get(current)!.category
      if (!helpers.has(category)) return category
      current = parents.get(current)
    }
    return described.get(id)!.category
  }
  const byFunction = new Map<string, { name: string; where: string; category: string; samples: number }>()
  const byCategory = new Map<string, number>()
  const byStage = new Map<string, number>()
  let total = 0
  for (const [id, samples] of hits) {
    const { category, name, where } = described.get(id)!
    const key = `${name} ${where}`
    const entry = byFunction.get(key) ?? { name, where, category, samples: 0 }
    entry.samples += samples
    byFunction.set(key, entry)
    byCategory.set(category, (byCategory.get(category) ?? 0) + samples)
    const stage = stageOf(id)
    byStage.set(stage, (byStage.get(stage) ?? 0) + samples)
    total += samples
  }
  return { byFunction, byCategory, byStage, total }
}

/** The share of busy time of each category, helpers charged to the stage that called them. */
export const shares = (profile: Profile, resolve: Resolve = nodeSourceMaps): Map<string, number> => {
  const { byStage, total } = attribute(profile, resolve)
  const busy = total - (byStage.get("idle") ?? 0)
  const out = new Map<string, number>()
  for (const [category, samples] of byStage) if (category !== "idle") out.set(category, samples / busy)
  return out
}

export const summarise = (profile: Profile, top = 15, resolve: Resolve = nodeSourceMaps): string => {
  const { byCategory, byFunction, byStage, total } = attribute(profile, resolve)
  const idle = byCategory.get("idle") ?? 0
  const busy = total - idle
  const percent = (samples: number) => `${(samples / busy * 100).toFixed(1)}%`
  const functions = [...byFunction.values()].filter((entry) => entry.category !== "idle")
    .sort((a, b) => b.samples - a.samples)
  const sorted = (map: Map<string, number>) =>
    [...map.entries()].filter(([name]) => name !== "idle").sort((a, b) => b[1] - a[1])
  const stages = new Map(sorted(byStage))
  return [
    `${busy} samples while busy (${idle} idle excluded); self time by function:`,
    "",
    markdownTable(
      ["#", "self", "function", "where", "category"],
      functions.slice(0, top).map((entry, index) => [
        String(index + 1),
        percent(entry.samples),
        entry.name.replaceAll("|", "\\|"),
        entry.where,
        entry.category
      ])
    ),
    "",
    "self time by category; \"with helpers\" charges Effect's general-purpose helpers (Either, Predicate,",
    "Array, ...) and native builtins to the stage that called them:",
    "",
    markdownTable(
      ["category", "self", "with helpers"],
      sorted(byCategory).map(([name, samples]) => [
        name,
        percent(samples),
        helpers.has(name) ? "-" : percent(stages.get(name) ?? 0)
      ])
    )
  ].join("\n")
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const files = args.filter((arg) => arg.endsWith(".cpuprofile"))
  const top = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 15)
  if (files.length === 0) throw new Error("usage: tsx bench/cpuprofile.ts <file.cpuprofile>... [top]")
  // Load the profiled project modules (and the packages they import) with source maps enabled, so
  // that positions in tsx's output map back to the sources.
  process.setSourceMapsEnabled(true)
  for (const file of files) {
    const profile = JSON.parse(Fs.readFileSync(file, "utf8")) as Profile
    for (const url of new Set(profile.nodes.map((node) => node.callFrame.url))) {
      if (url.startsWith(`${root}src/`)) await import(url)
    }
    console.log(`\n## ${file}\n\n${summarise(profile, top)}`)
  }
}
