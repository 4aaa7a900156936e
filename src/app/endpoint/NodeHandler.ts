/**
 * An app of `effect/http` routes as a request listener of Node's own `http` server: its layers built first (a
 * configuration mistake fails the build, and nothing answers with it), then each request handed to the router as
 * Node's own (`NodeServerRequest`: its body read as Node hands it on, never buffered here; the request interrupted
 * when the client goes away) and the router's response written back as fast as the client reads it: a body that is an
 * Effect `Stream` (a UI message stream's) straight from its pulls, with no Web stream between, any other as its Web
 * `Response`.
 * `node:stream` is loaded when the listener is built, so that the module stays importable where there is no Node.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import type * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerError from "effect/http/HttpServerError"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as SseWriter from "../ui/SseWriter.js"
import type * as UIServing from "../ui/UIServing.js"
import * as NodeServerRequest from "./NodeServerRequest.js"
import type { NodeIncomingMessage } from "./NodeServerRequest.js"
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

export type { NodeIncomingMessage } from "./NodeServerRequest.js"

/**
 * A Node request listener, `(req, res) => void` (`http.createServer(handler)`), and how to release what it holds.
 *
 * @since 0.5.0
 * @category Serving
 */
export interface NodeHandler {
  readonly handler: (req: NodeIncomingMessage, res: UIServing.NodeResponse) => void
  readonly dispose: () => Promise<void>
}

type NodeStream = typeof import("node:stream")
type ServerResponse = import("node:http").ServerResponse

// A specifier bundlers leave alone: the module is Node's, loaded when a listener is built.
const streamModule = "node:stream"

const loadStream = Effect.tryPromise({
  try: () => import(/* webpackIgnore: true */ /* @vite-ignore */ streamModule) as Promise<NodeStream>,
  catch: () => new ServeError({ message: "ChatEndpoint's Node handler needs Node's node:stream (use toWebHandler)" })
})

/** The Node response a request is answered on: a service of the request, for the router's response to be written. */
class NodeServerResponse extends Context.Service<NodeServerResponse, ServerResponse>()(
  "effect-llm-stream/NodeHandler/NodeServerResponse"
) {}

/** Answers one Node request with the router's `handled` app; a request whose URL cannot be read is a 400. */
const answer = (
  toWeb: NodeServerRequest.ToWeb,
  handled: Effect.Effect<void, never, HttpServerRequest.HttpServerRequest | NodeServerResponse>,
  context: Context.Context<never>,
  req: NodeIncomingMessage,
  res: ServerResponse
): void => {
  let request: NodeServerRequest.NodeServerRequest
  try {
    request = new NodeServerRequest.NodeServerRequest(req, toWeb)
  } catch {
    res.writeHead(400, { "content-type": "application/json" })
    return void res.end(JSON.stringify({ error: "not an HTTP request this server can read" }))
  }
  const services = Context.add(
    Context.add(context, HttpServerRequest.HttpServerRequest, request),
    NodeServerResponse,
    res
  )
  const fiber = Effect.runForkWith(services)(handled)
  // The client went away before the answer was over: what answers it stops, its request's body aborted.
  res.once("close", () => {
    if (res.writableFinished) return
    request.abort()
    fiber.interruptUnsafe(undefined, HttpServerError.ClientAbort.annotation)
  })
}

/** The request listener of the routes of `layer`, once `layer` (with the router) is built in `scope`. */
export const build = <E, R>(
  layer: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
  scope: Scope.Scope
): Effect.Effect<NodeHandler["handler"], E | ServeError, Exclude<R, HttpRouter.HttpRouter>> =>
  Effect.gen(function*() {
    const { app, context } = yield* WebHandler.buildApp(layer, scope)
    const stream = yield* loadStream
    const handled = HttpEffect.toHandled(
      app,
      (request, response) =>
        Effect.flatMap(NodeServerResponse, (res) => SseWriter.writeNode(response, res, request.method))
    )
    const toWeb: NodeServerRequest.ToWeb = (req) =>
      stream.Readable.toWeb(req as unknown as import("node:stream").Readable) as ReadableStream<Uint8Array>
    return (req, res) => answer(toWeb, handled, context as Context.Context<never>, req, res as ServerResponse)
  })

/**
 * The routes of `layer` (the endpoint, with everything it needs provided, and any routes of the app's) as a request
 * listener of Node's own `http` server, `(req, res) => void`: for a server of your own (`http.createServer`,
 * `https.createServer`, several listening sockets). What `serveNode` answers with. Every layer is built first: the
 * promise rejects with the error of one that fails, so the server does not start with it. `dispose` releases them.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { ChatEndpoint, OpenAI } from "effect-llm-stream"
 * import * as Http from "node:http"
 *
 * const { handler } = await ChatEndpoint.toNodeHandler(
 *   ChatEndpoint.layer().pipe(Layer.provide(OpenAI.layerModel("gpt-6-luna")))
 * )
 * Http.createServer(handler).listen(3000)
 * ```
 *
 * @since 0.5.0
 * @category Serving
 */
export const toNodeHandler = <E>(layer: Layer.Layer<never, E, HttpRouter.HttpRouter>): Promise<NodeHandler> =>
  WebHandler.built((scope) => build(layer, scope))
