// The consumer test's program, written as a user writes it against the published package: one call per
// provider through the generic LanguageModel, each against a base URL the caller serves. test/package/Package.test.ts
// runs it from the packed package (plain node, and an esbuild browser bundle) and from the sources.
import { Effect, Layer, Option, Redacted } from "effect"
import { Anthropic, Azure, Bedrock, CallStream, Cost, Groq, LanguageModel, OpenAI } from "effect-llm-stream"
import { FetchHttpClient } from "effect/http"

const apiKey = Redacted.make("consumer-test-key")

/** The model layer of each provider, against a base URL. */
const models = {
  openai: (baseUrl) => OpenAI.model("gpt-4o").pipe(Layer.provide(OpenAI.layer({ apiKey, baseUrl }))),
  anthropic: (baseUrl) =>
    Anthropic.model("claude-sonnet-4-0").pipe(Layer.provide(Anthropic.layer({ apiKey, baseUrl }))),
  groq: (baseUrl) => Groq.model("llama-3.3-70b-versatile").pipe(Layer.provide(Groq.layer({ apiKey, baseUrl }))),
  azure: (baseUrl) =>
    Azure.model("my-deployment", { baseModel: "gpt-5-mini-2025-08-07" }).pipe(
      Layer.provide(Azure.layer({ endpoint: baseUrl, api: "deployments", apiKey }))
    ),
  // SigV4 signing (Web Crypto) rather than a bearer key, so the bundle exercises it too.
  bedrock: (baseUrl) =>
    Bedrock.model("amazon.nova-micro-v1:0").pipe(
      Layer.provide(Bedrock.layer({
        region: "us-east-1",
        baseUrl,
        credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: Redacted.make("consumer-test-secret") }
      }))
    )
}

/** The content type each provider streams with. */
export const contentTypes = {
  openai: "text/event-stream",
  anthropic: "text/event-stream",
  groq: "text/event-stream",
  azure: "text/event-stream",
  bedrock: "application/vnd.amazon.eventstream"
}

/** One call per provider: its text, finish reasons, usage and cost (as a price), in provider order. */
export const run = (baseUrls) =>
  Effect.forEach(Object.keys(contentTypes), (provider) =>
    CallStream.accumulate(LanguageModel.stream("Recommend a fantasy book")).pipe(
      Effect.map((response) => ({
        provider,
        text: response.content,
        finishReasons: response.commonFinishReasons,
        inputTokens: response.usage.inputTokens ?? null,
        outputTokens: response.usage.outputTokens ?? null,
        cost: Option.match(response.cost, { onNone: () => null, onSome: Cost.format })
      })),
      Effect.provide(models[provider](baseUrls[provider]).pipe(Layer.provide(FetchHttpClient.layer)))
    ))
