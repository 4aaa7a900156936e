/**
 * An app of `effect/http` routes as a request listener of Node's own `http` server: `@effect/platform-node`'s
 * `NodeHttpServer.makeHandler` (an optional peer, loaded when the listener is built; without it, the Web handler
 * through a bridge, slower), its layers built first. A response whose body is an Effect `Stream` is written as it is
 * pulled.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpEffect from "effect/http/HttpEffect"
import type * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerError from "effect/http/HttpServerError"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as NodeModules from "../../core/NodeModules.js"
import * as SseWriter from "../ui/SseWriter.js"
import type * as UIServing from "../ui/UIServing.js"
import * as EndpointLog from "./EndpointLog.js"
import * as WebHandler from "./WebHandler.js"

/**
 * The Node server could not start: no `node:http` (not Node), or it could not listen (the port is taken).
 *
 * @since 0.5.0
 * @category Errors
 */
export class ServeError extends Schema.TaggedError<ServeError>()("ServeError", { message: Schema.String }) {}

Object.defineProperty(ServeError, "name", { value: "ServeError" })

/**
 * What a Node handler needs of a Node `http.IncomingMessage` (no type of `node:http` in this package's declarations).
 *
 * @since 0.5.0
 * @category Serving
 */
export interface NodeIncomingMessage extends UIServing.NodeRequest {
  readonly method?: string | undefined
  readonly url?: string | undefined
  readonly rawHeaders: ReadonlyArray<string>
  /** The connection: the peer's address (`remoteAddress`, what a route sees as the request's). */
  readonly socket?: { readonly remoteAddress?: string | undefined } | null | undefined
}

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

// Named in no exported signature: a consumer without the optional peer type-checks with `skipLibCheck: false`.
type NodeHttpServer = typeof import("@effect/platform-node/NodeHttpServer")
type NodeStream = typeof import("node:stream")

// Specifiers bundlers leave alone: the package is an optional peer, `node:stream` Node's.
const serverModule = "@effect/platform-node/NodeHttpServer"
const streamModule = "node:stream"

const load = NodeModules.load

/**
 * The Web `Request` of a Node request, or undefined for one a Web `Request` cannot be (a method it refuses, `TRACE`;
 * a target that is no URL). Its path as sent: `//a/b` is a path, not the host `a`.
 */
const webRequest = (req: NodeIncomingMessage, stream: NodeStream, signal: AbortSignal): Request | undefined => {
  try {
    const headers = new Headers()
    for (let index = 0; index + 1 < req.rawHeaders.length; index += 2) {
      headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!)
    }
    const method = req.method ?? "GET"
    const target = req.url ?? "/"
    const url = new URL(target.startsWith("/") ? `http://localhost${target}` : target, "http://localhost")
    const body = method === "GET" || method === "HEAD" ? undefined : stream.Readable.toWeb(req as any)
    const init = { method, headers, signal, ...(body === undefined ? {} : { body, duplex: "half" }) }
    return new Request(url, init as RequestInit)
  } catch {
    return undefined
  }
}

/**
 * Without `@effect/platform-node`: each Node request made a Web `Request`, its `Response` written back; one that
 * cannot be a Web `Request` is a 400 (a throw here would end the process).
 */
const webBridge =
  (handler: (request: Request) => Promise<Response>, stream: NodeStream): NodeHandler["handler"] => (req, res) => {
    const aborted = new AbortController()
    res.once("close", () => aborted.abort())
    const request = webRequest(req, stream, aborted.signal)
    const answered = request === undefined ? Promise.resolve(new Response(null, { status: 400 })) : handler(request)
    void answered.then(
      (response) => Effect.runFork(SseWriter.writeNode(response, res)),
      () => res.destroy()
    )
  }

/** The Node request under `request` (`NodeHttpServer`'s `source`), whose body is read as Node hands it on. */
export const nodeSource = (request: HttpServerRequest.HttpServerRequest): UIServing.NodeRequest | undefined => {
  const source = (request as { readonly source?: unknown }).source as UIServing.NodeRequest | null | undefined
  return typeof source?.on === "function" && typeof source.off === "function" ? source : undefined
}

/** Whether `cause` holds the client going away (the platform interrupts the request's fiber then). */
const clientWentAway = (cause: Cause.Cause<unknown>): boolean =>
  cause.reasons.some((reason) =>
    Cause.isInterruptReason(reason) && reason.annotations.has(HttpServerError.ClientAbort.key)
  )

/**
 * The mark on a route's own failure: answered from it (a 404 for a path no route has), which the platform also dies
 * with, its body never cut after its head.
 */
class RouteFailed extends Context.Service<RouteFailed, true>()("effect-llm-stream/NodeHandler/RouteFailed") {}

const routeFailed = Context.make(RouteFailed, true)

/** `app`, its failure marked as the route's own (`RouteFailed`). */
const noteFailedRoutes = <E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  Effect.catchCause(app, (cause) => Effect.failCause(Cause.annotate(cause, routeFailed)))

/**
 * Logs a response whose body failed after its head was sent (the platform dies with the response), once: as an
 * error, unless the client went away (a Stop, a closed tab), which is logged as such. A route's own failure (a
 * client's unknown path) is its answer, not a cut body.
 */
const logCutBodies = <E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  Effect.tapCause(
    app,
    (cause) =>
      !cause.reasons.some((reason) =>
          Cause.isDieReason(reason) && HttpServerResponse.isHttpServerResponse(reason.defect)
        )
        ? Effect.void
        : clientWentAway(cause)
        ? EndpointLog.clientGone
        : cause.reasons.some((reason) => reason.annotations.has(RouteFailed.key))
        ? Effect.void
        : Effect.logError("a response body failed after its head was sent", cause)
  )

/** The request listener of `layer`'s routes, built in `scope`: `NodeHttpServer`'s when it loads, else the bridge. */
export const build = <E, R>(
  layer: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
  scope: Scope.Scope,
  server: () => Promise<unknown> = () => load(serverModule)
): Effect.Effect<NodeHandler["handler"], E | ServeError, Exclude<R, HttpRouter.HttpRouter>> =>
  Effect.gen(function*() {
    const { app, context } = yield* WebHandler.buildApp(layer, scope)
    const NodeHttpServer = (yield* Effect.promise(server)) as NodeHttpServer | undefined
    if (NodeHttpServer === undefined) {
      const stream = yield* Effect.promise(() => load<NodeStream>(streamModule))
      if (stream === undefined) return yield* new ServeError({ message: "the Node handler needs Node's node:stream" })
      const web = HttpEffect.toWebHandlerWith<HttpRouter.HttpRouter, HttpServerRequest.HttpServerRequest | Scope.Scope>(
        context
      )(app)
      return webBridge(web, stream)
    }
    const routes = noteFailedRoutes(app)
    const handler = yield* NodeHttpServer.makeHandler(routes, { scope, middleware: logCutBodies as any }).pipe(
      Effect.provideContext(context)
    )
    return handler as unknown as NodeHandler["handler"]
  })

/**
 * The routes of `layer` as a request listener of Node's own `http` server, `(req, res) => void`, for a server of your
 * own (`https.createServer`, several sockets). Every layer is built first: the promise rejects with the error of one
 * that fails. `dispose` releases them.
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
