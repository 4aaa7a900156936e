/**
 * Streams have an owner (issue 43, item 3), on both stores (memory; a real `redis-server` shared by two
 * instances, skipped with the reason in the names where it is not installed):
 *
 * - over HTTP, with the chat server of test/support/ResumableApp.ts (its `x-user` header is the owner an app
 *   takes from its session), the probes of the issue: another owner, or none, cannot read, stop, overwrite or
 *   pre-claim a stream, and gets exactly what an unknown id gets (204 to a resume, 204 from the stop route),
 *   so it cannot tell that the stream exists; taking the id first no longer makes the owner's POST a 409;
 * - a re-used id never mixes two streams for a reader (the probe: 509 old, then 1,491 new deltas);
 * - any interleaving of two owners' operations (and an ownerless caller's) on a few shared ids leaks nothing:
 *   each caller sees exactly what it would see alone (fast-check against a model);
 * - `StreamStore.newId()` draws 128 random bits as 22 URL-safe characters.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Option, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Base64Url from "effect/encoding/Base64Url"
import * as FastCheck from "fast-check"
import * as App from "../../support/ResumableApp.js"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"

let streams = 0
const newId = () => `chat-${process.pid}-${++streams}-${Math.random().toString(36).slice(2)}`

const as = (user: string | undefined) => (user === undefined ? {} : { headers: { "x-user": user } })
const post = (instance: App.Instance, id: string, user?: string) =>
  fetch(`${instance.url}/chat/${id}`, { method: "POST", ...as(user) })
const get = (instance: App.Instance, id: string, user?: string) => fetch(`${instance.url}/chat/${id}/stream`, as(user))
const stop = (instance: App.Instance, id: string, user?: string) =>
  fetch(`${instance.url}/chat/${id}/stop`, { method: "POST", ...as(user) })

/** A response as the client sees it: its status, its headers that say something, its body. */
const seen = async (response: Response) => ({
  status: response.status,
  type: response.headers.get("content-type"),
  body: await response.text()
})

const httpSuite = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it.live("another owner, or none, cannot read, stop, overwrite or pre-claim a stream, nor tell it exists", () =>
      Effect.gen(function*() {
        const replay = yield* ReplayServer.make
        const endless = App.chatBody(12, true)
        const running = replay.serve({
          headers: { "content-type": "text/event-stream" },
          ...endless,
          delayMs: 5,
          endless: true
        })
        const [storeA, storeB] = yield* stores("1 minute")
        const a = yield* App.instance(storeA, running)
        const b = yield* App.instance(storeB, running)
        const id = newId()
        // Mallory takes alice's chat id first, and his stream runs: alice's start is not a 409 (it was).
        const held = yield* Effect.promise(() => post(b, id, "mallory"))
        assert.strictEqual(held.status, 200)
        yield* Effect.promise(() => App.readChunks(held, 2))
        const started = yield* Effect.promise(() => post(a, id, "alice"))
        assert.strictEqual(started.status, 200)
        const mine = yield* Effect.promise(() => App.readChunks(started, 6))
        assert.strictEqual((mine[0] as { messageId?: string }).messageId, `message-alice-${id}`)
        // Probing from the other instance: a resume and a stop as a user with no stream under the id, as no user,
        // and for an unknown id.
        const probes = yield* Effect.promise(() =>
          Promise.all([
            get(b, id, "eve").then(seen),
            get(b, id).then(seen),
            get(b, newId(), "eve").then(seen),
            stop(b, id, "eve").then(seen),
            stop(b, id).then(seen),
            stop(b, newId(), "eve").then(seen)
          ])
        )
        assert.deepStrictEqual(probes.slice(0, 3).map((probe) => probe.status), [204, 204, 204])
        assert.deepStrictEqual(probes[0], probes[2])
        assert.deepStrictEqual(probes[1], probes[2])
        // A stop of a stream not started yet is a 204 that waits for it (30 s): the same for all three.
        assert.deepStrictEqual(probes.slice(3).map((probe) => probe.status), [204, 204, 204])
        assert.deepStrictEqual(probes[3], probes[5])
        assert.deepStrictEqual(probes[4], probes[5])
        // The same id taken by no user while alice's stream runs: a stream of its own, which the stop asked as no
        // user stops as it starts (nothing but its stopped ending); the next one runs.
        const stoppedAtStart = yield* Effect.promise(async () => App.readChunks(await post(b, id)))
        assert.deepStrictEqual(stoppedAtStart.map((chunk) => chunk.type), ["finish", "abort"])
        const anyone = yield* Effect.promise(() => post(b, id))
        assert.strictEqual(anyone.status, 200)
        const theirs = yield* Effect.promise(() => App.readChunks(anyone, 3))
        assert.strictEqual((theirs[0] as { messageId?: string }).messageId, `message-${id}`)
        for (const user of ["mallory", undefined]) yield* Effect.promise(() => stop(b, id, user))
        // Nothing stopped alice's generation; she resumes her own stream and stops it herself.
        assert.strictEqual(a.endings.length, 0)
        const resumed = yield* Effect.promise(async () => App.readChunks(await get(b, id, "alice"), 8))
        assert.deepStrictEqual(resumed.slice(0, 6), mine)
        assert.strictEqual((yield* Effect.promise(() => stop(b, id, "alice"))).status, 204)
        const whole = yield* Effect.promise(async () => App.readChunks(await get(a, id, "alice")))
        assert.strictEqual(whole.at(-1)?.type, "abort")
        assert.strictEqual((whole[0] as { messageId?: string }).messageId, `message-alice-${id}`)
        // Her stream has ended: another user's new stream under the id does not overwrite it.
        const overwrite = yield* Effect.promise(() => post(b, id, "mallory"))
        assert.strictEqual(overwrite.status, 200)
        yield* Effect.promise(() => App.readChunks(overwrite, 2))
        yield* Effect.promise(() => stop(b, id, "mallory"))
        assert.deepStrictEqual(yield* Effect.promise(async () => App.readChunks(await get(b, id, "alice"))), whole)
      }))
  })

