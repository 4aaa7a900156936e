/**
 * The stream a 2025-11-25 server sends on unasked (basic/transports, "Listening for Messages from the Server": a GET to
 * the endpoint with `Accept: text/event-stream`, in the session), held while a connection that declares URL-mode
 * elicitation lives, so that its `notifications/elicitation/complete` is heard (`McpCompletions`). The official SDK
 * sends one with no related request (`Server.createElicitationCompletionNotifier`), which its Streamable HTTP transport
 * writes to this stream, or drops while none is open (`@modelcontextprotocol/sdk` 1.32.2,
 * `server/webStandardStreamableHttp.js`, `send`); `effect/ai/McpClient` opens none. The SDK's client opens it after
 * `initialized` (`client/streamableHttp.js`, `_startOrAuthSse`), as this does once connected, where the server named
 * a session (`McpConnect`).
 *
 * A server that offers no such stream answers 405 (the spec; the SDK's client stops there too): nothing is heard. One
 * that ends or breaks is opened again after the SDK's backoff (`McpBounds.resume`), until `maxFailures` GETs in a row
 * bring no message. Each event is bounded as the transport's are (`maxBytes`); a server's request on it is answered as
 * the transport answers one (`McpAsked`, else a ping's, else -32601), with a POST in the session.
 *
 * @internal
 */
import type * as McpSchema from "effect/ai/McpSchema"
import * as Effect from "effect/Effect"
import * as Sse from "effect/encoding/Sse"
import type * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as McpAsked from "./McpAsked.js"
import * as McpBounds from "./McpBounds.js"

/** Where the stream is, how its requests go, and who is told what comes on it. */
export interface Options {
  /** The connection's HTTP client (its headers redacted, no redirect followed, the revision's header set). */
  readonly client: HttpClient.HttpClient
  readonly url: string | URL
  /** The transport's headers (its credentials). */
  readonly headers: Readonly<Record<string, string>>
  /** The session the server last named (`Mcp-Session-Id`). */
  readonly session: () => string | undefined
  readonly maxBytes: number
  /** Told each notification of the server. */
  readonly notified: (message: { readonly method: string; readonly params?: unknown }) => void
  /** The answer to a request of the server (`McpAsked`), with no request of this client waiting. */
  readonly answer: McpAsked.Asked["answer"]
}

const bounds = McpBounds.resume

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** How a GET ended: refused (405: no stream), failed or brought nothing, or brought a message. */
type Ended = "refused" | "failed" | "heard"

/** The GET that opens the stream, or the POST of an answer, in the session the server last named. */
const requestOf = (options: Options, method: "GET" | "POST") => {
  const session = options.session()
  return HttpClientRequest.make(method)(options.url).pipe(
    HttpClientRequest.setHeaders({
      ...options.headers,
      accept: method === "GET" ? "text/event-stream" : "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...(session === undefined ? {} : { "mcp-session-id": session })
    })
  )
}

/** One message of the stream: a notification told, a request answered; anything else ignored. */
const dispatch = (options: Options) => (data: string): Effect.Effect<void> => {
  const message = parsed(data)
  if (!isRecord(message) || typeof message["method"] !== "string") return Effect.void
  const { id, method, params } = message
  if (id === undefined) return Effect.sync(() => options.notified({ method, params }))
  if (typeof id !== "string" && typeof id !== "number") return Effect.void
  const answer = options.answer({ id, method, params }, []) ?? defaultAnswer(id, method)
  return McpAsked.post(options.client, requestOf(options, "POST"), answer)
}

/** Reads an open stream to its end (each event within `maxBytes`): whether it brought a message. */
const read = (options: Options, response: HttpClientResponse.HttpClientResponse): Effect.Effect<Ended> =>
  Effect.suspend(() => {
    const events: Array<string> = []
    let heard = false
    const parser = Sse.makeParser((event) => {
      if (event._tag === "Event" && event.data !== "") events.push(event.data)
    }, { maxEventSize: options.maxBytes })
    return response.stream.pipe(
      Stream.decodeText(),
      Stream.runForEach((chunk) =>
        Effect.suspend(() => {
          const tooLarge = parser.feed(chunk)
          const messages = events.splice(0)
          heard ||= messages.length > 0
          const dispatched = Effect.forEach(messages, dispatch(options), { discard: true })
          return tooLarge === undefined ? dispatched : Effect.andThen(dispatched, Effect.fail(tooLarge))
        })
      ),
      Effect.ignore,
      Effect.map((): Ended => heard ? "heard" : "failed")
    )
  })

/** Holds the stream in the scope; gives whether it is open now. */
export const listen = (options: Options): Effect.Effect<() => boolean, never, Scope.Scope> =>
  Effect.gen(function*() {
    let open = false
    const opened = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<Ended> =>
      response.status === 405
        ? Effect.succeed("refused")
        : response.status < 200 || response.status >= 300 ||
            !response.headers["content-type"]?.toLowerCase().startsWith("text/event-stream")
        ? Effect.succeed("failed")
        : Effect.acquireUseRelease(Effect.sync(() => (open = true)), () => read(options, response), () =>
          Effect.sync(() => {
            open = false
          }))
    const once = options.client.execute(requestOf(options, "GET")).pipe(
      Effect.flatMap(opened),
      Effect.orElseSucceed((): Ended => "failed")
    )
    const held = (failures: number): Effect.Effect<void> =>
      Effect.flatMap(once, (ended) => {
        const next = ended === "heard" ? 0 : failures + 1
        if (ended === "refused" || next >= bounds.maxFailures) return Effect.void
        const delay = Math.min(bounds.initialDelay * bounds.growth ** failures, bounds.maxDelay)
        return Effect.andThen(Effect.sleep(delay), held(next))
      })
    yield* Effect.forkScoped(held(0))
    return () => open
  })

const parsed = (data: string): unknown => {
  try {
    return JSON.parse(data)
  } catch {
    return undefined
  }
}

/** The transport's own answer to a server's request (`effect/ai/McpClient`, `replyToServer`): a ping's, else -32601. */
const defaultAnswer = (id: McpSchema.RequestId, method: string): McpSchema.JsonRpcResponse =>
  method === "ping" ? { jsonrpc: "2.0", id, result: {} } : {
    jsonrpc: "2.0",
    id,
    error: { code: -32601, message: `Unsupported MCP method: ${ErrorReport.cut(method, 100)}` }
  }
