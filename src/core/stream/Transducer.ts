/**
 * A synchronous, stateful Stream stage: each upstream array is processed in one call, without an Effect
 * per element, and the stage may end the stream early (a terminator, without pulling upstream again)
 * or fail after emitting what came before the failure.
 *
 * @internal
 */
import * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Pull from "effect/Pull"
import * as Stream from "effect/Stream"

/** @internal */
export interface Step<B, E> {
  readonly out: Array<B>
  /** `"continue"`: read more; `"done"`: end the stream after `out`; `"fail"`: fail with `error` after `out`. */
  readonly next: "continue" | "done" | "fail"
  readonly error?: E | undefined
}

/** @internal */
export interface Transducer<A, B, E> {
  readonly push: (input: Arr.NonEmptyReadonlyArray<A>) => Step<B, E>
  /** Called when upstream ends; decides between a clean end and an error (truncation). */
  readonly end: () => Step<B, E>
  /** Called when upstream fails: what the stage still holds, handed on before the failure. */
  readonly failed?: (() => Array<B>) | undefined
}

/**
 * Runs the transducer `make` makes (one per run of the stream) over each upstream array, as a single stage.
 *
 * @internal
 */
export const transduce =
  <A, B, E2>(make: () => Transducer<A, B, E2>) => <E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<B, E | E2, R> =>
    transduceWith(self, make, undefined)

/**
 * `transduce`, `make` given the context of the fiber starting the stream (one Effect step more a start).
 *
 * @internal
 */
export const transduceIn =
  <A, B, E2>(make: (context: Context.Context<never>) => Transducer<A, B, E2>) =>
  <E, R>(self: Stream.Stream<A, E, R>): Stream.Stream<B, E | E2, R> => transduceWith(self, make, undefined, true)

/**
 * `transduce`, with `mapError` (when given) applied to every failure of the stream, upstream's and the stage's own:
 * an error mapped where the stream is made, without a stage (`Stream.mapError` is two Effect steps in every pull).
 *
 * @internal
 */
export const transduceMapping =
  <A, B, E>(make: () => Transducer<A, B, E>, mapError: ((error: E) => E) | undefined) =>
  <R>(self: Stream.Stream<A, E, R>): Stream.Stream<B, E, R> => transduceWith(self, make, mapError)

/** The stage of `transduce`, each failure through `mapError` when given. */
const transduceWith = <A, B, E, E2, R>(
  self: Stream.Stream<A, E, R>,
  make: (context: Context.Context<never>) => Transducer<A, B, E2>,
  mapError: ((error: E | E2) => E | E2) | undefined,
  inContext = false
): Stream.Stream<B, E | E2, R> =>
  Stream.transformPull(self, (upstream) =>
    inContext
      ? Effect.withFiber((fiber) => Effect.succeed(stagePull(upstream, make(fiber.context), mapError)))
      : Effect.sync(() => stagePull(upstream, make(Context.empty()), mapError)))

/** The pulls of the stage of `transducer` over `upstream`, each failure through `mapError` when given. */
const stagePull = <A, B, E, E2>(
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<A>, E>,
  transducer: Transducer<A, B, E2>,
  mapError: ((error: E | E2) => E | E2) | undefined
): Pull.Pull<Arr.NonEmptyReadonlyArray<B>, E | E2> => {
  const failure = (cause: Cause.Cause<E>): Cause.Cause<E | E2> =>
    mapError === undefined ? cause : Cause.map(cause, mapError)
  // Set once the stage has decided how the stream ends: later pulls never touch upstream again.
  let finished: Effect.Effect<never, E | E2 | Cause.Done> | undefined
  const emit = (step: Step<B, E2>): Pull.Pull<Arr.NonEmptyReadonlyArray<B>, E | E2> | undefined => {
    switch (step.next) {
      case "continue":
        return Arr.isArrayNonEmpty(step.out) ? Effect.succeed(step.out) : undefined
      case "done":
        finished = Cause.done()
        break
      case "fail":
        finished = Effect.fail(mapError === undefined ? step.error as E2 : mapError(step.error as E2))
        break
    }
    return Arr.isArrayNonEmpty(step.out) ? Effect.succeed(step.out) : finished
  }
  // One upstream pull and what follows it, made once: the stage's pulls (one per network piece) reuse it.
  const step: Pull.Pull<Arr.NonEmptyReadonlyArray<B>, E | E2> = Effect.matchCauseEffect(upstream, {
    // Nothing to hand on yet (a keep-alive, part of an event): pull upstream again.
    onSuccess: (input): Pull.Pull<Arr.NonEmptyReadonlyArray<B>, E | E2> => emit(transducer.push(input)) ?? step,
    onFailure: (cause): Pull.Pull<Arr.NonEmptyReadonlyArray<B>, E | E2> => {
      // A failure that is not upstream's end (its error, a defect, an interruption) passes through, after what
      // the stage still holds.
      if (!Pull.isDoneCause(cause)) {
        const held = transducer.failed?.() ?? []
        if (!Arr.isArrayNonEmpty(held)) return Effect.failCause(failure(cause as Cause.Cause<E>))
        finished = Effect.failCause(failure(cause as Cause.Cause<E>))
        return Effect.succeed(held)
      }
      // Upstream ended: the transducer decides between a clean end and an error (truncation).
      const ending = transducer.end()
      return emit(ending.next === "continue" ? { out: ending.out, next: "done" } : ending) ??
        (finished = Cause.done())
    }
  })
  return Effect.suspend(() => finished ?? step)
}
