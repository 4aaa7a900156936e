/**
 * Why a durable loop's `run` or `approve` failed on its own side, not the model's: the run's id or owner cannot
 * name a run, or an answer is none or over its bounds (`InvalidRun`: never worth trying again), or the engine's
 * storage failed (`Unavailable`) or did not answer within the loop's `storageTimeout` (`Timeout`). Nothing the
 * storage had recorded is lost: once it is back, `run` and `approve` called again carry the run on, each handler
 * still run once. A record of the run that the storage gives back but that this library did not write (changed on
 * disk, or by another program), or no longer holds (deleted), ends the run (`InvalidRecord`, since 0.7.0): trying
 * again reads the same record.
 *
 * @since 0.5.0
 */
import * as Schema from "effect/Schema"

/**
 * A durable loop's own failure (see the module's description); `message` says what failed, without the storage's
 * credentials (for `InvalidRecord`, one sentence, another for a record deleted: what did not decode, or is gone, is
 * in the server's log).
 *
 * @example
 * ```ts
 * import { DurableLoop } from "effect-llm-stream"
 *
 * const retryable = (error: DurableLoop.DurableLoopError) =>
 *   error.reason === "Unavailable" || error.reason === "Timeout"
 * ```
 *
 * @since 0.5.0
 * @category Errors
 */
export class DurableLoopError extends Schema.TaggedError<DurableLoopError>()("DurableLoopError", {
  reason: Schema.Literals(["InvalidRun", "Unavailable", "Timeout", "InvalidRecord"]),
  executionId: Schema.String,
  message: Schema.String
}) {}
