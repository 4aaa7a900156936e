/**
 * `--import`ed by the load benchmark's processes: they run as Node runs TypeScript itself (type stripping), with
 * no compiler loaded, so that a server's memory is what a deployed server holds. Synchronous hooks on the main
 * thread (`module.registerHooks`, no loader thread): an import of `./x.js` that does not exist is served from
 * `./x.ts` beside it, and the library's sources (`src/`) from the tsc build in `dist/`, as it is published
 * (bench/published.mjs does the same for tsx).
 */
import * as Fs from "node:fs"
import * as Module from "node:module"
import * as Path from "node:path"
import * as Url from "node:url"

const root = Url.pathToFileURL(Path.resolve(Url.fileURLToPath(import.meta.url), "../../..")).href + "/"
const src = `${root}src/`
const dist = `${root}dist/`

Module.registerHooks({
  resolve(specifier, context, next) {
    let url
    try {
      url = next(specifier, context).url
    } catch (error) {
      if (!specifier.startsWith(".") || !specifier.endsWith(".js")) throw error
      url = new URL(`${specifier.slice(0, -".js".length)}.ts`, context.parentURL).href
      if (!Fs.existsSync(new URL(url))) throw error
    }
    return url.startsWith(src)
      ? { url: `${dist}${url.slice(src.length).replace(/\.ts$/, ".js")}`, format: "module", shortCircuit: true }
      : { url, shortCircuit: true }
  }
})
