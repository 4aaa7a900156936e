/**
 * The `deploy` tool of the official SDK 2.x server of the input-request tests (`support/mcp/ModernServer.mjs`), its
 * form asked as an approval, no approval of its own: the tests of durable runs that answer a tool's request for input.
 */
import { Effect, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

/** The server at `url`'s `deploy` tool, its client kept open in `scope`. */
export const deployTools = (url: string, scope: Scope.Scope): Promise<ReadonlyArray<Mcp.McpTool>> =>
  Effect.runPromise(
    Mcp.tools({
      transport: { http: { url } },
      elicitation: "approval",
      include: ["deploy"],
      needsApproval: false
    }).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  )
