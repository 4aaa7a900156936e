/**
 * No secret reaches what an OpenTelemetry exporter receives: every attribute, event and status of every span a call
 * makes (its own, its HTTP request's, a tool's, the loop's), through a streaming call, a retry, a provider error that
 * echoes the key, a tool loop with a tool run, and a captured prompt holding a presigned URL.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as OtelTracer from "@effect/opentelemetry/OtelTracer"
import * as Resource from "@effect/opentelemetry/Resource"
import { assert, describe, it } from "@effect/vitest"
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Redacted, Schema, Stream } from "effect"
import { CallStream, LanguageModel, Message, OpenAI, Telemetry, Tool } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import * as LoopWire from "../../support/LoopWire.js"

const secret = "sk-telemetry-SECRET-4f1c9a7b2e"
const signature = "SIGNATURE-9d2b7e41c0aa"
const sse = { "content-type": "text/event-stream" }

const model = (baseUrl: string) =>
  OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make(secret), baseUrl })),
    Layer.provide(clients[0]![1])
  )

/** Everything an exporter holds of a span, as text: name, attributes, events, status, links. */
const exported = (span: ReadableSpan): string =>
  JSON.stringify({
    name: span.name,
    attributes: span.attributes,
    events: span.events,
    status: span.status,
    resource: span.resource.attributes
  })

/** Runs `effect` with an OpenTelemetry tracer whose spans go to an in-memory exporter; returns the spans. */
const traced = <A, E>(effect: Effect.Effect<A, E, LanguageModel.LanguageModel>, baseUrl: string) =>
  Effect.gen(function*() {
    const exporter = new InMemorySpanExporter()
    // Read before the provider shuts down: its shutdown empties the exporter.
    return yield* effect.pipe(
      Effect.ignore,
      Effect.andThen(Effect.sync(() => [...exporter.getFinishedSpans()])),
      Effect.provide(model(baseUrl)),
      Effect.provide(Layer.succeed(Telemetry.CaptureContent, true)),
      Effect.provide(
        OtelTracer.layer.pipe(
          Layer.provide(NodeSdk.layerTracerProvider(new SimpleSpanProcessor(exporter))),
          Layer.provide(Resource.layer({ serviceName: "test" }))
        )
      )
    )
  })

const lookup = Tool.handle(
  Tool.make("lookup", { parameters: Schema.Struct({ q: Schema.String }) }),
  ({ q }) => Effect.succeed(`found ${q}`)
)

describe("telemetry secrets", () => {
  it.live("a provider error echoing the key, then a retry, export no key", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        {
          status: 503,
          headers: { "x-echo-authorization": `Bearer ${secret}`, "retry-after": "0" },
          body: JSON.stringify({ error: { message: `upstream refused Bearer ${secret}` } })
        },
        { headers: sse, body: Fixtures.bytes("openai", "text.sse") }
      ])
      const spans = yield* traced(
        LanguageModel.stream("hi").pipe(CallStream.retry(), Stream.runDrain),
        baseUrl
      )
      assert.isAbove(spans.length, 1)
      for (const span of spans) assert.notInclude(exported(span), secret.slice(8), span.name)
    }))

  it.live("a tool loop with a tool run and a presigned image, content captured, exports no signature or key", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve([
        LoopWire.scripted("openai", { calls: [{ id: "c1", name: "lookup", arguments: "{\"q\":\"a\"}" }] }, "1"),
        LoopWire.scripted("openai", { texts: ["Found it."] }, "2")
      ])
      const image = `https://bucket.example/chart.png?X-Amz-Signature=${signature}&token=${signature}`
      const spans = yield* traced(
        Stream.runDrain(LanguageModel.runTools({
          system: "Be brief.",
          messages: [Message.user([Message.text("Look it up"), Message.image(image, { mediaType: "image/png" })])],
          tools: [lookup]
        })),
        baseUrl
      )
      const names = spans.map((span) => span.name)
      assert.includeMembers(names, ["chat gpt-4o", "execute_tool lookup"])
      for (const span of spans) {
        assert.notInclude(exported(span), secret.slice(8), span.name)
        assert.notInclude(exported(span), signature, span.name)
      }
      // The prompt as the conventions' schema has it, the image by its URL without the query.
      const first = spans.find((span) => span.name === "chat gpt-4o")!
      assert.deepStrictEqual(JSON.parse(first.attributes["gen_ai.system_instructions"] as string), [
        { type: "text", content: "Be brief." }
      ])
      assert.deepStrictEqual(JSON.parse(first.attributes["gen_ai.input.messages"] as string), [{
        role: "user",
        parts: [
          { type: "text", content: "Look it up" },
          { type: "uri", modality: "image", mime_type: "image/png", uri: "https://bucket.example/chart.png" }
        ]
      }])
      assert.deepStrictEqual(JSON.parse(first.attributes["gen_ai.output.messages"] as string), [{
        role: "assistant",
        parts: [{ type: "tool_call", id: "c1", name: "lookup", arguments: { q: "a" } }],
        finish_reason: "tool_calls"
      }])
      const second = spans.filter((span) => span.name === "chat gpt-4o")[1]!
      const sent = JSON.parse(second.attributes["gen_ai.input.messages"] as string)
      assert.deepStrictEqual(sent.slice(1), [
        { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "lookup", arguments: { q: "a" } }] },
        { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: "found a" }] }
      ])
      const tool = spans.find((span) => span.name === "execute_tool lookup")!
      assert.deepInclude(tool.attributes, {
        "gen_ai.operation.name": "execute_tool",
        "gen_ai.tool.name": "lookup",
        "gen_ai.tool.call.id": "c1"
      })
    }))
})
