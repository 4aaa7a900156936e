/**
 * Azure's profile: OpenAI's token counts and output limits (a deployment serves an OpenAI model), and tools
 * that take a strict mode (Chat Completions).
 *
 * @internal
 */
import * as Payload from "../../core/payload/Payload.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as OpenAILimits from "../openai/OpenAILimits.js"
import * as OpenAIProfile from "../openai/OpenAIProfile.js"

/**
 * The categories of Azure OpenAI's content filter in plain words, by their key in its results (a choice's
 * `content_filter_results`, a refused prompt's `innererror.content_filter_result`), each `{ filtered: true, ... }`
 * where it filtered: learn.microsoft.com/azure/ai-foundry/openai/concepts/content-filter ("Content filter types",
 * "Scenario details"); Azure/azure-rest-api-specs inference.yaml `contentFilterPromptResults`,
 * `contentFilterChoiceResults`.
 */
const filterCategories: Readonly<Record<string, string>> = {
  hate: "hate",
  sexual: "sexual content",
  violence: "violence",
  self_harm: "self-harm",
  profanity: "profanity",
  jailbreak: "a jailbreak attempt",
  indirect_attack: "an indirect attack",
  protected_material_text: "protected text",
  protected_material_code: "protected code",
  ungrounded_material: "ungrounded content",
  // `{ filtered, details: [{ filtered, id }] }`, or (before 2024-10-01-preview) the list of blocklists itself.
  custom_blocklists: "a blocklisted term"
}

/** Whether a category's result says it filtered (a blocklists' list: one of them did). */
const filteredBy = (result: unknown): boolean =>
  Array.isArray(result) ? result.some(filteredBy) : Payload.isRecord(result) && result["filtered"] === true

/**
 * The results of each entry of a Responses API response's `content_filters` (Azure's own field, one entry per
 * `source_type`, `prompt` or `completion`, each with `blocked` and its `content_filter_results`:
 * learn.microsoft.com/azure/ai-foundry/openai/how-to/responses, "Handle guardrails and content filtering"; Azure
 * OpenAI v1 `AzureContentFilterForResponsesAPI`); Chat Completions' results as they are.
 */
const resultsOf = (details: unknown): ReadonlyArray<unknown> =>
  Array.isArray(details)
    ? details.map((entry) => Payload.isRecord(entry) ? entry["content_filter_results"] : undefined)
    : [details]

/** The categories Azure's filter results name as filtered, in plain words; `undefined` when they name none. */
const filteredCategories = (details: unknown): string | undefined => {
  const results = resultsOf(details).filter(Payload.isRecord)
  const named = Object.keys(filterCategories).filter((key) => results.some((result) => filteredBy(result[key])))
  return named.length === 0 ? undefined : named.map((key) => filterCategories[key]).join(", ")
}

export const profile: ProviderProfile.Profile = {
  provider: "azure",
  strictTools: true,
  // Azure OpenAI serves OpenAI's models (a deployment is priced and counted as its base model).
  tokenFamily: OpenAILimits.tokenFamily,
  maxOutputTokens: OpenAILimits.maxOutputTokens,
  // Chat Completions' and the Responses API's, as OpenAI's: Azure's filter ends an answer with `content_filter`.
  withheld: OpenAIProfile.profile.withheld,
  policyCause: filteredCategories
}
