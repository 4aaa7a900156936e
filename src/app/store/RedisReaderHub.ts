/**
 * The readers of one instance, on a few connections. Readers of a stream share its tail: the chunks after
 * what they have, handed to each of them. A tail is fed by the instance's own writer, in process, as its
 * appends succeed (no read from Redis at all), or, for a stream written elsewhere, by one of a few lanes:
 * a lane is one connection blocking in a single `XREAD` over the streams of all its tails, so readers never
 * hold a connection of their own. A reader behind its tail (it started at an earlier index, or fell behind a
 * tail that kept only its last chunks) reads its pages with `XREAD` on the store's command connection.
 *
 * Once a second a lane asks, in one script call, after the streams its tails heard nothing from: a stream
 * gone (expired with its writer) or replaced (another generation) fails its readers with `StreamNotFound`.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Connection from "./RedisConnection.js"
import * as Scripts from "./RedisScripts.js"
import * as Model from "./StreamStoreModel.js"

/** How long one `XREAD` blocks, and how often quiet streams are looked after. */
const blockMillis = 1_000
/** How long past `blockMillis` a read may take before its connection counts as lost. */
const readGraceMillis = 2_500
/** The most entries one read returns, and the most chunks one pull of a reader hands on. */
export const pageSize = 512
/** A tail keeps at most this many chunks; past it, the oldest half goes (its readers read them from Redis). */
const maxTail = 2_048

type Failure = Model.StreamStoreError | Model.StreamNotFound

/** A stream this instance writes: its key, its generation, how many chunks it holds, when its expiry was pushed ahead. */
export interface Writer {
  /** Its stream's Redis key. */
  readonly key: string
  readonly generation: string
  count: number
  expiresFrom: number
}

/** One reader: where it is, in which tail. */
export interface Reader {
  cursor: number
  readonly tail: Tail
}

/** The chunks of one stream (one generation) that its readers on this instance may still need. */
export class Tail {
  /** The index of `chunks[0]`. */
  base: number
  chunks: Array<Model.StoredChunk> = []
  /** The stream's chunk count once its end is known. */
  endAt: number | undefined
  failure: Failure | undefined
  /** Fed by this instance's writer (not read from Redis). */
  local: boolean
  /** Counts the news (chunks, the end, a failure): a quiet tail's stays put. */
  news = 0
  /** `news` when the lane last looked after this tail. */
  newsChecked = 0
  readonly readers = new Set<Reader>()
  waiters = new Set<() => void>()
  readonly key: string
  readonly streamId: string
  readonly generation: string
  readonly lane: Lane

  constructor(
    key: string,
    streamId: string,
    generation: string,
    next: number,
    ended: boolean,
    local: boolean,
    lane: Lane
  ) {
    this.key = key
    this.streamId = streamId
    this.generation = generation
    this.base = next
    this.endAt = ended ? next : undefined
    this.local = local
    this.lane = lane
  }

  /** The index after the last chunk known. */
  get next(): number {
    return this.base + this.chunks.length
  }

  get open(): boolean {
    return this.endAt === undefined && this.failure === undefined
  }

  private wake(): void {
    this.news++
    if (this.waiters.size === 0) return
    const all = this.waiters
    this.waiters = new Set()
    for (const waiter of all) waiter()
  }

  /** Chunks from `index` on (some may be known already), then the end if `ended`. */
  receive(index: number, chunks: ReadonlyArray<Model.StoredChunk>, ended: boolean): void {
    if (index > this.next) {
      // Chunks this tail never saw came before: its readers read them from Redis.
      this.base = index
      this.chunks = chunks.slice()
    } else {
      for (let i = this.next - index; i < chunks.length; i++) this.chunks.push(chunks[i]!)
    }
    if (ended) this.endAt = index + chunks.length
    if (this.chunks.length > maxTail) {
      const dropped = this.chunks.length - maxTail / 2
      this.chunks = this.chunks.slice(dropped)
      this.base += dropped
    }
    this.wake()
  }

  fail(failure: Failure): void {
    if (this.failure === undefined) this.failure = failure
    this.wake()
  }

