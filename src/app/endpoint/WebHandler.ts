/**
 * An app of `effect/http` routes as a Web handler, its layers built before it answers, so that a configuration
 * mistake rejects the promise (the server does not start) instead of failing each request.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as HttpEffect from "effect/http/HttpEffect"
import * as HttpRouter from "effect/http/HttpRouter"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import * as StreamIds from "../store/StreamIds.js"

/**
 * A Web handler and how to release what it holds.
 *
 * @since 0.5.0
 * @category Serving
 */
export interface WebHandler {
  readonly handler: (request: Request) => Promise<Response>
  readonly dispose: () => Promise<void>
}

/**
 * The router, its path parameters as long as a stream id (`/:id/stream` of a chat whose id is 256 characters): the
 * router's own bound is 100 characters, past which such a chat could be answered, but not resumed, stopped or steered
 * (a 404).
 */
const router = HttpRouter.layer.pipe(
  Layer.provide(Layer.succeed(HttpRouter.RouterConfig)({ maxParamLength: StreamIds.maxIdLength }))
)

/** The router's app once `layer` (with the router) is built in `scope`, and the services it runs with. */
export const buildApp = <E, R>(
  layer: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
  scope: Scope.Scope
) =>
  Effect.map(Layer.buildWithScope(Layer.provideMerge(layer, router), scope), (context) => ({
    context,
    app: Context.get(context, HttpRouter.HttpRouter).asHttpEffect()
  }))

/** The router's handler once `layer` (with the router) is built in `scope`. */
export const build = <E, R>(
  layer: Layer.Layer<never, E, R | HttpRouter.HttpRouter>,
  scope: Scope.Scope
): Effect.Effect<(request: Request) => Promise<Response>, E, Exclude<R, HttpRouter.HttpRouter>> =>
  Effect.map(buildApp(layer, scope), ({ app, context }) => {
    const handler = HttpEffect.toWebHandlerWith<
      HttpRouter.HttpRouter,
      HttpServerRequest.HttpServerRequest | Scope.Scope
    >(context)(app)
    return (request: Request) => handler(request)
  })

/**
 * The routes of `layer` as a Web handler, `(request: Request) => Promise<Response>`: for Next.js, Bun, Deno,
 * Cloudflare Workers. Every layer is built first: the promise rejects with the error of one that fails. `dispose`
 * releases them.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { ChatEndpoint, OpenAI } from "effect-llm-stream"
 *
 * export const { handler, dispose } = await ChatEndpoint.toWebHandler(
 *   ChatEndpoint.layer().pipe(Layer.provide(OpenAI.layerModel("gpt-6-luna")))
 * )
 * ```
 *
 * @since 0.5.0
 * @category Serving
 */
export const toWebHandler = <E>(layer: Layer.Layer<never, E, HttpRouter.HttpRouter>): Promise<WebHandler> =>
  built((scope) => build(layer, scope))

/** The handler `make` builds in a scope of its own, and how to release it; the build's error rejects. */
export const built = <H>(
  make: (scope: Scope.Scope) => Effect.Effect<H, unknown>
): Promise<{ readonly handler: H; readonly dispose: () => Promise<void> }> => {
  const scope = Scope.makeUnsafe()
  return Effect.runPromiseExit(
    Effect.onError(make(scope), (cause) => Scope.close(scope, Exit.failCause(cause)))
  ).then((exit) => {
    if (Exit.isFailure(exit)) throw Cause.squash(exit.cause)
    let disposing: Promise<void> | undefined
    return {
      handler: exit.value,
      dispose: () => disposing ??= Effect.runPromise(Scope.close(scope, Exit.void))
    }
  })
}
