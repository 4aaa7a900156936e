/**
 * 1,000 concurrent streams from one process against the replay server on 127.0.0.1, every result
 * checked; prints peak memory and the time each stream takes under load compared with alone.
 *
 *   npx tsx scripts/load.ts [streams, default 1000]
 */
import { Effect } from "effect"
import * as ChildProcess from "node:child_process"
import * as Path from "node:path"
import * as Readline from "node:readline"
import { clients } from "../support/Clients.js"
import * as Load from "../support/Load.js"

const streams = Number(process.argv[2] ?? 1_000)
// The server runs in its own process: what is measured here is the client side only.
const server = ChildProcess.spawn(
  process.execPath,
  ["--import", "tsx", Path.join(import.meta.dirname, "replay-server.ts")],
  { stdio: ["ignore", "pipe", "inherit"] }
)
const baseUrls: Record<string, string> = await new Promise((resolve) =>
  Readline.createInterface({ input: server.stdout! }).once("line", (line) => resolve(JSON.parse(line)))
)
for (const [name, client] of clients) {
  const report = await Effect.runPromise(Effect.scoped(Load.run(streams, client, baseUrls)))
  console.log(
    `${name}: ${report.streams} streams, ${report.failures} failed, wall ${report.wallMs.toFixed(0)} ms; ` +
      `one stream alone ${report.singleStreamMs.toFixed(1)} ms, under load median ${
        report.medianLatencyMs.toFixed(0)
      } ms, ` +
      `p99 ${report.p99LatencyMs.toFixed(0)} ms; wall time per stream ${
        (report.wallMs / report.streams).toFixed(2)
      } ms; ` +
      `peak RSS ${report.peakRssMb.toFixed(0)} MB, peak heap ${report.peakHeapMb.toFixed(0)} MB`
  )
  if (report.failures > 0) process.exitCode = 1
}
server.kill()
