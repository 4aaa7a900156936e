/**
 * Endings at batch speed, each view saying plainly what it counts. `onEnd` hands chunks on one at a time by
 * default, so a consumer that stops inside a network piece (`Stream.take`, a fiber interrupted by its own
 * callback) ends with exactly the chunks it took; with `{ wholePieces: true }`, for consumers that take whole
 * pieces, it hands pieces on and counts whole pieces. The telemetry stage of a call hands pieces on as the network
 * delivered them: its span counts every chunk of the pieces the call handed on. `settle`, `accumulate` and the UI
 * stream take whole pieces, and an `onEnd` given to them reports what they received. Recorded bodies in one
 * piece over real HTTP, and recorded chunks in pieces of known sizes.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import type { CallResponseChunk, ProviderError } from "effect-llm-stream"
import { CallStream, LanguageModel, Message, OpenAI, PriceTable, Telemetry } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../support/Clients.js"
import * as Fixtures from "../../support/Fixtures.js"
import * as RecordedModels from "../support/RecordedModels.js"
import * as RecordingTracer from "../support/RecordingTracer.js"

const [, client] = clients[0]!

/** A folder's recording with the most chunks (all of them in one piece when served without cuts). */
const longest = (folder: RecordedModels.Folder) =>
  [...RecordedModels.recordings(folder)].sort((a, b) => b.body.length - a.body.length)[0]!

describe("a consumer stopping inside a piece", () => {
  for (const folder of ["anthropic", "openai"] as const) {
    for (const how of ["take", "interrupt"] as const) {
      it.live(`${folder}: onEnd counts what it took, the span what the call handed on (${how})`, () =>
        Effect.gen(function*() {
          const server = yield* ReplayServer.make
          const recording = longest(folder)
          for (const take of [1, 2, 3]) {
            const baseUrl = server.serve({
              headers: { "content-type": RecordedModels.contentType(folder) },
              body: recording.body
            })
            const tracing = yield* RecordingTracer.make
            const endings: Array<CallStream.Ending> = []
            const watched = LanguageModel.stream("hi").pipe(
              CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)))
            )
            let received = 0
            // Stopped by `Stream.take`, or by the consumer interrupting its own fiber at the same chunk.
            const consumed = how === "take"
              ? Effect.map(Stream.runCollect(Stream.take(watched, take)), (chunks) => {
                received = chunks.length
              })
              : Stream.runForEach(watched, () => ++received === take ? Effect.interrupt : Effect.void)
            yield* consumed.pipe(
              Effect.ignoreCause,
              Effect.provide(RecordedModels.model(folder, baseUrl, client)),
              Effect.provide(Layer.succeed(Telemetry.CaptureContent, true)),
              Effect.provide(PriceTable.layerBundled),
              Effect.withTracer(tracing.tracer)
            )
            const where = `${recording.name}, ${how} at ${take}`
            const span = tracing.spans.find((candidate) => candidate.name.startsWith("chat "))
            assert.isDefined(span, where)
            assert.strictEqual(endings.length, 1, where)
            const response = endings[0]!.response
            assert.strictEqual(endings[0]!._tag, "Interrupted", where)
            assert.strictEqual(received, take, where)
            assert.strictEqual(response.chunkCount, take, where)
            // The span counts the whole pieces handed on: at least what the consumer took, and what it says it
            // counted (its text is the text of those chunks).
            const counted = span!.attributes.get("effect_llm_stream.chunk_count") as number
            assert.isAtLeast(counted, take, where)
            const text = JSON.parse(span!.attributes.get("gen_ai.output.messages") as string)[0].parts
              .filter((part: { readonly type: string }) => part.type === "text")
              .map((part: { readonly content: string }) => part.content).join("") as string
            assert.isTrue(text.startsWith(response.content), where)
          }
        }))
    }
  }
})

