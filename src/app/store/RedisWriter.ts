/**
 * The appends of a stream this instance writes (a `Hub.Writer`): its chunks are handed to its readers here as they are
 * appended, and sent to Redis one append at a time, those appended meanwhile together once it is answered, so that
 * nothing is stored after an append Redis refused. A writer waits for its append (`waitForStore`, the default), or
 * only while more than `maxUnconfirmedChunks` chunks or `maxUnconfirmedChars` characters of their JSON are not yet
 * stored; either way its readers are never more than `maxUnconfirmedChunks` chunks ahead of Redis, and its end waits
 * for every chunk.
 *
 * One append under way, not two: pipelined, a loaded server cut its batches smaller and spent 15 % more CPU per answer
 * at 1,000 answers at once (measured in `b2790a8`).
 */
import * as Effect from "effect/Effect"
import * as HandOff from "./HandOff.js"
import * as Appender from "./RedisAppender.js"
import * as Hub from "./RedisReaderHub.js"
import * as Scripts from "./RedisScripts.js"
import type * as Model from "./StreamStoreModel.js"

/**
 * The most chunks a writer hands its readers before Redis holds them (`Tail.ahead`): an append past it waits, the
 * chunks that fit handed on.
 */
export const maxUnconfirmedChunks = 512

/** The most characters of JSON (UTF-16 code units, not UTF-8 bytes) a writer leaves unconfirmed: 1 MiB of them. */
export const maxUnconfirmedChars = 1024 * 1024

/** What a writer's appends use of its store: when its expiry is pushed ahead, its appender, its readers' hub. */
export interface Store {
  readonly ttlMillis: number
  readonly appender: Appender.Appender
  readonly hub: Hub.Hub
}

/** A new writer of the stream under `key`, of `generation`. */
export const make = (streamId: string, key: string, generation: string): Hub.Writer => ({
  streamId,
  key,
  generation,
  id: Hub.tailId(key, generation),
  stored: 0,
  sending: [],
  unsent: [],
  sendingChars: 0,
  failure: undefined,
  waiting: new Set(),
  expiresFrom: Date.now()
})

/** How many more chunks the writer may hand its readers before Redis holds those it has: 0 or more. */
export const room = (writer: Hub.Writer): number => Math.max(0, maxUnconfirmedChunks - writer.sending.length)

/**
 * Whether the JSON of the writer's chunks not yet stored is short enough for an append not waiting for the store to
 * go on (their count is kept within `maxUnconfirmedChunks` before they are appended: `room`).
 */
export const within = (writer: Hub.Writer): boolean => writer.sendingChars <= maxUnconfirmedChars

/**
 * Appends `chunks`: sent behind the append under way, handed to the readers here at once; gives the index after them.
 * The writer's state is set before its readers are told: telling them can run its next append at once. A chunk over
 * `Scripts.maxChunkBytes` fails the writer (`Scripts.tooLarge`) before any of them is sent: a stream with a hole in it
 * is no answer.
 */
export const append = (store: Store, writer: Hub.Writer, chunks: ReadonlyArray<Model.StoredChunk>): number => {
  const index = writer.stored + writer.sending.length
  const texts = chunks.map((chunk) => JSON.stringify(chunk))
  if (texts.some(Scripts.oversized)) {
    writer.failure ??= Scripts.tooLarge(writer.streamId)
    return index
  }
  for (let i = 0; i < chunks.length; i++) {
    const json = texts[i]!
    writer.sending.push(chunks[i]!)
    writer.unsent.push(json)
    writer.sendingChars += json.length
  }
  send(store, writer)
  store.hub.sending(writer, index, chunks)
  return index + chunks.length
}

/** Sends the writer's unsent chunks as one append, unless one is under way (the chunks of `sending` not `unsent`). */
const send = (store: Store, writer: Hub.Writer): void => {
  const json = writer.unsent
  if (json.length === 0 || writer.sending.length > json.length) return
  writer.unsent = []
  const expire = pushesExpiry(store, writer)
  const done = (result: Appender.Result) => answered(store, writer, json, result)
  store.appender.send({ key: writer.key, generation: writer.generation, expire, chunks: json, done })
}

/**
 * Redis answered the append of `json`: the next goes, or, refused, nothing more is sent and the failure waits for the
 * writer. The writer's state is set first; then its readers here learn either, and its waiting append or end wakes.
 */
const answered = (store: Store, writer: Hub.Writer, json: ReadonlyArray<string>, result: Appender.Result): void => {
  const failure = Appender.failureOf(result, writer.streamId)
  const index = writer.stored
  if (failure === undefined) {
    writer.stored = (result as number) + json.length
    writer.sending.splice(0, json.length)
    for (let i = 0; i < json.length; i++) writer.sendingChars -= json[i]!.length
    send(store, writer)
  } else {
    writer.failure ??= failure
    writer.sending = []
    writer.unsent = []
    writer.sendingChars = 0
  }
  store.hub.confirmed(writer, index, failure ?? (result as number))
  HandOff.wake(writer.waiting)
}

/** Whether the writer's append pushes its stream's expiry ahead: when a tenth of `ttl` has passed since the last. */
const pushesExpiry = (store: Store, writer: Hub.Writer): boolean => {
  const now = Date.now()
  if (now - writer.expiresFrom < store.ttlMillis / 10) return false
  writer.expiresFrom = now
  return true
}

/**
 * Completes once `ready` holds, waiting for Redis's answers meanwhile, or fails with the failure of an append Redis
 * refused (`letGo` then lets the writer go: what is written next is written as another instance's stream is).
 */
export const until = (
  writer: Hub.Writer,
  ready: () => boolean,
  letGo: () => void
): Effect.Effect<void, Hub.Failure> => {
  const now = (): Effect.Effect<void, Hub.Failure> | undefined => {
    const failure = writer.failure
    if (failure !== undefined) {
      letGo()
      return Effect.fail(failure)
    }
    return ready() ? Effect.void : undefined
  }
  return now() ?? Effect.callback<void, Hub.Failure>((resume) => {
    const waiter = () => {
      const done = now()
      if (done === undefined) writer.waiting.add(waiter)
      else resume(done)
    }
    writer.waiting.add(waiter)
    return Effect.sync(() => void writer.waiting.delete(waiter))
  })
}
