// A program that prices, imported from the root: the price table comes with it, loaded when the call is
// priced (BundlePricing.test.ts).
import { Effect, Layer, Redacted } from "effect"
import { CallStream, LanguageModel, OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

const apiKey = Redacted.make("browser-test-key")
const Model = OpenAI.model("gpt-4o-mini").pipe(
  Layer.provide(OpenAI.layer({ apiKey, baseUrl: globalThis.consumerBaseUrls.openai })),
  Layer.provide(FetchHttpClient.layer)
)

CallStream.accumulate(LanguageModel.stream("What is 4200 + 42?")).pipe(
  Effect.provide(Model),
  Effect.runPromise
).then(
  (response) =>
    globalThis.report({
      text: response.content,
      cost: response.cost._tag === "Some" ? String(response.cost.value) : "unknown"
    }),
  (error) => globalThis.report({ error: String(error) })
)
