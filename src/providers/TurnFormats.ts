/**
 * How each API that takes an assistant turn back as its own content blocks reads and writes them, by the blocks'
 * format: the table the history's signature, the `effect/ai` adapter and the durable loop ask.
 *
 * @internal
 */
import type * as AssistantTurn from "../core/provider/AssistantTurn.js"
import type * as Conversation from "../core/request/Conversation.js"
import * as AnthropicBlocks from "./anthropic/AnthropicBlocks.js"
import * as AnthropicRequest from "./anthropic/AnthropicRequest.js"
import * as BedrockBlocks from "./bedrock/BedrockBlocks.js"
import * as BedrockRequest from "./bedrock/BedrockRequest.js"
import * as GoogleBlocks from "./google/GoogleBlocks.js"
import * as GoogleRequest from "./google/GoogleRequest.js"
import * as ChatBlocks from "./openai-compatible/ChatBlocks.js"
import * as ChatRequest from "./openai-compatible/ChatRequest.js"
import * as ResponsesBlocks from "./openai-responses/ResponsesBlocks.js"
import * as ResponsesRequest from "./openai-responses/ResponsesRequest.js"

/**
 * How each API that takes an assistant turn back as its own content blocks (`Message.ProviderContent`) reads
 * them as neutral parts and writes them, by the blocks' format.
 */
export const turnFormats: Readonly<Record<AssistantTurn.Format, AssistantTurn.TurnBlocks>> = {
  anthropic: AnthropicBlocks.turn,
  bedrock: BedrockBlocks.turn,
  google: GoogleBlocks.turn,
  "openai-responses": ResponsesBlocks.turnOf("openai-responses"),
  "azure-responses": ResponsesBlocks.turnOf("azure-responses"),
  openrouter: ChatBlocks.turn
}

/**
 * The table of conversation rules of the API each format's turns go back to (`Conversation.Rules`): what a turn of
 * that format may carry (`editedCalls`: whether its signed state stays beside a call a person edited).
 */
export const conversationRules: Readonly<Record<AssistantTurn.Format, Conversation.Rules>> = {
  anthropic: AnthropicRequest.rules,
  bedrock: BedrockRequest.rules,
  google: GoogleRequest.rules,
  "openai-responses": ResponsesRequest.rules,
  "azure-responses": ResponsesRequest.rules,
  openrouter: ChatRequest.rules
}
