/**
 * A call OpenAI's Responses API runs itself once approved (a remote MCP server's, `mcp_approval_request`), through
 * AG-UI to `@ag-ui/client`'s own `HttpAgent` and back across two runs: an agent (`readRunInput` → `runTools` →
 * `fromSteps`) ends the first run interrupted, the interrupt showing the call whole (`metadata`: the tool, its
 * arguments parsed, and the MCP server's label as `server`); the next run's `resume` answers it, approved or denied
 * with a reason, and the next request to the model carries the request item as it came and `mcp_approval_response`
 * right after it (openai-node 7.59.0 `ResponseInputItem.McpApprovalResponse`). A forged interrupt id is refused.
 */
import type { Interrupt, RunFinishedEvent } from "@ag-ui/client"
import { HttpAgent } from "@ag-ui/client"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { AgUi, LanguageModel, OpenAIResponses } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type * as SDK from "openai/resources/responses/responses"
import * as Fixtures from "../../../support/Fixtures.js"
import * as AgUiClient from "../../support/AgUiClient.js"
import { approvalRequest, mcp, textWith } from "../../support/McpApprovals.js"

const sse = { "content-type": "text/event-stream; charset=utf-8" }

/** An agent on a model (its provider tools: the MCP server) that a replay server plays, and what it was sent. */
const app = Effect.gen(function*() {
  const replay = yield* ReplayServer.make
  const modelUrl = replay.serve([
    { headers: sse, body: textWith() },
    { headers: sse, body: Fixtures.bytes("openai-responses", "text.sse") }
  ])
  const model = yield* Layer.build(
    OpenAIResponses.model("gpt-5.4", { providerTools: [mcp] }).pipe(
      Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-mcp-agui-0123456789"), baseUrl: modelUrl })),
      Layer.provide(FetchHttpClient.layer)
    )
  )
  const url = yield* AgUiClient.serve((body) =>
    Effect.gen(function*() {
      const input = yield* AgUi.readRunInput(body)
      return yield* LanguageModel.runTools({ messages: [...input.messages, ...input.approvals] }).pipe(
        AgUi.fromSteps({ threadId: input.threadId, runId: input.runId }),
        AgUi.toResponse()
      )
    }).pipe(
      Effect.catchTag("InvalidRequestError", (error) =>
        Effect.succeed(Response.json({ error: error.message, parameter: error.parameter }, { status: 400 })))
    )
  ).pipe(Effect.provide(model))
  return { url, modelRequests: () => replay.requests(modelUrl).map((request) => JSON.parse(request.body)) }
})

/** The first run: it ends interrupted, one interrupt; the agent and that interrupt. */
const interrupted = (url: string) =>
  Effect.gen(function*() {
    const agent = AgUiClient.agentOf(url)
    agent.addMessage({ id: "u1", role: "user", content: "Roll 2d4+1" })
    const run = yield* AgUiClient.run(agent)
    assert.deepStrictEqual(run.warnings, [])
    const outcome = (run.events.at(-1) as RunFinishedEvent).outcome
    assert.strictEqual(outcome?.type, "interrupt", JSON.stringify(run.events))
    const interrupts = (outcome as { readonly interrupts: Array<Interrupt> }).interrupts
    assert.strictEqual(interrupts.length, 1)
    return { agent, interrupt: interrupts[0]! }
  })

