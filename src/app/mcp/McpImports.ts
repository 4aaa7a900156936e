/**
 * The module of an MCP server's connection, as `Mcp.tools` loads it: with a dynamic import on the first connection,
 * so that importing the package does not load Effect's MCP client and its RPC modules (`npm run bench -- imports`).
 * For the browser, the package's `browser` field puts `McpImports.browser.js` in its place, which imports it
 * statically: a bundle without code splitting has no chunk to load later, and would wrap every module it shares
 * with the rest of the program to evaluate it on demand.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

/** `McpConnect`: the connection to an MCP server. */
export const connection = /* @__PURE__ */ Effect.promise(() => import("./McpConnect.js"))
