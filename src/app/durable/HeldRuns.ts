/**
 * The runs this process replays, each let go of as soon as its runner no longer holds the run's shard: the shard
 * handed over to a runner that joined the cluster (or taken from this one), or the runner shutting down. A run
 * request is one Effect's cluster does not interrupt as it gives up a shard (`Uninterruptible`): it waits
 * `entityTerminationTimeout` (15 s by default) for the run to end. A run replaying as its shard moves cannot end
 * here: its next step is a request to its own entity, which the runner giving the shard up no longer serves (the
 * request waits for the shard's next owner), and a step's result this runner can no longer confirm it may save is
 * left for the next owner too (its entity manager: "a runner that lost the shard must not decide the stored
 * result"). So the hand-over waited the whole timeout, and a run approved as runners joined went on 15 s late.
 *
 * Let go of, a run's interrupt carries `ClusterSchema.Abandon`: the cluster stores nothing for it (no reply, no
 * interrupt of the step it waited on, as its entity is being torn down) and the run is left as it is, for the next
 * owner to replay from its records. A step in flight is not interrupted: the shard waits for it, as before, and its
 * result is recorded for the next owner. Interrupting a run while its runner holds its shard is no answer: the cluster
 * stores an interrupt sent to a step it waits on and starts the run again (its entity manager, on a run request's
 * interrupt). A run found to have lost a reply (`LostReplies`) waits for ever, and is let go of the same way, at the
 * latest when its runner shuts down.
 *
 * @internal
 */
import * as ClusterSchema from "effect/cluster/ClusterSchema"
import * as EntityId from "effect/cluster/EntityId"
import * as Sharding from "effect/cluster/Sharding"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Schedule from "effect/Schedule"
import type * as Workflow from "effect/workflow/Workflow"

export interface Service {
  /** `body`, the run `engineId` of `workflow` replaying in this process, let go of once its shard is not held here. */
  readonly held: <A, E, R>(
    workflow: Workflow.Any,
    engineId: string,
    body: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E, R>
}

/** The runs in context: none let go of unless an engine layer provides them (another engine has no shards). */
export const HeldRuns: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/HeldRuns",
  { defaultValue: () => ({ held: (_, __, body) => body }) }
)

/**
 * How often a replaying run reads whether its runner still holds its shard (a read of memory), and how long it waits
 * once it does not, for the cluster to begin tearing the run's entity down: a step the run waits on is then not sent
 * an interrupt as the run is let go of.
 */
const shardPoll = Duration.millis(100)

/** The shard of the run `engineId`, as Effect's cluster engine addresses it. */
const shardOf = (sharding: Sharding.Sharding["Service"], workflow: Workflow.Any, engineId: string) => {
  const entityId = EntityId.make(engineId)
  return sharding.getShardId(entityId, Context.get(workflow.annotations, ClusterSchema.ShardGroup)(entityId))
}

/**
 * Once the runner no longer holds `shardId` (given up, or shutting down), `fiber` is abandoned, as the cluster
 * abandons a run it can no longer serve. Not awaited: the fiber's own end interrupts this watch.
 */
const abandonOnceGone = (
  sharding: Sharding.Sharding["Service"],
  shardId: ReturnType<Sharding.Sharding["Service"]["getShardId"]>,
  fiber: Fiber.Fiber<unknown, unknown>
) =>
  Effect.repeat(Effect.sync(() => sharding.hasShardId(shardId)), {
    while: (held) => held,
    schedule: Schedule.spaced(shardPoll)
  }).pipe(
    Effect.andThen(Effect.sleep(shardPoll)),
    Effect.andThen(Effect.sync(() => fiber.interruptUnsafe(undefined, ClusterSchema.Abandon.annotation)))
  )

/**
 * The runs of a cluster's runner (Effect's `Sharding`): each replaying fiber watched while it runs, and abandoned once
 * the runner no longer holds its run's shard.
 */
export const layerCluster: Layer.Layer<never, never, Sharding.Sharding> = Layer.effect(
  HeldRuns,
  Effect.map(Sharding.Sharding, (sharding): Service => ({
    held: (workflow, engineId, body) =>
      Effect.withFiber((fiber) =>
        Effect.flatMap(
          Effect.forkDetach(abandonOnceGone(sharding, shardOf(sharding, workflow, engineId), fiber)),
          (watch) => Effect.ensuring(body, Fiber.interrupt(watch))
        )
      )
  }))
)
