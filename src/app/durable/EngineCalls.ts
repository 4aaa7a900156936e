/**
 * The calls a durable loop makes to its engine on behalf of `run` and `approve`, each bounded and typed. Effect's
 * cluster engine turns a failure of its storage into a defect (`PersistenceError`, `SqlError`) and, when no runner
 * holds the run's shard, waits without end: here a storage call that fails is a `DurableLoopError`
 * (`Unavailable`; what it gave back did not decode: `InvalidRecord`), and one that does not answer within the loop's
 * `storageTimeout` is one too (`Timeout`). The wait for a run's end is not bounded (approvals may take hours), but
 * the storage is read all along it, so a storage that fails fails the wait within about twice `storageTimeout`, and
 * a run whose reply was deleted (`LostReplies`) fails it at the next read (`InvalidRecord`).
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
import type * as Workflow from "effect/workflow/Workflow"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import type * as ProviderError from "../../core/ProviderError.js"
import { DurableLoopError } from "./DurableLoopError.js"
import * as EngineHealth from "./EngineHealth.js"
import * as InvalidRecord from "./InvalidRecord.js"
import * as LiveView from "./LiveView.js"
import type * as LoopBody from "./LoopBody.js"
import * as LostReplies from "./LostReplies.js"

/** How long a storage call may take: a `Duration` input. */
export type Timeout = Duration.Input

/** How long a storage call may take unless the loop says otherwise: 30 seconds. */
export const defaultTimeout: Duration.Duration = Duration.seconds(30)

/** The loop's storage timeout. */
export const timeoutOf = (timeout: Timeout | undefined): Duration.Duration =>
  timeout === undefined ? defaultTimeout : Duration.fromInputUnsafe(timeout)

/**
 * How long a waiting `run` waits before it reads again whether its run ended (and so whether the storage still
 * answers): a second at first, half as long again each time, at most the loop's `storageTimeout`, so that a run
 * waiting hours for approval reads the storage about twice a minute.
 */
const nextWait = (wait: Duration.Duration, timeout: Duration.Duration): Duration.Duration =>
  Duration.min(Duration.times(wait, 1.5), timeout)

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

/** The storage calls of one run: its id (in errors) and the loop's `storageTimeout`. */
export interface Calls {
  readonly executionId: string
  readonly timeout: Duration.Duration
}

/** The storage calls of the run `executionId`. */
export const make = (executionId: string, timeout: Duration.Duration): Calls => ({ executionId, timeout })

const error = (calls: Calls, reason: "Unavailable" | "Timeout", message: string) =>
  new DurableLoopError({ reason, executionId: calls.executionId, message })

/**
 * What a failure of the storage is: `InvalidRecord` when what it gave back did not decode (the engine dies with a
 * `SchemaError`: a record changed on disk), else `Unavailable`.
 */
const failureOf = (calls: Calls, cause: Cause.Cause<unknown>): Effect.Effect<DurableLoopError> =>
  InvalidRecord.isUnreadable(cause)
    ? InvalidRecord.failure(calls.executionId, cause)
    : Effect.succeed(error(calls, "Unavailable", `the durable loop's storage failed (${describe(cause)})`))

/** The call's failures and defects as `Unavailable` or `InvalidRecord` (an interruption stays one). */
const typed = <A, R>(calls: Calls, effect: Effect.Effect<A, never, R>): Effect.Effect<A, DurableLoopError, R> =>
  Effect.catchCause(effect, (cause) =>
    Cause.hasInterruptsOnly(cause)
      ? Effect.failCause(cause as Cause.Cause<never>)
      : Effect.flatMap(failureOf(calls, cause), Effect.fail))

/**
 * A call that reads or writes the storage, failing with `Unavailable`, or with `Timeout` after the timeout. The
 * call runs in a fiber of its own, interrupted in the background when it is late: the engine's storage calls can
 * be uninterruptible, and a caller must not wait for them to give up.
 */
export const stored = <A, R>(calls: Calls, effect: Effect.Effect<A, never, R>): Effect.Effect<A, DurableLoopError, R> =>
  Effect.flatMap(Effect.forkDetach(typed(calls, effect)), (fiber) => {
    const late = error(
      calls,
      "Timeout",
      `the durable loop's storage did not answer within ${Duration.format(calls.timeout)}`
    )
    return Effect.raceFirst(Fiber.join(fiber), Effect.andThen(Effect.sleep(calls.timeout), Effect.fail(late))).pipe(
      Effect.onExit((exit) =>
        Exit.isFailure(exit) ? Effect.asVoid(Effect.forkDetach(Fiber.interrupt(fiber))) : Effect.void
      )
    )
  })

