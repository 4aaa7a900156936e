/**
 * The stream store on a Durable Streams server (see `StreamStore.layerDurableStreams`), spoken over `HttpClient`.
 * An answer is two JSON streams, made in this order: `s:<key>` holds its chunks, `x:<key>` (its control stream) its
 * generation (`{ generation }`, its first item, written by the `PUT` that makes it: another for each stream started
 * under the id), its stops, its end marker (`{ end, expiresAt }`, so a stream expires `ttl` after its end to the
 * millisecond, whatever the server's TTL granularity) and the expiries `expire` sets (`{ expire }`: the last one
 * written wins over the end's). `<key>` is the id, or a SHA-256 of the owner then `:` then the id (an id holds no
 * `:`). Both are created with `Stream-TTL` (whole seconds, so neither outlives `ttl` unread and unwritten, whatever
 * `expire` says); the chunks are closed at the end, the control stream never (an `expire` may follow the end); a
 * claim is a stream created with `Stream-Expires-At`, the first `PUT` (201) winning. A stream's tail (`tail`) is its
 * chunks counted up to the server's tail, whether they are closed, and the generation its control stream names.
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FiberSet from "effect/FiberSet"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import type * as Pull from "effect/Pull"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as Body from "../../core/http/Body.js"
import { Secrets } from "../../core/http/Secrets.js"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as StreamIds from "./StreamIds.js"
import * as Model from "./StreamStoreModel.js"

/** How long a request other than a long-poll may take before the server is called unavailable. */
const requestTimeout = Duration.seconds(5)

/** How long a long-poll may take (the server answers 204 at its own timeout, 20 to 60 s on the ones known). */
const longPollTimeout = Duration.seconds(90)

/** The most bytes one answer's body may hold (past it the server is called unavailable: its reads are paged). */
const maxBodyBytes = 32 * 1024 * 1024

/** How long a read of a stream not there waits before it asks once more (see `read`). */
const notThereRetry = Duration.millis(150)

/**
 * The most pages a stream's tail is counted over: a server that pages on without end (items at ever later offsets,
 * never `Stream-Up-To-Date`) is called unavailable past it.
 */
const maxTailPages = 1_024

/**
 * The most reads in a row that may answer no item at a later offset (a JSON stream's offset moves with its items
 * alone): a server doing so without end is called unavailable past it, not asked again at once for ever.
 */
const maxEmptyMoves = 16

/** A store's settings (see `StreamStore.layerDurableStreams`). */
export interface Options {
  readonly url: string | Redacted.Redacted<string>
  readonly ttl: Duration.Duration
  readonly prefix: string
  readonly headers: Readonly<Record<string, string | Redacted.Redacted<string>>>
}

interface Instance {
  readonly ttlMillis: number
  /** `Stream-TTL`: `ttl` in whole seconds, at least 1. */
  readonly ttlSeconds: string
  readonly prefix: string
  /** Sends `request`, within `requestTimeout` (a long-poll, `live`, within `longPollTimeout`). */
  readonly send: (
    request: HttpClientRequest.HttpClientRequest,
    streamId?: string,
    live?: boolean
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, Model.StreamStoreError>
  readonly run: (effect: Effect.Effect<void>) => Fiber.Fiber<void>
}

/** What a control stream holds. */
type Control =
  | { readonly generation: string }
  | { readonly stop: true }
  | { readonly end: Model.EndReason; readonly expiresAt: number }
  | { readonly expire: number }

/** A generation no earlier stream under an id had: 128 random bits, in hex. */
const newGeneration = (): string => globalThis.crypto.randomUUID().replaceAll("-", "")

/** The error for a server that cannot be reached or answers as no Durable Streams server does: never a header. */
const unavailable = (what: string, streamId?: string): Model.StreamStoreError =>
  new Model.StreamStoreError({
    reason: "Unavailable",
    ...(streamId === undefined ? {} : { streamId }),
    message: `The Durable Streams server is unavailable: ${what}`
  })

/** `effect` within `requestTimeout` (a long-poll, `live`, within `longPollTimeout`), else `Unavailable`. */
const timed = <A>(effect: Effect.Effect<A, Model.StreamStoreError>, streamId?: string, live?: boolean) =>
  Effect.timeoutOrElse(effect, {
    duration: live === true ? longPollTimeout : requestTimeout,
    orElse: () => Effect.fail(unavailable(`no answer within ${live === true ? 90 : 5} s`, streamId))
  })

/** The names of the stream of `streamId` and `owner`: its chunks', its control stream's, a value kept under it. */
const namesOf = (store: Instance, streamId: string, owner: string | undefined) =>
  Effect.map(
    owner === undefined
      ? Effect.succeed(streamId)
      : Effect.map(StreamIds.digest(owner), (hash) => `${hash}:${streamId}`),
    (key) => ({
      chunks: `${store.prefix}s:${key}`,
      control: `${store.prefix}x:${key}`,
      value: `${store.prefix}v:${key}`
    })
  )

const json = "application/json"

/** Makes the stream `name`, holding `items` (none without). */
const create = (store: Instance, name: string, items?: ReadonlyArray<unknown>) =>
  HttpClientRequest.put(name).pipe(
    items === undefined ? (request) => request : HttpClientRequest.bodyText(JSON.stringify(items), json),
    HttpClientRequest.setHeaders({ "content-type": json, "stream-ttl": store.ttlSeconds })
  )

const remove = (name: string) => HttpClientRequest.make("DELETE")(name)

const appendTo = (name: string, items: ReadonlyArray<unknown>, close = false) =>
  HttpClientRequest.post(name).pipe(
    HttpClientRequest.bodyText(JSON.stringify(items), json),
    close ? HttpClientRequest.setHeader("stream-closed", "true") : (request) => request
  )

const closeRequest = (name: string) =>
  HttpClientRequest.post(name).pipe(HttpClientRequest.setHeaders({ "content-type": json, "stream-closed": "true" }))

/**
 * One page of a stream from `offset`: its items, the offset after them, whether the stream is closed there, and
 * whether the page reaches its tail (`Stream-Up-To-Date`).
 */
interface Page {
  readonly items: ReadonlyArray<unknown>
  readonly next: string
  readonly closed: boolean
  readonly upToDate: boolean
}

/**
 * A read's items: its body, at most `maxBodyBytes` of UTF-8 read within the request's time, a JSON array; anything
 * else `Unavailable`.
 */
const itemsOf = (response: HttpClientResponse.HttpClientResponse, streamId: string, live: boolean) => {
  const refused = (what: string) => Effect.fail(unavailable(`a read answered ${what}`, streamId))
  const tooLarge = () => unavailable(`a read answered over ${maxBodyBytes} bytes`, streamId)
  if (Number(response.headers["content-length"] ?? 0) > maxBodyBytes) {
    return Effect.andThen(released(response), Effect.fail(tooLarge()))
  }
  const body = Body.bytesUpTo(
    Stream.mapError(response.stream, () => unavailable("a read's body could not be read", streamId)),
    maxBodyBytes,
    tooLarge
  )
  return timed(body, streamId, live).pipe(
    Effect.flatMap((bytes) =>
      Effect.try({
        try: () => {
          const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes)
          // An item nested past the bound would run the code serving it out of stack.
          if (JsonDepth.nestsTooDeep(text)) throw new Error(JsonDepth.tooDeep)
          return JSON.parse(text) as unknown
        },
        catch: () => unavailable("a read answered something other than JSON as this library writes it", streamId)
      })
    ),
    Effect.flatMap((items) => Array.isArray(items) ? Effect.succeed(items) : refused("JSON that is not an array"))
  )
}

