/**
 * A connection to one MCP server, for `Mcp.tools`, in the revision the server offers (`McpVersions`). The
 * transport's secrets (`McpCredentials`) are kept out of what leaves: errors, what the server sends, and spans.
 *
 * @internal
 */
import * as McpClient from "effect/ai/McpClient"
import * as McpClientError from "effect/ai/McpClientError"
import type * as McpProtocol from "effect/ai/McpProtocol"
import type * as McpSchema from "effect/ai/McpSchema"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import * as ErrorReport from "../../core/http/ErrorReport.js"
import * as FetchGuard from "../../core/http/FetchGuard.js"
import * as Redirects from "../../core/http/Redirects.js"
import { Secrets } from "../../core/http/Secrets.js"
import * as ServerAddress from "../../core/http/ServerAddress.js"
import * as McpAsked from "./McpAsked.js"
import * as McpBounds from "./McpBounds.js"
import * as McpCall from "./McpCall.js"
import * as McpCompletions from "./McpCompletions.js"
import * as McpCredentials from "./McpCredentials.js"
import { fromClientError, McpError } from "./McpError.js"
import * as McpListen from "./McpListen.js"
import * as McpListing from "./McpListing.js"
import * as McpResume from "./McpResume.js"
import * as McpSpans from "./McpSpans.js"
import * as McpStdio from "./McpStdio.js"
import * as McpVersions from "./McpVersions.js"

/**
 * Where the server is: `stdio`, a command this library starts, or `http`, a Streamable HTTP endpoint (`docs/mcp.md`).
 *
 * @since 0.4.0
 * @category Models
 */
export type Transport =
  | {
    readonly stdio: {
      readonly command: string
      readonly args?: ReadonlyArray<string> | undefined
      readonly env?: Readonly<Record<string, McpCredentials.Value>> | undefined
      readonly cwd?: string | undefined
    }
  }
  | {
    readonly http: {
      readonly url: string | URL
      readonly headers?: Readonly<Record<string, McpCredentials.Value>> | undefined
    }
  }

/** A connected server. */
export interface Connection {
  readonly client: McpClient.McpClient
  /** Calls a tool (`McpCall`), in the revision the server offered. */
  readonly call: (
    tool: McpSchema.Tool,
    args: { readonly [key: string]: unknown },
    answered?: McpCall.Answered
  ) => Effect.Effect<McpCall.Outcome, McpClientError.McpClientError>
  /** How messages name the server: never with a secret (the command's name, or the URL's origin). */
  readonly server: string
  /** The `McpError` of a client error, its secrets scrubbed. */
  readonly error: (error: McpClientError.McpClientError) => McpError
  /** A text the server sent with every credential of the transport (`McpCredentials`) removed. */
  readonly scrub: (text: string) => string
  /** The client error of a server that broke the protocol as `description` says (a result breaking its schema). */
  readonly broke: (description: string) => McpClientError.McpClientError
  /** The pages the server asked to open within this connection's calls, and what it said of their completion. */
  readonly completions: McpCompletions.Completions
}

/**
 * How the client names itself (`clientInfo`): the package and its version (McpModern.test.ts holds it to package.json).
 */
export const clientInfo = { name: "effect-llm-stream", version: "0.7.0" } as const

const plain = (values: Readonly<Record<string, McpCredentials.Value>>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, Redacted.isRedacted(value) ? Redacted.value(value) : value])
  )

const serverName = (transport: Transport, label: string | undefined): string => {
  if (label !== undefined) return `MCP server "${label}"`
  if ("stdio" in transport) return `MCP server (${transport.stdio.command.split(/[\\/]/).pop()})`
  const url = URL.canParse(transport.http.url) ? new URL(transport.http.url) : undefined
  return `MCP server at ${url?.origin ?? "an invalid URL"}`
}

type Protocol = McpProtocol.ProtocolAdapter<McpClient.ProtocolVersion>

