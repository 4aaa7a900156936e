/**
 * An AG-UI client's ids, bounded: a run's `threadId`, `runId` and `parentRunId` are at most 256 characters (as a
 * stream's id), else a 400 naming the field before the model is asked. A run is kept in the `StreamStore` as its
 * thread's latest (`AgUiThreadRun`): an id of megabytes was kept there, each under a thread of its own, so a client
 * could fill the store's share of kept values, and the record of another thread's pause (which refuses a stale tab's
 * approval) would then not be kept.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as AgUiApp from "../../support/AgUiApp.js"

const post = (url: string, body: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(url, { method: "POST", body: JSON.stringify(body) })
    return { status: response.status, text: await response.text() }
  })

const input = { threadId: "thread-1", runId: "run-1", messages: [{ id: "u1", role: "user", content: "hi" }] }

describe("an AG-UI run's ids", () => {
  it.live("over 256 characters: a 400 naming the field, the model never asked", () =>
    Effect.gen(function*() {
      const app = yield* AgUiApp.make()
      const long = "r".repeat(1_000_000)
      for (const field of ["threadId", "runId", "parentRunId"]) {
        const refused = yield* post(app.url, { ...input, [field]: long })
        assert.strictEqual(refused.status, 400, refused.text.slice(0, 200))
        assert.deepStrictEqual(JSON.parse(refused.text).parameter, field)
      }
      assert.deepStrictEqual(app.modelRequests(), [])
      // 256 characters are an id.
      const taken = yield* post(app.url, { ...input, runId: "r".repeat(256) })
      assert.strictEqual(taken.status, 200, taken.text.slice(0, 200))
    }).pipe(Effect.scoped))
})
