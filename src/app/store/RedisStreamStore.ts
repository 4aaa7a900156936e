/**
 * The stream store on Redis Streams (see `RedisScripts` for how a stream lies there): a writer's appends kept in order
 * by `RedisWriter`, coalesced by `RedisAppender`, readers served by `RedisReaderHub`. A stream whose instance went away
 * without ending it expires 90 to 100 % of `ttl` after its last chunk (appends push the expiry ahead now and then, not
 * each time). A stop is a flag key (for a writer not yet listening) and a message on one pub/sub channel per store
 * prefix, both naming the generation they stop.
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import * as Record from "effect/Record"
import * as Result from "effect/Result"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as JsonDepth from "../../core/schema/JsonDepth.js"
import * as HandOff from "./HandOff.js"
import * as Appender from "./RedisAppender.js"
import * as Connection from "./RedisConnection.js"
import * as Hub from "./RedisReaderHub.js"
import * as Scripts from "./RedisScripts.js"
import * as Writer from "./RedisWriter.js"
import * as StreamIds from "./StreamIds.js"
import { StreamMap } from "./StreamMap.js"
import * as Model from "./StreamStoreModel.js"

/** A generation no earlier stream under a key had: 52 random bits, never 0. */
const newGeneration = (): string => {
  const [high, low] = globalThis.crypto.getRandomValues(new Uint32Array(2))
  return String((high! & 0xfffff) * 0x1_0000_0000 + low! + 1)
}

/** What a store's methods share: its settings, its command connection, and this instance's writers and readers. */
interface Instance {
  /** `ttl` in milliseconds, as a number and as Redis reads it. */
  readonly ttlMillis: number
  readonly ttl: string
  readonly prefix: string
  readonly main: Connection.Client
  /** The streams this instance writes, by owner and id (no key encoded or built per append). */
  readonly writers: StreamMap<Hub.Writer>
  /** Writers of this instance waiting for a stop, by stream key: each is told a stop of its generation. */
  readonly stoppers: Map<string, Set<(generation: string) => void>>
  readonly appender: Appender.Appender
  readonly hub: Hub.Hub
  /** The scripts that change a stream, loaded into Redis when the store is built: each call sends their digest. */
  readonly scripts: { readonly [Name in keyof typeof Scripts.sources]: Connection.Script }
}

type Owner = Model.OwnerOptions | undefined

const keyOf = (streamId: string, owner: Owner) => StreamIds.keyOf(streamId, owner?.owner)
const streamKey = (store: Instance, streamId: string, owner: Owner) => `${store.prefix}stream:${keyOf(streamId, owner)}`
const stopKey = (store: Instance, streamId: string, owner: Owner) => `${store.prefix}stop:${keyOf(streamId, owner)}`
const stopChannel = (store: Instance) => `${store.prefix}stop`
/** The hash of a stream's writers (its last `Stream-Seq`, each producer's place: `Scripts.write`). */
const writersKey = (store: Instance, streamId: string, owner: Owner) =>
  `${store.prefix}writers:${keyOf(streamId, owner)}`

const script = (
  store: Instance,
  script: Connection.Script,
  keys: ReadonlyArray<string>,
  args: ReadonlyArray<string>,
  streamId: string
) => Connection.sendScript(store.main, script, keys, args, streamId)

/**
 * Starts a stream under a new generation, this instance its writer; with `read`, reads that kept value in the same
 * script once the stream is created (`Scripts.create`): one round trip.
 */
const create = (
  store: Instance,
  streamId: string,
  options: Model.CreateOptions | undefined
): Effect.Effect<Model.Created | void, Model.StreamStoreError> => {
  const key = options?.read
  if (key === undefined) return opened(store, streamId, options, [], () => Effect.void)
  const reading = [valueKey(store, key, options?.owner), String(Scripts.maxChunkBytes)] as const
  return opened(
    store,
    streamId,
    options,
    reading,
    (reply) => Effect.succeed({ read: keptOf(Array.isArray(reply) ? reply[1] : null, key) })
  )
}

