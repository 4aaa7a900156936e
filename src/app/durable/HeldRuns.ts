/**
 * The runs this process replays, each by its fiber, so that one found to have lost a reply (`LostReplies`) is let go
 * of when its runner shuts down. Such a run waits in Effect's cluster for a reply it will never get, and its run
 * request is one the cluster does not interrupt as it shuts down (`Uninterruptible`): the shutdown waited the
 * cluster's `entityTerminationTimeout` (15 s) for it. Interrupting it while the runner holds its shard is no answer:
 * the cluster stores an interrupt sent to a step it waits on and starts the run again (its entity manager, on a run
 * request's interrupt). Once the runner is shutting down, it lets go of a run it can no longer serve (its interrupt
 * carries `ClusterSchema.Abandon`) without storing anything, the run left as it is for the next owner: that is how a
 * lost run is let go of, and nothing is written for it.
 *
 * @internal
 */
import * as ClusterSchema from "effect/cluster/ClusterSchema"
import * as Sharding from "effect/cluster/Sharding"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import type * as Workflow from "effect/workflow/Workflow"

export interface Service {
  /** `body`, the run `engineId` of `workflow` replaying in this process, kept by its fiber while it runs. */
  readonly held: <A, E, R>(
    workflow: Workflow.Any,
    engineId: string,
    body: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E, R>
  /**
   * Lets go of the run, found to have lost a reply, when its runner shuts down: its replay in this process, now or
   * later.
   */
  readonly release: (workflow: Workflow.Any, engineId: string) => Effect.Effect<void>
}

/** The runs in context: none kept unless an engine layer provides them (another engine has no lost replies). */
export const HeldRuns: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/HeldRuns",
  { defaultValue: () => ({ held: (_, __, body) => body, release: () => Effect.void }) }
)

/** How often a lost run's release reads whether its runner is shutting down. */
const shutdownPoll = Schedule.spaced("50 millis")

/** A run's key: its workflow and engine id. */
const keyOf = (workflow: Workflow.Any, engineId: string) => `${workflow._tag}/${engineId}`

/** Once the runner is shutting down, `fiber` is abandoned, as the cluster abandons a run it can no longer serve. */
const abandonAtShutdown = (sharding: Sharding.Sharding["Service"], fiber: Fiber.Fiber<unknown, unknown>) =>
  Effect.raceFirst(
    Fiber.await(fiber),
    Effect.repeat(sharding.isShutdown, { until: (down) => down, schedule: shutdownPoll }).pipe(
      Effect.andThen(Fiber.interruptAs(fiber, undefined, ClusterSchema.Abandon.annotation))
    )
  )

/**
 * The runs of a cluster's runner (Effect's `Sharding`): each replaying fiber by its run, and the runs found lost in
 * this process (a lost run's later replay here is let go of too: it may start after the loss is found).
 */
export const layerCluster: Layer.Layer<never, never, Sharding.Sharding> = Layer.effect(
  HeldRuns,
  Effect.map(Sharding.Sharding, (sharding): Service => {
    const fibers = new Map<string, Fiber.Fiber<unknown, unknown>>()
    const lost = new Set<string>()
    const released = new Set<Fiber.Fiber<unknown, unknown>>()
    const letGo = (fiber: Fiber.Fiber<unknown, unknown> | undefined) => {
      if (fiber === undefined || released.has(fiber)) return Effect.void
      released.add(fiber)
      return Effect.asVoid(Effect.forkDetach(
        Effect.ensuring(abandonAtShutdown(sharding, fiber), Effect.sync(() => released.delete(fiber)))
      ))
    }
    return {
      held: (workflow, engineId, body) =>
        Effect.withFiber((fiber) => {
          const key = keyOf(workflow, engineId)
          fibers.set(key, fiber)
          return (lost.has(key) ? Effect.andThen(letGo(fiber), body) : body).pipe(
            Effect.ensuring(Effect.sync(() => fibers.get(key) === fiber && fibers.delete(key)))
          )
        }),
      release: (workflow, engineId) =>
        Effect.suspend(() => {
          const key = keyOf(workflow, engineId)
          lost.add(key)
          return letGo(fibers.get(key))
        })
    }
  })
)