/**
 * Whether a read from `offset` that answered `next` after `count` items went backwards (or, with items, stood still):
 * offsets sort as text, and a server that serves items twice is not read on. Items from the start, `-1`, are after it
 * too: answered with it (or what sorts before it) as their next offset, they would be read again from the start.
 */
const behind = (offset: string, next: string, count: number) =>
  count > 0 ? next <= offset : offset !== "-1" && next < offset

/** What one reader has learned of its stream's answers: the stream the first `ETag` in the protocol's form names. */
interface Pin {
  stream: string | undefined
}

/**
 * The stream, start and end an `ETag` names in the protocol's form, `"<stream>:<start>:<end>"` (PROTOCOL.md 5.5; the
 * reference server adds `:c` at a closed tail); `undefined` for another form (a server's own, which names nothing).
 */
const etagOf = (header: string | undefined) => {
  const parts = header?.replace(/^W\//, "").replace(/^"|"$/g, "").split(":") ?? []
  if (parts.length > 3 && parts.at(-1) === "c") parts.pop()
  return parts.length < 3 ? undefined : {
    stream: parts.slice(0, -2).join(":"),
    start: parts.at(-2)!,
    end: parts.at(-1)!
  }
}

/**
 * What is wrong with a read's `200` from `offset` that says `next` (none: `undefined`): a content type other than
 * JSON (PROTOCOL.md 7.1: another stream's, or no Durable Streams server's), or an `ETag` in the protocol's form naming
 * another range than the one asked and answered, or another stream than the reader's first answer (`pin`) did. The
 * items carry no stream of their own: a first answer of another stream's items is told by nothing but its `ETag`.
 */
const wrongAnswer = (
  response: HttpClientResponse.HttpClientResponse,
  offset: string,
  next: string | undefined,
  pin: Pin | undefined
): string | undefined => {
  const type = response.headers["content-type"]?.split(";")[0]!.trim().toLowerCase()
  if (type !== json) return "a read answered another content type than JSON"
  const tag = etagOf(response.headers["etag"])
  if (tag === undefined) return undefined
  if (tag.start !== offset || (next !== undefined && tag.end !== next)) {
    return "a read answered another range than the one asked"
  }
  if (pin !== undefined) pin.stream ??= tag.stream
  return pin === undefined || pin.stream === tag.stream ? undefined : "a read answered another stream's items"
}

/**
 * How soon a long-poll may come back with nothing before its reader waits out the rest: a server answering at once
 * without end (a `204`, or no item at the same offset; the ones known wait 20 to 60 s) is asked once a second, not as
 * fast as it answers.
 */
const minEmptyLongPollMillis = 1_000

/**
 * `read`, a long-poll's page from `offset` (or a watch's read from the start, `listen`), taking at least
 * `minEmptyLongPollMillis` when it brings nothing and leaves the reader where it was (one moving on with nothing is
 * bounded by `maxEmptyMoves`).
 */
const paced = <E>(read: Effect.Effect<Page | undefined, E>, offset: string): Effect.Effect<Page | undefined, E> =>
  Effect.flatMap(Clock.currentTimeMillis, (sent) =>
    Effect.tap(read, (page) => {
      if (page === undefined || page.items.length > 0 || page.closed || page.next !== offset) return Effect.void
      return Effect.flatMap(Clock.currentTimeMillis, (now) => {
        const rest = minEmptyLongPollMillis - (now - sent)
        return rest > 0 ? Effect.sleep(rest) : Effect.void
      })
    }))

/**
 * Reads a page from `offset` (`live` waits for one, at least `minEmptyLongPollMillis` when it brings nothing), checked
 * by `wrongAnswer` against `pin`'s stream; `undefined` when the stream is not there (404, 410).
 */
const page = (
  store: Instance,
  name: string,
  offset: string,
  live: boolean,
  streamId: string,
  pin?: Pin
): Effect.Effect<Page | undefined, Model.StreamStoreError> => {
  const request = HttpClientRequest.get(name).pipe(
    HttpClientRequest.setUrlParam("offset", offset),
    live ? HttpClientRequest.setUrlParam("live", "long-poll") : (request) => request
  )
  const read = Effect.flatMap(store.send(request, streamId, live), (response) => {
    if (response.status === 404 || response.status === 410) return Effect.as(released(response), undefined)
    const given = response.headers["stream-next-offset"]
    const closed = response.headers["stream-closed"] === "true"
    const upToDate = response.headers["stream-up-to-date"] === "true" || response.status === 204
    if (response.status !== 200 && response.status !== 204) {
      return Effect.andThen(
        released(response),
        Effect.fail(unavailable(`a read answered ${response.status}`, streamId))
      )
    }
    const wrong = response.status === 200 ? wrongAnswer(response, offset, given, pin) : undefined
    if (wrong !== undefined) return Effect.andThen(released(response), Effect.fail(unavailable(wrong, streamId)))
    const items = response.status === 204 ? Effect.as(released(response), []) : itemsOf(response, streamId, live)
    return Effect.flatMap(items, (items) => {
      const next = given ?? (items.length === 0 ? offset : undefined)
      return next === undefined || behind(offset, next, items.length)
        ? Effect.fail(unavailable("a read answered an offset not after the one asked", streamId))
        : Effect.succeed<Page>({ items, next, closed, upToDate })
    })
  })
  return live ? paced(read, offset) : read
}

/**
 * How many reads in a row answered no item at a later offset, once `read` (from `offset`) is counted; past
 * `maxEmptyMoves`, `Unavailable`.
 */
const emptyMovesAfter = (moves: number, offset: string, read: Page, streamId: string) => {
  const after = read.items.length === 0 && read.next !== offset ? moves + 1 : 0
  return after > maxEmptyMoves
    ? Effect.fail(unavailable(`${after} reads in a row answered no item at a later offset`, streamId))
    : Effect.succeed(after)
}

/** What of `items` a control stream holds (objects: anything else, another program's, is no stop and no end). */
const controlsOf = (items: ReadonlyArray<unknown>) =>
  items.filter((item): item is Control => typeof item === "object" && item !== null)

/**
 * Whether a control stream's `items` start with its generation as `newGeneration` draws it (32 hex digits; letters
 * and digits within 64 taken): it goes into every offset a browser is given.
 */
const startsWithGeneration = (items: ReadonlyArray<unknown>): boolean => {
  const first = items[0]
  return typeof first === "object" && first !== null && "generation" in first &&
    typeof first.generation === "string" && /^[0-9A-Za-z]{1,64}$/.test(first.generation)
}

/**
 * The control stream's items from the start (a few: stops, the end), or `undefined` if it is not there; `Unavailable`
 * unless they start with a generation (its `PUT` writes it: another is not this library's control stream).
 */
const controlOf = (store: Instance, name: string, streamId: string) =>
  Effect.flatMap(
    page(store, name, "-1", false, streamId),
    (read) =>
      read === undefined || startsWithGeneration(read.items)
        ? Effect.succeed(read && controlsOf(read.items))
        : Effect.fail(unavailable("a control stream holds no generation as this library writes it", streamId))
  )

const endOf = (items: ReadonlyArray<Control>) =>
  items.find((item): item is Extract<Control, { end: unknown }> => "end" in item)

/**
 * When the stream whose control holds `items` expires: the last expiry `expire` wrote, else `ttl` after its end (the
 * end's marker says when), else never (`undefined`).
 */
const expiresAtOf = (items: ReadonlyArray<Control>): number | undefined => {
  for (let index = items.length - 1; index >= 0; index--) {
    const item = items[index]!
    if ("expire" in item && typeof item.expire === "number") return item.expire
  }
  return endOf(items)?.expiresAt
}

/** Whether the stream whose control holds `items` has expired (see `expiresAtOf`). */
const expired = (items: ReadonlyArray<Control>) => {
  const at = expiresAtOf(items)
  return at !== undefined && at <= Date.now()
}

/**
 * Lets go of the body of an answer read for its status and headers alone: fetch keeps a connection whose body is
 * neither read nor cancelled until a GC, and a server sending one without end would have a connection open per write.
 */
const released = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.sync(() => {
    const body = Body.webBody(response)
    if (body !== undefined && !body.locked) body.cancel().catch(() => undefined)
  })

const statusOf = (store: Instance, request: HttpClientRequest.HttpClientRequest, streamId?: string) =>
  Effect.map(Effect.tap(store.send(request, streamId), released), (response) => response.status)

/**
 * Makes `name` anew (201) holding `items`, deleting a stream left under it; fails with `AlreadyExists` if another made
 * it first.
 */
const fresh = (store: Instance, name: string, streamId: string, items?: ReadonlyArray<unknown>) =>
  Effect.gen(function*() {
    let status = yield* statusOf(store, create(store, name, items), streamId)
    if (status === 200 || status === 409) {
      yield* statusOf(store, remove(name), streamId)
      status = yield* statusOf(store, create(store, name, items), streamId)
    }
    if (status === 200 || status === 409) return yield* Effect.fail(Model.alreadyExists(streamId))
    if (status !== 201) return yield* Effect.fail(unavailable(`a create answered ${status}`, streamId))
  })

/** How long the right to replace an ended stream's generation is held: past any replacement's few requests. */
const replaceClaimTtl = Duration.seconds(30)

/**
 * Opens the stream: its chunks first (the first `PUT` to make them, 201, wins; a reader finds them at once), then its
 * control stream, holding its new generation. One that has expired (its control says so), or a closed one whose
 * control says it ended (or is gone), is replaced; another is `AlreadyExists`. Of many creates replacing one
 * generation at once, on any instances, one replaces it (a claim of that generation, then the first `PUT` of the
 * chunks after their delete): the others are `AlreadyExists`, as on the other stores. With `replacing` (`null`: none),
 * a create that finds another generation is `AlreadyExists`: the claim makes the check and the replacement one step.
 * With `read`, the value kept under it is read once the stream is created (`get`, a request of its own).
 */
const createStream = (store: Instance, streamId: string, options: Model.CreateOptions | undefined) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, options?.owner)
    const replacing = options?.replacing
    // A create that must find a stream (an ended one of that generation) makes none.
    const status = typeof replacing === "string" ? 409 : yield* statusOf(store, create(store, names.chunks), streamId)
    // 200: an open one of the same settings; 409: a closed one, or one of other settings.
    if (status === 200 || status === 409) {
      const items = yield* controlOf(store, names.control, streamId)
      const replaced = items === undefined
        ? status === 409
        : expired(items) || (status === 409 && endOf(items) !== undefined)
      const generation = items === undefined ? "none" : generationOf(items)
      if (!replaced || (replacing !== undefined && generation !== replacing)) {
        return yield* Effect.fail(Model.alreadyExists(streamId))
      }
      if (!(yield* claim(store, `replace\n${names.chunks}\n${generation}`, replaceClaimTtl))) {
        return yield* Effect.fail(Model.alreadyExists(streamId))
      }
      yield* statusOf(store, remove(names.chunks), streamId)
      // Made by another create since the delete (it found none): that one is the stream.
      const made = yield* statusOf(store, create(store, names.chunks), streamId)
      if (made === 200 || made === 409) return yield* Effect.fail(Model.alreadyExists(streamId))
      if (made !== 201) return yield* Effect.fail(unavailable(`a create answered ${made}`, streamId))
    } else if (status !== 201) {
      return yield* Effect.fail(unavailable(`a create answered ${status}`, streamId))
    }
    const generation: Control = { generation: newGeneration() }
    yield* fresh(store, names.control, streamId, [generation])
    // A kept value asked for (`read`): read once the stream is created, a request after the create's.
    const key = options?.read
    if (key !== undefined) return { read: yield* Effect.result(get(store, key, options?.owner)) }
  })

