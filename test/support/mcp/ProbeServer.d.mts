/** The types of `ProbeServer.mjs` (an MCP server on the official SDK probing a client's boundary). */
export declare const weather: {
  readonly city: string
  readonly celsius: number
  readonly conditions: string
  readonly hourly: ReadonlyArray<number>
}
export declare const makeServer: () => unknown
export declare const startHttp: (token: string) => Promise<{
  readonly url: string
  readonly sessions: Map<string, unknown>
  readonly close: () => Promise<void>
}>
