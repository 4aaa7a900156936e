/**
 * A durable run's records as the storage gives them back are hostile input: a step's record edited in the SQLite
 * file while the run waits for approval (a field of the wrong type, a field missing, another program's JSON, text
 * that is not JSON, a number past what a count can be), what the run started from, or, once it ended, its stored end
 * and its stored answer to an approval. The fuzz pass of 0.7: a `finishReasons` stored as a string reached the
 * `DoneEvent` (and the refund ran), a missing `usage` read as none, and the rest failed `run` with `Unavailable`,
 * which tells the app to try again, for ever. Now the run ends with `DurableLoopError` (`InvalidRecord`: one plain
 * sentence, trying again will not help), its live view ends with that error, the handler never runs on the record,
 * and a restarted process gives the same failure at once; `approve` reading such an answer fails the same way. A
 * reply deleted (its request left done) made `run` wait for ever; now it fails the same way, in seconds.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Layer, Logger, Option, Schedule, Stream } from "effect"
import { DurableLoop, StreamStore, UIMessageStream } from "effect-llm-stream"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { DatabaseSync } from "node:sqlite"
import * as DurableAgent from "../../support/DurableAgent.js"
import { approvalRequests } from "../../support/LiveRequests.js"
import { postgresBin, startPostgres } from "../../support/PostgresServer.js"
import { freePort } from "../../support/RedisServer.js"
import * as RefundAgent from "../../support/RefundAgent.js"
import { editPostgresRow, editRow, record } from "../../support/StoredReplies.js"

const sentence = "A stored record of the run cannot be read (it was changed, or not written by this library): " +
  "the run cannot go on, and trying again will not help"

/**
 * One process of the agent `name` on the SQLite file `filename` (or as a runner on the PostgreSQL database `postgres`,
 * at `port`), its refunds logged to `ran`, its `sharding`.
 */
const process = (
  name: string,
  filename: string | { readonly postgres: string; readonly port: number },
  ran: Array<string>,
  sharding?: DurableLoop.ShardingSettings
) => {
  const agent = RefundAgent.agent(name, ran, { storageTimeout: Duration.seconds(3) })
  const shardingConfig = { ...DurableAgent.fastSharding, ...sharding }
  const engine = typeof filename === "string"
    ? DurableLoop.layerSqlite({ filename, shardingConfig })
    : DurableLoop.layerPostgres({
      url: filename.postgres,
      runnerAddress: { host: "127.0.0.1", port: filename.port },
      shardingConfig
    })
  const layer = agent.layer.pipe(
    Layer.provideMerge(engine),
    Layer.provide(RefundAgent.model),
    Layer.provideMerge(StreamStore.layerMemory())
  )
  return { agent, run: <A, E>(effect: Effect.Effect<A, E, any>) => effect.pipe(Effect.provide(layer), Effect.scoped) }
}

type Edit = (value: any) => unknown

/** Edits, in the file, what the run started from (its `run` message's payload: its conversation). */
const editPayload = (filename: string, edit: Edit) => {
  const db = new DatabaseSync(filename)
  const select = db.prepare("select id, payload from cluster_messages where message_id like '%/run/'")
  select.setReadBigInts(true)
  const row = select.get() as { id: bigint; payload: string }
  db.prepare("update cluster_messages set payload = ? where id = ?").run(
    JSON.stringify(edit(JSON.parse(row.payload))),
    row.id
  )
  db.close()
}

/** How the run's live view ends: its last chunk (an `error` or a `finish`), read as a browser resuming it would. */
const viewEnd = (executionId: string) =>
  Effect.gen(function*() {
    const view = yield* UIMessageStream.resume(executionId).pipe(
      Effect.retry({ while: (error) => error._tag === "StreamNotFound", schedule: Schedule.spaced("20 millis") })
    )
    const chunks = yield* view.pipe(
      Stream.takeUntil((chunk) => chunk.type === "error" || chunk.type === "finish"),
      Stream.runCollect
    )
    return chunks[chunks.length - 1]
  }).pipe(Effect.timeout("10 seconds"))

