/**
 * Resumable UI message streams over real HTTP, read by the `ai` package's own parser and `readUIMessageStream`:
 * chat server instances (test/support/ResumableApp.ts) on one store, in memory, on a real `redis-server`
 * shared by two instances (skipped, with the reason in the names, where it is not installed) or on the Durable
 * Streams reference server shared by two instances, generating from a
 * model over the replay server. A client that disconnects after k chunks and resumes (at once, or after the
 * end) receives every chunk exactly once and in order, and the disconnect aborts nothing; two clients resuming
 * the same id both receive the whole answer; a resume or a stop works from another instance (a stop within
 * 1 s); Redis holding writes mid-answer holds back no chunk, only the end; Redis going away mid-stream ends every
 * reader with an `error` chunk and a clean end within 5 s while the generation's ending is still reported; a stored
 * stream expires. An answer refused before its first chunk (a key refused, an answer Claude 4.6+ cannot continue) is
 * answered with its status and sentence and stores nothing (a resume is 204); a failure after it is stored.
 */
import { assert, describe, it } from "@effect/vitest"
import { DefaultChatTransport, type UIMessageChunk } from "ai"
import type { Duration } from "effect"
import { Effect, Exit, Fiber, Stream } from "effect"
import { ProviderError, StreamStore, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as UIResumable from "../../../src/app/ui/UIResumable.js"
import { cli, redis } from "../../support/RedisServer.js"
import * as App from "../../support/ResumableApp.js"
import { describeDurableStreams, describeRedis, storeOf, type TwoStores } from "../../support/Stores.js"
import { untilEffect } from "../../support/Until.js"

const words = 12
/** start, start-step, text-start, the deltas, text-end, the step's signature, finish-step, finish. */
const total = words + 7

let streams = 0
const newId = () => `chat-${process.pid}-${++streams}-${Math.random().toString(36).slice(2)}`

const post = (instance: App.Instance, id: string) => fetch(`${instance.url}/chat/${id}`, { method: "POST" })
const get = (instance: App.Instance, id: string, after?: number) =>
  fetch(`${instance.url}/chat/${id}/stream${after === undefined ? "" : `?after=${after}`}`)

/** The tests, for two instances sharing a store (the same memory store in one process; one Redis). */
const suite = (name: string, stores: TwoStores, serving: App.Serving) =>
  describe(name, () => {
    const setup = (options: {
      readonly ttl?: Duration.Input
      readonly endless?: boolean
      readonly delayMs?: number
      readonly dropAfterBytes?: number
      /** The model refuses the key (401, a message with a secret): the server's configuration. */
      readonly keyRefused?: boolean
    }) =>
      Effect.gen(function*() {
        const replay = yield* ReplayServer.make
        const { body, cuts } = App.chatBody(words, options.endless === true)
        const modelUrl = replay.serve(
          options.keyRefused === true ? keyRefused : {
            headers: { "content-type": "text/event-stream" },
            body,
            cuts,
            delayMs: options.delayMs ?? 2,
            ...(options.endless === true ? { endless: true } : {}),
            ...(options.dropAfterBytes === undefined ? {} : { dropAfterBytes: options.dropAfterBytes })
          }
        )
        const [storeA, storeB] = yield* stores(options.ttl ?? "1 minute")
        const a = yield* App.instance(storeA, modelUrl, serving)
        const b = yield* App.instance(storeB, modelUrl, serving)
        return { replay, modelUrl, a, b }
      })

    it.live("a client that disconnects after k chunks and resumes, at once or after the end, gets every chunk once, in order", () =>
      Effect.gen(function*() {
        const { a, b, modelUrl, replay } = yield* setup({})
        let runs = 0
        yield* Effect.promise(() =>
          FastCheck.assert(
            FastCheck.asyncProperty(
              FastCheck.integer({ min: 0, max: total + 1 }),
              FastCheck.boolean(),
              FastCheck.boolean(),
              async (k, afterEnd, elsewhere) => {
                const id = newId()
                const endings = a.endings.length
                runs++
                const first = await App.readChunks(await post(a, id), k)
                if (afterEnd) await Effect.runPromise(App.until(() => a.endings.length > endings))
                const resumed = await App.readChunks(await get(elsewhere ? b : a, id, first.length))
                const received = [...first, ...resumed]
                await Effect.runPromise(App.until(() => a.endings.length > endings))
                const replayed = await App.readChunks(await get(b, id))
                assert.deepStrictEqual(received, replayed)
                assert.strictEqual(replayed.length, total)
                assert.strictEqual(App.textOf(await App.messageOf(received)), App.chatText(words))
                // The disconnect stopped nothing: the generation completed, on the instance that ran it.
                const ending = a.endings[endings]!
                assert.strictEqual(ending._tag, "Completed")
                assert.strictEqual(ending.response.content, App.chatText(words))
              }
            ),
            { numRuns: 6 }
          )
        )
        assert.strictEqual(replay.abortedResponses(modelUrl), 0)
        assert.strictEqual(a.endings.length, runs)
        assert.strictEqual(b.endings.length, 0)
      }))

    it.live("two clients resuming the same id (on two instances) both receive the whole answer", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup({})
        const id = newId()
        const started = post(a, id)
        const [one, two, own] = yield* Effect.promise(() =>
          Promise.all([
            get(a, id).then((response) => App.readChunks(response)),
            get(b, id).then((response) => App.readChunks(response)),
            started.then((response) => App.readChunks(response))
          ])
        )
        assert.strictEqual(own.length, total)
        assert.deepStrictEqual(one, own)
        assert.deepStrictEqual(two, own)
      }))

    // Retried: "within 1 s" is the stop's documented bound in real time (UIResumable.stop), which a stall of a
    // loaded machine between the stop and its check can exceed, the generation stopped as promptly as ever.
    it.live("a stop from another instance ends the generation within 1 s, the stored stream with abort", () =>
      Effect.gen(function*() {
        const { a, b, modelUrl, replay } = yield* setup({ endless: true, delayMs: 5 })
        const id = newId()
        const reading = Effect.runPromise(
          Effect.promise(() =>
            post(a, id).then((response) => App.readChunks(response))
          )
        )
        yield* App.until(() => replay.requests(modelUrl).length === 1)
        yield* Effect.sleep("100 millis")
        const asked = Date.now()
        const stop = yield* Effect.promise(() => fetch(`${b.url}/chat/${id}/stop`, { method: "POST" }))
        assert.strictEqual(stop.status, 204)
        assert.isTrue(yield* App.until(() => a.endings.length === 1, 1_000))
        assert.isBelow(Date.now() - asked, 1_000)
        assert.strictEqual(a.endings[0]!._tag, "Interrupted")
        const received = yield* Effect.promise(() => reading)
        assert.strictEqual(received.at(-1)?.type, "abort")
        assert.strictEqual(received.filter((chunk) => chunk.type === "abort").length, 1)
        // The provider request was aborted (waited for: when is not what this checks); the stopped stream stays
        // resumable.
        assert.isTrue(yield* App.until(() => replay.closedConnections(modelUrl) === 1, 10_000))
        const replayed = yield* Effect.promise(() => get(b, id).then((response) => App.readChunks(response)))
        assert.deepStrictEqual(replayed, received)
        assert.strictEqual(
          App.textOf(yield* Effect.promise(() => App.messageOf(replayed))),
          a.endings[0]!.response.content
        )
        // A stop of an unknown id is a 204 from the route: it waits 30 s for a stream of that id to stop.
        assert.strictEqual(
          (yield* Effect.promise(() => fetch(`${b.url}/chat/${newId()}/stop`, { method: "POST" }))).status,
          204
        )
      }), { retry: 2 })

    it.live("a generation that fails mid-stream is stored with its error chunk and replayed whole; its ending is Failed", () =>
      Effect.gen(function*() {
        // The provider's connection drops after the first five deltas.
        const { cuts } = App.chatBody(words)
        const { a, b } = yield* setup({ dropAfterBytes: cuts[5]! + 10 })
        const id = newId()
        const received = yield* Effect.promise(() =>
          post(a, id).then((response) => App.readChunks(response))
        )
        assert.strictEqual(received.at(-1)?.type, "error")
        assert.isTrue(yield* App.until(() => a.endings.length === 1))
        const ending = a.endings[0]!
        assert.strictEqual(ending._tag, "Failed")
        const replayed = yield* Effect.promise(() => get(b, id).then((response) => App.readChunks(response)))
        assert.deepStrictEqual(replayed, received)
        assert.strictEqual(App.textOf(yield* Effect.promise(() => App.messageOf(replayed))), ending.response.content)
        assert.strictEqual(ending.response.content, App.chatText(5))
      }))

    it.live("an answer refused before its first chunk (a key refused) is its 500 and sentence, nothing stored: a resume is 204", () =>
      Effect.gen(function*() {
        const { a, b } = yield* setup({ keyRefused: true })
        const id = newId()
        const refused = yield* Effect.promise(() => post(a, id))
        // As the non-resumable path and `ChatEndpoint` answer it: the status and the sentence, no event stream.
        assert.strictEqual(refused.status, 500)
        assert.match(refused.headers.get("content-type") ?? "", /^text\/plain/)
        assert.strictEqual(
          yield* Effect.promise(() => refused.text()),
          "The server could not answer (a configuration error)."
        )
        assert.strictEqual((yield* Effect.promise(() => get(a, id))).status, 204)
        assert.strictEqual((yield* Effect.promise(() => get(b, id))).status, 204)
        // Its id is not held: the same request again is refused as itself, not as a stream already open (409).
        const again = yield* Effect.promise(() => post(b, id))
        assert.strictEqual(again.status, 500)
        assert.strictEqual((yield* Effect.promise(() => get(a, id))).status, 204)
      }))

    it.live("an unknown id and an expired stream resume as 204 No Content, which useChat's transport reads as nothing to resume", () =>
      Effect.gen(function*() {
        // A TTL a loaded machine's answer and reconnect fit in; its expiry waited for, not timed.
        const { a, b } = yield* setup({ ttl: "1500 millis" })
        // The ai package's own transport, reconnecting where useChat({ resume: true }) does: `${api}/${id}/stream`.
        const transport = new DefaultChatTransport({ api: `${b.url}/chat` })
        const reconnect = (chatId: string) =>
          Effect.promise(async () => {
            const stream = await transport.reconnectToStream({ chatId })
            if (stream === null) return null
            const chunks: Array<UIMessageChunk> = []
            const reader = stream.getReader()
            while (true) {
              const { done, value } = await reader.read()
              if (done) return chunks
              chunks.push(value)
            }
          })
        assert.strictEqual((yield* Effect.promise(() => get(b, newId()))).status, 204)
        assert.isNull(yield* reconnect(newId()))
        const id = newId()
        const chunks = yield* Effect.promise(() => post(a, id).then((response) => App.readChunks(response)))
        assert.strictEqual(chunks.length, total)
        assert.deepStrictEqual(yield* reconnect(id), chunks)
        let status = 200
        for (let waited = 0; status !== 204 && waited < 10_000; waited += 250) {
          yield* Effect.sleep("250 millis")
          status = (yield* Effect.promise(() => get(b, id))).status
        }
        assert.strictEqual(status, 204)
        assert.isNull(yield* reconnect(id))
      }))
  })

