/**
 * The approvals of a tool loop served to a browser: the gate (`loop/ApprovalGate`) that issues each approval request
 * an id signed with the server's key (`ApprovalToken`), and admits an approval only if its id checks out for exactly
 * the call it answers (in the same run), has not expired, and is used for the first time: its use is claimed in the
 * `StreamStore` until it expires, so that of two requests carrying it, on any instances sharing the store, one runs
 * the call. A denial uses its id up as an approval does, so a call the model was told was denied never runs.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as Tool from "../../core/Tool.js"
import * as ApprovalGate from "../loop/ApprovalGate.js"
import * as LoopBudget from "../loop/LoopBudget.js"
import * as StepEvents from "../loop/StepEvents.js"
import * as StreamStore from "../store/StreamStore.js"
import * as ApprovalToken from "./ApprovalToken.js"
import * as InputEdit from "./InputEdit.js"
import * as SigningKey from "./SigningKey.js"
import * as SpentToken from "./SpentToken.js"

const approvedCall = (call: Tool.ToolCall): ApprovalToken.ApprovedCall => ({
  id: call.id,
  name: call.name,
  input: CanonicalJson.argumentsValue(call.arguments)
})

/**
 * Whether `id` is the id this server issued for a budget's question in the chat `binding` names (an expired one too):
 * the question was asked, and the answer that holds it answered. Not claimed: its use was claimed when it was answered.
 */
export const isQuestionId = (id: string, binding: ApprovalGate.Binding | undefined): Effect.Effect<boolean> =>
  Effect.map(
    ApprovalToken.check(id, approvedCall(LoopBudget.questionCall), binding),
    (verdict) => verdict._tag === "Accepted" || verdict.reason === "expired"
  )

const refusalText: Record<StepEvents.ApprovalRefused["reason"], string> = {
  unverified: "not run: this approval was not issued by this server for this call",
  expired: "not run: this approval has expired; ask for it again",
  used: "not run: this approval was used before",
  unrecorded: "not run: this approval's use could not be recorded; try again later",
  invalid: "not run: the edited input was refused"
}

const refused = (
  call: Tool.ToolCall,
  reason: StepEvents.ApprovalRefused["reason"],
  message = refusalText[reason]
): ApprovalGate.Refusal => new StepEvents.ApprovalRefused({ toolCallId: call.id, reason, message })

/**
 * How long the run of a stored conversation's pending call is remembered (`Conversation.pendingOf`): a day. The same
 * conversation sent again later runs it again; an app keeps a call's result with its conversation.
 */
export const pendingTtl: Duration.Duration = /* @__PURE__ */ Duration.days(1)

/**
 * Claims the run of a pending call of `turn` once in the store, by the digest of the turn's text and calls and the
 * call's id: the same stored conversation sent again (on any instance sharing the store, or in a second durable run)
 * is told the call ran before.
 */
const claimPending = (turn: Message.AssistantMessage, call: Tool.ToolCall): Effect.Effect<ApprovalGate.Refusal> =>
  Effect.gen(function*() {
    const fact = ["effect-llm-stream/pending/v1", turn.text, turn.toolCalls.map(approvedCall), call.id]
    const digest = yield* SigningKey.digest(CanonicalJson.canonicalJson(fact))
    const store = yield* StreamStore.StreamStore
    const first = yield* Effect.result(store.claim(`pending.${digest}`, pendingTtl))
    if (first._tag === "Failure") {
      return refused(call, "unrecorded", "not run: its run could not be recorded; try again later")
    }
    return first.success
      ? undefined
      : refused(call, "used", "not run: this call ran before, when this conversation was sent")
  })

/** Whether an approval may run its call (or a denial answer it): its id checked, and its use claimed once. */
const admit = (
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  binding?: ApprovalGate.Binding
): Effect.Effect<ApprovalGate.Refusal> =>
  Effect.gen(function*() {
    // The program's own answer (no id): trusted as it is.
    if (approval.approvalId === undefined) return undefined
    const verdict = yield* ApprovalToken.check(approval.approvalId, approvedCall(call), binding)
    if (verdict._tag === "Refused") return refused(call, verdict.reason === "expired" ? "expired" : "unverified")
    const first = yield* Effect.result(ApprovalToken.claim("approval", verdict))
    return first._tag === "Failure" ? refused(call, "unrecorded") : first.success ? undefined : refused(call, "used")
  })

/** The gate of a loop served to a browser, and of a durable loop (which binds its ids to its run). */
export const gate: ApprovalGate.Gate = {
  issue: (call, binding) => ApprovalToken.issue(approvedCall(call), binding),
  admit,
  claimPending,
  limitId: SpentToken.limitIdOf,
  keepEdit: InputEdit.keep,
  editedCall: InputEdit.callOf
}

/**
 * The gate with every id bound to `binding` (a chat or an AG-UI thread as the run, and its owner): an id issued for
 * one run is refused in another. The history a browser sends back must then be checked with the same binding.
 */
export const bound = (binding: ApprovalGate.Binding): ApprovalGate.Gate => ({
  owner: binding.owner,
  issue: (call, asked) => gate.issue(call, asked?.asks === undefined ? binding : { ...binding, asks: asked.asks }),
  admit: (call, approval) => gate.admit(call, approval, binding),
  claimPending,
  limitId: SpentToken.limitIdOf,
  keepEdit: InputEdit.keep,
  editedCall: InputEdit.callOf
})

/** A loop's events, its approvals issued and admitted by `gate` (bound to `binding`, when given). */
export const withApprovalChecks = <E, R>(
  self: Stream.Stream<StepEvents.StepEvent, E, R>,
  binding?: ApprovalGate.Binding
): Stream.Stream<StepEvents.StepEvent, E, R> =>
  ApprovalGate.provide(self, binding === undefined ? gate : bound(binding))
