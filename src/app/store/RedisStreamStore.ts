/**
 * The stream store on Redis Streams, shared by every instance connected to one Redis (see `RedisScripts` for
 * how a stream lies there). An instance holds a fixed number of connections whatever it serves: one for
 * commands (its writers' appends, coalesced into one script call per turn by `RedisAppender`, and its
 * readers' catch-up pages), one listening for stops, and at most `readConnections` on which its readers'
 * streams are read (`RedisReaderHub`), opened when a reader first needs one. A stream whose writer runs on this
 * instance is handed to its readers here as it is appended, with no read from Redis.
 *
 * An ended stream expires `ttl` after its end, and one whose instance went away without ending it 90 to 100 %
 * of `ttl` after its last chunk (appends push the expiry ahead now and then, not each time). A stop is a flag
 * key (for a writer not yet listening) and a message on one pub/sub channel per store prefix, both naming the
 * generation they stop.
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Appender from "./RedisAppender.js"
import * as RedisClaims from "./RedisClaims.js"
import * as Connection from "./RedisConnection.js"
import * as Hub from "./RedisReaderHub.js"
import * as Scripts from "./RedisScripts.js"
import * as StreamIds from "./StreamIds.js"
import * as Model from "./StreamStoreModel.js"

/** A generation no earlier stream under a key had: 52 random bits, never 0. */
const newGeneration = (): string => {
  const [high, low] = globalThis.crypto.getRandomValues(new Uint32Array(2))
  return String((high! & 0xfffff) * 0x1_0000_0000 + low! + 1)
}

/**
 * A store on the Redis at `url`, keys under `prefix`, streams kept `ttl` after their end, its readers on at
 * most `readConnections` connections. Its connections close with the scope.
 */
