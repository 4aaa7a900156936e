/**
 * The `gen_ai.provider.name` of a provider, as the OpenTelemetry GenAI conventions' registry spells its well-known
 * values (open-telemetry/semantic-conventions v1.44.0, model/gen-ai/registry.yaml): the one name every span and
 * metric of a call, a tool loop included, gives its provider.
 *
 * @internal
 */
import type * as CallResponseChunk from "../call/CallResponseChunk.js"

/** The conventions' name of each provider. */
export const names: Readonly<Record<CallResponseChunk.Provider, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  groq: "groq",
  azure: "azure.ai.openai",
  bedrock: "aws.bedrock",
  google: "gcp.gemini",
  "google-vertex": "gcp.vertex_ai"
}

/** The OpenAI-compatible hosts the conventions name otherwise than the library (`CompatibleHosts`). */
const hostNames: Readonly<Record<string, string>> = { xai: "x_ai", mistral: "mistral_ai" }

/**
 * The `gen_ai.provider.name` of `provider`: its conventional name, or an OpenAI-compatible host's (its own name when
 * the conventions have none for it).
 */
export const of = (provider: string): string =>
  Object.hasOwn(names, provider)
    ? names[provider as CallResponseChunk.Provider]
    : Object.hasOwn(hostNames, provider)
    ? hostNames[provider]!
    : provider