const chunk = (stream: string, index: number) => ({ type: "text-delta", id: stream, delta: `${stream}-${index} ` })

const storeSuite = (name: string, stores: TwoStores) =>
  describe(name, () => {
    it.live(
      "a reader never gets chunks of two streams: an id re-used while it replays starts a stream it never sees",
      () =>
        Effect.gen(function*() {
          const [a, b] = yield* stores("1 minute")
          const id = newId()
          yield* a.create(id)
          yield* a.append(id, Array.from({ length: 2_000 }, (_, i) => chunk("old", i)))
          yield* a.end(id, "completed")
          // A reader that has taken its first page, then waits.
          const pull = yield* Effect.flatMap(b.read(id), Stream.toPull)
          const first = yield* pull
          assert.isAbove(first.length, 0)
          // The id re-used: a new stream, as long, then ended.
          yield* a.create(id)
          yield* a.append(id, Array.from({ length: 2_000 }, (_, i) => chunk("new", i)))
          yield* a.end(id, "completed")
          const received = [...first]
          const rest = yield* Effect.exit(
            Effect.forever(Effect.flatMap(pull, (page) => Effect.sync(() => received.push(...page))))
          )
          // It ends with the old stream (memory holds it whole) or fails as not found (Redis replaced it), never
          // with a chunk of the new one.
          assert.isTrue(Exit.isFailure(rest))
          for (const [i, item] of received.entries()) assert.deepStrictEqual(item, chunk("old", i))
          assert.deepStrictEqual(
            yield* Effect.flatMap(b.read(id), Stream.runCollect),
            Array.from({ length: 2_000 }, (_, i) => chunk("new", i))
          )
        }),
      { timeout: 20_000 }
    )

    // Found by the interleavings below (seed 607030356): the instance that made a stream kept writing its generation
    // after another ended it and made it anew, and its append found no stream.
    it.live("a stream ended and made anew on one instance takes the appends of the one that made it first", () =>
      Effect.gen(function*() {
        const [a, b] = yield* stores("1 minute")
        const id = newId()
        const mallory = { owner: "mallory" }
        yield* b.create(id, mallory)
        yield* a.end(id, "completed", mallory)
        yield* a.create(id, mallory)
        yield* b.append(id, [chunk("again", 0)], mallory)
        yield* a.end(id, "completed", mallory)
        assert.deepStrictEqual(yield* Effect.flatMap(b.read(id, mallory), Stream.runCollect), [chunk("again", 0)])
      }))

    it.live("any interleaving of two owners' (and an ownerless caller's) operations leaks nothing", () =>
      Effect.gen(function*() {
        const [a, b] = yield* stores("1 minute")
        const owners = ["alice", "mallory", undefined] as const
        const operation = FastCheck.record({
          owner: FastCheck.constantFrom(...owners),
          instance: FastCheck.constantFrom(0, 1),
          id: FastCheck.constantFrom(0, 1),
          kind: FastCheck.constantFrom("create", "append", "end", "read", "stop")
        })
        let run = 0
        yield* Effect.promise(() =>
          FastCheck.assert(
            FastCheck.asyncProperty(FastCheck.array(operation, { minLength: 4, maxLength: 24 }), (ops) =>
              Effect.runPromise(Effect.gen(function*() {
                const ids = [newId(), newId()]
                run++
                // What each caller should see if it were alone: its own streams, by (owner, id).
                const model = new Map<string, { chunks: Array<unknown>; ended: boolean; stops: number }>()
                const stopped = new Map<string, Fiber.Fiber<void, unknown>>()
                for (const [step, op] of ops.entries()) {
                  const store = op.instance === 0 ? a : b
                  const streamId = ids[op.id]!
                  const who = { owner: op.owner }
                  const slot = `${op.owner ?? "-"}/${op.id}`
                  const mine = model.get(slot)
                  const label = `run ${run}, step ${step}: ${op.kind} by ${op.owner ?? "nobody"}`
                  switch (op.kind) {
                    case "create": {
                      const exit = yield* Effect.exit(store.create(streamId, who))
                      if (mine !== undefined && !mine.ended) {
                        assert.isTrue(Exit.isFailure(exit), label)
                      } else {
                        assert.isTrue(Exit.isSuccess(exit), label)
                        model.set(slot, { chunks: [], ended: false, stops: 0 })
                        // Listens for stops of the new stream, where it was created (as a writer does).
                        stopped.set(slot, yield* Effect.forkChild(store.stopped(streamId, who)))
                      }
                      break
                    }
                    case "append": {
                      const item = { slot, step }
                      const exit = yield* Effect.exit(store.append(streamId, [item], who))
                      if (mine === undefined) {
                        assert.isTrue(Exit.isFailure(exit) && exit.cause.toString().includes("StreamNotFound"), label)
                      } else if (mine.ended) {
                        assert.isTrue(Exit.isFailure(exit), label)
                      } else {
                        assert.isTrue(Exit.isSuccess(exit), label)
                        mine.chunks.push(item)
                      }
                      break
                    }
                    case "end": {
                      const exit = yield* Effect.exit(store.end(streamId, "completed", who))
                      assert.strictEqual(Exit.isSuccess(exit), mine !== undefined, label)
                      if (mine !== undefined) {
                        mine.ended = true
                      }
                      break
                    }
                    case "stop": {
                      const exit = yield* Effect.exit(store.stop(streamId, who))
                      assert.strictEqual(Exit.isSuccess(exit), mine !== undefined, label)
                      if (mine !== undefined && !mine.ended) {
                        mine.stops++
                      }
                      break
                    }
                    case "read": {
                      const exit = yield* Effect.exit(store.read(streamId, who))
                      if (mine === undefined) {
                        assert.isTrue(Exit.isFailure(exit), label)
                        break
                      }
                      assert.isTrue(Exit.isSuccess(exit), label)
                      if (Exit.isFailure(exit)) {
                        break
                      }
                      // An open stream: what it holds now (then the read is dropped); an ended one: all of it.
                      const read = mine.ended ? exit.value : Stream.take(exit.value, mine.chunks.length)
                      assert.deepStrictEqual(yield* Stream.runCollect(read), mine.chunks, label)
                    }
                  }
                }
                // A stop reached exactly the writers (of streams still open) whose owner asked it.
                for (const [slot, fiber] of stopped) {
                  if (model.get(slot)?.ended !== false) {
                    continue
                  }
                  const asked = model.get(slot)!.stops > 0
                  // Delivery, not its speed: a stop on the other instance goes through Redis's pub/sub, which a
                  // loaded machine (the whole suite on two cores) has taken more than a second to deliver.
                  const exit = yield* Fiber.join(fiber).pipe(Effect.timeoutOption(asked ? "5 seconds" : "20 millis"))
                  assert.strictEqual(Option.isSome(exit), asked, `run ${run}: stop of ${slot}`)
                }
              }))),
            { numRuns: 10 }
          )
        )
      }), { timeout: 30_000 })
  })

