/**
 * A model step's claim across runners (`StepClaims`) on a real PostgreSQL, each claimant a layer of its own (as
 * each runner builds one): an attempt that finds the step claimed waits for the claimant's record and takes it
 * without doing the work; a claim whose lease lapsed (its runner gone) is taken over and the work done again; a
 * claimant whose work failed gives the claim up at once; a claim that is forgotten is free again (and one whose lease
 * lapsed a day before goes with it); a record that is not the step's ends the attempt as a record that cannot be
 * read (`InvalidRecord`), never as a result. A lease that is no positive, finite duration fails
 * `DurableLoop.layerPostgres` with an `Error` saying so, before it connects.
 */
import * as PgClient from "@effect/sql-pg/PgClient"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Cause, Context, Deferred, Duration, Effect, Exit, Fiber, Layer, Redacted, Schema } from "effect"
import { DurableLoop } from "effect-llm-stream"
import * as SqlClient from "effect/sql/SqlClient"
import * as InvalidRecord from "../../../src/app/durable/InvalidRecord.js"
import * as StepClaims from "../../../src/app/durable/StepClaims.js"
import { postgresBin, startPostgres } from "../../support/PostgresServer.js"

const Record = Schema.Struct({ text: Schema.String })

const server = postgresBin === undefined ? undefined : startPostgres()
afterAll(() => server?.then((running) => running.stop()))

/** The claims of one runner, with `lease`, on the test's server. */
const claimsOf = (lease: Duration.Input) =>
  Effect.gen(function*() {
    const url = Redacted.make((yield* Effect.promise(() => server!)).url)
    const context = yield* Layer.build(
      Layer.provideMerge(StepClaims.layerPostgres(lease), PgClient.layer({ url }))
    )
    return { claims: Context.get(context, StepClaims.StepClaims), sql: Context.get(context, SqlClient.SqlClient) }
  })

const skipped = postgresBin === undefined ? " (skipped: PostgreSQL is not installed)" : ""

