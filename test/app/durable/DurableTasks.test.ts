/**
 * An MCP tool call answered with a task (SEP-2663) in a durable loop on SQLite, its process killed with SIGKILL
 * while the task works: the task's id was kept in the run's journal, so the process that takes the run over polls
 * the same task (`tasks/get`) and never sends `tools/call` again; the run ends with the task's result. The Tasks
 * server (`support/mcp/TaskServer.mjs`) runs in this process and counts what it is sent; the loop's processes are a
 * bundle of `support/McpTaskChild.ts` run with plain `node`.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Os from "node:os"
import * as Path from "node:path"
import * as KilledChild from "../../support/KilledChild.js"
import * as TaskServer from "../../support/mcp/TaskServer.mjs"

const script = KilledChild.bundle("McpTaskChild", "mcp-task", [])
let server: Awaited<ReturnType<typeof TaskServer.start>>

beforeAll(async () => {
  server = await TaskServer.start()
})
afterAll(async () => {
  KilledChild.removeBundles()
  await server.close()
})

/** Resolves once `found` holds, checked every 20 ms (for at most 30 s). */
const until = async (found: () => boolean) => {
  for (let waited = 0; !found(); waited += 20) {
    if (waited > 30_000) throw new Error("waited 30 s in vain")
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const requestsOf = (method: string) =>
  server.requests.filter((request) => method === request.method && (request.params.name ?? "held") === "held")

describe("an MCP task in a durable loop killed and resumed", () => {
  it.live(
    "the process that takes the run over polls the same task, and never starts it again",
    () =>
      Effect.promise(async () => {
        const config = { sqlite: Path.join(Os.tmpdir(), `durable-task-${crypto.randomUUID()}.db`), url: server.url }
        const first = KilledChild.spawn(await script, { ...config, phase: "first" })
        try {
          await first.line("STARTED")
          // The task works: polled at least once.
          await until(() => requestsOf("tasks/get").some((request) => request.params.taskId === "task-held-1"))
        } finally {
          await first.kill()
        }
        const killedAt = Date.now()
        server.release()
        const second = KilledChild.spawn(await script, { ...config, phase: "second" })
        try {
          const done = JSON.parse(await second.line("DONE "))
          assert.deepStrictEqual(done, { reason: "stop", result: "held task-held-1 done" })
        } finally {
          await second.kill()
        }
        assert.strictEqual(requestsOf("tools/call").length, 1, "tools/call sent once")
        assert.strictEqual(server.started["held"], 1)
        const polledAfter = requestsOf("tasks/get").filter((request) => request.at > killedAt)
        assert.isAbove(polledAfter.length, 0)
        assert.isTrue(polledAfter.every((request) => request.params.taskId === "task-held-1"))
      }),
    60_000
  )
})
