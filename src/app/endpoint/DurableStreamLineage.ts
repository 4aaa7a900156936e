/**
 * What holds a deleted client's stream `DurableStreams` serves: its forks. A stream's forks are listed in a value the
 * store keeps under its owner (`put`, a digest of its name); a stream not there whose list names a fork still there
 * (or itself held so) is soft-deleted: a read, write or `DELETE` of it is a 410, a `PUT` of its name or a fork of it a
 * 409, until its last fork goes (deleted or expired: nothing to sweep, it is asked each time). The protocol's
 * reference server keeps a count per source (`refCount`, `softDeleted`, `deleteWithCascade`); a fork here is a copy,
 * so only this list is kept. The list is read, changed and put back, not in one step: an instance makes one change of
 * a list at a time (the route's `lineage` semaphore), but two forks of one source made at the same instant on two
 * instances may leave one unlisted (its source, deleted, is then gone, not held).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as StreamIds from "../store/StreamIds.js"
import type * as StreamStore from "../store/StreamStore.js"

/** The most forks a stream's list names (a fork past it holds nothing), and the most a check of one looks at. */
const maxForks = 64

/** How long a list is kept after its last fork was made. */
const listTtl = Duration.days(30)

/** The key of `name`'s list: a digest (a stream's name may be as long as a key may be). */
const keyOf = (name: string) => Effect.map(StreamIds.digest(name), (digest) => `ds-forks.${digest}`)

/** The forks `name`'s list names. */
export const forksOf = (
  store: StreamStore.Service,
  name: string,
  owner: string
): Effect.Effect<ReadonlyArray<string>, StreamStore.StreamStoreError> =>
  Effect.map(
    Effect.flatMap(keyOf(name), (key) => store.get(key, { owner })),
    (value) => Array.isArray(value) ? value.filter((fork): fork is string => typeof fork === "string") : []
  )

/** Whether the stream `name` is there (its tail, or a read, is had). */
const exists = (store: StreamStore.Service, name: string, owner: string): Effect.Effect<boolean> => {
  const there: Effect.Effect<unknown, StreamStore.StreamStoreError | StreamStore.StreamNotFound> =
    store.tail !== undefined ? store.tail(name, { owner }) : store.read(name, { owner, brief: true })
  return Effect.map(Effect.result(there), (result) => result._tag === "Success")
}

/**
 * Whether a fork in `name`'s list is still there, or itself held: `name`, not there, is soft-deleted. At most
 * `maxForks` streams are looked at in all.
 */
export const held = (
  store: StreamStore.Service,
  name: string,
  owner: string,
  budget = { left: maxForks }
): Effect.Effect<boolean, StreamStore.StreamStoreError> =>
  Effect.flatMap(forksOf(store, name, owner), (forks) =>
    Effect.gen(function*() {
      for (const fork of forks) {
        if (budget.left-- <= 0) return false
        if (yield* exists(store, fork, owner)) return true
        if (yield* held(store, fork, owner, budget)) return true
      }
      return false
    }))

/** Adds `fork` to `source`'s list (up to `maxForks`). */
export const addFork = (
  store: StreamStore.Service,
  source: string,
  fork: string,
  owner: string
): Effect.Effect<void, StreamStore.StreamStoreError> =>
  Effect.flatMap(forksOf(store, source, owner), (forks) =>
    forks.includes(fork) || forks.length >= maxForks
      ? Effect.void
      : Effect.flatMap(keyOf(source), (key) => store.put(key, [...forks, fork], { owner, ttl: listTtl })))

/** Forgets `name`'s list (a new stream under its name, or one deleted with no fork left). */
export const clear = (
  store: StreamStore.Service,
  name: string,
  owner: string
): Effect.Effect<void, StreamStore.StreamStoreError> =>
  Effect.flatMap(keyOf(name), (key) => store.put(key, null, { owner, ttl: Duration.millis(1) }))