/**
 * The client, in the revision the server offers (`connected`, within `timeout` whatever the revisions tried; a stdio
 * server has `McpVersions.stdioProbe` to answer), and a connection in the revision that initializes (`initialized`: a
 * new session); each request of either in its span (`McpSpans`, what `spans` knows of the connection).
 */
const inRevision = <R>(
  transportOf: (protocol: Protocol) => Effect.Effect<McpClient.Transport, McpClientError.McpClientError, R>,
  versions: ReturnType<typeof McpVersions.make>,
  timeout: Duration.Input,
  spans: McpSpans.Connection
) => {
  const connectWith = (protocol: Protocol) =>
    Effect.gen(function*() {
      const given = yield* transportOf(protocol)
      // Over stdio both revisions' clients share the process: the stateless one's ids are its own.
      const stateless = spans.network === "pipe" ? McpVersions.apart(given) : given
      const transport = McpSpans.traced(
        protocol.protocolVersion === "2026-07-28" ? stateless : versions.transport(given),
        spans
      )
      const client = yield* McpClient.make({ ...clientInfo, timeout }).pipe(
        Effect.provideService(McpClient.Transport, transport)
      )
      return { client, transport }
    })
  const [stateless, initialized] = McpVersions.revisions
  const probe = spans.network === "tcp" ? connectWith(stateless) : connectWith(stateless).pipe(
    Effect.timeoutOrElse({ duration: McpVersions.stdioProbe, orElse: () => Effect.fail(McpVersions.unanswered) })
  )
  return {
    // Every revision tried within the one timeout: a server that never answers is not waited for once per revision.
    connected: Effect.catchIf(probe, McpVersions.speaksEarlier, () => connectWith(initialized)).pipe(
      Effect.timeoutOrElse({ duration: timeout, orElse: () => Effect.fail(McpVersions.unconnected) })
    ),
    initialized: connectWith(initialized)
  }
}

/** Whether a request met the end of its session (HTTP 404 to a request with `Mcp-Session-Id`). */
const sessionEnded = (error: McpClientError.McpClientError): boolean =>
  error.reason._tag === "ClosedError" && error.reason.sessionExpired === true

/**
 * How a connection's HTTP requests go (the header names redacted, the secrets scrubbed, no redirect followed: fetch
 * would send the transport's headers, all but `authorization`, to another host), its client errors as `McpError`s
 * (scrubbed, naming where the server last redirected), and the session its server last named (`Mcp-Session-Id`).
 */
const guarded = (server: string, secrets: Secrets, headerNames: ReadonlyArray<string>) => {
  let redirectedTo: string | undefined
  let session: string | undefined
  const error = (cause: McpClientError.McpClientError): McpError => {
    const mapped = fromClientError(cause, server, redirectedTo)
    return new McpError({ ...mapped, message: secrets.scrub(mapped.message) })
  }
  const hidden = (
    effect: Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError>,
    request: HttpClientRequest.HttpClientRequest
  ) =>
    secrets.scrubbedSpans(
      Effect.updateService(effect, Headers.CurrentRedactedNames, (names) => [...names, ...headerNames]).pipe(
        FetchGuard.withManualRedirects,
        Effect.map((response) => {
          if (response.status >= 300 && response.status < 400) {
            redirectedTo = Redirects.originOf(response.headers["location"], request.url) ?? "an invalid location"
          }
          session = response.headers["mcp-session-id"] ?? session
          return response
        })
      )
    )
  return { error, hidden, session: () => session }
}

/**
 * A connection's calls in its session. MCP 2025-11-25, basic/transports, "Session Management": a client that meets a
 * 404 to a request with its session MUST start a new one (a new `initialize`, `initialized`). Calls that met it at
 * once start one session, whose transport lives in the connection's scope, then `renewed` (the session's stream held
 * in it); the call that met the 404 was not run: it goes again, once, in the new session.
 */
