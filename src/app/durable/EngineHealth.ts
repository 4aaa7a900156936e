/**
 * Whether a durable run can be run here: its engine's runner holds the run's shard. A single runner (the
 * embedded engine) holds every shard while its storage is healthy, and none once its shard locks cannot be
 * written; so a `run` that waits while no runner holds its run fails instead of waiting without end. A runner of a
 * cluster cannot say (another may hold the shard): there, only a storage that fails or stops answering fails the
 * wait.
 *
 * @internal
 */
import * as ClusterSchema from "effect/cluster/ClusterSchema"
import * as EntityId from "effect/cluster/EntityId"
import * as Sharding from "effect/cluster/Sharding"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Workflow from "effect/workflow/Workflow"

export interface Service {
  /** Whether a runner holds the run `engineId` of `workflow`, or `undefined` when this process cannot say. */
  readonly holds: (workflow: Workflow.Any, engineId: string) => Effect.Effect<boolean | undefined>
}

/** The health in context: none to tell unless an engine layer provides it. */
export const EngineHealth: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/EngineHealth",
  { defaultValue: () => ({ holds: () => Effect.undefined }) }
)

/** The shard of the run `engineId` of `workflow`. */
export const shardOf = (sharding: Sharding.Sharding["Service"], workflow: Workflow.Any, engineId: string) => {
  const entityId = EntityId.make(engineId)
  return sharding.getShardId(entityId, Context.get(workflow.annotations, ClusterSchema.ShardGroup)(entityId))
}

/** The health of a single runner: the run is held when this runner holds its shard. */
export const singleRunner: Layer.Layer<never, never, Sharding.Sharding> = Layer.effect(
  EngineHealth,
  Effect.map(Sharding.Sharding, (sharding): Service => ({
    holds: (workflow, engineId) => Effect.sync(() => sharding.hasShardId(shardOf(sharding, workflow, engineId)))
  }))
)
