/**
 * `McpImports` for a browser bundle (the package's `browser` field): the same module, imported statically.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as McpConnect from "./McpConnect.js"

/** `McpConnect`: the connection to an MCP server. */
export const connection: Effect.Effect<typeof McpConnect> = /* @__PURE__ */ Effect.succeed(McpConnect)