/**
 * Appends chunks with one `POST`, once its server answers: each append its own request, so `waitForStore` changes
 * nothing.
 */
const append = (store: Instance, streamId: string, chunks: ReadonlyArray<Model.StoredChunk>, owner?: string) =>
  chunks.length === 0 ? Effect.void : Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    const status = yield* statusOf(store, appendTo(names.chunks, chunks), streamId)
    if (status === 404 || status === 410) return yield* Effect.fail(Model.notFound(streamId))
    if (status === 409) return yield* Effect.fail(Model.ended(streamId))
    if (status >= 300) return yield* Effect.fail(unavailable(`an append answered ${status}`, streamId))
  })

/** Closes the chunks, then writes the end marker into the control stream. */
const end = (store: Instance, streamId: string, reason: Model.EndReason, owner?: string) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    const closed = yield* statusOf(store, closeRequest(names.chunks), streamId)
    if (closed === 404 || closed === 410) return yield* Effect.fail(Model.notFound(streamId))
    yield* markEnd(store, names.control, streamId, reason)
  })

/**
 * Writes the end marker into the control stream `control`, left open for the expiries `expire` writes after it (an
 * end again writes another marker: the first counts).
 */
const markEnd = (store: Instance, control: string, streamId: string, reason: Model.EndReason) =>
  Effect.gen(function*() {
    const marker: Control = { end: reason, expiresAt: Date.now() + store.ttlMillis }
    const status = yield* statusOf(store, appendTo(control, [marker]), streamId)
    if (status === 404 || status === 410) return yield* Effect.fail(Model.notFound(streamId))
    if (status >= 300 && status !== 409) return yield* Effect.fail(unavailable(`an end answered ${status}`, streamId))
  })

