/**
 * Which records of a durable run are gone: its requests (the run itself, a step, an answer to an approval) that the
 * engine's storage marks processed but whose reply it no longer holds (deleted by hand, or by another program).
 * Effect's cluster saves a reply and marks its request processed in one transaction, never delivers a processed
 * request again, and reads its result from that reply only: such a run waits without end, looking like one that
 * waits for a person (its own request processed, its reply `Suspended`) or one at work. The SQL engines tell it by
 * their tables (`cluster_messages`, `cluster_replies`); another engine cannot say.
 *
 * @internal
 */
import * as Sharding from "effect/cluster/Sharding"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as SqlClient from "effect/sql/SqlClient"
import type * as SqlError from "effect/sql/SqlError"
import type * as Workflow from "effect/workflow/Workflow"
import { shardOf } from "./EngineHealth.js"

export interface Service {
  /**
   * The keys of the run's processed requests whose reply is gone (`run/`, `activity/step/1/1`), or `undefined` when
   * this engine cannot say.
   */
  readonly lost: (
    workflow: Workflow.Any,
    engineId: string
  ) => Effect.Effect<ReadonlyArray<string> | undefined, SqlError.SqlError>
}

/** The check in context: none to tell unless an engine layer provides it. */
export const LostReplies: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/LostReplies",
  { defaultValue: () => ({ lost: () => Effect.undefined }) }
)

/**
 * The check on the cluster's SQL storage (Effect's `SqlMessageStorage`, its tables' default prefix): the run's
 * requests (kind 0) marked processed with no reply holding their end (kind 0), read through the shard's index.
 */
export const layerSql: Layer.Layer<never, never, Sharding.Sharding | SqlClient.SqlClient> = Layer.effect(
  LostReplies,
  Effect.gen(function*() {
    const sharding = yield* Sharding.Sharding
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const processed = sql.onDialectOrElse({ sqlite: () => sql.literal("1"), orElse: () => sql.literal("TRUE") })
    return {
      lost: (workflow, engineId) => {
        const entityType = `Workflow/${workflow._tag}`
        const prefix = `${entityType}/${engineId}/`
        return Effect.map(
          sql<{ readonly message_id: string }>`
            SELECT m.message_id FROM cluster_messages m
            WHERE m.shard_id = ${String(shardOf(sharding, workflow, engineId))} AND m.processed = ${processed}
            AND m.entity_type = ${entityType} AND m.entity_id = ${engineId} AND m.kind = 0
            AND NOT EXISTS (SELECT 1 FROM cluster_replies r WHERE r.request_id = m.request_id AND r.kind = 0)`,
          // A message's id is its entity's address, then its key (hashed when too long: kept whole).
          (rows) =>
            rows.map(({ message_id }) => message_id.startsWith(prefix) ? message_id.slice(prefix.length) : message_id)
        )
      }
    }
  })
)
