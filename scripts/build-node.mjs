/**
 * Builds `dist/node/`, the library as Node.js loads it: every entry point of the package bundled with code
 * splitting, so that each module of `src/` is in exactly one file (an entry point's own, or a chunk the entry
 * points that use it share) and a class is the same class whichever entry point it is imported from. The `node`
 * condition of the package's `exports` serves it; bundlers and browsers keep tsc's build in `dist/`, a file per
 * module.
 *
 * Why two builds: Node holds memory for every module it loads (about 100 kB of RSS each, and a millisecond of
 * CPU), and the library is some 300 modules. A bundler, though, drops whole modules a program does not reach
 * (`"sideEffects": false`), which it cannot do inside a shared chunk: from this build an OpenAI-only browser
 * program would weigh more.
 *
 * Chunks by area: esbuild makes a chunk of the modules each set of entry points shares, and one entry point per
 * export split the root's modules into some 100 chunks (115 MB of peak RSS to import the root, where `effect`
 * takes 84). Here each entry point but the root re-exports its module and imports its area's entry points, the
 * folder it is in under `src/` (`core`, `providers`, `app`; the test kit), so that the entry points of an area
 * reach the same modules: the root loads some 20 files, an entry point its area's chunks and the chunks they
 * import (`npm run bench -- imports`). `ignoreAnnotations`: an area's imports are for their modules' evaluation,
 * which `"sideEffects": false` would drop; every module an area imports is one of its entry points anyway.
 *
 * Run by `npm run build`, after tsc: `node scripts/build-node.mjs`.
 */
import * as esbuild from "esbuild"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Path.join(Path.dirname(Url.fileURLToPath(import.meta.url)), "..")
const manifest = JSON.parse(Fs.readFileSync(Path.join(root, "package.json"), "utf8"))

/** Each entry point's module, `src/<path>.ts`, from what its `import` condition serves, `./dist/<path>.js`. */
const entryPoints = Object.values(manifest.exports)
  .filter((conditions) => typeof conditions === "object")
  .map((conditions) => conditions.import.replace(/^\.\/dist\//, "").replace(/\.js$/, ""))

/** The area of an entry point: its folder under `src/`; the package's own files but the root are the test kit's. */
const areaOf = (path) => path.includes("/") ? path.slice(0, path.indexOf("/")) : "testkit"

const src = Path.join(root, "src")
const moduleOf = (path) => JSON.stringify(Path.join(src, `${path}.ts`))

/** `area:<name>` imports the entry points of an area; `entry:<path>` is an entry point as its area's. */
const areas = {
  name: "areas",
  setup(build) {
    build.onResolve({ filter: /^(area|entry):/ }, (args) => {
      const [namespace, path] = args.path.split(/:(.*)/)
      return { path, namespace }
    })
    build.onLoad({ filter: /.*/, namespace: "area" }, (args) => ({
      contents: entryPoints.filter((path) => path !== "index" && areaOf(path) === args.path)
        .map((path) => `import ${moduleOf(path)}`).join("\n"),
      resolveDir: src
    }))
    build.onLoad({ filter: /.*/, namespace: "entry" }, (args) => ({
      contents: `import "area:${areaOf(args.path)}"\nexport * from ${moduleOf(args.path)}`,
      resolveDir: src
    }))
  }
}

await esbuild.build({
  entryPoints: entryPoints.map((path) =>
    path === "index" ? { in: Path.join(src, "index.ts"), out: path } : { in: `entry:${path}`, out: path }
  ),
  outdir: Path.join(root, "dist", "node"),
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  format: "esm",
  platform: "node",
  target: "es2022",
  // Every package stays an import of its own: the user's `effect`, and the optional ones loaded on demand.
  packages: "external",
  plugins: [areas],
  ignoreAnnotations: true,
  // Source maps point at the sources the package ships (src/), as tsc's do.
  sourcemap: "linked",
  sourcesContent: false,
  logLevel: "warning"
})