/** The model's refusal of the key: a 401 whose message holds a secret the browser must not read. */
const keyRefused = {
  status: 401,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ error: { message: "Incorrect API key sk-secret", type: "invalid_request_error" } })
}

const unavailable = new StreamStore.StreamStoreError({ reason: "Unavailable", message: "Redis at 10.0.0.5" })

/** `answer` run by `resumable` on `store` under `streamId`: the stream served, and how it settled once it has. */
const runOn = (store: StreamStore.Service, answer: Stream.Stream<UIMessageChunk, unknown>, streamId: string) =>
  Effect.gen(function*() {
    const settled: Array<UIResumable.Settled> = []
    const served = yield* UIResumable.resumable(
      answer,
      { streamId, owner: "user-1" },
      (ending) => Effect.sync(() => void settled.push(ending))
    ).pipe(Effect.provideService(StreamStore.StreamStore, store))
    return { served, settled }
  })

const hello: ReadonlyArray<UIMessageChunk> = [
  { type: "start" },
  { type: "text-start", id: "t" },
  { type: "text-delta", id: "t", delta: "Hello" }
]

it.live(
  "a request gone before the answer's first content leaves it running: a resume reads it whole (a reload while the model thinks)",
  () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
      const answer: ReadonlyArray<UIMessageChunk> = [...hello, { type: "text-end", id: "t" }, { type: "finish" }]
      // The model says nothing for a while (its reasoning not streamed), then answers.
      const thinking = Stream.concat(
        Stream.fromIterable(answer.slice(0, 1)),
        Stream.fromEffect(Effect.sleep("300 millis")).pipe(Stream.drain)
      )
      const request = yield* Effect.forkChild(
        runOn(store, Stream.concat(thinking, Stream.fromIterable(answer.slice(1))), "reload")
      )
      // Gone once its stream is stored (waited for, up to 10 s), not after a fixed 50 ms: the model thinks 300 ms.
      const stored = Effect.map(Effect.exit(store.read("reload", { owner: "user-1" })), Exit.isSuccess)
      assert.isTrue(yield* untilEffect(stored, 10_000))
      yield* Fiber.interrupt(request)
      const resumed = yield* UIResumable.resume("reload", { owner: "user-1" }).pipe(
        Effect.provideService(StreamStore.StreamStore, store)
      )
      assert.deepStrictEqual<unknown>(yield* Stream.runCollect(resumed), answer)
    })
)

