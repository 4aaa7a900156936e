/**
 * A chat server in one call: `layer(options)` adds the routes `useChat` talks to to `effect/http`'s router: `POST
 * /api/chat` answers with the tool loop (tools, approvals, a budget, the owner's spend limit) as a UI message stream,
 * stored as it is made so that `GET /api/chat/:id/stream` resumes it after a reload (on any instance sharing the
 * `StreamStore`) and `POST /api/chat/:id/stop` stops it, each as `docs/ui.md` assembles it, the owner a signed session
 * cookie by default. Serve it with `toWebHandler` or `serveNode`; both build every layer before the first request.
 *
 * What people are told: a user over a limit gets `429` with `Retry-After` and `reason: "spend-limit"`; an answer cut
 * by the budget or the limit says so in its `finish` (`stopReason`); a second answer while the chat's answer runs, not
 * asked by a page that has seen it, a 409 before any model request, as is an answer continued (an approval, a form)
 * in a tab that still shows an answer another tab replaced; the server's configuration is a 500, a store down a 503;
 * each failed request is one line in the server's log, with the chat id and a hash of the owner.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Schema } from "effect"
 * import { ChatEndpoint, Main, OpenAIResponses, SpendLimit, Tool } from "effect-llm-stream"
 *
 * const weather = Tool.handle(
 *   Tool.make("get_weather", { parameters: Schema.Struct({ city: Schema.String }) }),
 *   ({ city }) => Effect.succeed(`18°C in ${city}`)
 * )
 *
 * const Chat = ChatEndpoint.layer({
 *   tools: [weather],
 *   budget: { usd: "0.05" },
 *   // A session is a cookie a client can drop: its address's limit and the server's must have room too.
 *   spendLimit: (session, { address }) => [
 *     { key: `session:${session}`, usd: "1", window: "1 day", label: "daily limit of your session" },
 *     { key: `address:${address ?? "unknown"}`, usd: "3", window: "1 day", label: "daily limit of your network" },
 *     { key: "everyone", usd: "100", window: "1 day", label: "daily limit of this server" }
 *   ]
 * })
 *
 * ChatEndpoint.serveNode(Chat, { port: 3000 }).pipe(
 *   Effect.provide(Layer.mergeAll(OpenAIResponses.layerModel("gpt-6-luna"), SpendLimit.layerMemory())),
 *   Main.runMain
 * )
 * ```
 *
 * @since 0.5.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as HttpMiddleware from "effect/http/HttpMiddleware"
import * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import type * as Types from "effect/Types"
import type * as ProviderError from "../../core/ProviderError.js"
import type * as Tool from "../../core/Tool.js"
import type * as LanguageModel from "../LanguageModel.js"
import type * as StepEvents from "../loop/StepEvents.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as ChatModels from "./ChatModels.js"
import type { Options } from "./ChatOptions.js"
import * as ChatRoutes from "./ChatRoutes.js"
import * as EndpointGuards from "./EndpointGuards.js"
import * as EndpointReply from "./EndpointReply.js"
import * as StartupChecks from "./StartupChecks.js"
import * as SteeringRoutes from "./SteeringRoutes.js"

export * from "./ChatEnding.js"
export type { Caller, Metadata } from "./ChatOptions.js"
export { toNodeHandler } from "./NodeHandler.js"
export type { NodeHandler } from "./NodeHandler.js"
export type { NodeIncomingMessage } from "./NodeHandler.js"
export { ServeError, serveNode } from "./NodeServer.js"
export type { NodeOptions } from "./NodeServer.js"
export { sessionOf } from "./SessionOwner.js"
export { defaultPath } from "./StartupChecks.js"
export { toWebHandler } from "./WebHandler.js"
export type { WebHandler } from "./WebHandler.js"

export type { Options } from "./ChatOptions.js"

/** What `layer` needs of the server: the model in context unless `models` gives them, and what those layers need. */
type ModelNeeds<Models extends NonNullable<Options["models"]>> =
  | ([keyof Models] extends [never] ? LanguageModel.LanguageModel : never)
  | Layer.Services<Models[keyof Models]>

