/**
 * An `effect/sql` client over Node's own SQLite (`node:sqlite`, Node ≥ 22.13 without a flag): the embedded
 * database of a durable loop on one machine, with no server and no native build. One connection, shared through
 * a semaphore (`SqlClient.makeSqliteAcquirers`), in WAL mode so a crash loses no committed write.
 * `@effect/sql-sqlite-node` does the same but has no release for Effect 4.1 (its 4.x betas import
 * `effect/unstable/*`); this is the part of it the cluster's SQL storage needs. `node:sqlite` is loaded only when
 * the layer is built, so that bundles for other runtimes never see it, and without the `ExperimentalWarning` Node 22
 * prints as it loads (that one warning alone).
 *
 * @internal
 */
import * as Cache from "effect/Cache"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as Semaphore from "effect/Semaphore"
import * as SqlClient from "effect/sql/SqlClient"
import type * as SqlConnection from "effect/sql/SqlConnection"
import { classifySqliteError, SqlError } from "effect/sql/SqlError"
import * as Statement from "effect/sql/Statement"
import * as Stream from "effect/Stream"

type Sqlite = typeof import("node:sqlite")
type Prepared = import("node:sqlite").StatementSync

const failure = (cause: unknown, operation: string) => {
  // node:sqlite names the SQLite result code `errcode`; the classifier reads `errno`.
  const errcode = typeof cause === "object" && cause !== null ? (cause as { errcode?: unknown }).errcode : undefined
  const classified = typeof errcode === "number" ? Object.assign(cause as object, { errno: errcode }) : cause
  return new SqlError({ reason: classifySqliteError(classified, { message: `SQLite ${operation} failed`, operation }) })
}

// A specifier bundlers leave alone: a browser bundle of the library must not try to resolve Node's SQLite.
const sqliteModule = "node:sqlite"

/** Whether a warning is the one Node 22 emits as `node:sqlite` loads ("SQLite is an experimental feature …"). */
const isSqliteWarning = (warning: unknown, type: unknown): boolean =>
  (type === "ExperimentalWarning" ||
    (type as { readonly type?: unknown } | undefined)?.type === "ExperimentalWarning") &&
  String(warning).includes("SQLite")

/**
 * Node's SQLite, loaded without the `ExperimentalWarning` Node 22 prints as it loads: the library's choice of
 * database is not the application's to be warned of. Only that warning is held back, only while the module loads
 * (synchronously, through `process.getBuiltinModule`); where that is missing, it is imported (and may warn).
 */
const loadSqlite = (): Effect.Effect<Sqlite, SqlError> => {
  const node = (globalThis as { readonly process?: NodeJS.Process }).process
  if (typeof node?.getBuiltinModule !== "function") {
    return Effect.tryPromise({
      try: () => import(/* webpackIgnore: true */ /* @vite-ignore */ sqliteModule) as Promise<Sqlite>,
      catch: (e) => failure(e, "load (node:sqlite needs Node 22.13 or later)")
    })
  }
  return Effect.try({
    try: () => {
      const emit = node.emitWarning
      node.emitWarning = function(this: unknown, warning: string | Error, ...rest: Array<any>) {
        if (!isSqliteWarning(warning, rest[0])) Reflect.apply(emit, this, [warning, ...rest])
      } as typeof emit
      try {
        const sqlite = node.getBuiltinModule(sqliteModule) as Sqlite | undefined
        if (sqlite === undefined) throw new Error("this runtime has no node:sqlite")
        return sqlite
      } finally {
        node.emitWarning = emit
      }
    },
    catch: (e) => failure(e, "load (node:sqlite needs Node 22.13 or later)")
  })
}

/** The database at `filename` as a connection, closed with the scope. */
const connect = (sqlite: Sqlite, filename: string, exclusive: boolean) =>
  Effect.gen(function*() {
    const db = yield* Effect.try({ try: () => new sqlite.DatabaseSync(filename), catch: (e) => failure(e, "open") })
    yield* Effect.addFinalizer(() => Effect.sync(() => db.close()))
    yield* Effect.try({
      // WAL: a crash loses no committed write. Exclusive: the lock is taken now and held until the process ends
      // (or dies), so a second process on the file waits `busy_timeout`, then fails.
      try: () => {
        db.exec("PRAGMA busy_timeout = 5000")
        if (exclusive) db.exec("PRAGMA locking_mode = EXCLUSIVE")
        db.exec("PRAGMA journal_mode = WAL")
        if (exclusive) db.exec("BEGIN EXCLUSIVE; COMMIT")
      },
      catch: (e) => failure(e, "open")
    })
    const prepared = yield* Cache.make({
      capacity: 200,
      timeToLive: Duration.minutes(10),
      lookup: (sql: string) => Effect.try({ try: () => db.prepare(sql), catch: (e) => failure(e, "prepare") })
    })
    const runOn = (statement: Prepared, params: ReadonlyArray<unknown>, arrays: boolean) =>
      Effect.withFiber<ReadonlyArray<any>, SqlError>((fiber) =>
        Effect.try({
          try: () => {
            statement.setReadBigInts(Context.get(fiber.context, SqlClient.SafeIntegers))
            statement.setReturnArrays(arrays)
            const args = params as Array<any>
            if (statement.columns().length > 0) return statement.all(...args)
            statement.run(...args)
            return []
          },
          catch: (e) => failure(e, "execute")
        })
      )
    const run = (sql: string, params: ReadonlyArray<unknown>, arrays: boolean) =>
      Effect.flatMap(Cache.get(prepared, sql), (statement) => runOn(statement, params, arrays))
    const unprepared = (sql: string, params: ReadonlyArray<unknown>, arrays: boolean) =>
      Effect.flatMap(
        Effect.try({ try: () => db.prepare(sql), catch: (e) => failure(e, "prepare") }),
        (statement) => runOn(statement, params, arrays)
      )
    const connection: SqlConnection.Connection = {
      execute: (sql, params, transform) =>
        transform ? Effect.map(run(sql, params, false), transform) : run(sql, params, false),
      executeRaw: (sql, params) => run(sql, params, false),
      executeValues: (sql, params) => run(sql, params, true),
      executeValuesUnprepared: (sql, params) => unprepared(sql, params, true),
      executeUnprepared: (sql, params, transform) =>
        transform ? Effect.map(unprepared(sql, params, false), transform) : unprepared(sql, params, false),
      executeStream: () => Stream.die(new Error("node:sqlite does not stream queries"))
    }
    return { connection, isTransaction: () => db.isTransaction }
  })

/**
 * An `effect/sql` client (`SqlClient`) on the SQLite database at `filename`, closed with the layer; `exclusive`:
 * no other process may use the file while this one lives.
 */
export const layer = (
  filename: string,
  options?: { readonly exclusive?: boolean | undefined }
): Layer.Layer<SqlClient.SqlClient, SqlError> =>
  Layer.effect(
    SqlClient.SqlClient,
    Effect.gen(function*() {
      const sqlite = yield* loadSqlite()
      const { connection, isTransaction } = yield* connect(sqlite, filename, options?.exclusive === true)
      const acquirers = SqlClient.makeSqliteAcquirers({
        connection: Effect.succeed(connection),
        semaphore: yield* Semaphore.make(1),
        isTransaction
      })
      return yield* SqlClient.make({
        ...acquirers,
        compiler: Statement.makeCompilerSqlite(),
        driver: "node:sqlite",
        spanAttributes: [["db.system.name", "sqlite"]]
      })
    })
  ).pipe(Layer.provide(Reactivity.layer))
