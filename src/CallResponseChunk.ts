/**
 * The common face of every provider's streamed chunk.
 *
 * Each provider module defines its own chunk class (`OpenAI.OpenAICallResponseChunk`, ...) that wraps
 * the raw provider payload and exposes these accessors, so provider-agnostic code never needs a type
 * switch; the raw payload stays available in `chunk`.
 *
 * @since 0.1.0
 */
import type * as AnthropicChunk from "./internal/anthropic/AnthropicChunk.js"
import type * as AzureChunk from "./internal/azure/AzureChunk.js"
import type * as BedrockChunk from "./internal/bedrock/BedrockChunk.js"
import type * as ChunkCommon from "./internal/fold/ChunkCommon.js"
import type * as GoogleChunk from "./internal/google/GoogleChunk.js"
import type * as GroqChunk from "./internal/groq/GroqChunk.js"
import type * as OpenAIChunk from "./internal/openai/OpenAIChunk.js"
import type * as ResponsesChunk from "./internal/responses/ResponsesChunk.js"
import type * as Provider_ from "./Provider.js"

/**
 * @since 0.1.0
 * @category Models
 */
export type Provider = Provider_.Provider

/**
 * The accessors every chunk class has: `chunk` (the provider's whole payload), `content`, `reasoning`, `refusal`,
 * `finishReasons`, `commonFinishReasons`, `model`, `pricingModel`, `id`, `usage`, `commonUsage`,
 * `inputTokens`, `cachedTokens`, `outputTokens`, `costMetadata`, the tool calls the program answers
 * (`toolCallDeltas`, `toolCallsEnded`), the ones the provider runs itself (`serverToolCallDeltas`,
 * `serverToolResults`) and `contentBlockUpdate`.
 *
 * @since 0.1.0
 * @category Models
 */
export interface Common extends ChunkCommon.Common {}

/**
 * Any provider's chunk.
 *
 * @since 0.1.0
 * @category Models
 */
export type CallResponseChunk =
  | OpenAIChunk.OpenAICallResponseChunk
  | AnthropicChunk.AnthropicCallResponseChunk
  | GroqChunk.GroqCallResponseChunk
  | AzureChunk.AzureCallResponseChunk
  | BedrockChunk.BedrockCallResponseChunk
  | ResponsesChunk.OpenAIResponsesCallResponseChunk
  | GoogleChunk.GoogleCallResponseChunk
