/**
 * OpenAI's profile: its telemetry name, and tools that take a strict mode (Chat Completions and the Responses API).
 *
 * @internal
 */
import type * as ProviderProfile from "../providers/ProviderProfile.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "openai",
  strictTools: true
}
