/**
 * `Mcp.tools` and the Tasks extension of MCP 2026-07-28 (SEP-2663), against a conforming Tasks server written by
 * hand (`support/mcp/TaskServer.mjs`: no released SDK implements the Tasks server): the extension declared on the
 * call, a task polled with `tasks/get` at the server's interval, its task id as `Mcp-Name`, its result the tool's;
 * a failed task an `McpError`; a task past the call's `timeout`, or a call stopped, cancelled with `tasks/cancel`;
 * a task that asks for input an error result (and cancelled); another call of the step not waiting on it.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Result, Scope } from "effect"
import { Mcp, Message, Tool } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as TaskServer from "../../support/mcp/TaskServer.mjs"

const scope = Effect.runSync(Scope.make())
let server: Awaited<ReturnType<typeof TaskServer.start>>
let tools: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  server = await TaskServer.start()
  tools = await Effect.runPromise(
    Mcp.tools({ transport: { http: { url: server.url } }, timeout: "2 seconds" }).pipe(
      Scope.provide(scope),
      Effect.provide(FetchHttpClient.layer)
    )
  )
})

afterAll(async () => {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await server.close()
})

const named = (mcpName: string) => tools.find((tool) => tool.mcpName === mcpName)!
const handle = (mcpName: string) =>
  named(mcpName).handler({}, new Tool.ToolCall({ id: `call_${mcpName}`, name: mcpName, arguments: "{}" }))
const requestsOf = (method: string, taskId: string) =>
  server.requests.filter((request) => request.method === method && request.params.taskId === taskId)

describe("Mcp.tools: tools that run as tasks", () => {
  it.live("a task is polled at the server's interval, named in Mcp-Name, until its result", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* handle("report"), "report ready")
      const call = server.requests.find((request) =>
        request.method === "tools/call" && request.params.name === "report"
      )!
      assert.deepStrictEqual(
        call.params._meta["io.modelcontextprotocol/clientCapabilities"],
        { extensions: { "io.modelcontextprotocol/tasks": {} } }
      )
      const polls = requestsOf("tasks/get", "task-report-1")
      assert.strictEqual(polls.length, 3)
      assert.isTrue(polls.every((poll) => poll.name === "task-report-1"))
      // pollIntervalMs is 200: never faster (a little slack for the timers).
      polls.slice(1).forEach((poll, index) => assert.isAtLeast(poll.at - polls[index]!.at, 190))
      assert.strictEqual(server.started["report"], 1)
    }))

  it.live("a failed task fails the call with a typed McpError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(handle("broken"))
      assert.strictEqual(error._tag, "McpError")
      assert.strictEqual(error.reason, "Protocol")
      assert.include(error.message, "the task failed: disk full")
    }))

  it.live("a call past its timeout cancels its task with tasks/cancel, and never starts it again", () =>
    Effect.gen(function*() {
      const output = yield* Effect.result(handle("endless").pipe(Effect.timeout("1 second")))
      assert.isTrue(Result.isFailure(output))
      yield* Effect.sleep("100 millis")
      assert.strictEqual(requestsOf("tasks/cancel", "task-endless-1").length, 1)
      assert.strictEqual(server.started["endless"], 1)
    }))

  it.live("a call stopped while its task runs cancels the task", () =>
    Effect.gen(function*() {
      const fiber = yield* Effect.forkChild(handle("endless"))
      yield* Effect.sleep("500 millis")
      yield* Fiber.interrupt(fiber)
      yield* Effect.sleep("100 millis")
      assert.isAbove(
        server.requests.filter((request) =>
          request.method === "tasks/cancel" && request.params.taskId !== "task-endless-1"
        )
          .length,
        0
      )
    }))

  it.live("a task that asks for input is an error result the model reads, and cancelled", () =>
    Effect.gen(function*() {
      const output = yield* handle("asking")
      assert.instanceOf(output, Message.ToolResultMessage)
      assert.include(JSON.stringify((output as Message.ToolResultMessage).content), "Which disk?")
      assert.strictEqual(requestsOf("tasks/cancel", "task-asking-1").length, 1)
    }))

  it.live("another call does not wait on a task", () =>
    Effect.gen(function*() {
      const task = yield* Effect.forkChild(handle("report"))
      assert.strictEqual(yield* handle("quick"), "quick")
      assert.isUndefined(task.pollUnsafe())
      yield* Fiber.interrupt(task)
    }))
})
