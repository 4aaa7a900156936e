/**
 * The recordings the `effect/ai` adapter's tests replay, per provider: how each is served, the model
 * layer that calls it (the same as every provider test's, from `Providers.ts`), and what the independent
 * parsers of `test/fixtures/<provider>/*.expected.json` found in it.
 */
import { Layer } from "effect"
import type { Provider } from "effect-llm-stream"
import * as AiLanguageModel from "effect-llm-stream/AiLanguageModel"
import { ReplayServer } from "effect-llm-stream/testing"
import type { LanguageModel as AiModel } from "effect/ai"
import type * as HttpClient from "effect/http/HttpClient"
import * as Fixtures from "../../support/Fixtures.js"
import { providerModels } from "./Providers.js"

export type ProviderName = Provider.Provider

const contentTypes: Record<ProviderName, string> = {
  openai: "text/event-stream",
  anthropic: "text/event-stream",
  groq: "text/event-stream",
  azure: "text/event-stream",
  bedrock: "application/vnd.amazon.eventstream",
  google: "text/event-stream",
  "google-vertex": "text/event-stream"
}

const fileOf = (provider: ProviderName, name: string): string =>
  provider === "bedrock" ? `${name}.eventstream.b64` : `${name}.sse`

/** A recorded body, as the provider sent it. */
export const body = (provider: ProviderName, name: string): Uint8Array =>
  Fixtures.body(provider, fileOf(provider, name))

/**
 * A recorded body served in random pieces (a different cut per seed): up to 97 bytes each, or about 1/64th
 * of a large body (Groq's 180 KB text recording), so that every test stays fast.
 */
export const scenario = (provider: ProviderName, name: string, seed = 7): ReplayServer.Scenario => {
  const bytes = body(provider, name)
  return {
    headers: { "content-type": contentTypes[provider] },
    body: bytes,
    cuts: ReplayServer.randomCuts(bytes.length, seed, Math.max(97, Math.ceil(bytes.length / 64)))
  }
}

/** A body (any bytes) served as the provider's stream content type. */
export const bodyScenario = (provider: ProviderName, bytes: Uint8Array | string): ReplayServer.Scenario => ({
  headers: { "content-type": contentTypes[provider] },
  body: bytes
})

/** This library's `LanguageModel` of a provider, calling `baseUrl`. */
export const ourModel = (provider: ProviderName) => providerModels.find((entry) => entry.provider === provider)!.model

/** `effect/ai`'s `LanguageModel`, served by this library's model of `provider` at `baseUrl`. */
export const aiModel = (
  provider: ProviderName,
  baseUrl: string,
  client: Layer.Layer<HttpClient.HttpClient>
): Layer.Layer<AiModel.LanguageModel> =>
  AiLanguageModel.layer.pipe(Layer.provide(ourModel(provider)(baseUrl)), Layer.provide(client))

/** The text of a recording, as its `.expected.json` has it (the first choice's, for Chat Completions). */
export const expectedText = (provider: ProviderName, name: string): string => {
  const expected = Fixtures.json(provider, `${name}.expected.json`)
  return provider === "anthropic" || provider === "bedrock" || provider === "google"
    ? expected.text
    : expected.choices["0"].content
}

/** The text recording of each provider. */
export const textRecordings: Readonly<Record<ProviderName, string>> = {
  openai: "text",
  anthropic: "text",
  groq: "text",
  azure: "text",
  bedrock: "converse-text",
  google: "text",
  "google-vertex": "text"
}
