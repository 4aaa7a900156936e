/**
 * What a call's cost depends on, as reported by one chunk or accumulated over a stream.
 *
 * These are the fields of Mirascope's `CostMetadata` that apply to streamed chat calls on OpenAI,
 * Anthropic, Groq, Azure and Bedrock, in camelCase, with token counts normalised as in `Usage`
 * (`inputTokens` includes cache reads and writes; `cachedTokens` and `cacheWriteTokens` are parts of it), and
 * the web searches a provider's own tool ran, which are billed per search.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Usage from "./Usage.js"

const TokenCount = Schema.optionalKey(Schema.Natural)

/**
 * @since 0.1.0
 * @category Models
 */
export class CostMetadata extends Schema.Class<CostMetadata>("effect-llm-stream/CostMetadata")({
  /** All input tokens, cache reads and writes included. */
  inputTokens: TokenCount,
  /** All output tokens, reasoning and audio included. */
  outputTokens: TokenCount,
  /** Input tokens read from the prompt cache (part of `inputTokens`). */
  cachedTokens: TokenCount,
  /** Input tokens written to the prompt cache (part of `inputTokens`). */
  cacheWriteTokens: TokenCount,
  /** Input tokens written to a one-hour cache (part of `cacheWriteTokens`). */
  cacheWrite1hTokens: TokenCount,
  /** Input tokens written to a 12-hour cache (part of `cacheWriteTokens`, the Responses API's). */
  cacheWrite12hTokens: TokenCount,
  /** Audio input tokens (part of `inputTokens`). */
  inputAudioTokens: TokenCount,
  /** Audio output tokens (part of `outputTokens`). */
  outputAudioTokens: TokenCount,
  /** Reasoning tokens (part of `outputTokens`). */
  reasoningTokens: TokenCount,
  /** Web searches the provider's server tool ran, billed per search (Anthropic's, the Responses API's `web_search`). */
  webSearchRequests: TokenCount,
  /** Calls of the provider's file search tool, billed per call (the Responses API's `file_search`). */
  fileSearchRequests: TokenCount,
  /**
   * Tokens the provider's image generation tool used (the Responses API's `tool_usage.image_gen`), billed at the
   * image model's rates: no table here prices them, so a call that used them has no computed cost.
   */
  imageGenerationTokens: TokenCount,
  /** Whether the streaming API was used (always `true` for this library's calls). */
  streamingMode: Schema.optionalKey(Schema.Boolean),
  /** Whether batch pricing applies. */
  batchMode: Schema.optionalKey(Schema.Boolean),
  /** The service tier the provider reports (`default`, `priority`, `flex`, `standard`, ...). */
  tier: Schema.optionalKey(Schema.String),
  /** The cloud region or inference geography, where it changes the price. */
  region: Schema.optionalKey(Schema.String),
  /** The speed the call ran at, where it changes the price (Anthropic's fast mode: `fast`). */
  speed: Schema.optionalKey(Schema.String),
  /** The cost in USD when the provider itself reports one. */
  cost: Schema.optionalKey(Schema.Number),
  /**
   * The tokens other models spent inside the call (`Usage.byModel`: Anthropic's advisor), not in the counts above:
   * `Cost.price` prices each at its model's rates.
   */
  byModel: Schema.optionalKey(Schema.Array(Usage.ModelUsage))
}) {}

/**
 * Extra, non-token facts a provider reports beside its usage.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Extras {
  readonly batchMode?: boolean | undefined
  readonly tier?: string | undefined
  readonly region?: string | undefined
  readonly speed?: string | undefined
  readonly cost?: number | undefined
}

/**
 * Builds the cost metadata of a streamed call from its normalised usage.
 *
 * @since 0.1.0
 * @category Constructors
 */
export const fromUsage = (usage: Usage.Usage | undefined, extras: Extras = {}): CostMetadata => {
  const fields: Record<string, unknown> = { streamingMode: true }
  if (usage !== undefined) {
    for (
      const name of [
        "inputTokens",
        "outputTokens",
        "cachedTokens",
        "cacheWriteTokens",
        "cacheWrite1hTokens",
        "cacheWrite12hTokens",
        "inputAudioTokens",
        "outputAudioTokens",
        "reasoningTokens",
        "webSearchRequests",
        "fileSearchRequests",
        "imageGenerationTokens",
        "byModel"
      ] as const
    ) {
      if (usage[name] !== undefined) fields[name] = usage[name]
    }
  }
  for (const name of ["batchMode", "tier", "region", "speed", "cost"] as const) {
    if (extras[name] !== undefined) fields[name] = extras[name]
  }
  return new CostMetadata(fields as ConstructorParameters<typeof CostMetadata>[0], { disableChecks: true })
}
