/**
 * The claims of a durable run's model steps across runners: a step is asked by the one runner that holds its claim,
 * and a runner whose attempt finds it claimed waits for the claimant's result and takes that, instead of asking the
 * model again. Effect's cluster runs an activity at least once, not exactly once, when a run moves between runners
 * while the activity is in flight: a runner whose shard lock refresh times out (a stalled event loop, a slow
 * database) lets go of its shards at once without waiting for its activities (`markShardLocksUnhealthy`), one
 * that drains a shard for a joining runner gives up after `entityTerminationTimeout`, and in both cases the
 * activity still finishes there, its result discarded (the shard is no longer its own), while the next owner
 * replays the run and starts the activity again (a CI run of three runners under load, two of them answering an
 * approval at once, asked a step twice; a runner frozen while the model answers, past its shard lock, does every
 * time). `ActivityWork` keeps the work within one process; this keeps it across processes.
 *
 * A claim is a row of the engine's database (`effect_llm_stream_step_claims`): its step's key, its claimant (one id
 * per loop layer built) and the end of its lease, renewed every third of it while the model answers, then the
 * step's record once it came. The guarantee: a step is asked once, unless the runner asking it stops renewing its
 * claim for a whole lease (it crashed, its host froze, the database was out of its reach): then the next attempt
 * takes the claim over and asks again, as after a crash, and so does an attempt whose claim cannot be read or
 * written at all (the database down). A step whose model failed, or whose work was cut, gives its claim up at once.
 * Once the engine has given the step's result back to its run, the claim is deleted, with any whose lease lapsed a day
 * before (a run abandoned mid-step): the table holds the steps under way, not every step ever asked.
 *
 * @internal
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as SqlClient from "effect/sql/SqlClient"
import type * as SqlError from "effect/sql/SqlError"
import * as ErrorReport from "../../core/http/ErrorReport.js"

export interface Service {
  /**
   * `work`, the step `key` of a run, done by the runner holding its claim: taken when free (or its lease lapsed),
   * else the claimant's result (decoded with `record`) once it comes.
   */
  readonly claimed: <A, E, R>(
    key: string,
    record: Schema.Codec<A, unknown>,
    work: Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E, R>
  /** Deletes the claim of the step `key`, whose result the engine gave back to its run. */
  readonly forget: (key: string) => Effect.Effect<void>
}

/** The claims in context: none (the work done as it comes) unless an engine of many runners provides them. */
export const StepClaims: Context.Reference<Service> = /* @__PURE__ */ Context.Reference<Service>(
  "effect-llm-stream/DurableLoop/StepClaims",
  { defaultValue: () => ({ claimed: (_, __, work) => work, forget: () => Effect.void }) }
)

/** How often a runner waiting for another's step reads its claim. */
const waitPoll = Duration.millis(200)

/** The table of the claims, made if missing. */
const table = "effect_llm_stream_step_claims"

/** A claimant's statements on the claims table: each step's claim taken, read, renewed, settled, given up, deleted. */
const statementsOf = (sql: SqlClient.SqlClient, claimant: string, millis: number) => {
  const claims = sql(table)
  const until = sql`NOW() + ${millis} * INTERVAL '1 millisecond'`
  return {
    /** Whether this claimant now holds the claim: free, its own, or its lease lapsed, and no record in it yet. */
    take: (key: string) =>
      Effect.map(
        sql<{ readonly claimant: string }>`
          INSERT INTO ${claims} (step_key, claimant, expires_at) VALUES (${key}, ${claimant}, ${until})
          ON CONFLICT (step_key) DO UPDATE SET claimant = EXCLUDED.claimant, expires_at = EXCLUDED.expires_at
          WHERE ${claims}.result IS NULL AND (${claims}.claimant = EXCLUDED.claimant OR ${claims}.expires_at < NOW())
          RETURNING claimant`,
        (rows) => rows.length > 0
      ),
    /** The claim's record, once its claimant kept it. */
    read: (key: string) =>
      Effect.map(
        sql<{ readonly result: string | null }>`SELECT result FROM ${claims} WHERE step_key = ${key}`,
        (rows) => Option.fromNullishOr(rows[0]?.result)
      ),
    renew: (key: string) =>
      sql`UPDATE ${claims} SET expires_at = ${until}
        WHERE step_key = ${key} AND claimant = ${claimant} AND result IS NULL`,
    settle: (key: string, result: string) =>
      sql`UPDATE ${claims} SET result = ${result} WHERE step_key = ${key} AND claimant = ${claimant}`,
    giveUp: (key: string) =>
      sql`DELETE FROM ${claims} WHERE step_key = ${key} AND claimant = ${claimant} AND result IS NULL`,
    // With it, every claim whose lease lapsed a day ago: its run was abandoned (no one waits a day on a step).
    forget: (key: string) => sql`DELETE FROM ${claims} WHERE step_key = ${key} OR expires_at < NOW() - INTERVAL '1 day'`
  }
}

