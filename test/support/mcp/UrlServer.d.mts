/** The types of `UrlServer.mjs` (MCP servers asking the user to open a URL, on the official SDKs), for the tests. */
interface State {
  readonly visited: Set<string>
  readonly capabilities: Array<any>
  readonly calls: Array<any>
  /** What each request the server made within a call came to: the client's result, or `{ error: code }`. */
  readonly answers: Array<any>
  /** Each page's completion by its elicitation id: sends `notifications/elicitation/complete`, nothing recorded. */
  readonly notifiers: Map<string, () => Promise<void>>
}
interface Started {
  readonly url: string
  readonly state: State
  readonly visit: (url: string) => Promise<void>
  readonly close: () => Promise<unknown>
}
export declare const startLegacy: (token: string) => Promise<Started>
export declare const startModern: () => Promise<Started>