/** `run`'s typed failure, as its reason and message (a success, or a defect, fails the test). */
const failureOf = <A, E>(effect: Effect.Effect<A, E, any>) =>
  Effect.map(Effect.exit(effect), (exit) => {
    assert.isTrue(Exit.isFailure(exit), "run succeeded")
    const reason = Exit.isFailure(exit) ? exit.cause.reasons[0] : undefined
    assert.strictEqual(reason?._tag, "Fail", String(reason?._tag))
    const error = reason?._tag === "Fail" ? reason.error as { _tag?: string; reason?: string; message?: string } : {}
    return [error._tag, error.reason, error.message]
  })

/** In a new process on `filename`, `run` of `input` fails at once with `InvalidRecord` and `sentence`, no refund made. */
const failsAtOnce = (
  filename: string,
  input: { readonly executionId: string; readonly messages: ReturnType<typeof RefundAgent.request> },
  ran: Array<string>,
  sentence: string
) =>
  Effect.gen(function*() {
    const later = process(input.executionId, filename, ran)
    const [again, ms] = yield* later.run(Effect.timed(failureOf(later.agent.run(input))))
      .pipe(Effect.map(([duration, failure]) => [failure, Duration.toMillis(duration)] as const))
    assert.deepStrictEqual(again, ["DurableLoopError", "InvalidRecord", sentence])
    assert.isBelow(ms, 3_000)
    assert.deepStrictEqual(ran, [])
  })

/**
 * A run that waits for approval of its refund, whose step 1 record is then edited (`edit`): approved in a second
 * process, `run` fails with `InvalidRecord` and the live view ends with its error, the refund never made; a third
 * process gives the same failure at once.
 */
const editedWhileWaiting = (name: string, change: (text: string) => string) =>
  Effect.gen(function*() {
    const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-records-")), "runs.db")
    const ran: Array<string> = []
    const input = { executionId: name, messages: RefundAgent.request("A", 1) }
    const first = process(name, filename, ran)
    yield* first.run(Effect.andThen(first.agent.run(input, { discard: true }), approvalRequests(name, 1)))
    editRow(filename, "/activity/step/1/1", change)
    const second = process(name, filename, ran)
    const [failed, end] = yield* second.run(Effect.gen(function*() {
      yield* second.agent.approve(name, "call_1", { approved: true })
      return yield* Effect.all([failureOf(second.agent.run(input)), viewEnd(name)], { concurrency: 2 })
    }))
    assert.deepStrictEqual(failed, ["DurableLoopError", "InvalidRecord", sentence])
    assert.deepStrictEqual(end, { type: "error", errorText: "The run's saved record cannot be read; it cannot go on." })
    yield* failsAtOnce(filename, input, ran, sentence)
  })