describe("a call the provider runs once approved, through AG-UI", () => {
  it.live("the interrupt shows it whole: the tool, its arguments parsed, the MCP server's label", () =>
    Effect.gen(function*() {
      const { modelRequests, url } = yield* app
      const { agent, interrupt } = yield* interrupted(url)
      assert.strictEqual(interrupt.reason, "tool_call")
      assert.strictEqual(interrupt.toolCallId, approvalRequest.id)
      // What @ag-ui/client 1.0 kept of it, after its own schema read the event.
      assert.deepStrictEqual(interrupt.metadata, {
        toolName: "roll",
        input: { diceRollExpression: "2d4+1" },
        server: "dmcp"
      })
      // What a person reads: the server that runs it, beside the tool and its arguments.
      assert.strictEqual(interrupt.message, "Run roll on dmcp (diceRollExpression: \"2d4+1\")?")
      // The call, as the step's assistant message holds it (what the next run's history sends back).
      const calls = agent.messages.flatMap((message) => message.role === "assistant" ? message.toolCalls ?? [] : [])
      assert.deepStrictEqual(calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments)]), [
        [approvalRequest.id, "roll", { diceRollExpression: "2d4+1" }]
      ])
      assert.strictEqual(modelRequests().length, 1)
    }).pipe(Effect.scoped))

  /** Each answer through `resume`, and the `mcp_approval_response` the next request sends for it. */
  const answers: ReadonlyArray<{
    readonly name: string
    readonly payload: { readonly approved: boolean; readonly reason?: string }
    readonly sent: SDK.ResponseInputItem.McpApprovalResponse
  }> = [
    {
      name: "approved",
      payload: { approved: true },
      sent: { type: "mcp_approval_response", approval_request_id: approvalRequest.id, approve: true }
    },
    {
      name: "denied with a reason",
      payload: { approved: false, reason: "not now" },
      sent: {
        type: "mcp_approval_response",
        approval_request_id: approvalRequest.id,
        approve: false,
        reason: "The user denied this tool call: not now"
      }
    }
  ]
  for (const { name, payload, sent } of answers) {
    it.live(`${name} through resume: the next request answers it right after the request item`, () =>
      Effect.gen(function*() {
        const { modelRequests, url } = yield* app
        const { agent, interrupt } = yield* interrupted(url)
        const run = yield* AgUiClient.run(agent, {
          resume: [{ interruptId: interrupt.id, status: "resolved", payload }]
        })
        assert.deepStrictEqual(run.warnings, [])
        assert.deepStrictEqual((run.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
        // The request item as it came, the answer right after it; no handler ran, so no function output.
        const bodies = modelRequests()
        assert.strictEqual(bodies.length, 2)
        const input = bodies[1].input as ReadonlyArray<any>
        assert.deepStrictEqual(input.slice(input.findIndex((item) => item.type === "mcp_approval_request")), [
          approvalRequest,
          sent
        ])
        assert.isFalse(input.some((item) => item.type === "function_call_output"))
      }).pipe(Effect.scoped))
  }

  it.live("an edit of its input is a 400 in one sentence, the interrupt left open: approved after, it is answered", () =>
    Effect.gen(function*() {
      const { modelRequests, url } = yield* app
      const { agent, interrupt } = yield* interrupted(url)
      const copy = new HttpAgent({ url, threadId: agent.threadId, initialMessages: structuredClone(agent.messages) })
      const payload = { approved: true, input: { diceRollExpression: "20d20" } }
      const error: any = yield* AgUiClient.runFailing(copy, {
        resume: [{ interruptId: interrupt.id, status: "resolved", payload }]
      })
      assert.strictEqual(error.status, 400)
      assert.deepStrictEqual(error.payload, {
        error: "This tool call runs as the model made it, so its input cannot be edited.",
        parameter: "resume[0].payload.input"
      })
      assert.strictEqual(modelRequests().length, 1, "the model sent nothing")
      const run = yield* AgUiClient.run(agent, {
        resume: [{ interruptId: interrupt.id, status: "resolved", payload: { approved: true } }]
      })
      assert.deepStrictEqual((run.events.at(-1) as RunFinishedEvent).outcome, { type: "success" })
      const input = modelRequests()[1].input as ReadonlyArray<any>
      assert.deepStrictEqual(input.find((item) => item.type === "mcp_approval_response"), {
        type: "mcp_approval_response",
        approval_request_id: approvalRequest.id,
        approve: true
      })
    }).pipe(Effect.scoped))

  it.live("a forged interrupt id is a 400 before the run: the model is sent nothing", () =>
    Effect.gen(function*() {
      const { modelRequests, url } = yield* app
      const { agent, interrupt } = yield* interrupted(url)
      // A copy of the thread (the client checks a resume against the interrupts it tracks): the server refuses it.
      const copy = new HttpAgent({ url, threadId: agent.threadId, initialMessages: structuredClone(agent.messages) })
      const error: any = yield* AgUiClient.runFailing(copy, {
        resume: [{ interruptId: `${interrupt.id.slice(0, -4)}AAAA`, status: "resolved", payload: { approved: true } }]
      })
      assert.strictEqual(error.status, 400)
      assert.strictEqual(error.payload.parameter, "resume[0].interruptId")
      assert.strictEqual(modelRequests().length, 1)
    }).pipe(Effect.scoped))
})