/** The `POST` of a write to the stream at `path`: the chunks as a JSON array, with the protocol's headers. */
const writeRequest = (path: string, chunks: ReadonlyArray<Model.StoredChunk>, options: Model.WriteOptions) => {
  const producer = options.producer
  return HttpClientRequest.post(path).pipe(
    HttpClientRequest.setHeaders({
      "content-type": json,
      ...(options.seq === undefined ? {} : { "stream-seq": options.seq }),
      ...(options.end === true ? { "stream-closed": "true" } : {}),
      ...(producer === undefined ? {} : {
        "producer-id": producer.id,
        "producer-epoch": String(producer.epoch),
        "producer-seq": String(producer.seq)
      })
    }),
    chunks.length === 0 ? (request) => request : HttpClientRequest.bodyText(JSON.stringify(chunks), json)
  )
}

/**
 * Writes as `Service.write` says with the protocol's own headers (`Stream-Seq`, `Producer-*`, `Stream-Closed` with the
 * body): the server checks and appends in one step; its answer is read back as a `Written` (the count, `tail`'s).
 */
const write = (
  store: Instance,
  streamId: string,
  chunks: ReadonlyArray<Model.StoredChunk>,
  options: Model.WriteOptions
) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, options.owner)
    const producer = options.producer
    const response = yield* Effect.tap(store.send(writeRequest(names.chunks, chunks, options), streamId), released)
    // A producer's count the protocol's header gives, else `Unavailable`: an answer without it is no producer's.
    const header = (name: string) => {
      const text = response.headers[name]
      return text !== undefined && /^\d{1,15}$/.test(text)
        ? Effect.succeed(Number(text))
        : Effect.fail(unavailable(`a write answered ${response.status} without its ${name}`, streamId))
    }
    const count = () => Effect.map(tail(store, streamId, options.owner), (held) => held.count)
    switch (response.status) {
      case 200:
      case 204: {
        if (options.end === true) yield* markEnd(store, names.control, streamId, "completed")
        const held = yield* tail(store, streamId, options.owner)
        const duplicate = producer !== undefined && (response.status === 204) !== (chunks.length === 0)
        return duplicate
          ? { _tag: "Duplicate", seq: yield* header("producer-seq"), count: held.count, ended: held.ended } as const
          : { _tag: "Written", count: held.count, ended: held.ended } as const
      }
      case 403:
        // To a write of no producer, a refusal (its credentials), not a stale epoch.
        return producer === undefined
          ? yield* Effect.fail(unavailable("a write answered 403", streamId))
          : { _tag: "StaleEpoch", epoch: yield* header("producer-epoch") } as const
      case 404:
      case 410:
        return yield* Effect.fail(Model.notFound(streamId))
      case 409:
        return response.headers["stream-closed"] === "true"
          ? { _tag: "Ended", count: yield* count() } as const
          : response.headers["producer-expected-seq"] !== undefined
          ? { _tag: "SeqGap", expected: yield* header("producer-expected-seq") } as const
          : { _tag: "SeqConflict" } as const
      default:
        return response.status === 400 && producer !== undefined
          ? { _tag: "EpochStart" } as const
          : yield* Effect.fail(unavailable(`a write answered ${response.status}`, streamId))
    }
  })

