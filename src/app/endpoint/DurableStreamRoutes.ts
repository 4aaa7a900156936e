/**
 * `DurableStreams`' route: the Durable Streams protocol over the `StreamStore`, a stream named by its answer's id and
 * read as its owner. `GET` (catch-up, `live=long-poll` or `live=sse`) and `HEAD` read it; where the app enables
 * writes, `PUT` creates (or forks: `DurableStreamForks`), `POST` appends as its writer's headers say
 * (`DurableStreamWrites`; `Stream-Closed: true` ends it), `DELETE` deletes. A client's stream keeps its content type
 * and expiry (`DurableStreamExpiry`) in its first chunk (`DurableStreamKinds`); a JSON one each value as one stored
 * chunk, any other each append's bytes.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import * as Result from "effect/Result"
import type * as Semaphore from "effect/Semaphore"
import * as Stream from "effect/Stream"
import * as Body from "../../core/http/Body.js"
import type * as StreamStore from "../store/StreamStore.js"
import * as Expiry from "./DurableStreamExpiry.js"
import * as Forks from "./DurableStreamForks.js"
import * as StreamHeaders from "./DurableStreamHeaders.js"
import * as Kinds from "./DurableStreamKinds.js"
import type { Kind } from "./DurableStreamKinds.js"
import * as Lineage from "./DurableStreamLineage.js"
import * as Names from "./DurableStreamNames.js"
import * as Offsets from "./DurableStreamOffsets.js"
import * as Reads from "./DurableStreamReads.js"
import * as Sse from "./DurableStreamSse.js"
import * as Writes from "./DurableStreamWrites.js"
import * as EndpointGuards from "./EndpointGuards.js"
import * as EndpointLog from "./EndpointLog.js"
import * as EndpointReply from "./EndpointReply.js"

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
  /**
   * One change of a fork list at a time on this instance (`DurableStreamLineage`): a list is read, changed and put
   * back, so two forks of one source made at once would leave one unlisted.
   */
  readonly lineage: Semaphore.Semaphore
}

const status = (code: number, headers: Record<string, string> = {}) =>
  HttpServerResponse.empty({ status: code, headers })

const refused = (code: number, message: string) =>
  Effect.fail(EndpointReply.failure(new EndpointLog.Refusal({ status: code, message })))

/** The store's failure as the protocol answers it: unknown or another owner's 404, ended 409, the rest as told. */
const storeFailure = (error: StreamStore.StreamStoreError | StreamStore.StreamNotFound) => {
  if (error._tag === "StreamNotFound" || error.reason === "InvalidId") return Effect.succeed(status(404))
  if (error.reason === "Ended") return Effect.succeed(status(409, { "stream-closed": "true" }))
  if (error.reason === "AlreadyExists") return Effect.succeed(status(409))
  return Effect.fail(EndpointReply.failure(error))
}

/** The kind of the stream `id`: a client's where writes reach it (`canWrite`), else an answer. */
const kindOf = (served: Served, canWrite: boolean, id: string, owner: string) =>
  canWrite ? Kinds.clientKind(served.store, id, owner) : Effect.succeed(Kinds.answer)

const writable = (served: Served, name: string) => served.writes !== undefined && name.startsWith(served.writes.prefix)

/** A read's response: its body (the chunks as the stream's kind holds them) and headers. */
const readResponse = (kind: Kind, chunks: ReadonlyArray<StreamStore.StoredChunk>, headers: Record<string, string>) =>
  HttpServerResponse.uint8Array(Kinds.bodyOf(kind, chunks), { contentType: kind.contentType, headers })

/**
 * `GET`: a page of the stream `name` (its store id: `DurableStreamNames`) from `offset` (catch-up), or what comes
 * within the long-poll timeout. An offset of a stream stored before under the name is a 410 (`gone`).
 */
