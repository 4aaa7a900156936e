/**
 * A stop asked of a stored stream, heard from its answer's head to its end (`UIResumable`): a continuation's head runs
 * the tool an approval let run before its first content, and a stop asked then interrupts that tool as a stop after
 * the first content interrupts the answer. Heard through the store's `onStopUnsafe`, else a fiber waiting on
 * `stopped`; or told as the store's layer closes (the server shutting down: `StoreShutdown`). The converter making the
 * stream's items may take the stop (`Within`, `take`): the run is interrupted all the same, and the generation stores
 * the converter's ending, written with its sums, as a stop from within ends a run.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as LoopStep from "../loop/LoopStep.js"
import type * as StreamStore from "../store/StreamStore.js"

/**
 * A stop listened for: completes once it is asked; whether it was; the ending of the converter that took it (`Within`),
 * told each step's ending (`hear`); and how to stop listening.
 */
export interface StopHeard extends TakesStop {
  readonly heard: Effect.Effect<void>
  readonly isHeard: () => boolean
  readonly isTaken: () => boolean
  /**
   * The items the converter that took the stop ends its run with, its sums as they stand (run once the generation is
   * interrupted: a call the stop cut short heard as far as it went); `undefined` if none took it.
   */
  readonly ending: () => Effect.Effect<ReadonlyArray<unknown>> | undefined
  /** Tells a step's ending, a stopped one too, to the converter that took the stop (`LoopStep.StepEndings`). */
  readonly hear: (ending: CallEnding.Ending) => void
  readonly end: Effect.Effect<void>
  /** Tells the stop as the store's layer closes (`StoreShutdown`): heard as a stop asked through the store is. */
  readonly shutDown: () => void
  /** Whether the stop heard is the store's layer closing. */
  readonly isShutDown: () => boolean
}

/**
 * What a converter takes a stop with: `take` gives the ending its run ends with when stopped (its items from its sums
 * as they stand) and who hears each step's ending; `map` (a converter of another's items, AG-UI's of the UI message
 * stream's) turns the ending of the converter it reads into its own items.
 */
export interface TakesStop {
  readonly take: (
    ending: Effect.Effect<ReadonlyArray<unknown>>,
    hear?: ((ending: CallEnding.Ending) => void) | undefined
  ) => void
  readonly map: (f: (items: ReadonlyArray<unknown>) => ReadonlyArray<unknown>) => void
}

/**
 * The stop of the stored stream a converter's items go to (`UIResumable` provides it to the pull that starts the
 * stream). A stop interrupts the run from outside, taken or not, so no stage is added to any pull; the generation
 * then stores the ending of the converter that took it, with its sums, as a stop from within ends a run.
 */
export class Within extends Context.Service<Within, TakesStop>()("effect-llm-stream/StopHeard/Within") {}

/**
 * `listen`'s stop, told by `asked` (by the store, or by its layer closing: `closing`); taken once the stream's
 * converter gave its ending.
 */
class Heard implements StopHeard {
  closing = false
  taken: Effect.Effect<ReadonlyArray<unknown>> | undefined = undefined
  hearer: ((ending: CallEnding.Ending) => void) | undefined = undefined
  readonly maps: Array<(items: ReadonlyArray<unknown>) => ReadonlyArray<unknown>> = []
  readonly heard: Effect.Effect<void>
  readonly asked: Deferred.Deferred<void>
  readonly end: Effect.Effect<void>

  constructor(asked: Deferred.Deferred<void>, end: Effect.Effect<void>) {
    this.asked = asked
    this.end = end
    this.heard = Deferred.await(asked)
  }

  isHeard = (): boolean => Deferred.isDoneUnsafe(this.asked)
  isTaken = (): boolean => this.taken !== undefined
  isShutDown = (): boolean => this.closing
  shutDown = (): void => {
    if (Deferred.isDoneUnsafe(this.asked)) return
    this.closing = true
    Deferred.doneUnsafe(this.asked, Exit.void)
  }
  take = (ending: Effect.Effect<ReadonlyArray<unknown>>, hear?: (ending: CallEnding.Ending) => void): void => {
    this.taken = ending
    this.hearer = hear
  }
  map = (f: (items: ReadonlyArray<unknown>) => ReadonlyArray<unknown>): void => {
    this.maps.push(f)
  }
  hear = (ending: CallEnding.Ending): void => this.hearer?.(ending)
  ending = (): Effect.Effect<ReadonlyArray<unknown>> | undefined =>
    this.taken === undefined
      ? undefined
      : Effect.map(this.taken, (items) => this.maps.reduce((mapped, f) => f(mapped), items))
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
 * Takes the stop of the resumable run a converter's items go to, if any (`Within` in `context`): `ending` is what its
 * run ends with when stopped, `hear` hears each step's ending as its call ends (a call the stop cut short too). One
 * piece for every converter: the UI message stream's (`UIFromStream`, `UIFromSteps`), which AG-UI's read (`map`).
 */
export const take = (
  context: Context.Context<never>,
  ending: Effect.Effect<ReadonlyArray<unknown>>,
  hear?: ((ending: CallEnding.Ending) => void) | undefined
): void => Context.getOrUndefined(context, Within)?.take(ending, hear)

/**
 * `self` with each step's ending told to `stop`'s converter (`hear`), then to whoever heard it before: given once to
 * the generation (both fibers that pull it), not to each pull.
 */
export const hearing = <A, E, R>(self: Effect.Effect<A, E, R>, stop: StopHeard): Effect.Effect<A, E, R> =>
  Effect.withFiber((fiber) => {
    const before = fiber.getRef(LoopStep.StepEndings)
    return Effect.provideService(
      self,
      LoopStep.StepEndings,
      before === undefined ? stop.hear : (ending) => {
        stop.hear(ending)
        before(ending)
      }
    )
  })
