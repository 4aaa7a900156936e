/**
 * A call the provider runs itself once the application approves it, in the tool loop: OpenAI's Responses API runs a
 * remote MCP server's calls (a `{ type: "mcp" }` provider tool) and, by default, asks first (an `mcp_approval_request`
 * output item). The loop pauses on it as on any approval (an `ApprovalRequestEvent` shown whole: the server, the tool,
 * its arguments parsed), and the next request's `Message.toolApproval` is sent as `mcp_approval_response` right after
 * the request item; the provider then runs the call. Over the replay server, the recorded text answer with the
 * request added (shapes: openai-node 7.59.0 `ResponseOutputItem.McpApprovalRequest`,
 * `ResponseInputItem.McpApprovalResponse`). A loop that waits inside itself for approvals (the durable loop) plans
 * such a call as asked too, and waits (`test/app/durable/DurableProviderApprovals.test.ts`).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { CallStream, LanguageModel, Message } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import type * as SDK from "openai/resources/responses/responses"
import * as StepDecision from "../../../src/app/loop/StepDecision.js"
import * as CallEnding from "../../../src/core/call/CallEnding.js"
import { approvalRequest, inputs, mcp, modelAt, sse, text, textWith } from "../../support/McpApprovals.js"

/** The first turn: the loop pauses on the provider's request, asked as an approval. */
const firstTurn = (baseUrl: string) =>
  Effect.gen(function*() {
    const events = yield* Stream.runCollect(
      LanguageModel.runTools({ messages: [Message.user("Roll 2d4+1")], providerTools: [mcp] })
    ).pipe(Effect.provide(modelAt(baseUrl)))
    const asked = events.filter((event) => event._tag === "ApprovalRequestEvent")
    const done = events.at(-1)!
    assert.strictEqual(done._tag, "DoneEvent")
    return { asked, done: done as LanguageModel.DoneEvent }
  })

const secondTurn = (baseUrl: string, messages: ReadonlyArray<Message.Message | Message.ToolApproval>) =>
  LanguageModel.runToolsToEnd({ messages, providerTools: [mcp] }).pipe(Effect.provide(modelAt(baseUrl)))

describe("a call the provider runs once approved (OpenAI's remote MCP), in the tool loop", () => {
  it.live("asked as an approval, shown whole: the server, the tool and its arguments", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: textWith() }])
      const { asked, done } = yield* firstTurn(baseUrl)
      assert.strictEqual(done.reason, "approval")
      assert.strictEqual(asked.length, 1)
      const [request] = asked
      assert.strictEqual(request!.kind, "approval")
      assert.strictEqual(request!.server, "dmcp")
      assert.deepStrictEqual([request!.call.id, request!.call.name], [approvalRequest.id, "roll"])
      assert.deepStrictEqual(request!.input, { diceRollExpression: "2d4+1" })
      assert.strictEqual(server.requests(baseUrl).length, 1)
    }))

  const answers: ReadonlyArray<{
    readonly name: string
    readonly approval: Message.ToolApproval
    readonly sent: SDK.ResponseInputItem.McpApprovalResponse
  }> = [
    {
      name: "approved",
      approval: Message.toolApproval({ toolCallId: approvalRequest.id, approved: true }),
      sent: { type: "mcp_approval_response", approval_request_id: approvalRequest.id, approve: true }
    },
    {
      name: "denied with a reason",
      approval: Message.toolApproval({ toolCallId: approvalRequest.id, approved: false, reason: "not now" }),
      sent: {
        type: "mcp_approval_response",
        approval_request_id: approvalRequest.id,
        approve: false,
        reason: "The user denied this tool call: not now"
      }
    },
    {
      name: "approved under an id this loop never issued (refused: sent as a denial)",
      approval: Message.toolApproval({ toolCallId: approvalRequest.id, approved: true, approvalId: "forged" }),
      sent: {
        type: "mcp_approval_response",
        approval_request_id: approvalRequest.id,
        approve: false,
        reason: "not run: nothing here checks approval ids"
      }
    }
  ]
  for (const answer of answers) {
    it.live(`${answer.name}: the next request sends the answer right after the request item`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve([{ headers: sse, body: textWith() }, text()])
        const { done } = yield* firstTurn(baseUrl)
        const last = yield* secondTurn(baseUrl, [...done.messages, answer.approval])
        assert.strictEqual(last.reason, "stop")
        const input = inputs(server, baseUrl)[1]!
        const at = input.findIndex((item) => item.type === "mcp_approval_request")
        assert.deepStrictEqual(input.slice(at), [approvalRequest, answer.sent])
        // Nothing runs it here: no handler, no function output.
        assert.isFalse(input.some((item) => item.type === "function_call_output"))
      }))
  }

  it.live("a request with no answer is never sent as approved", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: textWith() }, text(), text()])
      const { done } = yield* firstTurn(baseUrl)
      // The same conversation sent again, and one a user's message follows.
      yield* secondTurn(baseUrl, done.messages)
      yield* secondTurn(baseUrl, [...done.messages, Message.user("Never mind")])
      assert.strictEqual(inputs(server, baseUrl).length, 3)
      for (const input of inputs(server, baseUrl).slice(1)) {
        assert.isFalse(input.some((item) => item.type === "mcp_approval_response"), JSON.stringify(input))
      }
    }))
})

describe("a loop that waits inside itself (the durable loop)", () => {
  it.live("asks the call as runTools does, and goes on once it is answered", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([{ headers: sse, body: textWith() }])
      const response = yield* CallStream.accumulate(LanguageModel.stream("Roll 2d4+1")).pipe(
        Effect.provide(modelAt(baseUrl))
      )
      const rules = (approvals: "end" | "wait"): StepDecision.Rules => ({
        provider: "openai",
        tools: [],
        conditions: [],
        maxSteps: 10,
        maxCallsPerStep: 10,
        limit: undefined,
        approvals
      })
      const plans = (approvals: "end" | "wait") => {
        const decision = StepDecision.decide(rules(approvals), new CallEnding.Completed({ response }), [])
        assert.strictEqual(decision._tag, "Answer")
        return decision._tag === "Answer" ? decision : undefined
      }
      assert.deepStrictEqual(plans("end")!.calls.map((plan) => plan._tag), ["AskProvider"])
      assert.strictEqual(plans("end")!.then, "approval")
      assert.deepStrictEqual(plans("wait")!.calls.map((plan) => plan._tag), ["AskProvider"])
      assert.strictEqual(plans("wait")!.then, undefined)
    }))
})
