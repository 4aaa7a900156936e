/**
 * An OpenAI model whose requests a `fetch` in the test answers: through `FetchHttpClient`, the fetch also in the
 * call's context, where the library reads it as it sends (`FetchGuard`).
 */
import { Layer, Redacted } from "effect"
import { OpenAI } from "effect-llm-stream"
import { FetchHttpClient, type HttpClient } from "effect/http"

/** The model's layer, its client `fetch` (adjusted by `transformClient`, when given). */
export const fetchModel = (
  fetch: typeof globalThis.fetch,
  transformClient?: (client: HttpClient.HttpClient) => HttpClient.HttpClient
) => {
  const client = Layer.merge(FetchHttpClient.layer, Layer.succeed(FetchHttpClient.Fetch)(fetch))
  return OpenAI.model("gpt-4o").pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("sk-x"), baseUrl: "http://127.0.0.1:9/v1", transformClient })),
    Layer.provide(client),
    Layer.merge(client)
  )
}
