/**
 * The error of an MCP server's connection or call: from `McpClientError` its kind and description, never its cause.
 *
 * @internal
 */
import type * as McpClientError from "effect/ai/McpClientError"
import * as Schema from "effect/Schema"
import * as ErrorReport from "../../core/http/ErrorReport.js"

/**
 * An MCP server could not be reached or used (`reason` says how); its message never names a credential.
 *
 * @example
 * ```ts
 * import { Mcp } from "effect-llm-stream"
 * import { Effect } from "effect"
 *
 * const tools = Mcp.tools({ transport: { stdio: { command: "my-mcp-server" } } }).pipe(
 *   Effect.catchTag("McpError", (error) =>
 *     Effect.as(Effect.logWarning(`no MCP tools: ${error.message}`), []))
 * )
 * ```
 *
 * @since 0.4.0
 * @category Errors
 */
export class McpError extends Schema.TaggedError<McpError>()("McpError", {
  reason: Schema.Literals([
    "Transport",
    "Http",
    "Closed",
    "Protocol",
    "Timeout",
    "Limit",
    "Unsupported",
    "Configuration"
  ]),
  message: Schema.String,
  /** The HTTP status, for `Http`. */
  status: Schema.optionalKey(Schema.Number)
}) {}

/** What an MCP server sent, cut short: it goes in messages a model and a browser may read. */
const excerpt = (text: string | undefined): string => text === undefined ? "" : `: ${ErrorReport.cut(text, 200)}`

/** The `McpError` of an `McpClientError`: its kind and description, no cause; `redirectedTo`, the last redirect's. */
export const fromClientError = (
  error: McpClientError.McpClientError,
  server: string,
  redirectedTo?: string
): McpError => {
  const reason = error.reason
  switch (reason._tag) {
    case "HttpError":
      if (reason.status >= 300 && reason.status < 400) {
        return new McpError({
          reason: "Http",
          status: reason.status,
          message: `${server} answered HTTP ${reason.status}: it redirects to ${redirectedTo ?? "another URL"}; ` +
            "redirects are not followed (the request carries credentials): give the URL it redirects to"
        })
      }
      return new McpError({
        reason: "Http",
        status: reason.status,
        message: `${server} answered HTTP ${reason.status}${excerpt(reason.description)}`
      })
    case "ProtocolError":
      return new McpError({ reason: "Protocol", message: `${server} broke the protocol${excerpt(reason.description)}` })
    case "ValidationError":
      return new McpError({ reason: "Protocol", message: `${server} sent a result that is not an MCP result` })
    case "ClosedError":
      return new McpError({
        reason: "Closed",
        message: reason.sessionExpired === true ? `${server} ended the session` : `${server}: the connection is closed`
      })
    case "TimeoutError":
      return new McpError({ reason: "Timeout", message: `${server} did not answer in time (${reason.operation})` })
    case "LimitError":
      return new McpError({ reason: "Limit", message: `${server}: ${reason.description}` })
    case "UnsupportedError":
      return new McpError({ reason: "Unsupported", message: `${server}${excerpt(reason.description)}` })
    case "ToolError":
      return new McpError({ reason: "Protocol", message: `${server}: the tool reported an error` })
    case "ConfigurationError":
      return new McpError({ reason: "Configuration", message: `${server}${excerpt(reason.description)}` })
    case "TransportError":
      return new McpError({ reason: "Transport", message: `${server}${excerpt(reason.description)}` })
  }
}
