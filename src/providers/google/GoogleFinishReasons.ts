/**
 * Gemini's finish reasons in the common set: every one `@google/genai` 3.3.0 names (`dist/genai.d.ts` `FinishReason`,
 * `MODEL_ARMOR` among them, "not supported in Gemini API": Vertex's).
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps Gemini's finish reasons by the table below (`STOP` is tool_calls when the answer called functions;
 * `CONTINUATION`, an answer the client continues unless `automaticContinuation` is off, is length; `ESCALATION`, an
 * escalation rule, and `PUP_LIMITED_DISABLED`, an account limited for Prohibited Use Policy violations, filter);
 * anything else (`MALFORMED_FUNCTION_CALL`, `UNEXPECTED_TOOL_CALL`, `TOO_MANY_TOOL_CALLS`, `MALFORMED_RESPONSE`,
 * `MISSING_THOUGHT_SIGNATURE`, `IMAGE_OTHER`, `NO_IMAGE`, `LANGUAGE`, `OTHER`, future values) → other.
 * `FINISH_REASON_UNSPECIFIED` is no finish.
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
