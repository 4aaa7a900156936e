/**
 * A durable loop whose storage fails: SQLite on a tiny tmpfs that fills up or turns read-only while a run waits for
 * approval, a SQLite file whose shard locks cannot be written from the start, a corrupt file, and a real PostgreSQL
 * stopped, or frozen, mid-run, or down at startup. The probe of 0.4: `approve` died with a defect
 * (`ClusterError/PersistenceError`), PostgreSQL down at startup was a defect, and with the shard storage unhealthy
 * from the start `run` never answered. Now `run` and `approve` fail with a `DurableLoopError` (`Unavailable`, or
 * `Timeout` when the storage does not answer within the loop's `storageTimeout`), a layer that cannot start fails
 * with its `SqlError`, and once the storage is back the run goes on where it was: each handler runs once.
 *
 * The tmpfs tests mount as root (CI runs as root); elsewhere they are skipped, saying so in their names.
 */
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Layer, Schedule } from "effect"
import { DurableLoop, StreamStore } from "effect-llm-stream"
import * as ChildProcess from "node:child_process"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { postgresBin, type RunningPostgres, startPostgres } from "../../support/PostgresServer.js"
import { freePort } from "../../support/RedisServer.js"
import * as RefundAgent from "../../support/RefundAgent.js"

const storageTimeout = Duration.seconds(3)

/** Whether this process can mount a tmpfs (root). */
const canMount = process.getuid?.() === 0

/** A new folder with a tmpfs of `size` mounted on it. */
const tmpfs = (size: string): string => {
  const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-tmpfs-"))
  ChildProcess.execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir])
  return dir
}
const mounted: Array<string> = []
afterAll(() => {
  for (const dir of mounted) ChildProcess.spawnSync("umount", ["-l", dir])
})

/** The typed failure of `effect` (a defect fails the test), and how long it took. */
const failure = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.map(Effect.timed(Effect.flip(effect)), ([duration, error]) => ({ ms: Duration.toMillis(duration), error }))

/** `effect` retried every 500 ms while the storage comes back (at most 30 s). */
const onceBack = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  effect.pipe(Effect.retry({ schedule: Schedule.spaced("500 millis"), times: 60 }))

/** The agent of a test, on `engine`, its live view in memory. */
const withAgent = (name: string, engine: Layer.Layer<any, any>) => {
  const ran: Array<string> = []
  const agent = RefundAgent.agent(name, ran, { storageTimeout })
  const layer = agent.layer.pipe(
    Layer.provideMerge(engine),
    Layer.provide(RefundAgent.model),
    Layer.provideMerge(StreamStore.layerMemory())
  )
  return { ran, agent, layer }
}

const sqlite = (filename: string) => DurableLoop.layerSqlite({ filename, shardingConfig: DurableAgent.fastSharding })

/**
 * A run waits for approval; `breakStorage` breaks its storage (and resolves once it is broken): `approve` fails at
 * once and `run` within its bounds, both typed; `repair` mends it, and the run ends as it would have, its handler
 * run once.
 */
const brokenWhileWaiting = (
  name: string,
  engine: Layer.Layer<any, any>,
  breakStorage: () => Promise<void> | void,
  repair: () => Promise<void> | void,
  bounds: { readonly approve: number; readonly run: number }
) => {
  const { agent, layer, ran } = withAgent(name, engine)
  return Effect.gen(function*() {
    const input = { executionId: name, messages: RefundAgent.request("A-1", 5) }
    yield* agent.run(input, { discard: true })
    yield* approvalRequests(name, 1)
    yield* Effect.promise(async () => breakStorage())
    const approved = yield* failure(agent.approve(name, "call_1", { approved: true }))
    assert.strictEqual(approved.error._tag, "DurableLoopError")
    assert.isBelow(approved.ms, bounds.approve)
    const waited = yield* failure(agent.run(input))
    assert.strictEqual(waited.error._tag, "DurableLoopError")
    assert.isBelow(waited.ms, bounds.run)
    assert.deepStrictEqual(ran, [])
    yield* Effect.promise(async () => repair())
    yield* onceBack(agent.approve(name, "call_1", { approved: true }))
    const done = yield* onceBack(agent.run(input))
    assert.strictEqual(done.reason, "stop")
    assert.deepStrictEqual(ran, ["A-1"])
  }).pipe(Effect.provide(layer))
}

