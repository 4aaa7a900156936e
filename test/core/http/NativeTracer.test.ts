/**
 * What a request is sent in under Effect's native tracer, which exports nothing: no span of the client's (trace
 * propagation off) and so no tracer of the library's own around it to take secrets out of span attributes, while
 * the credential headers stay redacted for whatever prints the request (a client's log). A start builds nothing a
 * span would need where no span is made.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream, Tracer } from "effect"
import { LanguageModel } from "effect-llm-stream"
import { Headers, HttpClient } from "effect/http"
import * as Fixtures from "../../../support/Fixtures.js"
import { fetchModel } from "../../support/FetchModel.js"

const text = Fixtures.bytes("openai", "text.sse")

interface Seen {
  readonly tracer: Tracer.Tracer
  readonly propagation: boolean
  readonly redacted: ReadonlyArray<string | RegExp>
}

/** A model whose client records the context each request is sent in, answering `text`. */
const recorded = () => {
  const seen: Array<Seen> = []
  const fetch = (async () =>
    new Response(new Uint8Array(text), {
      headers: { "content-type": "text/event-stream" }
    })) as typeof globalThis.fetch
  const recording = (client: HttpClient.HttpClient): HttpClient.HttpClient =>
    HttpClient.transform(client, (execute) =>
      Effect.withFiber((fiber) => {
        seen.push({
          tracer: fiber.getRef(Tracer.Tracer),
          propagation: !fiber.getRef(Tracer.DisablePropagation),
          redacted: fiber.getRef(Headers.CurrentRedactedNames)
        })
        return execute
      }))
  const layer = fetchModel(fetch, recording)
  return { seen, layer }
}

describe("a request under the native tracer", () => {
  it.effect("goes with the native tracer itself, no span propagated, its credentials redacted", () =>
    Effect.gen(function*() {
      const { layer, seen } = recorded()
      yield* LanguageModel.stream("hi").pipe(Stream.runDrain, Effect.provide(layer))
      assert.strictEqual(seen.length, 1)
      assert.strictEqual(seen[0]!.tracer, Tracer.nativeTracer)
      assert.isFalse(seen[0]!.propagation)
      assert.includeMembers([...seen[0]!.redacted], ["authorization", "x-api-key", "api-key"])
    }))
})
