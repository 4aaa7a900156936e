/**
 * Endings at batch speed, with every view of a call folding the same chunks. The telemetry stage of a call
 * hands its chunks on piece by piece (as the network delivered them) and folds a piece once the consumer has
 * taken it; when the consumer stops inside a piece, its span counts as far as the `onEnd` after it handed the
 * chunks on, so the span and the ending agree exactly (chunk count, text, usage, cost). `settle`, `accumulate`
 * and the UI stream take whole pieces, and an `onEnd` given to them still reports what they received.
 * A recorded body in one piece (its chunks all in one network read), over real HTTP.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { CallStream, LanguageModel, PriceTable, Telemetry } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../support/Clients.js"
import * as RecordedModels from "./support/RecordedModels.js"
import * as RecordingTracer from "./support/RecordingTracer.js"

const [, client] = clients[0]!

/** A folder's recording with the most chunks (all of them in one piece when served without cuts). */
const longest = (folder: RecordedModels.Folder) =>
  [...RecordedModels.recordings(folder)].sort((a, b) => b.body.length - a.body.length)[0]!

describe("the span and onEnd fold the same chunks", () => {
  for (const folder of ["anthropic", "openai"] as const) {
    for (const how of ["take", "interrupt"] as const) {
      it.live(`${folder}: a consumer stopping inside a piece (${how})`, () =>
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
            assert.strictEqual(received, take, where)
            assert.strictEqual(response.chunkCount, take, where)
            assert.strictEqual(span!.attributes.get("effect_llm_stream.chunk_count"), response.chunkCount, where)
            assert.strictEqual(
              span!.attributes.get("gen_ai.output.messages"),
              JSON.stringify([{ role: "assistant", content: response.content }]),
              where
            )
            assert.strictEqual(span!.attributes.get("gen_ai.usage.output_tokens"), response.usage.outputTokens, where)
          }
        }))
    }
  }
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
