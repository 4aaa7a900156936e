import { OtelMetrics, Resource } from "@effect/opentelemetry"
import { assert, describe, it } from "@effect/vitest"
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader
} from "@opentelemetry/sdk-metrics"
import { Effect, Layer, Metric, Option, Redacted, References, Schema, Stream } from "effect"
import {
  Anthropic,
  CallStream,
  LanguageModel,
  Message,
  OpenAI,
  OpenAICompatible,
  PriceTable,
  Telemetry,
  Tool
} from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { HttpClient } from "effect/http"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const sse = { "content-type": "text/event-stream" }

const openai = (baseUrl: string, model: string) =>
  OpenAI.model(model, { maxTokens: 300, temperature: 0.5 }).pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-x"), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const counter = (metric: typeof Telemetry.tokens, tags: Record<string, string>) => Metric.withAttributes(metric, tags)

/**
 * The attributes of the call span of `prompt` streamed from Claude `model`, answered with the recorded `fixture`
 * (with the prompts and completions recorded when `capture`).
 */
const anthropicCallSpan = (fixture: string, model: string, prompt: string, capture = false) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", fixture) })
    const recording = yield* RecordingTracer.make
    yield* LanguageModel.stream(prompt).pipe(
      Stream.runDrain,
      Effect.provide(
        Anthropic.model(model).pipe(
          Layer.provide(Anthropic.layer({ apiKey: Redacted.make("k"), baseUrl })),
          Layer.provide(clients[1]![1])
        )
      ),
      Effect.provide(Layer.succeed(Telemetry.CaptureContent, capture)),
      Effect.withTracer(recording.tracer)
    )
    return Object.fromEntries(recording.spans.find((span) => span.name === `chat ${model}`)!.attributes)
  })

