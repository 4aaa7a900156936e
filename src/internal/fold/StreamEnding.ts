/**
 * How a stream of chunks ended, observed once: it completed (its end arrived), it failed (with its error, after
 * every chunk before the failure), it was interrupted (the consumer stopped, a timeout, a fiber interrupt, an
 * abort), or it died (a defect). The stream is folded (`Accumulator`) as its chunks pass, one at a time, so
 * whoever observes the ending also has the response made of exactly the chunks the consumer received (not
 * of the whole network piece that carried the last of them).
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

/** The outcome a failure cause of the stream (or of its scope) stands for. */
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
  /**
   * Called after each chunk the stream hands on is folded; `true` ends the stream after that chunk,
   * `Interrupted` (its upstream released, nothing more read).
   */
  readonly onChunks?: ((accumulator: Accumulator) => boolean) | undefined
  /** Runs the stream's own effects (its start and every pull) in a context of the observer's (a parent span). */
  readonly around?: (<A, E2, R2>(effect: Effect.Effect<A, E2, R2>) => Effect.Effect<A, E2, R2>) | undefined
}

/**
 * The stream unchanged, folded as its chunks pass, as one stage: `start` runs when the stream starts (before the
 * stream's own start, so a stream that fails to start is observed too) and gives the observer, whose `onEnd`
 * runs exactly once when the stream ends; `undefined` leaves the stream as it is, at no cost per chunk. A
 * stream whose consumer stops before its end (`Stream.take`, an interrupted fiber, a timeout) ended
 * `Interrupted`.
 */
export const observeWith = <C extends ChunkCommon.Common, E, R, R3>(
  self: Stream.Stream<C, E, R>,
  start: Effect.Effect<Observer<E> | undefined, never, R3>
): Stream.Stream<C, E, R | R3> =>
  Stream.fromChannel(
    Channel.fromTransform((_: Pull.Pull<unknown, unknown, unknown>, scope: Scope.Scope) =>
      Effect.flatMap(start, (observer) => {
        if (observer === undefined) return Channel.toPullScoped(self.channel, scope)
        const accumulator = new Accumulator()
        // Decided by what the stream itself did; when it did neither (the consumer stopped first), by its scope.
        let outcome: Outcome<E> | undefined
        let first = observer.onFirst
        const around = observer.around
        const onChunks = observer.onChunks
        let stopped = false
        // The upstream's resources live in a scope of their own that the observer's one finalizer closes before
        // it observes: the stream's scope keeps a single finalizer (two or more are closed by a slower path,
        // measured at several microseconds per call), and the upstream is released before `onEnd`, as before.
        const upstreamScope = Scope.makeUnsafe()
        const upstreamOf = Channel.toPullScoped(self.channel, upstreamScope)
        const end = (exit: Exit.Exit<unknown, unknown>) =>
          Effect.suspend(() =>
            observer.onEnd(
              accumulator,
              outcome ?? (Exit.isFailure(exit) ? outcomeOf(exit.cause as Cause.Cause<E>) : interrupted),
              exit
            )
          )
        return Effect.flatMap(
          Scope.addFinalizerExit(scope, (exit) =>
            Effect.flatMap(
              Effect.exit(Scope.close(upstreamScope, exit)),
              (released) => Effect.andThen(end(exit), released)
            )),
          () =>
            Effect.map(around === undefined ? upstreamOf : around(upstreamOf), (upstream) => {
              // Chunks are handed on one at a time, each folded as it is handed on: a consumer that stops
              // (`Stream.take`, an interrupt) has taken exactly the chunks folded, whatever piece of the network
              // carried them. The rest of a piece waits here, never folded unless it is pulled.
              let held: Arr.NonEmptyReadonlyArray<C> | undefined
              let next = 0
              const handOn = (chunks: Arr.NonEmptyReadonlyArray<C>): Arr.NonEmptyReadonlyArray<C> => {
                const chunk = chunks[next++]!
                if (next === chunks.length) held = undefined
                accumulator.push(chunk)
                if (onChunks !== undefined) stopped = onChunks(accumulator)
                return chunks.length === 1 ? chunks : [chunk]
              }
              const fromHeld = Effect.sync(() => handOn(held!))
              const fromUpstream = Effect.matchCauseEffect(upstream, {
                onSuccess: (chunks) => {
                  if (first !== undefined) {
                    first()
                    first = undefined
                  }
                  held = chunks
                  next = 0
                  return Effect.succeed(handOn(chunks))
                },
                onFailure: (cause) => {
                  outcome = Pull.isDoneCause(cause) ? completed : outcomeOf(cause as Cause.Cause<E>)
                  return Effect.failCause(cause)
                }
              })
              const pulled = Effect.suspend(() => held !== undefined ? fromHeld : fromUpstream)
              // A stream told to stop after a chunk ends at its next pull.
              const guarded = onChunks === undefined ? pulled : Effect.suspend(() => {
                if (!stopped) return pulled
                outcome = interrupted
                return Cause.done()
              })
              return around === undefined ? guarded : around(guarded)
            })
        )
      })
    )
  )

/**
 * The stream unchanged, folded as its chunks pass; `f` runs exactly once when it ends, however it ends, with
 * the fold and the outcome. A stream whose consumer stops before its end (`Stream.take`, an interrupted
 * fiber, a timeout) ended `Interrupted`.
 */
export const observe = <C extends ChunkCommon.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  f: (accumulator: Accumulator, outcome: Outcome<E>) => Effect.Effect<void, never, R2>,
  onChunks?: ((accumulator: Accumulator) => boolean) | undefined
): Stream.Stream<C, E, R | R2> =>
  observeWith(
    self,
    Effect.contextWith((context: Context.Context<R2>) =>
      Effect.succeed({
        onEnd: (accumulator, outcome) => Effect.provideContext(f(accumulator, outcome), context),
        onChunks
      })
    )
  )
