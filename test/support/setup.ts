import { addEqualityTesters } from "@effect/vitest"
import { afterAll, afterEach } from "vitest"
import * as Tokenizer from "../../src/core/estimate/Tokenizer.js"

addEqualityTesters()

// Spend estimates count by characters unless a test file asks for the tokenizer (the spend tests do:
// `Tokenizer.forget()` after setting it "on"): loading gpt-tokenizer's o200k takes ~0.3 s and ~90 MB in each
// worker, and the other files do not measure estimates. Set before each file: the workers run many files in one
// module graph (vitest's `isolate: false`).
process.env["EFFECT_LLM_STREAM_TOKENIZER"] = "off"
Tokenizer.forget()

// A test that never touches the network (in-memory HTTP clients, synchronous decoders) settles in
// microtasks alone, and so does the runner between such tests: a whole file of them would keep the
// worker's event loop from reaching its timers and I/O until the file ends, and the runner's RPC to the
// main process (whose replies are I/O) would time out on a slow machine. One macrotask turn after each
// test keeps every stretch without I/O as short as a single test.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)))

// And a guard that names the cause if a single test ever starves the event loop for long: the RPC
// timeout it would otherwise end in says nothing about which test did it.
const maxStallMillis = 30_000
let lastTurn = performance.now()
let longestStall = 0
const watch = setInterval(() => {
  const now = performance.now()
  longestStall = Math.max(longestStall, now - lastTurn)
  lastTurn = now
}, 50)
watch.unref()

afterAll(() => {
  clearInterval(watch)
  longestStall = Math.max(longestStall, performance.now() - lastTurn)
  if (longestStall > maxStallMillis) {
    throw new Error(
      `the event loop did not turn for ${Math.round(longestStall)} ms in this file: a test runs a long ` +
        "stretch without I/O or timers (split it, or yield with setImmediate between its runs)"
    )
  }
})
