/**
 * Bedrock's stop reasons in the common set: Anthropic's table (Converse names the reasons it shares with Claude as
 * Anthropic does) and Converse's own.
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"
import * as AnthropicFinishReasons from "../anthropic/AnthropicFinishReasons.js"

/**
 * Maps Bedrock's stop reasons, every one `@aws-sdk/client-bedrock-runtime` 3.1164.0 names (`dist-types/models/enums.d.ts`
 * `StopReason`): Anthropic's as Anthropic maps them, `content_filtered`, `guardrail_intervened` → content_filter, the
 * model's malformed output → other; anything else → other.
 *
 * @since 0.1.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  ...AnthropicFinishReasons.table,
  content_filtered: "content_filter",
  guardrail_intervened: "content_filter",
  malformed_model_output: "other",
  malformed_tool_use: "other"
})