/** Deletes the stream's chunks, then its control stream: `StreamNotFound` if its chunks are not there. */
const deleteStream = (store: Instance, streamId: string, owner: string | undefined) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    const status = yield* statusOf(store, remove(names.chunks), streamId)
    if (status === 404 || status === 410) return yield* Effect.fail(Model.notFound(streamId))
    if (status >= 300) return yield* Effect.fail(unavailable(`a delete answered ${status}`, streamId))
    yield* statusOf(store, remove(names.control), streamId)
  })

type Chunks = Pull.Pull<Arr.NonEmptyReadonlyArray<Model.StoredChunk>, Model.StreamStoreError | Model.StreamNotFound>

/**
 * The chunks of the stream `name` after the first `skip`, a page per pull, long-polling once caught up, each page of
 * the stream `pin` names.
 */
const chunksOf = (store: Instance, name: string, streamId: string, first: Page, skip: number, pin: Pin) =>
  Stream.fromPull(Effect.sync((): Chunks => {
    let current: Page | undefined = first
    let skipped = 0
    let offset = first.next
    let closed = false
    let emptyMoves = 0
    const pull: Chunks = Effect.suspend(() => {
      if (current !== undefined) {
        const taken = current
        current = undefined
        closed = taken.closed
        offset = taken.next
        const items = skipped >= skip ? taken.items : taken.items.slice(skip - skipped)
        skipped += taken.items.length - items.length
        if (Arr.isReadonlyArrayNonEmpty(items)) return Effect.succeed(items as Arr.NonEmptyReadonlyArray<never>)
      }
      if (closed) return Cause.done()
      return Effect.flatMap(page(store, name, offset, true, streamId, pin), (read): Chunks => {
        if (read === undefined) return Effect.fail(Model.notFound(streamId))
        return Effect.flatMap(emptyMovesAfter(emptyMoves, offset, read, streamId), (moves) => {
          emptyMoves = moves
          current = read
          return pull
        })
      })
    })
    return pull
  }))

