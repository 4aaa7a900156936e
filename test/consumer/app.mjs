// Plain `node app.mjs`: serves the recordings in ./recordings with the package's replay server, streams
// one call per provider and prints what each returned as JSON.
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Fs from "node:fs"
import { contentTypes, run } from "./streams.mjs"

const program = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const baseUrls = {}
  for (const [provider, contentType] of Object.entries(contentTypes)) {
    const body = new Uint8Array(Fs.readFileSync(new URL(`./recordings/${provider}`, import.meta.url)))
    baseUrls[provider] = server.serve({
      headers: { "content-type": contentType },
      body,
      cuts: ReplayServer.randomCuts(body.length, 7, 97)
    })
  }
  return yield* run(baseUrls)
}).pipe(Effect.scoped)

Effect.runPromise(program).then(
  (results) => console.log(JSON.stringify(results)),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
