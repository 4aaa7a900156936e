/**
 * The readers of one instance, on a few connections. Readers of a stream share its tail: the chunks after what they
 * have. A tail is fed by the instance's own writer, in process, as it sends its appends (no read from Redis, and no
 * wait for Redis to confirm them: an append Redis refuses fails the readers), or, for a stream written elsewhere, by
 * one of a few lanes: a lane is one connection blocking in a single `XREAD` over the streams of all its tails. A
 * reader behind its tail reads its pages with `XREAD` on the store's command connection.
 *
 * Once a second a lane asks, in one script call, after the streams its tails heard nothing from: a stream
 * gone (expired with its writer) or replaced (another generation) fails its readers with `StreamNotFound`.
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as HandOff from "./HandOff.js"
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

/** What a read or a write of a stream fails with. */
export type Failure = Model.StreamStoreError | Model.StreamNotFound

/** The failure of a read that met an entry this library does not write (`Scripts.readEntries`): never its text. */
export const foreign = (streamId: string): Model.StreamStoreError =>
  new Model.StreamStoreError({
    reason: "Unavailable",
    streamId,
    message: "Redis holds an entry of this stream the library did not write: another program writes this prefix"
  })

/** The id of a stream's tail (one generation under one key) in a hub and a lane. */
export const tailId = (key: string, generation: string): string => `${key} ${generation}`

/**
 * A stream this instance writes: what Redis holds of it, and what it has appended since. Declared here, where its
 * readers are fed from it; `RedisWriter` appends with it (the layout allows no import cycle, type-only or not).
 */
export interface Writer {
  readonly streamId: string
  /** Its stream's Redis key. */
  readonly key: string
  readonly generation: string
  /** Its stream's `tailId`. */
  readonly id: string
  /** How many chunks Redis has confirmed holding. */
  stored: number
  /** The chunks appended after those, in order, not yet confirmed: its append under way's, then the `unsent`. */
  sending: Array<Model.StoredChunk>
  /** The JSON of the last chunks of `sending`, not yet sent: they go together once the append under way is answered. */
  unsent: Array<string>
  /** The characters of the JSON of `sending`'s chunks. */
  sendingChars: number
  /** The failure of an append Redis refused, told to the writer's next append or its end; nothing is sent after it. */
  failure: Failure | undefined
  /** The writer's appends and end waiting for Redis, woken at each of its answers. */
  readonly waiting: Set<() => void>
  /** When its expiry was last pushed ahead. */
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
  /** The chunks before this index are in Redis: the tail lets go of no chunk after it. */
  stored: number
  failure: Failure | undefined
  /** Fed by this instance's writer (not read from Redis). */
  local: boolean
  /** Counts the news (chunks, the end, a failure): a quiet tail's stays put. */
  news = 0
  /** `news` when the lane last looked after this tail. */
  newsChecked = 0
  readonly readers = new Set<Reader>()
  readonly waiters = new Set<() => void>()
  readonly id: string
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
    this.id = tailId(key, generation)
    this.key = key
    this.streamId = streamId
    this.generation = generation
    this.base = next
    this.stored = next
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
    HandOff.wake(this.waiters)
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
    if (!this.local) this.stored = this.next
    if (this.chunks.length > maxTail) this.letGo(this.base + this.chunks.length - maxTail / 2)
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
      if (least !== Infinity) this.letGo(least)
    }
    return page
  }

  /** Lets go of the chunks before `index`, those Redis holds (a reader behind reads them there). */
  letGo(index: number): void {
    const base = Math.min(index, this.next, this.stored)
    if (base <= this.base) return
    this.chunks = this.chunks.slice(base - this.base)
    this.base = base
  }

  /** Moves the tail to `index`: a reader read up to there from Redis. */
  skipTo(index: number): void {
    if (index > this.next) {
      this.base = index
      this.chunks = []
    }
  }
}

/** A lane: one connection whose loop reads its open tails not fed locally in one blocking `XREAD` a round. */
class Lane {
  readonly tails = new Map<string, Tail>()
  client: Connection.Client | undefined = undefined
  clientId: string | undefined = undefined
  blocked = false
  unblocking = false
  running = false
  wakeLoop: (() => void) | undefined = undefined
  checkedAt = Date.now()
  readonly loop: Effect.Effect<void, never, Scope.Scope>

  readonly hub: HubOptions

  constructor(hub: HubOptions) {
    this.hub = hub
    this.loop = Effect.suspend(() => this.rounds())
  }

  add(tail: Tail): void {
    this.tails.set(tail.id, tail)
    // A tail fed locally is not read: the lane's read goes on as it is (its loop started for the quiet checks).
    if (!tail.local || !this.running) this.changed()
  }