export const make = Effect.fnUntraced(function*(options: {
  readonly url: Connection.Url
  readonly ttl: Duration.Duration
  readonly prefix: string
  readonly readConnections: number
}) {
  const ttlMillis = Math.max(1, Duration.toMillis(options.ttl))
  const ttl = String(ttlMillis)
  const keyOf = (streamId: string, owner: Model.OwnerOptions | undefined) => StreamIds.keyOf(streamId, owner?.owner)
  const processKeyOf = (streamId: string, owner: Model.OwnerOptions | undefined) =>
    StreamIds.processKeyOf(streamId, owner?.owner)
  const streamKey = (key: string) => `${options.prefix}stream:${key}`
  const stopKey = (key: string) => `${options.prefix}stop:${key}`
  const stopChannel = `${options.prefix}stop`

  const open = yield* Connection.open(options.url, "StreamStore.layerRedis")
  const connection = Effect.acquireRelease(open, (client) => Effect.sync(() => client.destroy()))
  const main = yield* connection
  const listener = yield* connection
  const scope = yield* Effect.scope
  const send = (args: ReadonlyArray<string>, streamId?: string) => Connection.send(main, args, streamId)
  const script = (source: string, keys: ReadonlyArray<string>, args: ReadonlyArray<string>, streamId: string) =>
    send(["EVAL", source, String(keys.length), ...keys, ...args], streamId)

  /** The streams this instance writes, by their key in this process (`processKeyOf`: no encoding per append). */
  const writers = new Map<string, Hub.Writer>()
  const appender = Appender.make({ ttl, send: (args) => send(args) })
  const hub = Hub.make({
    lanes: options.readConnections,
    send: (args) => send(args),
    connect: connection,
    fork: (effect) => void Effect.runFork(effect.pipe(Scope.provide(scope), Effect.forkIn(scope)))
  })

  main.on("error", (cause) => hub.lost(Connection.unavailable(cause)))

  /** Writers of this instance waiting for a stop, by stream key: each is told a stop of its generation. */
  const stoppers = new Map<string, Set<(generation: string) => void>>()
  yield* Effect.tryPromise({
    try: () =>
      listener.subscribe(stopChannel, (message) => {
        const space = message.lastIndexOf(" ")
        const waiting = stoppers.get(message.slice(0, space))
        if (waiting !== undefined) { for (const waiter of [...waiting]) waiter(message.slice(space + 1)) }
      }),
    catch: (cause) => Connection.unavailable(cause)
  })

  const create = (streamId: string, owner?: Model.OwnerOptions): Effect.Effect<void, Model.StreamStoreError> => {
    const key = streamKey(keyOf(streamId, owner))
    const generation = newGeneration()
    return Effect.flatMap(
      script(Scripts.create, [key, stopKey(keyOf(streamId, owner))], [ttl, generation], streamId),
      (created) => {
        if (created !== 1) return Effect.fail(Model.alreadyExists(streamId))
        writers.set(processKeyOf(streamId, owner), { key, generation, count: 0, expiresFrom: Date.now() })
        return Effect.void
      }
    )
  }

  const append = (
    streamId: string,
    chunks: ReadonlyArray<Model.StoredChunk>,
    owner?: Model.OwnerOptions
  ): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> => {
    if (chunks.length === 0) return Effect.void
    const writer = writers.get(processKeyOf(streamId, owner))
    const key = writer?.key ?? streamKey(keyOf(streamId, owner))
    // The expiry is pushed ahead when a tenth of `ttl` has passed since the last push (always by a writer of
    // another instance): a stream whose writer went away expires 90 to 100 % of `ttl` after its last chunk.
    const now = Date.now()
    const expire = writer === undefined || now - writer.expiresFrom >= ttlMillis / 10
    if (writer !== undefined && expire) writer.expiresFrom = now
    return Effect.flatMap(
      appender.append(key, writer?.generation ?? "", expire, chunks),
      (result): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> => {
        if (typeof result !== "number") return Effect.fail(result)
        if (result === -1) return Effect.fail(Model.notFound(streamId))
        if (result === -2) return Effect.fail(Model.ended(streamId))
        if (writer !== undefined) {
          writer.count = result + chunks.length
          hub.written(key, writer.generation, result, chunks, false)
        }
        return Effect.void
      }
    )
  }

  const end = (
    streamId: string,
    reason: Model.EndReason,
    owner?: Model.OwnerOptions
  ): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> => {
    const key = streamKey(keyOf(streamId, owner))
    const local = processKeyOf(streamId, owner)
    const writer = writers.get(local)
    return script(Scripts.end, [key], [ttl, reason, writer?.generation ?? ""], streamId).pipe(
      Effect.flatMap((result) => {
        if (result === -1) return Effect.fail(Model.notFound(streamId))
        if (writer !== undefined && typeof result === "number" && result >= 0) {
          hub.written(key, writer.generation, result, [], true)
        }
        return Effect.void
      }),
      Effect.ensuring(Effect.sync(() => {
        if (writer === undefined || writers.get(local) !== writer) return
        writers.delete(local)
        hub.writerGone(key, writer.generation)
      }))
    )
  }

  type Page = Pull.Pull<Arr.NonEmptyReadonlyArray<Model.StoredChunk>, Model.StreamStoreError | Model.StreamNotFound>

  /**
   * The pull of `reader`: its next page from its tail, or from Redis when it is behind the tail, or, once it has all
   * the tail holds, what the next news brings (handed on as it wakes the reader: one Effect step per page).
   */
  const pullOf = (reader: Hub.Reader, streamId: string): Page => {
    const behind: Page = Effect.suspend(() => {
      const tail = reader.tail
      return Effect.flatMap(
        send([
          "XREAD",
          "COUNT",
          String(Hub.pageSize),
          "STREAMS",
          tail.key,
          Scripts.cursorId(reader.cursor, tail.generation)
        ], streamId),
        (reply): Page => {
          const read = Scripts.readEntries(Scripts.entriesByKey(reply)[0]?.[1] ?? [], tail.generation)
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
    /** What the reader can have now (a page, the end, a failure, a read from Redis); `undefined`: wait for news. */
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
    const pull: Page = Effect.callback((resume) => {
      const now = next()
      if (now !== undefined) return resume(now)
      return reader.tail.listen(() => resume(next() ?? pull))
    })
    return pull
  }

  const read = (
    streamId: string,
    options?: { readonly after?: number | undefined; readonly owner?: string | undefined }
  ) => {
    const key = streamKey(keyOf(streamId, options))
    return Effect.flatMap(send(["XREVRANGE", key, "+", "-", "COUNT", "1"], streamId), (reply) => {
      const head = Scripts.headOf(reply)
      if (head === undefined) return Effect.fail(Model.notFound(streamId))
      const attach = Effect.acquireRelease(
        Effect.sync(() =>
          hub.attach(key, streamId, head, Model.startOf(options), writers.get(processKeyOf(streamId, options)))
        ),
        (reader) => Effect.sync(() => hub.detach(reader))
      )
      return Effect.succeed(
        Stream.unwrap(Effect.map(attach, (reader) => Stream.fromPull(Effect.succeed(pullOf(reader, streamId)))))
      )
    })
  }

  const stop = (streamId: string, owner?: Model.OwnerOptions) => {
    const key = streamKey(keyOf(streamId, owner))
    return Effect.flatMap(
      script(Scripts.stop, [key, stopKey(keyOf(streamId, owner))], [ttl, stopChannel, key], streamId),
      (result) => result === -1 ? Effect.fail(Model.notFound(streamId)) : Effect.void
    )
  }

  const stopped = (streamId: string, owner?: Model.OwnerOptions): Effect.Effect<void, Model.StreamStoreError> =>
    Effect.callback<void>((resume) => {
      const key = streamKey(keyOf(streamId, owner))
      // The stream this instance writes under the key (another instance's writer: whichever is stored).
      const mine = writers.get(processKeyOf(streamId, owner))?.generation
      const waiter = (generation: string) => {
        if (mine === undefined || generation === mine) resume(Effect.void)
      }
      const waiting = stoppers.get(key) ?? new Set()
      waiting.add(waiter)
      stoppers.set(key, waiting)
      // A stop asked before this writer listened left its flag: the generation it stopped.
      main.sendCommand(["GET", stopKey(keyOf(streamId, owner))]).then(
        (flag) => typeof flag === "string" && waiter(flag),
        () => {}
      )
      return Effect.sync(() => {
        waiting.delete(waiter)
        if (waiting.size === 0 && stoppers.get(key) === waiting) stoppers.delete(key)
      })
    })

  const claim = RedisClaims.make((args) => send(args), options.prefix)
  return StreamIds.guarded({ ttl: options.ttl, create, append, end, read, stop, stopped, claim })
})
