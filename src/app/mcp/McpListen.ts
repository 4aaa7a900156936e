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
 * that ends or breaks is opened again, with `Last-Event-ID` where it gave its events ids (basic/transports,
 * "Resumability and Redelivery": the SDK's server then replays what it sent while none was open, which it otherwise
 * drops), after the server's last `retry` (SEP-1699: a server MAY close the stream after an event with an id, the
 * client MUST wait its `retry`; within `McpBounds.resume.minRetry` and `maxRetry`) or else the SDK's backoff
 * (`McpBounds.reconnectDelay`), as the SDK's client does (`client/streamableHttp.js`, `_handleSseStream`: the GET
 * stream reconnected with its last id, after `_serverRetryMs`). It is given up, and `warn` told why, once `maxFailures`
 * GETs in a row bring neither a message this client acts on (a JSON-RPC notification or request) nor an event id (a
 * server that polls, closing the stream after its priming event, is not failing). A stream that brings one and ends,
 * again and again, is opened at most `McpBounds.stream.maxOpens` times a minute, whatever its `retry`.
 *
 * A 404 to the GET ends the session (basic/transports, "Session Management"): the stream stops, and opens again in the
 * session a call starts next (`renewed`), as the SDK's client opens one after each `initialized`. The spec's "MUST
 * start a new session by sending a new InitializeRequest" is met by that call: its POST, still in the old session,
 * meets its own 404 and is sent again, once, in a new session (`McpConnect`, `sessionCalls`; a request refused 404
 * was not run). No `initialize` is sent on the GET's 404 alone: nobody asked for it, a URL question asked in the ended
 * session completes in none other (the SDK's server sends a completion on the transport of the session that asked:
 * `createElicitationCompletionNotifier`), and a server whose router answers any GET 404 (one that serves only POST:
 * "Cannot GET /mcp", against the spec's 405) would have a client that did start a session on each call. The official
 * SDK's client starts none on a 404 at all (1.32.2, `client/streamableHttp.js`: the GET's 404 is an error,
 * `_startOrAuthSse`, its reconnection tried in the same session). Each event is bounded as the transport's are
 * (`maxBytes`); a server's request on it is answered as the transport answers one (`McpAsked`, else a ping's, else
 * -32601), with a POST in the session, at most one each `McpBounds.stream.answerEvery`.
 *
 * @internal
 */
import type * as McpSchema from "effect/ai/McpSchema"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Sse from "effect/encoding/Sse"
import * as FiberHandle from "effect/FiberHandle"
import type * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as Redirects from "../../core/http/Redirects.js"
import * as McpAsked from "./McpAsked.js"
import * as McpBounds from "./McpBounds.js"
import * as McpResume from "./McpResume.js"

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
  /** Told, in a sentence, why the stream is given up. */
  readonly warn: (text: string) => Effect.Effect<void>
}

/** The stream held: whether it is open now; `renewed`, to hold it in the session a call started after a 404. */
export interface Listening {
  readonly open: () => boolean
  readonly renewed: Effect.Effect<void>
}

const bounds = McpBounds.resume

/** What the stream's last GETs in the session said of the next: the last event id, and the server's `retry`. */
interface Resumed {
  id: string | undefined
  retry: number | undefined
}

const isRecord = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** A message of the server this client acts on: a JSON-RPC notification, or a request with an id it can answer. */
interface Message {
  readonly method: string
  readonly id: McpSchema.RequestId | undefined
  readonly params: unknown
}

/** The message an event's data holds, or `undefined` (not JSON, not JSON-RPC 2.0, no `method`, an id of no use). */
const messageOf = (data: string): Message | undefined => {
  const value = parsed(data)
  if (!isRecord(value) || value["jsonrpc"] !== "2.0" || typeof value["method"] !== "string") return undefined
  const { id, method, params } = value
  return id === undefined || typeof id === "string" || typeof id === "number" ? { method, id, params } : undefined
}

/**
 * How a GET ended: `stopped` (405: no stream; 404: the session ended), `heard` (it brought a message acted on, or an
 * event id: the server means it to be resumed), or failed or brought nothing (`why`, in a few words).
 */
type Ended = "stopped" | "heard" | { readonly why: string }

/**
 * The GET that opens the stream (after the event `lastId`, where the stream gave one), or the POST of an answer, in
 * the session the server last named.
 */
const requestOf = (options: Options, method: "GET" | "POST", lastId?: string) => {
  const session = options.session()
  return HttpClientRequest.make(method)(options.url).pipe(
    HttpClientRequest.setHeaders({
      ...options.headers,
      accept: method === "GET" ? "text/event-stream" : "application/json, text/event-stream",
      "mcp-protocol-version": "2025-11-25",
      ...(session === undefined ? {} : { "mcp-session-id": session }),
      ...(lastId === undefined ? {} : { "last-event-id": lastId })
    })
  )
}

/** One message of the stream: a notification told, a request answered. */
const dispatch = (options: Options) => ({ id, method, params }: Message): Effect.Effect<void> => {
  if (id === undefined) return Effect.sync(() => options.notified({ method, params }))
  const answer = options.answer({ id, method, params }, []) ?? defaultAnswer(id, method)
  const post = McpAsked.post(options.client, requestOf(options, "POST"), answer)
  return Effect.all([post, Effect.sleep(McpBounds.stream.answerEvery)], { concurrency: 2, discard: true })
}

/**
 * Reads an open stream to its end (each event within `maxBytes`): whether it brought a message acted on or an event
 * id (`heard`), its last event id and `retry` kept in `resumed`. The parser weighs an event at the end of each piece
 * of the body, as the transport's does (`effect/ai/McpClient`, `http`): what it holds is bounded by `maxBytes` and one
 * piece, which the HTTP client bounds whatever the server writes at once (a socket read, 64 KiB; joined while the
 * reader lags, at most 191 KiB under fetch and undici and 127 KiB under node:http, as the body's buffer fills and the
 * socket is paused; measured with one 64 MiB write).
 */
