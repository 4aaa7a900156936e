/** The types of `SdkServer.mjs` (an MCP server on the official SDK), for the tests that import it. */
export declare const png: Uint8Array
/** The results of the `blocks` tool, by the member each shows. */
export declare const blockResults: Readonly<Record<string, unknown>>
export declare const makeServer: () => unknown
export declare const startHttp: (token: string, make?: () => unknown) => Promise<{
  readonly url: string
  readonly sessions: Map<string, unknown>
  readonly close: () => Promise<void>
}>
