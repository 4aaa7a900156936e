/**
 * The work of a durable loop's activities running in this process, joined by the activity. The engine aborts an
 * activity whose run it preempts (a durable deferred completed while the run was replaying: an approval racing a
 * takeover) and runs it again on the next replay; its work then goes on, and the new attempt joins it instead of
 * calling the model or the handler a second time. Only a crash (the process gone) makes the work start again.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"

/** Runs `work` under `key` in a fiber of its own, or joins the one already running it. */
export type Once = <A, E, R>(key: string, work: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>

/** A table of the work in flight, kept by one durable loop (its keys name the run and the activity). */
export const make = (): Once => {
  const running = new Map<string, Fiber.Fiber<unknown, unknown>>()
  return <A, E, R>(key: string, work: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      const current = running.get(key) as Fiber.Fiber<A, E> | undefined
      const fiber = current === undefined
        ? Effect.tap(Effect.forkDetach(work), (fiber) => Effect.sync(() => running.set(key, fiber)))
        : Effect.succeed(current)
      return Effect.flatMap(fiber, (fiber) =>
        Effect.onExit(Fiber.join(fiber), (exit) =>
          // An attempt aborted while the work goes on leaves it for the next one to join.
          Exit.isFailure(exit) && Cause.hasInterruptsOnly(exit.cause)
            ? Effect.void
            : Effect.sync(() => running.delete(key))))
    })
}
