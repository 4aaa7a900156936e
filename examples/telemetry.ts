/**
 * Exports a call's span and metrics to the console with `@effect/opentelemetry`.
 *
 * `npx tsx examples/telemetry.ts` streams a recorded OpenAI response from the bundled replay server and
 * prints the `chat gpt-4o` span (gen_ai.* attributes, cost, time to first chunk) and the token, cost and
 * latency metrics. Swap the console exporters for OTLP ones to send them to a collector.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import { ConsoleMetricExporter, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics"
import { ConsoleSpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Redacted, Stream } from "effect"
import { LanguageModel, OpenAI, PriceTable } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Fs from "node:fs"
import * as Path from "node:path"

const Telemetry = NodeSdk.layer(() => ({
  resource: { serviceName: "effect-llm-stream-example" },
  spanProcessor: new SimpleSpanProcessor(new ConsoleSpanExporter()),
  metricReader: new PeriodicExportingMetricReader({
    exporter: new ConsoleMetricExporter(),
    exportIntervalMillis: 60_000
  })
}))

const program = Effect.gen(function*() {
  const server = yield* ReplayServer.make
  const body = Fs.readFileSync(Path.join(import.meta.dirname, "..", "test", "fixtures", "openai", "text.sse"))
  const baseUrl = server.serve({ headers: { "content-type": "text/event-stream" }, body })
  const Model = OpenAI.model("gpt-6-luna").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("replay"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )
  yield* LanguageModel.stream("What is 4200 + 42?").pipe(
    Stream.runForEach((chunk) => Effect.sync(() => process.stdout.write(chunk.content))),
    Effect.provide(Model),
    // Calls are priced in telemetry only with a price table provided.
    Effect.provide(PriceTable.layerBundled)
  )
  process.stdout.write("\n\n")
})

// The SDK layer flushes spans and metrics when it is released, at the end of the program.
Effect.runPromise(program.pipe(Effect.scoped, Effect.provide(Telemetry)))