describe("a durable run whose stored records were changed on disk", () => {
  it.live(
    "a field of the wrong type (finishReasons a string): InvalidRecord, not a DoneEvent",
    () =>
      editedWhileWaiting(
        "wrong-type",
        record((step) => ({ ...step, response: { ...step.response, finishReasons: "stop" } }))
      ),
    60_000
  )

  it.live(
    "a field missing (the response's usage): InvalidRecord, not a step that used nothing",
    () =>
      editedWhileWaiting(
        "missing-field",
        record((step) => ({ ...step, response: { ...step.response, usage: undefined } }))
      ),
    60_000
  )

  it.live(
    "another program's JSON in place of the record: InvalidRecord, not Unavailable",
    () => editedWhileWaiting("foreign-json", record(() => ({ id: 7, items: ["a", "b"], ok: true }))),
    60_000
  )

  it.live(
    "text that is not JSON in place of the reply: InvalidRecord, not Unavailable",
    () => editedWhileWaiting("not-json", () => "{garbage"),
    60_000
  )

  it.live("a count past any real one (2^64 output tokens): InvalidRecord", () =>
    editedWhileWaiting(
      "huge-value",
      record((step) => ({ ...step, response: { ...step.response, usage: { outputTokens: 2 ** 64 } } }))
    ), 60_000)

  it.live(
    "a block nested 50,000 deep (JSON.stringify runs out of stack on it): InvalidRecord, not a run that hangs",
    () =>
      editedWhileWaiting(
        "too-deep",
        (text) =>
          record((step) => ({ ...step, response: { ...step.response, blocks: [{ type: "text", deep: "<deep>" }] } }))(
            text
          ).replace(`"<deep>"`, "[".repeat(50_000) + "]".repeat(50_000))
      ),
    60_000
  )

  it.live(
    "what the run started from (its conversation not messages): run fails with InvalidRecord",
    () =>
      Effect.gen(function*() {
        const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-records-")), "runs.db")
        const ran: Array<string> = []
        const input = { executionId: "payload", messages: RefundAgent.request("A", 1) }
        const first = process("payload", filename, ran)
        yield* first.run(Effect.andThen(first.agent.run(input, { discard: true }), approvalRequests("payload", 1)))
        editPayload(filename, (payload) => ({ ...payload, messages: "refund everything" }))
        const second = process("payload", filename, ran)
        const failed = yield* second.run(Effect.andThen(
          second.agent.approve("payload", "call_1", { approved: true }),
          failureOf(second.agent.run(input))
        ))
        assert.deepStrictEqual(failed, ["DurableLoopError", "InvalidRecord", sentence])
        assert.deepStrictEqual(ran, [])
      }),
    60_000
  )

  it.live(
    "a run's stored end and answer, changed after it ended: run and approve fail with InvalidRecord",
    () =>
      Effect.gen(function*() {
        const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-records-")), "runs.db")
        const ran: Array<string> = []
        const input = { executionId: "ended", messages: RefundAgent.request("A", 1) }
        const first = process("ended", filename, ran)
        const done = yield* first.run(Effect.gen(function*() {
          yield* first.agent.run(input, { discard: true })
          yield* approvalRequests("ended", 1)
          yield* first.agent.approve("ended", "call_1", { approved: true })
          return yield* first.agent.run(input)
        }))
        assert.deepStrictEqual([done.reason, done.steps.length, ran], ["stop", 2, ["A"]])
        editRow(
          filename,
          "/run/",
          record((end) => {
            end.steps[1].response.commonFinishReasons = ["finished"]
            return end
          })
        )
        const second = process("ended", filename, ran)
        const failed = yield* second.run(failureOf(second.agent.run(input)))
        assert.deepStrictEqual(failed, ["DurableLoopError", "InvalidRecord", sentence])
        // A field the engine decodes itself (the run's reason): the same failure.
        editRow(filename, "/run/", record((end) => ({ ...end, reason: "finished" })))
        const third = process("ended", filename, ran)
        const again = yield* third.run(failureOf(third.agent.run(input)))
        assert.deepStrictEqual(again, ["DurableLoopError", "InvalidRecord", sentence])
        // The stored answer to the approval, read by a later `approve` (the first answer holds): the same failure.
        editRow(filename, "/deferred/approval/call_1", (text) => {
          const answer = JSON.parse(text)
          answer.value.value.approved = "yes"
          return JSON.stringify(answer)
        })
        const fourth = process("ended", filename, ran)
        const answered = yield* fourth.run(failureOf(fourth.agent.approve("ended", "call_1", { approved: true })))
        assert.deepStrictEqual(answered, ["DurableLoopError", "InvalidRecord", sentence])
        assert.deepStrictEqual(ran, ["A"])
      }),
    60_000
  )
})

