// The browser-bundle size check's program with this library: an OpenAI-only streaming call, its text
// printed as it arrives (Package.test.ts bundles it, minified, beside stream-openai-plain.mjs).
import { Effect, Layer, Redacted, Stream } from "effect"
import { LanguageModel, OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

const apiKey = Redacted.make("browser-test-key")
const Model = OpenAI.model("gpt-4o-mini").pipe(
  Layer.provide(OpenAI.layer({ apiKey, baseUrl: globalThis.consumerBaseUrls.openai })),
  Layer.provide(FetchHttpClient.layer)
)

let text = ""
LanguageModel.stream("What is 4200 + 42?").pipe(
  Stream.runForEach((chunk) => Effect.sync(() => (text += chunk.content))),
  Effect.provide(Model),
  Effect.runPromise
).then(() => globalThis.report({ text }), (error) => globalThis.report({ error: String(error) }))
