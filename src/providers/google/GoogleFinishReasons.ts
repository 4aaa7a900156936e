/**
 * Gemini's finish reasons in the common set (`@google/genai` `FinishReason`, and Vertex's `MODEL_ARMOR`).
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * `STOP` → stop; `MAX_TOKENS` → length; the content blocks (`SAFETY`, `RECITATION`, `BLOCKLIST`,
 * `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`, `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION`,
 * `MODEL_ARMOR`) → content_filter; anything else (`MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`,
 * `TOO_MANY_TOOL_CALLS`, `IMAGE_OTHER`, `NO_IMAGE`, `LANGUAGE`, `OTHER`, future values) → other. A `STOP`
 * after function calls is reported as tool_calls by the chunk's events (`GoogleEvents`), not by this table.
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
