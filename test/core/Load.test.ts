import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { clients } from "../../support/Clients.js"
import * as Load from "../../support/Load.js"

describe("load (bounded; scripts/load.ts runs 1,000 streams)", () => {
  for (const [clientName, client] of clients) {
    it.live(`200 concurrent streams through ${clientName}, every result checked`, () =>
      Effect.gen(function*() {
        const report = yield* Load.run(200, client)
        assert.strictEqual(report.failures, 0)
        assert.strictEqual(report.streams, 200)
      }), 60_000)
  }
})
