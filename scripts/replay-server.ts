/**
 * The replay server in a process of its own, serving the load test's recordings; prints one JSON line
 * with their base URLs. Used by scripts/load.ts so that the server's work and memory are not counted
 * as the client's.
 */
import { Effect } from "effect"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Load from "../support/Load.js"

await Effect.runPromise(Effect.scoped(Effect.gen(function*() {
  const server = yield* ReplayServer.make
  console.log(JSON.stringify(Load.serveRecordings(server)))
  yield* Effect.never
})))
