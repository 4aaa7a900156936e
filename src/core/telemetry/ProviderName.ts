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

/**
 * The `gen_ai.provider.name` of `provider`: the one its layer names (`telemetryName`: an OpenAI-compatible host's row,
 * an Azure API's), else its conventional name, else its own name (a host the conventions do not name).
 */
export const of = (provider: string, telemetryName?: string | undefined): string =>
  telemetryName ?? (Object.hasOwn(names, provider) ? names[provider as CallResponseChunk.Provider] : provider)