/**
 * Runs the create script (`Scripts.create`; `reading`: the key of a value it reads once the stream is created, and
 * its bound), then `then` on its answer once it created the stream, this instance its writer.
 */
const opened = <A>(
  store: Instance,
  streamId: string,
  owner: Model.CreateOptions | undefined,
  reading: readonly [] | readonly [key: string, bound: string],
  then: (reply: unknown) => Effect.Effect<A>
): Effect.Effect<A, Model.StreamStoreError> => {
  const key = streamKey(store, streamId, owner)
  const generation = newGeneration()
  // What it may replace (`Scripts.create`): "" any ended stream, "-" none, else the ended one of that generation.
  const replacing = owner?.replacing === undefined ? "" : owner.replacing ?? "-"
  const keys = reading.length === 0
    ? [key, stopKey(store, streamId, owner)]
    : [key, stopKey(store, streamId, owner), reading[0]]
  const args = reading.length === 0
    ? [store.ttl, generation, replacing]
    : [store.ttl, generation, replacing, reading[1]]
  return Effect.flatMap(script(store, store.scripts.create, keys, args, streamId), (reply) => {
    if ((Array.isArray(reply) ? reply[0] : reply) !== 1) return Effect.fail(Model.alreadyExists(streamId))
    store.writers.set(streamId, owner?.owner, Writer.make(streamId, key, generation))
    return then(reply)
  })
}

type Failure = Hub.Failure

/**
 * Appends chunks. Those of a stream this instance writes go to its `RedisWriter`: handed to its readers here at once,
 * sent behind its append under way; the append completes once Redis holds them, or with `waitForStore: false` while
 * `Writer.within` holds. A failure of an append sent before fails this one (the writer is let go). Another instance's
 * stream is appended to as its chunks come (coalesced with the other appends of this turn), once Redis holds them.
 */
const append = (
  store: Instance,
  streamId: string,
  chunks: ReadonlyArray<Model.StoredChunk>,
  options: Model.AppendOptions | undefined
): Effect.Effect<void, Failure> =>
  Effect.suspend(() => {
    if (chunks.length === 0) return Effect.void
    // Looked up as the append runs (not as it is built: `Effect.andThen(create, append)` finds the writer).
    const writer = store.writers.get(streamId, options?.owner)
    if (writer === undefined) return appendElsewhere(store, streamId, chunks, options)
    // A writer whose stream another instance ended (and may have made anew) writes a generation Redis no longer
    // holds: refused whole, it is let go, and the chunks go as any instance's do.
    return Effect.catchTag(appendWriting(store, writer, chunks, options), "StreamNotFound", () => {
      letGo(store, streamId, options, writer)
      return appendElsewhere(store, streamId, chunks, options)
    })
  })

/**
 * Appends chunks to a stream this instance writes (see `append`), as many at once as `Writer.room` leaves: its
 * readers here are never handed more than `Writer.maxUnconfirmedChunks` chunks Redis does not hold (`Tail.ahead`).
 */
const appendWriting = (
  store: Instance,
  writer: Hub.Writer,
  chunks: ReadonlyArray<Model.StoredChunk>,
  options: Model.AppendOptions | undefined
): Effect.Effect<void, Failure> => {
  const free = () => letGo(store, writer.streamId, options, writer)
  const room = Writer.room(writer)
  if (writer.failure === undefined && chunks.length > room) {
    if (room > 0) Writer.append(store, writer, chunks.slice(0, room))
    const rest = room > 0 ? chunks.slice(room) : chunks
    const roomMade = Writer.until(writer, () => Writer.room(writer) > 0, free)
    return Effect.andThen(roomMade, Effect.suspend(() => appendWriting(store, writer, rest, options)))
  }
  const after = writer.failure === undefined ? Writer.append(store, writer, chunks) : 0
  const ready = options?.waitForStore === false ? () => Writer.within(writer) : () => writer.stored >= after
  return Writer.until(writer, ready, free)
}

