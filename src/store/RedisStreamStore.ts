/**
 * The stream store on Redis Streams, shared by every instance connected to one Redis.
 *
 * A stream is one Redis stream key: a start entry (`0-1`), then chunk `i` as entry `<i+1>-0` (field `c`, its
 * JSON), then the end entry (field `e`). Entry ids are the chunk indices, so a reader's cursor is an entry id
 * and a second writer under the same id is refused by Redis itself. Each write runs as one script (checks and
 * writes together) and pushes the key's expiry to `ttl` ahead: an ended stream expires `ttl` after its end, and
 * one whose instance went away without ending it `ttl` after its last chunk. Readers block in `XREAD` on a
 * connection of their own, in rounds of one second, checking between rounds that the stream still exists. A
 * stop is a flag key (for a writer not yet listening) and a message on one pub/sub channel per store prefix.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as RedisClaims from "./RedisClaims.js"
import * as Connection from "./RedisConnection.js"
import * as Model from "./StreamStoreModel.js"

/** How long one `XREAD` blocks before the reader checks that its stream still exists. */
const blockMillis = 1_000
/** How long past `blockMillis` a read may take before its connection counts as lost. */
const readGraceMillis = 2_500
/** The most entries one read returns. */
const pageSize = 512

/**
 * Opens a stream: fails (0) if an open one has the id, replaces an ended one; clears a stop flag left by an
 * earlier stream of the id.
 */
const createScript = `
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1] ~= nil then
  if last[1][2][1] ~= 'e' then return 0 end
  redis.call('DEL', KEYS[1])
end
redis.call('XADD', KEYS[1], '0-1', 's', '1')
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1`

/** -1: no such stream; -2: it has ended; else the chunks' entries are added and the expiry pushed ahead. */
const appendScript = `
local n = redis.call('XLEN', KEYS[1])
if n == 0 then return -1 end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1][2][1] == 'e' then return -2 end
for i = 2, #ARGV do
  redis.call('XADD', KEYS[1], (n + i - 2) .. '-0', 'c', ARGV[i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`

/** -1: no such stream; ends it once (its expiry then `ttl` ahead), later ends do nothing. */
const endScript = `
local n = redis.call('XLEN', KEYS[1])
if n == 0 then return -1 end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1][2][1] ~= 'e' then
  redis.call('XADD', KEYS[1], n .. '-0', 'e', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 1`

/** -1: no such stream; 0: it has ended; else the stop flag is set and the writer told. */
const stopScript = `
local n = redis.call('XLEN', KEYS[1])
if n == 0 then return -1 end
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if last[1][2][1] == 'e' then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`

type Entry = readonly [id: string, fields: ReadonlyArray<string>]

/**
 * The entries of an `XREAD` reply for one key: RESP3 (the client's default with Redis 7 and later) answers a
 * map `{ key: [[id, [field, value]], ...] }`, RESP2 `[[key, [...]]]`; no entries, `null`.
 */
const entriesOf = (reply: unknown): ReadonlyArray<Entry> => {
  const entries = Array.isArray(reply)
    ? (Array.isArray(reply[0]) ? reply[0][1] : undefined)
    : reply instanceof Map
    ? [...reply.values()][0]
    : typeof reply === "object" && reply !== null
    ? Object.values(reply)[0]
    : undefined
  return Array.isArray(entries) ? entries as ReadonlyArray<Entry> : []
}

/**
 * A store on the Redis at `url`, keys under `prefix`, streams kept `ttl` after their end. Its connections
 * (one for commands, one listening for stops, one per reader) close with the scope.
 */
