/**
 * A stop asked before its stream exists: kept for `ttl` under the stream's id and owner (a kept value, so every
 * instance sharing the store sees it, bounded as the store bounds values), and taken by the stream started under
 * them within that time, which then stops before its model is called. A stream id names one answer only while none
 * is stored under it: a stop that finds an ended stream there is that answer's, too late, and is kept for no later
 * one (a chat's next answer re-uses the chat's id). AG-UI's run ids are drawn by the client for each run, so a
 * stop naming a run that has not started stops that run, and no other. A stop may also name what it stops beside the id
 * (`names`: a chat's continuation by the single-use approval ids it answers): kept under each name whether or not a
 * stream is stored under the id, it is taken by the stream started under the id that carries one of the names, and by
 * no other (an approval id is answered once, so no later answer carries it).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as StreamIds from "./StreamIds.js"
import type * as Model from "./StreamStoreModel.js"

/** How long a stop of a stream not started yet waits for it: past that, it is dropped (a stream never started). */
export const ttl = Duration.seconds(30)

/** What is kept: a stop waiting (`true`), or one taken (`false`, kept no longer than a waiting one). */
interface Kept {
  readonly stop: boolean
}

/** The most names a stop keeps (an assistant message's approvals answered at once): more are a caller's mistake. */
export const maxNames = 64

/**
 * Where the stop of `streamId` waits: a key of its own, whatever the id's length; named (`name`), a key of the name's
 * (JSON-quoted: no name can make another's key).
 */
const keyOf = (streamId: string, name?: string): Effect.Effect<string> =>
  Effect.map(
    StreamIds.digest(
      `effect-llm-stream/early-stop/v1\n${streamId}${name === undefined ? "" : `\n${JSON.stringify(name)}`}`
    ),
    (digest) => `early-stop.${digest}`
  )

/** Marks the stop of `streamId` taken (or never to be): a stream started later under the id runs. */
const drop = (store: Model.Service, key: string, owner: Model.OwnerOptions | undefined) =>
  store.put(key, { stop: false } satisfies Kept, { ttl, owner: owner?.owner })

/**
 * Asks the writer of `streamId` to stop; when there is no such stream yet, the stop waits `ttl` for it. Asked again
 * once kept: a stream started meanwhile (which may have looked before the stop was kept) is stopped now, and the
 * kept stop dropped. With `names` (at most `maxNames`), the stop is also kept under each, first, and waits `ttl` for
 * the stream that carries one (`take`), whatever is stored under the id now. Fails as the store's `put` does (`Full`:
 * the owner's share of kept values is used up).
 */
export const stop = (
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions | undefined,
  names: ReadonlyArray<string> = []
): Effect.Effect<void, Model.StreamStoreError> =>
  Effect.andThen(
    Effect.forEach(names.slice(0, maxNames), (name) => keep(store, streamId, name, owner), { discard: true }),
    stopUnnamed(store, streamId, owner)
  )

/** Keeps a stop of `streamId` under `name` for `ttl`, taken by the stream that carries the name. */
const keep = (store: Model.Service, streamId: string, name: string, owner: Model.OwnerOptions | undefined) =>
  Effect.flatMap(
    keyOf(streamId, name),
    (key) => store.put(key, { stop: true } satisfies Kept, { ttl, owner: owner?.owner })
  )

/** `stop` of the id alone. */
const stopUnnamed = (
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions | undefined
): Effect.Effect<void, Model.StreamStoreError> =>
  Effect.catchTag(store.stop(streamId, owner), "StreamNotFound", () =>
    Effect.gen(function*() {
      const key = yield* keyOf(streamId)
      yield* store.put(key, { stop: true } satisfies Kept, { ttl, owner: owner?.owner })
      const again = yield* Effect.result(store.stop(streamId, owner))
      if (again._tag === "Success") return yield* drop(store, key, owner)
      if (again.failure._tag !== "StreamNotFound") return yield* Effect.fail(again.failure)
    }))

/**
 * Whether a stop of `streamId` waits for the stream just started under it, which carries `names` (none, most streams):
 * one kept under one of them (looked at first), or under the id alone. If one does, it is taken (dropped) and the
 * stream stopped through the store, as a stop asked now would; `true` then, and its writer calls no model.
 */
export const take = (
  store: Model.Service,
  streamId: string,
  owner: Model.OwnerOptions | undefined,
  names: ReadonlyArray<string> = []
): Effect.Effect<boolean, Model.StreamStoreError | Model.StreamNotFound> =>
  Effect.gen(function*() {
    for (const name of [...names.slice(0, maxNames), undefined]) {
      const key = yield* keyOf(streamId, name)
      const kept = yield* store.get(key, owner)
      if ((kept as Partial<Kept> | undefined)?.stop !== true) continue
      yield* drop(store, key, owner)
      yield* store.stop(streamId, owner)
      return true
    }
    return false
  })