describe("a durable run whose stored records were changed in its PostgreSQL database", () => {
  it.live(
    `a step's record of the wrong type while the run waits: InvalidRecord on the next runner, nothing run${
      postgresBin === undefined ? " (skipped: PostgreSQL is not installed)" : ""
    }`,
    () =>
      Effect.gen(function*() {
        if (postgresBin === undefined) return
        const postgres = yield* Effect.acquireRelease(
          Effect.promise(startPostgres),
          (server) => Effect.sync(() => server.stop())
        )
        const name = "pg-wrong-type"
        const ran: Array<string> = []
        const input = { executionId: name, messages: RefundAgent.request("A", 1) }
        const runner = () => Effect.promise(async () => ({ postgres: postgres.url, port: await freePort() }))
        const first = process(name, yield* runner(), ran)
        yield* first.run(Effect.andThen(first.agent.run(input, { discard: true }), approvalRequests(name, 1)))
        editPostgresRow(
          postgres.url,
          "/activity/step/1/1",
          record((step) => ({ ...step, response: { ...step.response, finishReasons: "stop" } }))
        )
        const second = process(name, yield* runner(), ran)
        const failed = yield* second.run(Effect.andThen(
          second.agent.approve(name, "call_1", { approved: true }),
          failureOf(second.agent.run(input))
        ))
        assert.deepStrictEqual(failed, ["DurableLoopError", "InvalidRecord", sentence])
        assert.deepStrictEqual(ran, [])
      }).pipe(Effect.scoped),
    60_000
  )
})

const missing = "A stored record of the run is missing (it was deleted, not by this library): the run cannot go on, " +
  "and trying again will not help"

/** Deletes, in the file, the stored replies of the message whose id ends with `suffix`: its request stays done. */
const deleteReplies = (filename: string, suffix: string) => {
  const db = new DatabaseSync(filename)
  const { changes } = db.prepare(
    "delete from cluster_replies where request_id in (select request_id from cluster_messages where message_id like ?)"
  ).run(`%${suffix}`)
  assert.strictEqual(changes, 1)
  db.close()
}

/**
 * A copy of the SQLite file `filename` and its write-ahead log, open: what a process holding the file (exclusively)
 * has written.
 */
const copyOf = (filename: string) => {
  const copy = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-copy-")), "runs.db")
  Fs.copyFileSync(filename, copy)
  if (Fs.existsSync(`${filename}-wal`)) Fs.copyFileSync(`${filename}-wal`, `${copy}-wal`)
  return new DatabaseSync(copy)
}

/** The rows of the file's messages and replies (the engine's record of its runs), every column, as text. */
const rowsOf = (filename: string) => {
  const db = copyOf(filename)
  const read = (table: string) => {
    const select = db.prepare(`select * from ${table} order by id`)
    select.setReadBigInts(true)
    return select.all()
  }
  const rows = JSON.stringify(
    [read("cluster_messages"), read("cluster_replies")],
    (_, value) => typeof value === "bigint" ? String(value) : value
  )
  db.close()
  return rows
}

/**
 * Waits until the file shows an approved run replaying: its request marked not done (the answer's resume), and the
 * answer's reply saved (the last the resume writes).
 */
const replaying = (filename: string) =>
  Effect.sync(() => {
    const db = copyOf(filename)
    const row = db.prepare(
      "select (select processed from cluster_messages where message_id like '%/run/') as run, " +
        "(select count(*) from cluster_replies r join cluster_messages m on m.request_id = r.request_id " +
        "where m.message_id like '%/deferred/approval/call_1') as answered"
    ).get()
    db.close()
    return Number(row?.run) === 0 && Number(row?.answered) === 1
  }).pipe(
    Effect.repeat({ until: (replays) => replays, schedule: Schedule.spaced("50 millis") }),
    Effect.timeout("10 seconds")
  )

/**
 * A run of `name` (in a new file) that waits for approval of its refund (and its `run` waits on: a run waiting for a
 * person is not taken for one that lost a reply), whose reply of the message `suffix` is then deleted: the file.
 */
const lostWhileWaiting = (
  name: string,
  suffix: string,
  input: { readonly executionId: string; readonly messages: ReturnType<typeof RefundAgent.request> },
  ran: Array<string>,
  sharding?: DurableLoop.ShardingSettings
) =>
  Effect.gen(function*() {
    const filename = Path.join(Fs.mkdtempSync(Path.join(Os.tmpdir(), "durable-records-")), "runs.db")
    const first = process(name, filename, ran, sharding)
    const waiting = yield* first.run(Effect.gen(function*() {
      yield* first.agent.run(input, { discard: true })
      yield* approvalRequests(name, 1)
      return yield* Effect.timeoutOption(first.agent.run(input), "2 seconds")
    }))
    assert.isTrue(Option.isNone(waiting), "a run waiting for approval ended")
    deleteReplies(filename, suffix)
    return filename
  })

