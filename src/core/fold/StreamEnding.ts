/**
 * Observes how a stream of chunks ended, once: completed, failed (after every chunk before the failure),
 * interrupted (the consumer stopped) or died (a defect), with the fold (`Accumulator`) of the chunks the consumer
 * received. Chunks go on one per pull (the default: a consumer that may stop anywhere in a network piece gets a
 * fold of exactly what it took) or as whole pieces (`CallEnding.OnEndOptions.wholePieces`: no Effect per chunk).
 *
 * @internal
 */
import type * as Arr from "effect/Array"
import * as Cause from "effect/Cause"
import * as Channel from "effect/Channel"
import type * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
import * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as LiveShapes from "../framing/LiveShapes.js"
import { Accumulator } from "./Accumulator.js"
import type * as ChunkCommon from "./ChunkCommon.js"

/** How a stream ended. */
export type Outcome<E> =
  | { readonly _tag: "Completed" }
  | { readonly _tag: "Failed"; readonly error: E }
  | { readonly _tag: "Interrupted" }
  | { readonly _tag: "Died"; readonly cause: Cause.Cause<unknown> }

const completed: Outcome<never> = { _tag: "Completed" }
const interrupted: Outcome<never> = { _tag: "Interrupted" }

/** Tells which outcome a failure cause of the stream (or of its scope) stands for. */
const outcomeOf = <E>(cause: Cause.Cause<E>): Outcome<E> =>
  Option.match(Cause.findErrorOption(cause), {
    onSome: (error): Outcome<E> => ({ _tag: "Failed", error }),
    onNone: () => Cause.hasInterruptsOnly(cause) ? interrupted : { _tag: "Died", cause }
  })

/** What observes a stream: called once when it ends, however it ends. */
export interface Observer<E> {
  /**
   * The stream ended: its fold, how it ended, and the exit of its scope. It runs in the context of the fiber
   * closing the stream's scope: an observer that reads services captures the context it needs when it is made
   * (`observe` provides the stream's).
   */
  readonly onEnd: (
    accumulator: Accumulator,
    outcome: Outcome<E>,
    exit: Exit.Exit<unknown, unknown>
  ) => Effect.Effect<void>
  /** Called when the first chunks arrive. */
  readonly onFirst?: (() => void) | undefined
  /** After each chunk is folded: `true` ends the stream after it, `Interrupted` (nothing more read). */
  readonly onChunks?: ((accumulator: Accumulator) => boolean) | undefined
  /** Whether the fold keeps the text (default `true`); an observer that never reads it folds without it. */
  readonly keepsText?: boolean | undefined
  /**
   * Runs the stream's own effects in a context of the observer's (a parent span): its start, and its pulls until its
   * first chunks arrive (a call's request is sent by then; its later pulls read its body). A stream that makes a
   * request of its own later (the Responses API's resume) makes it in the context it started in.
   */
  readonly around?: (<A, E2, R2>(effect: Effect.Effect<A, E2, R2>) => Effect.Effect<A, E2, R2>) | undefined
}

/** How an observing stage hands its chunks on (`CallEnding.OnEndOptions`). */
type Options = { readonly wholePieces?: boolean | undefined }

/**
 * Folds the stream's chunks as they pass and hands them on unchanged. `start` runs before the stream's own start
 * (a stream that fails to start is observed too) and gives the observer, whose `onEnd` runs exactly once;
 * `undefined` leaves the stream as it is, at no cost per chunk.
 */
export const observeWith = <C extends ChunkCommon.Common, E, R, R3>(
  self: Stream.Stream<C, E, R>,
  start: Effect.Effect<Observer<E> | undefined, never, R3>,
  options: Options = {}
): Stream.Stream<C, E, R | R3> =>
  Stream.fromChannel(
    Channel.fromTransform((_: Pull.Pull<unknown, unknown, unknown>, scope: Scope.Scope) =>
      Effect.flatMap(start, (observer) =>
        observer === undefined
          ? Channel.toPullScoped(self.channel, scope)
          : observing(self, startObservation<C, E>(observer), options.wholePieces === true, scope))
    )
  )

/** A pull's failure: the stream's error, or its end (`Cause.Done`). */
type PullCause<E> = Cause.Cause<E | Cause.Done<void>>