  remove(tail: Tail): void {
    if (this.tails.get(tail.id) === tail) this.tails.delete(tail.id)
  }

  /** Starts the loop, or wakes its pause, or unblocks its read, so that the next round reads the tails as they are. */
  changed(): void {
    if (!this.running) {
      this.running = true
      this.hub.fork(this.loop)
    } else if (this.wakeLoop !== undefined) {
      this.wakeLoop()
    } else if (this.blocked && !this.unblocking && this.clientId !== undefined) {
      this.unblocking = true
      this.hub.fork(Effect.ignore(this.hub.send(["CLIENT", "UNBLOCK", this.clientId])))
    }
  }

  /** Reads and checks, round after round, while the lane has tails. */
  rounds(): Effect.Effect<void, never, Scope.Scope> {
    if (this.tails.size === 0) {
      this.running = false
      return Effect.void
    }
    return Effect.andThen(Effect.andThen(this.round(), () => this.check()), this.loop)
  }

  /** Waits `millis`, or until `changed`. */
  pause(millis: number): Effect.Effect<void> {
    return Effect.callback<void>((resume) => {
      const done = () => {
        clearTimeout(timer)
        this.wakeLoop = undefined
        resume(Effect.void)
      }
      const timer = setTimeout(done, millis)
      this.wakeLoop = done
      return Effect.sync(() => {
        clearTimeout(timer)
        this.wakeLoop = undefined
      })
    })
  }

  /** Redis failed: every reader of the lane learns it (those fed locally too). */
  failAll(failure: Failure): void {
    for (const tail of this.tails.values()) tail.fail(failure)
  }

  /** The open tails not fed locally, by key, one a key (a tail of an older generation is looked after by `check`). */
  roundTails(): Map<string, Tail> {
    const byKey = new Map<string, Tail>()
    for (const tail of this.tails.values()) {
      if (tail.open && !tail.local && !byKey.has(tail.key)) byKey.set(tail.key, tail)
    }
    return byKey
  }

  /** One `XREAD` over the open tails not fed locally (or a pause without any). */
  round(): Effect.Effect<void, never, Scope.Scope> {
    const byKey = this.roundTails()
    if (byKey.size === 0) return this.pause(blockMillis)
    const ids = Array.from(byKey.values(), (tail) => Scripts.cursorId(tail.next, tail.generation))
    return Effect.flatMap(this.connected(), (client) => {
      this.blocked = true
      return Connection.send(
        client,
        ["XREAD", "COUNT", String(pageSize), "BLOCK", String(blockMillis), "STREAMS", ...byKey.keys(), ...ids],
        undefined,
        blockMillis + readGraceMillis
      ).pipe(Effect.ensuring(Effect.sync(() => {
        this.blocked = false
        this.unblocking = false
      })))
    }).pipe(
      Effect.map((reply) => this.deliver(reply, byKey)),
      Effect.catch((failure) => Effect.sync(() => this.failAll(failure)))
    )
  }

  /** The lane's connection, opened on first use (its id kept, for `CLIENT UNBLOCK`). */
  connected(): Effect.Effect<Connection.Client, Failure, Scope.Scope> {
    if (this.client !== undefined) return Effect.succeed(this.client)
    return Effect.flatMap(this.hub.connect, (opened) =>
      Effect.map(Connection.send(opened, ["CLIENT", "ID"]), (id) => {
        this.clientId = String(id)
        this.client = opened
        return opened
      }))
  }

  /** Hands each tail what an `XREAD` brought of its stream. */
  deliver(reply: unknown, byKey: Map<string, Tail>): void {
    for (const [key, entries] of Scripts.entriesByKey(reply)) {
      const tail = byKey.get(key)
      if (tail === undefined || !tail.open || tail.local) continue
      const read = Scripts.readEntries(entries, tail.generation)
      if (read.chunks.length > 0 || read.ended) tail.receive(read.index, read.chunks, read.ended)
      if (read.replaced) tail.fail(Model.notFound(tail.streamId))
      if (read.foreign) tail.fail(foreign(tail.streamId))
    }
  }

