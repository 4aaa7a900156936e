/**
 * A stop asked before its stream exists: kept for `ttl` under the stream's id and owner, and taken by the stream
 * started under them within that time, which then stops before its model is called. A stream id names one answer only
 * while none is stored under it: a stop that finds an ended stream there is that answer's, too late, and is kept for no
 * later one (a chat's next answer re-uses the chat's id). AG-UI's run ids are drawn by the client for each run, so a
 * stop naming a run that has not started stops that run, and no other. A stop may also name what it stops beside the id
 * (`names`: a chat's continuation by the single-use approval ids it answers): kept under each name whether or not a
 * stream is stored under the id, it is taken by the stream started under the id that carries one of the names, and by
 * no other (an approval id is answered once, so no later answer carries it).
 *
 * An owner's stops waiting are one kept value of the store (so every instance sharing it sees them), each stop an entry
 * with its own expiry, written by compare-and-set (`swap`): at most `maxKept` an owner on every store (memory, Redis,
 * Durable Streams, a custom one), and a stream started reads one value, whatever it carries, before its head: read by
 * its create (`reading`), on Redis in the create's round trip.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as StreamIds from "./StreamIds.js"
import * as Model from "./StreamStoreModel.js"

/** How long a stop of a stream not started yet waits for it: past that, it is dropped (a stream never started). */
export const ttl = Duration.seconds(30)

/** The most names a stop keeps (an assistant message's approvals answered at once): more are a caller's mistake. */
export const maxNames = 32

/** The most stops an owner keeps waiting at once, on every store: past it, `Full` until some are taken or expire. */
export const maxKept = 64

/** An owner's stops waiting: each stop's entry (`entryOf`) with when it expires (epoch milliseconds). */
type Kept = Readonly<Record<string, number>>

/** The kept value of an owner's stops waiting (the store keeps it under the owner). */
const keptKey = "early-stops.v2"

/** How often a write of the stops meeting another is tried again before the store is taken as unavailable. */
const attempts = 8

/**
 * The entry of the stop of `streamId`: a digest of its own, whatever the id's length; named (`name`), of the name's too
 * (JSON-quoted: no name can make another's entry).
 */
const entryOf = (streamId: string, name?: string): Effect.Effect<string> =>
  StreamIds.digest(
    `effect-llm-stream/early-stop/v1\n${streamId}${name === undefined ? "" : `\n${JSON.stringify(name)}`}`
  )

/** What `value` (read back) keeps that has not expired at `now`: a value of another form keeps nothing. */
const liveOf = (value: unknown, now: number): Record<string, number> => {
  const live: Record<string, number> = Object.create(null)
  if (typeof value !== "object" || value === null) return live
  for (const [entry, until] of Object.entries(value)) {
    if (typeof until === "number" && until > now) live[entry] = until
  }
  return live
}

/**
 * Writes the owner's stops as `change` makes them from those live now, in one compare-and-set with what was read,
 * tried again while another write comes between; `change` may refuse (`Full`).
 */
const update = (
  store: Model.Service,
  owner: Model.OwnerOptions | undefined,
  change: (live: Record<string, number>, now: number) => Effect.Effect<Kept, Model.StreamStoreError>
): Effect.Effect<void, Model.StreamStoreError> =>
  Effect.gen(function*() {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const kept = yield* store.get(keptKey, owner)
      const now = yield* Clock.currentTimeMillis
      const next = yield* change(liveOf(kept, now), now)
      if (yield* store.swap(keptKey, kept, next, { ttl, owner: owner?.owner })) return
    }
    return yield* Effect.fail(
      new Model.StreamStoreError({
        reason: "Unavailable",
        streamId: keptKey,
        message: "The stream store could not keep the stop: other writes kept coming first"
      })
    )
  })

/** Keeps the stops of `entries` waiting `ttl`; past `maxKept` an owner, `Full`, none kept. */
const keep = (store: Model.Service, entries: ReadonlyArray<string>, owner: Model.OwnerOptions | undefined) =>
  update(store, owner, (live, now) => {
    for (const entry of entries) live[entry] = now + Duration.toMillis(ttl)
    return Object.keys(live).length > maxKept
      ? Effect.fail(Model.full(keptKey, `an owner's ${maxKept} stops of streams not started yet`, 1000))
      : Effect.succeed(live)
  })