const get = (
  served: Served,
  name: string,
  canWrite: boolean,
  owner: string,
  url: URL,
  request: HttpServerRequest.HttpServerRequest
) =>
  Effect.gen(function*() {
    const { asked, given, live } = yield* queryOf(url)
    const kind = yield* kindOf(served, canWrite, name, owner)
    // A read counts as an access: a `Stream-TTL` is counted from it.
    yield* Expiry.touch(served.store, name, owner, kind.expiry)
    // An answer's offset is checked once its read started (`afterStart`; an SSE's later pages too). Any other line is
    // told before the read: a stream stored anew meanwhile is read from its start under offsets and a tag no later read
    // takes or matches; from an offset, read on only where it is made again in between (a client's stream its own
    // writer deletes and makes again between its first chunk's read and this).
    const checked = asked._tag === "At" && kind.line === undefined ? asked : undefined
    const line = checked !== undefined ? Offsets.lineOf(checked.generation) : yield* lineOf(served, kind, name, owner)
    if (asked._tag === "At" && !Offsets.isOf(line, asked)) return yield* gone
    const at = asked._tag === "Now" ? yield* Reads.tail(served.store, name, owner, kind.base) : undefined
    if (live === undefined && at !== undefined) {
      return readResponse(
        kind,
        [],
        StreamHeaders.readHeaders(Offsets.offsetOf(line, at.next), { ...at, upToDate: true })
      )
    }
    const from = Math.max(kind.base, at?.next ?? (asked._tag === "At" ? asked.index : 0))
    const wait = live === undefined || live === "sse" ? undefined : served.longPollTimeout
    const started = checked === undefined ? undefined : afterStart(served.store, name, owner, checked.generation)
    const read = yield* Reads.page(served.store, name, owner, from, { wait, started })
    if (live === "sse") return sseResponse(served, name, owner, kind, line, { from, first: read }, url)
    const next = Offsets.offsetOf(line, read.next)
    const headers = {
      ...StreamHeaders.readHeaders(next, read),
      ...(live === undefined
        ? {}
        : { "stream-cursor": StreamHeaders.cursorOf(url.searchParams.get("cursor") ?? undefined) })
    }
    if (live !== undefined && read.chunks.length === 0) return status(204, headers)
    // The same offsets of a stream hold the same bytes: its name, its generation (a chat's next answer is stored anew
    // under its name) and the range read (and whether it ended there).
    if (at !== undefined) return readResponse(kind, read.chunks, headers)
    const etag = StreamHeaders.etagOf(`${name}.${line.generation}`, given ?? "-1", next, read.closed)
    if (StreamHeaders.notModified(request.headers["if-none-match"], etag)) return status(304, { ...headers, etag })
    return readResponse(kind, read.chunks, { ...headers, etag })
  })

/** A `GET`'s query: its offset (`given`, and as parsed), its live mode; or the 400 that refuses them. */
const queryOf = (url: URL) =>
  Effect.gen(function*() {
    const live = url.searchParams.get("live") ?? undefined
    const given = url.searchParams.get("offset") ?? undefined
    const asked = Offsets.parse(given)
    if (asked === undefined) return yield* refused(400, "offset is not one this server issued")
    if (live !== undefined && live !== "long-poll" && live !== "sse") {
      return yield* refused(400, `live=${live} is not served`)
    }
    if (live !== undefined && given === undefined) return yield* refused(400, `live=${live} needs an offset`)
    return { asked, given, live }
  })

/**
 * `GET ?live=sse`: the stream `name` of `kind` (on `line`) from index `from`, its `first` page read before, as events;
 * an answer's later pages each checked once their read started (`sameGeneration`).
 */
const sseResponse = (
  served: Served,
  name: string,
  owner: string,
  kind: Kind,
  line: Offsets.Line,
  { first, from }: { readonly from: number; readonly first: Reads.Page },
  url: URL
) =>
  Sse.response(served.store, name, owner, kind, line, first, {
    timeout: served.longPollTimeout,
    cursor: StreamHeaders.cursorOf(url.searchParams.get("cursor") ?? undefined),
    headers: StreamHeaders.readHeaders(Offsets.offsetOf(line, from), { closed: false, upToDate: false }),
    sameLine: kind.line === undefined ? sameGeneration(served.store, name, owner, line.generation) : undefined,
    onBreak: (cause) =>
      served.log ? EndpointLog.failure({ route: `GET ${served.path}`, status: 200 }, cause) : Effect.void
  })

/**
 * `offsetGone`: an offset of a stream stored before under the name (a chat's earlier answer, a client's stream
 * deleted and made again), or a forged one. PROTOCOL.md 5.6 answers an offset whose data the server no longer serves
 * (before its earliest retained position) `410 Gone`, a malformed one `400`: this offset was well formed, and what it
 * pointed into is gone for good, so the client is told to read the stream again from its start, not that it erred.
 */
