/**
 * The protocol revisions `Mcp.tools` speaks, one table: 2026-07-28, the stateless revision (`server/discover`, the
 * protocol version and the client's capabilities in every request's `_meta`, on Streamable HTTP the
 * `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers), tried first; and 2025-11-25 with the earlier
 * revisions a server may choose on `initialize` (2025-06-18, 2025-03-26, 2024-11-05: what `Mcp.tools` uses of them,
 * the initialization, `tools/list`, `tools/call` and its content blocks, is the same in each, the newer fields
 * optional). Each server is spoken to in the revision it offers: a server that answers the stateless request with
 * anything but a recognized 2026-07-28 error is one of the earlier revisions (MCP 2026-07-28, basic/versioning
 * "Backward Compatibility": on stdio `server/discover` first, falling back "on any error that is not a recognized
 * modern error"; on HTTP a `400` without one), and is initialized.
 *
 * `effect/ai/McpClient` speaks both, and refuses a server that answers `initialize` with an earlier revision than
 * 2025-11-25: for those, the transport is wrapped, the answer read by the client as 2025-11-25, and every HTTP
 * request after it carries the revision the server chose (`MCP-Protocol-Version`).
 *
 * @internal
 */
import type * as McpClient from "effect/ai/McpClient"
import * as McpClientError from "effect/ai/McpClientError"
import * as McpProtocol from "effect/ai/McpProtocol"
import type * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"

/** The revisions, in the order they are tried. */
export const revisions = [McpProtocol.v2026_07_28, McpProtocol.v2025_11_25] as const

/** The revision initialized after the stateless one (the earlier revisions are read as it). */
const legacy = "2025-11-25"

/** The earlier revisions read as 2025-11-25. */
const earlier: ReadonlySet<string> = new Set(["2025-06-18", "2025-03-26", "2024-11-05"])

/**
 * The errors of 2026-07-28 that say a server is of that revision (schema.ts: `HEADER_MISMATCH` -32020,
 * `MISSING_REQUIRED_CLIENT_CAPABILITY` -32021): the request was wrong, not the revision, so no earlier one is tried.
 * Any other answer (`-32601` for an unknown `server/discover`, an HTTP `400` of a server that wants `initialize`, no
 * answer in time, a version list without 2026-07-28) means an earlier revision.
 */
const modernOnly: ReadonlySet<number> = new Set([-32020, -32021])

/** Whether the failure of the stateless revision's discovery means the server speaks an earlier one. */
export const speaksEarlier = (error: McpClientError.McpClientError): boolean => {
  const reason = error.reason
  switch (reason._tag) {
    case "ProtocolError":
    case "HttpError":
      return reason.code === undefined || !modernOnly.has(reason.code)
    case "TimeoutError":
    case "UnsupportedError":
    case "ValidationError":
      return true
    default:
      return false
  }
}

/**
 * How long a stdio server has to answer `server/discover` before it is taken for one of an earlier revision, which
 * may ignore a request before `initialize` ("does not respond within a reasonable timeout": the process's start
 * counts too).
 */
export const stdioProbe = "5 seconds"

/** The failure of a probe past `stdioProbe`. */
export const unanswered = /* @__PURE__ */ new McpClientError.McpClientError({
  reason: new McpClientError.TimeoutError({ operation: "server/discover" })
})

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const decoder = /* @__PURE__ */ new TextDecoder()

/**
 * A request of the Tasks extension (`tasks/get`, `tasks/cancel`) with its task's id as `Mcp-Name` (SEP-2663,
 * "Streamable HTTP: Routing Headers"), which `effect/ai/McpClient` sets for tools, prompts and resources only.
 */
const taskNamed = (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest => {
  if (!request.headers["mcp-method"]?.startsWith("tasks/") || request.body._tag !== "Uint8Array") return request
  try {
    const taskId = JSON.parse(request.body.text ?? decoder.decode(request.body.body))?.params?.taskId
    return typeof taskId === "string" ? HttpClientRequest.setHeader(request, "mcp-name", taskId) : request
  } catch {
    return request
  }
}

/** One connection's earlier revision: the transport wrapped, and its HTTP requests' header. */
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
            return { jsonrpc: "2.0", id: response.id, result: { ...response.result, protocolVersion: legacy } }
          }
        )
    }),
    request: (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest =>
      chosen === undefined ? taskNamed(request) : HttpClientRequest.setHeader(request, "mcp-protocol-version", chosen)
  }
}
