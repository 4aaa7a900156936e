// stream-openai.mjs with each module imported by its own entry point (`effect-llm-stream/LanguageModel`, ...)
// rather than from the root: Package.test.ts bundles both, since esbuild keeps every export of a namespace
// imported from the root (see docs/browser.md, "What a bundle carries").
import { Effect, Layer, Redacted, Stream } from "effect"
import * as LanguageModel from "effect-llm-stream/LanguageModel"
import * as OpenAI from "effect-llm-stream/OpenAI"
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
