/**
 * The stream store of one process: streams by owner and id (`StreamMap`), readers woken by each append, expiry
 * checked against the clock whenever a stream is touched. Ended streams wait in a queue in the order they ended
 * (with one `ttl`, the order they expire), so dropping the expired ones costs nothing per stream kept, and no timer
 * is left running. Bounded as `StreamStore.layerMemory` says (the JSON size of chunks estimated: `sizeOf`).
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { constVoid } from "effect/Function"
import type * as Pull from "effect/Pull"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as HandOff from "./HandOff.js"
import * as StreamIds from "./StreamIds.js"
import { StreamMap } from "./StreamMap.js"
import * as Model from "./StreamStoreModel.js"

/** The most chunks one pull of a reader hands on. */
const pageSize = 512

interface Entry {
  readonly streamId: string
  readonly owner: string | undefined
  /** Another for each stream the store starts (`Tail.generation`). */
  readonly generation: string
  /** When the stream started (epoch milliseconds). */
  readonly startedAt: number
  readonly chunks: Array<Model.StoredChunk>
  /** The estimated JSON size of the chunks. */
  bytes: number
  ended: boolean
  /** Dropped before its writer ended it (deleted, or expired open): its readers fail once past what it held. */
  cut: boolean
  /** When the stream expires: `ttl` after its end; never while it is open. */
  expiresAt: number
  stopAsked: boolean
  /** Readers waiting for a chunk or the end. */
  readonly readers: Set<() => void>
  /** Writers waiting for a stop. */
  readonly stoppers: Set<() => void>
  /** The last `seq` written (`Service.write`), and each producer's last write. */
  seq: string | undefined
  producers: Map<string, Model.ProducerState> | undefined
}

/** The size of a value as JSON, estimated without writing it (escapes not counted, 8 for a number). */
export const sizeOf = (value: unknown): number => {
  switch (typeof value) {
    case "string":
      return value.length + 2
    case "number":
    case "boolean":
      return 8
    case "object": {
      if (value === null) return 4
      let size = 2
      if (Array.isArray(value)) {
        for (const item of value) size += sizeOf(item) + 1
      } else {
        for (const name in value) size += name.length + 4 + sizeOf((value as Record<string, unknown>)[name])
      }
      return size
    }
    default:
      return 0
  }
}

/** The bounds of a memory store (see `StreamStore.layerMemory`). */
export interface Bounds {
  readonly ttl: Duration.Duration
  readonly maxStreams: number
  readonly maxBytes: number
  readonly maxStreamsPerOwner: number
  readonly maxBytesPerOwner: number
}

type Page = Pull.Pull<Arr.NonEmptyReadonlyArray<Model.StoredChunk>, Model.StreamNotFound>

/** The streams of a memory store, the order they expire in, and the bytes they hold. */
class Store {
  readonly ttlMillis: number
  readonly entries = new StreamMap<Entry>()
  /** Ended entries, in the order they ended (and expire); `expiringFrom` is the first not yet dropped. */
  expiring: Array<Entry> = []
  expiringFrom = 0
  bytes = 0
  /** The bytes of each owner's streams (streams without an owner are not counted here). */
  readonly ownerBytes = new Map<string, number>()
  /** The mean time a stream runs before its end (milliseconds, a moving average): the wait for room. */
  meanRunMillis = 10_000
  /** How many streams the store has started. */
  started = 0
  /** The streams whose expiry was set (`expire`), open or ended, and when they were last swept. */
  readonly timed = new Set<Entry>()
  timedSweptAt = 0

  readonly bounds: Bounds

  constructor(bounds: Bounds) {
    this.bounds = bounds
    this.ttlMillis = Duration.toMillis(bounds.ttl)
  }

  /** Removes `entry` from the store, if it is still the one under its id and owner; whether it did. */
  drop(entry: Entry): boolean {
    if (this.entries.get(entry.streamId, entry.owner) !== entry) return false
    this.entries.delete(entry.streamId, entry.owner)
    this.count(entry.owner, -entry.bytes)
    this.timed.delete(entry)
    return true
  }