  /** The next page for `reader`, from the chunks held (its cursor is within them). */
  take(reader: Reader): Array<Model.StoredChunk> {
    const from = reader.cursor - this.base
    const page = this.chunks.slice(from, from + pageSize)
    reader.cursor += page.length
    if (this.chunks.length > 32) {
      let least = Infinity
      for (const other of this.readers) least = Math.min(least, other.cursor)
      if (least > this.base && least !== Infinity) {
        this.chunks = this.chunks.slice(Math.min(least, this.next) - this.base)
        this.base = Math.min(least, this.next)
      }
    }
    return page
  }

  /** Moves the tail to `index`: a reader read up to there from Redis. */
  skipTo(index: number): void {
    if (index > this.next) {
      this.base = index
      this.chunks = []
    }
  }

  /**
   * Calls `waiter` once, at the next news (chunks, the end, a failure); the effect returned stops waiting (an
   * interrupted reader's).
   */
  listen(waiter: () => void): Effect.Effect<void> {
    this.waiters.add(waiter)
    return Effect.sync(() => void this.waiters.delete(waiter))
  }
}

/** One connection's `XREAD` over the streams of its tails. */
export interface Lane {
  readonly add: (tail: Tail) => void
  readonly remove: (tail: Tail) => void
  /** A tail stopped being fed locally: the blocked read must include it. */
  readonly changed: () => void
}

const makeLane = (hub: HubOptions): Lane => {
  const tails = new Map<string, Tail>()
  let client: Connection.Client | undefined
  let clientId: string | undefined
  let blocked = false
  let unblocking = false
  let running = false
  let wakeLoop: (() => void) | undefined
  let checkedAt = Date.now()

  const changed = (): void => {
    if (!running) {
      running = true
      hub.fork(loop)
    } else if (wakeLoop !== undefined) {
      wakeLoop()
    } else if (blocked && !unblocking && clientId !== undefined) {
      unblocking = true
      hub.fork(Effect.ignore(hub.send(["CLIENT", "UNBLOCK", clientId])))
    }
  }

  /** Waits `millis`, or until `changed`. */
  const pause = (millis: number): Effect.Effect<void> =>
    Effect.callback<void>((resume) => {
      const done = () => {
        clearTimeout(timer)
        wakeLoop = undefined
        resume(Effect.void)
      }
      const timer = setTimeout(done, millis)
      wakeLoop = done
      return Effect.sync(() => {
        clearTimeout(timer)
        wakeLoop = undefined
      })
    })

  /** Redis failed: every reader of the lane learns it (also those fed locally: their stream is out of reach). */
  const failAll = (failure: Failure): void => {
    for (const tail of tails.values()) tail.fail(failure)
  }

  /** One `XREAD` over the open tails not fed locally (or a pause without any). */
  const round: Effect.Effect<void, never, Scope.Scope> = Effect.suspend(() => {
    const keys: Array<string> = []
    const ids: Array<string> = []
    const byKey = new Map<string, Tail>()
    for (const tail of tails.values()) {
      // One entry per key: a tail of an older generation is looked after by the quiet check.
      if (!tail.open || tail.local || byKey.has(tail.key)) continue
      byKey.set(tail.key, tail)
      keys.push(tail.key)
      ids.push(Scripts.cursorId(tail.next, tail.generation))
    }
    if (keys.length === 0) return pause(blockMillis)
    return Effect.gen(function*() {
      if (client === undefined) {
        const opened = yield* hub.connect
        clientId = String(yield* Connection.send(opened, ["CLIENT", "ID"]))
        client = opened
      }
      blocked = true
      const reply = yield* Connection.send(
        client,
        ["XREAD", "COUNT", String(pageSize), "BLOCK", String(blockMillis), "STREAMS", ...keys, ...ids],
        undefined,
        blockMillis + readGraceMillis
      ).pipe(Effect.ensuring(Effect.sync(() => {
        blocked = false
        unblocking = false
      })))
      for (const [key, entries] of Scripts.entriesByKey(reply)) {
        const tail = byKey.get(key)
        if (tail === undefined || !tail.open || tail.local) continue
        const read = Scripts.readEntries(entries, tail.generation)
        if (read.chunks.length > 0 || read.ended) tail.receive(read.index, read.chunks, read.ended)
        if (read.replaced) tail.fail(Model.notFound(tail.streamId))
      }
    }).pipe(Effect.catch((failure) => Effect.sync(() => failAll(failure))))
  })

  /** Asks after the streams quiet for a round: a stream gone or replaced fails its readers. */
  const check: Effect.Effect<void> = Effect.suspend(() => {
    const now = Date.now()
    if (now - checkedAt < blockMillis) return Effect.void
    checkedAt = now
    const quiet: Array<Tail> = []
    for (const tail of tails.values()) {
      if (tail.open && tail.news === tail.newsChecked) quiet.push(tail)
      tail.newsChecked = tail.news
    }
    if (quiet.length === 0) return Effect.void
    return hub.send(["EVAL", Scripts.lastIds, String(quiet.length), ...quiet.map((tail) => tail.key)]).pipe(
      Effect.map((reply) =>
        quiet.forEach((tail, i) => {
          const id = Array.isArray(reply) ? reply[i] : undefined
          if (typeof id !== "string" || Scripts.positionOf(id).generation !== tail.generation) {
            tail.fail(Model.notFound(tail.streamId))
          }
        })
      ),
      Effect.catch((failure) => Effect.sync(() => failAll(failure)))
    )
  })

  const loop: Effect.Effect<void, never, Scope.Scope> = Effect.gen(function*() {
    while (tails.size > 0) {
      yield* round
      yield* check
    }
    running = false
  })

  return {
    add: (tail) => {
      tails.set(tail.key + " " + tail.generation, tail)
      changed()
    },
    remove: (tail) => {
      const id = tail.key + " " + tail.generation
      if (tails.get(id) === tail) tails.delete(id)
    },
    changed
  }
}

