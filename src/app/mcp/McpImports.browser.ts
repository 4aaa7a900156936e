/**
 * What a bundle for the browser has of `McpImports`: the same module, imported statically (see there). The
 * package's `browser` field puts this module in the place of `McpImports.js`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as McpConnect from "./McpConnect.js"

/** `McpConnect`: the connection to an MCP server. */
export const connection: Effect.Effect<typeof McpConnect> = /* @__PURE__ */ Effect.succeed(McpConnect)
