/**
 * The calls a durable loop makes to its engine on behalf of `run` and `approve`, each bounded and typed. Effect's
 * cluster engine turns a failure of its storage into a defect (`PersistenceError`, `SqlError`) and, when no runner
 * holds the run's shard, waits without end: here a storage call that fails is a `DurableLoopError`
 * (`Unavailable`), and one that does not answer within the loop's `storageTimeout` is one too (`Timeout`). The
 * wait for a run's end is not bounded (approvals may take hours), but the storage is read all along it, so a
 * storage that fails fails the wait within about one `storageTimeout`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import type * as Schema from "effect/Schema"
import type * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import { DurableLoopError } from "./DurableLoopError.js"
import * as EngineHealth from "./EngineHealth.js"

/** How long a storage call may take: a `Duration` input. */
export type Timeout = Duration.Input

/** How long a storage call may take unless the loop says otherwise: 30 seconds. */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/** The loop's storage timeout. */
export const timeoutOf = (timeout: Timeout | undefined): Duration.Duration =>
  timeout === undefined ? defaultTimeout : Duration.fromInputUnsafe(timeout)

/** How often a waiting `run` reads whether its run ended, and whether the storage still answers. */
const pollEvery = Duration.seconds(1)

/** What failed in the storage, by the names of its errors (never their text: it may name hosts or users). */
const describe = (cause: Cause.Cause<unknown>): string => {
  const tags = new Set<string>()
  for (const reason of cause.reasons) {
    const error = reason._tag === "Fail" ? reason.error : reason._tag === "Die" ? reason.defect : undefined
    const tag = typeof error === "object" && error !== null ? (error as { _tag?: unknown })._tag : undefined
    tags.add(typeof tag === "string" ? tag : error instanceof Error ? error.name : "unknown error")
  }
  return [...tags].join(", ")
}

/** The storage calls of one run. */
export const make = (executionId: string, timeout: Duration.Duration) => {
  const error = (reason: "Unavailable" | "Timeout", message: string) =>
    new DurableLoopError({ reason, executionId, message })
  const timedOut = error("Timeout", `the durable loop's storage did not answer within ${Duration.format(timeout)}`)
  const unavailable = (cause: Cause.Cause<unknown>) =>
    error("Unavailable", `the durable loop's storage failed (${describe(cause)})`)

  /** The call's failures and defects as `Unavailable` (an interruption stays one). */
  const typed = <A, R>(effect: Effect.Effect<A, never, R>): Effect.Effect<A, DurableLoopError, R> =>
    Effect.catchCause(
      effect,
      (cause) =>
        Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause as Cause.Cause<never>) : Effect.fail(unavailable(cause))
    )

  /**
   * A call that reads or writes the storage, failing with `Unavailable`, or with `Timeout` after `timeout`. The
   * call runs in a fiber of its own, interrupted in the background when it is late: the engine's storage calls
   * can be uninterruptible, and a caller must not wait for them to give up.
   */
  const stored = <A, R>(effect: Effect.Effect<A, never, R>): Effect.Effect<A, DurableLoopError, R> =>
    Effect.flatMap(Effect.forkDetach(typed(effect)), (fiber) =>
      Effect.raceFirst(
        Fiber.join(fiber),
        Effect.andThen(Effect.sleep(timeout), Effect.fail(timedOut))
      ).pipe(
        Effect.onExit((exit) =>
          Exit.isFailure(exit) ? Effect.asVoid(Effect.forkDetach(Fiber.interrupt(fiber))) : Effect.void
        )
      ))

  return {
    stored,
    /** Starts the run, or finds it started: stored, or failed. */
    started: <Name extends string, P extends Workflow.AnyStructSchema, S extends Schema.Top, E extends Schema.Top>(
      workflow: Workflow.Workflow<Name, P, S, E>,
      engineId: string,
      payload: P["Type"]
    ) =>
      Effect.flatMap(
        WorkflowEngine.WorkflowEngine,
        // Started without waiting: the run's own failure comes later, to `ended`.
        (engine) => stored(Effect.orDie(engine.execute(workflow, { executionId: engineId, payload, discard: true })))
      ),
    /**
     * The run's end: its stored result, or its failure, as soon as the engine has it. Meanwhile the storage is read
     * every second (each read within `timeout`), so a storage that fails, or stops answering, fails the wait, as
     * does a run that no runner holds for `timeout` (`EngineHealth`: a single runner whose shard locks fail).
     */
    ended: <Name extends string, P extends Workflow.AnyStructSchema, S extends Schema.Top, E extends Schema.Top>(
      workflow: Workflow.Workflow<Name, P, S, E>,
      engineId: string,
      payload: P["Type"]
    ) =>
      Effect.gen(function*() {
        const engine = yield* WorkflowEngine.WorkflowEngine
        const health = yield* EngineHealth.EngineHealth
        const unheld = error("Unavailable", "no runner holds the run: the durable loop's shard storage is failing")
        const watch = (
          unheldSince: number | undefined
        ): Effect.Effect<S["Type"], E["Type"] | DurableLoopError, S["DecodingServices"] | E["DecodingServices"]> =>
          Effect.gen(function*() {
            const result = yield* stored(engine.poll(workflow, engineId))
            if (Option.isSome(result) && result.value._tag === "Complete") return yield* result.value.exit
            const now = yield* Clock.currentTimeMillis
            const since = (yield* health.holds(workflow, engineId)) === false ? unheldSince ?? now : undefined
            if (since !== undefined && now - since >= Duration.toMillis(timeout)) return yield* Effect.fail(unheld)
            return yield* Effect.andThen(Effect.sleep(pollEvery), watch(since))
          })
        const joined = engine.execute(workflow, { executionId: engineId, payload }).pipe(
          Effect.catchDefect((defect) => Effect.fail(unavailable(Cause.die(defect))))
        )
        return yield* Effect.raceFirst(joined, watch(undefined))
      })
  }
}