/**
 * A run waiting for approval whose reply of the message `suffix` is deleted (`lostWhileWaiting`): approved in a second
 * process, `run` fails with `InvalidRecord` within seconds, not waiting for ever, and the live view ends with its
 * error, the refund never made; a third process gives the same failure at once.
 */
const deletedWhileWaiting = (name: string, suffix: string) =>
  Effect.gen(function*() {
    const ran: Array<string> = []
    const input = { executionId: name, messages: RefundAgent.request("A", 1) }
    const filename = yield* lostWhileWaiting(name, suffix, input, ran)
    const second = process(name, filename, ran)
    const logs: Array<string> = []
    const [failed, end, later] = yield* second.run(
      Effect.gen(function*() {
        yield* second.agent.approve(name, "call_1", { approved: true })
        const [failed, end] = yield* Effect.all([failureOf(second.agent.run(input)), viewEnd(name)], { concurrency: 2 })
        // Asked again: the same failure, its view (ended already) told nothing more.
        return [failed, end, yield* failureOf(second.agent.run(input))] as const
      }).pipe(Effect.provide(Logger.layer([Logger.make(({ message }) => logs.push(String(message)))])))
    )
    assert.deepStrictEqual(failed, ["DurableLoopError", "InvalidRecord", missing])
    assert.deepStrictEqual(later, failed)
    assert.deepStrictEqual(end, { type: "error", errorText: "The run's saved record cannot be read; it cannot go on." })
    const told = (text: string) => logs.filter((line) => line.includes(text)).length
    assert.deepStrictEqual([told("stored replies are missing"), told(suffix.slice(1)), told("live view failed")], [
      2,
      2,
      0
    ])
    yield* failsAtOnce(filename, input, ran, missing)
  })

/**
 * A run waiting for approval whose step's reply is deleted (`lostWhileWaiting`), approved in a second process: once
 * `run` has failed with `InvalidRecord`, the engine replays the run there, waiting without end on the lost reply, and
 * the process lets go of it as it closes: in tenths of a second (with few shards), not Effect's 15 s of grace, and
 * nothing written for the run (no reply, no message, no row changed).
 */
const releasedAtClose = Effect.gen(function*() {
  const ran: Array<string> = []
  const input = { executionId: "lost-held", messages: RefundAgent.request("A", 1) }
  // Few shards: a healthy close hands 8 off in tenths of a second (300 take a second or two).
  const sharding = { shardsPerGroup: 8 }
  const filename = yield* lostWhileWaiting("lost-held", "/activity/step/1/1", input, ran, sharding)
  const second = process("lost-held", filename, ran, sharding)
  const [failed, before, done] = yield* second.run(Effect.gen(function*() {
    yield* second.agent.approve("lost-held", "call_1", { approved: true })
    const failed = yield* failureOf(second.agent.run(input))
    yield* replaying(filename)
    const before = rowsOf(filename)
    // The replay reaches the lost reply, and waits there.
    yield* Effect.sleep("500 millis")
    return [failed, before, yield* Clock.currentTimeMillis] as const
  }))
  const closed = (yield* Clock.currentTimeMillis) - done
  assert.deepStrictEqual(failed, ["DurableLoopError", "InvalidRecord", missing])
  assert.isBelow(closed, 2_000)
  assert.strictEqual(rowsOf(filename), before)
  assert.deepStrictEqual(ran, [])
})

describe("a durable run whose stored reply was deleted, its request left done", () => {
  it.live(
    "the run's own (it waits for approval): InvalidRecord, not a wait without end",
    () => deletedWhileWaiting("lost-run", "/run/"),
    60_000
  )

  it.live(
    "a step's (read again as the approved run replays): InvalidRecord, not a wait without end",
    () => deletedWhileWaiting("lost-step", "/activity/step/1/1"),
    60_000
  )

  it.live(
    "a step's, the run replaying here: the process lets go of it as it closes, at once, writing nothing for it",
    () => releasedAtClose,
    60_000
  )
})