/** Appends chunks to a stream this instance does not write, once Redis holds them. */
const appendElsewhere = (
  store: Instance,
  streamId: string,
  chunks: ReadonlyArray<Model.StoredChunk>,
  owner: Owner
): Effect.Effect<void, Failure> =>
  Effect.callback<void, Failure>((resume) => {
    const json = chunks.map((chunk) => JSON.stringify(chunk))
    if (json.some(Scripts.oversized)) return resume(Effect.fail(Scripts.tooLarge(streamId)))
    const done = (result: Appender.Result) => {
      const failure = Appender.failureOf(result, streamId)
      resume(failure === undefined ? Effect.void : Effect.fail(failure))
    }
    store.appender.send({ key: streamKey(store, streamId, owner), generation: "", expire: true, chunks: json, done })
  })

/** Ends a stream with `reason` once its writer here has every chunk stored, and lets the writer go. */
const end = (
  store: Instance,
  streamId: string,
  reason: Model.EndReason,
  owner: Owner
): Effect.Effect<void, Failure> =>
  Effect.suspend(() => {
    const key = streamKey(store, streamId, owner)
    // Looked up as the end runs, as an append's writer is.
    const writer = store.writers.get(streamId, owner?.owner)
    // Once Redis holds every chunk of the writer: its readers here have them all, and none comes after the end.
    const stored = writer === undefined
      ? Effect.void
      : Writer.until(writer, () => writer.sending.length === 0, () => letGo(store, streamId, owner, writer))
    const ending = script(
      store,
      store.scripts.end,
      [key, writersKey(store, streamId, owner)],
      [store.ttl, reason, writer?.generation ?? ""],
      streamId
    )
    return Effect.andThen(stored, ending).pipe(
      Effect.flatMap((result) => {
        if (result === -1) return Effect.fail(Model.notFound(streamId))
        if (writer !== undefined && typeof result === "number" && result >= 0) store.hub.ended(writer, result)
        return Effect.void
      }),
      Effect.ensuring(Effect.sync(() => letGo(store, streamId, owner, writer)))
    )
  })

/** This instance no longer writes the stream of `writer`: it is read as another instance's stream is. */
const letGo = (store: Instance, streamId: string, owner: Owner, writer: Hub.Writer | undefined): void => {
  if (writer === undefined || store.writers.get(streamId, owner?.owner) !== writer) return
  store.writers.delete(streamId, owner?.owner)
  store.hub.writerGone(writer)
}

/**
 * Writes as `Service.write` says, in one script (checks, chunks, the writers' state and the end together). This
 * instance's writer of the stream, if any, lets it go first: its readers then read what Redis holds, this write too.
 */
const write = (
  store: Instance,
  streamId: string,
  chunks: ReadonlyArray<Model.StoredChunk>,
  options: Model.WriteOptions
): Effect.Effect<Model.Written, Failure> =>
  Effect.suspend(() => {
    letGo(store, streamId, options, store.writers.get(streamId, options.owner))
    const json = chunks.map((chunk) => JSON.stringify(chunk))
    if (json.some(Scripts.oversized)) return Effect.fail(Scripts.tooLarge(streamId))
    const producer = options.producer
    const args = [
      store.ttl,
      options.seq ?? "",
      producer?.id ?? "",
      String(producer?.epoch ?? 0),
      String(producer?.seq ?? 0),
      options.end === true ? "1" : "0",
      String(Model.maxProducers),
      ...json
    ]
    const keys = [streamKey(store, streamId, options), writersKey(store, streamId, options)]
    return Effect.flatMap(
      script(store, store.scripts.write, keys, args, streamId),
      (reply) => writtenOf(reply, streamId)
    )
  })

