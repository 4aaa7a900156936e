/**
 * The `gen_ai.provider.name` an OpenTelemetry exporter receives, on a call's span, on the tool loop's span and in the
 * conventions' metrics, comes from the layer: a compatible host's row (`x_ai`, `mistral_ai`), an Azure API's row
 * (`azure.ai.inference` for an Azure AI Inference endpoint, `azure.ai.openai` for an Azure OpenAI deployment), else the
 * host's own name (open-telemetry/semantic-conventions-genai, model/gen-ai/registry.yaml, `gen_ai.provider.name`).
 */
import { OtelMetrics } from "@effect/opentelemetry"
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as OtelTracer from "@effect/opentelemetry/OtelTracer"
import * as Resource from "@effect/opentelemetry/Resource"
import { assert, describe, it } from "@effect/vitest"
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader
} from "@opentelemetry/sdk-metrics"
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Azure, LanguageModel, Message, OpenAICompatible } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"

const sse = { "content-type": "text/event-stream" }

/** Runs `effect` under an OpenTelemetry tracer whose spans go to an in-memory exporter; returns the spans. */
const exported = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function*() {
    const exporter = new InMemorySpanExporter()
    // Read before the provider shuts down: its shutdown empties the exporter.
    return yield* effect.pipe(
      Effect.ignore,
      Effect.andThen(Effect.sync((): ReadonlyArray<ReadableSpan> => [...exporter.getFinishedSpans()])),
      Effect.provide(
        OtelTracer.layer.pipe(
          Layer.provide(NodeSdk.layerTracerProvider(new SimpleSpanProcessor(exporter))),
          Layer.provide(Resource.layer({ serviceName: "test" }))
        )
      )
    )
  })

/** The `gen_ai.provider.name` of the exported span named `name`. */
const providerName = (spans: ReadonlyArray<ReadableSpan>, name: string): unknown =>
  spans.find((span) => span.name === name)?.attributes["gen_ai.provider.name"]

/** A tool loop of one step (a text answer) on `model`: the loop's span and the call's. */
const loopOn = <E>(model: Layer.Layer<LanguageModel.LanguageModel, E>) =>
  Stream.runDrain(LanguageModel.runTools({ messages: [Message.user("hi")], tools: [] })).pipe(Effect.provide(model))

describe("gen_ai.provider.name from the layer", () => {
  it.live("an Azure AI Inference endpoint is azure.ai.inference; an Azure OpenAI deployment azure.ai.openai", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const inference = server.serve({ headers: sse, body: Fixtures.bytes("azure", "deepseek-r1-think.sse") })
      const deployment = server.serve({ headers: sse, body: Fixtures.bytes("azure", "text.sse") })
      const model = (endpoint: string, api: Azure.Api, name: string) =>
        Azure.model(name).pipe(
          Layer.provide(Azure.layer({ endpoint, api, apiKey: Redacted.make("azure-key-0123456789") })),
          Layer.provide(clients[0]![1])
        )
      const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
      yield* Layer.build(OtelMetrics.layer(() => reader).pipe(Layer.provide(Resource.layer({ serviceName: "test" }))))
      const spans = yield* exported(Effect.all([
        loopOn(model(inference, "inference", "DeepSeek-R1-names")),
        loopOn(model(deployment, "deployments", "gpt-4o-names"))
      ]))
      assert.strictEqual(providerName(spans, "chat DeepSeek-R1-names"), "azure.ai.inference")
      assert.strictEqual(providerName(spans, "chat gpt-4o-names"), "azure.ai.openai")
      const loops = spans.filter((span) => span.name === "tool_loop").map((span) => span.attributes)
      assert.deepStrictEqual(loops.map((attributes) => attributes["gen_ai.provider.name"]).sort(), [
        "azure.ai.inference",
        "azure.ai.openai"
      ])
      // The conventions' metrics name the provider as the span does.
      yield* Effect.promise(() => reader.forceFlush())
      const durations = exporter.getMetrics().at(-1)!.scopeMetrics.flatMap((scope) => scope.metrics).find((metric) =>
        metric.descriptor.name === "gen_ai.client.operation.duration"
      )!
      const byModel = Object.fromEntries(
        (durations.dataPoints as ReadonlyArray<any>).map((point) => [
          point.attributes["gen_ai.request.model"],
          point.attributes["gen_ai.provider.name"]
        ])
      )
      assert.deepInclude(byModel, { "DeepSeek-R1-names": "azure.ai.inference", "gpt-4o-names": "azure.ai.openai" })
    }))

  it.live("a compatible host's row names its calls and its tool loop; a host without one is its own name", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const host = (name: string) =>
        OpenAICompatible.model(`m-${name}`).pipe(
          Layer.provide(OpenAICompatible.layer({ name, baseUrl, apiKey: Redacted.make("host-key-0123456789") })),
          Layer.provide(clients[0]![1])
        )
      const hosts = ["xai", "mistral", "together", "my-gateway"]
      const spans = yield* exported(Effect.all(hosts.map((name) => loopOn(host(name)))))
      assert.deepStrictEqual(hosts.map((name) => providerName(spans, `chat m-${name}`)), [
        "x_ai",
        "mistral_ai",
        "together",
        "my-gateway"
      ])
      const loops = spans.filter((span) => span.name === "tool_loop").map((span) =>
        span.attributes["gen_ai.provider.name"]
      )
      assert.deepStrictEqual([...loops].sort(), ["mistral_ai", "my-gateway", "together", "x_ai"])
    }))
})
