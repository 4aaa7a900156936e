/**
 * What each chunk allocates: bytes and objects per chunk, per decode cell, for the floor, this library
 * (`LanguageModel.stream` consumed with `Stream.runForEach`) and the official SDK, and where this library's
 * allocations are made (by function and by category, `bench/cpuprofile.ts`'s). Allocation is paid inside each
 * run of `compare` (a full GC before every run), so it is half the story of the time per chunk.
 *
 * V8's sampling heap profiler (node:inspector, a sample every 256 bytes on average, objects collected by minor and
 * major GCs included) over about 100,000 chunks per contestant and cell after 2 warm-up runs; the sizes it reports
 * are scaled to estimates of every allocation, and objects are counted the same way. `npm run bench --
 * allocations`; `BENCH_PROVIDERS`, `BENCH_SIZES`, `BENCH_INPUTS` choose cells (default: the 100,000-chunk cells of
 * `compare`). Writes `bench/results/allocations-<label>.json` (`BENCH_PROFILE_LABEL`, as bench/profile.ts).
 */
import * as Fs from "node:fs"
import * as Inspector from "node:inspector/promises"
import * as Path from "node:path"
import * as Bodies from "./bodies.js"
import * as Cells from "./cells.js"
import * as CpuProfile from "./cpuprofile.js"
import * as Harness from "./harness.js"

interface HeapNode {
  readonly id: number
  readonly callFrame: CpuProfile.Profile["nodes"][number]["callFrame"]
  readonly selfSize: number
  readonly children: ReadonlyArray<HeapNode>
}

interface HeapProfile {
  readonly head: HeapNode
  readonly samples: ReadonlyArray<{ readonly size: number; readonly nodeId: number }>
}

const interval = 256
const chunksSampled = Number(process.env.BENCH_ALLOCATION_CHUNKS ?? 100_000)

export interface CellAllocations {
  readonly cell: string
  readonly contestant: string
  readonly bytesPerChunk: number
  readonly objectsPerChunk: number
  /** This library's only: bytes per chunk by category. */
  readonly byCategory?: Readonly<Record<string, number>>
}

/** How many objects a sample of `size` bytes stands for (V8 scales samples the same way). */
const scale = (size: number): number => 1 / (1 - Math.exp(-size / interval))

const sample = async <A>(
  session: Inspector.Session,
  run: () => Promise<A> | A,
  runs: number
): Promise<HeapProfile> => {
  await session.post("HeapProfiler.enable")
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: interval,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true
  })
  for (let round = 0; round < runs; round++) {
    Harness.gc()
    await run()
  }
  const { profile } = await session.post("HeapProfiler.stopSampling")
  await session.post("HeapProfiler.disable")
  return profile as unknown as HeapProfile
}

const sitesOf = (profile: HeapProfile, chunks: number, top: number) => {
  const bySite = new Map<string, { name: string; where: string; category: string; bytes: number }>()
  const byCategory = new Map<string, number>()
  const walk = (node: HeapNode) => {
    if (node.selfSize > 0) {
      const { columnNumber, functionName, lineNumber, url } = node.callFrame
      const generated = { url, line: lineNumber, column: columnNumber }
      const location = (url === "" ? undefined : CpuProfile.nodeSourceMaps(generated)) ?? generated
      const name = functionName === "" ? "(anonymous)" : functionName
      const where = url === "" ? "(native)" : `${CpuProfile.shortUrl(location.url)}:${location.line + 1}`
      const category = CpuProfile.categoryOf(functionName, location.url)
      const key = `${name} ${where}`
      const entry = bySite.get(key) ?? { name, where, category, bytes: 0 }
      entry.bytes += node.selfSize
      bySite.set(key, entry)
      byCategory.set(category, (byCategory.get(category) ?? 0) + node.selfSize)
    }
    for (const child of node.children) walk(child)
  }
  walk(profile.head)
  const sites = [...bySite.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top)
  return {
    table: Harness.markdownTable(
      ["bytes per chunk", "function", "where", "category"],
      sites.map((
        site
      ) => [(site.bytes / chunks).toFixed(1), site.name.replaceAll("|", "\\|"), site.where, site.category])
    ),
    byCategory: Object.fromEntries([...byCategory].map(([category, bytes]) => [category, bytes / chunks]))
  }
}

export const run = async (): Promise<void> => {
  const { floors, libraryLanguageModel, sdks } = await import("./implementations.js")
  const session = new Inspector.Session()
  session.connect()
  const rows: Array<Array<string>> = []
  const out: Array<CellAllocations> = []
  for (const [provider, n, input] of Cells.cells([100_000])) {
    const body = Bodies.make(provider, n)
    const pieces = Harness.cut(body.bytes, input)
    const cell = `${provider} ${n} ${input}`
    const contestants = [
      ["floor", floors[provider]!.run],
      ["this library (LanguageModel.stream)", libraryLanguageModel(provider)],
      ["official SDK", sdks[provider]!.run]
    ] as const
    const runs = Math.max(1, Math.round(chunksSampled / n))
    for (const [name, contestant] of contestants) {
      for (let warm = 0; warm < 2; warm++) await contestant(pieces)
      const profile = await sample(session, () => contestant(pieces), runs)
      let bytes = 0
      const count = (node: HeapNode): void => {
        bytes += node.selfSize
        node.children.forEach(count)
      }
      count(profile.head)
      let objects = 0
      for (const { size } of profile.samples) objects += scale(size)
      const chunks = runs * body.chunks
      const library = name.startsWith("this library")
      const sites = library ? sitesOf(profile, chunks, 15) : undefined
      out.push({
        cell,
        contestant: name,
        bytesPerChunk: bytes / chunks,
        objectsPerChunk: objects / chunks,
        ...(sites === undefined ? {} : { byCategory: sites.byCategory })
      })
      rows.push([cell, name, (bytes / chunks).toFixed(0), (objects / chunks).toFixed(1)])
      if (sites !== undefined) console.log(`\n## ${cell}: where this library allocates\n\n${sites.table}`)
    }
  }
  session.disconnect()
  console.log(`\n${Harness.markdownTable(["cell", "contestant", "bytes per chunk", "objects per chunk"], rows)}`)
  const file = Path.join(import.meta.dirname, "results", `allocations-${Cells.label()}.json`)
  Fs.mkdirSync(Path.dirname(file), { recursive: true })
  Fs.writeFileSync(file, JSON.stringify(out, undefined, 2))
  console.log(`\nwritten to ${Path.relative(process.cwd(), file)}`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.setSourceMapsEnabled(true)
  await run()
}
