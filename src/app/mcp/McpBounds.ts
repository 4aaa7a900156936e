/**
 * The bounds of the MCP client, one table: what a server's listing, a call's rounds and a broken stream may cost.
 * Each row says why, and names its source where a provider, the MCP spec, the official SDK or `effect/ai/McpClient`
 * sets it. The bounds a program may change are `Mcp.defaults` and its options (`maxTools` read from here).
 *
 * Past a bound of the listing, what is cut is only what cannot change a call: a description too long is cut (a
 * description only guides the model; the tool is called as before), and logged. A tool whose schema or name is over
 * its bound is left out, never cut (a schema cut short checks other arguments than the server's, a name cut calls
 * another tool), and logged. A listing over its bounds, or more tools than a request may carry, is refused whole (an
 * `McpError`, `Limit`): which tools to drop is the program's choice (`include`), not an accident of the server's
 * order.
 *
 * @internal
 */
import * as JsonDepth from "../../core/schema/JsonDepth.js"

/** What a server's `tools/list` may hold (`McpListing`, `Mcp.tools`). */
export const listing = {
  /**
   * Pages of one listing: `effect/ai/McpClient` (`MAX_DISCOVERY_PAGES`, 100), which also refuses a `nextCursor`
   * given twice (a server paging in a loop) and bounds the whole listing by the connection's timeout.
   */
  maxPages: 100,
  /** Tools listed, left out or not, over all pages: `effect/ai/McpClient` (`MAX_DISCOVERY_ITEMS`). */
  maxListed: 10_000,
  /**
   * JSON characters of the tools kept over all pages: what is held while the listing is read and sent with every
   * request. Without it, 100 pages of `maxResultBytes` each (400 MiB) would be.
   */
  maxListingChars: 8 * 2 ** 20,
  /**
   * A tool's MCP name, in characters: the MCP spec's rule (SEP-986, 2025-11-25 `Tool.name`: SHOULD be 1 to 128),
   * as the official SDK checks it (`@modelcontextprotocol/sdk`, `shared/toolNameValidation.js`). The name providers
   * are sent has its own rule (`McpNames.valid`, 64).
   */
  maxName: 128,
  /**
   * A tool's description (or title, where it has none), in characters: OpenAI's `function.description` (a request
   * with a longer one is refused: 400 `string_above_max_length`, "Expected a string with maximum length 1024"), the
   * strictest of the providers.
   */
  maxDescription: 1_024,
  /**
   * A tool's input or output schema as JSON text, in characters, and its nesting: no provider documents one for a
   * tool that is not strict; a real schema is a few KB and a few levels (64 as a result's `maxResultDepth`).
   */
  maxSchemaChars: 64 * 1024,
  maxSchemaDepth: 64,
  /**
   * Tools of one server offered to the model (`Mcp.defaults.maxTools`): OpenAI's `tools` (at most 128: 400
   * `array_above_max_length`; Chat Completions reference: "A max of 128 functions are supported"); Gemini takes 512
   * (`@google/genai` `Tool.functionDeclarations`), Anthropic a limit it does not state
   * (`AvailableToolsLimitExceededError`).
   */
  maxTools: 128
} as const

/** What a server may ask of a call (`McpCall`). */
export const call = {
  /** Input requests in one result. */
  maxInputRequests: 8,
  /** Retries of a result that asks nothing (only `requestState`). */
  maxRetries: 15,
  /** A form's message, in characters. */
  maxMessage: 4_000,
  /** A form's schema, as JSON text, and its nesting. */
  maxSchemaBytes: 16 * 1024,
  maxSchemaDepth: 8,
  /** A `requestState`, in characters. */
  maxState: 64 * 1024,
  /**
   * A URL question's URL, in characters as sent and as it resolves (`McpUrl`; a browser's address bar and most
   * servers take about this much), and its elicitation id.
   */
  maxUrl: 2_048,
  maxElicitationId: 256,
  /**
   * The elicitation ids of URL questions a connection keeps, waiting to hear them complete (`McpCompletions`): the
   * oldest is forgotten past it (a question of one then retries without waiting).
   */
  maxIssuedIds: 256,
  /** A task's polls, and the bounds of the interval between them (the server's `pollIntervalMs`), in milliseconds. */
  maxPolls: 10_000,
  minPoll: 100,
  maxPoll: 60_000
} as const