describe("durable loops on SQLite whose storage fails", () => {
  const skipped = canMount ? "" : " (skipped: mounting a tmpfs needs root)"

  it.live(`a full disk (a 2 MiB tmpfs) while a run waits: typed failures, then the run ends once${skipped}`, () => {
    if (!canMount) return Effect.void
    const dir = tmpfs("2m")
    mounted.push(dir)
    const filler = Path.join(dir, "filler")
    return brokenWhileWaiting(
      "full-disk",
      sqlite(Path.join(dir, "runs.db")),
      () => void ChildProcess.spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"], { stdio: "ignore" }),
      () => Fs.rmSync(filler),
      // The run is failed once its runner lost its shard (the lock expires in 4 s) and `storageTimeout` passed.
      { approve: 5_000, run: 20_000 }
    )
  }, 60_000)

  it.live(
    `a database on a read-only disk: the layer fails with its SqlError; writable again, the run goes on${skipped}`,
    () => {
      if (!canMount) return Effect.void
      const dir = tmpfs("16m")
      mounted.push(dir)
      const filename = Path.join(dir, "runs.db")
      const remount = (mode: "ro" | "rw") => ChildProcess.execFileSync("mount", ["-o", `remount,${mode}`, dir])
      const input = { executionId: "read-only", messages: RefundAgent.request("A-1", 5) }
      return Effect.gen(function*() {
        const first = withAgent("read-only", sqlite(filename))
        yield* Effect.gen(function*() {
          yield* first.agent.run(input, { discard: true })
          yield* approvalRequests("read-only", 1)
        }).pipe(Effect.provide(first.layer))
        remount("ro")
        const second = withAgent("read-only", sqlite(filename))
        const error = yield* Effect.flip(
          second.agent.approve("read-only", "call_1", { approved: true }).pipe(
            Effect.provide(second.layer)
          )
        )
        assert.strictEqual(error._tag, "SqlError")
        remount("rw")
        const third = withAgent("read-only", sqlite(filename))
        const done = yield* Effect.gen(function*() {
          yield* third.agent.approve("read-only", "call_1", { approved: true })
          return yield* third.agent.run(input)
        }).pipe(Effect.provide(third.layer))
        assert.strictEqual(done.reason, "stop")
        assert.deepStrictEqual(third.ran, ["A-1"])
      })
    },
    60_000
  )

  it.live("shard locks that cannot be written from the start: run fails within storageTimeout, not never", () => {
    const file = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-")), "runs.db")
    const lockTriggers = (sql: string) =>
      ChildProcess.execFileSync("python3", [
        "-c",
        `import sqlite3; c = sqlite3.connect(${JSON.stringify(file)}); c.executescript(${
          JSON.stringify(sql)
        }); c.commit()`
      ])
    const input = { executionId: "no-locks", messages: RefundAgent.request("A-1", 5) }
    const first = withAgent("no-locks", sqlite(file))
    return Effect.gen(function*() {
      // The database made by a first start, then its shard locks made unwritable.
      yield* Effect.provide(Effect.void, first.layer)
      lockTriggers(
        "DELETE FROM cluster_locks; " +
          "CREATE TRIGGER no_insert BEFORE INSERT ON cluster_locks BEGIN SELECT RAISE(ABORT, 'broken'); END; " +
          "CREATE TRIGGER no_update BEFORE UPDATE ON cluster_locks BEGIN SELECT RAISE(ABORT, 'broken'); END;"
      )
      const waited = yield* Effect.gen(function*() {
        yield* first.agent.run(input, { discard: true })
        return yield* failure(first.agent.run(input))
      }).pipe(Effect.provide(first.layer))
      assert.deepStrictEqual([waited.error._tag, waited.error.message], [
        "DurableLoopError",
        "no runner holds the run: the durable loop's shard storage is failing"
      ])
      assert.isBelow(waited.ms, Duration.toMillis(storageTimeout) + 5_000)
      // Repaired, and started again: the run was kept, and goes on.
      lockTriggers("DROP TRIGGER no_insert; DROP TRIGGER no_update;")
      const second = withAgent("no-locks", sqlite(file))
      const done = yield* Effect.gen(function*() {
        yield* approvalRequests("no-locks", 1)
        yield* second.agent.approve("no-locks", "call_1", { approved: true })
        return yield* second.agent.run(input)
      }).pipe(Effect.provide(second.layer))
      assert.strictEqual(done.reason, "stop")
      assert.deepStrictEqual(second.ran, ["A-1"])
    })
  }, 60_000)

  it.live("a corrupt file, or a folder that does not exist: the layer fails with its SqlError, never a defect", () =>
    Effect.gen(function*() {
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-"))
      const corrupt = Path.join(dir, "corrupt.db")
      Fs.writeFileSync(corrupt, Buffer.alloc(8192, 7))
      for (const filename of [corrupt, Path.join(dir, "missing", "runs.db")]) {
        const { agent, layer } = withAgent("corrupt", sqlite(filename))
        const error = yield* Effect.flip(agent.run({ executionId: "c", messages: [] }).pipe(Effect.provide(layer)))
        assert.strictEqual(error._tag, "SqlError")
      }
    }))

  it.live(
    "a step's record changed on disk (its prices not prices): run fails with InvalidRecord, never a defect",
    () =>
      Effect.gen(function*() {
        // The run's body died reading it back, and `run` gave that defect on: it read the run's end from the storage.
        const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-")), "runs.db")
        const first = withAgent("changed", sqlite(filename))
        yield* Effect.gen(function*() {
          yield* first.agent.run({ executionId: "c", messages: RefundAgent.request("A", 1) }, { discard: true })
          yield* approvalRequests("c", 1)
        }).pipe(Effect.provide(first.layer), Effect.scoped)
        const db = new DatabaseSync(filename)
        const step = db.prepare(
          "select r.id, r.payload from cluster_replies r join cluster_messages m on m.request_id = r.request_id " +
            "where m.message_id like '%/activity/step/1/1'"
        )
        step.setReadBigInts(true)
        const row = step.get() as { id: bigint; payload: string }
        const payload = JSON.parse(row.payload)
        payload.value.exit.value.price = { rates: "not prices" }
        db.prepare("update cluster_replies set payload = ? where id = ?").run(JSON.stringify(payload), row.id)
        db.close()
        const second = withAgent("changed", sqlite(filename))
        const exit = yield* Effect.gen(function*() {
          yield* second.agent.approve("c", "call_1", { approved: true })
          return yield* Effect.exit(second.agent.run({ executionId: "c", messages: [] }))
        }).pipe(Effect.provide(second.layer), Effect.scoped)
        assert.strictEqual(exit._tag, "Failure")
        const reason = exit._tag === "Failure" ? exit.cause.reasons[0] : undefined
        const error = reason?._tag === "Fail" ? reason.error : undefined
        // Not `Unavailable`: trying again reads the same record (see DurableRecords.test.ts).
        assert.strictEqual(error?._tag === "DurableLoopError" && error.reason, "InvalidRecord", String(reason?._tag))
      }),
    60_000
  )
})