const gone = refused(410, "the offset is of a stream no longer here: read this one from its start")

/**
 * The line of a stream of `kind`: a client's as its first chunk keeps it; an answer's its store's generation
 * (`Tail.generation`; `0` where the store tells none), one read of its tail.
 */
const lineOf = (served: Served, kind: Kind, name: string, owner: string) =>
  kind.line !== undefined
    ? Effect.succeed(kind.line)
    : Effect.map(generationOf(served.store, name, owner), Offsets.lineOf)

/** The stream's generation as its store tells it (`0` where it tells none). */
const generationOf = (store: StreamStore.Service, name: string, owner: string) =>
  store.tail === undefined ? Effect.succeed("0") : Effect.map(store.tail(name, { owner }), (tail) => tail.generation)

/**
 * The check of a read of an answer from an offset of `generation`, once the read started (`Reads.page`): the stream
 * is of it then, else `gone`. A read is of the stream it started on, and the offset's generation was there before
 * the request, so a tail of it told after the start is the one the read reads (told before, a stream stored anew
 * between would be served on from the offset as if it followed).
 */
const afterStart = (store: StreamStore.Service, name: string, owner: string, generation: string) =>
  Effect.flatMap(sameGeneration(store, name, owner, generation), (same) => same ? Effect.void : gone)

/** Whether the stream stored under `name` now is of `generation` (one read of its tail). */
const sameGeneration = (store: StreamStore.Service, name: string, owner: string, generation: string) =>
  Effect.map(generationOf(store, name, owner), (now) => now === generation)

/** `HEAD`: the stream's tail and whether it ended, no body. */
const head = (served: Served, name: string, canWrite: boolean, owner: string) =>
  Effect.gen(function*() {
    const kind = yield* kindOf(served, canWrite, name, owner)
    // Told before its tail is read: a stream stored anew between is told at the client's next read (`gone`).
    const line = yield* lineOf(served, kind, name, owner)
    const at = yield* Reads.tail(served.store, name, owner, kind.base)
    return status(200, {
      "content-type": kind.contentType,
      ...StreamHeaders.readHeaders(Offsets.offsetOf(line, at.next), { ...at, upToDate: true }),
      ...Expiry.headersOf(kind)
    })
  })

/**
 * The request's body, up to `maxBodyBytes` (else 413, read no further than past it, whatever its `Content-Length`
 * says); one that cannot be read whole is a 400, never an empty body.
 */
const bodyOf = (served: Served, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const max = served.maxBodyBytes ?? 8 * 1024 * 1024
    const tooLarge = EndpointReply.failure(
      new EndpointLog.Refusal({ status: 413, message: `a body may hold at most ${max} bytes` })
    )
    if (Number(request.headers["content-length"] ?? 0) > max) return yield* Effect.fail(tooLarge)
    // A Web request without a body has no stream to read (Node's reads as empty).
    if (globalThis.Request !== undefined && request.source instanceof Request && request.source.body === null) {
      return new Uint8Array(0)
    }
    return yield* Body.bytesUpTo(
      Stream.mapError(request.stream, () => EndpointReply.failure(unreadable)),
      max,
      () => tooLarge
    )
  })

const unreadable = new EndpointLog.Refusal({ status: 400, message: "the body could not be read" })

