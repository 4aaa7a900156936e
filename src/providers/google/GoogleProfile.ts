/**
 * Google's profiles, the Gemini API's and Vertex AI's: Gemini's token family and output limits; its function
 * declarations take no strict mode.
 *
 * @internal
 */
import * as TokenFamily from "../../core/estimate/TokenFamily.js"
import type * as ProviderProfile from "../../core/provider/ProviderProfile.js"
import * as GoogleLimits from "./GoogleLimits.js"

export const profile: ProviderProfile.Profile = {
  provider: "google",
  strictTools: false,
  tokenFamily: () => TokenFamily.gemini,
  maxOutputTokens: GoogleLimits.maxOutputTokens
}

export const vertexProfile: ProviderProfile.Profile = {
  ...profile,
  provider: "google-vertex"
}
