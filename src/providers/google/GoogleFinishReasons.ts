/**
 * Gemini's finish reasons in the common set (`@google/genai` `FinishReason`, and Vertex's `MODEL_ARMOR`).
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps Gemini's finish reasons: `STOP` → stop (tool_calls when the answer called functions), `MAX_TOKENS`
 * → length; `SAFETY`, `RECITATION`, `BLOCKLIST`, `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`,
 * `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION` and Vertex's `MODEL_ARMOR` → content_filter; anything else
 * (`MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `IMAGE_OTHER`, `NO_IMAGE`,
 * `LANGUAGE`, `OTHER`, future values) → other.
 *
 * @since 0.3.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  STOP: "stop",
  MAX_TOKENS: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  IMAGE_SAFETY: "content_filter",
  IMAGE_PROHIBITED_CONTENT: "content_filter",
  IMAGE_RECITATION: "content_filter",
  MODEL_ARMOR: "content_filter"
})
