/**
 * An MCP server's call OpenAI's Responses API asks the application to approve before it runs it (openai 7.59.0
 * `ResponseOutputItem.McpApprovalRequest`), the recorded text answer with it streamed after its message, and the
 * Responses model over the replay server that serves them.
 */
import { Layer, Redacted } from "effect"
import { OpenAIResponses } from "effect-llm-stream"
import type { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import type * as SDK from "openai/resources/responses/responses"
import * as Fixtures from "../../support/Fixtures.js"

/** The remote MCP server the requests declare (`Tool.Mcp`, approvals asked by default). */
export const mcp = {
  type: "mcp",
  server_label: "dmcp",
  server_url: "https://dmcp-server.deno.dev/sse"
} satisfies SDK.Tool.Mcp

export const approvalRequest = {
  type: "mcp_approval_request",
  id: "mcpr_68a1",
  server_label: "dmcp",
  name: "roll",
  arguments: "{\"diceRollExpression\":\"2d4+1\"}"
} satisfies SDK.ResponseOutputItem.McpApprovalRequest

/** The recorded text answer (`openai-responses/text.sse`) with `item` streamed after its message, added and done. */
export const textWith = (item: unknown = approvalRequest): string => {
  const events = [
    { type: "response.output_item.added", output_index: 1, item },
    { type: "response.output_item.done", output_index: 1, item }
  ].map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join("")
  const completed = "event: response.completed"
  return Fixtures.text("openai-responses", "text.sse").replace(completed, `${events}${completed}`)
}

export const sse = { "content-type": "text/event-stream; charset=utf-8" }

/** The recorded text answer, as the replay server serves it. */
export const text = () => ({ headers: sse, body: Fixtures.bytes("openai-responses", "text.sse") })

/** The Responses API's model at `baseUrl` (a replay server's). */
export const modelAt = (baseUrl: string) =>
  OpenAIResponses.model("gpt-5.4").pipe(
    Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-mcp-approvals-0123456789"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

/** The input items of each request the server got. */
export const inputs = (server: ReplayServer.ReplayServer, baseUrl: string): ReadonlyArray<ReadonlyArray<any>> =>
  server.requests(baseUrl).map((request) => JSON.parse(request.body).input)
