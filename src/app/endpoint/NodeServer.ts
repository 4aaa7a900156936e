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
 *
 * @since 0.5.0
 * @category Serving
 */
export interface NodeOptions {
  readonly port: number
  readonly host?: string | undefined
  readonly onListen?: ((url: string) => Effect.Effect<void>) | undefined
}

type NodeHttp = typeof import("node:http")

// A specifier bundlers leave alone: the module is Node's, loaded when a server starts.
const httpModule = "node:http"

const loadHttp = Effect.tryPromise({
  try: () => import(/* webpackIgnore: true */ /* @vite-ignore */ httpModule) as Promise<NodeHttp>,
  catch: () => new ServeError({ message: "ChatEndpoint.serveNode needs Node's node:http (use toWebHandler elsewhere)" })
})

/** Listens on `port` and `host`, closing the server (and its connections) with the scope; the URL it listens on. */
const listen = (server: import("node:http").Server, port: number, host: string) =>
  Effect.acquireRelease(
    Effect.callback<string, ServeError>((resume) => {
      server.once("error", (error) =>
        resume(Effect.fail(new ServeError({ message: `cannot listen on ${host}:${port}: ${error.message}` }))))
      server.listen(port, host, () => {
        const address = server.address()
        const bound = typeof address === "object" && address !== null ? address.port : port
        resume(Effect.succeed(`http://${host.includes(":") ? `[${host}]` : host}:${bound}`))
      })
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
 *   Effect.provide(OpenAI.layerModel("gpt-4o-mini")),
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
    const listener = yield* NodeHandler.build(layer, scope)
    const http = yield* loadHttp
    const server = http.createServer(listener)
    const url = yield* listen(server, options.port, options.host ?? "127.0.0.1")
    yield* (options.onListen ?? ((url: string) => Console.log(`listening on ${url}`)))(url)
    return yield* Effect.never
  }))
