/**
 * The `deploy` tool of the official SDK 2.x server of the input-request tests (`support/mcp/ModernServer.mjs`), its
 * form asked as an approval, and a scripted model that calls it: the tests of durable runs that answer a tool's request
 * for input.
 */
import { Effect, Scope, Stream } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as DurableAgent from "./DurableAgent.js"

/**
 * The server at `url`'s `deploy` tool, its client kept open in `scope`: no approval of its own (its form asked at
 * once), or, `approvedFirst`, approved before its form is asked (`needsApproval`'s default).
 */
export const deployTools = (
  url: string,
  scope: Scope.Scope,
  approvedFirst = false
): Promise<ReadonlyArray<Mcp.McpTool>> =>
  Effect.runPromise(
    Mcp.tools({
      transport: { http: { url } },
      elicitation: "approval",
      include: ["deploy"],
      ...(approvedFirst ? {} : { needsApproval: false })
    }).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  )

/** A scripted model whose step 1 deploys to the run's first message (call `call_<it>`), step 2 says it is done. */
export const deployModel = DurableAgent.scriptedModel((first, n) =>
  Stream.fromIterable(
    n === 1
      ? [
        DurableAgent.chunk(1, {
          tool_calls: [{
            index: 0,
            id: `call_${first}`,
            type: "function",
            function: { name: "deploy", arguments: JSON.stringify({ env: first }) }
          }]
        }),
        ...DurableAgent.end(1, "tool_calls")
      ]
      : [DurableAgent.chunk(2, { content: "Done." }), ...DurableAgent.end(2, "stop")]
  )
)
