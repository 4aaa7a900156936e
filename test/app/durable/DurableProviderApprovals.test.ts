/**
 * A call the provider runs once approved (OpenAI's remote MCP: an `mcp_approval_request` output item), in a durable
 * loop, over the replay server with the recorded text answer: the run waits as for its own tools' approvals (a
 * signed `tool-approval-request` in its live view, the server's label its `approvalDescriptor`; the model not asked
 * again), `approve` answers it by the request's id as it answers any call, and the next request sends the request
 * item back as it came with `mcp_approval_response` right after it: `approve: true`, or `false` with the denial's
 * reason; an id the gate never issued is a denial saying why, and an edited input is refused by `approve` itself
 * (`InvalidRun`, in one sentence), nothing stored, the run still waiting (one given before the call asked is dropped
 * as it asks, and the run waits as well). A run started from a conversation whose last turn asks waits first. On
 * SQLite, the wait outlives its engine: a new engine on the same file takes the answer, and the model is asked only
 * the next step (shapes: openai-node 7.59.0 `ResponseOutputItem.McpApprovalRequest`,
 * `ResponseInputItem.McpApprovalResponse`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { DurableLoop, LanguageModel, Message, StreamStore } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type { WorkflowEngine } from "effect/workflow"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import type * as SDK from "openai/resources/responses/responses"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { approvalRequest, inputs, mcp, modelAt, sse, text, textWith } from "../../support/McpApprovals.js"

const loop = LanguageModel.durableLoop("durable-mcp-approvals", { providerTools: [mcp] })

/** The loop on `engine`, its model (given too) the Responses API at `baseUrl`. */
const on = <E>(engine: Layer.Layer<WorkflowEngine.WorkflowEngine, E>, baseUrl: string) =>
  loop.layer.pipe(
    Layer.provideMerge(engine),
    Layer.provideMerge(modelAt(baseUrl))
  )

/** Starts the run `executionId` and reads the approval it waits for from its live view. */
const asked = (executionId: string) =>
  Effect.gen(function*() {
    const input = { executionId, messages: [Message.user("Roll 2d4+1")] }
    yield* loop.run(input, { discard: true })
    const [request] = yield* approvalRequests(executionId, 1)
    return { input, request: request! }
  })

/** The item right after the approval request in the second request to the model (the request item as it came). */
const answerSent = (server: ReplayServer.ReplayServer, baseUrl: string) => {
  const input = inputs(server, baseUrl)[1]!
  const at = input.findIndex((item) => item.type === "mcp_approval_request")
  assert.deepStrictEqual(input[at], approvalRequest)
  assert.strictEqual(input.length, at + 2, "the answer is the last item")
  assert.isFalse(input.some((item) => item.type === "function_call_output"), "no handler ran")
  return input[at + 1]
}

const answers: ReadonlyArray<{
  readonly name: string
  readonly decision: (approvalId: string) => DurableLoop.Decision
  readonly sent: SDK.ResponseInputItem.McpApprovalResponse
}> = [
  {
    name: "approved",
    decision: (approvalId) => ({ approved: true, approvalId }),
    sent: { type: "mcp_approval_response", approval_request_id: approvalRequest.id, approve: true }
  },
  {
    name: "denied with a reason",
    decision: (approvalId) => ({ approved: false, reason: "not now", approvalId }),
    sent: {
      type: "mcp_approval_response",
      approval_request_id: approvalRequest.id,
      approve: false,
      reason: "The user denied this tool call: not now"
    }
  }
]