  /** Adds `size` bytes (or, negative, takes them away) to the store's count and `owner`'s. */
  count(owner: string | undefined, size: number): void {
    this.bytes += size
    if (owner === undefined) return
    const bytes = (this.ownerBytes.get(owner) ?? 0) + size
    if (bytes > 0) this.ownerBytes.set(owner, bytes)
    else this.ownerBytes.delete(owner)
  }

  /** Takes the first of the ended streams in the queue (the next to expire), if any is left. */
  shift(): Entry | undefined {
    if (this.expiringFrom > 1024 && this.expiringFrom * 2 > this.expiring.length) {
      this.expiring = this.expiring.slice(this.expiringFrom)
      this.expiringFrom = 0
    }
    if (this.expiringFrom >= this.expiring.length) return undefined
    const entry = this.expiring[this.expiringFrom]!
    this.expiring[this.expiringFrom++] = undefined as unknown as Entry
    return entry
  }

  /** Drops the streams that have expired by `now`. */
  sweep(now: number): void {
    while (this.expiringFrom < this.expiring.length) {
      const first = this.expiring[this.expiringFrom]!
      // One whose expiry was set since it ended leaves the queue: `timed` keeps it.
      if (first.expiresAt > now && !this.timed.has(first)) break
      this.shift()
      if (first.expiresAt <= now) this.gone(first)
    }
    if (this.timed.size === 0 || now - this.timedSweptAt < 1000) return
    this.timedSweptAt = now
    for (const entry of this.timed) if (entry.expiresAt <= now) this.gone(entry)
  }

  /** Drops `entry` (expired, or deleted) and ends its readers: they get `StreamNotFound` once past what it held. */
  gone(entry: Entry): void {
    if (!this.drop(entry)) return
    entry.cut = !entry.ended
    entry.ended = true
    entry.expiresAt = Math.min(entry.expiresAt, 0)
    HandOff.wake(entry.readers)
    entry.stoppers.clear()
  }

  /** Drops the ended stream that ended first, before its expiry; `false` when every stream kept is open. */
  evictOldest(): boolean {
    for (let entry = this.shift(); entry !== undefined; entry = this.shift()) {
      if (this.drop(entry)) return true
    }
    return false
  }

  /** The ended stream of `owner` that ended first, if it has one. */
  oldestEnded(owner: string): Entry | undefined {
    let oldest: Entry | undefined
    for (const entry of this.entries.valuesOf(owner)) {
      if (entry.ended && (oldest === undefined || entry.expiresAt < oldest.expiresAt)) oldest = entry
    }
    return oldest
  }

  /**
   * Makes room for `streams` more streams and `bytes` more bytes of `owner`'s by evicting ended streams, first ended
   * first: the owner's own while it is past its share, then the store's. The bound still passed, if one is.
   */
  room(owner: string | undefined, streams: number, bytes: number): string | undefined {
    const { maxBytes, maxBytesPerOwner, maxStreams, maxStreamsPerOwner } = this.bounds
    while (owner !== undefined) {
      // Checked on every append: no closure made, two lookups.
      const streamsPast = this.entries.sizeOf(owner) + streams > maxStreamsPerOwner
      if (!streamsPast && (this.ownerBytes.get(owner) ?? 0) + bytes <= maxBytesPerOwner) break
      const oldest = this.oldestEnded(owner)
      if (oldest === undefined) {
        return streamsPast
          ? `an owner's ${maxStreamsPerOwner} streams, maxStreamsPerOwner`
          : `an owner's ${maxBytesPerOwner} bytes, maxBytesPerOwner`
      }
      this.drop(oldest)
    }
    while (this.entries.size + streams > maxStreams || this.bytes + bytes > maxBytes) {
      if (!this.evictOldest()) {
        return this.entries.size + streams > maxStreams
          ? `${maxStreams} streams, maxStreams`
          : `${maxBytes} bytes, maxBytes`
      }
    }
    return undefined
  }

  /** The `Full` refusal of `streamId` past `bound`: room is expected in a mean run's time (1 to 60 s). */
  full(streamId: string, bound: string): Model.StreamStoreError {
    return Model.full(streamId, bound, Math.round(Math.min(60_000, Math.max(1_000, this.meanRunMillis))))
  }