it.live(
  "a store that fails as a finished generation's stream is ended: the stored stream ends with an error chunk, and the ending is Dropped",
  () =>
    Effect.gen(function*() {
      const memory = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
      let ends = 0
      // Every append succeeds; the first end fails (the store went away after the last append, and came back).
      const store: StreamStore.Service = {
        ...memory,
        end: (streamId, reason, owner) => ends++ === 0 ? Effect.fail(unavailable) : memory.end(streamId, reason, owner)
      }
      const answer: ReadonlyArray<UIMessageChunk> = [...hello, { type: "text-end", id: "t" }, { type: "finish" }]
      const { served, settled } = yield* runOn(store, Stream.fromIterable(answer), "dropped")
      assert.deepStrictEqual(yield* Stream.runCollect(served), [
        ...answer,
        { type: "error", errorText: "Temporarily unavailable, try again." }
      ])
      // Heard once the stored stream has ended (which ended the read).
      assert.isTrue(yield* App.until(() => settled.length === 1))
      assert.deepStrictEqual(settled, [{ _tag: "Dropped", storeFailure: unavailable }])
    })
)

it.live(
  "a store failure told as a stopped generation's last chunks are appended (an earlier append's, not waited for): the stored stream ends with an error chunk, and the ending is Dropped",
  () =>
    Effect.gen(function*() {
      const memory = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
      let told = false
      // The append of the stop's `abort` fails, once: as a store whose appends do not wait tells an earlier failure.
      const store: StreamStore.Service = {
        ...memory,
        append: (streamId, chunks, options) =>
          !told && chunks.some((chunk) => chunk.type === "abort")
            ? Effect.suspend(() => {
              told = true
              return Effect.fail(unavailable)
            })
            : memory.append(streamId, chunks, options)
      }
      const { served, settled } = yield* runOn(store, Stream.concat(Stream.fromIterable(hello), Stream.never), "told")
      const reading = yield* Effect.forkChild(Stream.runCollect(served))
      // Stopped once the answer's chunks are stored (waited for, up to 10 s), not after a fixed 50 ms.
      const stored = yield* memory.read("told", { owner: "user-1" })
      yield* Stream.runDrain(Stream.take(stored, hello.length)).pipe(Effect.timeout("10 seconds"))
      yield* UIResumable.stop("told", { owner: "user-1" }).pipe(Effect.provideService(StreamStore.StreamStore, store))
      assert.deepStrictEqual(yield* Fiber.join(reading), [
        ...hello,
        { type: "error", errorText: "Temporarily unavailable, try again." }
      ])
      assert.isTrue(yield* App.until(() => settled.length === 1))
      assert.deepStrictEqual(settled, [{ _tag: "Dropped", storeFailure: unavailable }])
    })
)