/** A claimant: its statements, and how often it renews a claim (a third of its lease). */
interface Claimant {
  readonly statements: ReturnType<typeof statementsOf>
  readonly renewEvery: Duration.Duration
}

/** A write that fails or hangs, given up (logged) within `within`: a claim not renewed lapses with its lease. */
const logged =
  (what: string, within: Duration.Duration) =>
  (effect: Effect.Effect<unknown, SqlError.SqlError>): Effect.Effect<void> =>
    Effect.catch(
      Effect.timeout(Effect.asVoid(effect), within),
      (error) => Effect.logWarning(`durable loop: a step's claim could not be ${what}`, error.message)
    )

/** `work` done under the held claim of `key`, renewed meanwhile; its record (`json`) kept with it, else given up. */
const holding =
  ({ renewEvery, statements }: Claimant, key: string) =>
  <A, E, R>(json: Schema.Codec<A, string>, work: Effect.Effect<A, E, R>) =>
    Effect.onExit(
      Effect.raceFirst(
        work,
        Effect.forever(Effect.andThen(Effect.sleep(renewEvery), logged("renewed", renewEvery)(statements.renew(key))))
      ),
      (exit) =>
        Effect.flatMap(
          Exit.isSuccess(exit) ? Effect.option(Schema.encodeEffect(json)(exit.value)) : Effect.succeedNone,
          Option.match({
            onSome: (result) => logged("settled", renewEvery)(statements.settle(key, result)),
            onNone: () => logged("given up", renewEvery)(statements.giveUp(key))
          })
        )
    )

/**
 * The attempt at the step `key`: its claim taken and `work` done under it, or the claimant's record once it comes (a
 * lapsed claim taken over), or, when the claim cannot be read or written, `work` done unclaimed.
 */
const attemptOf = <A, E, R>(
  claimant: Claimant,
  key: string,
  record: Schema.Codec<A, unknown>,
  work: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  const { statements } = claimant
  const json = Schema.fromJsonString(Schema.toCodecJson(record)) as unknown as Schema.Codec<A, string>
  const unclaimed = (error: SqlError.SqlError) =>
    Effect.andThen(Effect.logWarning("durable loop: a step's claim could not be read", error.message), work)
  // Said once an attempt: the step is another runner's.
  let told = false
  const waiting = Effect.suspend(() =>
    told ? Effect.void : Effect.andThen(
      Effect.sync(() => (told = true)),
      Effect.logInfo(
        "durable loop: a step waits for the answer of the runner asking it",
        ErrorReport.loggable(key, 128)
      )
    )
  )
  const attempt: Effect.Effect<A, E, R> = Effect.suspend(() =>
    Effect.matchEffect(statements.take(key), {
      onFailure: unclaimed,
      onSuccess: (taken) =>
        taken ? holding(claimant, key)(json, work) : Effect.matchEffect(statements.read(key), {
          onFailure: unclaimed,
          onSuccess: Option.match({
            // Decoded as the engine decodes a step's record: one that does not decode ends the run (`InvalidRecord`).
            onSome: (result) => Effect.orDie(Schema.decodeUnknownEffect(json)(result)),
            onNone: () => Effect.andThen(Effect.andThen(waiting, Effect.sleep(waitPoll)), attempt)
          })
        })
    })
  )
  return attempt
}

/**
 * The claims in the engine's PostgreSQL database (the table made if missing), each held for `lease` unless
 * renewed; this layer's claimant an id of its own.
 */
export const layerPostgres = (lease: Duration.Input): Layer.Layer<never, SqlError.SqlError, SqlClient.SqlClient> =>
  Layer.effect(
    StepClaims,
    Effect.gen(function*() {
      const sql = (yield* SqlClient.SqlClient).withoutTransforms()
      // Runners starting at once race to make the table: one makes it, the others' attempt fails and is made again.
      yield* Effect.retry(
        sql`CREATE TABLE IF NOT EXISTS ${sql(table)} (
          step_key TEXT PRIMARY KEY, claimant TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, result TEXT)`,
        { times: 3, schedule: Schedule.spaced("50 millis") }
      )
      const millis = Math.max(3, Math.round(Duration.toMillis(Duration.fromInputUnsafe(lease))))
      const renewEvery = Duration.millis(Math.floor(millis / 3))
      const claimant = { statements: statementsOf(sql, crypto.randomUUID(), millis), renewEvery }
      return {
        claimed: (key, record, work) => attemptOf(claimant, key, record, work),
        forget: (key) => logged("deleted", renewEvery)(claimant.statements.forget(key))
      }
    })
  )
