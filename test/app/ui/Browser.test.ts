/**
 * What a browser needs (docs/browser.md): Anthropic's browser-access header as a layer option, and the
 * tracing headers (`traceparent`, `b3`) that make a cross-origin call need a preflight, turned off with
 * `HttpClient.TracerPropagationEnabled`. Requests are read back from the replay server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Anthropic, LanguageModel, OpenAI } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"

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

  for (const propagate of [true, false]) {
    it.effect(`tracing headers are ${propagate ? "sent by default" : "not sent with TracerPropagationEnabled false"}`, () =>
      Effect.gen(function*() {
        const server = yield* ReplayServer.make
        const baseUrl = server.serve({ headers: sse, body: Fixtures.bytes("openai", "text.sse") })
        const call = Stream.runDrain(LanguageModel.stream("What is 4200 + 42?")).pipe(
          Effect.provide(
            OpenAI.model("gpt-4o").pipe(
              Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl })),
              Layer.provide(FetchHttpClient.layer)
            )
          )
        )
        yield* propagate ? call : call.pipe(Effect.provideService(HttpClient.TracerPropagationEnabled, false))
        const headers = server.requests(baseUrl)[0]!.headers
        if (propagate) {
          assert.match(String(headers["traceparent"]), /^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/)
          assert.isDefined(headers["b3"])
        } else {
          assert.isUndefined(headers["traceparent"])
          assert.isUndefined(headers["b3"])
        }
      }))
  }
})
