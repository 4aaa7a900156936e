/**
 * A run replaying as its runner gives its shard to a runner that joins goes on on the new owner within seconds, under
 * Effect's default `entityTerminationTimeout` (15 s): the runner giving the shard up lets go of the run (`HeldRuns`).
 * Before, the hand-over waited the whole timeout, the run's next step a request only the next owner would serve, and
 * a run approved as runners joined went on 16 s late. On real PostgreSQL: runner A starts the run, answers its
 * approval, and holds the model's step 3 until runner B has joined and taken the run's shard (B's port is picked so
 * that the cluster's hash ring gives it that shard); then step 3 answers, and the run ends. The processes are
 * `support/DurableChild.ts` run with plain `node`.
 */
import { afterAll, assert, it } from "@effect/vitest"
import { Effect, Equal, Hash, HashRing } from "effect"
import * as RunnerAddress from "effect/cluster/RunnerAddress"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import * as DurableAgent from "../../support/DurableAgent.js"
import * as KilledChild from "../../support/KilledChild.js"
import { postgresBin, startPostgres } from "../../support/PostgresServer.js"
import { freePort } from "../../support/RedisServer.js"
import { until } from "../../support/Until.js"

const bundle = KilledChild.bundle("DurableChild", "held-runs", "packages")
afterAll(KilledChild.removeBundles)

/** Effect's cluster's shards per group (`ShardingConfig`'s default). */
const shards = 300

/** Whether the ring of runners `a` and `b` (on 127.0.0.1) gives the shard of `entityId` to `b`, as `Sharding` does. */
const givenTo = (entityId: string, a: number, b: number) => {
  const [first, second] = [RunnerAddress.make("127.0.0.1", a), RunnerAddress.make("127.0.0.1", b)]
  const ring = HashRing.make<RunnerAddress.RunnerAddress>()
  HashRing.add(ring, first, { weight: 1 })
  HashRing.add(ring, second, { weight: 1 })
  const owner = HashRing.getShards(ring, shards)?.[Math.abs(Hash.string(entityId) % shards)]
  return owner !== undefined && Equal.equals(owner, second)
}

/** A free port for runner B such that B takes the run's shard from runner A (on `a`). */
const takerPort = async (entityId: string, a: number): Promise<number> => {
  for (let tries = 0; tries < 64; tries++) {
    const port = await freePort()
    if (port !== a && givenTo(entityId, a, port)) return port
  }
  throw new Error("no free port whose runner takes the run's shard")
}

/** The number of shards of A's latest assignment. */
const assigned = (child: KilledChild.Child): number | undefined => {
  const counts = [...child.output().out.matchAll(/^ASSIGNED (\d+)$/gm)].map((match) => Number(match[1]))
  return counts.at(-1)
}

it.live(
  `PostgreSQL, Effect's default entityTerminationTimeout: a run whose shard moves as it replays goes on within seconds${
    postgresBin === undefined ? " (skipped: PostgreSQL is not installed)" : ""
  }`,
  () =>
    Effect.promise(async () => {
      if (postgresBin === undefined) return
      const postgres = await startPostgres()
      const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "held-runs-"))
      const answer = Path.join(dir, "answer-step-3")
      // Shard locks refreshed every 5 s: a lock refresh slow under load does not make the runner let go of its shards
      // at once (which would hide the drain's wait).
      const sharding = { shardLockRefreshInterval: "5 seconds", shardLockExpiration: "30 seconds" }
      const config = { dir, scenarios: ["approval"], prefix: "handover", sharding }
      const a = await freePort()
      const b = await takerPort("handover-approval", a)
      const join = Path.join(dir, "join")
      const children: Array<KilledChild.Child> = []
      try {
        const engine = (port: number) => ({ postgres: postgres.url, port })
        const runner = KilledChild.spawn(await bundle, {
          ...config,
          engine: engine(a),
          phase: "alone",
          slowStep: 3,
          until: answer,
          assignments: true
        })
        // B, a runner with no run of its own, starts meanwhile, and joins the cluster once told.
        const joining = KilledChild.spawn(await bundle, {
          ...config,
          scenarios: [],
          engine: engine(b),
          phase: "second",
          joinAfter: join
        })
        children.push(runner, joining)
        // Approved, the run replays on A and asks step 3, which waits.
        await runner.line("ASKED approval 3")
        // B joins: A is assigned fewer shards, the run's among those it gives up.
        Fs.writeFileSync(join, "")
        const joined = await Effect.runPromise(until(() => (assigned(runner) ?? shards) < shards, 30_000))
        assert.isTrue(joined, "runner A was never assigned fewer shards")
        // Step 3 answers while A gives the shard up: the run ends on B at once, not when A's drain times out.
        const answered = Date.now()
        Fs.writeFileSync(answer, "")
        const done = JSON.parse(await runner.line("DONE approval "))
        const took = Date.now() - answered
        assert.isBelow(took, 10_000, `the run ended ${took} ms after step 3 answered`)
        assert.strictEqual(done.reason, "stop")
        assert.strictEqual(done.steps, 3)
        // Step 3 was asked once, on A, and its answer taken over by B; the approved handler ran once.
        assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "model"), ["step 1", "step 2", "step 3"])
        assert.deepStrictEqual(DurableAgent.lines(dir, "approval", "transfer"), [
          DurableAgent.transferCallId("approval")
        ])
      } finally {
        await Promise.all(children.map((child) => child.kill()))
        postgres.stop()
      }
    }),
  60_000
)