const read = (
  store: Instance,
  streamId: string,
  options?: { readonly after?: number | undefined; readonly owner?: string | undefined }
) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, options?.owner)
    const pin: Pin = { stream: undefined }
    // The chunks are made first: a stream just made may have no control stream yet (nor an end).
    const [first, control] = yield* Effect.all([
      page(store, names.chunks, "-1", false, streamId, pin),
      controlOf(store, names.control, streamId)
    ], { concurrency: 2 })
    if (control !== undefined && expired(control)) return yield* Effect.fail(Model.notFound(streamId))
    // A resume sent with the request that starts the stream can reach the server before its `PUT` (requests of
    // two instances are not ordered as one Redis connection orders them): not there is asked once more.
    const found = first ?? (yield* Effect.andThen(
      Effect.sleep(notThereRetry),
      page(store, names.chunks, "-1", false, streamId, pin)
    ))
    if (found === undefined) return yield* Effect.fail(Model.notFound(streamId))
    return chunksOf(store, names.chunks, streamId, found, Model.startOf(options), pin)
  })

/**
 * How many items the stream `name` holds, read a page at a time up to its tail (at most `maxTailPages`), whether it
 * is closed there, and its last item; `undefined` when it is not there.
 */
const countOf = (store: Instance, name: string, streamId: string) =>
  Effect.gen(function*() {
    let offset = "-1"
    let count = 0
    let last: unknown = undefined
    const pin: Pin = { stream: undefined }
    for (let pages = 0; pages < maxTailPages; pages++) {
      const read = yield* page(store, name, offset, false, streamId, pin)
      if (read === undefined) return undefined
      count += read.items.length
      if (read.items.length > 0) last = read.items.at(-1)
      if (read.closed || read.upToDate || read.items.length === 0 || read.next === offset) {
        return { count, closed: read.closed, last }
      }
      offset = read.next
    }
    return yield* Effect.fail(unavailable(`a stream's tail was not reached within ${maxTailPages} pages`, streamId))
  })

/** The generation a control stream's items name (`0` for one made without). */
const generationOf = (items: ReadonlyArray<Control>) =>
  items.find((item): item is Extract<Control, { generation: unknown }> => "generation" in item)?.generation ?? "0"

/**
 * How many chunks the stream holds, whether it has ended (its chunks closed, or its end marker written), and its
 * generation (its control stream's first item). A stream just made may have no control stream yet: asked once more.
 */
const tail = (store: Instance, streamId: string, owner: string | undefined) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    const both = Effect.all([
      controlOf(store, names.control, streamId),
      countOf(store, names.chunks, streamId)
    ], { concurrency: 2 })
    const [control, chunks] = yield* Effect.flatMap(
      both,
      (read) =>
        read[0] === undefined && read[1] !== undefined
          ? Effect.andThen(Effect.sleep(notThereRetry), both)
          : Effect.succeed(read)
    )
    if (control === undefined || chunks === undefined || expired(control)) {
      return yield* Effect.fail(Model.notFound(streamId))
    }
    return {
      count: chunks.count,
      ended: chunks.closed || endOf(control) !== undefined,
      generation: generationOf(control),
      // Its readers read from its server: none is handed a chunk the server does not hold.
      ahead: 0
    }
  })

/** Writes a stop into the control stream of an open stream; nothing for an ended one. */
const stop = (store: Instance, streamId: string, owner?: string) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    const control = yield* controlOf(store, names.control, streamId)
    if (control === undefined || expired(control)) return yield* Effect.fail(Model.notFound(streamId))
    if (control.some((item) => "stop" in item || "end" in item)) return
    const status = yield* statusOf(store, appendTo(names.control, [{ stop: true }]), streamId)
    if (status === 404 || status === 410) return yield* Effect.fail(Model.notFound(streamId))
    // 409: it ended meanwhile.
    if (status >= 300 && status !== 409) return yield* Effect.fail(unavailable(`a stop answered ${status}`, streamId))
  })

/**
 * Whether an expiry at `at` leaves the one a control stream holds (`recorded`) as it is: the same, or later by less than
 * a tenth of the time left. A stream touched on each read or write (`Stream-TTL`) so appends an item each tenth of its
 * time to live at most, not one a touch (every read of the stream reads them all); it may then expire up to a tenth of
 * its time to live early, as a Redis stream expires 90 to 100 % of `ttl` after its last chunk.
 */
const unmoved = (recorded: number, at: number): boolean =>
  at === recorded || (at > recorded && at - recorded < (at - Date.now()) / 10)

/**
 * Sets when the stream expires (`Service.expire`): an expiry written into its control stream, unless the last one
 * leaves it as it is (`unmoved`). Its server keeps the stream no longer than `ttl` unread and unwritten all the same.
 */
const expire = (store: Instance, streamId: string, at: number, owner: string | undefined) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    const control = yield* controlOf(store, names.control, streamId)
    if (control === undefined || expired(control)) return yield* Effect.fail(Model.notFound(streamId))
    if (control.some((item) => "expire" in item) && unmoved(expiresAtOf(control)!, at)) return
    const status = yield* statusOf(store, appendTo(names.control, [{ expire: at }]), streamId)
    if (status === 404 || status === 410) return yield* Effect.fail(Model.notFound(streamId))
    if (status >= 300) return yield* Effect.fail(unavailable(`an expire answered ${status}`, streamId))
  })

