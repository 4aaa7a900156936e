/**
 * A call's start reads the two headers it needs (the content type, the content encoding) from the web response by
 * name: Effect's `response.headers` copies every header, in sorted order under fetch, each time it is read, and a
 * burst of new answers waits on every start's allocations.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { CallStream, LanguageModel, ProviderError } from "effect-llm-stream"
import * as Fixtures from "../../../support/Fixtures.js"
import { fetchModel } from "../../support/FetchModel.js"

const text = Fixtures.bytes("openai", "text.sse")

/** A model over a fetch answering `text` with `headers`, and how often the response's headers were iterated. */
const counted = (headers: Record<string, string>) => {
  const copies = { count: 0 }
  class Counting extends Headers {
    override *[Symbol.iterator](): HeadersIterator<[string, string]> {
      copies.count++
      yield* super[Symbol.iterator]()
    }
  }
  const fetch = (async () => {
    const response = new Response(new Uint8Array(text), { headers })
    Object.defineProperty(response, "headers", { value: new Counting(headers) })
    return response
  }) as typeof globalThis.fetch
  const layer = fetchModel(fetch)
  return { copies, layer }
}

describe("a response's headers", () => {
  it.effect("a stream's start reads them by name, never copying them all", () =>
    Effect.gen(function*() {
      const { copies, layer } = counted({ "content-type": "text/event-stream", "x-request-id": "req_1" })
      const response = yield* CallStream.accumulate(LanguageModel.stream("hi")).pipe(Effect.provide(layer))
      assert.isAbove(response.content.length, 0)
      assert.strictEqual(copies.count, 0)
    }))

  it.effect("the content type read by name still turns a document away", () =>
    Effect.gen(function*() {
      const { layer } = counted({ "content-type": "Application/JSON; charset=utf-8" })
      const error = yield* LanguageModel.stream("hi").pipe(Stream.runDrain, Effect.provide(layer), Effect.flip)
      assert.instanceOf(error, ProviderError.MalformedPayloadError)
      assert.include(error.message, "expected an event stream (text/event-stream)")
    }))
})
