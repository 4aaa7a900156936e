/**
 * `npm run bench [-- name...]`: runs the benchmarks (all of them without arguments).
 */
import * as Sse from "./sse.js"

const benchmarks: Record<string, () => Promise<void>> = { sse: Sse.run }

const selected = process.argv.slice(2)
for (const [name, run] of Object.entries(benchmarks)) {
  if (selected.length === 0 || selected.includes(name)) await run()
}