/** What the write script's reply says (see `Scripts.write`). */
const writtenOf = (reply: unknown, streamId: string): Effect.Effect<Model.Written, Failure> => {
  const [code, a, b, c] = Array.isArray(reply) ? reply.map(Number) : []
  switch (code) {
    case 0:
      return Effect.succeed({ _tag: "Written", count: a!, ended: b === 1 })
    case 1:
      return Effect.fail(Model.notFound(streamId))
    case 2:
      return Effect.succeed({ _tag: "Duplicate", seq: a!, count: b!, ended: c === 1 })
    case 3:
      return Effect.succeed({ _tag: "StaleEpoch", epoch: a! })
    case 4:
      return Effect.succeed({ _tag: "EpochStart" })
    case 5:
      return Effect.succeed({ _tag: "SeqGap", expected: a! })
    case 6:
      return Effect.succeed({ _tag: "Ended", count: a! })
    case 7:
      return Effect.succeed({ _tag: "SeqConflict" })
    case 8:
      return Effect.fail(Model.full(streamId, `a stream's ${Model.maxProducers} producers`, 60_000))
    default:
      return Effect.fail(
        new Model.StreamStoreError({
          reason: "Unavailable",
          streamId,
          message: "Redis answered a write as this library's script does not: another program writes this prefix"
        })
      )
  }
}

/** Deletes a stream, its writers' state and its stop flag in one script; this instance's writer of it lets it go. */
const remove = (store: Instance, streamId: string, owner: Owner): Effect.Effect<void, Failure> =>
  Effect.suspend(() => {
    letGo(store, streamId, owner, store.writers.get(streamId, owner?.owner))
    const keys = [
      streamKey(store, streamId, owner),
      writersKey(store, streamId, owner),
      stopKey(store, streamId, owner)
    ]
    return Effect.flatMap(
      script(store, store.scripts.remove, keys, [], streamId),
      (removed) => removed === 1 ? Effect.void : Effect.fail(Model.notFound(streamId))
    )
  })

/** Sets when a stream expires (`Service.expire`), in one script: its writes keep it. */
const expire = (store: Instance, streamId: string, at: number, owner: Owner): Effect.Effect<void, Failure> =>
  Effect.flatMap(
    script(
      store,
      store.scripts.expire,
      [streamKey(store, streamId, owner), writersKey(store, streamId, owner)],
      [String(Math.max(1, Math.floor(at)))],
      streamId
    ),
    (set) => set === 1 ? Effect.void : Effect.fail(Model.notFound(streamId))
  )

type Page = Pull.Pull<Arr.NonEmptyReadonlyArray<Model.StoredChunk>, Failure>

/** Reads the next page of a reader that is behind its tail from Redis. */
const readBehind = (store: Instance, reader: Hub.Reader, streamId: string): Page =>
  Effect.suspend(() => {
    const tail = reader.tail
    const cursor = Scripts.cursorId(reader.cursor, tail.generation)
    const args = [cursor, String(Hub.pageSize), String(Scripts.maxChunkBytes)]
    return Effect.flatMap(
      Connection.sendScript(store.main, store.scripts.page, [tail.key], args, streamId),
      (reply): Page => {
        const entries = Array.isArray(reply) ? reply as ReadonlyArray<Scripts.Entry> : []
        const read = Scripts.readEntries(entries, tail.generation, reader.cursor)
        if (read.foreign) return Effect.fail(Hub.foreign(streamId))
        // Nothing where the tail has chunks: the stream expired or was replaced.
        if (read.replaced || (read.chunks.length === 0 && !read.ended)) {
          return Effect.fail(Model.notFound(streamId))
        }
        reader.cursor += read.chunks.length
        if (read.ended) tail.endAt = reader.cursor
        return Arr.isReadonlyArrayNonEmpty(read.chunks) ? Effect.succeed(read.chunks) : Cause.done()
      }
    )
  })

/** The pull of `reader`: its next page from its tail, or from Redis when it is behind the tail. */
const pullOf = (store: Instance, reader: Hub.Reader, streamId: string): Page => {
  const behind = readBehind(store, reader, streamId)
  /** What the reader can have now; `undefined`: wait for news. */
  const next = (): Page | undefined => {
    const tail = reader.tail
    if (tail.failure !== undefined) return Effect.fail(tail.failure)
    if (tail.endAt !== undefined && reader.cursor >= tail.endAt) return Cause.done()
    if (reader.cursor >= tail.base && reader.cursor < tail.next) {
      return Effect.succeed(tail.take(reader) as unknown as Arr.NonEmptyReadonlyArray<Model.StoredChunk>)
    }
    if (reader.cursor < tail.base) return behind
    tail.skipTo(reader.cursor)
    return undefined
  }
  return HandOff.pulling(next, reader.tail.waiters)
}