/** `PUT`: creates the stream (its body the first data; `Stream-Closed: true` ends it); 200 for the same again. */
const put = (served: Served, name: string, owner: string, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const asked = Expiry.expiryOf(request.headers)
    if (typeof asked === "string") return yield* refused(400, asked)
    const fork = Forks.forkOf(served.path, request.headers)
    if (fork !== undefined && "status" in fork) return yield* refused(fork.status, fork.message)
    const source = fork === undefined ? undefined : yield* forkSource(served, fork, owner, request)
    const expiry = Expiry.isSet(asked) ? asked : source?.kind.expiry ?? asked
    if (Expiry.isSet(expiry) && served.store.expire === undefined) {
      return yield* refused(501, "this store sets no stream's expiry")
    }
    const given = request.headers["content-type"]?.trim()
    const contentType = given !== undefined && given !== ""
      ? given
      : source?.kind.contentType ?? "application/octet-stream"
    // A generation of its own (another each time the name is made), and its source's offsets up to the fork's.
    const generation = Offsets.newGeneration()
    const line = source === undefined
      ? Offsets.lineOf(generation)
      : Offsets.forked(source.kind.line, source.at, generation)
    const kind: Kinds.ClientKind = { base: 1, contentType, json: Kinds.isJson(contentType), expiry, line }
    const body = yield* bodyOf(served, request)
    // A `PUT` of `[]` makes an empty JSON stream (an append of it is refused).
    const empty = kind.json && new TextDecoder().decode(body).trim() === "[]"
    const chunks = empty ? [] : yield* chunksOf(kind, body)
    const existing = yield* Effect.result(Kinds.clientKind(served.store, name, owner))
    if (existing._tag === "Success") {
      // The same settings and the same closure (PROTOCOL.md 5.1: a `PUT` without `Stream-Closed` of a closed stream,
      // or with it of an open one, is a 409).
      const closed = (yield* Reads.tail(served.store, name, owner, existing.success.base)).closed
      const same = Kinds.mediaType(existing.success.contentType) === Kinds.mediaType(contentType) &&
        Expiry.same(existing.success.expiry, expiry) && (existing.success.forkSub ?? 0) === (fork?.sub ?? 0) &&
        closed === (request.headers["stream-closed"] === "true")
      return same ? status(200, { "content-type": contentType }) : yield* refused(409, "the stream exists")
    }
    // A name its deleted stream's forks hold is not free; one they no longer hold starts a list of its own.
    const free = yield* served.lineage.withPermits(1)(Effect.gen(function*() {
      if ((yield* Lineage.forksOf(served.store, name, owner)).length === 0) return true
      if (yield* Lineage.held(served.store, name, owner)) return false
      yield* Lineage.clear(served.store, name, owner)
      return true
    }))
    if (!free) return yield* refused(409, "the name is held by forks")
    yield* served.store.create(name, { owner })
    yield* served.store.append(name, [Kinds.headOf(contentType, expiry, fork?.sub ?? 0, line)], { owner })
    if (fork !== undefined && source !== undefined) {
      yield* Forks.copy(served.store, source.id, name, owner, 1, source.at)
      if (source.prefix.length > 0) yield* served.store.append(name, source.prefix, { owner })
      yield* served.lineage.withPermits(1)(Lineage.addFork(served.store, source.id, name, owner))
    }
    yield* Expiry.touch(served.store, name, owner, expiry)
    return yield* appendAndEnd(served, name, owner, kind, chunks, request, 201)
  })

/**
 * The source of a fork: its kind (a client's stream of `owner`, else 404) and the index the fork copies up to (its
 * tail without an offset; 400 past it, 413 past `maxForkChunks`); 409 for a `Content-Type` not the source's.
 */
const forkSource = (served: Served, fork: Forks.Fork, owner: string, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const id = writable(served, fork.source) ? yield* Names.idOf(fork.source) : undefined
    if (id === undefined) return yield* refused(404, "no such stream to fork")
    const kind = yield* Effect.catchTag(
      Kinds.clientKind(served.store, id, owner),
      "StreamNotFound",
      () =>
        Effect.flatMap(
          Lineage.held(served.store, id, owner),
          (held) => held ? refused(409, "the source is deleted") : refused(404, "no such stream to fork")
        )
    )
    const given = request.headers["content-type"]
    if (given !== undefined && given.trim() !== "" && Kinds.mediaType(given) !== Kinds.mediaType(kind.contentType)) {
      return yield* refused(409, `the source's content type is ${kind.contentType}`)
    }
    // An offset of a source stored before under its name is no position of this one (PROTOCOL.md 4.2: 400).
    if (fork.offset?._tag === "At" && !Offsets.isOf(kind.line, fork.offset)) {
      return yield* refused(400, "Stream-Fork-Offset is not one of the source's offsets")
    }
    const tail = yield* Reads.tail(served.store, id, owner, kind.base)
    const at = Math.max(kind.base, fork.offset?.index ?? tail.next)
    if (at > tail.next) return yield* refused(400, "Stream-Fork-Offset is past the source's tail")
    if (at - kind.base > Forks.maxForkChunks) {
      return yield* refused(413, `a fork copies at most ${Forks.maxForkChunks} chunks`)
    }
    const prefix = yield* Forks.prefixOf(served.store, id, owner, kind, at, fork.sub)
    return typeof prefix === "string" ? yield* refused(400, prefix) : { id, kind, at, prefix }
  })

