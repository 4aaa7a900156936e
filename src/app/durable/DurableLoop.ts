/**
 * Engines for durable tool loops (`LanguageModel.durableLoop`): `layerSqlite`, one machine, embedded (no server:
 * SQLite through Node's own `node:sqlite`); `layerPostgres`, many machines, runners on PostgreSQL that take over a
 * dead runner's runs; `layerMemory`, for tests (nothing survives the process). Each also writes every run's live
 * view (a UI message stream) to the `StreamStore` under the run's id, so `UIMessageStream.resume(executionId)`
 * shows it from any instance sharing the store (`StreamStore.layerRedis`). See `docs/durable.md`.
 *
 * @since 0.4.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as SqlError from "effect/sql/SqlError"
import type * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import { ApprovalGate } from "../loop/ApprovalGate.js"
import { digest } from "../signing/SigningKey.js"
import * as UIApprovalGate from "../signing/UIApprovalGate.js"
import * as StreamIds from "../store/StreamIds.js"
import * as DurableImports from "./DurableImports.js"
import { DurableRuntime } from "./DurableRuntime.js"
import type * as Engines from "./Engines.js"
import * as LiveView from "./LiveView.js"
import type * as RunIds from "./RunIds.js"
import * as UIDurableView from "./UIDurableView.js"

export { DurableLoopError } from "./DurableLoopError.js"
export type { ShardingSettings } from "./Engines.js"
export type { Decision, DurableLoop, Options, RunInput, SendOptions } from "./LoopWorkflow.js"

/** A run's id is its live view's stream id, and its owner the stream's; an owner is kept as a digest. */
const naming: RunIds.Naming = { isValidId: StreamIds.isValidId, maxOwnerLength: StreamIds.maxOwnerLength, digest }

/**
 * The layer `f` makes of a module `DurableImports` loads as the layer is built: the workflow, cluster and SQL
 * modules load on a durable loop's first use, not with the package (`npm run bench -- imports`).
 */
const loaded = <M, A, E, R>(load: Effect.Effect<M>, f: (module: M) => Layer.Layer<A, E, R>): Layer.Layer<A, E, R> =>
  Layer.unwrap(Effect.map(load, f))

/**
 * What durable loops need beside an engine: their workflows (`LanguageModel.durableLoop` reaches them through
 * it, so that a program that only streams never carries the workflow code), and the live view of their runs,
 * written to the `StreamStore` in context (`sendReasoning`, default `true`, as in `fromSteps`), its approval
 * requests carrying ids signed with `UIMessageStream.Signing`'s key for exactly their call, as `fromSteps`'s do
 * (an answer given to `approve` with its `approvalId` runs the call only if that id checks out and was not used).
 * The engine layers below include it; add it beside an engine of your own.
 *
 * @example
 * ```ts
 * import { DurableLoop } from "effect-llm-stream"
 * import { Layer } from "effect"
 * import { WorkflowEngine } from "effect/workflow"
 *
 * const Engine = Layer.merge(WorkflowEngine.layerMemory, DurableLoop.layerRuntime({ sendReasoning: false }))
 * ```
 *
 * @since 0.4.0
 * @category Layers
 */
export const layerRuntime = (options?: { readonly sendReasoning?: boolean | undefined }): Layer.Layer<never> =>
  Layer.mergeAll(
    // Made as the layer is built: each view keeps which of its runs' views failed.
    Layer.sync(LiveView.LiveView, () => UIDurableView.make(options)),
    Layer.succeed(ApprovalGate, UIApprovalGate.gate),
    loaded(DurableImports.loopWorkflow, (LoopWorkflow) =>
      Layer.succeed(DurableRuntime, {
        make: (modelTag, name, loop) => LoopWorkflow.make(modelTag, name, loop, naming)
      }))
  )

/**
 * One machine, no server: `SingleRunner`'s engine over the SQLite file `filename` (through `node:sqlite`, Node ≥
 * 22.13), with the live view. A process restarted on the file takes its runs over at once; only one process may
 * use the file at a time (a second one fails to start). Sharding settings come from `shardingConfig` and
 * Effect's defaults, never from the environment (`PORT` is the web server's).
 *
 * @example
 * ```ts
 * import { DurableLoop } from "effect-llm-stream"
 *
 * const Engine = DurableLoop.layerSqlite({ filename: "durable-runs.db" })
 * ```
 *
 * @since 0.4.0
 * @category Layers
 */
export const layerSqlite = (options: {
  readonly filename: string
  readonly shardingConfig?: Engines.ShardingSettings | undefined
}): Layer.Layer<WorkflowEngine.WorkflowEngine, SqlError.SqlError> =>
  Layer.merge(loaded(DurableImports.engines, (Engines) => Engines.embedded(options)), layerRuntime())

/**
 * Many machines: this process is one runner of a cluster whose state is in PostgreSQL at `url` (through
 * `@effect/sql-pg`), reached by the other runners at `runnerAddress` (sockets, through `@effect/platform-node`;
 * both optional peers). A runner that dies has its runs taken over by the others once its shard lease expires
 * (`shardLockExpiration`, 35 s by default). A model step is asked by one runner: another that takes the run over
 * meanwhile waits for its answer, unless the asking runner has not renewed its claim of the step for `stepLease`
 * (twice `shardLockExpiration` by default; since 0.7.0), as after a crash. With the live view: share the
 * `StreamStore` too (Redis).
 *
 * @example
 * ```ts
 * import { DurableLoop } from "effect-llm-stream"
 * import { Config, Effect, Layer } from "effect"
 *
 * const Engine = Layer.unwrap(
 *   Effect.gen(function*() {
 *     const url = yield* Config.Redacted("DATABASE_URL")
 *     const host = yield* Config.String("RUNNER_HOST")
 *     return DurableLoop.layerPostgres({ url, runnerAddress: { host, port: 34431 } })
 *   })
 * )
 * ```
 *
 * @since 0.4.0
 * @category Layers
 */
export const layerPostgres = (
  options: Engines.PostgresOptions
): Layer.Layer<WorkflowEngine.WorkflowEngine, SqlError.SqlError | Error> =>
  Layer.merge(
    loaded(DurableImports.engines, (Engines) => Engines.postgres(options)),
    layerRuntime()
  ) as Layer.Layer<
    WorkflowEngine.WorkflowEngine,
    SqlError.SqlError | Error
  >

/**
 * Effect's engine in this process's memory, with the live view: for tests and trying things out (a run does not
 * survive the process).
 *
 * @example
 * ```ts
 * import { DurableLoop } from "effect-llm-stream"
 *
 * const Engine = DurableLoop.layerMemory
 * ```
 *
 * @since 0.4.0
 * @category Layers
 */
export const layerMemory: Layer.Layer<WorkflowEngine.WorkflowEngine> = /* @__PURE__ */ Layer.merge(
  loaded(DurableImports.workflowEngine, (WorkflowEngine) => WorkflowEngine.layerMemory),
  layerRuntime()
)