/**
 * Reads the control stream until a stop (then `onStop`) or the end; an outage is retried each second. Its reads from
 * the start (not long-polls) are paced as long-polls are: a server answering one with nothing, and so no later offset,
 * is asked again once a second, not as fast as it answers.
 */
const listen = (store: Instance, streamId: string, owner: string | undefined, onStop: () => void) =>
  Effect.gen(function*() {
    const names = yield* namesOf(store, streamId, owner)
    let offset = "-1"
    let emptyMoves = 0
    const pin: Pin = { stream: undefined }
    while (true) {
      const read = yield* Effect.result(
        Effect.tap(
          offset === "-1"
            ? paced(page(store, names.control, offset, false, streamId, pin), offset)
            : page(store, names.control, offset, true, streamId, pin),
          (read) =>
            read === undefined ?
              Effect.void :
              Effect.map(emptyMovesAfter(emptyMoves, offset, read, streamId), (moves) => {
                emptyMoves = moves
              })
        )
      )
      if (read._tag === "Failure") {
        yield* Effect.sleep("1 second")
        continue
      }
      if (read.success === undefined) return
      const items = controlsOf(read.success.items)
      if (items.some((item) => "stop" in item)) return onStop()
      if (read.success.closed || endOf(items) !== undefined) return
      offset = read.success.next
    }
  })

const onStopUnsafe = (store: Instance): Model.OnStopUnsafe => (streamId, options, onStop) => {
  let listening = true
  const fiber = store.run(listen(store, streamId, options?.owner, () => listening && onStop()))
  return () => {
    listening = false
    fiber.interruptUnsafe()
  }
}

/** Claims `key` for `ttl`: a claim stream created with `Stream-Expires-At`; only the first `PUT` gets 201. */
const claim = (store: Instance, key: string, ttl: Duration.Duration) =>
  Effect.gen(function*() {
    const name = `${store.prefix}c:${yield* StreamIds.digest(key)}`
    const expiresAt = new Date(Date.now() + Math.max(1, Math.ceil(Duration.toMillis(ttl)))).toISOString()
    const request = HttpClientRequest.put(name).pipe(
      HttpClientRequest.setHeaders({ "content-type": json, "stream-expires-at": expiresAt })
    )
    const status = yield* statusOf(store, request, key)
    if (status === 201) return true
    if (status === 200 || status === 409) return false
    return yield* Effect.fail(unavailable(`a claim answered ${status}`))
  })

/**
 * The stream of the value kept under `key` (its name `name`): how many items it holds, whether it is closed, and the
 * value its last item keeps (`undefined` past its time); `undefined` when there is no such stream. Each item is
 * `{ value, until }` (epoch milliseconds); one not so is no value this library kept (`Unavailable`).
 */
const keptOf = (store: Instance, name: string, key: string) =>
  Effect.flatMap(countOf(store, name, key), (read) => {
    if (read === undefined) return Effect.undefined
    const item = read.last as { readonly value?: unknown; readonly until?: unknown } | undefined
    if (read.count > 0 && (typeof item !== "object" || item === null || typeof item.until !== "number")) {
      return Effect.fail(unavailable("a kept value is not one as this library keeps it", key))
    }
    const value = item !== undefined && (item.until as number) > Date.now() ? item.value : undefined
    return Effect.succeed({ count: read.count, closed: read.closed, value })
  })

/** A `Stream-Seq` of a kept value's stream: its item count after the write, as 16 digits (they sort as numbers). */
const seqOf = (count: number) => String(count).padStart(16, "0")

/**
 * Keeps `value` for `ttl` as the next item of the value's stream `name`, as `kept` found it: appended with the
 * `Stream-Seq` of its count after it (the server takes it only if no other write came since: 409), or, where there
 * is no stream, made holding it (only the first `PUT` makes it: 201), its server's `Stream-TTL` the value's `ttl`.
 * `true` if kept, `false` if another write came first (a closed stream, as an earlier version kept a value, deleted).
 */
const keepAfter = (
  store: Instance,
  name: string,
  key: string,
  kept: Effect.Success<ReturnType<typeof keptOf>>,
  value: unknown,
  ttl: Duration.Input
) =>
  Effect.gen(function*() {
    const millis = Math.max(1, Math.ceil(Duration.toMillis(Duration.fromInputUnsafe(ttl))))
    const items = [{ value: value ?? null, until: Date.now() + millis }]
    if (kept?.closed === true) return yield* Effect.as(statusOf(store, remove(name), key), false)
    const request = kept === undefined
      ? HttpClientRequest.put(name).pipe(
        HttpClientRequest.bodyText(JSON.stringify(items), json),
        HttpClientRequest.setHeader("stream-ttl", String(Math.ceil(millis / 1000)))
      )
      : HttpClientRequest.setHeader(appendTo(name, items), "stream-seq", seqOf(kept.count + 1))
    const status = yield* statusOf(store, request, key)
    if (status === 409 || status === 404 || status === 410 || (kept === undefined && status === 200)) return false
    if (status === 200 || status === 201 || status === 204) return true
    return yield* Effect.fail(unavailable(`a kept value's write answered ${status}`, key))
  })

