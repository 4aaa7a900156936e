/**
 * A durable run's answer raced against the run's asking, each order forced: a wrapper of the `WorkflowEngine` that
 * records each read (`deferredResult`) and write (`deferredDone`) of its storage as a step of one side (`approve`, the
 * answer, or the run) and holds the `pauses`: one side waits before a step (or, `after`, before going on from it) until
 * the other has done one of its `until` steps (or `approve` has returned). Shared by the race tests of
 * test/app/durable/ (an approval, a tool's form, the budget question).
 */
import { assert } from "@effect/vitest"
import { Context, Deferred, Effect, Layer } from "effect"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"

/** Which side does a step of the engine's storage: `approve` (marked), or the run (every step not marked). */
export const Side = Context.Reference<"answer" | "run">("test/AnswerRace/Side", { defaultValue: () => "run" })

/** A step: its side, whether it reads or writes, the deferred's name and which time that side does it (`#1`). */
export type Step = `${"answer" | "run"}:${"read" | "write"}:${string}#${number}`

/**
 * Where one side waits: before `step` (or, `after`, once it is done, before going on) until the other side has done
 * one of `until` (or `approve` has returned: `answered`).
 */
export interface Pause {
  readonly step: Step
  readonly until: ReadonlyArray<Step | "answered">
  readonly after?: true
}

/** An order of the two sides' steps: its name and the pauses that force it. */
export interface Order {
  readonly name: string
  readonly pauses: ReadonlyArray<Pause>
}

/** The engine's storage with each step recorded in `taken` as done (and its `Deferred` done), the `pauses` held. */
const gated = (
  pauses: ReadonlyArray<Pause>,
  done: (step: Step | "answered") => Deferred.Deferred<void>,
  taken: Array<string>
) =>
  Layer.effect(
    WorkflowEngine.WorkflowEngine,
    Effect.map(WorkflowEngine.WorkflowEngine, (engine) => {
      const counts = new Map<string, number>()
      const hold = (pause: Pause | undefined) =>
        pause === undefined ? Effect.void : Effect.raceAll(pause.until.map((until) => Deferred.await(done(until))))
      const around = <A, E, R>(kind: "read" | "write", name: string, step: Effect.Effect<A, E, R>) =>
        Effect.flatMap(Side, (side) => {
          const key = `${side}:${kind}:${name}`
          const at: Step = `${key}#${(counts.get(key) ?? 0) + 1}` as Step
          counts.set(key, (counts.get(key) ?? 0) + 1)
          const held = pauses.filter((pause) => pause.step === at)
          return hold(held.find((pause) => !pause.after)).pipe(
            Effect.andThen(step),
            Effect.tap(() => Effect.andThen(Effect.sync(() => taken.push(at)), Deferred.succeed(done(at), undefined))),
            Effect.tap(() => hold(held.find((pause) => pause.after)))
          )
        })
      const wrapped: WorkflowEngine.WorkflowEngine["Service"] = WorkflowEngine.WorkflowEngine.of({
        ...engine,
        // The memory engine gives a run itself as the engine: the run is given this one instead, and is the run's
        // side even when `approve`'s answer wakes it (the memory engine resumes it from the fiber that answers).
        register: (workflow, execute) =>
          engine.register(workflow, (payload, executionId) =>
            execute(payload, executionId).pipe(
              Effect.provideService(WorkflowEngine.WorkflowEngine, wrapped),
              Effect.provideService(Side, "run")
            )),
        deferredResult: (deferred) => around("read", deferred.name, engine.deferredResult(deferred)),
        deferredDone: (deferred, options) => around("write", deferred.name, engine.deferredDone(deferred, options))
      })
      return wrapped
    })
  )

/**
 * A race forced as `order` says: `layer`, the engine's storage gated (to provide under the agent's layer, over the
 * engine); `answering`, `approve`'s side of it (its steps marked, `answered` once it returns); `taken`, the steps in
 * the order they were done; `held`, asserting that each pause held (the step it waited for done before the one it
 * held, or, `after`, once that one was done).
 */