/** `reader` as its hand-off sees it: each page its tail receives (from this instance's writer, or a lane's read). */
const sourceOf = (reader: Hub.Reader): HandOff.Source<Model.StoredChunk> => {
  const tail = reader.tail
  return {
    pullable: () =>
      tail.failure !== undefined || (tail.endAt !== undefined && reader.cursor >= tail.endAt) ||
      reader.cursor < tail.next,
    page: () =>
      tail.failure === undefined && reader.cursor >= tail.base && reader.cursor < tail.next
        ? tail.take(reader) as unknown as Arr.NonEmptyReadonlyArray<Model.StoredChunk>
        : undefined,
    waiters: tail.waiters
  }
}

/** The id and first field of the last entry under `key` (`Scripts.last`: never its chunk, whatever its size). */
const lastEntry = (store: Instance, key: string, streamId: string) =>
  Connection.sendScript(store.main, store.scripts.last, [key], [], streamId)

/** Reads a stream from `after`: its chunks as they are appended, until its end. */
const read = (
  store: Instance,
  streamId: string,
  options: { readonly after?: number | undefined; readonly owner?: string | undefined } | undefined
) => {
  const key = streamKey(store, streamId, options)
  return Effect.flatMap(lastEntry(store, key, streamId), (reply) => {
    // Asked of Redis even for a stream this instance writes: another instance may have appended to it.
    const head = Scripts.headOf(reply)
    if (head === undefined) return Effect.fail(Model.notFound(streamId))
    // The writer is looked up as the reader attaches: it may have ended since the head was read.
    const attach = Effect.acquireRelease(
      Effect.sync(() => {
        const writer = store.writers.get(streamId, options?.owner)
        return store.hub.attach(key, streamId, head, Model.startOf(options), writer)
      }),
      (reader) => Effect.sync(() => store.hub.detach(reader))
    )
    // The reader of the stream's run under way, for its hand-off.
    let current: HandOff.Source<Model.StoredChunk> | undefined
    const stream = Stream.unwrap(Effect.map(attach, (reader) => {
      current = sourceOf(reader)
      return Stream.fromPull(Effect.succeed(pullOf(store, reader, streamId)))
    }))
    return Effect.succeed(HandOff.answering(stream, (take) => HandOff.handing(current, take)))
  })
}

/**
 * How many chunks a stream holds, whether it has ended, and its generation: its last entry says. A live stream's
 * writer, on whichever instance, may have handed its readers up to `Writer.maxUnconfirmedChunks` more.
 */
const tail = (store: Instance, streamId: string, owner: Owner) =>
  Effect.flatMap(
    lastEntry(store, streamKey(store, streamId, owner), streamId),
    (reply) => {
      const head = Scripts.headOf(reply)
      if (head === undefined) return Effect.fail(Model.notFound(streamId))
      const ahead = head.ended ? 0 : Writer.maxUnconfirmedChunks
      return Effect.succeed({ count: head.count, ended: head.ended, generation: head.generation, ahead })
    }
  )

/** Asks a stream's writer to stop, on whichever instance it runs. */
const stop = (store: Instance, streamId: string, owner: Owner) => {
  const key = streamKey(store, streamId, owner)
  return Effect.flatMap(
    script(
      store,
      store.scripts.stop,
      [key, stopKey(store, streamId, owner)],
      [store.ttl, stopChannel(store), key],
      streamId
    ),
    (result) => result === -1 ? Effect.fail(Model.notFound(streamId)) : Effect.void
  )
}