/**
 * Keeps `value` under `key` and `owner` for `ttl`: the next item of the value's stream (`keepAfter`), tried again
 * while other writes come first. A server keeps the stream `Stream-TTL` (the `ttl` it was made with) past its last read
 * or write; each item says when its value expires.
 */
const put = (store: Instance, key: string, value: unknown, options: Model.PutOptions) =>
  Effect.gen(function*() {
    const name = (yield* namesOf(store, key, options.owner)).value
    for (let attempt = 0; attempt < 8; attempt++) {
      const kept = yield* keptOf(store, name, key)
      if (yield* keepAfter(store, name, key, kept, value, options.ttl)) return
    }
    return yield* Effect.fail(unavailable("a put kept meeting another one under its key", key))
  })

/**
 * Keeps `value` under `key` and `owner` for `ttl` if the value kept there is still `expected`: the server takes the
 * write only if no other came since the read (`keepAfter`).
 */
const swap = (store: Instance, key: string, expected: unknown, value: unknown, options: Model.PutOptions) =>
  Effect.gen(function*() {
    const name = (yield* namesOf(store, key, options.owner)).value
    const kept = yield* keptOf(store, name, key)
    if (JSON.stringify(kept?.value) !== JSON.stringify(expected)) return false
    return yield* keepAfter(store, name, key, kept, value, options.ttl)
  })

/** The value kept under `key` and `owner`, `undefined` when none is. */
const get = (store: Instance, key: string, owner: string | undefined) =>
  Effect.flatMap(
    namesOf(store, key, owner),
    (names) => Effect.map(keptOf(store, names.value, key), (kept) => kept?.value)
  )

/**
 * How a store sends its requests: through `client` to the server at `options.url` with its headers, their values
 * redacted in the client's spans and its secrets (the redacted url and header values) scrubbed from them.
 */
const senderOf = (client: HttpClient.HttpClient, options: Options): Instance["send"] => {
  const base = Redacted.isRedacted(options.url) ? Redacted.value(options.url) : options.url
  const headers = Object.fromEntries(
    Object.entries(options.headers).map((
      [name, value]
    ) => [name, Redacted.isRedacted(value) ? Redacted.value(value) : value])
  )
  const headerNames = Object.keys(headers).map((name) => name.toLowerCase())
  const secrets = new Secrets(
    [options.url, ...Object.values(options.headers)].filter((value) => Redacted.isRedacted(value))
  )
  const server = client.pipe(
    HttpClient.mapRequest((request) =>
      HttpClientRequest.setHeaders(
        HttpClientRequest.prependUrl(request, `${base.replace(/\/+$/, "")}/`),
        headers
      )
    )
  )
  return (request, streamId, live) =>
    server.execute(request).pipe(
      // A redirect is answered as the status it is: followed, it would take the headers to another host.
      Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }),
      Effect.updateService(Headers.CurrentRedactedNames, (names) => [...names, ...headerNames]),
      secrets.scrubbedSpans,
      Effect.mapError((error) =>
        unavailable(
          error.reason._tag === "TransportError" ? "it cannot be reached" : `its answer could not be read`,
          streamId
        )
      ),
      (sent) => timed(sent, streamId, live)
    )
}

/**
 * A store on the server at `options.url`; its listeners stop with the scope. Its headers' values are redacted in the
 * HTTP client's spans, and its secrets (the redacted url and header values) scrubbed from them, as a model's are.
 */
export const make = Effect.fnUntraced(function*(options: Options) {
  const send = senderOf(yield* HttpClient.HttpClient, options)
  const fibers = yield* FiberSet.make<void>()
  const run = yield* FiberSet.runtime(fibers)<never>()
  const ttlMillis = Math.max(1, Duration.toMillis(options.ttl))
  const store: Instance = {
    ttlMillis,
    ttlSeconds: String(Math.max(1, Math.ceil(ttlMillis / 1000))),
    prefix: options.prefix,
    send,
    run: (effect) => run(effect)
  }
  // Building the store reaches the server once: a server that is not there fails the layer, not the first answer.
  const probe = yield* statusOf(store, HttpClientRequest.head(`${options.prefix}x:probe`))
  if (probe >= 300 && probe !== 404 && probe !== 410) {
    return yield* Effect.fail(unavailable(`it answered ${probe} (are its url and headers right?)`))
  }
  return StreamIds.guarded({
    ttl: options.ttl,
    create: (streamId, options) => createStream(store, streamId, options),
    append: (streamId, chunks, options) => append(store, streamId, chunks, options?.owner),
    end: (streamId, reason, owner) => end(store, streamId, reason, owner?.owner),
    read: (streamId, options) => read(store, streamId, options),
    tail: (streamId, owner) => tail(store, streamId, owner?.owner),
    write: (streamId, chunks, options) => write(store, streamId, chunks, options),
    delete: (streamId, owner) => deleteStream(store, streamId, owner?.owner),
    expire: (streamId, at, owner) => expire(store, streamId, at, owner?.owner),
    stop: (streamId, owner) => stop(store, streamId, owner?.owner),
    onStopUnsafe: onStopUnsafe(store),
    claim: (key, ttl) => claim(store, key, ttl),
    put: (key, value, options) => put(store, key, value, options),
    get: (key, options) => get(store, key, options?.owner),
    swap: (key, expected, value, options) => swap(store, key, expected, value, options)
  })
})
