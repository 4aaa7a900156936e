/**
 * How each API that takes an assistant turn back as its own content blocks reads and writes them, by the blocks'
 * format: the table the history's signature, the `effect/ai` adapter and the durable loop ask.
 *
 * @internal
 */
import type * as AssistantTurn from "../core/provider/AssistantTurn.js"
import * as AnthropicBlocks from "./anthropic/AnthropicBlocks.js"
import * as BedrockBlocks from "./bedrock/BedrockBlocks.js"
import * as GoogleBlocks from "./google/GoogleBlocks.js"
import * as ChatBlocks from "./openai-compatible/ChatBlocks.js"
import * as ResponsesBlocks from "./openai-responses/ResponsesBlocks.js"

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
