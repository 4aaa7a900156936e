/**
 * The module of an MCP server's connection, imported on the first connection, so that importing the package does
 * not load Effect's MCP client (`npm run bench -- imports`); a browser bundle gets `McpImports.browser.js` instead.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** `McpConnect`: the connection to an MCP server. */
export const connection = /* @__PURE__ */ Effect.promise(() => import("./McpConnect.js"))