  /** The stream of `streamId` and `owner` if it is stored and not expired. */
  live(streamId: string, owner: string | undefined, now: number): Entry | undefined {
    this.sweep(now)
    const entry = this.entries.get(streamId, owner)
    if (entry === undefined || entry.expiresAt > now) return entry
    this.gone(entry)
    return undefined
  }

  /** Runs `f` with the live stream of `streamId`, or fails with `StreamNotFound`. */
  withEntry<A, E>(
    streamId: string,
    owner: Model.OwnerOptions | undefined,
    f: (entry: Entry, now: number) => Effect.Effect<A, E>
  ): Effect.Effect<A, E | Model.StreamNotFound> {
    return Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<A, E | Model.StreamNotFound> => {
      const entry = this.live(streamId, owner?.owner, now)
      return entry === undefined ? Effect.fail(Model.notFound(streamId)) : f(entry, now)
    })
  }
}

/**
 * Starts a stream, in place of an ended one of its id and owner, if the bounds allow another; with `read`, gives the
 * value kept under it (`valueAt`) in the same synchronous step.
 */
const create = (
  store: Store,
  streamId: string,
  options: Model.CreateOptions | undefined,
  valueAt: Values["valueAt"]
) =>
  Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<Model.Created | void, Model.StreamStoreError> => {
    const previous = store.live(streamId, options?.owner, now)
    if (previous !== undefined && !previous.ended) return Effect.fail(Model.alreadyExists(streamId))
    // Not the one its caller looked at (`replacing`): another create came since the look.
    if (options?.replacing !== undefined && (previous?.generation ?? null) !== options.replacing) {
      return Effect.fail(Model.alreadyExists(streamId))
    }
    // The ended stream it replaces stays whole for the readers that hold it, and leaves the store.
    if (previous !== undefined) store.drop(previous)
    // Room for one more stream, and for a byte of it (a store with no byte left takes no stream).
    const past = store.room(options?.owner, 1, 1)
    if (past !== undefined) return Effect.fail(store.full(streamId, past))
    store.entries.set(streamId, options?.owner, {
      streamId,
      owner: options?.owner,
      generation: (++store.started).toString(36),
      startedAt: now,
      chunks: [],
      bytes: 0,
      ended: false,
      cut: false,
      expiresAt: Infinity,
      stopAsked: false,
      readers: new Set(),
      stoppers: new Set(),
      seq: undefined,
      producers: undefined
    })
    const key = options?.read
    return key === undefined ? Effect.void : Effect.succeed({ read: Result.succeed(valueAt(now, key, options?.owner)) })
  })

/**
 * Appends chunks to an open stream, within the bytes of the store and of its owner, and wakes its readers: at once,
 * so `waitForStore` changes nothing.
 */
const append = (
  store: Store,
  streamId: string,
  chunks: ReadonlyArray<Model.StoredChunk>,
  options: Model.AppendOptions | undefined
) =>
  Effect.suspend((): Effect.Effect<void, Model.StreamStoreError | Model.StreamNotFound> => {
    // An open stream never expires: the clock is read only for one that has ended (or is not here).
    const entry = store.entries.get(streamId, options?.owner)
    if (entry === undefined || entry.ended || store.timed.has(entry)) {
      // One whose expiry was set may have expired open: the clock says.
      return store.withEntry(streamId, options, (live) =>
        live.ended ? Effect.fail(Model.ended(streamId)) : appendTo(store, streamId, live, chunks))
    }
    return appendTo(store, streamId, entry, chunks)
  })

/**
 * Appends chunks to `entry`, open, within the bytes of the store and of its owner, and wakes its readers. Called as an
 * append runs (inside its `Effect.suspend`), so it does its work at once: one Effect step less per append.
 */
const appendTo = (
  store: Store,
  streamId: string,
  entry: Entry,
  chunks: ReadonlyArray<Model.StoredChunk>
): Effect.Effect<void, Model.StreamStoreError> => {
  const past = grow(store, entry, chunks)
  if (past !== undefined) return Effect.fail(store.full(streamId, past))
  HandOff.wake(entry.readers)
  return Effect.void
}

