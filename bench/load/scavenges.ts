/**
 * The server's scavenges during the measured run, from V8's `--trace-gc-nvp` lines on its standard output (between
 * the server's `--- measured run` marks): how many, the bytes they promoted to the old generation, and their pauses
 * and helper threads' time. Noise does not move the bytes promoted: they showed a cost two cores' CPU figures could
 * not (bench/RESULTS.md, "What outlived scavenges, and why").
 */
import * as Readline from "node:readline"
import type * as Stream from "node:stream"

export interface Scavenges {
  readonly count: number
  /** Bytes promoted to the old generation. */
  readonly promoted: number
  readonly pauseMs: number
  /** The helper threads' time (`background.scavenge.parallel`). */
  readonly helpersMs: number
}

/**
 * Reads `stdout` (echoing what is not a GC line) and tells the scavenges of the latest measured run, as they stand
 * when asked (a copy: what the server prints after is not added to a figure already reported).
 */
export const watch = (stdout: Stream.Readable): () => Scavenges => {
  let measuring = false
  let scavenges = { count: 0, promoted: 0, pauseMs: 0, helpersMs: 0 }
  Readline.createInterface({ input: stdout }).on("line", (line) => {
    if (line.includes("--- measured run: start")) {
      measuring = true
      scavenges = { count: 0, promoted: 0, pauseMs: 0, helpersMs: 0 }
    } else if (line.includes("--- measured run: end")) measuring = false
    if (!line.includes(" gc=")) return void console.log(line)
    if (!measuring || !line.includes(" gc=s ")) return
    const field = (name: string) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0)
    scavenges.count++
    scavenges.promoted += field("promoted")
    scavenges.pauseMs += field("pause")
    scavenges.helpersMs += field("background\\.scavenge\\.parallel")
  })
  return () => ({ ...scavenges })
}