export const make = Effect.fnUntraced(function*(options: {
  readonly url: string
  readonly ttl: Duration.Duration
  readonly prefix: string
}) {
  const ttl = String(Math.max(1, Duration.toMillis(options.ttl)))
  const streamKey = (streamId: string) => `${options.prefix}stream:${streamId}`
  const stopKey = (streamId: string) => `${options.prefix}stop:${streamId}`
  const stopChannel = `${options.prefix}stop`

  const open = yield* Connection.open(options.url)
  const connection = Effect.acquireRelease(open, (client) => Effect.sync(() => client.destroy()))
  const main = yield* connection
  const listener = yield* connection
  /** Writers of this instance waiting for a stop, by stream id. */
  const stoppers = new Map<string, Set<() => void>>()
  yield* Effect.tryPromise({
    try: () =>
      listener.subscribe(stopChannel, (streamId) => {
        const waiting = stoppers.get(streamId)
        if (waiting !== undefined) { for (const waiter of [...waiting]) waiter() }
      }),
    catch: (cause) => Connection.unavailable(cause)
  })

  const script = (source: string, keys: ReadonlyArray<string>, args: ReadonlyArray<string>, streamId: string) =>
    Connection.send(main, ["EVAL", source, String(keys.length), ...keys, ...args], streamId)

  const create = (streamId: string): Effect.Effect<void, Model.StreamStoreError> =>
    Effect.flatMap(
      script(createScript, [streamKey(streamId), stopKey(streamId)], [ttl], streamId),
      (created) => created === 1 ? Effect.void : Effect.fail(Model.alreadyExists(streamId))
    )

  const append = (
    streamId: string,
    chunks: ReadonlyArray<Model.StoredChunk>
  ): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> =>
    chunks.length === 0 ? Effect.void : Effect.flatMap(
      script(appendScript, [streamKey(streamId)], [ttl, ...chunks.map((chunk) => JSON.stringify(chunk))], streamId),
      (result): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> =>
        result === -1
          ? Effect.fail(Model.notFound(streamId))
          : result === -2
          ? Effect.fail(Model.ended(streamId))
          : Effect.void
    )

  const end = (
    streamId: string,
    reason: Model.EndReason
  ): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> =>
    Effect.flatMap(
      script(endScript, [streamKey(streamId)], [ttl, reason], streamId),
      (result) => result === -1 ? Effect.fail(Model.notFound(streamId)) : Effect.void
    )

  /** The first field of the stream's last entry (`e` once it has ended), `undefined` without the stream. */
  const lastField = (streamId: string) =>
    Effect.map(
      Connection.send(main, ["XREVRANGE", streamKey(streamId), "+", "-", "COUNT", "1"], streamId),
      (reply) => Array.isArray(reply) && Array.isArray(reply[0]) ? (reply[0][1] as ReadonlyArray<string>)[0] : undefined
    )

  /**
   * One round of a reader: the entries after `cursor`, waiting up to `blockMillis` for some unless the stream
   * has `ended`.
   */
  const readRound = (reader: Connection.Client, streamId: string, cursor: string, ended: boolean) =>
    Connection.send(
      reader,
      [
        "XREAD",
        "COUNT",
        String(pageSize),
        ...(ended ? [] : ["BLOCK", String(blockMillis)]),
        "STREAMS",
        streamKey(streamId),
        cursor
      ],
      streamId,
      blockMillis + readGraceMillis
    )

  type Page = readonly [ReadonlyArray<Model.StoredChunk>, Option.Option<string>]

  const page = (
    reader: Connection.Client,
    streamId: string,
    cursor: string,
    ended: boolean
  ): Effect.Effect<Page, Model.StreamStoreError | Model.StreamNotFound> =>
    Effect.flatMap(
      readRound(reader, streamId, cursor, ended),
      (reply): Effect.Effect<Page, Model.StreamStoreError | Model.StreamNotFound> => {
        const entries = entriesOf(reply)
        if (entries.length === 0) {
          if (ended) return Effect.succeed([[], Option.none()] as const)
          // Nothing after the cursor within a round: the stream is quiet, has expired (its writer gone), or
          // has ended before the cursor.
          return Effect.flatMap(lastField(streamId), (field) =>
            field === undefined
              ? Effect.fail(Model.notFound(streamId))
              : Effect.succeed([[], field === "e" ? Option.none() : Option.some(cursor)] as const))
        }
        const chunks: Array<Model.StoredChunk> = []
        for (const [, fields] of entries) {
          if (fields[0] === "e") return Effect.succeed([chunks, Option.none()] as const)
          if (fields[0] === "c") chunks.push(JSON.parse(fields[1]!) as Model.StoredChunk)
        }
        return Effect.succeed([chunks, Option.some(entries[entries.length - 1]![0])] as const)
      }
    )

  const read = (streamId: string, options?: { readonly after?: number | undefined }) =>
    Effect.flatMap(lastField(streamId), (field) =>
      field === undefined
        ? Effect.fail(Model.notFound(streamId))
        : Effect.succeed(Stream.unwrap(Effect.map(connection, (reader) =>
          Stream.paginate(
            `${Model.startOf(options)}-0`,
            (cursor: string) => page(reader, streamId, cursor, field === "e")
          )))))

  const stop = (streamId: string): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> =>
    Effect.flatMap(
      script(stopScript, [streamKey(streamId), stopKey(streamId)], [ttl, stopChannel, streamId], streamId),
      (result) => result === -1 ? Effect.fail(Model.notFound(streamId)) : Effect.void
    )

  const stopped = (streamId: string): Effect.Effect<void, Model.StreamStoreError> =>
    Effect.callback<void>((resume) => {
      const waiter = () => resume(Effect.void)
      const waiting = stoppers.get(streamId) ?? new Set()
      waiting.add(waiter)
      stoppers.set(streamId, waiting)
      // A stop asked before this writer listened left its flag.
      main.sendCommand(["EXISTS", stopKey(streamId)]).then((count) => count === 1 && waiter(), () => {})
      return Effect.sync(() => {
        waiting.delete(waiter)
        if (waiting.size === 0 && stoppers.get(streamId) === waiting) stoppers.delete(streamId)
      })
    })

  const claim = RedisClaims.make((args) => Connection.send(main, args), options.prefix)
  return Model.guarded({ ttl: options.ttl, create, append, end, read, stop, stopped, claim })
})
