// A Cloudflare Worker (workerd, no `nodejs_compat`), bundled by esbuild as one ES module: each request's JSON body
// names the base URL of each provider's recording, and the response is what the consumer program returned.
import { Effect } from "effect"
import { run } from "./streams.mjs"

export default {
  async fetch(request) {
    const baseUrls = await request.json()
    return Effect.runPromise(run(baseUrls)).then(
      (results) => Response.json({ results }),
      (error) => Response.json({ error: String(error) })
    )
  }
}
