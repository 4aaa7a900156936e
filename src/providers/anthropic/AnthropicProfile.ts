/**
 * Anthropic's profile: Claude's token family and output limits, the turn it pauses (`pause_turn`), the models that
 * take no prefill; its tools have no strict mode the library sends.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as AnthropicLimits from "./AnthropicLimits.js"

/**
 * What a person is told of an answer Claude's API stopped on its policy, by stop reason (`ProviderProfile.withheld`):
 * `refusal`, "when streaming classifiers intervene to handle potential policy violations"
 * (platform.claude.com/docs/en/test-and-evaluate/strengthen-guardrails/handle-streaming-refusals). Its
 * `stop_details.explanation` (`@anthropic-ai/sdk` 1.14.0 `RefusalStopDetails`, "Human-readable explanation of the
 * refusal"), when sent, is told instead: the decoder reads it as the refusal's words.
 */
export const withheld: Readonly<Record<string, string | null>> = {
  refusal: "Anthropic's safety classifiers stopped this answer."
}

/**
 * The categories of a Claude refusal in plain words, by its `stop_details.category` (`@anthropic-ai/sdk` 1.14.0
 * `RefusalStopDetails.category`, `null` "when the refusal doesn't map to a named category"): told in the sentence of a
 * refusal sent without an explanation (`ProviderProfile.policyCause`).
 */
const refusalCategories: Readonly<Record<string, string>> = {
  cyber: "cyber harm",
  bio: "biological harm",
  frontier_llm: "developing competing AI models",
  reasoning_extraction: "reproducing its reasoning",
  general_harms: "potential harm"
}

/** The category a refusal's `stop_details` names, in plain words; `undefined` for none or one not in the table. */
export const refusalCause = (details: unknown): string | undefined => {
  const category = typeof details === "object" && details !== null
    ? (details as { readonly category?: unknown }).category
    : undefined
  return typeof category === "string" && Object.hasOwn(refusalCategories, category)
    ? refusalCategories[category]
    : undefined
}

export const profile: ProviderProfile.Profile = {
  provider: "anthropic",
  strictTools: false,
  tokenFamily: () => TokenFamily.claude,
  maxOutputTokens: AnthropicLimits.maxOutputTokens,
  defaultOutputTokens: () => AnthropicLimits.defaultMaxTokens,
  // "The API paused a long-running turn. You may provide the response back as-is in a subsequent request to let
  // Claude continue its turn" (platform.claude.com, handling stop reasons; the server tools' guides).
  pausesWith: "pause_turn",
  takesPrefill: AnthropicLimits.takesPrefill,
  // The file parts a request sends as `document` blocks, which a citation's `document_index` counts: PDF and plain
  // text, as `@ai-sdk/anthropic` counts them (`extractCitationDocuments`).
  documentTypes: new Set(["application/pdf", "text/plain"]),
  withheld,
  policyCause: refusalCause
}