export const forced = (order: Order) => {
  const steps = new Map<string, Deferred.Deferred<void>>()
  const done = (step: string) => {
    if (!steps.has(step)) steps.set(step, Deferred.makeUnsafe<void>())
    return steps.get(step)!
  }
  const taken: Array<string> = []
  return {
    layer: gated(order.pauses, done, taken),
    taken: taken as ReadonlyArray<string>,
    answering: <A, E, R>(answer: Effect.Effect<A, E, R>) =>
      answer.pipe(
        Effect.provideService(Side, "answer"),
        Effect.ensuring(
          Effect.andThen(Effect.sync(() => taken.push("answered")), Deferred.succeed(done("answered"), undefined))
        )
      ),
    held: () => {
      for (const pause of order.pauses) {
        const at = taken.indexOf(pause.step)
        const waited = pause.until.some((until) =>
          taken.includes(until) && (pause.after ? taken.indexOf(until) > at : taken.indexOf(until) < at)
        )
        assert.isTrue(at >= 0 && waited, `${order.name}: ${pause.step} held (${taken.join(", ")})`)
      }
    }
  }
}

/**
 * An order of an answer to a call's first asking against the run's recording of it (`ApprovalKeys.markAsked`), with
 * what `approve` does in it to an answer that does not fit (kept or refused) and whether the run reads that answer
 * ahead (and drops it, logged).
 */
export interface AskingOrder extends Order {
  readonly misfit: "kept" | "refused"
  readonly runReadsAhead: boolean
}

/**
 * The orders of `approve`'s reads and writes (`asks/1/<id>` read, `ahead/<id>` kept, `asks/1/<id>` read again) against
 * the run's (`asks/1/<id>` recorded, `ahead/<id>` read) for the call `callId`. The order where neither side sees the
 * other cannot happen: each side writes before its last read.
 */
export const askingOrders = (callId: string): ReadonlyArray<AskingOrder> => {
  const asks = `asks/1/${callId}`
  const ahead = `ahead/${callId}`
  // Both sides write before either reads again: approve has read "not asked", the run has recorded its asking.
  const bothWrite: ReadonlyArray<Pause> = [
    { step: `run:write:${asks}#1`, until: [`answer:read:${asks}#1`] },
    { step: `answer:write:${ahead}#1`, until: [`run:write:${asks}#1`] }
  ]
  return [
    {
      name: "the run asks and reads nothing ahead, then the answer comes",
      pauses: [{ step: `answer:read:approval/${callId}#1`, until: [`run:read:${ahead}#1`] }],
      misfit: "refused",
      runReadsAhead: false
    },
    {
      name: "the answer is kept, then the run asks and takes it",
      pauses: [{ step: `run:write:${asks}#1`, until: ["answered"] }],
      misfit: "kept",
      runReadsAhead: true
    },
    {
      name: "approve reads 'not asked'; the run asks and reads nothing ahead; approve keeps it, reads 'asked', checks",
      pauses: [
        { step: `run:write:${asks}#1`, until: [`answer:read:${asks}#1`] },
        { step: `answer:write:${ahead}#1`, until: [`run:read:${ahead}#1`] }
      ],
      misfit: "refused",
      runReadsAhead: false
    },
    {
      name: "both see the other: the run checks what is ahead first, then approve",
      pauses: [
        ...bothWrite,
        { step: `run:read:${ahead}#1`, until: [`answer:write:${ahead}#1`] },
        {
          step: `answer:read:${asks}#2`,
          until: [`run:write:approval/${callId}#1`, `run:write:dropped/${callId}#1`]
        }
      ],
      misfit: "refused",
      runReadsAhead: true
    },
    {
      name: "both see the other: approve checks first, then the run reads what is ahead",
      pauses: [...bothWrite, { step: `run:read:${ahead}#1`, until: ["answered"] }],
      misfit: "refused",
      runReadsAhead: true
    }
  ]
}
