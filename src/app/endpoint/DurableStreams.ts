/**
 * The app's answers served as Durable Streams (the offset-addressed HTTP stream protocol of
 * `@durable-streams/client`, TanStack AI and ElectricSQL): `layer(options)` adds `<path>/<name>` to `effect/http`'s
 * router, over the `StreamStore` in context (memory, Redis, a Durable Streams server). A stream's name is an answer's
 * id (the `streamId` of `UIMessageStream.resumable`, the chat id of `ChatEndpoint`); it is read as its owner, each
 * stored chunk one JSON value: `GET ?offset=-1` whole, `?offset=<Stream-Next-Offset>&live=long-poll` (or `live=sse`)
 * what comes after, `Stream-Closed: true` once the answer ended; an unknown or another owner's stream is a 404. Serve
 * it with `toWebHandler` or `serveNode`, or beside `ChatEndpoint.layer` on one router.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DurableStreams, StreamStore } from "effect-llm-stream"
 *
 * const Streams = DurableStreams.layer({
 *   // The signed-in user, as the app's chat routes name the owner of what they store.
 *   owner: (request) => Effect.succeed(request.headers["x-user"] ?? "anonymous")
 * })
 *
 * const program = DurableStreams.serveNode(Streams, { port: 4437 }).pipe(Effect.provide(StreamStore.layerMemory()))
 * // Run it: Main.runMain(program)
 * ```
 *
 * @since 0.7.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpRouter from "effect/http/HttpRouter"
import type * as HttpServerRequest from "effect/http/HttpServerRequest"
import type * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Scope from "effect/Scope"
import * as Semaphore from "effect/Semaphore"
import * as ProviderError from "../../core/ProviderError.js"
import * as SigningKey from "../signing/SigningKey.js"
import * as StreamStore from "../store/StreamStore.js"
import * as DurableStreamRoutes from "./DurableStreamRoutes.js"
import * as SessionOwner from "./SessionOwner.js"

export { serveNode } from "./NodeServer.js"
export type { NodeOptions } from "./NodeServer.js"
export { toWebHandler } from "./WebHandler.js"
export type { WebHandler } from "./WebHandler.js"

/**
 * What `layer` takes, all optional:
 *
 * - `path`: where the streams are (default `/v1/stream`): `<path>/<name>`.
 * - `longPollTimeout`: how long a `live=long-poll` read waits for a chunk before its 204, and a `live=sse` one before
 *   it ends its response (default 20 seconds).
 * - `owner`: whose request it is, as `ChatEndpoint`'s `owner` (default: the request's chat session, signed by the
 *   router's key; a request without one is answered 401).
 * - `writes`: `{ prefix }` lets a client create (`PUT`, with `Stream-TTL` or `Stream-Expires-At`, or as a fork:
 *   `Stream-Forked-From`), append to (`POST`, with `Stream-Seq` or an idempotent producer's headers) and delete
 *   (`DELETE`) the streams whose name starts with `prefix`, under its owner: each JSON value appended one stored chunk
 *   (an array, each of its items), any other content type each append's bytes (docs/durable-streams.md). Without it,
 *   the streams are read-only (405).
 * - `maxBodyBytes`: the largest body a write may send (default 8 MiB; past it, 413).
 * - `cors`: `{ origins }` (a list, or `"*"`): the origins whose pages may read (and, with `writes`, write); a write
 *   from a page of any other origin but the server's own is a 403 (since 0.7.0).
 * - `log`: `false` to log nothing (default: one line per failed request).
 *
 * @since 0.7.0
 * @category Models
 */
export interface Options<R = never> {
  readonly path?: `/${string}` | undefined
  readonly longPollTimeout?: Duration.Input | undefined
  readonly owner?: ((request: HttpServerRequest.HttpServerRequest) => Effect.Effect<string, unknown, R>) | undefined
  readonly writes?: { readonly prefix: string } | undefined
  readonly maxBodyBytes?: number | undefined
  readonly cors?: { readonly origins: ReadonlyArray<string> | "*" } | undefined
  readonly log?: boolean | undefined
}

/**
 * The path `layer` serves its streams under unless told: `/v1/stream`, as the protocol's servers do.
 *
 * @since 0.7.0
 * @category Constants
 */
export const defaultPath = "/v1/stream"

const invalid = (parameter: string, message: string) =>
  new ProviderError.ConfigurationError({ provider: "durable-streams", message: `${parameter}: ${message}` })

/** The options checked: the path, the long-poll timeout. */
const checked = (options: Options<unknown>) => {
  const path = options.path ?? defaultPath
  if (!/^\/[^?#]*[^/?#]$/.test(path)) {
    return Effect.fail(invalid("path", "a path such as /v1/stream, without a final /"))
  }
  const timeout = Option.getOrUndefined(Duration.fromInput(options.longPollTimeout ?? "20 seconds"))
  if (timeout === undefined || !Duration.isFinite(timeout) || Duration.toMillis(timeout) < 1) {
    return Effect.fail(invalid("longPollTimeout", "a finite duration"))
  }
  if (options.writes !== undefined && typeof options.writes.prefix !== "string") {
    return Effect.fail(invalid("writes.prefix", "a string"))
  }
  return Effect.succeed({ path: path as `/${string}`, timeout })
}

/** The owner of a request by default: its chat session (`ChatEndpoint`'s cookie), else none (401). */
const sessionOwner = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.flatMap(
    SessionOwner.sessionOf(request),
    (session) => session === undefined ? Effect.fail("no session") : Effect.succeed(session)
  )

/**
 * The streams' route on the `HttpRouter`: `<path>/*` (`GET`, `HEAD`; with `writes`, `PUT`, `POST` and `DELETE`;
 * `OPTIONS`), over the `StreamStore` in context (default: memory). A mistake in the options fails it with a
 * `ConfigurationError` when built.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DurableStreams } from "effect-llm-stream"
 *
 * const Streams = DurableStreams.layer({
 *   longPollTimeout: "30 seconds",
 *   owner: (request) => Effect.succeed(request.headers["x-user"] ?? "anonymous"),
 *   writes: { prefix: "notes-" },
 *   cors: { origins: ["https://app.example.com"] }
 * })
 * ```
 *
 * @since 0.7.0
 * @category Layers
 */
export const layer = <R = never>(
  options: Options<R> = {}
): Layer.Layer<never, ProviderError.ConfigurationError, HttpRouter.HttpRouter | R> =>
  HttpRouter.use((router) =>
    Effect.gen(function*() {
      const { path, timeout } = yield* checked(options as Options<unknown>)
      const services = Context.omit(Scope.Scope)(yield* Effect.context<R>())
      const signing = yield* SigningKey.Signing
      const owner = options.owner ?? sessionOwner
      const route = DurableStreamRoutes.route({
        path,
        store: yield* StreamStore.StreamStore,
        longPollTimeout: timeout,
        owner: (request) =>
          Effect.provideService(
            Effect.provideContext(owner(request), services as Context.Context<R>),
            SigningKey.Signing,
            signing
          ) as Effect.Effect<string, unknown>,
        writes: options.writes,
        maxBodyBytes: options.maxBodyBytes,
        cors: options.cors,
        log: options.log !== false,
        lineage: yield* Semaphore.make(1)
      })
      yield* router.add(
        "*",
        `${path}/*`,
        (request) => route(request) as Effect.Effect<HttpServerResponse.HttpServerResponse, never, HttpRouter.Provided>
      )
    })
  )
