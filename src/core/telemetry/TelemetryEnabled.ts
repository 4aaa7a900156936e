/**
 * Whether this library's telemetry is on (`Telemetry.Enabled`), below every module that makes spans.
 *
 * @internal
 */
import * as Context from "effect/Context"
import type * as Fiber from "effect/Fiber"
import * as References from "effect/References"
import * as Tracer from "effect/Tracer"

/**
 * Whether calls are instrumented: the span and the metrics. On by default; with `false` a call's stream is left as
 * it is, at no cost. With Effect's `References.TracerEnabled` off, calls record their metrics without a span.
 *
 * @example
 * ```ts
 * import { Telemetry } from "effect-llm-stream"
 * import { Layer } from "effect"
 *
 * const NoTelemetry = Layer.succeed(Telemetry.Enabled, false)
 * ```
 *
 * @since 0.3.0
 * @category Context
 */
export const Enabled: Context.Reference<boolean> = Context.Reference<boolean>(
  "effect-llm-stream/Telemetry/Enabled",
  { defaultValue: () => true }
)

/**
 * Whether spans are worth making in `fiber`: telemetry and tracing on, and a tracer other than Effect's native one
 * (which exports nothing: a span would cost every pull and show nowhere).
 *
 * @internal
 */
export const spansWanted = (fiber: Fiber.Fiber<unknown, unknown>): boolean =>
  fiber.getRef(Enabled) && fiber.getRef(References.TracerEnabled) && fiber.getRef(Tracer.Tracer) !== Tracer.nativeTracer
