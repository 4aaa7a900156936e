/**
 * `Mcp.tools` and the Tasks extension of MCP 2026-07-28 (SEP-2663), against a conforming Tasks server written by
 * hand (`support/mcp/TaskServer.mjs`: no released SDK implements the Tasks server): the extension declared on the
 * call, a task polled with `tasks/get` at the server's interval, its task id as `Mcp-Name`, its result the tool's;
 * a failed task an `McpError`; a task past the call's `timeout`, or a call stopped, cancelled with `tasks/cancel`;
 * a task that asks for input, where forms are not taken, an error result (and cancelled); another call of the step not
 * waiting on it. With `elicitation: "approval"`, a task's form asked through `runTools`' approvals (checked as served)
 * and on the UI message stream read by the `ai` client, the answer sent with `tasks/update` to the same task.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Result, Scope, Stream } from "effect"
import { LanguageModel, Mcp, Message, Tool, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as ChatServer from "../../support/ChatServer.js"
import * as LoopWire from "../../support/LoopWire.js"
import * as TaskServer from "../../support/mcp/TaskServer.mjs"
import { readResponse } from "../../support/UIClient.js"
import { until } from "../../support/Until.js"

const scope = Effect.runSync(Scope.make())
let server: Awaited<ReturnType<typeof TaskServer.start>>
let tools: ReadonlyArray<Mcp.McpTool>
/** The same server's tools where forms go to the user. */
let asking: ReadonlyArray<Mcp.McpTool>

