/**
 * Each request an MCP client sends has its span, as OpenTelemetry's MCP conventions name it
 * (open-telemetry/semantic-conventions-genai, docs/gen-ai/mcp.md, `mcp.client`): `initialize`, `tools/list`,
 * `tools/call {tool}`, kind client, with `mcp.method.name`, `jsonrpc.request.id`, `mcp.session.id`, a JSON-RPC error's
 * code; a notification has none, and a tool's call is under the loop's `execute_tool` span. Read as the OpenTelemetry
 * SDK's exporter receives them, from a server built with the official SDK (`support/mcp/ProbeServer.mjs`) that echoes
 * the bearer token and the URL's `api_key` (over stdio, its environment's variable) in a JSON-RPC error's message: none
 * is in any span's name, attribute, event or status. With telemetry off, no request has a span.
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as OtelTracer from "@effect/opentelemetry/OtelTracer"
import * as Resource from "@effect/opentelemetry/Resource"
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { SpanKind, SpanStatusCode } from "@opentelemetry/api"
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Effect, Layer, Redacted, Stream } from "effect"
import { LanguageModel, Mcp, Message, Telemetry } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient } from "effect/http"
import * as Path from "node:path"
import * as LoopWire from "../../support/LoopWire.js"
import * as ProbeServer from "../../support/mcp/ProbeServer.mjs"
import * as TestPaths from "../../support/TestPaths.js"

const token = "s3cr3t/span+token=0123456789"
const querySecret = "span-query-secret-5678abcd"
let http: { readonly url: string; readonly close: () => Promise<void> }

beforeAll(async () => {
  http = await ProbeServer.startHttp(token)
})

afterAll(() => http.close())

/** Everything an exporter holds of a span, as text: name, attributes, events, status. */
const exported = (span: ReadableSpan): string =>
  JSON.stringify({ name: span.name, attributes: span.attributes, events: span.events, status: span.status })

/** The server over Streamable HTTP, behind the bearer token, with a credential in its URL's query. */
const overHttp = (): Mcp.Transport => ({
  http: { url: `${http.url}?api_key=${querySecret}`, headers: { authorization: Redacted.make(`Bearer ${token}`) } }
})

/**
 * A run of the loop over the server's tools, the model calling `whoami`, `whoami_error` (an error result) and
 * `whoami_rpc_error` (a JSON-RPC error); the spans exported.
 */
const traced = (enabled: boolean, transport: Mcp.Transport = overHttp()) =>
  Effect.gen(function*() {
    const exporter = new InMemorySpanExporter()
    const replay = yield* ReplayServer.make
    const calls = [{ id: "call_1", name: "whoami", arguments: "{}" }, {
      id: "call_3",
      name: "whoami_error",
      arguments: "{}"
    }, {
      id: "call_2",
      name: "whoami_rpc_error",
      arguments: "{}"
    }]
    const baseUrl = replay.serve([
      LoopWire.scripted("openai", { calls }, "1"),
      LoopWire.scripted("openai", { texts: ["Done."] }, "2")
    ])
    const run = Effect.gen(function*() {
      const tools = yield* Mcp.tools({ transport, include: ["whoami", "whoami_error", "whoami_rpc_error"] })
      yield* Stream.runDrain(LanguageModel.runTools({ messages: [Message.user("Who am I?")], tools })).pipe(
        Effect.provide(LoopWire.modelAt("openai", baseUrl, FetchHttpClient.layer))
      )
    })
    return yield* run.pipe(
      Effect.scoped,
      Effect.provide(FetchHttpClient.layer),
      Effect.provideService(Telemetry.Enabled, enabled),
      Effect.andThen(Effect.sync((): ReadonlyArray<ReadableSpan> => [...exporter.getFinishedSpans()])),
      Effect.provide(
        OtelTracer.layer.pipe(
          Layer.provide(NodeSdk.layerTracerProvider(new SimpleSpanProcessor(exporter))),
          Layer.provide(Resource.layer({ serviceName: "test" }))
        )
      )
    )
  })

const mcpSpans = (spans: ReadonlyArray<ReadableSpan>) =>
  spans.filter((span) => span.attributes["mcp.method.name"] !== undefined)

