/**
 * An app of `effect/http` routes as a request listener of Node's own `http` server: `@effect/platform-node`'s
 * `NodeHttpServer.makeHandler` (an optional peer, loaded when the listener is built), its layers built first (a
 * configuration mistake fails the build, and nothing answers with it). Each request reaches the router as Node's own
 * (its body read as Node hands it on: `nodeSource`), interrupted when the client goes away; a response whose body is
 * an Effect `Stream` (a UI message stream's) is written as it is pulled.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as HttpRouter from "effect/http/HttpRouter"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import type * as UIServing from "../ui/UIServing.js"
import * as WebHandler from "./WebHandler.js"

/**
 * The Node server could not start: `node:http` or `@effect/platform-node` is not there (not Node, the package not
 * installed), or it could not listen (the port is taken, the host is not this machine's).
 *
 * @since 0.5.0
 * @category Errors
 */
export class ServeError extends Schema.TaggedError<ServeError>()("ServeError", { message: Schema.String }) {}

Object.defineProperty(ServeError, "name", { value: "ServeError" })

/**
 * What a Node handler needs of a Node `http.IncomingMessage` (which has it all): no type of `node:http` in this
 * package's declarations, so that a program without `@types/node` type-checks.
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

type NodeHttpServer = typeof import("@effect/platform-node/NodeHttpServer")

// A specifier bundlers leave alone: the package is an optional peer, loaded when a listener is built.
const serverModule = "@effect/platform-node/NodeHttpServer"

const loadServer = Effect.tryPromise({
  try: () => import(/* webpackIgnore: true */ /* @vite-ignore */ serverModule) as Promise<NodeHttpServer>,
  catch: () =>
    new ServeError({
      message: "ChatEndpoint's Node handler needs @effect/platform-node (npm install @effect/platform-node), " +
        "or use toWebHandler"
    })
})

/**
 * The Node request under `request`, whose body is read as Node hands it on: `NodeHttpServer`'s request keeps it as
 * its `source` (a Web request's `source` has no events).
 */
export const nodeSource = (request: HttpServerRequest.HttpServerRequest): UIServing.NodeRequest | undefined => {
  const source = (request as { readonly source?: unknown }).source as UIServing.NodeRequest | null | undefined
  return typeof source?.on === "function" && typeof source.off === "function" ? source : undefined
}

/**
 * Logs a response whose body failed after its head was sent (the platform cuts the connection, and fails the request
 * with the response as a defect beside the body's failure): the server's log says so, once.
 */
const logCutBodies = <E, R>(app: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>) =>
  Effect.tapCause(
    app,
    (cause) =>
      cause.reasons.some((reason) =>
          Cause.isDieReason(reason) && HttpServerResponse.isHttpServerResponse(reason.defect)
        )
        ? Effect.logError("a response body failed after its head was sent", cause)
        : Effect.void
  )

/** The request listener of the routes of `layer`, once `layer` (with the router) is built in `scope`. */
export const build = <E, R>(
  layer: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
  scope: Scope.Scope
): Effect.Effect<NodeHandler["handler"], E | ServeError, Exclude<R, HttpRouter.HttpRouter>> =>
  Effect.gen(function*() {
    const { app, context } = yield* WebHandler.buildApp(layer, scope)
    const NodeHttpServer = yield* loadServer
    const handler = yield* NodeHttpServer.makeHandler(app, { scope, middleware: logCutBodies as any }).pipe(
      Effect.provideContext(context)
    )
    return handler as unknown as NodeHandler["handler"]
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
