/**
 * Bedrock's profile: its telemetry name (`aws.bedrock`); its tools have no strict mode the library sends.
 *
 * @internal
 */
import type * as ProviderProfile from "../providers/ProviderProfile.js"

export const profile: ProviderProfile.Profile = {
  telemetryName: "aws.bedrock",
  strictTools: false
}