/** The chunks of OpenAI's recorded `text.sse`, decoded once over real HTTP. */
const recordedChunks = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const baseUrl = server.serve({
    headers: { "content-type": "text/event-stream" },
    body: Fixtures.bytes("openai", "text.sse")
  })
  const request = { model: "gpt-4o", messages: [Message.user("What is 4200 + 42?")] }
  return Array.from(
    yield* Effect.flatMap(OpenAI.OpenAIClient, (openai) => Stream.runCollect(openai.stream(request))).pipe(
      Effect.provide(OpenAI.layer({ apiKey: Redacted.make("sk-x"), baseUrl }).pipe(Layer.provide(client)))
    )
  )
}).pipe(Effect.scoped)

describe("pieces of known sizes", () => {
  it.live("the span counts whole pieces; onEnd the chunks taken, or whole pieces with wholePieces", () =>
    Effect.gen(function*() {
      const chunks = yield* recordedChunks
      assert.isAtLeast(chunks.length, 6)
      const first = chunks.slice(0, 4)
      const pieces = (): Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError> =>
        Stream.fromArrays(first, chunks.slice(4))
      for (const wholePieces of [false, true]) {
        const tracing = yield* RecordingTracer.make
        const endings: Array<CallStream.Ending> = []
        const taken = yield* pieces().pipe(
          Telemetry.instrument("openai", { model: "gpt-4o", messages: [] }),
          CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)), { wholePieces }),
          Stream.take(2),
          Stream.runCollect,
          Effect.withTracer(tracing.tracer)
        )
        const where = `wholePieces: ${wholePieces}`
        assert.strictEqual(taken.length, 2, where)
        assert.strictEqual(endings[0]!._tag, "Interrupted", where)
        assert.strictEqual(endings[0]!.response.chunkCount, wholePieces ? first.length : 2, where)
        const span = tracing.spans.find((candidate) => candidate.name.startsWith("chat "))!
        assert.strictEqual(span.attributes.get("effect_llm_stream.chunk_count"), first.length, where)
      }
    }))

  it.live("a consumer of whole pieces behind onEnd with wholePieces: the ending is everything it received", () =>
    Effect.gen(function*() {
      const chunks = yield* recordedChunks
      const endings: Array<CallStream.Ending> = []
      const watched = Stream.fromArrays(chunks.slice(0, 3), chunks.slice(3)).pipe(
        CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)), { wholePieces: true })
      )
      const accumulated = yield* CallStream.accumulate(watched)
      const settled = yield* CallStream.settle(watched)
      assert.strictEqual(accumulated.chunkCount, chunks.length)
      assert.strictEqual(settled.response.chunkCount, chunks.length)
      assert.deepStrictEqual(endings.map((ending) => [ending._tag, ending.response.chunkCount]), [
        ["Completed", chunks.length],
        ["Completed", chunks.length]
      ])
    }))
})

describe("whole-piece consumers", () => {
  for (const folder of ["anthropic", "openai"] as const) {
    it.live(`${folder}: settle and accumulate report, through onEnd, what they received`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const recording = longest(folder)
        const serve = () =>
          RecordedModels.model(
            folder,
            server.serve({ headers: { "content-type": RecordedModels.contentType(folder) }, body: recording.body }),
            client
          )
        const accumulated = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(Effect.provide(serve()))
        const endings: Array<CallStream.Ending> = []
        const watched = LanguageModel.stream("hi").pipe(
          CallStream.onEnd((ending) => Effect.sync(() => endings.push(ending)))
        )
        const settled = yield* CallStream.settle(watched).pipe(Effect.provide(serve()))
        const viaAccumulate = yield* CallStream.accumulate(watched).pipe(Effect.provide(serve()))
        for (const [name, response] of [["settle", settled.response], ["accumulate", viaAccumulate]] as const) {
          assert.strictEqual(response.chunkCount, accumulated.chunkCount, name)
          assert.strictEqual(response.content, accumulated.content, name)
        }
        assert.deepStrictEqual(endings.map((ending) => ending._tag), ["Completed", "Completed"])
        for (const ending of endings) {
          assert.strictEqual(ending.response.chunkCount, accumulated.chunkCount)
          assert.deepStrictEqual(ending.response.usage, accumulated.usage)
        }
      }))
  }
})