/** Answers a request sent to another host than `allowed` with 403 (and its log line, with the server's logger). */
const hostCheck = (allowed: ReadonlyArray<string>, log: boolean, services: Context.Context<never>) =>
(
  effect: Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled>
): Effect.Effect<HttpServerResponse.HttpServerResponse, Types.unhandled, HttpServerRequest.HttpServerRequest> =>
  Effect.flatMap(
    HttpServerRequest.HttpServerRequest,
    (request) =>
      EndpointGuards.hostAllowed(allowed, request) ? effect : EndpointReply.reply(
        { route: `${request.method} ${request.url.split("?")[0]}`, log },
        Effect.fail(EndpointReply.failure(EndpointGuards.otherHost))
      ).pipe(Effect.provideContext(services))
  )

/**
 * The chat's routes on the `HttpRouter`: `POST <path>`, `GET <path>/:id/stream`, `POST <path>/:id/stop`. Needs the
 * model (unless `models` gives them) and, for `spendLimit`, a `SpendLimit` layer; the `StreamStore` (default: memory)
 * keeps the answers. A mistake in the options, no model, a spend limit without its store, or a limit on a model
 * without a price fails it with a `ConfigurationError` when built. Every route of the router signs with the
 * endpoint's key, so the app's own routes read its sessions (`sessionOf`).
 *
 * @example
 * ```ts
 * import { ChatEndpoint } from "effect-llm-stream"
 *
 * const Chat = ChatEndpoint.layer({
 *   system: "Answer in one paragraph.",
 *   allowedHosts: ["localhost", "127.0.0.1"]
 * })
 * ```
 *
 * @since 0.5.0
 * @category Layers
 */
export const layer = <
  const Tools extends ReadonlyArray<Tool.Tool> = readonly [],
  R = never,
  const Models extends NonNullable<Options["models"]> = {}
>(
  options: Options<Tools, R, Models> = {}
): Layer.Layer<
  never,
  ProviderError.ConfigurationError | Layer.Error<Models[keyof Models]>,
  HttpRouter.HttpRouter | ModelNeeds<Models> | StepEvents.HandlerContext<Tools> | R
> =>
  HttpRouter.use((router) =>
    Effect.gen(function*() {
      const models = yield* ChatModels.build(options.models)
      const path = yield* StartupChecks.check(
        options as Options<ReadonlyArray<Tool.Tool>, unknown>,
        ChatModels.all(models)
      )
      const log = options.log !== false
      // The services of the server's layers (the stores, the keys), for every request; not its scope.
      const services = Context.omit(Scope.Scope)(yield* Effect.context<StepEvents.HandlerContext<Tools> | R>())
      const endpoint: ChatRoutes.Endpoint<Tools, R> = { options, path, log, models }
      // The request as the trusted proxies forward it (checked by `StartupChecks`), else as it arrived.
      const proxies = options.trustedProxies === undefined
        ? undefined
        : Result.getOrUndefined(EndpointGuards.proxiesOf(options.trustedProxies))
      const forwarded = proxies === undefined
        ? <A, E, X>(effect: Effect.Effect<A, E, X>) => effect
        : HttpMiddleware.xForwardedHeaders({ trustedProxies: proxies })
      // A route needs those services and what the router provides (TypeScript cannot tell the difference is empty).
      const provided = <X>(
        route: (
          request: HttpServerRequest.HttpServerRequest
        ) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, X>
      ) =>
      (_: HttpServerRequest.HttpServerRequest) =>
        Effect.provideContext(forwarded(HttpServerRequest.HttpServerRequest.use(route)), services) as Effect.Effect<
          HttpServerResponse.HttpServerResponse,
          never,
          HttpRouter.Provided
        >
      yield* router.add("POST", path, provided(ChatRoutes.chat(endpoint)))
      yield* router.add("GET", `${path}/:id/stream`, provided(ChatRoutes.resume(endpoint)))
      yield* router.add("POST", `${path}/:id/stop`, provided(ChatRoutes.stop(endpoint)))
      if (options.steering !== undefined) {
        yield* router.add("POST", `${path}/:id/steer`, provided(SteeringRoutes.send(endpoint, "steer")))
        yield* router.add("POST", `${path}/:id/queue`, provided(SteeringRoutes.send(endpoint, "queue")))
      }
      // Every route of the router signs and checks with the endpoint's key: the app's own read its sessions.
      const signing = Context.get(services as Context.Context<never>, SigningKey.Signing)
      yield* router.addGlobalMiddleware((effect) => Effect.provideService(effect, SigningKey.Signing, signing))
      if (options.allowedHosts !== undefined) {
        yield* router.addGlobalMiddleware(hostCheck(options.allowedHosts, log, services as Context.Context<never>))
      }
    })
  )
