/**
 * One model layer per provider over a base URL (a replay server's), with a real recording to answer with:
 * for tests that run the same check through every provider's public API.
 */
import { Layer, Redacted } from "effect"
import type { LanguageModel } from "effect-llm-stream"
import { Anthropic, Azure, Bedrock, Google, Groq, OpenAI } from "effect-llm-stream"
import type * as HttpClient from "effect/http/HttpClient"
import * as Fixtures from "../../support/Fixtures.js"

const key = Redacted.make("k")

export interface ProviderModel {
  readonly provider: "openai" | "anthropic" | "groq" | "azure" | "bedrock" | "google"
  readonly contentType: string
  /** A recorded response body of the provider. */
  readonly body: Uint8Array
  readonly model: (baseUrl: string) => Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient>
}

export const providerModels: ReadonlyArray<ProviderModel> = [
  {
    provider: "openai",
    contentType: "text/event-stream",
    body: Fixtures.bytes("openai", "text.sse"),
    model: (baseUrl) => OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey: key, baseUrl })))
  },
  {
    provider: "anthropic",
    contentType: "text/event-stream",
    body: Fixtures.bytes("anthropic", "text.sse"),
    model: (baseUrl) =>
      Anthropic.model("claude-sonnet-4-5").pipe(Layer.provide(Anthropic.layer({ apiKey: key, baseUrl })))
  },
  {
    provider: "groq",
    contentType: "text/event-stream",
    body: Fixtures.bytes("groq", "tool-call.sse"),
    model: (baseUrl) => Groq.model("llama-3.3-70b-versatile").pipe(Layer.provide(Groq.layer({ apiKey: key, baseUrl })))
  },
  {
    provider: "azure",
    contentType: "text/event-stream",
    body: Fixtures.bytes("azure", "text.sse"),
    model: (baseUrl) =>
      Azure.model("d").pipe(Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey: key })))
  },
  {
    provider: "bedrock",
    contentType: "application/vnd.amazon.eventstream",
    body: Fixtures.body("bedrock", "converse-text.eventstream.b64"),
    model: (baseUrl) =>
      Bedrock.model("us.amazon.nova-micro-v1:0").pipe(
        Layer.provide(Bedrock.layer({ region: "us-east-1", apiKey: key, baseUrl }))
      )
  },
  {
    provider: "google",
    contentType: "text/event-stream",
    body: Fixtures.bytes("google", "text.sse"),
    model: (baseUrl) => Google.model("gemini-3-pro-preview").pipe(Layer.provide(Google.layer({ apiKey: key, baseUrl })))
  }
]
