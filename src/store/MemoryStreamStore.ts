/**
 * The stream store of one process: streams in a map, readers woken by each append, expiry checked against
 * the clock whenever a stream is touched (and swept at most once a second when streams are created), so
 * nothing is kept past `ttl` after its end and no timer is left running.
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"
import * as Model from "./StreamStoreModel.js"

/** The most chunks one pull of a reader hands on. */
const pageSize = 512

interface Entry {
  readonly chunks: Array<Model.StoredChunk>
  ended: boolean
  /** When the stream expires: `ttl` after its end; never while it is open. */
  expiresAt: number
  stopAsked: boolean
  /** Readers waiting for a chunk or the end. */
  readonly readers: Set<() => void>
  /** Writers waiting for a stop. */
  readonly stoppers: Set<() => void>
}

const wake = (waiters: Set<() => void>): void => {
  if (waiters.size === 0) return
  const all = [...waiters]
  waiters.clear()
  for (let index = 0; index < all.length; index++) all[index]!()
}

/** Waits until woken through `waiters` (an interrupted waiter removes itself). */
const waitOn = (waiters: Set<() => void>): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const waiter = () => resume(Effect.void)
    waiters.add(waiter)
    return Effect.sync(() => waiters.delete(waiter))
  })

/**
 * A reader of the stream `entry` from index `cursor`: each pull hands on every chunk past the cursor (up to
 * `pageSize`) as one array, or waits for the next append or the end. It reads the entry it started on: a stream
 * created later under the same id is another entry.
 */
const reader = (
  streamId: string,
  entry: Entry,
  start: number
): Stream.Stream<Model.StoredChunk, Model.StreamNotFound> =>
  Stream.fromPull(Effect.sync(() => {
    let cursor = start
    const pull: Pull.Pull<Arr.NonEmptyReadonlyArray<Model.StoredChunk>, Model.StreamNotFound> = Effect.suspend(() => {
      const chunks = entry.chunks
      if (cursor < chunks.length) {
        const page = chunks.slice(cursor, cursor + pageSize) as unknown as Arr.NonEmptyReadonlyArray<Model.StoredChunk>
        cursor += page.length
        return Effect.succeed(page)
      }
      if (!entry.ended) return Effect.andThen(waitOn(entry.readers), pull)
      // An ended stream read after it expired is gone, as an unknown one is.
      return Effect.flatMap(
        Clock.currentTimeMillis,
        (now): Pull.Pull<never, Model.StreamNotFound> =>
          entry.expiresAt <= now ? Effect.fail(Model.notFound(streamId)) : Cause.done()
      )
    })
    return pull
  }))

/**
 * A store in this process's memory, with streams kept `ttl` after their end.
 */
export const make = (options: { readonly ttl: Duration.Duration }): Model.Service => {
  const ttlMillis = Duration.toMillis(options.ttl)
  const entries = new Map<string, Entry>()
  let sweptAt = 0

  /** The stream under `streamId` if it is stored and not expired (an expired one is dropped). */
  const live = (streamId: string, now: number): Entry | undefined => {
    const entry = entries.get(streamId)
    if (entry !== undefined && entry.expiresAt <= now) {
      entries.delete(streamId)
      return undefined
    }
    return entry
  }

  const sweep = (now: number): void => {
    if (now - sweptAt < 1000) return
    sweptAt = now
    for (const [streamId, entry] of entries) if (entry.expiresAt <= now) entries.delete(streamId)
  }

  const withEntry = <A, E>(
    streamId: string,
    f: (entry: Entry, now: number) => Effect.Effect<A, E>
  ): Effect.Effect<A, E | Model.StreamNotFound> =>
    Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<A, E | Model.StreamNotFound> => {
      const entry = live(streamId, now)
      return entry === undefined ? Effect.fail(Model.notFound(streamId)) : f(entry, now)
    })

  const create = (streamId: string): Effect.Effect<void, Model.StreamStoreError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      sweep(now)
      if (live(streamId, now)?.ended === false) {
        return Effect.fail(Model.alreadyExists(streamId))
      }
      entries.set(streamId, {
        chunks: [],
        ended: false,
        expiresAt: Infinity,
        stopAsked: false,
        readers: new Set(),
        stoppers: new Set()
      })
      return Effect.void
    })

  const append = (streamId: string, chunks: ReadonlyArray<Model.StoredChunk>) =>
    Effect.suspend(() => {
      // An open stream never expires: the clock is read only for one that has ended (or is not here).
      const entry = entries.get(streamId)
      if (entry === undefined || entry.ended) {
        return withEntry(streamId, () => Effect.fail(Model.ended(streamId)))
      }
      for (let index = 0; index < chunks.length; index++) entry.chunks.push(chunks[index]!)
      wake(entry.readers)
      return Effect.void
    })

  const end = (streamId: string, _reason: Model.EndReason) =>
    withEntry(streamId, (entry, now) =>
      Effect.sync(() => {
        if (entry.ended) return
        entry.ended = true
        entry.expiresAt = now + ttlMillis
        wake(entry.readers)
        // Nothing is left to stop.
        entry.stoppers.clear()
      }))

  const read = (streamId: string, options?: { readonly after?: number | undefined }) =>
    withEntry(streamId, (entry) => Effect.succeed(reader(streamId, entry, Model.startOf(options))))

  const stop = (streamId: string) =>
    withEntry(streamId, (entry) =>
      Effect.sync(() => {
        if (entry.ended) return
        entry.stopAsked = true
        wake(entry.stoppers)
      }))

  const stopped = (streamId: string): Effect.Effect<void, Model.StreamStoreError> =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const entry = live(streamId, now)
      if (entry === undefined || entry.ended) return Effect.never
      return entry.stopAsked ? Effect.void : waitOn(entry.stoppers)
    })

  return Model.guarded({ ttl: options.ttl, create, append, end, read, stop, stopped })
}
