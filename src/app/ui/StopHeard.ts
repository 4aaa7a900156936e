/**
 * A stop asked of a stored stream, heard from its answer's head to its end (`UIResumable`): a continuation's head runs
 * the tool an approval let run before its first content, and a stop asked then interrupts that tool as a stop after
 * the first content interrupts the answer. Heard through the store's `onStopUnsafe`, else a fiber waiting on
 * `stopped`.
 *
 * @internal
 */
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as StreamStore from "../store/StreamStore.js"

/** A stop listened for: completes once it is asked; whether it was; and how to stop listening. */
export interface StopHeard {
  readonly heard: Effect.Effect<void>
  readonly isHeard: () => boolean
  readonly end: Effect.Effect<void>
}

/** Listens for a stop of `streamId` (as `owner`'s) until `end`. */
export const listen = (
  store: StreamStore.Service,
  streamId: string,
  owner: StreamStore.OwnerOptions
): Effect.Effect<StopHeard> =>
  Effect.gen(function*() {
    const asked = Deferred.makeUnsafe<void>()
    const heard = Deferred.await(asked)
    const isHeard = () => Deferred.isDoneUnsafe(asked)
    const { onStopUnsafe } = store
    if (onStopUnsafe === undefined) {
      const watch = store.stopped(streamId, owner).pipe(
        Effect.catch(() => Effect.never),
        Effect.andThen(Deferred.succeed(asked, undefined))
      )
      const fiber = yield* Effect.forkDetach(watch, { startImmediately: true })
      return { heard, isHeard, end: Fiber.interrupt(fiber) }
    }
    // Asked by another request (the stop route's): a promise made here resumes here, whoever resolves it (as
    // `UIResumable`'s generation hears it, for a Cloudflare Worker's request contexts).
    let wake: () => void = () => {}
    void new Promise<void>((resolve) => (wake = resolve)).then(() => Deferred.doneUnsafe(asked, Exit.void))
    const unlisten = onStopUnsafe(streamId, owner, () => wake())
    return { heard, isHeard, end: Effect.sync(unlisten) }
  })
