// Bundled by esbuild for the browser platform and run with web globals only (no Node built-ins, no
// `process`, no `Buffer`): the root entry's fetch path must need nothing else.
import { Effect } from "effect"
import { run } from "./streams.mjs"

Effect.runPromise(run(globalThis.consumerBaseUrls)).then(
  (results) => globalThis.report({ results }),
  (error) => globalThis.report({ error: String(error) })
)
