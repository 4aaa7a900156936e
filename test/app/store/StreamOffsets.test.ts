/**
 * `StreamOffsets.read` (what AG-UI's reconnect reads): a run started anew under the stream's id between the look at
 * its tail and the read (another request, on any instance) is not served under the first run's offsets. A store
 * that starts the next run just as the tail is read shows it on the memory store.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { StreamStore } from "effect-llm-stream"
import * as StreamOffsets from "../../../src/app/store/StreamOffsets.js"
import { storeOf } from "../../support/Stores.js"

const run = (name: string, length: number) =>
  Array.from({ length }, (_, index) => ({ type: "CUSTOM", name, value: index }))

/** `store`, whose first look at a tail starts the next run under the id before it answers (`next`). */
const replacedAtTail = (store: StreamStore.Service, next: ReadonlyArray<StreamStore.StoredChunk>) => {
  let replaced = false
  const tail: NonNullable<StreamStore.Service["tail"]> = (streamId, options) =>
    Effect.tap(store.tail!(streamId, options), () => {
      if (replaced) return Effect.void
      replaced = true
      return Effect.andThen(store.create(streamId, options), store.append(streamId, next, options))
    })
  return { ...store, tail }
}

/** A memory store holding the first run, ended, under "run" (alice's), and that run read with its offsets. */
const firstRun = Effect.gen(function*() {
  const store = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
  const owner = { owner: "alice" }
  yield* store.create("run", owner)
  yield* store.append("run", run("first", 6), owner)
  yield* store.end("run", "completed", owner)
  const first = yield* Stream.runCollect(yield* StreamOffsets.read(store, "run", owner).pipe(Effect.orDie))
  return { store, first }
})

describe("StreamOffsets.read of a run started anew under its id as it is read", () => {
  it.effect("after an offset of the first run: its own events, or a refusal; never the next run's", () =>
    Effect.gen(function*() {
      const { first, store } = yield* firstRun
      const offset = first[2]!.offset
      const racing = replacedAtTail(store, run("second", 9))
      const read = yield* Effect.exit(StreamOffsets.read(racing, "run", { offset, owner: "alice" }))
      if (read._tag === "Success") {
        const events = yield* Stream.runCollect(Stream.take(read.value, 3))
        assert.deepStrictEqual(events, first.slice(3))
      } else {
        assert.strictEqual(JSON.stringify(read.cause).includes("InvalidOffset"), true, String(read.cause))
      }
    }).pipe(Effect.scoped))

  it.effect("from the start: each event under the offset of the run it is of", () =>
    Effect.gen(function*() {
      const { first, store } = yield* firstRun
      const ofFirst = new Map(first.map((located) => [located.offset, located.event]))
      const racing = replacedAtTail(store, run("second", 9))
      const events = yield* Stream.runCollect(
        Stream.take(yield* StreamOffsets.read(racing, "run", { owner: "alice" }).pipe(Effect.orDie), 6)
      )
      assert.strictEqual(events.length, 6)
      for (const located of events) {
        const held = ofFirst.get(located.offset)
        if (held !== undefined) assert.deepStrictEqual(located.event, held, located.offset)
      }
    }).pipe(Effect.scoped))
})
