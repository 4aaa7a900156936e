/**
 * A stop asked of a stored stream, heard from its answer's head to its end (`UIResumable`): a continuation's head runs
 * the tool an approval let run before its first content, and a stop asked then interrupts that tool as a stop after
 * the first content interrupts the answer. Heard through the store's `onStopUnsafe`, else a fiber waiting on
 * `stopped`; or told as the store's layer closes (the server shutting down: `StoreShutdown`). The converter making the
 * stream's items may take the stop (`Within`, `taken`), to end its run as a stop from within does, its ending written
 * with its sums.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Stream from "effect/Stream"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as LoopStep from "../loop/LoopStep.js"
import type * as StreamStore from "../store/StreamStore.js"

/**
 * A stop listened for: completes once it is asked; whether it was; whether the stream's converter took it (`Within`),
 * and what of it interrupts the stream from outside (the stop, unless taken when heard); and how to stop listening.
 */
export interface StopHeard extends TakesStop {
  readonly heard: Effect.Effect<void>
  readonly isHeard: () => boolean
  readonly isTaken: () => boolean
  readonly fromOutside: Effect.Effect<void>
  readonly end: Effect.Effect<void>
  /** Tells the stop as the store's layer closes (`StoreShutdown`): heard as a stop asked through the store is. */
  readonly shutDown: () => void
  /** Whether the stop heard is the store's layer closing. */
  readonly isShutDown: () => boolean
}

/** What a converter takes a stop with: marks it taken, and gives what completes on it. */
export interface TakesStop {
  readonly take: () => Effect.Effect<void>
}

/**
 * The stop of the stored stream a converter's items go to (`UIResumable` provides it to the stream it runs). A
 * converter that takes it ends its source on the stop (`Stream.interruptWhen`), so that its run ends as a stop from
 * within does; the generation is interrupted from outside only once that ending is stored.
 */
export class Within extends Context.Service<Within, TakesStop>()("effect-llm-stream/StopHeard/Within") {}

/**
 * `listen`'s stop, told by `asked` (by the store, or by its layer closing: `closing`); `taken` once the stream's
 * converter took it.
 */
class Heard implements StopHeard {
  taken = false
  closing = false
  readonly heard: Effect.Effect<void>
  readonly fromOutside: Effect.Effect<void>
  readonly asked: Deferred.Deferred<void>
  readonly end: Effect.Effect<void>

  constructor(asked: Deferred.Deferred<void>, end: Effect.Effect<void>) {
    this.asked = asked
    this.end = end
    this.heard = Deferred.await(asked)
    this.fromOutside = Effect.andThen(this.heard, Effect.suspend(() => this.taken ? Effect.never : Effect.void))
  }

  isHeard = (): boolean => Deferred.isDoneUnsafe(this.asked)
  isTaken = (): boolean => this.taken
  isShutDown = (): boolean => this.closing
  shutDown = (): void => {
    if (Deferred.isDoneUnsafe(this.asked)) return
    this.closing = true
    Deferred.doneUnsafe(this.asked, Exit.void)
  }
  take = (): Effect.Effect<void> => {
    this.taken = true
    return this.heard
  }
}

/** Listens for a stop of `streamId` (as `owner`'s) until `end`. */
export const listen = (
  store: StreamStore.Service,
  streamId: string,
  owner: StreamStore.OwnerOptions
): Effect.Effect<StopHeard> =>
  Effect.gen(function*() {
    const asked = Deferred.makeUnsafe<void>()
    const { onStopUnsafe } = store
    if (onStopUnsafe === undefined) {
      const watch = store.stopped(streamId, owner).pipe(
        Effect.catch(() => Effect.never),
        Effect.andThen(Deferred.succeed(asked, undefined))
      )
      const fiber = yield* Effect.forkDetach(watch, { startImmediately: true })
      return new Heard(asked, Fiber.interrupt(fiber))
    }
    // Asked by another request (the stop route's): a promise made here resumes here, whoever resolves it (as
    // `UIResumable`'s generation hears it, for a Cloudflare Worker's request contexts).
    let wake: () => void = () => {}
    void new Promise<void>((resolve) => (wake = resolve)).then(() => Deferred.doneUnsafe(asked, Exit.void))
    const unlisten = onStopUnsafe(streamId, owner, () => wake())
    return new Heard(asked, Effect.sync(unlisten))
  })

/**
 * A converter's source with its store's stop taken: under a resumable run (`Within` in `context`), `self` ended on the
 * stop as a stop from within ends it (`Stream.interruptWhen`), so that the converter writes its stopped ending with
 * its sums, and each step's ending told to `hear` as its call ends, then to whoever heard it before
 * (`LoopStep.StepEndings`), so that those sums count a call the stop cut short; outside one, `self` as it is (no step
 * per pull). One piece for every converter: the UI message stream's (`UIFromStream`, `UIFromSteps`), which AG-UI's
 * read.
 */
export const taken = <A, E, R>(
  self: Stream.Stream<A, E, R>,
  context: Context.Context<never>,
  hear?: ((ending: CallEnding.Ending) => void) | undefined
): Stream.Stream<A, E, R> => {
  const within = Context.getOrUndefined(context, Within)
  if (within === undefined) return self
  const stoppable = Stream.interruptWhen(self, within.take())
  if (hear === undefined) return stoppable
  const before = Context.get(context, LoopStep.StepEndings)
  return Stream.provideService(stoppable, LoopStep.StepEndings, (ending) => {
    hear(ending)
    before?.(ending)
  })
}
