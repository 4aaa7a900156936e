/**
 * An app of `effect/http` routes served by Node's own `http` server: its layers built before it listens (a
 * configuration mistake, or a port already taken, fails the program with one line: `Main.runMain` prints it and
 * exits with 1), each request answered by the routes' Node handler (`NodeHandler`). `node:http` is loaded when the
 * server starts, so that the module stays importable where there is no Node.
 *
 * @internal
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as HttpRouter from "effect/http/HttpRouter"
import type * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as NodeHandler from "./NodeHandler.js"
import { ServeError } from "./NodeHandler.js"

export { ServeError } from "./NodeHandler.js"

/**
 * Where `serveNode` listens: `port` (0: any free port), `host` (default `127.0.0.1`, this machine only; `0.0.0.0`
 * for every interface, in a container), and what it does once it listens (default: prints `listening on <url>`).
 * For many browsers connecting at once: `backlog`, the connections the system queues before the server accepts them
 * (default Node's 511; the system caps it, at `somaxconn` on Linux), and `listeners`, the listening sockets on the
 * port (default 1; more with `reusePort`, on Linux and some BSDs, Node 22.12 and later): a server busy streaming
 * accepts one connection per turn of its event loop and socket.
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

const loadHttp = Effect.tryPromise({
  try: () => import(/* webpackIgnore: true */ /* @vite-ignore */ httpModule) as Promise<NodeHttp>,
  catch: () => new ServeError({ message: "ChatEndpoint.serveNode needs Node's node:http (use toWebHandler elsewhere)" })
})

/**
 * Listens on `port` and `host`, closing the server (and its connections) with the scope; the port it listens on.
 * `reusePort`: one of several sockets on the port.
 */
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
 * Serves the routes of `layer` with Node's own `http` server until interrupted (Ctrl-C with `Main.runMain`): every
 * layer built before it listens, so a configuration mistake (or a port already taken) fails the program with its
 * one line and exit code 1 through `Main.runMain`, and nothing listens. Each response is written as fast as the
 * client reads it; a client that goes away stops its reading, never the answer (`POST .../stop` does).
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
      return yield* Effect.fail(
        new ServeError({ message: `listeners must be a whole number of 1 or more: ${listeners}` })
      )
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