describe(
  `durable loops on PostgreSQL whose server fails${
    postgresBin === undefined ? " (skipped: PostgreSQL is not installed)" : ""
  }`,
  () => {
    let server: Promise<RunningPostgres> | undefined
    const postgres = () => (server ??= startPostgres())
    afterAll(async () => (await server)?.stop())
    const runner = async (url: string) =>
      DurableLoop.layerPostgres({
        url,
        runnerAddress: { host: "127.0.0.1", port: await freePort() },
        shardingConfig: DurableAgent.fastSharding
      })

    it.live(
      "down at startup: the layer fails with its SqlError, naming no password, never a defect",
      () =>
        Effect.gen(function*() {
          if (postgresBin === undefined) {
            return
          }
          const port = yield* Effect.promise(freePort)
          const engine = yield* Effect.promise(() => runner(`postgres://postgres:s3cr3t-pw@127.0.0.1:${port}/postgres`))
          const { agent, layer } = withAgent("pg-down", engine)
          const error = yield* Effect.flip(agent.run({ executionId: "d", messages: [] }).pipe(Effect.provide(layer)))
          assert.strictEqual(error._tag, "SqlError")
          assert.notInclude(JSON.stringify(error) + String(error), "s3cr3t-pw")
        }),
      60_000
    )

    it.live(
      "stopped while a run waits: typed failures, then restarted, the run ends once",
      () =>
        Effect.gen(function*() {
          if (postgresBin === undefined) {
            return
          }
          const pg = yield* Effect.promise(postgres)
          const engine = yield* Effect.promise(() => runner(pg.url))
          // Halted means the server has exited: until then its backends may still answer `approve`, and a restart
          // on the same folder and port would find the old server's lock file.
          yield* brokenWhileWaiting("pg-stopped", engine, () => pg.halt(), () => pg.restart(), {
            approve: 10_000,
            run: 10_000
          })
        }),
      90_000
    )

    it.live(
      "frozen while a run waits: approve fails with Timeout within storageTimeout; thawed, the run ends once",
      () =>
        Effect.gen(function*() {
          if (postgresBin === undefined) return
          const pg = yield* Effect.promise(postgres)
          const engine = yield* Effect.promise(() => runner(pg.url))
          const { agent, layer, ran } = withAgent("pg-frozen", engine)
          yield* Effect.gen(function*() {
            const input = { executionId: "pg-frozen", messages: RefundAgent.request("A-1", 5) }
            yield* agent.run(input, { discard: true })
            yield* approvalRequests("pg-frozen", 1)
            pg.freeze()
            const approved = yield* failure(agent.approve("pg-frozen", "call_1", { approved: true }))
            pg.thaw()
            assert.deepStrictEqual([approved.error._tag, approved.error.reason], ["DurableLoopError", "Timeout"])
            assert.isBelow(approved.ms, Duration.toMillis(storageTimeout) + 3_000)
            yield* onceBack(agent.approve("pg-frozen", "call_1", { approved: true }))
            const done = yield* onceBack(agent.run(input))
            assert.strictEqual(done.reason, "stop")
            assert.deepStrictEqual(ran, ["A-1"])
          }).pipe(Effect.provide(layer))
        }),
      90_000
    )
  }
)
