/**
 * The workflow engines a durable loop runs on, wired around the pitfalls of Effect 4.1's cluster:
 *
 * - `SingleRunner.layer` also needs a `Digest` (to hash over-long message keys) and reads `HOST`, `PORT` and
 *   `SHARDS_PER_GROUP` (and every other sharding setting) from the environment, so a web server's `PORT` moves
 *   the runner's address and a malformed one fails the layer. These layers take no setting from the
 *   environment: they give `ShardingConfig` in full, and provide Web Crypto's `Digest`.
 * - A restarted process takes its shards (and the runs on them) over at once only under the runner address of
 *   the one that died; under another it waits for the dead runner's lease to expire (`shardLockExpiration`,
 *   35 s by default). The embedded engine always runs under one fixed address.
 * - Two `SingleRunner`s on one database are not two runners: both hold every shard and run the same runs. The
 *   embedded engine takes SQLite's exclusive lock, so a second process on the same file fails to start (the
 *   lock goes with the process, even when it is killed). Many machines need runners that talk to each other
 *   (sockets here) and check each other's health: `postgres`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as ClusterWorkflowEngine from "effect/cluster/ClusterWorkflowEngine"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import * as RunnerHealth from "effect/cluster/RunnerHealth"
import * as Runners from "effect/cluster/Runners"
import * as Sharding from "effect/cluster/Sharding"
import * as ShardingConfig from "effect/cluster/ShardingConfig"
import * as SqlMessageStorage from "effect/cluster/SqlMessageStorage"
import * as SqlRunnerStorage from "effect/cluster/SqlRunnerStorage"
import type * as ConfigError from "effect/Config"
import * as Digest from "effect/crypto/Digest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as SqlError from "effect/sql/SqlError"
import type * as WorkflowEngine from "effect/workflow/WorkflowEngine"
import * as EngineHealth from "./EngineHealth.js"
import * as HeldRuns from "./HeldRuns.js"
import * as LostReplies from "./LostReplies.js"
import * as NodeSqlite from "./NodeSqlite.js"
import * as StepClaims from "./StepClaims.js"

/**
 * Sharding settings an engine layer may override (Effect's `ShardingConfig`; nothing is read from the
 * environment).
 *
 * @since 0.4.0
 * @category Models
 */
export type ShardingSettings = Partial<ShardingConfig.ShardingConfig["Service"]>

/** The one address of the embedded runner: the same in every process, so a restart takes its runs over at once. */
const embeddedAddress = RunnerAddress.make("localhost", 34431)

/** The embedded engine's options. */
export interface EmbeddedOptions {
  /** The SQLite file (created if missing); `":memory:"` keeps nothing across a restart. */
  readonly filename: string
  readonly shardingConfig?: ShardingSettings | undefined
}

/**
 * One machine: `SingleRunner`'s wiring (SQL message and runner storage, no runner communication) over the
 * SQLite database `filename` through `node:sqlite`, with `ClusterWorkflowEngine` on it.
 */
export const embedded = (
  options: EmbeddedOptions
): Layer.Layer<WorkflowEngine.WorkflowEngine, SqlError.SqlError> => {
  const sharding = Sharding.layer.pipe(
    Layer.provideMerge(Runners.layerNoop),
    Layer.provideMerge(SqlMessageStorage.layer),
    Layer.provide([SqlRunnerStorage.layer, RunnerHealth.layerNoop]),
    Layer.provide(ShardingConfig.layer({ runnerAddress: Option.some(embeddedAddress), ...options.shardingConfig }))
  )
  return typedBuild(
    Layer.mergeAll(
      ClusterWorkflowEngine.layer,
      EngineHealth.singleRunner,
      LostReplies.layerSql,
      HeldRuns.layerCluster
    ).pipe(
      Layer.provide(sharding),
      Layer.provide(Digest.layerWebCrypto),
      Layer.provide(NodeSqlite.layer(options.filename, { exclusive: true }))
    )
  )
}

/** The options of a runner on PostgreSQL. */
export interface PostgresOptions {
  /** The database: `postgres://user:password@host:5432/db` (redacted, or a string). */
  readonly url: string | Redacted.Redacted<string>
  /** Where the other runners reach this one (its socket server listens there too, unless `listen` says). */
  readonly runnerAddress: { readonly host: string; readonly port: number }
  /** Where its socket server listens, when not at `runnerAddress` (`0.0.0.0` in a container). */
  readonly listen?: { readonly host: string; readonly port: number } | undefined
  readonly shardingConfig?: ShardingSettings | undefined
  /**
   * How long a runner's claim of a model step holds without being renewed (`StepClaims`): another runner's attempt
   * meanwhile waits for its answer. Default: twice `shardLockExpiration`, so a runner stalled long enough to lose
   * its shards still holds its steps. Since 0.7.0.
   */
  readonly stepLease?: Duration.Input | undefined
}