/** A durable loop's workflow. */
export type Flow = Workflow.Workflow<
  string,
  typeof LoopBody.Payload,
  typeof LoopBody.DoneRecord,
  typeof LoopBody.RunError
>

/** Starts the run, or finds it started: stored, or failed. */
export const started = (calls: Calls, workflow: Flow, engineId: string, payload: typeof LoopBody.Payload.Type) =>
  Effect.flatMap(
    WorkflowEngine.WorkflowEngine,
    // Started without waiting: the run's own failure comes later, to `ended`.
    (engine) => stored(calls, Effect.orDie(engine.execute(workflow, { executionId: engineId, payload, discard: true })))
  )

/**
 * The failure of a run that lost replies (`keys`): it cannot go on, nor end on its own, so its live view ends here
 * with the failure (its replay, waiting for ever, is let go of when its runner gives up its shard: `HeldRuns`).
 */
const lostRun = (calls: Calls, live: LiveView.Run, keys: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const failure = yield* InvalidRecord.missing(calls.executionId, keys)
    yield* Effect.flatMap(LiveView.LiveView, (view) => view.close(live, failure))
    return yield* Effect.fail(failure)
  })

/**
 * Reads whether the run ended, again and again (`nextWait`; each read within the timeout), until it did: a read
 * that fails fails, as does a run that no runner has held for the timeout (`EngineHealth`), or one whose storage
 * lost a reply (`LostReplies`: it would wait without end, seen as waiting for approval).
 */
const watch = (
  calls: Calls,
  workflow: Flow,
  engineId: string,
  live: LiveView.Run,
  unheldSince: number | undefined,
  wait: Duration.Duration
): Effect.Effect<
  typeof LoopBody.DoneRecord.Type,
  ProviderError.ProviderError | DurableLoopError,
  WorkflowEngine.WorkflowEngine
> =>
  Effect.gen(function*() {
    const engine = yield* WorkflowEngine.WorkflowEngine
    const result = yield* stored(calls, engine.poll(workflow, engineId))
    if (Option.isSome(result) && result.value._tag === "Complete") return yield* result.value.exit
    const lost = yield* stored(
      calls,
      Effect.flatMap(LostReplies.LostReplies, (check) => Effect.orDie(check.lost(workflow, engineId)))
    )
    if (lost !== undefined && lost.length > 0) return yield* lostRun(calls, live, lost)
    const now = yield* Clock.currentTimeMillis
    const held = yield* Effect.flatMap(EngineHealth.EngineHealth, (health) => health.holds(workflow, engineId))
    const since = held === false ? unheldSince ?? now : undefined
    if (since !== undefined && now - since >= Duration.toMillis(calls.timeout)) {
      return yield* Effect.fail(
        error(calls, "Unavailable", "no runner holds the run: the durable loop's shard storage is failing")
      )
    }
    yield* Effect.sleep(wait)
    return yield* watch(calls, workflow, engineId, live, since, nextWait(wait, calls.timeout))
  })

/**
 * The run's end: its stored result, or its failure, as soon as the engine has it. Meanwhile `watch` reads the
 * storage, so a storage that fails, or stops answering, fails the wait within about twice the timeout, as does a
 * run that no runner holds for the timeout (a single runner whose shard locks fail), or whose storage lost a reply.
 */
export const ended = (calls: Calls, workflow: Flow, engineId: string, payload: typeof LoopBody.Payload.Type) =>
  Effect.flatMap(WorkflowEngine.WorkflowEngine, (engine) =>
    Effect.raceFirst(
      engine.execute(workflow, { executionId: engineId, payload }),
      watch(
        calls,
        workflow,
        engineId,
        { executionId: calls.executionId, owner: payload.owner },
        undefined,
        Duration.min(Duration.seconds(1), calls.timeout)
      )
    ).pipe(
      // The engine's defects (its stored end that does not decode: `InvalidRecord`), and a run whose body died.
      Effect.catchDefect((defect) => Effect.flatMap(failureOf(calls, Cause.die(defect)), Effect.fail))
    ))