describe("a call the provider runs once approved, in a durable loop", () => {
  for (const answer of answers) {
    it.live(`waits as an approval does; ${answer.name}, the next request sends the answer`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
        const executionId = `mcp-${answer.sent.approve ? "approved" : "denied"}`
        yield* Effect.gen(function*() {
          const { input, request } = yield* asked(executionId)
          assert.strictEqual(request.toolCallId, approvalRequest.id)
          assert.match(request.approvalId, /^a1\./, "signed")
          assert.deepStrictEqual(request.approvalDescriptor, { server: "dmcp" })
          assert.strictEqual(server.requests(baseUrl).length, 1, "the run waits")
          yield* loop.approve(executionId, approvalRequest.id, answer.decision(request.approvalId))
          const done = yield* loop.run(input)
          assert.strictEqual(done.reason, "stop")
          assert.strictEqual(server.requests(baseUrl).length, 2)
          assert.deepStrictEqual(answerSent(server, baseUrl), answer.sent)
        }).pipe(Effect.provide(on(DurableLoop.layerMemory, baseUrl)))
      }).pipe(Effect.provide(StreamStore.layerMemory())))
  }

  const refusals: ReadonlyArray<{
    readonly name: string
    readonly decision: (approvalId: string) => DurableLoop.Decision
    readonly reason: string
  }> = [
    {
      name: "under an id the gate never issued",
      decision: (approvalId) => ({ approved: true, approvalId: `${approvalId.slice(0, -2)}xy` }),
      reason: "not run"
    }
  ]
  for (const refusal of refusals) {
    it.live(`an approval ${refusal.name} is sent as a denial`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
        const executionId = `mcp-refused-${refusals.indexOf(refusal)}`
        yield* Effect.gen(function*() {
          const { input, request } = yield* asked(executionId)
          yield* loop.approve(executionId, approvalRequest.id, refusal.decision(request.approvalId))
          yield* loop.run(input)
          const sent = answerSent(server, baseUrl)
          assert.deepInclude(sent, { approve: false })
          assert.include(sent.reason, refusal.reason)
        }).pipe(Effect.provide(on(DurableLoop.layerMemory, baseUrl)))
      }).pipe(Effect.provide(StreamStore.layerMemory())))
  }

  it.live("an approval that edits the input is refused by approve, the run still waiting for its answer", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
      yield* Effect.gen(function*() {
        const { input, request } = yield* asked("mcp-edited")
        const edit = { approved: true, approvalId: request.approvalId, input: { diceRollExpression: "6d6" } }
        const refused = yield* Effect.flip(loop.approve("mcp-edited", approvalRequest.id, edit))
        assert.deepStrictEqual(
          [refused.reason, refused.message],
          ["InvalidRun", "This tool call runs as the model made it, so its input cannot be edited."]
        )
        assert.strictEqual(server.requests(baseUrl).length, 1, "the run waits")
        yield* loop.approve("mcp-edited", approvalRequest.id, { approved: true, approvalId: request.approvalId })
        assert.strictEqual((yield* loop.run(input)).reason, "stop")
        assert.deepStrictEqual(answerSent(server, baseUrl), answers[0]!.sent)
      }).pipe(Effect.provide(on(DurableLoop.layerMemory, baseUrl)))
    }).pipe(Effect.provide(StreamStore.layerMemory())))

  it.live("an edited input given before the call asks is dropped as it asks; the approval then given is sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
      yield* Effect.gen(function*() {
        // Kept (nothing asked yet), then dropped as the call asks: before, it was taken and sent as a denial.
        yield* loop.approve("mcp-edited-ahead", approvalRequest.id, {
          approved: true,
          input: { diceRollExpression: "6d6" }
        })
        const { input, request } = yield* asked("mcp-edited-ahead")
        assert.strictEqual(server.requests(baseUrl).length, 1, "the run waits")
        yield* loop.approve("mcp-edited-ahead", approvalRequest.id, { approved: true, approvalId: request.approvalId })
        assert.strictEqual((yield* loop.run(input)).reason, "stop")
        assert.deepStrictEqual(answerSent(server, baseUrl), answers[0]!.sent)
      }).pipe(Effect.provide(on(DurableLoop.layerMemory, baseUrl)))
    }).pipe(Effect.provide(StreamStore.layerMemory())))

  it.live("a run started from a conversation whose last turn asks the provider's approval asks it first", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
      yield* Effect.gen(function*() {
        // `runTools` paused on the request: its conversation ends with the turn that asks.
        const paused = yield* LanguageModel.runToolsToEnd({
          messages: [Message.user("Roll 2d4+1")],
          providerTools: [mcp]
        })
        assert.strictEqual(paused.reason, "approval")
        const input = { executionId: "mcp-pending", messages: paused.messages }
        yield* loop.run(input, { discard: true })
        const [request] = yield* approvalRequests("mcp-pending", 1)
        assert.strictEqual(request!.toolCallId, approvalRequest.id)
        assert.strictEqual(server.requests(baseUrl).length, 1, "the run waits before asking the model")
        yield* loop.approve("mcp-pending", approvalRequest.id, { approved: true, approvalId: request!.approvalId })
        assert.strictEqual((yield* loop.run(input)).reason, "stop")
        assert.deepStrictEqual(answerSent(server, baseUrl), answers[0]!.sent)
      }).pipe(Effect.provide(on(DurableLoop.layerMemory, baseUrl)))
    }).pipe(Effect.provide(StreamStore.layerMemory())))

  it.live(
    "SQLite: the wait outlives its engine; a new one on the same file takes the answer",
    () =>
      Effect.gen(function*() {
        const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-mcp-")), "runs.db")
        const sqlite = (baseUrl: string) =>
          on(DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding }), baseUrl)
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
        const { input, request } = yield* Effect.provide(asked("mcp-restart"), sqlite(baseUrl))
        assert.strictEqual(server.requests(baseUrl).length, 1)
        yield* Effect.gen(function*() {
          yield* loop.approve("mcp-restart", approvalRequest.id, { approved: true, approvalId: request.approvalId })
          const done = yield* loop.run(input)
          assert.strictEqual(done.reason, "stop")
          // Step 1 is not asked again: the new engine replays it from the file.
          assert.strictEqual(server.requests(baseUrl).length, 2)
          assert.deepStrictEqual(answerSent(server, baseUrl), answers[0]!.sent)
        }).pipe(Effect.provide(sqlite(baseUrl)))
      }).pipe(Effect.provide(StreamStore.layerMemory())),
    60_000
  )
})