/** The observation of one run: its fold, its outcome, and the piece handed on but not folded yet. */
interface Observation<C, E> {
  readonly observer: Observer<E>
  readonly accumulator: Accumulator
  /** Decided by what the stream itself did; when it did neither (its consumer stopped first), by its scope. */
  outcome: Outcome<E> | undefined
  /** A watcher (`onChunks`) asked to end the stream: it ends at the next pull. */
  stopped: boolean
  /** With whole pieces: the piece handed on last, folded when the consumer pulls again or the stream ends. */
  unfolded: Arr.NonEmptyReadonlyArray<C> | undefined
  /** Called when the first chunks arrive, then cleared. */
  first: (() => void) | undefined
  /** Whether chunks arrived: the pulls after are the stream's own, out of the observer's context (`around`). */
  delivered: boolean
}

const startObservation = <C, E>(observer: Observer<E>): Observation<C, E> => {
  LiveShapes.keepOnce(Accumulator, () => new Accumulator())
  return {
    observer,
    accumulator: new Accumulator(undefined, { keepsText: observer.keepsText }),
    outcome: undefined,
    stopped: false,
    unfolded: undefined,
    first: observer.onFirst,
    delivered: false
  }
}

/** Chunks arrived from upstream. */
const arrived = <C, E>(observation: Observation<C, E>): void => {
  observation.delivered = true
  const first = observation.first
  if (first !== undefined) {
    observation.first = undefined
    first()
  }
}

/** Folds `chunk`, and tells whether the watcher asks to stop after it. */
const fold = <C extends ChunkCommon.Common, E>(observation: Observation<C, E>, chunk: C): boolean => {
  observation.accumulator.push(chunk)
  const onChunks = observation.observer.onChunks
  if (onChunks !== undefined && onChunks(observation.accumulator)) observation.stopped = true
  return observation.stopped
}

/** A piece handed on whole, folded when the consumer pulls again (it took it then) or the stream ends. */
const handedOn = <C extends ChunkCommon.Common, E>(
  observation: Observation<C, E>,
  piece: Arr.NonEmptyReadonlyArray<C>
): void => {
  observation.unfolded = piece
}

/** The upstream failed or ended (the consumer asked for more: it took everything handed on before). */
const failed = <C extends ChunkCommon.Common, E>(
  observation: Observation<C, E>,
  cause: PullCause<E>
): Effect.Effect<never, E | Cause.Done<void>> => {
  foldUnfolded(observation)
  observation.outcome = Pull.isDoneCause(cause) ? completed : outcomeOf(cause as Cause.Cause<E>)
  return Effect.failCause(cause)
}

/** The stream's scope closed: the observer is told how the stream ended. */
const ended = <C extends ChunkCommon.Common, E>(
  observation: Observation<C, E>,
  exit: Exit.Exit<unknown, unknown>
): Effect.Effect<void> => {
  foldUnfolded(observation)
  const outcome = observation.outcome ??
    (Exit.isFailure(exit) ? outcomeOf(exit.cause as Cause.Cause<E>) : interrupted)
  return observation.observer.onEnd(observation.accumulator, outcome, exit)
}

const foldUnfolded = <C extends ChunkCommon.Common, E>(observation: Observation<C, E>): void => {
  const piece = observation.unfolded
  if (piece === undefined) return
  observation.unfolded = undefined
  for (let index = 0; index < piece.length; index++) observation.accumulator.push(piece[index]!)
}

