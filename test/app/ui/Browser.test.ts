/**
 * What a browser needs (docs/browser.md): Anthropic's browser-access header as a layer option, and the
 * tracing headers (`traceparent`, `b3`) that make a cross-origin call need a preflight: sent only where a tracer
 * is installed, and then turned off with `HttpClient.TracerPropagationEnabled`. Requests are read back from the
 * replay server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Anthropic, LanguageModel, OpenAI } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import * as RecordingTracer from "../../support/RecordingTracer.js"

const sse = { "content-type": "text/event-stream" }

describe("browser calls", () => {
  for (const allow of [true, false, undefined]) {
    it.effect(`Anthropic: dangerouslyAllowBrowser ${allow} ${allow ? "sends" : "does not send"} the browser header`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("anthropic", "text.sse") })
        yield* Stream.runDrain(LanguageModel.stream("What is 4200 + 42?")).pipe(
          Effect.provide(
            Anthropic.model("claude-sonnet-4-0").pipe(
              Layer.provide(Anthropic.layer({
                apiKey: Redacted.make("k"),
                baseUrl,
                ...(allow === undefined ? {} : { dangerouslyAllowBrowser: allow })
              })),
              Layer.provide(FetchHttpClient.layer)
            )
          )
        )
        const headers = server.requests(baseUrl)[0]!.headers
        assert.strictEqual(headers["anthropic-dangerous-direct-browser-access"], allow ? "true" : undefined)
      }))
  }

  const cases = [
    ["not sent without a tracer (Effect's native one exports no span)", false, true],
    ["sent where a tracer is installed", true, true],
    ["not sent with a tracer and TracerPropagationEnabled false", true, false]
  ] as const
  for (const [name, traced, propagation] of cases) {
    it.effect(`tracing headers are ${name}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
        const call = Stream.runDrain(LanguageModel.stream("What is 4200 + 42?")).pipe(
          Effect.provide(
            OpenAI.model("gpt-4o").pipe(
              Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl })),
              Layer.provide(FetchHttpClient.layer)
            )
          ),
          Effect.provideService(HttpClient.TracerPropagationEnabled, propagation)
        )
        const tracer = yield* RecordingTracer.make
        yield* traced ? Effect.withTracer(call, tracer.tracer) : call
        const headers = server.requests(baseUrl)[0]!.headers
        if (traced && propagation) {
          // Effect's HTTP client made the request's span (named by its method), under the call's.
          const call = tracer.spans.find((span) => span.name === "chat gpt-4o")
          const request = tracer.spans.find((span) => span.attributes.get("http.request.method") === "POST")
          assert.strictEqual(request?.parentId, call?.spanId)
          assert.isDefined(call)
          assert.match(String(headers["traceparent"]), /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
          assert.isDefined(headers["b3"])
        } else {
          assert.isUndefined(headers["traceparent"])
          assert.isUndefined(headers["b3"])
        }
      }))
  }
})