describe("telemetry", () => {
  it.live("a call runs in a GenAI span with request, response, usage, cost and timing attributes", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({
        headers: sse,
        body: Fixtures.bytes("openai", "text.sse"),
        cuts: [500],
        delayMs: 30
      })
      const recording = yield* RecordingTracer.make
      yield* LanguageModel.stream("What is 4200 + 42?").pipe(
        Stream.runDrain,
        Effect.provide(openai(baseUrl, "gpt-4o")),
        Effect.provide(PriceTable.layerBundled),
        Effect.withTracer(recording.tracer)
      )
      const span = recording.spans.find((candidate) => candidate.name === "chat gpt-4o")!
      assert.isDefined(span)
      const attributes = Object.fromEntries(span.attributes)
      assert.deepInclude(attributes, {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o",
        "gen_ai.request.max_tokens": 300,
        "gen_ai.request.temperature": 0.5,
        "gen_ai.response.model": "gpt-4o-2024-08-06",
        "gen_ai.response.id": "chatcmpl-CoDWl5rS0pF10P0W0TDVgY3NA26dk",
        "gen_ai.usage.input_tokens": 16,
        "gen_ai.usage.output_tokens": 10,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "effect_llm_stream.chunk_count": 13,
        "effect_llm_stream.cost_usd": 0.00014
      })
      assert.deepStrictEqual(attributes["gen_ai.response.finish_reasons"], ["stop"])
      assert.isAtLeast(attributes["effect_llm_stream.time_to_first_chunk_ms"] as number, 0)
      // No prompt or completion text unless asked for.
      assert.isUndefined(attributes["gen_ai.input.messages"])
      assert.isUndefined(attributes["gen_ai.output.messages"])
      assert.strictEqual(span.exit._tag, "Success")
      // The HTTP request (Effect's client span, named by its method) is a child of the call's span.
      const http = recording.spans.find((candidate) => candidate.name === "POST")
      assert.isDefined(http)
      assert.strictEqual(http!.parentId, span.spanId)
    }))

  it.live("the tools a call declares are named on its span: its own, and the provider's by kind and name only", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const recording = yield* RecordingTracer.make
      const lookup = Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) })
      yield* LanguageModel.stream({
        messages: [Message.user("Find it")],
        tools: [lookup],
        providerTools: [
          { type: "web_search_20250305", name: "web_search", max_uses: 3 },
          {
            type: "mcp",
            server_label: "crm",
            server_url: "https://crm.example",
            headers: { Authorization: "Bearer t0k3n" }
          },
          { type: "custom", custom: { name: "grep" } },
          { googleSearch: {} },
          { systemTool: { name: "nova_grounding" } }
        ]
      }).pipe(Stream.runDrain, Effect.provide(openai(baseUrl, "gpt-4o")), Effect.withTracer(recording.tracer))
      const span = recording.spans.find((candidate) => candidate.name === "chat gpt-4o")!
      const attributes = Object.fromEntries(span.attributes)
      assert.deepStrictEqual(attributes["gen_ai.request.tools"], ["lookup"])
      assert.deepStrictEqual(attributes["effect_llm_stream.request.provider_tools"], [
        "web_search_20250305",
        "mcp",
        "custom:grep",
        "googleSearch",
        "systemTool:nova_grounding"
      ])
      // An entry's other fields (a server's URL, its headers) are on no span.
      assert.notInclude(JSON.stringify(recording.spans.map((recorded) => [...recorded.attributes])), "t0k3n")
    }))

  it.live("a call's span says it streams, its seed and that it asks for JSON, as the conventions require", () =>
    Effect.gen(function*() {
      // model/gen-ai/spans.yaml: gen_ai.request.stream (iff streaming), .seed (if the request has one),
      // gen_ai.output.type (if the request asks for an output format).
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const recording = yield* RecordingTracer.make
      const sent = <A, E>(stream: Stream.Stream<A, E, LanguageModel.LanguageModel>) =>
        stream.pipe(
          Stream.runDrain,
          Effect.ignore,
          Effect.provide(openai(baseUrl, "gpt-4o")),
          Effect.withTracer(recording.tracer)
        )
      const messages = [Message.user("hi")]
      yield* sent(LanguageModel.stream({ messages, seed: 7, output: Schema.Struct({ answer: Schema.String }) }))
      yield* sent(LanguageModel.stream({ messages }))
      const [asked, plain] = recording.spans.filter((span) => span.name === "chat gpt-4o").map((span) =>
        Object.fromEntries(span.attributes)
      )
      assert.deepInclude(asked, {
        "gen_ai.request.stream": true,
        "gen_ai.request.seed": 7,
        "gen_ai.output.type": "json"
      })
      assert.deepInclude(plain, { "gen_ai.request.stream": true })
      assert.isUndefined(plain!["gen_ai.request.seed"])
      assert.isUndefined(plain!["gen_ai.output.type"])
    }))

  it.live("an OpenAI-compatible host is named on its span as the conventions' registry spells it", () =>
    Effect.gen(function*() {
      // model/gen-ai/registry.yaml, gen_ai.provider.name: `x_ai`, `mistral_ai`, `deepseek`, `perplexity`.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const named = (name: string) =>
        Effect.gen(function*() {
          const recording = yield* RecordingTracer.make
          yield* LanguageModel.stream("hi").pipe(
            Stream.runDrain,
            Effect.provide(
              OpenAICompatible.model("m-1").pipe(
                Layer.provide(OpenAICompatible.layer({ name, baseUrl, apiKey: Redacted.make("k") })),
                Layer.provide(clients[0]![1])
              )
            ),
            Effect.withTracer(recording.tracer)
          )
          return recording.spans.find((span) => span.name === "chat m-1")!.attributes.get("gen_ai.provider.name")
        })
      const names = yield* Effect.forEach(["xai", "mistral", "deepseek", "perplexity", "together"], named)
      assert.deepStrictEqual(names, ["x_ai", "mistral_ai", "deepseek", "perplexity", "together"])
    }))

  it.live("without a price table provided, a call is not priced on its span; its response still is", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const recording = yield* RecordingTracer.make
      const response = yield* CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?")).pipe(
        Effect.provide(openai(baseUrl, "gpt-4o")),
        Effect.withTracer(recording.tracer)
      )
      const attributes = Object.fromEntries(recording.spans.find((span) => span.name === "chat gpt-4o")!.attributes)
      assert.strictEqual(attributes["gen_ai.usage.output_tokens"], 10)
      assert.isUndefined(attributes["effect_llm_stream.cost_usd"])
      assert.strictEqual(response.cost._tag, "Some")
    }))

  it.live("a host's stated charge is the span's cost, with or without a table, its source the provider's", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const router = (table: boolean) =>
        Effect.gen(function*() {
          const baseUrl = server.serve({
            headers: sse,
            body: Fixtures.bytes("openai-compatible", "openrouter-reasoning.sse")
          })
          const recording = yield* RecordingTracer.make
          yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(
            Effect.provide(
              OpenAICompatible.model("anthropic/claude-sonnet-4.5").pipe(
                Layer.provide(OpenAICompatible.layer({ name: "openrouter", baseUrl, apiKey: Redacted.make("k") })),
                Layer.provide(clients[0]![1])
              )
            ),
            table ? Effect.provide(PriceTable.layerBundled) : (effect) => effect,
            Effect.withTracer(recording.tracer)
          )
          return Object.fromEntries(
            recording.spans.find((span) => span.name === "chat anthropic/claude-sonnet-4.5")!.attributes
          )
        })
      for (const table of [false, true]) {
        const attributes = yield* router(table)
        assert.strictEqual(attributes["effect_llm_stream.cost_usd"], 0.000981)
        assert.strictEqual(attributes["gen_ai.usage.cost.source"], "provider")
      }
    }))

  it.live("with a table of its own, a call is priced on its span at that table's prices", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const recording = yield* RecordingTracer.make
      yield* LanguageModel.stream("What is 4200 + 42?").pipe(
        Stream.runDrain,
        Effect.provide(openai(baseUrl, "gpt-4o")),
        Effect.provide(PriceTable.layer([{
          provider: "openai",
          model: "gpt-4o",
          source: "a negotiated price",
          checkedAt: "2026-11-01",
          periods: [{ from: null, rates: { input: "1", output: "1" } }]
        }])),
        Effect.withTracer(recording.tracer)
      )
      const attributes = Object.fromEntries(recording.spans.find((span) => span.name === "chat gpt-4o")!.attributes)
      // 16 input and 10 output tokens at $1 per million each.
      assert.strictEqual(attributes["effect_llm_stream.cost_usd"], 0.000026)
    }))

  it.live("a call the table cannot price says why on its span and counts in cost_unavailable; a priced one, or one without a table, does neither", () =>
    Effect.gen(function*() {
      // The metrics are the process's: this test reads what its own calls added.
      const unpricedCalls = Metric.value(
        counter(Telemetry.costUnavailable, { provider: "openai", model: "gpt-4o-2024-08-06", reason: "unknown-model" })
      )
      const before = (yield* unpricedCalls).count
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const spanOf = (table: Layer.Layer<never> | undefined) =>
        Effect.gen(function*() {
          const recording = yield* RecordingTracer.make
          const call = LanguageModel.stream("What is 4200 + 42?").pipe(
            Stream.runDrain,
            Effect.provide(openai(baseUrl, "gpt-4o"))
          )
          yield* (table === undefined ? call : Effect.provide(call, table)).pipe(Effect.withTracer(recording.tracer))
          return Object.fromEntries(recording.spans.find((span) => span.name === "chat gpt-4o")!.attributes)
        })
      const elsewhere = PriceTable.layerReplace({
        version: 1,
        generatedAt: "2026-11-01",
        entries: [{
          provider: "openai",
          model: "gpt-4o-mini",
          source: "a table without gpt-4o",
          checkedAt: "2026-11-01",
          periods: [{ from: null, rates: { input: "1", output: "1" } }]
        }]
      })
      const unpriced = yield* spanOf(elsewhere)
      assert.isUndefined(unpriced["effect_llm_stream.cost_usd"])
      assert.strictEqual(unpriced["effect_llm_stream.cost_unavailable.reason"], "unknown-model")
      assert.include(unpriced["effect_llm_stream.cost_unavailable.message"] as string, "gpt-4o")
      const priced = yield* spanOf(PriceTable.layerBundled)
      assert.isNumber(priced["effect_llm_stream.cost_usd"])
      assert.isUndefined(priced["effect_llm_stream.cost_unavailable.reason"])
      const untabled = yield* spanOf(undefined)
      assert.isUndefined(untabled["effect_llm_stream.cost_unavailable.reason"])
      // Of the three calls, the one the table could not price.
      assert.strictEqual((yield* unpricedCalls).count - before, 1)
    }))

  it.live("prompts and completions are recorded only with CaptureContent", () =>
    Effect.gen(function*() {
      const attributes = yield* anthropicCallSpan("text.sse", "claude-sonnet-4-0", "What is 4200 + 42?", true)
      // The conventions' JSON schemas: docs/gen-ai/gen-ai-input-messages.json, gen-ai-output-messages.json.
      assert.deepStrictEqual(JSON.parse(attributes["gen_ai.input.messages"] as string), [
        { role: "user", parts: [{ type: "text", content: "What is 4200 + 42?" }] }
      ])
      const [output] = JSON.parse(attributes["gen_ai.output.messages"] as string)
      assert.strictEqual(output.role, "assistant")
      assert.strictEqual(output.finish_reason, "end_turn")
      assert.strictEqual(output.parts.length, 1)
      assert.strictEqual(output.parts[0].type, "text")
      assert.include(output.parts[0].content, "4200 + 42 = 4242")
      assert.strictEqual(attributes["gen_ai.provider.name"], "anthropic")
      assert.strictEqual(attributes["gen_ai.usage.input_tokens"], 17)
    }))

  it.live("input tokens include the cache's, as the conventions say; the cache's counts beside them", () =>
    Effect.gen(function*() {
      // model/gen-ai/registry.yaml: gen_ai.usage.input_tokens SHOULD include cached tokens; Anthropic reports them
      // beside `input_tokens` (2,250 + 11,913 written).
      const attributes = yield* anthropicCallSpan("web-search-cache-write-haiku-4-5.sse", "claude-haiku-4-5", "hi")
      assert.deepInclude(attributes, {
        "gen_ai.usage.input_tokens": 14163,
        "gen_ai.usage.cache_creation.input_tokens": 11913,
        "gen_ai.usage.cache_read.input_tokens": 0,
        "gen_ai.usage.output_tokens": 104
      })
    }))

  it.live("a failed call records its error type on the span and in the calls metric", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ status: 429, body: "{\"error\":{\"message\":\"slow down\"}}" })
      const recording = yield* RecordingTracer.make
      const model = "gpt-telemetry-failure"
      yield* LanguageModel.stream("hi").pipe(
        Stream.runDrain,
        Effect.ignore,
        Effect.provide(openai(baseUrl, model)),
        Effect.withTracer(recording.tracer)
      )
      const span = recording.spans.find((candidate) => candidate.name === `chat ${model}`)!
      assert.strictEqual(span.attributes.get("error.type"), "RateLimitError")
      assert.strictEqual(span.exit._tag, "Failure")
      const failures = yield* Metric.value(
        counter(Telemetry.calls, { provider: "openai", model, outcome: "RateLimitError" })
      )
      assert.strictEqual(failures.count, 1)
    }))

  it.live("token, cost, time-to-first-chunk and throughput metrics by provider and model", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      // The response names its model gpt-4o-2024-08-06; two calls add up (the metrics are the process's: other
      // files' calls count too, so this test reads what its own calls added).
      const tags = { provider: "openai", model: "gpt-4o-2024-08-06" }
      const totals = Effect.all({
        input: Metric.value(counter(Telemetry.tokens, { ...tags, token_type: "input" })),
        output: Metric.value(counter(Telemetry.tokens, { ...tags, token_type: "output" })),
        cost: Metric.value(counter(Telemetry.costUsd, tags))
      })
      const before = yield* totals
      for (let call = 0; call < 2; call++) {
        yield* LanguageModel.stream("hi").pipe(
          Stream.runDrain,
          Effect.provide(openai(baseUrl, "gpt-4o")),
          Effect.provide(PriceTable.layerBundled)
        )
      }
      const after = yield* totals
      assert.strictEqual(after.input.count - before.input.count, 32)
      assert.strictEqual(after.output.count - before.output.count, 20)
      assert.closeTo(after.cost.count - before.cost.count, 0.00028, 1e-12)
      const firstChunk = yield* Metric.value(
        Metric.withAttributes(Telemetry.timeToFirstChunk, { provider: "openai", model: "gpt-4o-2024-08-06" })
      )
      assert.isAtLeast(firstChunk.count, 2)
      const throughput = yield* Metric.value(
        Metric.withAttributes(Telemetry.outputTokensPerSecond, { provider: "openai", model: "gpt-4o-2024-08-06" })
      )
      assert.isAtLeast(throughput.count, 1)
    }))
  it.live("the GenAI conventions' metrics and span attributes by their names, as an OpenTelemetry exporter reads them", () =>
    Effect.gen(function*() {
      // open-telemetry/semantic-conventions-genai, model/gen-ai/metrics.yaml; the cost as #443 proposes it.
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        { headers: sse, body: Fixtures.bytes("openai", "text.sse") },
        { status: 429, body: "{\"error\":{\"message\":\"slow down\"}}" }
      ])
      const port = new URL(baseUrl).port
      // A request model of this test's own: with the port, it tells its points from other files' in this worker's
      // metrics (a port may be used again).
      const model = "gpt-4o-otel-names"
      const recording = yield* RecordingTracer.make
      const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE)
      const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })
      yield* Layer.build(OtelMetrics.layer(() => reader).pipe(Layer.provide(Resource.layer({ serviceName: "test" }))))
      for (let call = 0; call < 2; call++) {
        yield* LanguageModel.stream("hi").pipe(
          Stream.runDrain,
          Effect.ignore,
          Effect.provide(openai(baseUrl, model)),
          Effect.provide(PriceTable.layerBundled),
          Effect.withTracer(recording.tracer)
        )
      }
      yield* Effect.promise(() => reader.forceFlush())
      const metrics = exporter.getMetrics().at(-1)!.scopeMetrics.flatMap((scope) => scope.metrics)
      // This test's calls: the ones to its own server.
      const points = (name: string) => {
        const metric = metrics.find((candidate) => candidate.descriptor.name === name)!
        assert.isDefined(metric, name)
        return {
          metric,
          points: (metric.dataPoints as Array<any>).filter((point) =>
            point.attributes["server.port"] === port && point.attributes["gen_ai.request.model"] === model
          )
        }
      }
      const calls = {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": model,
        "server.address": "127.0.0.1",
        "server.port": port
      }
      const usage = points("gen_ai.client.token.usage")
      assert.strictEqual(usage.metric.dataPointType, DataPointType.HISTOGRAM)
      assert.strictEqual(usage.metric.descriptor.unit, "{token}")
      const byType = Object.fromEntries(usage.points.map((point) => [point.attributes["gen_ai.token.type"], point]))
      assert.deepInclude(byType["input"].attributes, { ...calls, "gen_ai.response.model": "gpt-4o-2024-08-06" })
      assert.deepStrictEqual([byType["input"].value.sum, byType["output"].value.sum], [16, 10])
      const duration = points("gen_ai.client.operation.duration")
      assert.strictEqual(duration.metric.dataPointType, DataPointType.HISTOGRAM)
      assert.strictEqual(duration.metric.descriptor.unit, "s")
      assert.deepStrictEqual(duration.points.map((point) => point.attributes["error.type"]).sort(), [
        "RateLimitError",
        undefined
      ])
      // The buckets the conventions advise (docs/gen-ai/gen-ai-metrics.md, ExplicitBucketBoundaries).
      const seconds = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92]
      assert.deepStrictEqual(duration.points[0].value.buckets.boundaries, seconds)
      assert.deepStrictEqual(
        usage.points[0].value.buckets.boundaries,
        Array.from({ length: 14 }, (_, n) => 4 ** n)
      )
      const firstChunk = points("gen_ai.client.operation.time_to_first_chunk")
      assert.deepStrictEqual(firstChunk.points[0].value.buckets.boundaries, seconds)
      assert.strictEqual(firstChunk.metric.descriptor.unit, "s")
      assert.strictEqual(firstChunk.points.length, 1)
      assert.isBelow(firstChunk.points[0].value.sum, 10)
      const span = Object.fromEntries(
        recording.spans.find((candidate) => candidate.name === `chat ${model}`)!.attributes
      )
      assert.deepInclude(span, {
        "server.address": "127.0.0.1",
        "server.port": Number(port),
        "gen_ai.usage.cost.amount": 0.00014,
        "gen_ai.usage.cost.currency": "USD",
        "gen_ai.usage.cost.source": "local",
        "effect_llm_stream.cost_usd": 0.00014
      })
      assert.isAtLeast(span["gen_ai.response.time_to_first_chunk"] as number, 0)
    }).pipe(Effect.scoped))

  it.live("with Telemetry.Enabled false a call has no span and records no metric; with tracing off, metrics only", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      const recording = yield* RecordingTracer.make
      const call = (model: string) =>
        CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?")).pipe(
          Effect.provide(openai(baseUrl, model)),
          Effect.withTracer(recording.tracer)
        )
      const calls = (model: string) =>
        Metric.value(counter(Telemetry.calls, { provider: "openai", model, outcome: "success" }))
      // The response names its model gpt-4o-2024-08-06: the requested names below are only on the span.
      const before = (yield* calls("gpt-4o-2024-08-06")).count
      const off = yield* call("gpt-telemetry-off").pipe(Effect.provideService(Telemetry.Enabled, false))
      assert.strictEqual(off.content, "4200 + 42 equals 4242.")
      assert.isUndefined(recording.spans.find((span) => span.name === "chat gpt-telemetry-off"))
      assert.strictEqual((yield* calls("gpt-4o-2024-08-06")).count, before)
      const untraced = yield* call("gpt-telemetry-untraced").pipe(
        Effect.provideService(References.TracerEnabled, false)
      )
      assert.strictEqual(untraced.content, "4200 + 42 equals 4242.")
      assert.isUndefined(recording.spans.find((span) => span.name === "chat gpt-telemetry-untraced"))
      assert.strictEqual((yield* calls("gpt-4o-2024-08-06")).count, before + 1)
      const output = yield* Metric.value(
        counter(Telemetry.tokens, { provider: "openai", model: "gpt-4o-2024-08-06", token_type: "output" })
      )
      assert.isAtLeast(output.count, 10)
      // On again: the span is back.
      yield* call("gpt-telemetry-on")
      assert.isDefined(recording.spans.find((span) => span.name === "chat gpt-telemetry-on"))
    }))
  it.live("with no tracer installed (Effect's native tracer) a call makes no span of its own, and records its metrics", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
      // The span the HTTP request's own span (`POST`) runs under: the call's `chat {model}` when the call makes one.
      const parents: Array<string | undefined> = []
      const watched = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(
          HttpClient.HttpClient,
          (client) =>
            HttpClient.make((request) =>
              Effect.flatMap(Effect.option(Effect.currentSpan), (http) => {
                const parent = Option.flatMap(http, (span) => span.parent)
                parents.push(parent._tag === "Some" && parent.value._tag === "Span" ? parent.value.name : undefined)
                return client.execute(request)
              })
            )
        )
      ).pipe(Layer.provide(clients[0]![1]))
      const model = OpenAI.model("gpt-native-tracer").pipe(
        Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-x"), baseUrl })),
        Layer.provide(watched)
      )
      const calls = Metric.value(
        counter(Telemetry.calls, { provider: "openai", model: "gpt-4o-2024-08-06", outcome: "success" })
      )
      const before = (yield* calls).count
      const call = CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?")).pipe(Effect.provide(model))
      assert.strictEqual((yield* call).content, "4200 + 42 equals 4242.")
      assert.strictEqual((yield* calls).count, before + 1)
      const recording = yield* RecordingTracer.make
      yield* Effect.withTracer(call, recording.tracer)
      assert.deepStrictEqual(parents, [undefined, "chat gpt-native-tracer"])
    }))
})
