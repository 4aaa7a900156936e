/**
 * How a chat answer served by `ChatEndpoint` ended, as its `onFinish` hears it: done (the tool loop ended, and
 * why), stopped (the user's stop), dropped (the server stopped it: the store failed, or the server went away) or
 * failed (before or after its first content). Each carries what was sent: the answer's model calls, each one's
 * ending with the response the browser received, and what they spent (re-exported by `ChatEndpoint` whole).
 *
 * @since 0.5.0
 */
import * as Data from "effect/Data"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponse from "../../core/call/CallResponse.js"
import type * as StepEvents from "../loop/StepEvents.js"

/**
 * What every ending carries: the id of the assistant message served, the model calls that made it (each one's
 * `CallEnding`, the last one stopped or cut where the answer was), and what they spent (`CallResponse.spend`
 * summed: 0 for an answer refused before its first call was sent).
 *
 * @since 0.5.0
 * @category Models
 */
export interface Sent {
  readonly messageId: string
  readonly steps: ReadonlyArray<CallEnding.Ending>
  readonly spend: CallResponse.Spend
}

/**
 * The answer ended by itself: the tool loop's `reason` (`stop`, `approval` when calls wait for the user,
 * `budget` or `spend-limit` when a bound cut it, a stop condition's reason).
 *
 * @example
 * ```ts
 * import { ChatEndpoint } from "effect-llm-stream"
 *
 * const cutShort = (ending: ChatEndpoint.Ending) =>
 *   ending._tag === "Done" && (ending.reason === "budget" || ending.reason === "spend-limit")
 * ```
 *
 * @since 0.5.0
 * @category Endings
 */
export class Done extends Data.TaggedClass("Done")<Sent & { readonly reason: StepEvents.DoneReason }> {}

/**
 * The user stopped the answer (`POST <path>/:id/stop`, on any instance): what was sent before the stop.
 *
 * @since 0.5.0
 * @category Endings
 */
export class Stopped extends Data.TaggedClass("Stopped")<Sent> {}

/**
 * The server stopped the answer: its stream store failed as the answer was stored (`storeFailure`), or the
 * server went away.
 *
 * @since 0.5.0
 * @category Endings
 */
export class Dropped extends Data.TaggedClass("Dropped")<Sent & { readonly storeFailure: unknown }> {}

/**
 * The answer failed: before any content (the browser was answered with an error status) or after (it read an
 * `error` chunk), with the error.
 *
 * @since 0.5.0
 * @category Endings
 */
export class Failed extends Data.TaggedClass("Failed")<Sent & { readonly error: unknown }> {}

/**
 * How an answer ended.
 *
 * @since 0.5.0
 * @category Endings
 */
export type Ending = Done | Stopped | Dropped | Failed

/**
 * What `onFinish` is called with on every ending: whose answer it was (`owner`), in which chat, and how it ended.
 *
 * @since 0.5.0
 * @category Endings
 */
export interface Finished {
  readonly owner: string
  readonly chatId: string
  readonly ending: Ending
}