describe("MCP request spans", () => {
  it.live("each request is a client span the conventions name; a call is under its execute_tool span", () =>
    Effect.gen(function*() {
      const spans = yield* traced(true)
      const requests = mcpSpans(spans)
      const names = requests.map((span) => span.name)
      for (const name of ["initialize", "tools/list", "tools/call whoami", "tools/call whoami_rpc_error"]) {
        assert.include(names, name)
      }
      // Notifications (`notifications/initialized`) have no span.
      assert.isFalse(names.some((name) => name.startsWith("notifications/")), names.join(", "))
      for (const span of requests) {
        assert.strictEqual(span.kind, SpanKind.CLIENT, span.name)
        assert.isString(span.attributes["jsonrpc.request.id"], span.name)
        assert.strictEqual(span.attributes["network.transport"], "tcp")
        assert.strictEqual(span.attributes["server.address"], "127.0.0.1")
      }
      const call = requests.find((span) => span.name === "tools/call whoami")!
      assert.deepInclude(call.attributes, { "mcp.method.name": "tools/call", "gen_ai.tool.name": "whoami" })
      // The session the server gave at `initialize` (Streamable HTTP's `Mcp-Session-Id`).
      assert.match(String(call.attributes["mcp.session.id"]), /^[0-9a-f-]{36}$/)
      assert.strictEqual(call.status.code, SpanStatusCode.OK)
      // A result with `isError` is the conventions' `tool_error`; nothing of its text is on the span.
      const errorResult = requests.find((span) => span.name === "tools/call whoami_error")!
      assert.strictEqual(errorResult.attributes["error.type"], "tool_error")
      assert.deepStrictEqual(errorResult.status, { code: SpanStatusCode.ERROR, message: "the tool reported an error" })
      const execute = spans.find((span) => span.name === "execute_tool whoami")!
      assert.isDefined(execute)
      assert.strictEqual(call.parentSpanContext?.spanId, execute.spanContext().spanId)
      // The HTTP request of the call is under the call's span.
      const post = spans.find((span) => span.parentSpanContext?.spanId === call.spanContext().spanId)
      assert.isDefined(post)
    }))

  it.live("a JSON-RPC error echoing the bearer token: its code recorded, its message scrubbed, no secret anywhere", () =>
    Effect.gen(function*() {
      const spans = yield* traced(true)
      const failed = spans.find((span) => span.name === "tools/call whoami_rpc_error")!
      assert.isDefined(failed)
      assert.deepInclude(failed.attributes, {
        "error.type": "-32042",
        "rpc.response.status_code": "-32042",
        "rpc.jsonrpc.error_code": -32042
      })
      assert.strictEqual(failed.status.code, SpanStatusCode.ERROR)
      // The server's message, its credentials replaced, in the status and the exception event.
      assert.include(failed.status.message, "refused <redacted> (query <redacted>)")
      assert.include(JSON.stringify(failed.events), "<redacted>")
      // The HTTP requests' spans record the URL with its query's credential scrubbed (also where the server answered a
      // 4xx, whose error names the URL), whatever headers they record.
      const posts = spans.filter((span) => span.name === "POST" && String(span.attributes["url.full"]).includes("/mcp"))
      assert.isNotEmpty(posts)
      for (const post of posts) assert.include(String(post.attributes["url.full"]), "api_key=<redacted>")
      assert.isTrue(posts.some((post) => post.status.code === SpanStatusCode.ERROR), "a 4xx answer among them")
      for (const span of spans) {
        for (const secret of [token, token.slice(4, 16), querySecret]) {
          assert.notInclude(exported(span), secret, span.name)
        }
      }
    }))

  it.live("stdio: the requests are spans over a pipe, the environment's credential scrubbed from the error", () =>
    Effect.gen(function*() {
      const script = Path.join(TestPaths.test, "support", "mcp", "ProbeServer.mjs")
      const spans = yield* traced(true, {
        stdio: { command: process.execPath, args: [script, "stdio"], env: { PROBE_TOKEN: Redacted.make(token) } }
      })
      const failed = spans.find((span) => span.name === "tools/call whoami_rpc_error")!
      assert.deepInclude(failed.attributes, { "network.transport": "pipe", "error.type": "-32042" })
      // No session over stdio, no server address.
      assert.isUndefined(failed.attributes["mcp.session.id"])
      assert.isUndefined(failed.attributes["server.address"])
      assert.include(failed.status.message, "refused <redacted>")
      for (const span of spans) assert.notInclude(exported(span), token.slice(4, 16), span.name)
    }))

  it.live("with telemetry off, no request has a span", () =>
    Effect.gen(function*() {
      const spans = yield* traced(false)
      assert.deepStrictEqual(mcpSpans(spans).map((span) => span.name), [])
    }))
})