describe("an answer refused before its first chunk", () => {
  /** Claude 4.6+ asked to continue a cut answer: refused before anything is sent, the browser's input. */
  const prefill = new ProviderError.InvalidRequestError({
    provider: "anthropic",
    message: "anthropic: claude-opus-4-8 takes no prefill",
    refusedPrefill: { model: "claude-opus-4-8" }
  })
  const sentence = "The model claude-opus-4-8 cannot continue an answer; send a new message."

  it.live("is its 400 and sentence through toResponse, nothing stored: its id resumes as 204 and is free", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
      const settled: Array<UIResumable.Settled> = []
      const response = yield* Stream.fail(prefill).pipe(
        UIMessageStream.fromStream(),
        (answer) =>
          UIResumable.resumable(
            answer,
            { streamId: "cut", owner: "user-1" },
            (ending) => Effect.sync(() => void settled.push(ending))
          ),
        Effect.flatMap(UIMessageStream.toResponse()),
        Effect.provideService(StreamStore.StreamStore, store)
      )
      assert.strictEqual(response.status, 400)
      assert.strictEqual(yield* Effect.promise(() => response.text()), sentence)
      const resumed = yield* UIMessageStream.resumeResponse("cut", { owner: "user-1" }).pipe(
        Effect.provideService(StreamStore.StreamStore, store)
      )
      assert.strictEqual(resumed.status, 204)
      // No generation ran: nothing settles; the id takes the next answer.
      assert.deepStrictEqual(settled, [])
      yield* store.create("cut", { owner: "user-1" })
    }))

  it.live("after its first chunk, the failure is stored as the answer's error chunk, served in a 200", () =>
    Effect.gen(function*() {
      const store = yield* storeOf(StreamStore.layerMemory({ ttl: "1 minute" }))
      const { served, settled } = yield* runOn(
        store,
        Stream.concat(Stream.fromIterable(hello), Stream.fail(prefill)),
        "late"
      )
      const stored: Array<UIMessageChunk> = [...hello, { type: "error", errorText: sentence }]
      assert.deepStrictEqual(yield* Stream.runCollect(served), stored)
      assert.isTrue(yield* App.until(() => settled.length === 1))
      assert.deepStrictEqual(settled, [{ _tag: "Ended" }])
      const replayed = yield* UIResumable.resume("late", { owner: "user-1" }).pipe(
        Effect.flatMap(Stream.runCollect),
        Effect.provideService(StreamStore.StreamStore, store)
      )
      assert.deepStrictEqual(replayed, stored)
    }))
})

