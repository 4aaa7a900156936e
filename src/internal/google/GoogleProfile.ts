/**
 * Google's profiles: the Gemini API (`gcp.gemini`) and Vertex AI (`gcp.vertex_ai`, priced as the Gemini API
 * where it has no price of its own), as OpenTelemetry's GenAI conventions name them; Gemini's function
 * declarations take no strict mode.
 *
 * @internal
 */
import * as TokenFamily from "../estimate/TokenFamily.js"
import type * as ProviderProfile from "../providers/ProviderProfile.js"
import * as GoogleLimits from "./GoogleLimits.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "gcp.gemini",
  strictTools: false,
  tokenFamily: () => TokenFamily.gemini,
  maxOutputTokens: GoogleLimits.maxOutputTokens
}

export const vertexProfile: ProviderProfile.Profile = {
  ...profile,
  telemetryName: "gcp.vertex_ai",
  pricedLike: "google"
}