/** How a broken stream is resumed: the official TypeScript SDK's defaults (`StreamableHTTPClientTransport`). */
export const resume = {
  /** Failed GETs in a row before the stream is given up (the SDK's `maxRetries`). */
  maxFailures: 2,
  /** Resumptions of one response in all: a server that breaks every resumed stream is not followed for ever. */
  maxResumes: 16,
  /** The wait before a GET without the server's `retry`: 1 s, 1.5 times longer after each failure, at most 30 s. */
  initialDelay: 1_000,
  growth: 1.5,
  maxDelay: 30_000,
  /**
   * The bounds of a server's `retry` (an SSE `retry:` field, milliseconds), waited for instead of the backoff before
   * each later GET of its stream (`reconnectDelay`). MCP 2025-11-25, basic/transports (SEP-1699), "Sending Messages to
   * the Server": a server that closes a stream after an event with an id SHOULD send `retry` first, and "The client
   * MUST respect the `retry` field, waiting the given number of milliseconds before attempting to reconnect"; the
   * official SDK's client waits it as given, any value (`@modelcontextprotocol/sdk`, `client/streamableHttp`,
   * `_getNextReconnectionDelay`: `_serverRetryMs`), and the conformance suite's `sse-retry` scenario
   * (`modelcontextprotocol/conformance`, `src/scenarios/client/sse-retry.ts`) holds a client to its 500 ms within 50 ms
   * early and 200 ms late (a failure past twice the value). At least 100 ms: a `retry: 0` would have a response's 16
   * resumptions sent in one burst. At most 30 s (`maxDelay`, the longest the backoff waits): a `retry` of 10^12 would
   * hold a call's resumption past its timeout (60 s by default), and a session's stream closed for the connection's
   * life. A field not all digits (`-1`, `1.5`, `soon`) is no `retry` (WHATWG HTML, "Interpreting an event stream", as
   * effect's parser reads it): the backoff is waited.
   */
  minRetry: 100,
  maxRetry: 30_000
} as const

/**
 * The wait before a stream's next GET, in milliseconds: the server's last `retry` within `resume.minRetry` and
 * `resume.maxRetry`, else the backoff after `failures` failed GETs in a row.
 */
export const reconnectDelay = (retry: number | undefined, failures: number): number =>
  retry !== undefined
    ? Math.min(Math.max(retry, resume.minRetry), resume.maxRetry)
    : Math.min(resume.initialDelay * resume.growth ** failures, resume.maxDelay)

/** What a server may cost on its session's stream (`McpListen`). */
export const stream = {
  /**
   * The least time an answer to one of the server's requests takes, in milliseconds: at most 10 a second, each a POST
   * (the stream is read no further meanwhile). The spec and the official SDK set none (its client answers each at
   * once); a server flooding pings had this client make 1,933 POSTs in 5 s, a core busy, for as long as it went on.
   * A server asks little here (a ping, now and then).
   */
  answerEvery: 100,
  /**
   * GETs of the stream in any `opensWindow` milliseconds: one that keeps ending, each time after a message, is opened
   * again no sooner than a minute after the first of its last `maxOpens` GETs. The official SDK opens it again 1 s
   * after each end, without bound (`@modelcontextprotocol/sdk` 1.32.2, `client/streamableHttp.js`,
   * `_handleSseStream`: `_scheduleReconnection` with its attempt count at 0 whatever the stream brought), so a server
   * that sends one notification and ends its stream, every time, has a client send a GET a second for as long as the
   * connection lives. A server holds the stream open (the SDK's does); a proxy's idle timeout ends it a few times an
   * hour at most.
   */
  maxOpens: 6,
  opensWindow: 60_000
} as const

/**
 * What of a server's schema is over `maxDepth` levels or `maxChars` characters of JSON (`nests deeper than 8 levels`),
 * or `undefined`: its depth measured first, without recursion, so that nothing serialises a schema nested 60,000
 * levels.
 */
export const schemaOver = (schema: unknown, maxChars: number, maxDepth: number): string | undefined =>
  JsonDepth.valueNestsTooDeep(schema, maxDepth)
    ? `nests deeper than ${maxDepth} levels`
    : (JSON.stringify(schema) ?? "").length > maxChars
    ? `is over ${maxChars} characters of JSON`
    : undefined

/** A tool's description within `listing.maxDescription` characters: cut, ending in "…", never inside a character. */
export const described = (text: string): string => {
  if (text.length <= listing.maxDescription) return text
  const end = listing.maxDescription - 1
  const high = text.charCodeAt(end - 1)
  return `${text.slice(0, high >= 0xd800 && high <= 0xdbff ? end - 1 : end)}…`
}