/** Adds `chunks` to `entry` within the bytes of the store and of its owner; the bound it would pass instead, if one. */
const grow = (store: Store, entry: Entry, chunks: ReadonlyArray<Model.StoredChunk>): string | undefined => {
  let size = 0
  for (let index = 0; index < chunks.length; index++) size += sizeOf(chunks[index])
  const past = store.room(entry.owner, 0, size)
  if (past !== undefined) return past
  for (let index = 0; index < chunks.length; index++) entry.chunks.push(chunks[index]!)
  entry.bytes += size
  store.count(entry.owner, size)
  return undefined
}

/**
 * Ends `entry` at `now`: it expires `ttl` from then, its readers are woken; the time it ran moves the mean run by an
 * eighth.
 */
const endEntry = (store: Store, entry: Entry, now: number): void => {
  if (entry.ended) return
  entry.ended = true
  if (!store.timed.has(entry)) {
    entry.expiresAt = now + store.ttlMillis
    store.expiring.push(entry)
  }
  store.meanRunMillis += (now - entry.startedAt - store.meanRunMillis) / 8
  HandOff.wake(entry.readers)
  entry.stoppers.clear()
}

/** Ends a stream (see `endEntry`). */
const end = (store: Store, streamId: string, owner: Model.OwnerOptions | undefined) =>
  store.withEntry(streamId, owner, (entry, now) => Effect.sync(() => endEntry(store, entry, now)))

/** Whether `entry` takes `options`' write: the refusal if it does not (see `Service.write`). */
const refusalOf = (entry: Entry, chunks: number, options: Model.WriteOptions): Model.Written | undefined => {
  const producer = options.producer
  const refusal = producer === undefined ? undefined : Model.producerCheck(entry.producers?.get(producer.id), producer)
  if (refusal?._tag === "Duplicate") return { ...refusal, count: entry.chunks.length, ended: entry.ended }
  if (entry.ended) {
    // Ending an ended stream again does nothing (as `end`), unless a producer asks it: its write came too late.
    return chunks === 0 && options.end === true && producer === undefined
      ? { _tag: "Written", count: entry.chunks.length, ended: true }
      : { _tag: "Ended", count: entry.chunks.length }
  }
  if (refusal !== undefined) return refusal
  if (options.seq !== undefined && entry.seq !== undefined && options.seq <= entry.seq) return { _tag: "SeqConflict" }
  return undefined
}

/** Appends as `Service.write` says, in one step: checked, appended, the producer's place kept, ended if asked. */
const write = (
  store: Store,
  streamId: string,
  chunks: ReadonlyArray<Model.StoredChunk>,
  options: Model.WriteOptions
) =>
  store.withEntry(streamId, options, (entry, now): Effect.Effect<Model.Written, Model.StreamStoreError> => {
    const refusal = refusalOf(entry, chunks.length, options)
    if (refusal !== undefined) return Effect.succeed(refusal)
    const producer = options.producer
    if (
      producer !== undefined && !entry.producers?.has(producer.id) && (entry.producers?.size ?? 0) >= Model.maxProducers
    ) {
      return Effect.fail(store.full(streamId, `a stream's ${Model.maxProducers} producers`))
    }
    const past = grow(store, entry, chunks)
    if (past !== undefined) return Effect.fail(store.full(streamId, past))
    if (options.seq !== undefined) entry.seq = options.seq
    if (producer !== undefined) {
      entry.producers ??= new Map()
      entry.producers.set(producer.id, { epoch: producer.epoch, seq: producer.seq })
    }
    HandOff.wake(entry.readers)
    if (options.end === true) endEntry(store, entry, now)
    return Effect.succeed({ _tag: "Written", count: entry.chunks.length, ended: entry.ended })
  })

/** Deletes a stream at once: its readers end (`StreamNotFound` after what they hold), its id is free. */
const remove = (store: Store, streamId: string, owner: Model.OwnerOptions | undefined) =>
  store.withEntry(streamId, owner, (entry) => Effect.sync(() => store.gone(entry)))

/** Sets when a stream expires (`Service.expire`): `timed` keeps it from then on. */
const expire = (store: Store, streamId: string, at: number, owner: Model.OwnerOptions | undefined) =>
  store.withEntry(streamId, owner, (entry) =>
    Effect.sync(() => {
      entry.expiresAt = at
      store.timed.add(entry)
    }))

