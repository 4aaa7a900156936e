/**
 * An app of `effect/http` routes served by Node's own `http` server (`NodeHandler`), its layers built before it
 * listens. `node:http` is loaded when the server starts, so the module stays importable where there is no Node.
 *
 * @internal
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as HttpRouter from "effect/http/HttpRouter"
import type * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as NodeModules from "../../core/NodeModules.js"
import * as NodeHandler from "./NodeHandler.js"
import { ServeError } from "./NodeHandler.js"

export { ServeError } from "./NodeHandler.js"

/**
 * Where `serveNode` listens: `port` (0: any free port), `host` (default `127.0.0.1`; `0.0.0.0` in a container), and
 * what it does once it listens (default: prints `listening on <url>`). For many browsers connecting at once:
 * `backlog` (default Node's 511, capped by the system), and `listeners`, the sockets on the port (default 1; more with
 * `reusePort`, on Linux): a busy server accepts one connection per turn of its event loop and socket.
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
 * goes away stops its reading, never the answer (`POST .../stop` does).
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
    const listener = yield* NodeHandler.build(layer, scope)
    const http = yield* loadHttp
    const host = options.host ?? "127.0.0.1"
    // The first socket takes the port (any free one for 0); the others join it.
    const port = yield* listen(http.createServer(listener), options.port, host, backlog, listeners > 1)
    for (let index = 1; index < listeners; index++) {
      yield* listen(http.createServer(listener), port, host, backlog, true)
    }
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`
    yield* (options.onListen ?? ((url: string) => Console.log(`listening on ${url}`)))(url)
    return yield* Effect.never
  }))
