/**
 * What a server takes from a browser's request, and the key it signs with: `toMessages` (re-exported by
 * `UIMessageStream`) takes user turns, answers to approvals and the outputs of the tools that run in the browser;
 * assistant turns and tool results only as far as this server produced them (signed when served, checked when
 * they come back), or from the app's own stored history.
 *
 * @since 0.4.0
 */
import type * as Stream from "effect/Stream"
import type * as StepEvents from "../loop/StepEvents.js"
import * as UIApprovalGate from "../signing/UIApprovalGate.js"
import * as UIHistoryFacts from "./UIHistoryFacts.js"

export { layer as layerSigning, Signing } from "../signing/SigningKey.js"
export type { Service as SigningKey } from "../signing/SigningKey.js"
export type { ChatBinding } from "./UIHistoryFacts.js"
export { toMessages } from "./UIToMessages.js"
export type { ChatRequest, Options as ToMessagesOptions } from "./UIToMessages.js"

/**
 * A tool loop's events with its approvals checked, as `fromSteps` runs them: each `ApprovalRequestEvent` gets an
 * `approvalId` signed with `Signing` for exactly its call (id, tool, input digest, issue time), and an approval
 * that gives an id back (`Message.toolApproval({ approvalId })`, as `toMessages` makes them) runs its call only if
 * the id checks out for that call, has not expired, and was not used before (its use claimed in the
 * `StreamStore` until it expires, on every instance sharing the store); otherwise the call is answered with an
 * `ApprovalRefused` error result. Without it, a loop's approval requests carry no id, and an approval with one
 * runs nothing. For a loop served to a browser some other way than `fromSteps`. With `binding` (a chat and its
 * owner: `ChatBinding`), an id issued in one chat is refused (`unverified`) in another, or for another owner.
 *
 * @example
 * ```ts
 * import { LanguageModel, Message, UIMessageStream } from "effect-llm-stream"
 *
 * const steps = LanguageModel.runTools({ messages: [Message.user("Clean up")] }).pipe(
 *   UIMessageStream.withApprovalChecks
 * )
 * ```
 *
 * @since 0.4.0
 * @category Approvals
 */
export const withApprovalChecks = <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>,
  binding?: UIHistoryFacts.ChatBinding | undefined
): Stream.Stream<StepEvents.StepEvent, E, R> =>
  UIApprovalGate.withApprovalChecks(self, UIHistoryFacts.bindingOf(binding))