  /** Asks after the streams quiet for a round (at most once a `blockMillis`): one gone or replaced fails its readers. */
  check(): Effect.Effect<void> {
    const now = Date.now()
    if (now - this.checkedAt < blockMillis) return Effect.void
    this.checkedAt = now
    const quiet: Array<Tail> = []
    for (const tail of this.tails.values()) {
      if (tail.open && tail.news === tail.newsChecked) quiet.push(tail)
      tail.newsChecked = tail.news
    }
    if (quiet.length === 0) return Effect.void
    return this.hub.lastIds(quiet.map((tail) => tail.key)).pipe(
      Effect.map((reply) =>
        quiet.forEach((tail, i) => {
          const id = Array.isArray(reply) ? reply[i] : undefined
          if (typeof id !== "string" || Scripts.positionOf(id).generation !== tail.generation) {
            tail.fail(Model.notFound(tail.streamId))
          }
        })
      ),
      Effect.catch((failure) => Effect.sync(() => this.failAll(failure)))
    )
  }
}

interface HubOptions {
  /** Sends a command on the store's command connection. */
  readonly send: (args: ReadonlyArray<string>) => Effect.Effect<unknown, Model.StreamStoreError>
  /** Runs `Scripts.lastIds` on the streams under `keys`, on the store's command connection. */
  readonly lastIds: (keys: ReadonlyArray<string>) => Effect.Effect<unknown, Model.StreamStoreError>
  /** Opens a lane's connection, closed with the scope. */
  readonly connect: Effect.Effect<Connection.Client, Model.StreamStoreError, Scope.Scope>
  /** Runs a lane's loop until the store closes. */
  readonly fork: (effect: Effect.Effect<void, never, Scope.Scope>) => void
}

/** The hub of an instance: the tails of the streams its readers read, each on one of `lanes` lanes taken in turn. */
export class Hub {
  readonly lanes: ReadonlyArray<Lane>
  readonly tails = new Map<string, Tail>()
  turn = 0

  constructor(options: HubOptions & { readonly lanes: number }) {
    this.lanes = Array.from({ length: Math.max(1, options.lanes) }, () => new Lane(options))
  }

  /** A reader of the stream under `key` from `cursor`, whose last entry said `head`. */
  attach(
    key: string,
    streamId: string,
    head: { readonly generation: string; readonly count: number; readonly ended: boolean },
    cursor: number,
    writer: Writer | undefined
  ): Reader {
    const id = tailId(key, head.generation)
    let tail = this.tails.get(id)
    if (tail === undefined || tail.failure !== undefined) {
      const lane = this.lanes[this.turn++ % this.lanes.length]!
      // Fed here unless another instance appended to the stream too (Redis holds more than the writer sent): from what
      // Redis has confirmed, with what its writer sent since (which Redis may not hold yet).
      const local = writer?.generation === head.generation && writer.failure === undefined &&
        writer.stored + writer.sending.length >= head.count
      tail = new Tail(key, streamId, head.generation, local ? writer.stored : head.count, head.ended, local, lane)
      if (local) tail.chunks = writer.sending.slice()
      this.tails.set(id, tail)
      tail.lane.add(tail)
    }
    const reader: Reader = { cursor, tail }
    tail.readers.add(reader)
    return reader
  }

  /** A reader is done: its tail goes when it has no readers left. */
  detach(reader: Reader): void {
    const tail = reader.tail
    tail.readers.delete(reader)
    if (tail.readers.size > 0) return
    if (this.tails.get(tail.id) === tail) this.tails.delete(tail.id)
    tail.lane.remove(tail)
  }

  /** This instance's writer appended `chunks` from `index` (in its `sending`): its readers here get them now. */
  sending(writer: Writer, index: number, chunks: ReadonlyArray<Model.StoredChunk>): void {
    const tail = this.tails.get(writer.id)
    if (tail !== undefined && tail.local) tail.receive(index, chunks, false)
  }

  /**
   * Redis answered the writer's append of its chunks from `index` (the writer has counted it already): stored there
   * (`result`), or failed with `result`. When it failed, or stored them elsewhere than the readers here were told
   * (another instance appended too), those readers fail.
   */
  confirmed(writer: Writer, index: number, result: number | Failure): void {
    const tail = this.tails.get(writer.id)
    if (tail === undefined || !tail.local) return
    if (result === index) tail.stored = writer.stored
    else tail.fail(typeof result === "number" ? Model.notFound(writer.streamId) : result)
  }

  /** This instance's writer ended its stream after `count` chunks. */
  ended(writer: Writer, count: number): void {
    this.tails.get(writer.id)?.receive(count, [], true)
  }

  /** This instance's writer of the stream is gone: its readers now read from Redis. */
  writerGone(writer: Writer): void {
    const tail = this.tails.get(writer.id)
    if (tail === undefined || !tail.local) return
    tail.local = false
    tail.lane.changed()
  }

  /** The command connection was lost: every reader fails at once (none is left waiting for a round). */
  lost(failure: Model.StreamStoreError): void {
    for (const tail of this.tails.values()) tail.fail(failure)
  }
}
