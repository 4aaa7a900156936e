/**
 * An app of `effect/http` routes served by Node's own `http` server (`NodeHandler`), its layers built before it
 * listens. `node:http` is loaded when the server starts, so the module stays importable where there is no Node.
 *
 * @internal
 */
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpRouter from "effect/http/HttpRouter"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as NodeModules from "../../core/NodeModules.js"
import * as NodeHandler from "./NodeHandler.js"
import { ServeError } from "./NodeHandler.js"

export { ServeError } from "./NodeHandler.js"

/**
 * Where `serveNode` listens: `port` (0: any free port), `host` (default `127.0.0.1`; `0.0.0.0` in a container), and
 * what it does once it listens (default: prints `listening on <url>`). For many browsers connecting at once: `backlog`
 * (default Node's 511, capped by the system), and `listeners`, the sockets on the port (default 1; more with
 * `reusePort`, on Linux): a busy server accepts one connection per turn of its event loop and socket.
 *
 * The bounds on each connection, so a slow or idle client cannot hold one: `requestTimeout`, how long a request may
 * take to arrive whole, its body included (default 5 minutes), `headersTimeout`, how long its headers may take (default
 * 60 seconds, at most `requestTimeout`): a client past either is answered 408 and its connection closed. Neither bounds
 * the answer: a streamed answer runs as long as it runs once its request has arrived. `keepAliveTimeout`, how long a
 * connection may wait for its next request once an answer ended (default 65 seconds, longer than a load balancer's
 * usual 60, so the balancer closes first), `maxHeadersCount` (default 2,000) and `maxRequestsPerSocket` (default none).
 * The defaults are Node's own (its `keepAliveTimeout` was 5 seconds until nodejs/node#62782, Node 22's among others),
 * set whatever the Node version; `Duration.infinity` lifts a time bound. Node checks the time bounds every half of the
 * shorter one here (every 30 seconds at most, its own default), so a client is cut within one and a half times its
 * bound.
 *
 * @since 0.5.0
 * @category Serving
 */
export interface NodeOptions {
  readonly port: number
  readonly host?: string | undefined
  readonly onListen?: ((url: string) => Effect.Effect<void>) | undefined
  readonly backlog?: number | undefined
  readonly listeners?: number | undefined
  /** @since 0.7.0 */
  readonly requestTimeout?: Duration.Input | undefined
  /** @since 0.7.0 */
  readonly headersTimeout?: Duration.Input | undefined
  /** @since 0.7.0 */
  readonly keepAliveTimeout?: Duration.Input | undefined
  /** @since 0.7.0 */
  readonly maxHeadersCount?: number | undefined
  /** @since 0.7.0 */
  readonly maxRequestsPerSocket?: number | undefined
}

/** What `http.createServer` is given, and what is set on each server after. */
interface ServerBounds {
  readonly options: {
    readonly requestTimeout: number
    readonly headersTimeout: number
    readonly keepAliveTimeout: number
    readonly connectionsCheckingInterval: number
  }
  readonly maxHeadersCount: number
  readonly maxRequestsPerSocket: number
}

/** `input` in whole milliseconds, 0 for `Duration.infinity` (Node's "no bound"); `undefined` for none of them. */
const millisOf = (input: Duration.Input): number | undefined => {
  const duration = Option.getOrUndefined(Duration.fromInput(input))
  if (duration === undefined) return undefined
  if (!Duration.isFinite(duration)) return Duration.isLessThan(duration, Duration.zero) ? undefined : 0
  const millis = Math.ceil(Duration.toMillis(duration))
  return millis >= 1 && Number.isSafeInteger(millis) ? millis : undefined
}

