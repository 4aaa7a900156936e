/**
 * How each API that takes an assistant turn back as its own content blocks reads and writes them, by the blocks'
 * format: the table the history's signature, the `effect/ai` adapter and the durable loop ask.
 *
 * @internal
 */
import type * as Message from "../core/Message.js"
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

const noneAsked: ReadonlyMap<string, AssistantTurn.ApprovalAsked> = new Map()

/**
 * The calls of a turn its provider runs itself once the program approves them (`TurnBlocks.approvalAsked`), by call
 * id: read from the turn's own blocks, so a turn the browser sends back (its blocks signed) says the same.
 */
export const approvalsAsked = (
  turn: Message.Message | Message.ToolApproval | undefined
): ReadonlyMap<string, AssistantTurn.ApprovalAsked> => {
  const content = turn?._tag === "AssistantMessage" ? turn.content : undefined
  const asked = content === undefined ? undefined : turnFormats[content.provider].approvalAsked
  if (content === undefined || asked === undefined) return noneAsked
  const found = new Map<string, AssistantTurn.ApprovalAsked>()
  for (const block of content.blocks) {
    const approval = asked(block)
    if (approval !== undefined) found.set(approval.callId, approval)
  }
  return found
}