/** A store's `onStopUnsafe`: the stop's message on the store's channel, or the flag a stop asked earlier left. */
const onStopUnsafe = (store: Instance, streamId: string, owner: Owner, onStop: () => void): () => void => {
  const key = streamKey(store, streamId, owner)
  // The stream this instance writes under the key (another instance's writer: whichever is stored).
  const mine = store.writers.get(streamId, owner?.owner)?.generation
  const listeners = store.stoppers.get(key) ?? new Set()
  store.stoppers.set(key, listeners)
  let listening = true
  const stopListening = () => {
    listening = false
    listeners.delete(listener)
    if (listeners.size === 0 && store.stoppers.get(key) === listeners) store.stoppers.delete(key)
  }
  const listener = (generation: string) => {
    if (!listening || (mine !== undefined && generation !== mine)) return
    stopListening()
    onStop()
  }
  listeners.add(listener)
  // A stop asked before this writer listened left its flag: the generation it stopped.
  store.main.sendCommand(["GET", stopKey(store, streamId, owner)]).then(
    (flag) => typeof flag === "string" && listener(flag),
    () => {}
  )
  return stopListening
}

/** Claims `key` for `ttl`: `SET <prefix>claim:<key> 1 NX PX <ttl>` is atomic, so one of two instances at once wins. */
const claim = (store: Instance, key: string, ttl: Duration.Duration) => {
  const millis = String(Math.max(1, Math.ceil(Duration.toMillis(ttl))))
  const args = ["SET", `${store.prefix}claim:${key}`, "1", "NX", "PX", millis]
  return Effect.map(Connection.send(store.main, args), (reply) => reply === "OK")
}

/**
 * Keeps `value` under `key` and `owner`: `SET <prefix>value:<key> <json> PX <ttl>`, replacing what was there; a value
 * over `Scripts.maxChunkBytes` of JSON is refused (`Scripts.tooLarge`).
 */
const put = (store: Instance, key: string, value: unknown, options: Model.PutOptions) => {
  const millis = millisOf(options)
  const json = JSON.stringify(value) ?? "null"
  if (Scripts.oversized(json)) return Effect.fail(Scripts.tooLarge(key, "value"))
  return Effect.asVoid(Connection.send(store.main, ["SET", valueKey(store, key, options.owner), json, "PX", millis]))
}

/** A kept value's time to live, in whole milliseconds (at least 1), as Redis takes it. */
const millisOf = (options: Model.PutOptions) =>
  String(Math.max(1, Math.ceil(Duration.toMillis(Duration.fromInputUnsafe(options.ttl)))))

/**
 * Keeps `value` under `key` and `owner` if the JSON kept there is still `expected`'s (`Scripts.swap`: compared and set
 * in one script, for every instance sharing the Redis).
 */
const swap = (store: Instance, key: string, expected: unknown, value: unknown, options: Model.PutOptions) => {
  const json = JSON.stringify(value) ?? "null"
  if (Scripts.oversized(json)) return Effect.fail(Scripts.tooLarge(key, "value"))
  const was = JSON.stringify(expected)
  const args = [was === undefined ? "0" : "1", was ?? "", json, millisOf(options)]
  return Effect.map(
    Connection.sendScript(store.main, store.scripts.swap, [valueKey(store, key, options.owner)], args, key),
    (reply) => reply === 1
  )
}

/**
 * The value kept under `key` and `owner` (`Scripts.value`: one over `Scripts.maxChunkBytes` is left in Redis),
 * `undefined` when none is.
 */
const get = (store: Instance, key: string, owner: string | undefined) =>
  Effect.flatMap(
    Connection.sendScript(store.main, store.scripts.value, [valueKey(store, key, owner)], [
      String(Scripts.maxChunkBytes)
    ], key),
    (reply) => Effect.fromResult(keptOf(reply, key))
  )