const sessionCalls = (
  first: McpCall.Exchange,
  initialized: Effect.Effect<
    { readonly transport: McpClient.Transport },
    McpClientError.McpClientError,
    Scope.Scope | HttpClient.HttpClient
  >,
  renewed: Effect.Effect<void>
) =>
  Effect.gen(function*() {
    let exchange = first
    const context = yield* Effect.context<Scope.Scope | HttpClient.HttpClient>()
    const renewing = yield* Semaphore.make(1)
    const renew = (ended: McpClient.Transport) =>
      renewing.withPermit(Effect.suspend(() =>
        exchange.transport !== ended ? Effect.void : Effect.flatMap(
          Effect.provideContext(initialized, context),
          (next) => {
            exchange = { ...exchange, transport: next.transport }
            return renewed
          }
        )
      ))
    const call: Connection["call"] = (tool, args, answered) =>
      Effect.suspend(() => {
        const current = exchange.transport
        return McpCall.call(exchange, tool, args, answered).pipe(
          Effect.catchIf(
            sessionEnded,
            () => Effect.andThen(renew(current), Effect.suspend(() => McpCall.call(exchange, tool, args, answered)))
          )
        )
      })
    return call
  })

/**
 * Logs what a server's listing holds that is left out (a tool the MCP schema refuses, or over a bound: its name cut
 * in the line), or why the listing is refused; scrubbed as the rest of its text.
 */
const noticeBy = (server: string, secrets: Secrets) => (notice: McpListing.Notice) => {
  // A name over its bound is cut once scrubbed: a credential cut in two would be scrubbed of neither half.
  const named = (name: string) =>
    `tool ${JSON.stringify(ErrorReport.cut(secrets.scrub(name), McpBounds.listing.maxName))}`
  return Effect.logWarning(ErrorReport.loggable(secrets.scrub(
    notice._tag === "Refused"
      ? `${server}: its tools are refused: ${notice.why}`
      : `${server}: ${notice.name === undefined ? "a tool without a name" : named(notice.name)} left out: ${notice.why}`
  )))
}

/** What the spans of a connection's requests know of it (`McpSpans`): its scrubbing, its session, where it is. */
const spansOf = (
  transport: Transport,
  secrets: Secrets,
  error: (cause: McpClientError.McpClientError) => McpError,
  session: () => string | undefined
): McpSpans.Connection => ({
  scrub: (text) => secrets.scrub(text),
  describe: (cause) => error(cause).message,
  session,
  network: "stdio" in transport ? "pipe" : "tcp",
  server: "http" in transport ? ServerAddress.ofUrl(String(transport.http.url)) : undefined
})

/** The client error of a server that broke the protocol as `description` says. */
const broke = (description: string) =>
  new McpClientError.McpClientError({ reason: new McpClientError.ProtocolError({ description }) })

/**
 * The pages a connection's calls ask to open, and their completions (`McpCompletions`): heard over stdio on the pipe
 * (`notified`), over HTTP on the session's stream (`listen`, `McpListen`); `issuing`, a connection's calls with the
 * ids of the pages each asks kept as issued for it, whose completions the retry waits for (`McpInput`).
 */
const completionsOf = (stdio: boolean) => {
  let listening: McpListen.Listening = { open: () => stdio, renewed: Effect.void }
  const completions = McpCompletions.make(() => listening.open())
  const notified = (message: { readonly method: string; readonly params?: unknown }) => {
    if (message.method === McpCompletions.method) completions.heard(message.params)
  }
  const listen = (options: Omit<McpListen.Options, "notified">) =>
    Effect.map(McpListen.listen({ ...options, notified }), (held) => {
      listening = held
    })
  // The stream held again in a session started after a 404 (none held over stdio, or without a session).
  const renewed = Effect.suspend(() => listening.renewed)
  const issuing = (calls: Connection["call"]): Connection["call"] => (tool, args, answered) =>
    Effect.tap(calls(tool, args, answered), (outcome) =>
      outcome._tag === "Input" && outcome.required === true
        ? Effect.sync(() => completions.issued(outcome.forms.map((form) => form.key)))
        : Effect.void)
  return { completions, notified, listen, renewed, issuing }
}

