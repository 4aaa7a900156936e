/** The types of `ListingServer.mjs` (an MCP server on the official SDK listing malformed tools). */
export type Kind = "mixed" | "malformed" | "flood" | "oversized" | "many" | "heavy" | "loop" | "endless"
export declare const makeServer: (kind: Kind) => () => unknown
export declare const startHttp: (token: string, kind: Kind) => Promise<{
  readonly url: string
  readonly sessions: Map<string, unknown>
  readonly close: () => Promise<void>
}>
