/** The types of `ModernServer.mjs` (an MCP 2026-07-28 server on the official SDK 2.x), for the tests that import it. */
export declare const startHttp: (options?: { readonly pin?: boolean }) => Promise<{
  readonly url: string
  readonly requests: Array<{ readonly headers: Record<string, string | undefined>; readonly body: any }>
  readonly close: () => Promise<unknown>
}>
export declare const startHostile: () => Promise<{ readonly url: string; readonly close: () => Promise<unknown> }>
export declare const serve: (makeFor: (ctx: unknown) => unknown) => Promise<{
  readonly url: string
  readonly requests: Array<{ readonly headers: Record<string, string | undefined>; readonly body: any }>
  readonly close: () => Promise<unknown>
}>