/**
 * A reader of `entry` from index `after`, each pull handing on every chunk past its cursor (up to `pageSize`). It
 * reads the entry it started on, replaced or not: only its own expiry ends it.
 */
const reader = (
  store: Store,
  streamId: string,
  entry: Entry,
  options: { readonly after?: number | undefined } | undefined
): Stream.Stream<Model.StoredChunk, Model.StreamNotFound> => {
  let current: HandOff.Source<Model.StoredChunk> | undefined
  const stream = Stream.fromPull(Effect.sync(() => {
    let cursor = Model.startOf(options)
    // The end: done (an expired stream dropped: the reader holds all its writer ended it with), or `StreamNotFound`
    // for a stream dropped before its writer ended it.
    const ending = Effect.flatMap(Clock.currentTimeMillis, (now): Pull.Pull<never, Model.StreamNotFound> => {
      if (entry.expiresAt <= now) store.drop(entry)
      return entry.cut ? Effect.fail(Model.notFound(streamId)) : Cause.done()
    })
    const page = () => {
      if (cursor >= entry.chunks.length) return undefined
      const taken = entry.chunks.slice(cursor, cursor + pageSize) as unknown as Arr.NonEmptyReadonlyArray<
        Model.StoredChunk
      >
      cursor += taken.length
      return taken
    }
    current = { page, waiters: entry.readers, pullable: () => cursor < entry.chunks.length || entry.ended }
    return HandOff.pulling((): Page | undefined => {
      const taken = page()
      return taken !== undefined ? Effect.succeed(taken) : entry.ended ? ending : undefined
    }, entry.readers)
  }))
  return HandOff.answering(stream, (take) => HandOff.handing(current, take))
}

/** Asks an open stream's writer to stop. */
const stop = (store: Store, streamId: string, owner: Model.OwnerOptions | undefined) =>
  store.withEntry(streamId, owner, (entry) =>
    Effect.sync(() => {
      if (entry.ended) return
      entry.stopAsked = true
      HandOff.wake(entry.stoppers)
    }))

/** A store's `onStopUnsafe` (an open stream never expires: the clock is not read). */
const onStopUnsafe = (
  store: Store,
  streamId: string,
  owner: Model.OwnerOptions | undefined,
  onStop: () => void
): () => void => {
  const entry = store.entries.get(streamId, owner?.owner)
  if (entry === undefined || entry.ended) return constVoid
  if (entry.stopAsked) {
    onStop()
    return constVoid
  }
  // A function of its own: the same `onStop` listening twice is two listeners.
  const listener = () => onStop()
  entry.stoppers.add(listener)
  return () => void entry.stoppers.delete(listener)
}

/** Claims kept in this process's memory (expired ones dropped as claims are made, at most once a second). */
const claims = (): Model.Service["claim"] => {
  const claimed = new Map<string, number>()
  let sweptAt = 0
  return (key, ttl) =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      if (now - sweptAt >= 1000) {
        sweptAt = now
        for (const [stale, expiresAt] of claimed) if (expiresAt <= now) claimed.delete(stale)
      }
      const expiresAt = claimed.get(key)
      if (expiresAt !== undefined && expiresAt > now) return false
      claimed.set(key, now + Math.max(1, Duration.toMillis(ttl)))
      return true
    })
}

/** A value kept by `put`: its JSON, whose it is, and when it expires. */
interface Kept {
  readonly json: string
  readonly owner: string | undefined
  readonly expiresAt: number
}

/** The store's kept values: its verbs, and the value under a key and owner at an instant (`undefined`: none). */
interface Values extends Pick<Model.Service, "put" | "get" | "swap"> {
  readonly valueAt: (now: number, key: string, owner: string | undefined) => unknown
}

/**
 * Values kept in this process's memory (`put`, `get`, `swap`), apart from the streams and bounded as they are: at most
 * `maxStreams` values and `maxBytes` of JSON, an owner's at most its share; expired ones dropped as values are put
 * (at most once a second, and whenever a bound is reached). At a bound, `put` fails with `Full`: a value is never
 * pushed out by another's. A `swap` compares and keeps in one synchronous step: no other fiber comes between.
 */
