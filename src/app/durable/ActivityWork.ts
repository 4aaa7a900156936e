/**
 * The work of a durable loop's activities in this process, done once per activity whatever the engine does with
 * the activity, until the engine has recorded what it came to.
 *
 * Effect 4.1's cluster engine runs an activity again, in the same process, in two ways: it aborts an activity
 * whose run it preempts (a durable deferred completed while the run was replaying: an approval racing a takeover)
 * and runs it again on the next replay; and it discards what a finished activity came to when the runner cannot
 * confirm that it still holds the run's shard as it saves the reply (`entityManager`: "A runner that lost the shard
 * must not decide the stored result", `Sharding.confirmShardLock`), leaving the request to be run again once the
 * shard is taken back. On PostgreSQL the shard locks are advisory locks of one session: PostgreSQL stopped and
 * started again (`pg_ctl stop -m fast`) ends that session, so the first reply saved after the restart, before the
 * runner's next lock refresh (every 10 s by default) noticed, was discarded and its activity run again some 30 s
 * later: an approved tool's handler ran twice (issue 95).
 *
 * So each activity's work runs in a fiber of its own, kept under the activity's key until the workflow has the
 * activity's result back from the engine (then it is stored): an attempt that comes meanwhile joins that work, in
 * flight or done, instead of calling the model or the handler again. Only a crash (the process gone), or work that
 * died rather than came to a result, makes the work start again. What is kept is bounded (`maxKept` finished
 * works, the oldest forgotten first): a run taken over by another runner leaves its work here.
 *
 * The works are the loop's layer's: one table for each time the layer is built. Closing the layer (a runtime
 * disposed as its process shuts down) interrupts the work in flight, as the process's end would, and a later
 * attempt waits for the engine's own shutdown to interrupt it, recording nothing: a handler cut so runs again on
 * the next owner of the run, as after a crash (docs/durable.md, "Exactly once"). Left running, a handler ran on
 * after its runtime was closed, on its closed services, and a runtime built again in the same process joined it,
 * waiting for as long as it waited.
 *
 * Not a claim recorded in the run's journal before the handler runs: the engine records it as it records any
 * activity's result, through the same reply it may discard (so the claim would wait for the shard, and could be
 * lost the same way), and another process reading it could not tell a handler that crashed (to run again, as
 * documented) from one still running; the process that ran the handler is the one that holds its result. A model
 * step is also claimed across processes, in a table of its own under a lease (`StepClaims`), for when the run moves
 * to another runner while the model answers.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import type * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import type * as Scope from "effect/Scope"

/**
 * The activity `activity` makes of `work` (as its `execute`): `work` done once in this process under `key` (the
 * run and the activity), and forgotten once the activity gave its result back.
 */
export type Once = <A, E, R, B, E2, R2>(
  key: string,
  work: Effect.Effect<A, E, R>,
  activity: (execute: Effect.Effect<A, E, R>) => Effect.Effect<B, E2, R2>
) => Effect.Effect<B, E2, R2>

/** How many finished works one loop keeps for activities whose result the engine has not given back yet. */
export const maxKept = 10_000

/**
 * Whether an exit is a result (a success or a typed failure), rather than a defect or an interruption: the work's,
 * kept for the next attempt; the activity's, given back by the engine once it stored it.
 */
const isResult = (exit: Exit.Exit<unknown, unknown>): boolean =>
  exit._tag === "Success" || (!Cause.hasInterrupts(exit.cause) && !Cause.hasDies(exit.cause))

/**
 * A table of the work of one durable loop's activities: in flight, or done and not yet recorded; the works in flight
 * interrupted when the scope (the loop's layer's) closes, and none started after.
 */
export const make: Effect.Effect<Once, never, Scope.Scope> = Effect.suspend(() => {
  // Insertion order is the order the works started: the oldest finished ones are forgotten first.
  const works = new Map<string, { readonly fiber: Fiber.Fiber<unknown, unknown>; done: boolean }>()
  let closed = false
  const close = Effect.suspend(() => {
    closed = true
    return Fiber.interruptAll(Array.from(works.values(), (work) => work.fiber))
  })
  const forgetOldest = () => {
    let finished = 0
    for (const work of works.values()) if (work.done) finished++
    for (const [key, work] of works) {
      if (finished <= maxKept) return
      if (work.done) {
        works.delete(key)
        finished--
      }
    }
  }
  const joined = <A, E, R>(key: string, work: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.suspend(() => {
      const kept = works.get(key)
      if (kept !== undefined) return Fiber.join(kept.fiber as Fiber.Fiber<A, E>)
      // The layer is closing: the engine, which closes next, interrupts this attempt; nothing is recorded.
      if (closed) return Effect.never
      return Effect.flatMap(Effect.forkDetach(work), (fiber) => {
        const entry = { fiber: fiber as Fiber.Fiber<unknown, unknown>, done: false }
        works.set(key, entry)
        fiber.addObserver((exit) => {
          // Work that died (the engine's storage failing under it, say) is done again by the next attempt.
          if (!isResult(exit)) {
            if (works.get(key) === entry) works.delete(key)
            return
          }
          entry.done = true
          forgetOldest()
        })
        return Fiber.join(fiber)
      })
    })
  const once: Once = (key, work, activity) =>
    Effect.onExit(
      activity(joined(key, work)),
      (exit) => isResult(exit) ? Effect.sync(() => works.delete(key)) : Effect.void
    )
  return Effect.as(Effect.addFinalizer(() => close), once)
})
