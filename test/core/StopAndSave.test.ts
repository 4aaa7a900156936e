/**
 * Stopping is saving what was shown. An ending's response is the fold of the chunks the consumer received,
 * whatever the network did: a body sent in one piece and taken chunk by chunk (`Stream.take`) ends with
 * exactly the chunks taken. A browser that stops reading a UI message stream after k text deltas (k random)
 * cancels the response body: the replay server sees the provider connection closed within a second, and
 * `CallStream.onEnd` reports `Interrupted` with exactly the text the client was sent. Through both HTTP clients.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Fiber, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { CallStream, LanguageModel, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as FastCheck from "fast-check"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { clients } from "../../support/Clients.js"
import * as RecordedModels from "../support/RecordedModels.js"
import { until } from "../support/Until.js"

/**
 * Per folder, its recording densest in text (text chunks per byte, at least 3 of them), and how many text
 * chunks it has.
 */
const densest = Effect.fnUntraced(function*(server: ReplayServer.ReplayServer, folder: RecordedModels.Folder) {
  const [, client] = clients[0]!
  let best: { recording: RecordedModels.Recording; texts: number } | undefined
  for (const recording of RecordedModels.recordings(folder)) {
    const baseUrl = server.serve({
      headers: { "content-type": RecordedModels.contentType(folder) },
      body: recording.body
    })
    const texts = yield* LanguageModel.stream("hi").pipe(
      CallStream.text,
      Stream.runCount,
      Effect.catch(() => Effect.succeed(0)),
      Effect.provide(RecordedModels.model(folder, baseUrl, client))
    )
    const density = (candidate: { recording: RecordedModels.Recording; texts: number }) =>
      candidate.texts < 3 ? 0 : candidate.texts / candidate.recording.body.length
    if (best === undefined || density({ recording, texts }) > density(best)) best = { recording, texts }
  }
  return best!
})

/**
 * Waits until the server has closed every response it started; false after 10 s (that the connection closes is
 * checked, not how soon a loaded machine sees it).
 */
const closed = (server: ReplayServer.ReplayServer, baseUrl: string) =>
  until(() => server.closedConnections(baseUrl) >= server.requests(baseUrl).length, 10_000)

/** The text deltas of the UI message stream events in `text` (complete events only). */
const textDeltas = (text: string): Array<string> =>
  text.split("\n\n").flatMap((event) => {
    if (!event.startsWith("data: ") || event === "data: [DONE]") return []
    const chunk = JSON.parse(event.slice(6)) as UIMessageStream.Chunk
    return chunk.type === "text-delta" ? [chunk.delta] : []
  })

describe("an ending is what the consumer received", () => {
  for (const folder of RecordedModels.folders) {
    it.live(
      `${folder}: a body in one piece, taken chunk by chunk, ends with the chunks taken`,
      () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const { recording, texts } = yield* densest(server, folder)
          assert.isAbove(texts, 2)
          for (const [clientName, client] of clients) {
            for (
              const take of FastCheck.sample(FastCheck.integer({ min: 1, max: texts - 1 }), { seed: texts, numRuns: 3 })
            ) {
              const baseUrl = () =>
                server.serve({ headers: { "content-type": RecordedModels.contentType(folder) }, body: recording.body })
              // Stopped by `Stream.take`, and by a consumer interrupting its own fiber at the same chunk.
              for (const how of ["take", "interrupt"] as const) {
                const endings: Array<CallStream.Ending> = []
                const taken: Array<CallResponseChunk.CallResponseChunk> = []
                const watched = LanguageModel.stream("hi").pipe(
                  CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)))
                )
                yield* (how === "take" ? Stream.take(watched, take) : watched).pipe(
                  Stream.runForEach((chunk) =>
                    Effect.suspend(() => {
                      taken.push(chunk)
                      return how === "interrupt" && taken.length === take ? Effect.interrupt : Effect.void
                    })
                  ),
                  Effect.ignoreCause,
                  Effect.provide(RecordedModels.model(folder, baseUrl(), client))
                )
                const where = `${recording.name}, ${how} at ${take} (${clientName})`
                assert.strictEqual(endings.length, 1, where)
                assert.strictEqual(endings[0]!._tag, "Interrupted", where)
                assert.strictEqual(endings[0]!.response.chunkCount, taken.length, where)
                assert.strictEqual(endings[0]!.response.content, taken.map((chunk) => chunk.content).join(""), where)
              }
            }
          }
        }),
      30_000
    )
  }
})

