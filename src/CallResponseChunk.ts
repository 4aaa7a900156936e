/**
 * The common face of every provider's streamed chunk.
 *
 * Each provider module defines its own chunk class (`OpenAI.OpenAICallResponseChunk`, ...) that wraps
 * the raw provider payload and exposes these accessors, so provider-agnostic code never needs a type
 * switch; the raw payload stays available in `chunk`.
 *
 * @since 0.1.0
 */
import type * as Anthropic from "./Anthropic.js"
import type * as Azure from "./Azure.js"
import type * as Bedrock from "./Bedrock.js"
import type * as CostMetadata from "./CostMetadata.js"
import type * as FinishReason from "./FinishReason.js"
import type * as Groq from "./Groq.js"
import type * as OpenAI from "./OpenAI.js"
import type * as Tool from "./Tool.js"
import type * as Usage from "./Usage.js"

/**
 * @since 0.1.0
 * @category Models
 */
export type Provider = "openai" | "anthropic" | "groq" | "azure" | "bedrock"

/**
 * The accessors every chunk class has.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Common {
  readonly provider: Provider
  /** The raw provider payload this chunk was decoded from. */
  readonly chunk: unknown
  /** Text generated in this chunk (the first choice's, for OpenAI-style `n > 1`); `""` when none. */
  readonly content: string
  /** The provider's raw finish reasons reported in this chunk; empty when none. */
  readonly finishReasons: ReadonlyArray<string>
  /** `finishReasons` mapped to the common set. */
  readonly commonFinishReasons: ReadonlyArray<FinishReason.FinishReason>
  /** The model that produced the response, when this chunk names it. */
  readonly model: string | undefined
  /**
   * The model name prices are looked up by: `model`, except for an Azure deployment configured with a
   * `baseModel`, and Bedrock's requested model id.
   */
  readonly pricingModel: string | undefined
  /** The response id, when this chunk carries it. */
  readonly id: string | undefined
  /** The provider's raw usage object, when this chunk carries one. */
  readonly usage: unknown
  /** Normalised usage reported by this chunk (see `Usage`), or `undefined` when it reports none. */
  readonly commonUsage: Usage.Usage | undefined
  /** All input tokens (cache reads and writes included), when this chunk reports usage. */
  readonly inputTokens: number | undefined
  /** Input tokens read from the prompt cache, when reported. */
  readonly cachedTokens: number | undefined
  /** All output tokens, when reported. */
  readonly outputTokens: number | undefined
  /** What the call's cost depends on, as far as this chunk reports it. */
  readonly costMetadata: CostMetadata.CostMetadata
  /** Tool-call fragments carried by this chunk. */
  readonly toolCallDeltas: ReadonlyArray<Tool.ToolCallDelta>
  /**
   * The tool calls this chunk completes, as key prefixes: a call is complete when its key equals a prefix
   * or starts with the prefix and `:`; `""` completes every call (the message finished).
   */
  readonly toolCallsEnded: ReadonlyArray<string>
}

/**
 * Any provider's chunk.
 *
 * @since 0.1.0
 * @category Models
 */
export type CallResponseChunk =
  | OpenAI.OpenAICallResponseChunk
  | Anthropic.AnthropicCallResponseChunk
  | Groq.GroqCallResponseChunk
  | Azure.AzureCallResponseChunk
  | Bedrock.BedrockCallResponseChunk
