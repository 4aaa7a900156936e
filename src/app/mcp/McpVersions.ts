/**
 * The protocol revisions `Mcp.tools` speaks: 2026-07-28, the stateless one, tried first; and 2025-11-25 with the
 * earlier ones. A server that answers the stateless request with anything but a recognized 2026-07-28 error is of
 * an earlier revision (MCP 2026-07-28, basic/versioning "Backward Compatibility").
 *
 * `effect/ai/McpClient` refuses an `initialize` answer earlier than 2025-11-25: for those, the transport is
 * wrapped, the answer read as 2025-11-25, and every HTTP request after it carries the revision the server chose.
 *
 * @internal
 */
import type * as McpClient from "effect/ai/McpClient"
import * as McpClientError from "effect/ai/McpClientError"
import * as McpProtocol from "effect/ai/McpProtocol"
import type * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { isObject } from "../../core/schema/JsonEquals.js"

/** The revisions, in the order they are tried. */
export const revisions = [McpProtocol.v2026_07_28, McpProtocol.v2025_11_25] as const

/** The revision initialized after the stateless one (the earlier revisions are read as it). */
const legacy = "2025-11-25"

const earlier: ReadonlySet<string> = new Set(["2025-06-18", "2025-03-26", "2024-11-05"])

/**
 * The errors of 2026-07-28 that say a server is of that revision (schema.ts: `HEADER_MISMATCH` -32020,
 * `MISSING_REQUIRED_CLIENT_CAPABILITY` -32021): the request was wrong, not the revision. Any other: an earlier one.
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

/** How long a stdio server has to answer `server/discover` before it is taken for an earlier revision's. */
export const stdioProbe = "5 seconds"

/**
 * A stdio transport for the stateless revision's client, its numbered requests' ids named apart (`discover-1`) and
 * given back as they were in the answers. Over stdio both revisions' clients share one process, and each numbers its
 * requests from 1: a server that answers the probe after `stdioProbe` (one slow to start) would otherwise answer the
 * next client's `initialize` of the same number with the probe's error. The library's own ids (`tools/call-<uuid>`)
 * are unique already.
 */
export const apart = (inner: McpClient.Transport): McpClient.Transport => ({
  ...inner,
  request: (message, tool) =>
    typeof message.id !== "number" ? inner.request(message, tool) : Effect.map(
      inner.request({ ...message, id: `discover-${message.id}` }, tool),
      (response): McpSchema.JsonRpcResponse => ({ ...response, id: message.id })
    )
})

/** The failure of a probe past `stdioProbe`. */
export const unanswered = /* @__PURE__ */ new McpClientError.McpClientError({
  reason: new McpClientError.TimeoutError({ operation: "server/discover" })
})

/** The failure of a connection past its timeout, every revision tried counted. */
export const unconnected = /* @__PURE__ */ new McpClientError.McpClientError({
  reason: new McpClientError.TimeoutError({ operation: "initialization" })
})

const decoder = /* @__PURE__ */ new TextDecoder()

/** A `tasks/*` request with its task's id as `Mcp-Name` (SEP-2663, "Streamable HTTP: Routing Headers"). */
const taskNamed = (request: HttpClientRequest.HttpClientRequest): HttpClientRequest.HttpClientRequest => {
  if (!request.headers["mcp-method"]?.startsWith("tasks/") || request.body._tag !== "Uint8Array") return request
  try {
    const taskId = JSON.parse(request.body.text ?? decoder.decode(request.body.body))?.params?.taskId
    return typeof taskId === "string" ? HttpClientRequest.setHeader(request, "mcp-name", taskId) : request
  } catch {
    return request
  }
}

/**
 * What the client declares in `initialize` (2025-11-25, basic/lifecycle), where the program asks the user
 * (`elicitation`): URL-mode elicitation alone, answered as a `URLElicitationRequiredError` (-32042) asks it, a question
 * the user answers later. Form mode is not declared: in this revision a server asks it within the call, waiting for an
 * answer this client gives only after the call. The 2026-07-28 requests declare both (`McpCall`).
 */
const capabilitiesOf = (elicitation: boolean) => elicitation ? { elicitation: { url: {} } } : {}

/**
 * One connection's earlier revision: the transport wrapped (its `initialize` declaring `capabilitiesOf(elicitation)`),
 * and its HTTP requests' header.
 */
export const make = (elicitation = false) => {
  let chosen: string | undefined
  return {
    transport: (inner: McpClient.Transport): McpClient.Transport => ({
      ...inner,
      request: (message, tool) =>
        message.method !== "initialize" ? inner.request(message, tool) : Effect.map(
          inner.request(
            { ...message, params: { ...message.params, capabilities: capabilitiesOf(elicitation) } },
            tool
          ),
          (response): McpSchema.JsonRpcResponse => {
            if (!("result" in response) || response.id == null || !isObject(response.result)) return response
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
