/**
 * Gemini's finish reasons in the common set (`@google/genai` `FinishReason`, and Vertex's `MODEL_ARMOR`).
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps Gemini's finish reasons: `STOP` → stop (tool_calls when the answer called functions), `MAX_TOKENS` and
 * `CONTINUATION` (the per-request token limit reached, the answer not complete: the client continues it with the
 * candidate's `continuationToken` unless `automaticContinuation` is off) → length; `SAFETY`, `RECITATION`, `BLOCKLIST`,
 * `PROHIBITED_CONTENT`, `SPII`, `IMAGE_SAFETY`, `IMAGE_PROHIBITED_CONTENT`, `IMAGE_RECITATION`, `ESCALATION` (an
 * escalation rule filtered the request), `PUP_LIMITED_DISABLED` (the account limited for Prohibited Use Policy
 * violations) and Vertex's `MODEL_ARMOR` → content_filter; anything else (`MALFORMED_FUNCTION_CALL`,
 * `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `MALFORMED_RESPONSE`, `MISSING_THOUGHT_SIGNATURE`, `IMAGE_OTHER`,
 * `NO_IMAGE`, `LANGUAGE`, `OTHER`, future values) → other.
 *
 * @since 0.3.0
 * @category Finish reasons
 */
export const toCommonFinishReason: (raw: string) => FinishReason.FinishReason = FinishReason.fromTable({
  STOP: "stop",
  MAX_TOKENS: "length",
  CONTINUATION: "length",
  SAFETY: "content_filter",
  RECITATION: "content_filter",
  BLOCKLIST: "content_filter",
  PROHIBITED_CONTENT: "content_filter",
  SPII: "content_filter",
  IMAGE_SAFETY: "content_filter",
  IMAGE_PROHIBITED_CONTENT: "content_filter",
  IMAGE_RECITATION: "content_filter",
  ESCALATION: "content_filter",
  PUP_LIMITED_DISABLED: "content_filter",
  MODEL_ARMOR: "content_filter"
})