describe("a model step's claim across runners (PostgreSQL)", () => {
  it.live(
    `an attempt on a claimed step takes the claimant's record, its work not done${skipped}`,
    () =>
      Effect.gen(function*() {
        if (server === undefined) return
        const first = yield* claimsOf("30 seconds")
        const second = yield* claimsOf("30 seconds")
        const started = yield* Deferred.make<void>()
        const answer = yield* Deferred.make<void>()
        const done: Array<string> = []
        const work = (who: string) =>
          Effect.andThen(
            Effect.andThen(Effect.sync(() => done.push(who)), Deferred.succeed(started, undefined)),
            Effect.as(Deferred.await(answer), { text: `${who}'s answer` })
          )
        const one = yield* Effect.forkChild(first.claims.claimed("run-a/step/3", Record, work("first")))
        yield* Deferred.await(started)
        const two = yield* Effect.forkChild(second.claims.claimed("run-a/step/3", Record, work("second")))
        // The second attempt waits for as long as the first's work goes on.
        yield* Effect.sleep("500 millis")
        assert.isUndefined(two.pollUnsafe())
        yield* Deferred.succeed(answer, undefined)
        assert.deepStrictEqual(yield* Fiber.join(one), { text: "first's answer" })
        assert.deepStrictEqual(yield* Fiber.join(two), { text: "first's answer" })
        assert.deepStrictEqual(done, ["first"])
        // Forgotten once recorded: the step's key is free again.
        yield* first.claims.forget("run-a/step/3")
        assert.deepStrictEqual(yield* second.claims.claimed("run-a/step/3", Record, work("second")), {
          text: "second's answer"
        })
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    `a claim whose lease lapsed is taken over; a failed claimant gives its claim up${skipped}`,
    () =>
      Effect.gen(function*() {
        if (server === undefined) return
        const gone = yield* claimsOf("1 second")
        const next = yield* claimsOf("30 seconds")
        // A runner that stopped in the middle of the step (its work never ends, its renewals stopped with it).
        const stalled = yield* Effect.forkChild(gone.claims.claimed("run-b/step/1", Record, Effect.never))
        yield* Effect.sleep("200 millis")
        yield* Fiber.interrupt(stalled)
        // Interrupted, it gave the claim up: taken at once.
        assert.deepStrictEqual(yield* next.claims.claimed("run-b/step/1", Record, Effect.succeed({ text: "again" })), {
          text: "again"
        })
        // A claim left behind (its runner died: nothing gave it up) holds until its lease lapses.
        const sql = gone.sql
        yield* sql`INSERT INTO effect_llm_stream_step_claims (step_key, claimant, expires_at)
        VALUES ('run-b/step/2', 'a dead runner', NOW() + INTERVAL '1 second')`
        const before = Date.now()
        assert.deepStrictEqual(yield* next.claims.claimed("run-b/step/2", Record, Effect.succeed({ text: "taken" })), {
          text: "taken"
        })
        assert.isAtLeast(Date.now() - before, 500)
        // A work that failed gives the claim up: the next attempt does the work.
        const failed = yield* Effect.exit(next.claims.claimed("run-b/step/3", Record, Effect.fail("no answer")))
        assert.isTrue(Exit.isFailure(failed))
        assert.deepStrictEqual(yield* gone.claims.claimed("run-b/step/3", Record, Effect.succeed({ text: "later" })), {
          text: "later"
        })
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    `a stored record that is not the step's is a record that cannot be read${skipped}`,
    () =>
      Effect.gen(function*() {
        if (server === undefined) return
        const claims = yield* claimsOf("30 seconds")
        const sql = claims.sql
        yield* sql`INSERT INTO effect_llm_stream_step_claims (step_key, claimant, expires_at, result)
        VALUES ('run-c/step/1', 'another', NOW() + INTERVAL '30 seconds', '{"text":1}')`
        const exit = yield* Effect.exit(
          claims.claims.claimed("run-c/step/1", Record, Effect.succeed({ text: "asked" }))
        )
        assert.isTrue(Exit.isFailure(exit) && InvalidRecord.isUnreadable(exit.cause), String(exit))
        assert.isFalse(Exit.isFailure(exit) && Cause.hasInterrupts(exit.cause))
      }).pipe(Effect.scoped),
    60_000
  )

  it.live(
    `a claim whose lease lapsed a day ago (its run abandoned) is deleted with the next step's${skipped}`,
    () =>
      Effect.gen(function*() {
        if (server === undefined) return
        const claims = yield* claimsOf("30 seconds")
        const sql = claims.sql
        yield* sql`INSERT INTO effect_llm_stream_step_claims (step_key, claimant, expires_at, result) VALUES
          ('run-d/step/1', 'gone', NOW() - INTERVAL '25 hours', '{"text":"kept"}'),
          ('run-d/step/2', 'gone', NOW() - INTERVAL '26 hours', NULL),
          ('run-e/step/1', 'another', NOW() - INTERVAL '1 hour', NULL)`
        yield* claims.claims.claimed("run-f/step/1", Record, Effect.succeed({ text: "asked" }))
        yield* claims.claims.forget("run-f/step/1")
        const left = yield* sql<{ readonly step_key: string }>`
          SELECT step_key FROM effect_llm_stream_step_claims WHERE step_key LIKE 'run-_/step/_' ORDER BY step_key`
        assert.deepStrictEqual(left.map((row) => row.step_key).filter((key) => key >= "run-d"), ["run-e/step/1"])
      }).pipe(Effect.scoped),
    60_000
  )

  it.effect("a step lease that is no positive, finite duration fails the layer with an Error saying so", () =>
    Effect.gen(function*() {
      for (const stepLease of ["soon", "0 millis", "-5 seconds", Infinity, Number.NaN]) {
        const exit = yield* Effect.exit(Layer.build(DurableLoop.layerPostgres({
          url: "postgres://nobody@127.0.0.1:1/none",
          runnerAddress: { host: "127.0.0.1", port: 1 },
          stepLease: stepLease as Duration.Input
        })))
        const error = Exit.isFailure(exit) ? Cause.squash(exit.cause) : undefined
        assert.isTrue(
          Exit.isFailure(exit) && !Cause.hasDies(exit.cause) && error instanceof Error &&
            error.message.includes("stepLease"),
          `${String(stepLease)}: ${String(exit)}`
        )
      }
    }).pipe(Effect.scoped))
})
