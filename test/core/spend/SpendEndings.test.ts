/**
 * Usage and cost on every ending (`CallResponse.spend`): a recorded answer of every provider, stopped after each
 * of its chunks, ends with a spend that is never 0 and never `None` (every model here has a price), estimated
 * exactly when the provider's usage had not all arrived, and growing with what arrived; the whole answer's is
 * the provider's usage and exact cost. The `ai` package's client reads a stopped answer's spend from the
 * `message-metadata` chunk before `abort`, and a stopped call's span says its figures are estimated.
 */
import { assert, describe, it } from "@effect/vitest"
import { BigDecimal, Effect, Option, Stream } from "effect"
import { CallStream, LanguageModel, PriceTable, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import * as Tokenizer from "../../../src/core/estimate/Tokenizer.js"
import { clients } from "../../../support/Clients.js"
import * as RecordedModels from "../../support/RecordedModels.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"
import { readResponse } from "../../support/UIClient.js"

// Estimates with the tokenizer (the test setup counts by characters elsewhere).
process.env["EFFECT_LLM_STREAM_TOKENIZER"] = "on"
Tokenizer.forget()

/** One recorded text answer with usage per folder (its model priced). */
const picked: Record<RecordedModels.Folder, string> = {
  openai: "text",
  anthropic: "text",
  groq: "text",
  azure: "text",
  bedrock: "converse-text.eventstream.b64",
  "openai-responses": "text",
  google: "text"
}

/** Every cut of an answer of `chunks` chunks (after each chunk but the last), or 10 spread evenly over a long one. */
const cutsOf = (chunks: number): ReadonlyArray<number> => {
  const every = Array.from({ length: chunks - 1 }, (_, index) => index + 1)
  return every.length <= 10
    ? every
    : Array.from({ length: 10 }, (_, index) => every[Math.floor(index * every.length / 10)]!)
}

const recordingOf = (folder: RecordedModels.Folder) =>
  RecordedModels.recordings(folder).find((recording) => recording.name === picked[folder])!

describe("spend on every ending", () => {
  it.live("every provider's recorded answer, stopped after each chunk (10 cuts of a long one): spend never 0 nor None, estimated until the usage is all in", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const [, client] = clients[0]!
      for (const folder of RecordedModels.folders) {
        const recording = recordingOf(folder)
        const baseUrl = server.serve({
          headers: { "content-type": RecordedModels.contentType(folder) },
          body: recording.body
        })
        // An Azure deployment is priced by the model it serves.
        const layer = RecordedModels.model(
          folder,
          baseUrl,
          client,
          folder === "azure" ? { baseModel: "gpt-5-mini" } : {}
        )
        const whole = yield* CallStream.settle(LanguageModel.stream("hi")).pipe(Effect.provide(layer))
        assert.strictEqual(whole._tag, "Completed", folder)
        // The whole answer: the provider's usage and exact cost.
        const complete = whole.response.spend
        assert.isTrue(Option.isSome(complete.cost), `${folder}: ${String(whole.response.costResult)}`)
        assert.isFalse(complete.estimated, folder)
        assert.strictEqual(complete.usage, whole.response.usage, folder)
        assert.isTrue(
          BigDecimal.equals(Option.getOrThrow(complete.cost).total, Option.getOrThrow(whole.response.cost).total),
          folder
        )
        const endings = yield* Effect.forEach(
          cutsOf(whole.response.chunkCount),
          (taken) => {
            // Stopped by its consumer after `taken` chunks: the ending `onEnd` observes.
            let ending: CallStream.Ending | undefined
            return LanguageModel.stream("hi").pipe(
              CallStream.onEnd((end) => Effect.sync(() => (ending = end))),
              Stream.take(taken),
              Stream.runDrain,
              Effect.provide(layer),
              Effect.map(() => ending!)
            )
          },
          { concurrency: 8 }
        )
        let previous = BigDecimal.fromBigInt(0n)
        for (const [index, ending] of endings.entries()) {
          const where = `${folder} after ${cutsOf(whole.response.chunkCount)[index]} chunks`
          assert.strictEqual(ending._tag, "Interrupted", where)
          const { cost, estimated, usage } = ending.response.spend
          const reported = ending.response.usage
          const allIn = reported.inputTokens !== undefined && reported.outputTokens !== undefined &&
            reported.outputTokens >= (usage.outputTokens ?? 0)
          assert.isTrue(Option.isSome(cost), where)
          assert.isTrue(BigDecimal.isPositive(Option.getOrThrow(cost).total), where)
          assert.isAbove(usage.inputTokens ?? 0, 0, where)
          // Estimated exactly when a total was missing or less than what arrived.
          assert.strictEqual(estimated, !allIn, where)
          if (reported.inputTokens !== undefined) assert.strictEqual(usage.inputTokens, reported.inputTokens, where)
          // What was billed grows with what arrived.
          const total = Option.getOrThrow(cost).total
          assert.isTrue(BigDecimal.isGreaterThanOrEqualTo(total, previous), where)
          previous = total
        }
      }
    }).pipe(Effect.scoped))

  it.live("the ai client reads a stopped answer's spend: a message-metadata chunk before its ending", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = recordingOf("openai")
      const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body: recording.body })
      const response = yield* UIMessageStream.toResponse(
        UIMessageStream.fromStream(LanguageModel.stream("What is 4200 + 42?").pipe(Stream.take(4)))
      ).pipe(Effect.provide(RecordedModels.model("openai", baseUrl, clients[0]![1])))
      const read = yield* Effect.promise(() => readResponse(response))
      const types = read.chunks.map((chunk) => chunk.type)
      // The ending of a stream stopped from within: `finish` (interrupted), then `abort` (UIChunk.interrupted).
      assert.deepStrictEqual(types.slice(-3), ["message-metadata", "finish", "abort"])
      assert.strictEqual((read.chunks.at(-2) as any).finishReason, "interrupted")
      const spend = (read.message?.metadata as any)?.spend
      assert.strictEqual(spend.estimated, true)
      // "What is 4200 + 42?" is 16 input tokens on gpt-4o; three text deltas arrived.
      assert.strictEqual(spend.usage.inputTokens, 16)
      assert.isAtLeast(spend.usage.outputTokens, 3)
      assert.match(spend.cost, /^0\.\d+$/)
    }).pipe(Effect.scoped))

  it.live("a served answer whose usage arrived loads no tokenizer; a stopped one loads it for its estimate", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: recordingOf("openai").body
      })
      const layer = RecordedModels.model("openai", baseUrl, clients[0]![1])
      const serve = (taken: number) =>
        UIMessageStream.toResponse(UIMessageStream.fromStream(LanguageModel.stream("hi").pipe(Stream.take(taken))))
          .pipe(Effect.provide(layer), Effect.flatMap((response) => Effect.promise(() => readResponse(response))))
      const loaded = () => Tokenizer.isSettled("o200k") || Tokenizer.isSettled("cl100k")
      Tokenizer.forget()
      const whole = yield* serve(Number.MAX_SAFE_INTEGER)
      assert.strictEqual((whole.message?.metadata as any)?.spend.estimated, false)
      // Nothing to count: the tokenizer (tens of MB of heap) stays unloaded in a server whose provider reports usage.
      assert.isFalse(loaded())
      const stopped = yield* serve(4)
      assert.strictEqual((stopped.message?.metadata as any)?.spend.estimated, true)
      assert.isTrue(loaded())
    }).pipe(Effect.scoped))

  it.live("a stopped call's span says its figures are estimated", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const recording = recordingOf("openai")
      // One write per event, 10 ms apart: the usage is in a read the stopped call never makes (the span folds
      // every chunk of the network reads the call made, whole pieces, unless an ending downstream says how far
      // its consumer got).
      const body = Buffer.from(recording.body)
      const cuts: Array<number> = []
      for (let at = body.indexOf("\n\n"); at !== -1; at = body.indexOf("\n\n", at + 2)) cuts.push(at + 2)
      const baseUrl = server.serve({
        headers: { "content-type": "text/event-stream" },
        body: recording.body,
        cuts: cuts.slice(0, -1),
        delayMs: 10
      })
      const recording_ = yield* RecordingTracer.make
      const layer = RecordedModels.model("openai", baseUrl, clients[0]![1])
      yield* Stream.runDrain(LanguageModel.stream("hi").pipe(Stream.take(3))).pipe(
        Effect.provide(layer),
        Effect.provide(PriceTable.layerBundled),
        Effect.withTracer(recording_.tracer)
      )
      yield* Stream.runDrain(LanguageModel.stream("hi")).pipe(
        Effect.provide(layer),
        Effect.provide(PriceTable.layerBundled),
        Effect.withTracer(recording_.tracer)
      )
      const [stopped, whole] = recording_.spans.filter((span) => span.name.startsWith("chat "))
      assert.strictEqual(stopped!.attributes.get("effect_llm_stream.spend.estimated"), true)
      assert.isAbove(stopped!.attributes.get("effect_llm_stream.spend.output_tokens") as number, 0)
      assert.isAbove(stopped!.attributes.get("effect_llm_stream.spend.cost_usd") as number, 0)
      assert.isUndefined(stopped!.attributes.get("gen_ai.usage.output_tokens"))
      assert.strictEqual(whole!.attributes.get("effect_llm_stream.spend.estimated"), false)
      assert.strictEqual(
        whole!.attributes.get("effect_llm_stream.spend.cost_usd"),
        whole!.attributes.get("effect_llm_stream.cost_usd")
      )
    }).pipe(Effect.scoped))
})