const read = (
  options: Options,
  response: HttpClientResponse.HttpClientResponse,
  resumed: Resumed
): Effect.Effect<Ended> =>
  Effect.suspend(() => {
    const events: Array<string> = []
    let heard = false
    const parser = Sse.makeParser((event) => {
      if (event._tag === "Retry") {
        resumed.retry = Duration.toMillis(event.duration)
        return
      }
      if (event.id !== undefined) resumed.id = McpResume.resumableId(event.id)
      // An event with an id of its stream: a stream to resume, as a server that polls has it (SEP-1699).
      heard ||= event.id !== undefined && resumed.id !== undefined
      if (event.data !== "") events.push(event.data)
    }, { maxEventSize: options.maxBytes })
    return response.stream.pipe(
      Stream.decodeText(),
      Stream.runForEach((chunk) =>
        Effect.suspend(() => {
          const tooLarge = parser.feed(chunk)
          const messages = events.splice(0).map(messageOf).filter((message) => message !== undefined)
          heard ||= messages.length > 0
          const dispatched = Effect.forEach(messages, dispatch(options), { discard: true })
          return tooLarge === undefined ? dispatched : Effect.andThen(dispatched, Effect.fail(tooLarge))
        })
      ),
      Effect.match({
        onFailure: (error): Ended =>
          heard
            ? "heard"
            : { why: error instanceof Sse.SseError ? `an event over ${options.maxBytes} characters` : "it broke" },
        onSuccess: (): Ended => heard ? "heard" : { why: "it ended without a notification or request" }
      })
    )
  })

/** What a GET's response comes to: a stream to read (`read`), or how it ended. */
const answered = (response: HttpClientResponse.HttpClientResponse, request: HttpClientRequest.HttpClientRequest) => {
  const { status } = response
  if (status === 405 || (status === 404 && request.headers["mcp-session-id"] !== undefined)) return "stopped"
  if (status >= 300 && status < 400) {
    const to = Redirects.originOf(response.headers["location"], request.url) ?? "an invalid location"
    return { why: `HTTP ${status}, a redirect to ${to}, not followed` }
  }
  if (status < 200 || status >= 300) return { why: `HTTP ${status}` }
  const type = response.headers["content-type"] ?? "no content type"
  return type.toLowerCase().startsWith("text/event-stream")
    ? undefined
    : { why: `${ErrorReport.cut(type, 100)}, not an event stream` }
}

/**
 * The pace of a stream's GETs (`McpBounds.stream`): `opened` notes one; `after` waits `delay`, or longer, until the
 * first of the last `maxOpens` is `opensWindow` old, `warn` told once that the stream keeps ending.
 */
const paceOf = (warn: Options["warn"]) => {
  const { maxOpens, opensWindow } = McpBounds.stream
  const opens: Array<number> = []
  let warned = false
  const opened = Effect.map(Clock.currentTimeMillis, (now) => {
    opens.push(now)
    if (opens.length > maxOpens) opens.shift()
  })
  const after = (delay: number) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const wait = opens.length < maxOpens ? 0 : opens[0]! + opensWindow - now
      if (wait <= delay || warned) return Effect.sleep(Math.max(delay, wait))
      warned = true
      const told = warn(`its stream of notifications keeps ending: it is opened at most ${maxOpens} times a minute`)
      return Effect.andThen(told, Effect.sleep(wait))
    })
  return { opened, after }
}

/** Holds the stream in the scope (again in a new session: `renewed`). */
export const listen = (options: Options): Effect.Effect<Listening, never, Scope.Scope> =>
  Effect.gen(function*() {
    let open = 0
    const pace = paceOf(options.warn)
    const opened = (request: HttpClientRequest.HttpClientRequest, resumed: Resumed) =>
    (
      response: HttpClientResponse.HttpClientResponse
    ): Effect.Effect<Ended> => {
      const ended = answered(response, request)
      return ended !== undefined ? Effect.succeed(ended) : Effect.acquireUseRelease(
        Effect.sync(() => open++),
        () => read(options, response, resumed),
        () => Effect.sync(() => open--)
      )
    }
    const once = (resumed: Resumed) =>
      Effect.suspend(() => {
        const request = requestOf(options, "GET", resumed.id)
        return Effect.andThen(pace.opened, options.client.execute(request)).pipe(
          Effect.flatMap(opened(request, resumed)),
          Effect.orElseSucceed((): Ended => ({ why: "it could not be reached" }))
        )
      })
    // A session's stream resumes its own events only: a new session starts with no id and no `retry`.
    const held = (failures: number, resumed: Resumed = { id: undefined, retry: undefined }): Effect.Effect<void> =>
      Effect.flatMap(once(resumed), (ended) => {
        if (ended === "stopped") return Effect.void
        const next = ended === "heard" ? 0 : failures + 1
        if (ended !== "heard" && next >= bounds.maxFailures) {
          return options.warn(
            `its stream of notifications is given up after ${next} GETs failed (the last: ${ended.why}); the retry ` +
              "after a page is accepted no longer waits for the server to say it is done"
          )
        }
        return Effect.andThen(pace.after(McpBounds.reconnectDelay(resumed.retry, failures)), held(next, resumed))
      })
    const handle = yield* FiberHandle.make<void, never>()
    const start = Effect.asVoid(FiberHandle.run(handle, Effect.suspend(() => held(0))))
    yield* start
    return { open: () => open > 0, renewed: start }
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