httpSuite(
  "owners over HTTP, memory store",
  (ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)
)
storeSuite(
  "owners and re-used ids, memory store",
  (ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const)
)
describeRedis("owners on Redis", (twoStores) => {
  httpSuite("over HTTP, two instances", twoStores)
  storeSuite("two instances", twoStores)
})
describeDurableStreams("owners on Durable Streams", (twoStores) => {
  httpSuite("over HTTP, two instances", twoStores)
  storeSuite("two instances", twoStores)
})

it("StreamStore.newId: 128 random bits as 22 URL-safe characters, every one a valid id", () => {
  const ids = Array.from({ length: 2_000 }, StreamStore.newId)
  assert.strictEqual(new Set(ids).size, ids.length)
  for (const id of ids) {
    assert.match(id, /^[A-Za-z0-9_-]{22}$/)
    assert.isTrue(StreamStore.isValidId(id))
    const bytes = Base64Url.decode(id)
    assert.isTrue(bytes._tag === "Success" && bytes.success.length === 16)
  }
  // Every bit varies: no fixed prefix, no counter.
  const ones = new Array<number>(128).fill(0)
  for (const id of ids) {
    const bytes = Base64Url.decode(id)
    if (bytes._tag !== "Success") continue
    for (let bit = 0; bit < 128; bit++) ones[bit]! += (bytes.success[bit >> 3]! >> (bit & 7)) & 1
  }
  for (const count of ones) assert.isTrue(count > 850 && count < 1150)
})