interface HubOptions {
  /** Sends a command on the store's command connection. */
  readonly send: (args: ReadonlyArray<string>) => Effect.Effect<unknown, Model.StreamStoreError>
  /** Opens a lane's connection, closed with the scope. */
  readonly connect: Effect.Effect<Connection.Client, Model.StreamStoreError, Scope.Scope>
  /** Runs a lane's loop until the store closes. */
  readonly fork: (effect: Effect.Effect<void, never, Scope.Scope>) => void
}

/** The hub of an instance, with at most `lanes` connections of its own. */
export const make = (options: HubOptions & { readonly lanes: number }) => {
  const lanes = Array.from({ length: Math.max(1, options.lanes) }, () => makeLane(options))
  const tails = new Map<string, Tail>()
  let turn = 0

  /** A reader of the stream under `key` from `cursor`, whose last entry said `head`. */
  const attach = (
    key: string,
    streamId: string,
    head: { readonly generation: string; readonly count: number; readonly ended: boolean },
    cursor: number,
    writer: Writer | undefined
  ): Reader => {
    const id = key + " " + head.generation
    let tail = tails.get(id)
    if (tail === undefined || tail.failure !== undefined) {
      const local = writer?.generation === head.generation
      const next = local ? Math.max(head.count, writer!.count) : head.count
      tail = new Tail(key, streamId, head.generation, next, head.ended, local, lanes[turn++ % lanes.length]!)
      tails.set(id, tail)
      tail.lane.add(tail)
    }
    const reader: Reader = { cursor, tail }
    tail.readers.add(reader)
    return reader
  }

  const detach = (reader: Reader): void => {
    const tail = reader.tail
    tail.readers.delete(reader)
    if (tail.readers.size > 0) return
    const id = tail.key + " " + tail.generation
    if (tails.get(id) === tail) tails.delete(id)
    tail.lane.remove(tail)
  }

  /** This instance's writer appended `chunks` from `index` (and ended the stream after them if `ended`). */
  const written = (
    key: string,
    generation: string,
    index: number,
    chunks: ReadonlyArray<Model.StoredChunk>,
    ended: boolean
  ): void => {
    tails.get(key + " " + generation)?.receive(index, chunks, ended)
  }

  /** This instance's writer of the stream is gone: its readers now read from Redis. */
  const writerGone = (key: string, generation: string): void => {
    const tail = tails.get(key + " " + generation)
    if (tail === undefined || !tail.local) return
    tail.local = false
    tail.lane.changed()
  }

  /** The command connection was lost: every reader fails at once (none is left waiting for a round). */
  const lost = (failure: Model.StreamStoreError): void => {
    for (const tail of tails.values()) tail.fail(failure)
  }

  return { attach, detach, written, writerGone, lost }
}
