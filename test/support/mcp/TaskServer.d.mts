/** The types of `TaskServer.mjs` (an MCP 2026-07-28 server of the Tasks extension), for the tests that import it. */
export declare const start: () => Promise<{
  readonly url: string
  readonly requests: Array<{ readonly method: string; readonly name?: string; readonly at: number; readonly params: any }>
  readonly started: Record<string, number>
  /** The `held` tool's tasks complete from their next poll on. */
  readonly release: () => void
  readonly close: () => Promise<unknown>
}>