/** The value kept under `key` as `Scripts.value` answered it (`undefined`: none), or why this library cannot read it. */
const keptOf = (reply: unknown, key: string): Result.Result<unknown, Model.StreamStoreError> =>
  reply === null || reply === undefined ? Result.succeed(undefined) : Result.try({
    try: () => {
      if (typeof reply !== "string") throw new Error("over the bound")
      if (JsonDepth.nestsTooDeep(reply)) throw new Error(JsonDepth.tooDeep)
      return JSON.parse(reply) as unknown
    },
    // Written by another program on the same prefix: the store is not one this library can read.
    catch: () =>
      new Model.StreamStoreError({
        reason: "Unavailable",
        streamId: key,
        message: `The value kept under ${
          JSON.stringify(key)
        } is not JSON as this library writes it: another program writes this prefix`
      })
  })

/** Where a kept value is: its own key space beside the streams', claims' and stops'. */
const valueKey = (store: Instance, key: string, owner: string | undefined) =>
  `${store.prefix}value:${StreamIds.keyOf(key, owner)}`

/** Tells the writers of this instance waiting for a stop about each stop published on the store's channel. */
const listenForStops = (store: Instance, listener: Connection.Client) =>
  Effect.tryPromise({
    try: () =>
      listener.subscribe(stopChannel(store), (message) => {
        const space = message.lastIndexOf(" ")
        const waiting = store.stoppers.get(message.slice(0, space))
        if (waiting !== undefined) { for (const waiter of [...waiting]) waiter(message.slice(space + 1)) }
      }),
    catch: (cause) => Connection.unavailable(cause)
  })

/** A store on the Redis at `url` (see `StreamStore.layerRedis`); its connections close with the scope. */
export const make = Effect.fnUntraced(function*(options: {
  readonly url: Connection.Url
  readonly ttl: Duration.Duration
  readonly prefix: string
  readonly readConnections: number
}) {
  const ttlMillis = Math.max(1, Duration.toMillis(options.ttl))
  const open = yield* Connection.open(options.url, "StreamStore.layerRedis")
  const connection = Effect.acquireRelease(open, (client) => Effect.sync(() => client.destroy()))
  const main = yield* connection
  const listener = yield* connection
  const scope = yield* Effect.scope
  const sendMain = (args: ReadonlyArray<string>) => Connection.send(main, args)
  const scripts = yield* Effect.all(Record.map(Scripts.sources, (source) => Connection.loadScript(main, source)))
  const hub = new Hub.Hub({
    lanes: options.readConnections,
    send: sendMain,
    lastIds: (keys) => Connection.sendScript(main, scripts.lastIds, keys, []),
    connect: connection,
    fork: (effect) => void Effect.runFork(effect.pipe(Scope.provide(scope), Effect.forkIn(scope)))
  })
  const store: Instance = {
    ttlMillis,
    ttl: String(ttlMillis),
    prefix: options.prefix,
    main,
    writers: new StreamMap(),
    stoppers: new Map(),
    appender: Appender.make({
      ttl: String(ttlMillis),
      append: (keys, args) => Connection.sendScript(main, scripts.append, keys, args)
    }),
    hub,
    scripts
  }
  main.on("error", (cause) => hub.lost(Connection.unavailable(cause)))
  yield* listenForStops(store, listener)
  const verbs: StreamIds.Unguarded = {
    ttl: options.ttl,
    create: (streamId, owner) => create(store, streamId, owner),
    append: (streamId, chunks, options) => append(store, streamId, chunks, options),
    end: (streamId, reason, owner) => end(store, streamId, reason, owner),
    read: (streamId, options) => read(store, streamId, options),
    tail: (streamId, owner) => tail(store, streamId, owner),
    write: (streamId, chunks, options) => write(store, streamId, chunks, options),
    delete: (streamId, owner) => remove(store, streamId, owner),
    expire: (streamId, at, owner) => expire(store, streamId, at, owner),
    stop: (streamId, owner) => stop(store, streamId, owner),
    onStopUnsafe: (streamId, owner, f) => onStopUnsafe(store, streamId, owner, f),
    claim: (key, ttl) => claim(store, key, ttl),
    put: (key, value, options) => put(store, key, value, options),
    get: (key, options) => get(store, key, options?.owner),
    swap: (key, expected, value, options) => swap(store, key, expected, value, options)
  }
  return StreamIds.guarded(verbs)
})
