/**
 * The pages a Gemini answer cites reach the browser as `source-url` parts: each citation of a candidate's
 * `citationMetadata` (`@google/genai` 3.3's `Citation`: `uri`, `title`, ...; Vertex AI sends `citations`, the Gemini
 * API `citationSources`, which the SDK's `citationMetadataFromMldev` renames) and each web page of its grounding
 * (`groundingMetadata.groundingChunks[].web`, `GroundingChunkWeb`: `uri`, `title`), each URL once in the UI stream. A
 * recorded Google Search answer (test/fixtures/google/web-search-grounding.sse) and written events with citations.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { CallResponse, Google, LanguageModel } from "effect-llm-stream"
import { ReplayServer } from "effect-llm-stream/testing"
import { clients } from "../../../support/Clients.js"
import * as Fixtures from "../../../support/Fixtures.js"
import { collect } from "../../support/Collect.js"
import { readServed } from "../../support/UIClient.js"

const sse = { "content-type": "text/event-stream" }

const model = (baseUrl: string) =>
  Google.model("gemini-2.5-flash").pipe(
    Layer.provide(Google.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(clients[0]![1])
  )

const event = (candidate: Record<string, unknown>) =>
  `data: ${
    JSON.stringify({
      candidates: [{ index: 0, ...candidate }],
      usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 30, totalTokenCount: 38 },
      modelVersion: "gemini-2.5-flash",
      responseId: "sources-test"
    })
  }\r\n\r\n`

const text = (value: string) => ({ content: { role: "model", parts: [{ text: value }] } })

const paris = "https://en.wikipedia.org/wiki/Paris"
const tower = "https://www.toureiffel.paris/en"
const louvre = "https://www.louvre.fr/en"

/**
 * Citations in the Gemini API's form (`citationSources`, no titles) and Vertex AI's (`citations`), one URL cited in
 * two events and again by the grounding, and the grounding on a last event without parts.
 */
const cited = [
  event({
    ...text("Paris is the capital of France."),
    citationMetadata: { citationSources: [{ startIndex: 0, endIndex: 31, uri: paris, license: "" }] }
  }),
  event({
    ...text(" Its tower is 330 m tall."),
    citationMetadata: {
      citationSources: [{ startIndex: 0, endIndex: 31, uri: paris }],
      citations: [{ startIndex: 32, endIndex: 57, uri: tower, title: "Eiffel Tower" }]
    }
  }),
  event({
    finishReason: "STOP",
    groundingMetadata: {
      webSearchQueries: ["paris"],
      groundingChunks: [
        { web: { uri: paris, title: "Paris - Wikipedia" } },
        { web: { uri: louvre, title: "louvre.fr" } },
        { web: { uri: louvre, title: "louvre.fr" } },
        { retrievedContext: { text: "a file's passage", fileSearchStore: "fileSearchStores/s" } }
      ]
    }
  })
].join("")

const servedUI = (body: string | Uint8Array) =>
  Effect.gen(function*() {
    const server = yield* ReplayServer.make
    const baseUrl = server.serve({ headers: sse, body })
    return yield* readServed(LanguageModel.stream("hi")).pipe(Effect.provide(model(baseUrl)))
  })

const sourcesOf = (chunks: ReadonlyArray<any>) =>
  chunks.filter((chunk) => chunk.type === "source-url").map((chunk) => [chunk.url, chunk.title])

describe("Gemini's citations and grounding in the UI message stream", () => {
  it.effect("a Google Search answer: each grounding page a source-url, with its title, in order", () =>
    Effect.gen(function*() {
      const body = Fixtures.bytes("google", "web-search-grounding.sse")
      const { chunks, errors, message } = yield* servedUI(body)
      assert.deepStrictEqual(errors, [])
      const sources = sourcesOf(chunks)
      assert.deepStrictEqual(sources.map(([, title]) => title), [
        "Weather information for San Francisco, CA, US",
        "timeanddate.com",
        "weather.gov",
        "wunderground.com",
        "accuweather.com"
      ])
      assert.strictEqual(sources[0]![0], "https://www.google.com/search?q=weather+in+San Francisco, CA,+US")
      assert.isTrue(sources.slice(1).every(([url]) => url.startsWith("https://vertexaisearch.cloud.google.com/")))
      assert.strictEqual(message!.parts.filter((part) => part.type === "source-url").length, 5)
      assert.strictEqual(chunks.at(-1)?.type, "finish")
    }).pipe(Effect.scoped))

  it.effect("citations (both forms) and grounding: one source-url per URL, the first title given", () =>
    Effect.gen(function*() {
      const { chunks, errors } = yield* servedUI(cited)
      assert.deepStrictEqual(errors, [])
      assert.deepStrictEqual(sourcesOf(chunks), [[paris, undefined], [tower, "Eiffel Tower"], [louvre, "louvre.fr"]])
      assert.strictEqual(chunks.at(-1)?.type, "finish")
    }).pipe(Effect.scoped))
})

describe("Gemini's citations as events", () => {
  it.effect("one Citation per page an event names, each URL once in it, the entry kept as sent", () =>
    Effect.gen(function*() {
      const server = yield* ReplayServer.make
      const baseUrl = server.serve({ headers: sse, body: cited })
      const { chunks, result } = yield* collect(LanguageModel.stream("hi")).pipe(Effect.provide(model(baseUrl)))
      assert.strictEqual(result._tag, "Success")
      const citations = (chunks as ReadonlyArray<Google.GoogleCallResponseChunk>).flatMap((chunk) =>
        chunk.events.flatMap((update: any) =>
          update._tag === "BlockUpdate" && update.update._tag === "Citation" ? [update.update] : []
        )
      )
      const parisCited = { startIndex: 0, endIndex: 31, uri: paris }
      // Each event's pages once; a page an earlier event cited is cited again (the UI stream shows it once, above).
      assert.deepStrictEqual(citations, [
        { _tag: "Citation", index: 0, citation: { url: paris, citation: { ...parisCited, license: "" } } },
        {
          _tag: "Citation",
          index: 0,
          citation: {
            url: tower,
            title: "Eiffel Tower",
            citation: { startIndex: 32, endIndex: 57, uri: tower, title: "Eiffel Tower" }
          }
        },
        { _tag: "Citation", index: 0, citation: { url: paris, citation: parisCited } },
        {
          _tag: "Citation",
          index: 0,
          citation: {
            url: paris,
            title: "Paris - Wikipedia",
            groundingChunk: { web: { uri: paris, title: "Paris - Wikipedia" } }
          }
        },
        {
          _tag: "Citation",
          index: 0,
          citation: { url: louvre, title: "louvre.fr", groundingChunk: { web: { uri: louvre, title: "louvre.fr" } } }
        }
      ])
      // The grounding is still the search's result.
      const response = chunks.reduce(CallResponse.append, CallResponse.empty)
      assert.deepStrictEqual(response.serverToolResults.map((toolResult) => toolResult.type), ["groundingMetadata"])
      assert.strictEqual(response.content, "Paris is the capital of France. Its tower is 330 m tall.")
    }).pipe(Effect.scoped))
})
