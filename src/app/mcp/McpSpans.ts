/**
 * The span of each request an MCP client sends (`initialize`, `tools/list`, `tools/call`, `tasks/*`; a notification
 * has none), as OpenTelemetry's MCP conventions name it (open-telemetry/semantic-conventions-genai, docs/gen-ai/mcp.md
 * and model/mcp/spans.yaml, `mcp.client`): `{mcp.method.name} {target}` (the tool's name for `tools/call`), kind
 * client, under the span the request is made in (a tool run's `execute_tool`, whose `gen_ai.operation.name` it does not
 * repeat: a backend would count the run twice). What a server sends (an error's message, a session id) is scrubbed of
 * the connection's credentials and cut before the span holds it: a JSON-RPC error ends the span in an error whose
 * message is that text, never the server's own object. Made only where spans are wanted (`spansWanted`): without a
 * tracer, a request runs as it is.
 *
 * @internal
 */
import type * as McpClient from "effect/ai/McpClient"
import type * as McpClientError from "effect/ai/McpClientError"
import type * as McpSchema from "effect/ai/McpSchema"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as References from "effect/References"
import type * as Tracer from "effect/Tracer"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import type * as ServerAddress from "../../core/http/ServerAddress.js"
import { spansWanted } from "../../core/telemetry/TelemetryEnabled.js"

/** What the spans of a connection's requests know of it. */
export interface Connection {
  /** A text the server sent, its credentials removed (`McpConnect`'s secrets). */
  readonly scrub: (text: string) => string
  /** What a client error says, scrubbed (the connection's `McpError` message). */
  readonly describe: (error: McpClientError.McpClientError) => string
  /** The session the connection is in (`Mcp-Session-Id`), if any. */
  readonly session: () => string | undefined
  /** `pipe` for stdio, `tcp` for Streamable HTTP (`network.transport`). */
  readonly network: "pipe" | "tcp"
  /** Where a Streamable HTTP server is (`server.address`, `server.port`). */
  readonly server: ServerAddress.ServerAddress | undefined
}

/** How a request ended, as its span says it: the error a span's exporter reads holds only the scrubbed text. */
class McpRequestError extends Data.TaggedError("McpRequestError")<{ readonly message: string }> {}

/** The most of a server's text a span holds. */
const maxText = 300

/** The name of a tool a `tools/call` names, if it names one. */
const toolNameOf = (message: McpSchema.JsonRpcRequest, tool: McpSchema.Tool | undefined): string | undefined => {
  const named = tool?.name ?? (message.params as { readonly name?: unknown } | undefined)?.name
  return message.method === "tools/call" && typeof named === "string" ? named : undefined
}

/** The attributes a request's span starts with. */
const started = (
  connection: Connection,
  transport: McpClient.Transport,
  message: McpSchema.JsonRpcRequest,
  tool: string | undefined
): Record<string, unknown> => {
  const attributes: Record<string, unknown> = {
    "mcp.method.name": message.method,
    "jsonrpc.request.id": String(message.id),
    "mcp.protocol.version": transport.protocol.protocolVersion,
    "network.transport": connection.network
  }
  if (tool !== undefined) attributes["gen_ai.tool.name"] = tool
  if (connection.server !== undefined) {
    attributes["server.address"] = connection.server.address
    attributes["server.port"] = connection.server.port
  }
  return attributes
}

/** The span's ending of an answer: a JSON-RPC error (its code and scrubbed message), a tool's error result, or none. */
const answered = (
  connection: Connection,
  span: Tracer.Span,
  message: McpSchema.JsonRpcRequest,
  response: McpSchema.JsonRpcResponse
): Exit.Exit<unknown, McpRequestError> => {
  if ("error" in response) {
    const { code } = response.error
    // The conventions' `error.type` and `rpc.response.status_code` are the code as a string; `rpc.jsonrpc.error_code`
    // is the older JSON-RPC conventions' number (model/rpc/deprecated/registry-deprecated.yaml).
    span.attribute("error.type", String(code))
    span.attribute("rpc.response.status_code", String(code))
    span.attribute("rpc.jsonrpc.error_code", code)
    const text = ErrorReport.loggable(connection.scrub(String(response.error.message)), maxText)
    return Exit.fail(new McpRequestError({ message: text }))
  }
  const result = response.result as { readonly isError?: unknown } | undefined
  if (message.method === "tools/call" && result?.isError === true) {
    span.attribute("error.type", "tool_error")
    return Exit.fail(new McpRequestError({ message: "the tool reported an error" }))
  }
  return Exit.void
}

/** The span's ending of a request that failed: its client error's kind and scrubbed description, or a stop as it is. */
const failed = (
  connection: Connection,
  span: Tracer.Span,
  cause: Cause.Cause<McpClientError.McpClientError>
): Exit.Exit<unknown, McpRequestError> => {
  if (Cause.hasInterruptsOnly(cause)) return Exit.failCause(cause as Cause.Cause<never>)
  const error = Cause.findErrorOption(cause)
  span.attribute("error.type", Option.isSome(error) ? error.value.reason._tag : "_OTHER")
  const text = Option.isSome(error) ? connection.describe(error.value) : "the request failed"
  return Exit.fail(new McpRequestError({ message: text }))
}

/** Ends `span` as the request ended, in the session the connection is in then (an `initialize` starts one). */
const end = (
  connection: Connection,
  span: Tracer.Span,
  message: McpSchema.JsonRpcRequest,
  exit: Exit.Exit<McpSchema.JsonRpcResponse, McpClientError.McpClientError>
): Effect.Effect<void> =>
  Effect.withFiber((fiber) => {
    const session = connection.session()
    if (session !== undefined) span.attribute("mcp.session.id", ErrorReport.loggable(connection.scrub(session), 256))
    const ending = Exit.isSuccess(exit)
      ? answered(connection, span, message, exit.value)
      : failed(connection, span, exit.cause)
    const timing = fiber.getRef(References.TracerTimingEnabled)
    span.end(timing ? fiber.getRef(Clock.Clock).currentTimeNanosUnsafe() : BigInt(0), ending)
    return Effect.void
  })

/** `transport` whose every request runs in its span, where spans are wanted; its notifications as they are. */
export const traced = (transport: McpClient.Transport, connection: Connection): McpClient.Transport => ({
  ...transport,
  request: (message, tool) =>
    Effect.withFiber((fiber) => {
      if (!spansWanted(fiber)) return transport.request(message, tool)
      const named = toolNameOf(message, tool)
      const toolName = named === undefined ? undefined : ErrorReport.loggable(connection.scrub(named), maxText)
      const name = toolName === undefined ? message.method : `${message.method} ${toolName}`
      const attributes = started(connection, transport, message, toolName)
      return Effect.useSpan(name, { kind: "client", attributes }, (span) =>
        transport.request(message, tool).pipe(
          Effect.withParentSpan(span),
          Effect.onExit((exit) => end(connection, span, message, exit))
        ))
    })
})
