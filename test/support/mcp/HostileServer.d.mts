/** The types of `HostileServer.mjs` (an MCP server that breaks the boundary), for the tests that import it. */
export declare const hugeBytes: number
export declare const startHttp: (revision?: string) => Promise<{ readonly url: string; readonly close: () => Promise<void> }>
