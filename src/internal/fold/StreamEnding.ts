/**
 * How a stream of chunks ended, observed once: it completed (its end arrived), it failed (with its error, after
 * every chunk before the failure), it was interrupted (the consumer stopped, a timeout, a fiber interrupt, an
 * abort), or it died (a defect). The stream is folded (`Accumulator`) as its chunks pass, so whoever observes
 * the ending also has the response made of exactly the chunks the stream handed on.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Pull from "effect/Pull"
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

/**
 * The stream unchanged, folded as its chunks pass; `f` runs exactly once when it ends, however it ends, with
 * the fold and the outcome. A stream whose consumer stops before its end (`Stream.take`, an interrupted
 * fiber, a timeout) ended `Interrupted`.
 */
export const observe = <C extends ChunkCommon.Common, E, R, R2>(
  self: Stream.Stream<C, E, R>,
  f: (accumulator: Accumulator, outcome: Outcome<E>) => Effect.Effect<void, never, R2>
): Stream.Stream<C, E, R | R2> =>
  Stream.unwrap(Effect.gen(function*() {
    const accumulator = new Accumulator()
    // Decided by what the stream itself did; when it did neither (the consumer stopped first), by its scope.
    let outcome: Outcome<E> | undefined
    yield* Effect.addFinalizer((exit) =>
      Effect.suspend(() =>
        f(accumulator, outcome ?? (Exit.isFailure(exit) ? outcomeOf(exit.cause as Cause.Cause<E>) : interrupted))
      )
    )
    return Stream.transformPull(self, (upstream) =>
      Effect.succeed(Effect.matchCauseEffect(upstream, {
        onSuccess: (chunks) => {
          for (const chunk of chunks) accumulator.push(chunk)
          return Effect.succeed(chunks)
        },
        onFailure: (cause) => {
          outcome = Pull.isDoneCause(cause) ? completed : outcomeOf(cause as Cause.Cause<E>)
          return Effect.failCause(cause)
        }
      })))
  }))