/** The observing stage's pull over the stream `self`, whose resources live in a scope of their own. */
const observing = <C extends ChunkCommon.Common, E, R>(
  self: Stream.Stream<C, E, R>,
  observation: Observation<C, E>,
  wholePieces: boolean,
  scope: Scope.Scope
) => {
  // The stream's scope keeps a single finalizer (two or more are closed by a slower path, measured at several
  // microseconds per call), which closes the upstream's scope and then tells the observer: the upstream is
  // released before `onEnd`.
  const upstreamScope = Scope.makeUnsafe()
  const upstreamOf = Channel.toPullScoped(self.channel, upstreamScope)
  const around = observation.observer.around
  const finalizer = (exit: Exit.Exit<unknown, unknown>) =>
    Effect.flatMap(
      Effect.exit(Scope.close(upstreamScope, exit)),
      (released) => Effect.andThen(ended(observation, exit), released)
    )
  return Effect.flatMap(
    Scope.addFinalizerExit(scope, finalizer),
    () =>
      Effect.map(around === undefined ? upstreamOf : around(upstreamOf), (upstream) => {
        const pulled = wholePieces ? piecePull(upstream, observation) : chunkPull(upstream, observation)
        const fromUpstream = pulled.fromUpstream
        // A context change costs three Effect steps a pull: made only until the first chunks.
        const beforeDelivery = around === undefined ? fromUpstream : around(fromUpstream)
        return Effect.suspend(() => {
          // The consumer pulls again: it took the piece handed on last, folded now rather than when the next one
          // arrives (held until then, a piece outlived scavenges under load and went to the old generation).
          foldUnfolded(observation)
          if (observation.stopped) {
            // A stream told to stop after a chunk ends at its next pull.
            observation.outcome = interrupted
            return Cause.done()
          }
          return pulled.held() ?? (observation.delivered ? fromUpstream : beforeDelivery)
        })
      })
  )
}

/** A pull handing on the chunks held from the last piece (`held`), or the next piece's first (`fromUpstream`). */
interface Pulled<C, E, R> {
  readonly held: () => Effect.Effect<Arr.NonEmptyReadonlyArray<C>> | undefined
  readonly fromUpstream: Pull.Pull<Arr.NonEmptyReadonlyArray<C>, E, void, R>
}

/** One chunk per pull, each folded as it is handed on. */
const chunkPull = <C extends ChunkCommon.Common, E, R>(
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<C>, E, void, R>,
  observation: Observation<C, E>
): Pulled<C, E, R> => {
  let held: Arr.NonEmptyReadonlyArray<C> | undefined
  let next = 0
  const handOn = (): Exit.Exit<Arr.NonEmptyReadonlyArray<C>> => {
    const piece = held!
    const chunk = piece[next++]!
    if (next === piece.length) held = undefined
    fold(observation, chunk)
    return Exit.succeed(piece.length === 1 ? piece : [chunk])
  }
  return {
    held: () => held === undefined ? undefined : handOn(),
    fromUpstream: Effect.matchCauseEffect(upstream, {
      onSuccess: (chunks) => {
        arrived(observation)
        held = chunks
        next = 0
        return handOn()
      },
      onFailure: (cause) => failed(observation, cause)
    })
  }
}

/** Hands on whole pieces, each folded when the consumer pulls again (with `onChunks`: at once, cut where it stops). */
const piecePull = <C extends ChunkCommon.Common, E, R>(
  upstream: Pull.Pull<Arr.NonEmptyReadonlyArray<C>, E, void, R>,
  observation: Observation<C, E>
): Pulled<C, E, R> => {
  const watched = (chunks: Arr.NonEmptyReadonlyArray<C>): Arr.NonEmptyReadonlyArray<C> => {
    for (let index = 0; index < chunks.length; index++) {
      if (fold(observation, chunks[index]!)) {
        return index + 1 === chunks.length ? chunks : (chunks.slice(0, index + 1) as unknown as typeof chunks)
      }
    }
    return chunks
  }
  const watches = observation.observer.onChunks !== undefined
  return {
    held: () => undefined,
    fromUpstream: Effect.matchCauseEffect(upstream, {
      onSuccess: (chunks) => {
        arrived(observation)
        if (watches) return Exit.succeed(watched(chunks))
        handedOn(observation, chunks)
        return Exit.succeed(chunks)
      },
      onFailure: (cause) => failed(observation, cause)
    })
  }
}

/** Folds the stream's chunks as they pass and runs `f` exactly once when it ends, with the fold and the outcome. */
export const observe = <C extends ChunkCommon.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  f: (accumulator: Accumulator, outcome: Outcome<E>) => Effect.Effect<void, never, R2>,
  onChunks?: ((accumulator: Accumulator) => boolean) | undefined,
  options?: Options
): Stream.Stream<C, E, R | R2> =>
  observeWith(
    self,
    Effect.contextWith((context: Context.Context<R2>) =>
      Effect.succeed({
        onEnd: (accumulator, outcome) => Effect.provideContext(f(accumulator, outcome), context),
        onChunks
      })
    ),
    options
  )
