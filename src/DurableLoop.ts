/**
 * Engines for durable tool loops (`LanguageModel.durableLoop`): `layerSqlite`, one machine, embedded (no server:
 * SQLite through Node's own `node:sqlite`); `layerPostgres`, many machines, runners on PostgreSQL that take over a
 * dead runner's runs; `layerMemory`, for tests (nothing survives the process). Each also writes every run's live
 * view (a UI message stream) to the `StreamStore` under the run's id, so `UIMessageStream.resume(executionId)`
 * shows it from any instance sharing the store (`StreamStore.layerRedis`). See `docs/durable.md`.
 *
 * @since 0.4.0
 */
import * as Layer from "effect/Layer"
import type * as SqlError from "effect/sql/SqlError"
import * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import { DurableRuntime } from "./durable/DurableRuntime.js"
import * as Engines from "./durable/Engines.js"
import * as LiveView from "./durable/LiveView.js"
import * as LoopWorkflow from "./durable/LoopWorkflow.js"
import { ApprovalGate } from "./loop/ApprovalGate.js"
import type * as Tool from "./Tool.js"
import * as UIApprovalGate from "./ui/UIApprovalGate.js"
import * as UIDurableView from "./ui/UIDurableView.js"

/**
 * A durable loop's settings: those of `LanguageModel.runTools` but its messages (each run brings its own) and
 * `onToolError` (a handler's failure is always sent to the model as an error result).
 *
 * @since 0.4.0
 * @category Models
 */
export type Options<Tools extends ReadonlyArray<Tool.Tool>> = LoopWorkflow.Options<Tools>

/**
 * What a run starts from: its id (the engine's execution id and its live view's stream id), the conversation,
 * and whose run it is.
 *
 * @since 0.4.0
 * @category Models
 */
export type RunInput = LoopWorkflow.RunInput

/**
 * The answer to a call waiting for approval.
 *
 * @since 0.4.0
 * @category Models
 */
export type Decision = LoopWorkflow.Decision

/**
 * A durable loop: `layer`, `run`, `approve` (see `LanguageModel.durableLoop`).
 *
 * @since 0.4.0
 * @category Models
 */
export type DurableLoop<Tools extends ReadonlyArray<Tool.Tool>, Model> = LoopWorkflow.DurableLoop<Tools, Model>

/**
 * Sharding settings an engine layer may override (Effect's `ShardingConfig`; nothing is read from the
 * environment).
 *
 * @since 0.4.0
 * @category Models
 */
export type ShardingSettings = Engines.ShardingSettings

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
    Layer.succeed(LiveView.LiveView, UIDurableView.make(options)),
    Layer.succeed(ApprovalGate, UIApprovalGate.gate),
    Layer.succeed(DurableRuntime, { make: LoopWorkflow.make })
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
  readonly shardingConfig?: ShardingSettings | undefined
}): Layer.Layer<WorkflowEngine.WorkflowEngine, SqlError.SqlError> =>
  Layer.merge(Engines.embedded(options), layerRuntime())

/**
 * Many machines: this process is one runner of a cluster whose state is in PostgreSQL at `url` (through
 * `@effect/sql-pg`), reached by the other runners at `runnerAddress` (sockets, through `@effect/platform-node`;
 * both optional peers). A runner that dies has its runs taken over by the others once its shard lease expires
 * (`shardLockExpiration`, 35 s by default). With the live view: share the `StreamStore` too (Redis).
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
  Layer.merge(Engines.postgres(options), layerRuntime()) as Layer.Layer<
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
  WorkflowEngine.layerMemory,
  layerRuntime()
)