for (const serving of ["web", "node"] as const) {
  suite(
    `resumable streams on the memory store, served ${serving === "web" ? "as a Web Response" : "to Node's response"}`,
    (ttl) => Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (store) => [store, store] as const),
    serving
  )
}

// A store of the program's own need not have `onStopUnsafe`: its generations' stops are heard through `stopped`.
suite(
  "resumable streams on a store without onStopUnsafe, served to Node's response",
  (ttl) =>
    Effect.map(storeOf(StreamStore.layerMemory({ ttl })), (memory) => {
      const store: StreamStore.Service = { ...memory, onStopUnsafe: undefined }
      return [store, store] as const
    }),
  "node"
)

/** Two instances on a Redis of the test's own (`own`), generating from a model `delayMs` between events (`endless`). */
const onOwnRedis = (options: { readonly delayMs: number; readonly endless: boolean }) =>
  Effect.gen(function*() {
    const own = yield* redis
    const replay = yield* ReplayServer.make
    const { body, cuts } = App.chatBody(words, options.endless)
    const modelUrl = replay.serve({
      headers: { "content-type": "text/event-stream" },
      body,
      cuts,
      delayMs: options.delayMs,
      ...(options.endless ? { endless: true } : {})
    })
    const a = yield* App.instance(yield* storeOf(StreamStore.layerRedis({ url: own.url })), modelUrl)
    const b = yield* App.instance(yield* storeOf(StreamStore.layerRedis({ url: own.url })), modelUrl)
    return { a, b, modelUrl, own, replay }
  })