/** The bounds `options` asks, each checked (a `ServeError` naming the first that is none), Node's defaults else. */
const boundsOf = (options: NodeOptions): Effect.Effect<ServerBounds, ServeError> => {
  const refused = (message: string) => Effect.fail(new ServeError({ message }))
  const times = { requestTimeout: 300_000, headersTimeout: 60_000, keepAliveTimeout: 65_000 }
  for (const name of ["requestTimeout", "headersTimeout", "keepAliveTimeout"] as const) {
    const asked = options[name]
    if (asked === undefined) continue
    const millis = millisOf(asked)
    if (millis === undefined) {
      return refused(`${name} must be a duration of at least 1 ms, or Duration.infinity for none: ${String(asked)}`)
    }
    times[name] = millis
  }
  const { requestTimeout } = times
  if (options.headersTimeout === undefined && requestTimeout > 0) {
    times.headersTimeout = Math.min(times.headersTimeout, requestTimeout)
  }
  if (requestTimeout > 0 && (times.headersTimeout === 0 || times.headersTimeout > requestTimeout)) {
    return refused("headersTimeout must not be longer than requestTimeout: headers arrive within their request")
  }
  const counts = {
    maxHeadersCount: options.maxHeadersCount ?? 2_000,
    maxRequestsPerSocket: options.maxRequestsPerSocket ?? 0
  }
  for (const [name, count] of Object.entries(counts)) {
    if (!Number.isSafeInteger(count) || count < 0) {
      return refused(`${name} must be a whole number, 0 for none: ${count}`)
    }
  }
  const shortest = Math.min(...[requestTimeout, times.headersTimeout].filter((millis) => millis > 0), 60_000)
  const connectionsCheckingInterval = Math.max(50, Math.floor(shortest / 2))
  return Effect.succeed({ options: { ...times, connectionsCheckingInterval }, ...counts })
}

type NodeHttp = typeof import("node:http")

// A specifier bundlers leave alone: the module is Node's, loaded when a server starts.
const httpModule = "node:http"

const loadHttp = Effect.flatMap(
  Effect.promise(() => NodeModules.load<NodeHttp>(httpModule)),
  (http) =>
    http === undefined
      ? Effect.fail(
        new ServeError({ message: "ChatEndpoint.serveNode needs Node's node:http (use toWebHandler elsewhere)" })
      )
      : Effect.succeed(http)
)

/** Listens on `port` and `host` until the scope closes; the port it listens on. */
const listen = (
  server: import("node:http").Server,
  port: number,
  host: string,
  backlog: number | undefined,
  reusePort: boolean
) =>
  Effect.acquireRelease(
    Effect.callback<number, ServeError>((resume) => {
      server.once("error", (error) =>
        resume(Effect.fail(new ServeError({ message: `cannot listen on ${host}:${port}: ${error.message}` }))))
      server.listen(
        { port, host, ...(backlog === undefined ? {} : { backlog }), ...(reusePort ? { reusePort } : {}) },
        () => {
          const address = server.address()
          resume(Effect.succeed(typeof address === "object" && address !== null ? address.port : port))
        }
      )
    }),
    () =>
      Effect.callback<void>((resume) => {
        server.close(() =>
          resume(Effect.void)
        )
        server.closeAllConnections()
      })
  )

/**
 * Serves the routes of `layer` with Node's own `http` server until interrupted: every layer built before it listens,
 * so a configuration mistake (or a port taken) fails the program with one line through `Main.runMain`. A client that
 * goes away stops its reading, never the answer (`POST .../stop` does). Interrupted (SIGTERM through `Main.runMain`),
 * it stops listening, then its store's layer ends the answers still running as a stop does, with what they spent,
 * within a second (since 0.7.0): a page reconnecting to another instance reads that ending.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { ChatEndpoint, Main, OpenAI } from "effect-llm-stream"
 *
 * ChatEndpoint.serveNode(ChatEndpoint.layer(), { port: 3000 }).pipe(
 *   Effect.provide(OpenAI.layerModel("gpt-6-luna")),
 *   Main.runMain
 * )
 * ```
 *
 * @since 0.5.0
 * @category Serving
 */
export const serveNode = <E, R>(
  layer: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
  options: NodeOptions
): Effect.Effect<never, E | ServeError, Exclude<R, HttpRouter.HttpRouter>> =>
  Effect.scoped(Effect.gen(function*() {
    const scope = yield* Scope.Scope
    const { backlog, listeners = 1 } = options
    if (!Number.isSafeInteger(listeners) || listeners < 1) {
      return yield* new ServeError({ message: `listeners must be a whole number of 1 or more: ${listeners}` })
    }
    const bounds = yield* boundsOf(options)
    const listener = yield* NodeHandler.build(layer, scope)
    const http = yield* loadHttp
    const host = options.host ?? "127.0.0.1"
    const server = () =>
      Object.assign(http.createServer(bounds.options, listener), {
        maxHeadersCount: bounds.maxHeadersCount,
        maxRequestsPerSocket: bounds.maxRequestsPerSocket
      })
    // The first socket takes the port (any free one for 0); the others join it.
    const port = yield* listen(server(), options.port, host, backlog, listeners > 1)
    for (let index = 1; index < listeners; index++) {
      yield* listen(server(), port, host, backlog, true)
    }
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
    yield* (options.onListen ?? ((url: string) => Console.log(`listening on ${url}`)))(url)
    return yield* Effect.never
  }))
