/**
 * The approvals of a tool loop served to a browser: the gate (`loop/ApprovalGate`) that issues each approval
 * request an id signed with the server's key (`signing/ApprovalToken`: the call's id, tool, input digest and issue
 * time), and admits an approval only if its id checks out for exactly the call it answers, has not expired, and is
 * used for the first time: its use is claimed in the `StreamStore` (memory or Redis) until it expires, so that of
 * two requests carrying it, on any instances sharing the store, one runs the call.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import * as ApprovalGate from "../loop/ApprovalGate.js"
import * as StepEvents from "../loop/StepEvents.js"
import * as ApprovalToken from "../signing/ApprovalToken.js"
import * as CanonicalJson from "../signing/CanonicalJson.js"
import * as StreamStore from "../StreamStore.js"
import type * as Tool from "../Tool.js"

const approvedCall = (call: Tool.ToolCall): ApprovalToken.ApprovedCall => ({
  id: call.id,
  name: call.name,
  input: CanonicalJson.argumentsValue(call.arguments)
})

const refusalText: Record<StepEvents.ApprovalRefused["reason"], string> = {
  unverified: "not run: this approval was not issued by this server for this call",
  expired: "not run: this approval has expired; ask for it again",
  used: "not run: this approval was used before",
  unrecorded: "not run: this approval's use could not be recorded; try again later"
}

const refused = (call: Tool.ToolCall, reason: StepEvents.ApprovalRefused["reason"]): ApprovalGate.Refusal =>
  new StepEvents.ApprovalRefused({ toolCallId: call.id, reason, message: refusalText[reason] })

/** Whether an approval may run its call: its id checked, and (approved) its use claimed once in the store. */
const admit = (call: Tool.ToolCall, approval: Tool.ToolApproval): Effect.Effect<ApprovalGate.Refusal> =>
  Effect.gen(function*() {
    // The program's own answer (no id): trusted as it is.
    if (approval.approvalId === undefined) return undefined
    const verdict = yield* ApprovalToken.check(approval.approvalId, approvedCall(call))
    if (verdict._tag === "Refused") return refused(call, verdict.reason === "expired" ? "expired" : "unverified")
    if (!approval.approved) return undefined
    const store = yield* StreamStore.StreamStore
    const ttl = Duration.millis(verdict.expiresAt - (yield* Clock.currentTimeMillis))
    const first = yield* Effect.result(store.claim(`approval.${verdict.tag}`, ttl))
    return first._tag === "Failure" ? refused(call, "unrecorded") : first.success ? undefined : refused(call, "used")
  })

/** The gate of a loop served to a browser. */
export const gate: ApprovalGate.Gate = {
  issue: (call) => ApprovalToken.issue(approvedCall(call)),
  admit
}

/** A loop's events, its approvals issued and admitted by `gate`. */
export const withApprovalChecks = <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>
): Stream.Stream<StepEvents.StepEvent, E, R> => Stream.provideService(self, ApprovalGate.ApprovalGate, gate)
