/**
 * Gemini's finish reasons in the common set (`@google/genai` `FinishReason`, and Vertex's `MODEL_ARMOR`).
 *
 * @internal
 */
import * as FinishReason from "../../core/FinishReason.js"

/**
 * Maps Gemini's finish reasons by the table below (`STOP` is tool_calls when the answer called functions;
 * `CONTINUATION`, an answer the client continues unless `automaticContinuation` is off, is length; `ESCALATION`, an
 * escalation rule, and `PUP_LIMITED_DISABLED`, an account limited for Prohibited Use Policy violations, filter);
 * anything else (`MALFORMED_FUNCTION_CALL`, `MISSING_THOUGHT_SIGNATURE`, `OTHER`, future values) → other.
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

/**
 * What a person is told of an answer Gemini stopped on a policy, by finish reason (`ProviderProfile.withheld`), each
 * as `@google/genai` 3.3.0 `FinishReason` documents it ("When streaming, content is empty if content filters blocks the
 * output").
 */
export const withheld: Readonly<Record<string, string | null>> = {
  SAFETY: "Gemini's safety settings stopped this answer.",
  RECITATION: "Gemini stopped this answer: it may have recited a source.",
  BLOCKLIST: "Gemini stopped this answer: it held a term on a blocklist.",
  PROHIBITED_CONTENT: "Gemini stopped this answer: it may have held prohibited content.",
  SPII: "Gemini stopped this answer: it may have held sensitive personal information.",
  IMAGE_SAFETY: "Gemini's safety settings stopped the image this answer was making.",
  IMAGE_PROHIBITED_CONTENT: "Gemini stopped this answer: its image may have held prohibited content.",
  IMAGE_RECITATION: "Gemini stopped this answer: its image may have recited a source.",
  ESCALATION: "An escalation rule of the provider stopped this answer.",
  PUP_LIMITED_DISABLED: "The provider has limited this account under its Prohibited Use Policy.",
  MODEL_ARMOR: "Model Armor, the provider's filter, stopped this answer."
}
