/**
 * Whether this library's telemetry is on (`Telemetry.Enabled`): the reference itself, below the modules that
 * make spans (each call's instrumentation, the tool loop's spans), so that all of them read the one switch.
 *
 * @internal
 */
import * as Context from "effect/Context"

export const Enabled: Context.Reference<boolean> = Context.Reference<boolean>(
  "effect-llm-stream/Telemetry/Enabled",
  { defaultValue: () => true }
)
