/**
 * `DurableStreams`' route: the Durable Streams protocol over the `StreamStore`, a stream named by its answer's id and
 * read as its owner. `GET` (catch-up or `live=long-poll`) and `HEAD` read it; where the app enables writes, `PUT`
 * creates, `POST` appends (each JSON value one stored chunk; `Stream-Closed: true` ends it).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import type * as StreamStore from "../store/StreamStore.js"
import * as UIServing from "../ui/UIServing.js"
import * as Reads from "./DurableStreamReads.js"
import * as EndpointLog from "./EndpointLog.js"
import * as EndpointReply from "./EndpointReply.js"
import * as NodeHandler from "./NodeHandler.js"

/** What the route serves: its path, the store, whose request it is, and what it lets clients do. */
export interface Served {
  readonly path: `/${string}`
  readonly store: StreamStore.Service
  readonly longPollTimeout: Duration.Duration
  readonly owner: (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<string, unknown>
  readonly writes: { readonly prefix: string } | undefined
  readonly maxBodyBytes: number | undefined
  readonly cors: { readonly origins: ReadonlyArray<string> | "*" } | undefined
  readonly log: boolean
}

const json = "application/json"

const status = (code: number, headers: Record<string, string> = {}) =>
  HttpServerResponse.empty({ status: code, headers })

const refused = (code: number, message: string) =>
  Effect.fail(EndpointReply.failure(new EndpointLog.Refusal({ status: code, message })))

/** The protocol's headers of a read ending at `next`. */
const readHeaders = (next: number, read: { readonly closed: boolean; readonly upToDate: boolean }) => ({
  "stream-next-offset": Reads.offsetOf(next),
  ...(read.upToDate ? { "stream-up-to-date": "true" } : {}),
  ...(read.closed ? { "stream-closed": "true" } : {}),
  "cache-control": "no-store"
})

/** The store's failure as the protocol answers it: unknown or another owner's 404, ended 409, the rest as told. */
const storeFailure = (error: StreamStore.StreamStoreError | StreamStore.StreamNotFound) => {
  if (error._tag === "StreamNotFound" || error.reason === "InvalidId") return Effect.succeed(status(404))
  if (error.reason === "Ended") return Effect.succeed(status(409, { "stream-closed": "true" }))
  if (error.reason === "AlreadyExists") return Effect.succeed(status(409))
  return Effect.fail(EndpointReply.failure(error))
}

/** A cursor for a long-poll: the current interval, past the client's (so that a CDN never serves one twice). */
const cursorOf = (given: string | undefined) => {
  const now = Math.floor(Date.now() / 20_000)
  const client = given === undefined ? Number.NaN : Number(given)
  return String(Number.isSafeInteger(client) && client >= now ? client + 1 : now)
}

/** `GET`: a page from `offset` (catch-up), or what comes within the long-poll timeout. */
const get = (served: Served, name: string, owner: string, url: URL) =>
  Effect.gen(function*() {
    const live = url.searchParams.get("live") ?? undefined
    const given = url.searchParams.get("offset") ?? undefined
    const offset = Reads.parseOffset(given)
    if (offset === undefined) return yield* refused(400, "offset is not one this server issued")
    if (live !== undefined && live !== "long-poll") return yield* refused(400, `live=${live} is not served`)
    if (live === "long-poll" && given === undefined) return yield* refused(400, "a long-poll needs an offset")
    const from = offset === "now" ? (yield* Reads.tail(served.store, name, owner)).next : offset
    if (live === undefined && offset === "now") {
      const at = yield* Reads.tail(served.store, name, owner)
      return HttpServerResponse.text("[]", {
        contentType: json,
        headers: readHeaders(at.next, { ...at, upToDate: true })
      })
    }
    const read = yield* Reads.page(
      served.store,
      name,
      owner,
      from,
      live === undefined ? undefined : served.longPollTimeout
    )
    const headers = {
      ...readHeaders(read.next, read),
      ...(live === undefined ? {} : { "stream-cursor": cursorOf(url.searchParams.get("cursor") ?? undefined) })
    }
    if (live !== undefined && read.chunks.length === 0) return status(204, headers)
    return HttpServerResponse.text(JSON.stringify(read.chunks), { contentType: json, headers })
  })

/** `HEAD`: the stream's tail and whether it ended, no body. */
const head = (served: Served, name: string, owner: string) =>
  Effect.map(
    Reads.tail(served.store, name, owner),
    (at) => status(200, { "content-type": json, ...readHeaders(at.next, { ...at, upToDate: true }) })
  )

/** The body's JSON values, one level of array flattened; `undefined` for none (an empty body, or `[]`). */
const valuesOf = (text: string): ReadonlyArray<StreamStore.StoredChunk> | undefined | "invalid" => {
  if (text.trim() === "") return undefined
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return "invalid"
  }
  const values = Array.isArray(body) ? body : [body]
  // A stored chunk is a JSON value kept verbatim: the store keeps what JSON keeps, objects or not.
  return values.length === 0 ? undefined : values as ReadonlyArray<StreamStore.StoredChunk>
}

