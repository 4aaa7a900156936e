/**
 * What the OpenAI-only browser program of `test/package/Package.test.ts` weighs, from this checkout's build: esbuild,
 * minified, gzip level 9, the root import (`stream-openai.mjs`, as the README writes it) and subpath imports
 * (`stream-openai-subpath.mjs`) over the same program with `effect/http` alone, and the package's modules and
 * Effect's by the bytes each adds to the bundle. `npm run build` first; `tsx scripts/bundle-size.ts [N]` lists
 * the N largest modules (default 25). The test measures the packed package in a fresh app; this measures
 * `dist/` in place, to see what a change does before packing.
 */
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as Zlib from "node:zlib"

const root = Path.join(import.meta.dirname, "..")
const top = Number(process.argv[2] ?? 25)
if (!Fs.existsSync(Path.join(root, "dist", "index.js"))) throw new Error("no dist/: run `npm run build` first")

// An app whose node_modules resolve the package to this checkout (its package.json and dist/) and to its Effect.
const app = Fs.mkdtempSync(Path.join(Os.tmpdir(), "effect-llm-stream-bundle-size-"))
Fs.mkdirSync(Path.join(app, "node_modules"))
Fs.symlinkSync(root, Path.join(app, "node_modules", "effect-llm-stream"))
Fs.symlinkSync(Path.join(root, "node_modules", "effect"), Path.join(app, "node_modules", "effect"))
// The programs are bundled from the app, out of reach of this repository's tsconfig paths (which map the package
// to src/): from dist/, as a user's bundler reads the package.
const programs = ["stream-openai.mjs", "stream-openai-subpath.mjs", "stream-openai-plain.mjs"]
for (const program of programs) Fs.copyFileSync(Path.join(root, "test", "consumer", program), Path.join(app, program))

/** `effect/dist/Stream.js` for Effect's modules, `effect-llm-stream/Telemetry.js` for the package's. */
const moduleName = (path: string): string =>
  path.includes("node_modules/")
    ? path.replace(/.*node_modules\//, "")
    : path.replace(/.*\/dist\//, "effect-llm-stream/")

const bundle = async (program: string) => {
  const result = await esbuild.build({
    entryPoints: [Path.join(app, program)],
    absWorkingDir: app,
    bundle: true,
    platform: "browser",
    format: "iife",
    minify: true,
    metafile: true,
    write: false,
    logLevel: "silent"
  })
  const inputs = Object.entries(Object.values(result.metafile.outputs)[0]!.inputs)
    .map(([path, input]) => [moduleName(path), input.bytesInOutput] as const)
    .filter(([, bytes]) => bytes > 0)
  return { gzip: Zlib.gzipSync(result.outputFiles[0]!.text, { level: 9 }).length, inputs: new Map(inputs) }
}

try {
  const plain = await bundle("stream-openai-plain.mjs")
  const kB = (bytes: number) => (bytes / 1000).toFixed(1)
  console.log(`effect/http alone: ${kB(plain.gzip)} kB gzip`)
  for (
    const [label, program] of [["root import", "stream-openai.mjs"], ["subpath imports", "stream-openai-subpath.mjs"]]
  ) {
    const library = await bundle(program!)
    console.log(`\n${label}: ${kB(library.gzip)} kB gzip, +${kB(library.gzip - plain.gzip)} kB over effect/http alone`)
    console.log(`the ${top} largest modules it adds (minified bytes, before gzip):`)
    const added = [...library.inputs].filter(([path]) =>
      path.startsWith("effect-llm-stream/") || !plain.inputs.has(path)
    )
    for (const [path, bytes] of added.sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${String(bytes).padStart(8)}  ${path}`)
    }
  }
} finally {
  Fs.rmSync(app, { recursive: true, force: true })
}
