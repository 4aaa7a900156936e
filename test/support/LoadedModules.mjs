/**
 * Run as `node --import tsx test/support/LoadedModules.mjs <module>...`: imports each `<module>` (a path or a package
 * name) and prints, as JSON, every module URL that loading them loaded (a loader hook sees each one as it loads).
 */
import * as Module from "node:module"
import * as Path from "node:path"
import * as Url from "node:url"
import { MessageChannel } from "node:worker_threads"

const hooks = `
let port
export const initialize = (data) => { port = data.port }
export const load = async (url, context, next) => { port.postMessage(url); return next(url, context) }
`
const { port1, port2 } = new MessageChannel()
const loaded = []
port1.on("message", (url) => loaded.push(url))
port1.unref()
Module.register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data: { port: port2 }, transferList: [port2] })
for (const target of process.argv.slice(2)) {
  await import(target.startsWith(".") || Path.isAbsolute(target) ? Url.pathToFileURL(Path.resolve(target)).href : target)
}
// The hooks run on their own thread: their last messages arrive after the import resolves.
await new Promise((resolve) => setTimeout(resolve, 200))
process.stdout.write(JSON.stringify(loaded))
