/**
 * A Responses API message's citations (`response.output_text.annotation.added`, openai-node 7.57's
 * `ResponseOutputTextAnnotationAddedEvent`) reach the browser: each `url_citation` a `source-url` part with its title,
 * once per URL, read from recorded streams (a web search's, a file search's).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { LanguageModel, OpenAIResponses, UIMessageStream } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { readResponse } from "../../support/UIClient.js"

const served = (name: string) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ body: Fixtures.bytes("openai-responses", `${name}.sse`) })
    const response = yield* LanguageModel.stream("What was Bitcoin's price in January 2026?").pipe(
      UIMessageStream.fromStream(),
      UIMessageStream.toResponse(),
      Effect.provide(
        OpenAIResponses.model("gpt-4o").pipe(
          Layer.provide(OpenAIResponses.layer({ apiKey: Redacted.make("sk-test-0123456789"), baseUrl })),
          Layer.provide(clients[0]![1])
        )
      )
    )
    return (yield* Effect.promise(() => readResponse(response))).chunks as ReadonlyArray<any>
  })

describe("Responses API citations", () => {
  it.effect("a web search's url_citation annotations are source-url parts, in order, with their titles", () =>
    Effect.gen(function*() {
      const chunks = yield* served("web-search")
      const sources = chunks.filter((chunk) => chunk.type === "source-url")
      assert.deepStrictEqual(sources.map((chunk) => [chunk.url, chunk.title]), [
        [
          "https://www.statmuse.com/money/ask/bitcoin-price-history-janurary-2026?utm_source=openai",
          "Bitcoin Price History Janurary 2026 | StatMuse Money"
        ],
        [
          "https://www.exchange-rates.org/exchange-rate-history/btc-usd-2026?utm_source=openai",
          "BTC to USD Exchange Rate History for 2026"
        ],
        [
          "https://au.finance.yahoo.com/quote/BTC-USD/history/?utm_source=openai",
          "Bitcoin USD (BTC-USD) price history and historical data – Yahoo Finance"
        ]
      ])
      // The sources come with the text they cite, and the answer ends as it did.
      assert.isAbove(
        chunks.findIndex((chunk) => chunk.type === "source-url"),
        chunks.findIndex((chunk) => chunk.type === "text-delta")
      )
      assert.strictEqual(chunks.at(-1)?.type, "finish")
    }).pipe(Effect.scoped))

  it.effect("a file search's file_citation (no URL) is no source, and the answer is whole", () =>
    Effect.gen(function*() {
      const chunks = yield* served("file-search")
      assert.isFalse(chunks.some((chunk) => chunk.type === "source-url"))
      assert.isFalse(chunks.some((chunk) => chunk.type === "error"))
      assert.strictEqual(chunks.at(-1)?.type, "finish")
    }).pipe(Effect.scoped))
})
