/**
 * The telemetry stage's own scope: the instrumented stream's resources are released before the call's span
 * ends and its metrics are recorded, exactly once, however the stream ends; and the metrics are recorded in the
 * context the call started in (its metric attributes). A recorded OpenAI body (`test/fixtures/openai/text.sse`)
 * is decoded once over real HTTP; its chunks are then replayed through `Telemetry.instrument` behind a finalizer.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Metric, Redacted, Stream } from "effect"
import type { CallResponseChunk } from "effect-llm-stream"
import { Message, OpenAI, ProviderError, Telemetry } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const request = { model: "gpt-telemetry-scope", messages: [Message.user("What is 4200 + 42?")] }

/** The recording's chunks, decoded over real HTTP. */
const recordedChunks = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const baseUrl = server.serve({
    headers: { "content-type": "text/event-stream" },
    body: Fixtures.bytes("openai", "text.sse")
  })
  return yield* Effect.flatMap(OpenAI.OpenAIClient, (client) => Stream.runCollect(client.stream(request)))
    .pipe(
      Effect.provide(OpenAI.layer({ apiKey: Redacted.make("sk-x"), baseUrl }).pipe(Layer.provide(clients[0]![1])))
    )
})

type Consume = (
  stream: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError>
) => Effect.Effect<void>

describe("telemetry scope", () => {
  for (
    const [ending, consume, outcome] of [
      ["completed", (stream) => Effect.ignore(Stream.runDrain(stream)), "success"],
      ["stopped by the consumer", (stream) => Effect.ignore(Stream.runDrain(Stream.take(stream, 1))), "interrupted"],
      ["failed", (stream) => Effect.ignore(Stream.runDrain(stream)), "RateLimitError"]
    ] as ReadonlyArray<readonly [string, Consume, string]>
  ) {
    it.live(`${ending}: the stream's resources are released once, before the span ends`, () =>
      Effect.gen(function*() {
        const chunks = Array.from(yield* recordedChunks)
        const recording = yield* RecordingTracer.make
        const released: Array<number> = []
        const upstream: Stream.Stream<CallResponseChunk.CallResponseChunk, ProviderError.ProviderError> =
          ending === "failed"
            ? Stream.concat(
              Stream.fromIterable(chunks.slice(0, 2)),
              Stream.fail(new ProviderError.RateLimitError({ provider: "openai", message: "slow down" }))
            )
            : Stream.fromIterable(chunks)
        const model = `gpt-telemetry-scope-${outcome}`
        const instrumented = upstream.pipe(
          Stream.ensuring(Effect.sync(() => released.push(recording.spans.length))),
          Telemetry.instrument("openai", { ...request, model })
        )
        yield* consume(instrumented).pipe(
          Effect.provideService(Metric.CurrentMetricAttributes, { tenant: "t1" }),
          Effect.withTracer(recording.tracer)
        )
        // Released exactly once, while the call's span had not ended yet.
        assert.deepStrictEqual(released, [0])
        const span = recording.spans.find((candidate) => candidate.name === `chat ${model}`)
        assert.isDefined(span)
        // The metrics carry the metric attributes of the context the call ran in.
        const calls = yield* Metric.value(
          Metric.withAttributes(Telemetry.calls, { provider: "openai", model: "gpt-4o-2024-08-06", outcome })
        ).pipe(Effect.provideService(Metric.CurrentMetricAttributes, { tenant: "t1" }))
        assert.strictEqual(calls.count, 1)
      }))
  }
})