/**
 * The lease of a step's claim: `stepLease`, or twice the shard locks' expiration; an `Error` when it is no positive,
 * finite duration.
 */
const stepLeaseOf = (options: PostgresOptions): Effect.Effect<Duration.Duration, Error> => {
  const lease = options.stepLease !== undefined
    ? Duration.fromInput(options.stepLease)
    : Option.map(
      Duration.fromInput(options.shardingConfig?.shardLockExpiration ?? ShardingConfig.defaults.shardLockExpiration),
      Duration.times(2)
    )
  return Option.isSome(lease) && Duration.isFinite(lease.value) && Duration.isPositive(lease.value)
    ? Effect.succeed(lease.value)
    : Effect.fail(new Error(`the durable loop's stepLease is not a positive, finite duration`))
}

// Specifiers bundlers leave alone: the packages are optional peers, resolved at run time.
const pgModule = "@effect/sql-pg/PgClient"
const socketModule = "@effect/platform-node/NodeClusterSocket"

/** The database's error among a cause's failures and defects, or inside the cluster's `PersistenceError`. */
const sqlErrorOf = (cause: Cause.Cause<unknown>): SqlError.SqlError | undefined => {
  for (const reason of cause.reasons) {
    const error = reason._tag === "Fail" ? reason.error : reason._tag === "Die" ? reason.defect : undefined
    if (SqlError.isSqlError(error)) return error
    const inner = typeof error === "object" && error !== null
      ? (error as { readonly cause?: unknown }).cause
      : undefined
    if (SqlError.isSqlError(inner)) return inner
  }
  return undefined
}

/**
 * The layer with a database that fails while it is built (unreachable, refusing, broken) failing with its
 * `SqlError`: the cluster's own layers turn that into a defect.
 */
const typedBuild = <A, E, R>(layer: Layer.Layer<A, E, R>): Layer.Layer<A, E | SqlError.SqlError, R> =>
  Layer.catchCause(layer, (cause) => {
    const error = sqlErrorOf(cause)
    return Layer.effectDiscard<never, E | SqlError.SqlError, never>(
      error === undefined ? Effect.failCause(cause) : Effect.fail(error)
    )
  }) as Layer.Layer<A, E | SqlError.SqlError, R>

/** Why a layer that needs an optional package could not load it. */
const missing = (name: string, cause: unknown) =>
  new Error(`the durable loop's PostgreSQL engine needs the package ${name} (npm install ${name})`, { cause })

/**
 * Many machines: `ClusterWorkflowEngine` on runners that talk over sockets and ping each other
 * (`@effect/platform-node`'s `NodeClusterSocket`), their messages, replies and shard locks in PostgreSQL
 * (`@effect/sql-pg`); a runner that dies has its shards, and its runs, taken over by the others once its lease
 * expires. Both packages are optional peers, loaded only when this layer is built.
 */
export const postgres = (
  options: PostgresOptions
): Layer.Layer<WorkflowEngine.WorkflowEngine, SqlError.SqlError | ConfigError.ConfigError | Error> =>
  Layer.unwrap(
    Effect.gen(function*() {
      const PgClient = yield* Effect.tryPromise({
        try: () =>
          import(/* webpackIgnore: true */ /* @vite-ignore */ pgModule) as Promise<
            typeof import("@effect/sql-pg/PgClient")
          >,
        catch: (cause) => missing("@effect/sql-pg", cause)
      })
      const NodeClusterSocket = yield* Effect.tryPromise({
        try: () =>
          import(/* webpackIgnore: true */ /* @vite-ignore */ socketModule) as Promise<
            typeof import("@effect/platform-node/NodeClusterSocket")
          >,
        catch: (cause) => missing("@effect/platform-node", cause)
      })
      const lease = yield* stepLeaseOf(options)
      const url = Redacted.isRedacted(options.url) ? options.url : Redacted.make(options.url)
      const runners = NodeClusterSocket.layer({
        storage: "sql",
        // JSON between runners: the default binary layout cannot encode the loop's payload (a conversation's
        // messages), and a `run` or `approve` reaching the run on another runner died with a defect.
        serialization: "ndjson",
        runnerHealth: "ping",
        shardingConfig: {
          ...ShardingConfig.defaults,
          runnerAddress: Option.some(RunnerAddress.make(options.runnerAddress.host, options.runnerAddress.port)),
          runnerListenAddress: options.listen === undefined
            ? Option.none()
            : Option.some(RunnerAddress.make(options.listen.host, options.listen.port)),
          ...options.shardingConfig
        }
      })
      return typedBuild(
        Layer.mergeAll(
          ClusterWorkflowEngine.layer,
          LostReplies.layerSql,
          HeldRuns.layerCluster,
          StepClaims.layerPostgres(lease)
        ).pipe(
          Layer.provide(runners),
          Layer.provide(PgClient.layer({ url }))
        )
      ) as Layer.Layer<WorkflowEngine.WorkflowEngine, SqlError.SqlError | ConfigError.ConfigError | Error>
    })
  )