/** Drops the stop of `entry` (taken, or never to be): a stream started later under its id runs. */
const drop = (store: Model.Service, entry: string, owner: Model.OwnerOptions | undefined) =>
  update(store, owner, (live) => {
    delete live[entry]
    return Effect.succeed(live)
  })

/**
 * Asks the writer of `streamId` to stop; when there is no such stream yet, the stop waits `ttl` for it. Asked again
 * once kept: a stream started meanwhile (which may have looked before the stop was kept) is stopped now, and the
 * kept stop dropped. With `names` (at most `maxNames`), the stop is also kept under each, first, and waits `ttl` for
 * the stream that carries one (`take`), whatever is stored under the id now. Fails as the store's `swap` does, and with
 * `Full` when the owner has `maxKept` stops waiting.
 */
export const stop = (
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions | undefined,
  names: ReadonlyArray<string> = []
): Effect.Effect<void, Model.StreamStoreError> =>
  Effect.gen(function*() {
    const entries = yield* Effect.forEach(names.slice(0, maxNames), (name) => entryOf(streamId, name))
    if (entries.length > 0) yield* keep(store, entries, owner)
    const found = yield* Effect.result(store.stop(streamId, owner))
    if (found._tag === "Success") return
    if (found.failure._tag !== "StreamNotFound") return yield* Effect.fail(found.failure)
    const entry = yield* entryOf(streamId)
    yield* keep(store, [entry], owner)
    const again = yield* Effect.result(store.stop(streamId, owner))
    if (again._tag === "Success") return yield* drop(store, entry, owner)
    if (again.failure._tag !== "StreamNotFound") return yield* Effect.fail(again.failure)
  })

/** The owner's stops waiting as a create read them (`reading`): the kept value, or why it could not be read. */
export type Read = Result.Result<unknown, Model.StreamStoreError>

/**
 * `options` of a create that reads the owner's stops waiting once the stream is created (`CreateOptions.read`): they
 * hold every stop kept before the create; one kept after finds the stream (`stop`).
 */
export const reading = (options: Model.CreateOptions | undefined): Model.CreateOptions => ({
  ...options,
  read: keptKey
})

/** The stops a create `reading` gave: none from a store that does not read (`take` reads them then). */
export const readOf = (created: Model.Created | void): Read | undefined => created ? created.read : undefined

/** Creates the stream of `streamId` reading the owner's stops waiting (`reading`), then runs `then` with them. */
export const created = <A, E, R>(
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions | undefined,
  then: (read: Read | undefined) => Effect.Effect<A, E, R>
): Effect.Effect<A, E | Model.StreamStoreError, R> =>
  Effect.flatMap(store.create(streamId, reading(owner)), (made) => then(readOf(made)))

/**
 * Whether a stop of `streamId` waits for the stream just started under it, which carries `names` (none, most streams):
 * one kept under one of them, or under the id alone. If one does, it is taken (dropped) and the stream stopped through
 * the store, as a stop asked now would; `true` then, and its writer calls no model. One read of the store (none when
 * `read` with the create: `reading`); the entries are made only when the owner has stops waiting.
 */
export const take = (
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions | undefined,
  names: ReadonlyArray<string> = [],
  read?: Read | undefined
): Effect.Effect<boolean, Model.StreamStoreError | Model.StreamNotFound> =>
  Effect.gen(function*() {
    // Read with the create (a value, or the failure its read was): no step of its own.
    const kept = read === undefined
      ? yield* store.get(keptKey, owner)
      : Result.isSuccess(read)
      ? read.success
      : yield* Effect.fail(read.failure)
    if (kept === undefined) return false
    const live = liveOf(kept, yield* Clock.currentTimeMillis)
    for (const name of [...names.slice(0, maxNames), undefined]) {
      const entry = yield* entryOf(streamId, name)
      if (live[entry] === undefined) continue
      yield* drop(store, entry, owner)
      yield* store.stop(streamId, owner)
      return true
    }
    return false
  })