const bodyOf = (served: Served, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const source = NodeHandler.nodeSource(request) ?? (yield* Effect.orDie(HttpServerRequest.toWeb(request)))
    return yield* UIServing.readRequest(source, { maxBytes: served.maxBodyBytes })
  }).pipe(Effect.mapError(EndpointReply.failure))

const isJson = (request: HttpServerRequest.HttpServerRequest) =>
  (request.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase() === json

/** `PUT`: creates the stream (its body the first values; `Stream-Closed: true` ends it). */
const put = (served: Served, name: string, owner: string, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    if (request.headers["content-type"] !== undefined && !isJson(request)) {
      return yield* refused(415, "only application/json streams are kept")
    }
    const values = valuesOf(yield* bodyOf(served, request))
    if (values === "invalid") return yield* refused(400, "the body is not JSON")
    const created = yield* Effect.result(served.store.create(name, { owner }))
    if (created._tag === "Failure") {
      return created.failure.reason === "AlreadyExists"
        ? status(200, { "content-type": json })
        : yield* storeFailure(created.failure)
    }
    return yield* appendAndEnd(served, name, owner, values ?? [], request, 201)
  })

/** Appends `values`, ends the stream if asked (`Stream-Closed: true`), answers `code` with the tail. */
const appendAndEnd = (
  served: Served,
  name: string,
  owner: string,
  values: ReadonlyArray<StreamStore.StoredChunk>,
  request: HttpServerRequest.HttpServerRequest,
  code: number
) =>
  Effect.gen(function*() {
    yield* served.store.append(name, values, { owner })
    const closing = request.headers["stream-closed"] === "true"
    if (closing) yield* served.store.end(name, "completed", { owner })
    const at = yield* Reads.tail(served.store, name, owner)
    return status(code, {
      "content-type": json,
      "stream-next-offset": Reads.offsetOf(at.next),
      ...(at.closed ? { "stream-closed": "true" } : {}),
      ...(code === 201 ? { location: request.url } : {})
    })
  })

/** `POST`: appends the body's values (one level of array flattened), each one stored chunk. */
const post = (served: Served, name: string, owner: string, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const text = yield* bodyOf(served, request)
    const closing = request.headers["stream-closed"] === "true"
    if (text.trim() === "" && closing) return yield* appendAndEnd(served, name, owner, [], request, 204)
    if (!isJson(request)) return yield* refused(409, "the stream's content type is application/json")
    const values = valuesOf(text)
    if (values === "invalid") return yield* refused(400, "the body is not JSON")
    if (values === undefined) return yield* refused(400, "an append needs at least one value")
    return yield* appendAndEnd(served, name, owner, values, request, 204)
  })

/** The CORS headers of a response to `request`, when the app allows its origin. */
const corsHeaders = (served: Served, request: HttpServerRequest.HttpServerRequest): Record<string, string> => {
  const origin = request.headers["origin"]
  if (served.cors === undefined || origin === undefined) return {}
  const allowed = served.cors.origins === "*" || served.cors.origins.includes(origin)
  if (!allowed) return {}
  return {
    "access-control-allow-origin": served.cors.origins === "*" ? "*" : origin,
    "access-control-expose-headers":
      "Stream-Next-Offset, Stream-Up-To-Date, Stream-Closed, Stream-Cursor, Location, Content-Type",
    ...(served.cors.origins === "*" ? {} : { vary: "origin" })
  }
}

/** The route: the stream's name after `path`, the owner, then the method's handler. */
export const route = (served: Served) => (request: HttpServerRequest.HttpServerRequest) => {
  const context: EndpointReply.Context = { route: `${request.method} ${served.path}`, log: served.log }
  const cors = corsHeaders(served, request)
  if (request.method === "OPTIONS") {
    return Effect.succeed(status(204, {
      ...cors,
      "access-control-allow-methods": "GET, HEAD, PUT, POST, DELETE, OPTIONS",
      "access-control-allow-headers": "Content-Type, Stream-Closed, Stream-TTL, Stream-Expires-At, Stream-Seq",
      "access-control-max-age": "600"
    }))
  }
  return EndpointReply.reply(
    context,
    Effect.gen(function*() {
      const url = new URL(request.url, "http://localhost")
      const name = decodeURIComponent(url.pathname.slice(served.path.length + 1))
      context.chatId = name
      const owner = yield* served.owner(request).pipe(
        Effect.mapError(() => EndpointReply.failure(new EndpointLog.Refusal({ status: 401, message: "not signed in" })))
      )
      const writable = served.writes !== undefined && name.startsWith(served.writes.prefix)
      const handled = request.method === "GET"
        ? get(served, name, owner, url)
        : request.method === "HEAD"
        ? head(served, name, owner)
        : !writable
        ? refused(405, "this stream is read-only")
        : request.method === "PUT"
        ? put(served, name, owner, request)
        : request.method === "POST"
        ? post(served, name, owner, request)
        : refused(405, `${request.method} is not served`)
      return yield* Effect.catchTags(
        handled as Effect.Effect<
          HttpServerResponse.HttpServerResponse,
          EndpointReply.Failure | StreamStore.StreamStoreError | StreamStore.StreamNotFound
        >,
        { StreamStoreError: storeFailure, StreamNotFound: storeFailure }
      )
    })
  ).pipe(Effect.map((response) => HttpServerResponse.setHeaders(response, cors)))
}