beforeAll(async () => {
  server = await TaskServer.start()
  const toolsOf = (options: Partial<Mcp.Options>) =>
    Effect.runPromise(
      Mcp.tools({ transport: { http: { url: server.url } }, timeout: "2 seconds", ...options }).pipe(
        Scope.provide(scope),
        Effect.provide(FetchHttpClient.layer)
      )
    )
  tools = await toolsOf({})
  asking = await toolsOf({ elicitation: "approval", needsApproval: false, include: ["asking"] })
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
      // Waited for (up to 10 s): that the task is cancelled is checked, not how soon.
      assert.isTrue(yield* until(() => requestsOf("tasks/cancel", "task-endless-1").length > 0, 10_000))
      assert.strictEqual(requestsOf("tasks/cancel", "task-endless-1").length, 1)
      assert.strictEqual(server.started["endless"], 1)
    }))

  it.live("a poll that fails fails the call with an McpError, its task cancelled with tasks/cancel before it ends", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(handle("flaky"))
      assert.strictEqual(error._tag, "McpError")
      assert.strictEqual(error.reason, "Protocol")
      // Told before the call ended: no wait.
      assert.strictEqual(requestsOf("tasks/cancel", "task-flaky-1").length, 1)
      assert.strictEqual(server.started["flaky"], 1)
    }))

  it.live("a call stopped while its task runs cancels the task", () =>
    Effect.gen(function*() {
      const task = `task-endless-${server.started["endless"] + 1}`
      const fiber = yield* Effect.forkChild(handle("endless"))
      // Stopped once its task is polled (waited for, up to 10 s), then its cancel waited for as long.
      assert.isTrue(yield* until(() => server.requests.some((request) => request.params?.taskId === task), 10_000))
      yield* Fiber.interrupt(fiber)
      assert.isTrue(yield* until(() => requestsOf("tasks/cancel", task).length > 0, 10_000), task)
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

type Event = LanguageModel.StepEvent

/** A loop with the approval checks a served loop has, its model answering `scenario`: its events. */
const run = (scenario: ReplayServer.ScenarioInput, messages: ReadonlyArray<Message.Message | Message.ToolApproval>) =>
  Effect.gen(function*() {
    const replay = yield* ReplayServer.make
    const steps = UIMessageStream.withApprovalChecks(LanguageModel.runTools({ messages, tools: asking }))
    const model = LoopWire.modelAt("openai", replay.serve(scenario), FetchHttpClient.layer)
    return Array.from(yield* Stream.runCollect(steps).pipe(Effect.provide(model)))
  })

const done = (events: ReadonlyArray<Event>) => events.at(-1) as LanguageModel.DoneEvent
const resultOf = (events: ReadonlyArray<Event>) =>
  events.find((event): event is LanguageModel.ToolResultEvent => event._tag === "ToolResultEvent")!

/** The model calls `asking` (call `id`): the task asks which disk, and the loop ends waiting; its task's id. */
const asked = (id: string) =>
  Effect.gen(function*() {
    const calls = [{ id, name: "asking", arguments: "{}" }]
    const events = yield* run(LoopWire.scripted("openai", { calls }), [Message.user("Format a disk")])
    const ask = events.find((event): event is LanguageModel.ApprovalRequestEvent =>
      event._tag === "ApprovalRequestEvent"
    )!
    assert.strictEqual(done(events).reason, "approval")
    assert.strictEqual(ask.elicitation?.message, "Which disk?")
    const taskId = `task-asking-${server.started["asking"]}`
    // Waiting for the user, the task is not cancelled.
    assert.strictEqual(requestsOf("tasks/cancel", taskId).length, 0)
    return { ask, taskId, messages: done(events).messages }
  })

/** Answers the call with `approval`; the model then says it is done. */
const answer = (messages: ReadonlyArray<Message.Message>, approval: Message.ToolApproval) =>
  run(LoopWire.scripted("openai", { texts: ["Done."] }), [...messages, approval])

describe("Mcp.tools: a task that asks for input", () => {
  it.live("asked as a call's form; accepted, sent with tasks/update and the same task polled to its result", () =>
    Effect.gen(function*() {
      const first = yield* asked("t1")
      assert.deepStrictEqual(first.ask.elicitation?.requestedSchema, {
        type: "object",
        properties: { disk: { type: "string" } },
        required: ["disk"]
      })
      const started = server.started["asking"]
      const { approvalId } = first.ask
      const events = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "t1", approved: true, content: { disk: "sda" }, approvalId })
      )
      assert.include(JSON.stringify(resultOf(events).message.content), "formatted sda")
      assert.strictEqual(done(events).reason, "stop")
      const updates = requestsOf("tasks/update", first.taskId)
      // Once: the poll right after still shows the form answered, which is not asked again.
      assert.strictEqual(updates.length, 1)
      assert.deepStrictEqual(updates[0]!.params.inputResponses, {
        disk: { action: "accept", content: { disk: "sda" } }
      })
      assert.strictEqual(updates[0]!.name, first.taskId)
      assert.isUndefined(updates[0]!.params.requestState)
      assert.strictEqual(server.started["asking"], started)
    }))

  it.live("declined: the task is told so", () =>
    Effect.gen(function*() {
      const first = yield* asked("t2")
      const events = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "t2", approved: false, approvalId: first.ask.approvalId })
      )
      assert.include(JSON.stringify(resultOf(events).message.content), "not formatted: decline")
      assert.deepStrictEqual(requestsOf("tasks/update", first.taskId)[0]!.params.inputResponses, {
        disk: { action: "decline" }
      })
    }))

  it.live("a forged and a replayed answer: refused, the task not updated again; a misfit refused", () =>
    Effect.gen(function*() {
      const first = yield* asked("t3")
      const { approvalId } = first.ask
      const forged = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "t3", approved: true, content: { disk: "sda" }, approvalId: "a1.0.0.x" })
      )
      assert.strictEqual((resultOf(forged).result as LanguageModel.ApprovalRefused).reason, "unverified")
      const again = yield* asked("t4")
      const misfit = yield* answer(
        again.messages,
        Message.toolApproval({
          toolCallId: "t4",
          approved: true,
          content: { disk: 1 },
          approvalId: again.ask.approvalId
        })
      )
      assert.include(JSON.stringify(resultOf(misfit).message.content), "does not fit the tool's form")
      assert.strictEqual(requestsOf("tasks/update", again.taskId).length, 0)
      yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "t3", approved: true, content: { disk: "sdc" }, approvalId })
      )
      const replayed = yield* answer(
        first.messages,
        Message.toolApproval({ toolCallId: "t3", approved: true, content: { disk: "sdd" }, approvalId })
      )
      assert.strictEqual((resultOf(replayed).result as LanguageModel.ApprovalRefused).reason, "used")
      assert.strictEqual(requestsOf("tasks/update", first.taskId).length, 1)
    }))

  it.live("on the UI message stream: the ai client keeps the form; its values go to the task", () =>
    Effect.gen(function*() {
      const served = (scenario: ReplayServer.ScenarioInput, body: unknown) =>
        Effect.gen(function*() {
          const replay = yield* ReplayServer.make
          const model = LoopWire.modelAt("openai", replay.serve(scenario), FetchHttpClient.layer)
          const response = yield* Effect.provide(ChatServer.answer(asking as any)(JSON.stringify(body)), model)
          return yield* Effect.promise(() => readResponse(response))
        })
      const user = { id: "u1", role: "user", parts: [{ type: "text", text: "Format a disk" }] }
      const calls = [{ id: "ui1", name: "asking", arguments: "{}" }]
      const first = yield* served(LoopWire.scripted("openai", { calls }), {
        id: "chat",
        trigger: "submit-message",
        messages: [user]
      })
      const part = first.message!.parts.find((part: any) => part.type === "tool-asking") as any
      assert.strictEqual(part.state, "approval-requested")
      assert.strictEqual(part.approval.descriptor.elicitation.message, "Which disk?")
      const reason = JSON.stringify({ disk: "sdb" })
      const second = yield* served(LoopWire.scripted("openai", { texts: ["Done."] }), {
        id: "chat",
        trigger: "submit-message",
        messages: [user, {
          ...first.message,
          parts: first.message!.parts.map((part: any) =>
            part.type === "tool-asking"
              ? { ...part, state: "approval-responded", approval: { ...part.approval, approved: true, reason } }
              : part
          )
        }]
      })
      assert.deepStrictEqual(second.chunks.find((chunk) => chunk.type === "tool-output-available"), {
        type: "tool-output-available",
        toolCallId: "ui1",
        output: "formatted sdb"
      })
    }))
})