describeRedis("resumable streams on Redis", (twoStores) => {
  suite("two instances, served as a Web Response", twoStores, "web")
  suite("two instances, served to Node's response", twoStores, "node")

  it.live(
    "Redis holding writes mid-answer: the rest of the answer reaches the browser meanwhile, its response ends once Redis answers, and the answer resumed on the other instance is what the browser got",
    () =>
      Effect.gen(function*() {
        const { a, b, own } = yield* onOwnRedis({ delayMs: 30, endless: false })
        const id = newId()
        const seen: Array<UIMessageChunk> = []
        const reading = post(a, id).then((response) => App.readChunks(response, undefined, seen))
        // The first delta has reached the browser: Redis holds every write for 3 s.
        assert.isTrue(yield* App.until(() => seen.some((chunk) => chunk.type === "text-delta")))
        const asked = Date.now()
        yield* cli(own.url, "CLIENT", "PAUSE", "3000", "WRITE")
        const paused = Date.now()
        assert.isTrue(yield* App.until(() => seen.at(-1)?.type === "finish", 2_500))
        assert.isBelow(Date.now() - paused, 2_500)
        const received = yield* Effect.promise(() => reading)
        // Not before Redis took the writes again (timed from before the pause was asked: it began after that).
        assert.isAtLeast(Date.now() - asked, 2_900)
        assert.strictEqual(received.length, total)
        const resumed = yield* Effect.promise(() => get(b, id).then((response) => App.readChunks(response)))
        assert.deepStrictEqual(resumed, received)
        assert.strictEqual(App.textOf(yield* Effect.promise(() => App.messageOf(resumed))), App.chatText(words))
      }),
    20_000
  )

  it.live(
    "Redis going away mid-stream: every reader gets an error chunk and a clean end within 5 s; the ending is still reported",
    () =>
      Effect.gen(function*() {
        const { a, b, modelUrl, own, replay } = yield* onOwnRedis({ delayMs: 5, endless: true })
        const id = newId()
        const seen: ReadonlyArray<Array<UIMessageChunk>> = [[], []]
        const readers = [
          post(a, id).then((response) => App.readChunks(response, undefined, seen[0])),
          App.until(() => seen[0]!.length > 0).pipe(Effect.runPromise).then(() => get(b, id)).then((response) =>
            App.readChunks(response, undefined, seen[1])
          )
        ]
        // Both readers are under way, with content.
        assert.isTrue(yield* App.until(() => seen.every((chunks) => chunks.length > 3)))
        const killed = Date.now()
        own.kill()
        const results = yield* Effect.promise(() => Promise.all(readers)).pipe(Effect.timeout("5 seconds"))
        assert.isBelow(Date.now() - killed, 5_000)
        for (const chunks of results) {
          assert.isAbove(chunks.length, 3)
          assert.strictEqual(chunks.at(-1)?.type, "error")
        }
        assert.isTrue(yield* App.until(() => a.endings.length === 1, 5_000))
        assert.strictEqual(a.endings[0]!._tag, "Interrupted")
        // Waited for: that the provider request is aborted is checked, not how soon.
        assert.isTrue(yield* App.until(() => replay.closedConnections(modelUrl) === 1, 10_000))
      }),
    20_000
  )
})

describeDurableStreams("resumable streams on Durable Streams", (twoStores) => {
  suite("two instances, served as a Web Response", twoStores, "web")
  suite("two instances, served to Node's response", twoStores, "node")
})
