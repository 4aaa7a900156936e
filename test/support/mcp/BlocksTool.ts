/**
 * The `blocks` tool of the official SDK's server (`SdkServer.mjs`, over Streamable HTTP in the test's process) as
 * `Mcp.tools` gives it, for a test's `beforeAll`, and the way to close both in its `afterAll`.
 */
import { Effect, Exit, Redacted, Scope } from "effect"
import { Mcp } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"
import * as SdkServer from "./SdkServer.mjs"

/** The server started with bearer `token`, the `blocks` tool connected to it, and `close` for both. */
export const connect = async (token: string): Promise<{
  readonly tools: ReadonlyArray<Mcp.McpTool>
  readonly close: () => Promise<void>
}> => {
  const scope = Effect.runSync(Scope.make())
  const http = await SdkServer.startHttp(token)
  const tools = await Effect.runPromise(
    Mcp.tools({
      transport: { http: { url: http.url, headers: { authorization: Redacted.make(`Bearer ${token}`) } } },
      include: ["blocks"]
    }).pipe(Scope.provide(scope), Effect.provide(FetchHttpClient.layer))
  )
  return {
    tools,
    close: async () => {
      await Effect.runPromise(Scope.close(scope, Exit.void))
      await http.close()
    }
  }
}
