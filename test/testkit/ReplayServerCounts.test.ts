/**
 * What `ReplayServer` counts of the responses it sends: every response the client drops before its end is an aborted
 * one, whenever the drop comes (a response that never ends is only ever dropped).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Net from "node:net"
import * as ReplayServer from "../../src/testkit/ReplayServer.js"

/** Sends a request to `baseUrl` over a connection of its own, reads the start of the answer, then drops it. */
const dropAfterStart = (baseUrl: string, reset: boolean) =>
  new Promise<void>((resolve, reject) => {
    const url = new URL(baseUrl)
    const socket = Net.connect(Number(url.port), url.hostname, () =>
      socket.write(`GET ${url.pathname} HTTP/1.1\r\nhost: ${url.host}\r\n\r\n`))
    socket.once("error", reject)
    socket.once("data", () => {
      if (reset) {
        socket.resetAndDestroy()
      } else socket.destroy()
      resolve()
    })
  })

describe("ReplayServer", () => {
  it.live(
    "counts every dropped answer that never ends as aborted, whenever the client drops it",
    () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ body: "tick ", endless: true, delayMs: 1 })
        const drops = 200
        for (let index = 0; index < drops; index++) {
          yield* Effect.promise(() => dropAfterStart(baseUrl, index % 2 === 0))
        }
        for (let waited = 0; server.closedConnections(baseUrl) < drops && waited < 10_000; waited += 20) {
          yield* Effect.sleep("20 millis")
        }
        assert.deepStrictEqual(
          { closed: server.closedConnections(baseUrl), aborted: server.abortedResponses(baseUrl) },
          { closed: drops, aborted: drops }
        )
      }).pipe(Effect.scoped),
    30_000
  )
})
