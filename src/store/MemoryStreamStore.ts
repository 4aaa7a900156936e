/**
 * The stream store of one process: streams in a map, readers woken by each append, expiry checked against
 * the clock whenever a stream is touched (and swept at most once a second when streams are created), so
 * nothing is kept past `ttl` after its end and no timer is left running.
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import * as MemoryClaims from "./MemoryClaims.js"
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
  const all = [...waiters]
  waiters.clear()
  for (const waiter of all) waiter()
}

/** Waits until woken through `waiters` (an interrupted waiter removes itself). */
const waitOn = (waiters: Set<() => void>): Effect.Effect<void> =>
  Effect.callback<void>((resume) => {
    const waiter = () => resume(Effect.void)
    waiters.add(waiter)
    return Effect.sync(() => waiters.delete(waiter))
  })

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
    withEntry(streamId, (entry) => {
      if (entry.ended) {
        return Effect.fail(Model.ended(streamId))
      }
      for (const chunk of chunks) entry.chunks.push(chunk)
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
    withEntry(streamId, () =>
      Effect.succeed(
        Stream.paginate(Model.startOf(options), (cursor: number) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            const entry = live(streamId, now)
            if (entry === undefined) {
              return Effect.fail(Model.notFound(streamId))
            }
            const pull = (): Effect.Effect<readonly [ReadonlyArray<Model.StoredChunk>, Option.Option<number>]> => {
              if (cursor < entry.chunks.length) {
                const page = entry.chunks.slice(cursor, cursor + pageSize)
                const next = cursor + page.length
                return Effect.succeed(
                  [page, entry.ended && next === entry.chunks.length ? Option.none() : Option.some(next)] as const
                )
              }
              if (entry.ended) {
                return Effect.succeed([[], Option.none()] as const)
              }
              return Effect.flatMap(waitOn(entry.readers), pull)
            }
            return pull()
          }))
      ))

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

  const { claim } = MemoryClaims.make()
  return Model.guarded({ ttl: options.ttl, create, append, end, read, stop, stopped, claim })
}