const chunksOf = (kind: Kind, body: Uint8Array) =>
  Result.match(Kinds.chunksOf(kind, body), {
    onFailure: (why) => refused(400, why),
    onSuccess: (chunks) => Effect.succeed(chunks)
  })

/** Appends `chunks`, ends the stream if asked (`Stream-Closed: true`), answers `code` with the tail. */
const appendAndEnd = (
  served: Served,
  name: string,
  owner: string,
  kind: Kinds.ClientKind,
  chunks: ReadonlyArray<StreamStore.StoredChunk>,
  request: HttpServerRequest.HttpServerRequest,
  code: number
) =>
  Effect.gen(function*() {
    if (chunks.length > 0) yield* served.store.append(name, chunks, { owner })
    // Ending an ended stream does nothing (the store's `end` is idempotent): a close sent again is a 204.
    if (request.headers["stream-closed"] === "true") yield* served.store.end(name, "completed", { owner })
    const at = yield* Reads.tail(served.store, name, owner, kind.base)
    return status(code, {
      "content-type": kind.contentType,
      "stream-next-offset": Offsets.offsetOf(kind.line, at.next),
      ...(at.closed ? { "stream-closed": "true" } : {}),
      ...(code === 201
        ? { location: new URL(request.url, `http://${request.headers["host"] ?? "localhost"}`).href }
        : {})
    })
  })

/**
 * `POST`: appends the body (JSON: its values, one level of array flattened; else its bytes) as its writer's headers
 * say (`DurableStreamWrites`), and ends the stream with `Stream-Closed: true`, in one `write` of the store.
 */
const post = (served: Served, name: string, owner: string, request: HttpServerRequest.HttpServerRequest) =>
  Effect.gen(function*() {
    const kind = yield* Kinds.clientKind(served.store, name, owner)
    const writer = Writes.writerOf(request.headers)
    if (typeof writer === "string") return yield* refused(400, writer)
    const body = yield* bodyOf(served, request)
    const closing = request.headers["stream-closed"] === "true"
    if (body.length === 0 && !closing) return yield* refused(400, "an append needs a body")
    const given = request.headers["content-type"]
    if (body.length > 0 && given === undefined) return yield* refused(400, "an append needs its Content-Type")
    if (given !== undefined && body.length > 0 && Kinds.mediaType(given) !== Kinds.mediaType(kind.contentType)) {
      return yield* refused(409, `the stream's content type is ${kind.contentType}`)
    }
    const chunks = body.length === 0 ? [] : yield* chunksOf(kind, body)
    const write = served.store.write
    if (write === undefined) {
      if (writer.seq !== undefined || writer.producer !== undefined) {
        return yield* refused(501, "this store keeps no writer's sequence")
      }
      return yield* appendAndEnd(served, name, owner, kind, chunks, request, 204)
    }
    const written = yield* write(name, chunks, { owner, seq: writer.seq, producer: writer.producer, end: closing })
    yield* Expiry.touch(served.store, name, owner, kind.expiry)
    const answer = Writes.answerOf(written, writer, body.length === 0, kind.line)
    return status(answer.status, answer.headers)
  })

/**
 * `DELETE`: the stream is gone at once (its readers end); 404 for one not there (410 while forks hold it). Its forks'
 * list is kept while one of them is there: the name is held (`DurableStreamLineage`).
 */
const remove = (served: Served, name: string, owner: string) =>
  Effect.gen(function*() {
    const remove = served.store.delete
    if (remove === undefined) return yield* refused(405, "this store deletes no stream")
    yield* remove(name, { owner })
    yield* served.lineage.withPermits(1)(Effect.gen(function*() {
      if (
        (yield* Lineage.forksOf(served.store, name, owner)).length > 0 &&
        !(yield* Lineage.held(served.store, name, owner))
      ) {
        yield* Lineage.clear(served.store, name, owner)
      }
    }))
    return status(204)
  })

/** Whether the app's `cors` lets pages of `origin` in. */
const allowsOrigin = (served: Served, origin: string): boolean =>
  served.cors !== undefined && (served.cors.origins === "*" || served.cors.origins.includes(origin))

/**
 * Whether `request` writes from a page of another origin the app's `cors` does not let in: refused, as a form another
 * site posts would write with the owner's cookie where it is `SameSite=None` (reads stay open to `cors`).
 */
