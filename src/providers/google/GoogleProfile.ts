/**
 * Google's profiles, the Gemini API's and Vertex AI's: Gemini's token family and output limits; its function
 * declarations take no strict mode.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"

/**
 * The largest `maxOutputTokens` the model takes, when known: 8,192 tokens for Gemini 1.5 and 2.0, 65,536 for 2.5 and
 * 3 (a larger one is refused with a 400). The values are the "output token limit" of the Gemini API's model pages as
 * commonly published, not re-read against the live pages for this table: keep it current. Other models (Gemma, a
 * new family): not known.
 */
const maxOutputTokens = (model: string): number | undefined => {
  const name = model.replace(/^(models|publishers\/google\/models)\//, "")
  if (/^gemini-(1\.5|2\.0)/.test(name)) return 8_192
  if (/^gemini-(2\.5|3)/.test(name)) return 65_536
  return undefined
}

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

export const profile: ProviderProfile.Profile = {
  provider: "google",
  strictTools: false,
  tokenFamily: () => TokenFamily.gemini,
  maxOutputTokens,
  withheld,
  // A prompt refused with `promptFeedback.blockReason` (`@google/genai` 3.3.0 `BlockedReason`), which `GoogleDecoder`
  // fails the stream with, its reason the error's type.
  policyErrors: new Set([
    "SAFETY",
    "OTHER",
    "BLOCKLIST",
    "PROHIBITED_CONTENT",
    "IMAGE_SAFETY",
    "MODEL_ARMOR",
    "JAILBREAK"
  ])
}

export const vertexProfile: ProviderProfile.Profile = {
  ...profile,
  provider: "google-vertex"
}
