/**
 * An OpenAI model priced by the bundled table (gpt-4o unless named: $2.50 per million input tokens, $10 per million
 * output) at a test's server, and the Chat Completions chunks such a server streams: for the tests of budgets and
 * spend limits, which read what each call cost.
 */
import { Layer, Redacted } from "effect"
import { OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

/** The model `name` (default gpt-4o) of the OpenAI API at `baseUrl`. */
export const model = (baseUrl: string, name = "gpt-4o") =>
  OpenAI.model(name).pipe(
    Layer.provide(OpenAI.layer({ apiKey: Redacted.make("k"), baseUrl })),
    Layer.provide(FetchHttpClient.layer)
  )

/** One streamed Chat Completions chunk of gpt-4o, its fields given. */
export const chunk = (fields: object) =>
  `data: ${
    JSON.stringify({ id: "c1", object: "chat.completion.chunk", created: 1, model: "gpt-4o-2024-08-06", ...fields })
  }\n\n`