describe("a browser that stops", () => {
  for (const [clientIndex, [clientName, client]] of clients.entries()) {
    for (const folder of RecordedModels.folders.filter((_, index) => index % 2 !== clientIndex)) {
      it.live(
        `${folder} (${clientName}): stopped after k text deltas, the call is aborted and saved as sent`,
        () =>
          Effect.gen(function*() {
            const server = yield* ReplayServer.make
            const { recording, texts } = yield* densest(server, folder)
            for (
              const k of FastCheck.sample(FastCheck.integer({ min: 1, max: Math.min(texts - 1, 40) }), {
                seed: 36,
                numRuns: 2
              })
            ) {
              const baseUrl = server.serve({
                headers: { "content-type": RecordedModels.contentType(folder) },
                body: recording.body,
                cuts: ReplayServer.randomCuts(recording.body.length, k, 300),
                // Slow enough that the client stops long before the end.
                delayMs: 2,
                endless: true
              })
              const endings: Array<CallStream.Ending> = []
              // The model layer (its HTTP client) lives as long as the server that serves the response.
              const received = yield* Effect.gen(function*() {
                const response = yield* LanguageModel.stream("hi").pipe(
                  CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))),
                  UIMessageStream.fromStream(),
                  UIMessageStream.toResponse()
                )
                // The client: reads until it has seen k text deltas, then cancels.
                return yield* Effect.promise(async () => {
                  const reader = response.body!.getReader()
                  const decoder = new TextDecoder()
                  let text = ""
                  while (textDeltas(text).length < k) {
                    const { done, value } = await reader.read()
                    if (done) break
                    text += decoder.decode(value, { stream: true })
                  }
                  await reader.cancel()
                  return text
                })
              }).pipe(Effect.provide(RecordedModels.model(folder, baseUrl, client)))
              const where = `${recording.name}, k = ${k}`
              assert.isTrue(
                yield* closed(server, baseUrl),
                `${where}: the provider connection is still open`
              )
              assert.strictEqual(endings.length, 1, where)
              assert.strictEqual(endings[0]!._tag, "Interrupted", `${where}: ${String((endings[0] as any).error)}`)
              assert.strictEqual(endings[0]!.response.content, textDeltas(received).join(""), where)
              assert.isAtLeast(textDeltas(received).length, k, where)
            }
          }),
        30_000
      )
    }
  }
})

describe("a request abandoned before any content", () => {
  for (const [clientName, client] of clients) {
    it.live(`(${clientName}): interrupting toResponse while it waits closes the provider connection`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recording = RecordedModels.recordings("openai")[0]!
        const baseUrl = server.serve({
          headers: { "content-type": "text/event-stream" },
          body: recording.body,
          headerDelayMs: 2_000
        })
        const endings: Array<CallStream.Ending> = []
        const fiber = yield* LanguageModel.stream("hi").pipe(
          CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))),
          UIMessageStream.fromStream(),
          UIMessageStream.toResponse(),
          Effect.provide(RecordedModels.model("openai", baseUrl, client)),
          Effect.forkChild
        )
        for (let waited = 0; server.requests(baseUrl).length === 0 && waited < 2_000; waited += 10) {
          yield* Effect.sleep("10 millis")
        }
        yield* Fiber.interrupt(fiber)
        assert.isTrue(yield* closed(server, baseUrl), "the provider connection is still open")
        assert.deepStrictEqual(endings.map((ending) => ending._tag), ["Interrupted"])
      }))
  }
})

describe("a response dropped unread", () => {
  it.live("releases its call when it is collected: the provider connection is closed", () =>
    Effect.gen(function*() {
      const gc: () => void = (() => {
        V8.setFlagsFromString("--expose-gc")
        return Vm.runInNewContext("gc") as () => void
      })()
      const server = yield* ReplayServer.make
      const recording = RecordedModels.recordings("openai")[0]!
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: recording.body,
        cuts: ReplayServer.randomCuts(recording.body.length, 5, 200),
        delayMs: 5,
        endless: true
      })
      const endings: Array<CallStream.Ending> = []
      yield* Effect.gen(function*() {
        // The response is made and dropped: its body is never read nor cancelled.
        yield* LanguageModel.stream("hi").pipe(
          CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending))),
          UIMessageStream.fromStream(),
          UIMessageStream.toResponse(),
          Effect.asVoid
        )
        for (let attempt = 0; attempt < 100 && endings.length === 0; attempt++) {
          gc()
          yield* Effect.sleep("20 millis")
        }
      }).pipe(Effect.provide(RecordedModels.model("openai", baseUrl, clients[0]![1])))
      assert.deepStrictEqual(endings.map((ending) => ending._tag), ["Interrupted"])
      assert.isTrue(yield* closed(server, baseUrl), "the provider connection is still open")
    }))
})
