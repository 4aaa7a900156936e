/**
 * Module hooks that load this library as it is published: an import that resolves to a source file under
 * `src/` (a `.ts` file, through tsx) is served from the tsc build under `dist/` instead, as it is, without
 * going through tsx. tsx compiles sources on the fly with esbuild's `keepNames`, which wraps every function
 * created at run time in a `__name` call (about 2x on the synchronous decoder): the official SDKs are
 * measured as the JavaScript they publish, and so is this library. Registered by bench/index.ts after tsx's
 * own hooks, so these run first.
 *
 * `BENCH_LIBRARY=<directory>` serves the library from that directory's `dist/` instead (another checkout of
 * this repository, built with `tsc -p tsconfig.build.json`, and with a `node_modules` of its own or a link to
 * this one's): the same benchmarks, run against an earlier release.
 */
import { readFile } from "node:fs/promises"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Url.pathToFileURL(Path.resolve(Url.fileURLToPath(import.meta.url), "../..")).href + "/"
const src = `${root}src/`
const dist = process.env.BENCH_LIBRARY === undefined
  ? `${root}dist/`
  : Url.pathToFileURL(Path.resolve(process.env.BENCH_LIBRARY, "dist")).href + "/"

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context)
  return resolved.url.startsWith(src) && resolved.url.endsWith(".ts")
    ? { url: `${dist}${resolved.url.slice(src.length, -".ts".length)}.js`, format: "module", shortCircuit: true }
    : resolved
}

export async function load(url, context, next) {
  return url.startsWith(dist)
    ? { format: "module", source: await readFile(new URL(url)), shortCircuit: true }
    : next(url, context)
}