const crossOriginWrite = (served: Served, request: HttpServerRequest.HttpServerRequest): boolean =>
  request.method !== "GET" && request.method !== "HEAD" && EndpointGuards.isCrossOrigin(request) &&
  !allowsOrigin(served, request.headers["origin"]!)

/** The CORS headers of a response to `request`, when the app allows its origin. */
const corsHeaders = (served: Served, request: HttpServerRequest.HttpServerRequest): Record<string, string> => {
  const origin = request.headers["origin"]
  const any = served.cors?.origins === "*"
  if (origin === undefined || !allowsOrigin(served, origin)) return {}
  return {
    "access-control-allow-origin": any ? "*" : origin,
    "access-control-expose-headers":
      "Stream-Next-Offset, Stream-Up-To-Date, Stream-Closed, Stream-Cursor, Location, Content-Type, ETag, " +
      "Producer-Epoch, Producer-Seq, Producer-Expected-Seq, Producer-Received-Seq",
    ...(any ? {} : { vary: "origin" })
  }
}

/**
 * The method's handler for the stream `name`, its store id `id` (`DurableStreamNames`), its store's failures answered
 * (a client's stream its forks hold: 410, `DurableStreamLineage`).
 */
const handle = (
  served: Served,
  name: string,
  id: string,
  owner: string,
  url: URL,
  request: HttpServerRequest.HttpServerRequest
) => {
  const canWrite = writable(served, name)
  const handled = request.method === "GET"
    ? get(served, id, canWrite, owner, url, request)
    : request.method === "HEAD"
    ? head(served, id, canWrite, owner)
    : !canWrite
    ? refused(405, "this stream is read-only")
    : request.method === "PUT"
    ? put(served, id, owner, request)
    : request.method === "POST"
    ? post(served, id, owner, request)
    : request.method === "DELETE"
    ? remove(served, id, owner)
    : refused(405, `${request.method} is not served`)
  return Effect.catchTags(
    handled as Effect.Effect<
      HttpServerResponse.HttpServerResponse,
      EndpointReply.Failure | StreamStore.StreamStoreError | StreamStore.StreamNotFound
    >,
    {
      StreamStoreError: storeFailure,
      // A client's stream deleted while its forks are there is gone for good only once they are: 410 till then.
      StreamNotFound: (error) =>
        canWrite
          ? Effect.flatMap(
            Effect.catchTag(Lineage.held(served.store, id, owner), "StreamStoreError", () => Effect.succeed(false)),
            (held) => held ? Effect.succeed(status(410)) : storeFailure(error)
          )
          : storeFailure(error)
    }
  )
}

/** The route: the stream's name after `path`, the owner, then the method's handler. */
export const route = (served: Served) => (request: HttpServerRequest.HttpServerRequest) => {
  const context: EndpointReply.Context = { route: `${request.method} ${served.path}`, log: served.log }
  const cors = corsHeaders(served, request)
  if (request.method === "OPTIONS") {
    return Effect.succeed(status(204, {
      ...cors,
      "access-control-allow-methods": "GET, HEAD, PUT, POST, DELETE, OPTIONS",
      "access-control-allow-headers":
        "Content-Type, Stream-Closed, Stream-TTL, Stream-Expires-At, Stream-Seq, Producer-Id, Producer-Epoch, " +
        "Producer-Seq, Stream-Forked-From, Stream-Fork-Offset, Stream-Fork-Sub-Offset, If-None-Match",
      "access-control-max-age": "600"
    }))
  }
  return EndpointReply.reply(
    context,
    Effect.gen(function*() {
      const url = new URL(request.url, "http://localhost")
      const name = yield* Effect.try({
        try: () => decodeURIComponent(url.pathname.slice(served.path.length + 1)),
        catch: () => EndpointReply.failure(new EndpointLog.Refusal({ status: 404, message: "no such stream" }))
      })
      context.chatId = name
      const id = yield* Names.idOf(name)
      if (id === undefined) return yield* refused(404, "no such stream")
      if (crossOriginWrite(served, request)) return yield* refused(403, "cross-origin writes are not served")
      const owner = yield* served.owner(request).pipe(
        Effect.mapError(() => EndpointReply.failure(new EndpointLog.Refusal({ status: 401, message: "not signed in" })))
      )
      return yield* handle(served, name, id, owner, url, request)
    })
  ).pipe(Effect.map((response) => HttpServerResponse.setHeaders(response, { ...cors, ...StreamHeaders.security })))
}