const values = (bounds: Bounds): Values => {
  const kept = new Map<string, Kept>()
  const owners = new Map<string, number>()
  let [bytes, sweptAt] = [0, 0]
  const remove = (key: string) => {
    const old = kept.get(key)
    if (old === undefined) return
    kept.delete(key)
    bytes -= old.json.length
    if (old.owner !== undefined) owners.set(old.owner, owners.get(old.owner)! - 1)
  }
  const sweep = (now: number, force: boolean) => {
    if (!force && now - sweptAt < 1000) return
    sweptAt = now
    for (const [key, value] of kept) if (value.expiresAt <= now) remove(key)
  }
  const isFull = (owner: string | undefined, size: number) =>
    kept.size >= bounds.maxStreams || bytes + size > bounds.maxBytes ||
    (owner !== undefined && (owners.get(owner) ?? 0) >= bounds.maxStreamsPerOwner)
  const keep = (now: number, key: string, value: unknown, options: Model.PutOptions) => {
    const json = JSON.stringify(value) ?? "null"
    const id = StreamIds.keyOf(key, options.owner)
    remove(id)
    sweep(now, false)
    if (isFull(options.owner, json.length)) sweep(now, true)
    if (isFull(options.owner, json.length)) {
      const what = options.owner !== undefined && (owners.get(options.owner) ?? 0) >= bounds.maxStreamsPerOwner
        ? "this owner's share of kept values"
        : "kept values"
      const message = `The stream store is full (${what}): nothing more can be kept until some expire`
      return Effect.fail(new Model.StreamStoreError({ reason: "Full", streamId: key, message, retryAfterMillis: 1000 }))
    }
    const ttl = Math.max(1, Duration.toMillis(Duration.fromInputUnsafe(options.ttl)))
    kept.set(id, { json, owner: options.owner, expiresAt: now + ttl })
    bytes += json.length
    if (options.owner !== undefined) owners.set(options.owner, (owners.get(options.owner) ?? 0) + 1)
    return Effect.void
  }
  /** The JSON kept under `key` and `owner` at `now`, `undefined` when none is. */
  const jsonOf = (now: number, key: string, owner: string | undefined) => {
    const value = kept.get(StreamIds.keyOf(key, owner))
    return value === undefined || value.expiresAt <= now ? undefined : value.json
  }
  const valueAt = (now: number, key: string, owner: string | undefined): unknown => {
    const json = jsonOf(now, key, owner)
    return json === undefined ? undefined : JSON.parse(json)
  }
  return {
    valueAt,
    put: (key, value, options) => Effect.flatMap(Clock.currentTimeMillis, (now) => keep(now, key, value, options)),
    get: (key, options) => Effect.map(Clock.currentTimeMillis, (now) => valueAt(now, key, options?.owner)),
    swap: (key, expected, value, options) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        jsonOf(now, key, options.owner) === JSON.stringify(expected)
          ? Effect.as(keep(now, key, value, options), true)
          : Effect.succeed(false))
  }
}

/** A store in this process's memory, within `bounds`. */
export const make = (bounds: Bounds): Model.Service => {
  const store = new Store(bounds)
  const { valueAt, ...kept } = values(bounds)
  return StreamIds.guarded({
    ttl: bounds.ttl,
    create: (streamId, options) => create(store, streamId, options, valueAt),
    append: (streamId, chunks, options) => append(store, streamId, chunks, options),
    end: (streamId, _reason, owner) => end(store, streamId, owner),
    read: (streamId, options) =>
      store.withEntry(streamId, options, (entry) => Effect.succeed(reader(store, streamId, entry, options))),
    tail: (streamId, owner) =>
      store.withEntry(
        streamId,
        owner,
        (entry) =>
          // Its readers read what it holds: none is handed a chunk before.
          Effect.succeed({ count: entry.chunks.length, ended: entry.ended, generation: entry.generation, ahead: 0 })
      ),
    write: (streamId, chunks, options) => write(store, streamId, chunks, options),
    delete: (streamId, owner) => remove(store, streamId, owner),
    expire: (streamId, at, owner) => expire(store, streamId, at, owner),
    stop: (streamId, owner) => stop(store, streamId, owner),
    onStopUnsafe: (streamId, owner, f) => onStopUnsafe(store, streamId, owner, f),
    claim: claims(),
    ...kept
  })
}