/** Starts a stdio server, its requests answered as `asked` answers them, its notifications told to `notified`. */
const stdioOf = (
  stdio: Extract<Transport, { readonly stdio: unknown }>["stdio"],
  maxBytes: number,
  asked: McpAsked.Asked,
  notified: McpStdio.Options["notified"]
) =>
  McpStdio.make({
    command: stdio.command,
    args: stdio.args ?? [],
    env: plain(stdio.env ?? {}),
    cwd: stdio.cwd,
    maxBytes,
    answer: asked.answer,
    notified
  })

/** Connects to the server (disconnected, the process ended, with the scope). */
export const connect = (options: {
  readonly transport: Transport
  readonly label: string | undefined
  readonly maxBytes: number
  readonly timeout: Duration.Input
  readonly elicitation: boolean
}): Effect.Effect<Connection, McpError, Scope.Scope | HttpClient.HttpClient> =>
  Effect.gen(function*() {
    const { transport } = options
    const server = serverName(transport, options.label)
    const given = "stdio" in transport ? transport.stdio.env ?? {} : transport.http.headers ?? {}
    const secrets = new Secrets(McpCredentials.of(given, "http" in transport ? transport.http.url : undefined))
    const { error, hidden, session } = guarded(
      server,
      secrets,
      "http" in transport ? Object.keys(given).map((name) => name.toLowerCase()) : []
    )
    const versions = McpVersions.make(options.elicitation)
    const scrub = (text: string) => secrets.scrub(text)
    // What the server asks the user within a call (MCP 2025-11-25): answered at once, asked once the call ends.
    const asked = McpAsked.make(options.elicitation, scrub)
    const heard = completionsOf("stdio" in transport)
    const started = "stdio" in transport
      ? yield* Effect.mapError(stdioOf(transport.stdio, options.maxBytes, asked, heard.notified), error)
      : undefined
    // An HTTP transport's client: SSE responses resumed (`McpResume`), what the server asks within them answered.
    const guard = (client: HttpClient.HttpClient) =>
      HttpClient.transform(HttpClient.mapRequest(client, versions.request), hidden)
    const resumable = (guarded: HttpClient.HttpClient) =>
      McpResume.resumable(guarded, options.maxBytes, McpAsked.inEvents(asked, guarded))
    // The transport of a revision: the stdio process's (started once), or a Streamable HTTP one of its own.
    const opened = (protocol: Protocol) =>
      started !== undefined
        ? Effect.succeed({ ...started, protocol })
        : Effect.flatMap(HttpClient.HttpClient, (client) =>
          McpClient.http({
            url: (transport as Extract<Transport, { readonly http: unknown }>).http.url,
            protocol,
            headers: plain(given),
            maxMessageBytes: options.maxBytes
          }).pipe(Effect.provideService(HttpClient.HttpClient, resumable(guard(client)))))
    // Each tool of its listings is taken on its own (`McpListing`).
    const notice = noticeBy(server, secrets)
    const transportOf = (protocol: Protocol) => Effect.map(opened(protocol), (t) => McpListing.wellFormed(t, notice))
    const revision = inRevision(transportOf, versions, options.timeout, spansOf(transport, secrets, error, session))
    const { client, transport: used } = yield* Effect.mapError(revision.connected, error)
    const exchange = { transport: used, clientInfo, scrub, elicitation: options.elicitation, asked }
    // Only in a 2025-11-25 session: a server without one has nowhere to send a later notification (the SDK's stateless
    // transport serves one request), and a stream held open on it would have every accept wait for nothing.
    const inSession = used.protocol.protocolVersion === "2025-11-25" && session() !== undefined
    if ("http" in transport && options.elicitation && inSession) {
      const listened = { url: transport.http.url, headers: plain(given), session, maxBytes: options.maxBytes }
      const warn = (text: string) => Effect.logWarning(ErrorReport.loggable(scrub(`${server}: ${text}`)))
      yield* heard.listen({ ...listened, client: guard(yield* HttpClient.HttpClient), answer: asked.answer, warn })
    }
    const call = heard.issuing(yield* sessionCalls(exchange, revision.initialized, heard.renewed))
    return { client, call, server, error, scrub, broke, completions: heard.completions }
  })
