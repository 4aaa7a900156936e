/**
 * The library's body readers (src/core/http/Body.ts for fetch's web body, src/core/http/NodeBody.ts for node:http's
 * and undici's), over a real loopback server: what arrived before the connection broke reaches a consumer slower
 * than the network, and then the failure (a web body drops what it holds when it fails, a Node body does not: the
 * reader keeps it); a Node body's pull takes everything already received (a web body's: test/core/framing/Body.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Stream } from "effect"
import { LanguageModel, OpenAI, ProviderError } from "effect-llm-stream"
import * as Http from "node:http"
import { clients } from "../../../support/Clients.js"
import { collect, failureOf } from "../../support/Collect.js"
import { listen } from "../../support/Listen.js"

const head = `"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini"`
const delta = (text: string) =>
  `data: {${head},"choices":[{"index":0,"delta":{"content":"${text}"},"finish_reason":null}]}\n\n`

/** A loopback model that writes `pieces` (a write each, `gap` ms apart), then breaks the connection. */
const cutAfter = (pieces: ReadonlyArray<string>, gap: number) =>
  listen(Http.createServer((request, response) => {
    request.resume()
    request.on("end", () => {
      response.writeHead(200, { "content-type": "text/event-stream" })
      pieces.forEach((piece, index) => setTimeout(() => response.write(piece), gap * index))
      setTimeout(() => response.socket?.destroy(), gap * pieces.length + 20)
    })
  })).pipe(Effect.map((url) => ({ baseUrl: `${url}/v1` })))

const model = (baseUrl: string, client: (typeof clients)[number][1]) =>
  OpenAI.model("gpt-4o-mini").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-test"), baseUrl })),
    Layer.provide(client)
  )

describe.each(clients)("a body, through %s", (_, client) => {
  it.live("a consumer slower than the network gets every delta that arrived before the connection broke, then the failure", () =>
    Effect.gen(function*() {
      const { baseUrl } = yield* cutAfter([delta("w0 "), delta("w1 "), delta("w2 ")], 5)
      // The first chunk takes the consumer 200 ms: the rest arrives, then the break, while it is busy.
      let first = true
      const { chunks, result } = yield* collect(
        LanguageModel.stream("Hi").pipe(
          Stream.tap(() =>
            first ? Effect.sleep("200 millis").pipe(Effect.ensuring(Effect.sync(() => first = false))) : Effect.void
          )
        )
      ).pipe(Effect.provide(model(baseUrl, client)))
      assert.strictEqual(chunks.map((chunk) => chunk.content).join(""), "w0 w1 w2 ")
      assert.instanceOf(failureOf(result), ProviderError.TransportError)
    }))
})

describe.each(clients.filter(([name]) => name !== "fetch"))("a Node body, through %s", (_, client) => {
  it.live("a pull takes every piece already received, not one piece", () =>
    Effect.gen(function*() {
      const words = Array.from({ length: 50 }, (_, index) => delta(`w${index} `))
      const { baseUrl } = yield* cutAfter(words, 0)
      // Fifty writes at once, read after the consumer's first wait: a handful of pulls, not fifty.
      let pulls = 0
      let first = true
      const { chunks } = yield* collect(
        LanguageModel.stream("Hi").pipe(
          Stream.mapArray((batch) => {
            pulls++
            return batch
          }),
          Stream.tap(() =>
            first ? Effect.sleep("100 millis").pipe(Effect.ensuring(Effect.sync(() => first = false))) : Effect.void
          )
        )
      ).pipe(Effect.provide(model(baseUrl, client)))
      assert.strictEqual(chunks.length, 50)
      assert.isAtMost(pulls, 5)
    }))
})
