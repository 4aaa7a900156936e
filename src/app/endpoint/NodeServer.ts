/**
 * An app of `effect/http` routes served by Node's own `http` server: its layers built before it listens (a
 * configuration mistake, or a port already taken, fails the program with one line: `Main.runMain` prints it and
 * exits with 1), then each request handed to the router as a Web `Request` (its body streamed, never buffered
 * here; the request aborted when the client goes away) and the `Response` written back as fast as the client
 * reads it (`UIMessageStream.toNodeResponse`). `node:http` is loaded when the server starts, so that the module
 * stays importable where there is no Node.
 *
 * @internal
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as HttpRouter from "effect/http/HttpRouter"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as UIServing from "../ui/UIServing.js"
import * as WebHandler from "./WebHandler.js"

/**
 * The Node server could not start: `node:http` is not there (not Node), or it could not listen (the port is
 * taken, the host is not this machine's).
 *
 * @since 0.5.0
 * @category Errors
 */
export class ServeError extends Schema.TaggedError<ServeError>()("ServeError", { message: Schema.String }) {}

Object.defineProperty(ServeError, "name", { value: "ServeError" })

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
type NodeStream = typeof import("node:stream")

// Specifiers bundlers leave alone: the modules are Node's, loaded when a server starts.
const httpModule = "node:http"
const streamModule = "node:stream"

const load = Effect.tryPromise({
  try: () =>
    Promise.all([
      import(/* webpackIgnore: true */ /* @vite-ignore */ httpModule) as Promise<NodeHttp>,
      import(/* webpackIgnore: true */ /* @vite-ignore */ streamModule) as Promise<NodeStream>
    ]),
  catch: () => new ServeError({ message: "ChatEndpoint.serveNode needs Node's node:http (use toWebHandler elsewhere)" })
})

/** A Node request as a Web `Request`: its body streamed, `signal` aborting it. */
const webRequest = (
  stream: NodeStream,
  req: import("node:http").IncomingMessage,
  signal: AbortSignal
): Request => {
  const headers = new Headers()
  for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
    headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!)
  }
  const method = req.method ?? "GET"
  const hasBody = method !== "GET" && method !== "HEAD"
  return new Request(new URL(req.url ?? "/", "http://localhost"), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: stream.Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: "half" } : {})
  } as RequestInit)
}

/** Answers one Node request with `handler`; a request that cannot be made a Web one is a 400. */
const answer = (
  stream: NodeStream,
  handler: (request: Request) => Promise<Response>,
  req: import("node:http").IncomingMessage,
  res: import("node:http").ServerResponse
): void => {
  const aborted = new AbortController()
  res.once("close", () => aborted.abort())
  let request: Request
  try {
    request = webRequest(stream, req, aborted.signal)
  } catch {
    res.writeHead(400, { "content-type": "application/json" })
    return void res.end(JSON.stringify({ error: "not an HTTP request this server can read" }))
  }
  void handler(request).then(
    (response) => Effect.runFork(UIServing.toNodeResponse(response, res)),
    () => res.destroy()
  )
}

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
    const handler = yield* WebHandler.build(layer, scope)
    const [http, stream] = yield* load
    const server = http.createServer((req, res) => answer(stream, handler, req, res))
    const url = yield* listen(server, options.port, options.host ?? "127.0.0.1")
    yield* (options.onListen ?? ((url: string) => Console.log(`listening on ${url}`)))(url)
    return yield* Effect.never
  }))
