/**
 * The protocol revisions a server may answer with. `effect/ai/McpClient` speaks 2025-11-25 and refuses a server
 * that answers with an earlier one, but servers on older SDKs answer 2025-06-18, 2025-03-26 or 2024-11-05, and
 * what `Mcp.tools` uses of them (the initialization, `tools/list`, `tools/call` and its content blocks) is the
 * same in each, the newer fields optional. So the transport is wrapped: such an answer is read by the client as
 * 2025-11-25, and every HTTP request after it carries the revision the server chose (`MCP-Protocol-Version`).
 *
 * @internal
 */
import type * as McpClient from "effect/ai/McpClient"
import type * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"

/** The revision the client speaks. */
const spoken = "2025-11-25"

/** The earlier revisions read as it. */
const earlier: ReadonlySet<string> = new Set(["2025-06-18", "2025-03-26", "2024-11-05"])

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** One connection's revision: the transport wrapped, and its HTTP requests' header. */
export const make = () => {
  let chosen: string | undefined
  return {
    transport: (inner: McpClient.Transport): McpClient.Transport => ({
      ...inner,
      request: (message, tool) =>
        message.method !== "initialize" ? inner.request(message, tool) : Effect.map(
          inner.request(message, tool),
          (response): McpSchema.JsonRpcResponse => {
            if (!("result" in response) || response.id == null || !isRecord(response.result)) return response
            const version = response.result["protocolVersion"]
            if (typeof version !== "string" || !earlier.has(version)) return response
            chosen = version
            return { jsonrpc: "2.0", id: response.id, result: { ...response.result, protocolVersion: spoken } }
          }
        )
    }),
    request: (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest =>
      chosen === undefined ? request : HttpClientRequest.setHeader(request, "mcp-protocol-version", chosen)
  }
}
