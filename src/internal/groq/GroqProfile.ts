/**
 * Groq's profile: its telemetry name, and tools that take a strict mode (Chat Completions).
 *
 * @internal
 */
import type * as ProviderProfile from "../providers/ProviderProfile.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "groq",
  strictTools: true
}
