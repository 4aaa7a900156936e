// The types of streams.mjs, for the repository's own test that runs it from the sources.
import type { Effect } from "effect"
import type { ProviderError } from "effect-llm-stream"

export type Provider = "openai" | "anthropic" | "groq" | "azure" | "bedrock"

export interface CallSummary {
  readonly provider: Provider
  readonly text: string
  readonly finishReasons: ReadonlyArray<string>
  readonly inputTokens: number | null
  readonly outputTokens: number | null
  readonly cost: string | null
}

export declare const contentTypes: Readonly<Record<Provider, string>>

export declare const run: (
  baseUrls: Readonly<Record<string, string>>
) => Effect.Effect<ReadonlyArray<CallSummary>, ProviderError.ProviderError>
