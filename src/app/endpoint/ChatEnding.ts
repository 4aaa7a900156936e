/**
 * How a chat answer served by `ChatEndpoint` ended, as its `onFinish` hears it: done, stopped, dropped or failed, each
 * with what was sent: the answer's model calls, each one's ending, and what they spent.
 *
 * @since 0.5.0
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Data from "effect/Data"
import type * as CallEnding from "../../core/call/CallEnding.js"
import type * as CallResponse from "../../core/call/CallResponse.js"
import type * as StepEvents from "../loop/StepEvents.js"

/**
 * What every ending carries: the id of the assistant message served, the model calls that made it (each one's
 * `CallEnding`), what they spent (0 for an answer refused before its first call), and (since 0.7.0) what the whole
 * answer spent, in USD, when the request continued an answer (after an approval, a budget question): its earlier
 * requests' spend, read back signed, and this one's. `spend` is this request's alone, so that summing every ending's
 * `spend` counts each request once; `answerSpent` is the total a person was shown.
 *
 * @since 0.5.0
 * @category Models
 */
export interface Sent {
  readonly messageId: string
  readonly steps: ReadonlyArray<CallEnding.Ending>
  readonly spend: CallResponse.Spend
  /** @since 0.7.0 the whole answer's cost in USD, its earlier requests' included; absent when `spend` has none */
  readonly answerSpent?: BigDecimal.BigDecimal | undefined
}

/**
 * The answer ended by itself: the tool loop's `reason` (`stop`, `approval`, `budget`, `spend-limit`, ...).
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
 * The server stopped the answer: its stream store failed (`storeFailure`), or the server went away.
 *
 * @since 0.5.0
 * @category Endings
 */
export class Dropped extends Data.TaggedClass("Dropped")<Sent & { readonly storeFailure: unknown }> {}

/**
 * The answer failed, before any content (an error status) or after (an `error` chunk).
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
