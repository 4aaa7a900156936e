/**
 * Builds `dist/node/`, the library as Node.js loads it: every entry point of the package bundled with code
 * splitting, so that each module of `src/` is in exactly one file (an entry point's own, or a chunk the entry
 * points that use it share) and a class is the same class whichever entry point it is imported from. The `node`
 * condition of the package's `exports` serves it; bundlers and browsers keep tsc's build in `dist/`, a file per
 * module.
 *
 * Why two builds: Node holds memory for every module it loads (about 50 kB of RSS each: 210 fewer files, 10–13 MB less), and the library
 * is some 300 modules: importing the package root holds 120 MB of RSS from this build against 130 MB module by
 * module, and a server that has answered 100 browsers 147 MB against 157 MB (`npm run bench -- load`). A bundler,
 * though, drops whole modules a program does not reach (`"sideEffects": false`), which it cannot do inside a shared
 * chunk: from this build an OpenAI-only browser program weighs 4 kB more, 21 kB more with subpath imports.
 *
 * Run by `npm run build`, after tsc: `node scripts/build-node.mjs`.
 */
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")
const manifest = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))

/** Each entry point's source: what its `import` condition serves, `./dist/<path>.js`, is `src/<path>.ts`. */
const entryPoints = Object.values(manifest.exports)
  .filter((conditions) => typeof conditions === "object")
  .map((conditions) => Path.join(root, conditions.import.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts")))

await esbuild.build({
  entryPoints,
  outdir: Path.join(root, "dist", "node"),
  outbase: Path.join(root, "src"),
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "es2022",
  // Every package stays an import of its own: the user's `effect`, and the optional ones loaded on demand.
  packages: "external",
  // Source maps point at the sources the package ships (src/), as tsc's do.
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning"
})
