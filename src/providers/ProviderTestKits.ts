/**
 * Each provider's part of the test kit and of the scripted model, by provider: the tables `TestKit` and the
 * scripted model ask. Kept apart from the profiles and turn formats, so that a server never loads the test kits.
 *
 * @internal
 */
import type * as Provider from "../core/Provider.js"
import type * as ProviderTestKit from "../core/provider/ProviderTestKit.js"
import type * as ScriptedKit from "../core/provider/ScriptedKit.js"
import type * as AnthropicChunk from "./anthropic/AnthropicChunk.js"
import * as AnthropicScripted from "./anthropic/AnthropicScripted.js"
import * as AnthropicTestKit from "./anthropic/AnthropicTestKit.js"
import * as Azure from "./azure/Azure.js"
import * as AzureChunk from "./azure/AzureChunk.js"
import type * as BedrockChunk from "./bedrock/BedrockChunk.js"
import * as BedrockScripted from "./bedrock/BedrockScripted.js"
import * as BedrockTestKit from "./bedrock/BedrockTestKit.js"
import type * as GoogleChunk from "./google/GoogleChunk.js"
import * as GoogleScripted from "./google/GoogleScripted.js"
import * as GoogleTestKit from "./google/GoogleTestKit.js"
import * as GroqChunk from "./groq/GroqChunk.js"
import * as ChatScripted from "./openai-compatible/ChatScripted.js"
import * as ChatTestKit from "./openai-compatible/ChatTestKit.js"
import * as CompatibleChunk from "./openai-compatible/CompatibleChunk.js"
import * as CompatibleHosts from "./openai-compatible/CompatibleHosts.js"
import * as HostTestKit from "./openai-compatible/HostTestKit.js"
import * as ResponsesScripted from "./openai-responses/ResponsesScripted.js"
import * as ResponsesTestKit from "./openai-responses/ResponsesTestKit.js"
import type * as OpenAIChunk from "./openai/OpenAIChunk.js"
import * as OpenAITestKit from "./openai/OpenAITestKit.js"

/**
 * The chunk class of each provider: the chunk whose `provider` is always that provider (the Responses API's
 * chunks, whose `provider` is `"openai"` or `"azure"`, are not the test kit's).
 *
 * @since 0.1.0
 * @category Models
 */
export interface Chunks {
  readonly openai: OpenAIChunk.OpenAICallResponseChunk
  readonly anthropic: AnthropicChunk.AnthropicCallResponseChunk
  readonly groq: GroqChunk.GroqCallResponseChunk
  readonly azure: AzureChunk.AzureCallResponseChunk
  readonly bedrock: BedrockChunk.BedrockCallResponseChunk
  readonly google: GoogleChunk.GoogleCallResponseChunk
  readonly "google-vertex": GoogleChunk.GoogleCallResponseChunk
}

/** Groq's, made from its row, with its own chunk class. */
const groqTestKit = HostTestKit.of(CompatibleHosts.presets.groq, GroqChunk.decodeChunk)

/** Azure's, made from its row, with its own chunk class; its wire a deployment, priced by its `baseModel`. */
const azureTestKit: ProviderTestKit.ProviderTestKit = {
  ...HostTestKit.of(CompatibleHosts.presets.azure, (json) => AzureChunk.decodeChunk(json, {})),
  wire: ChatTestKit.wire("gpt-4o-mini", (baseUrl) => Azure.make({ endpoint: baseUrl, api: "deployments" }), true)
}

/** Each provider's part of the test kit: its generated streams and its wire. */
export const testKits: Readonly<Record<Provider.Provider, ProviderTestKit.ProviderTestKit>> = {
  openai: OpenAITestKit.testKit,
  anthropic: AnthropicTestKit.testKit,
  groq: groqTestKit,
  azure: azureTestKit,
  bedrock: BedrockTestKit.testKit,
  google: GoogleTestKit.testKit,
  "google-vertex": GoogleTestKit.vertexTestKit
}

/**
 * The APIs the scripted model answers in: each provider's, `"openai-responses"` (OpenAI's Responses API), and each
 * OpenAI-compatible host the library knows, by name (`"deepseek"`, `"openrouter"`, `"ollama"`, ...).
 *
 * @since 0.4.0
 * @category Scripted
 */
export type ScriptedFormat = Provider.Provider | "openai-responses" | CompatibleHosts.Preset

/** How a Chat Completions host (OpenAI, Groq, Azure, any compatible host) is read, errs and is cut. */
const chatScripted = { read: ChatScripted.read, error: ChatScripted.error, cut: ChatScripted.cut }

/**
 * Each API's part of the scripted model: how it reads a request, writes an error, and cuts a stream. Plain
 * property reads (no spread of a module), so that a bundle that never uses the table drops it.
 */
export const scriptedKits: Readonly<Record<Provider.Provider | "openai-responses", ScriptedKit.ScriptedKit>> = {
  openai: {
    provider: "openai",
    testKit: OpenAITestKit.testKit,
    ...chatScripted
  },
  "openai-responses": {
    provider: "openai",
    testKit: ResponsesTestKit.testKit,
    read: ResponsesScripted.read,
    error: ResponsesScripted.error,
    cut: ResponsesScripted.cut
  },
  anthropic: {
    provider: "anthropic",
    testKit: AnthropicTestKit.testKit,
    read: AnthropicScripted.read,
    error: AnthropicScripted.error,
    cut: AnthropicScripted.cut,
    addedInputTokens: AnthropicScripted.addedInputTokens
  },
  groq: {
    provider: "groq",
    testKit: groqTestKit,
    ...chatScripted
  },
  azure: {
    provider: "azure",
    testKit: azureTestKit,
    ...chatScripted
  },
  bedrock: {
    provider: "bedrock",
    testKit: BedrockTestKit.testKit,
    read: BedrockScripted.read,
    error: BedrockScripted.error,
    cut: BedrockScripted.cut
  },
  google: {
    provider: "google",
    testKit: GoogleTestKit.testKit,
    read: GoogleScripted.read,
    error: GoogleScripted.error,
    cut: GoogleScripted.cut
  },
  "google-vertex": {
    provider: "google-vertex",
    testKit: GoogleTestKit.vertexTestKit,
    read: GoogleScripted.read,
    error: GoogleScripted.error,
    cut: GoogleScripted.cut
  }
}

/** The compatible hosts the scripted model and the replay serve by name: the presets, one row each. */
export const hosts = CompatibleHosts.presets

/** Whether `name` is an API the scripted model answers in. */
export const isScripted = (name: string): name is ScriptedFormat =>
  Object.hasOwn(scriptedKits, name) || Object.hasOwn(CompatibleHosts.presets, name)

/** The scripted model's kit of `format`: a provider's, or a compatible host's made from its row. */
export const scriptedKitOf = (format: ScriptedFormat): ScriptedKit.ScriptedKit => {
  if (Object.hasOwn(scriptedKits, format)) return scriptedKits[format as keyof typeof scriptedKits]
  const host = CompatibleHosts.presets[format as CompatibleHosts.Preset]
  return {
    provider: host.name,
    testKit: HostTestKit.of(host, CompatibleChunk.decodeChunk(host.name)),
    ...chatScripted
  }
}

/** What each provider's entry in `table` says, by provider, in the table's order. */
export const each = <A, B>(
  table: Readonly<Record<Provider.Provider, A>>,
  read: (entry: A) => B
): Readonly<Record<Provider.Provider, B>> => {
  const entries = Object.entries(table).map(([provider, entry]) => [provider, read(entry)] as const)
  return Object.fromEntries(entries) as Record<Provider.Provider, B>
}
