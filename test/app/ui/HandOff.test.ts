/**
 * A resumable stream served by `toNodeResponse`, on the memory store and on a real `redis-server` (skipped, saying so
 * in its name, where none is installed): the store's reader hands each chunk appended to the response in the call
 * that appended it (`HandOff`; on Redis, as the writer sends it), instead of waking the writer's fiber per chunk. Each
 * chunk is written by the generation's fiber as it is appended; a socket that fills makes the writer wait for `drain` and
 * go on from the store, every chunk once and in order; a client that leaves is written nothing more, and the
 * generation goes on to its end in the store. (The whole resumable suite also runs served this way, memory and
 * Redis: test/app/ui/Resumable.test.ts.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import type { Scope } from "effect"
import { StreamStore, UIMessageStream } from "effect-llm-stream"
import * as Events from "node:events"
import { answer, delta, deltasIn, text, writtenInGeneration } from "../../support/PacedAnswer.js"
import { describeRedis, storeOf } from "../../support/Stores.js"

/** A Node response whose socket is full after the writes `full` says, draining a millisecond later. */
class Response implements UIMessageStream.NodeResponse {
  destroyed = false
  headersSent = false
  body = ""
  writes = 0
  writesAfterLeaving = 0
  /** The fiber each write was made in. */
  readonly writers: Array<Fiber.Fiber<unknown, unknown> | undefined> = []
  readonly events = new Events.EventEmitter()
  readonly full: (write: number) => boolean

  constructor(full: (write: number) => boolean = () => false) {
    this.full = full
  }
  writeHead() {
    this.headersSent = true
  }
  write(piece: Uint8Array | string) {
    if (this.destroyed) {
      this.writesAfterLeaving++
      return false
    }
    this.body += typeof piece === "string" ? piece : new TextDecoder().decode(piece)
    this.writers.push(Fiber.getCurrent())
    if (!this.full(++this.writes)) return true
    setTimeout(() => this.events.emit("drain"), 1)
    return false
  }
  end(piece?: Uint8Array | string) {
    if (piece !== undefined) this.write(piece)
  }
  destroy() {
    this.leave()
  }
  /** The client goes away. */
  leave() {
    this.destroyed = true
    this.events.emit("close")
  }
  once(event: "drain" | "close", listener: () => void) {
    this.events.once(event, listener)
  }
  off(event: "drain" | "close", listener: () => void) {
    this.events.off(event, listener)
  }
}

/** The tests, on the store `store` makes. */
const suite = (name: string, store: Effect.Effect<StreamStore.Service, StreamStore.StreamStoreError, Scope.Scope>) =>
  describe(name, () => {
    const provided = <A, E>(effect: Effect.Effect<A, E>) =>
      Effect.flatMap(store, (service) => Effect.provideService(effect, StreamStore.StreamStore, service)).pipe(
        Effect.scoped
      )

    it.live("each chunk is written as it is appended, by the generation's fiber: the writer's fiber waits", () =>
      Effect.gen(function*() {
        const res = new Response()
        const deltas = 50
        const { generations, stream } = writtenInGeneration(deltas)
        yield* UIMessageStream.resumable(stream, { streamId: "written-as-appended" }).pipe(
          Effect.flatMap(UIMessageStream.toNodeResponse(res))
        )
        assert.strictEqual(deltasIn(res.body), text(deltas))
        assert.include(res.body, `"type":"finish"`)
        // The head and d0 by the writer; d1 on (the end by the writer, after the generation's end) by the generation.
        const [generation] = [...generations]
        assert.strictEqual(generations.size, 1)
        assert.isAtLeast(res.writers.filter((fiber) => fiber === generation).length, deltas - 2)
      }).pipe(provided))

    it.live("a socket that fills: the writer waits for drain and goes on from the store, every chunk once, in order", () =>
      Effect.gen(function*() {
        const res = new Response((write) => write % 3 === 0)
        const deltas = 300
        // The model's pace varies: at times faster than the socket drains, at times slower.
        const stream = answer(
          deltas,
          (i) => i % 25 === 0 ? Effect.as(Effect.sleep("3 millis"), delta(i)) : Effect.succeed(delta(i))
        )
        yield* UIMessageStream.resumable(stream, { streamId: "full-socket" }).pipe(
          Effect.flatMap(UIMessageStream.toNodeResponse(res))
        )
        assert.isAbove(res.writes, 30)
        assert.strictEqual(deltasIn(res.body), text(deltas))
        assert.match(res.body, /"type":"finish"\}\n\ndata: \[DONE\]\n\n$/)
      }).pipe(provided))

    it.live("a client that leaves is written nothing more; the generation goes on to its end in the store", () =>
      Effect.gen(function*() {
        const res = new Response()
        const deltas = 60
        const stream = answer(deltas, (i) =>
          Effect.as(
            Effect.andThen(Effect.sleep("2 millis"), Effect.sync(() => i === 20 && res.leave())),
            delta(i)
          ))
        yield* UIMessageStream.resumable(stream, { streamId: "left" }).pipe(
          Effect.flatMap(UIMessageStream.toNodeResponse(res))
        )
        const stored = yield* Effect.flatMap(UIMessageStream.resume("left"), Stream.runCollect)
        assert.strictEqual(stored.at(-1)?.type, "finish")
        assert.strictEqual(
          stored.flatMap((chunk) => chunk.type === "text-delta" ? [chunk.delta] : []).join(""),
          text(deltas)
        )
        assert.strictEqual(res.writesAfterLeaving, 0)
        assert.isBelow(deltasIn(res.body).length, text(deltas).length)
      }).pipe(provided))

    it.live("a stream made of the stored one (mapped) does not hand off: every chunk goes through the map", () =>
      Effect.gen(function*() {
        const res = new Response()
        const deltas = 50
        const { generations, stream } = writtenInGeneration(deltas)
        const upper = (chunk: UIMessageStream.Chunk): UIMessageStream.Chunk =>
          chunk.type === "text-delta" ? { ...chunk, delta: chunk.delta.toUpperCase() } : chunk
        yield* UIMessageStream.resumable(stream, { streamId: "mapped" }).pipe(
          Effect.flatMap((stored) => UIMessageStream.toNodeResponse(Stream.map(stored, upper), res))
        )
        const mapped = [...res.body.matchAll(/"delta":"(D\d+ )"/g)].map((match) => match[1]).join("")
        assert.strictEqual(mapped, text(deltas).toUpperCase())
        const [generation] = [...generations]
        assert.notInclude(res.writers, generation)
      }).pipe(provided))
  })

suite("a resumable stream served by toNodeResponse, on the memory store", storeOf(StreamStore.layerMemory()))

describeRedis("a resumable stream served by toNodeResponse, on Redis", (twoStores) => {
  suite("one instance", Effect.map(twoStores("1 minute"), ([store]) => store))
})
