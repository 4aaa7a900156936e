// A program that streams text and never prices, imported from the root as the README writes it: the price
// table must not be in its bundle (BundlePricing.test.ts).
import { Effect, Layer, Redacted, Stream } from "effect"
import { CallStream, LanguageModel, OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

const apiKey = Redacted.make("browser-test-key")
const Model = OpenAI.model("gpt-4o-mini").pipe(
  Layer.provide(OpenAI.layer({ apiKey, baseUrl: globalThis.consumerBaseUrls.openai })),
  Layer.provide(FetchHttpClient.layer)
)

let text = ""
LanguageModel.stream("What is 4200 + 42?").pipe(
  CallStream.text,
  Stream.runForEach((piece) => Effect.sync(() => (text += piece))),
  Effect.provide(Model),
  Effect.runPromise
).then(() => globalThis.report({ text }), (error) => globalThis.report({ error: String(error) }))
