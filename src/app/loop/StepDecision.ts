/**
 * What a tool loop does after a step, the one decision `runTools` and the durable loop share; the loops carry it out.
 *
 * @internal
 */
import type * as BigDecimal from "effect/BigDecimal"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import type * as CallEnding from "../../core/call/CallEnding.js"
import * as CallResponse from "../../core/call/CallResponse.js"
import type * as CallBasis from "../../core/estimate/CallBasis.js"
import * as Message from "../../core/Message.js"
import * as CanonicalJson from "../../core/payload/CanonicalJson.js"
import type * as AssistantTurn from "../../core/provider/AssistantTurn.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Tool from "../../core/Tool.js"
import * as ProviderProfiles from "../../providers/ProviderProfiles.js"
import * as TurnFormats from "../../providers/TurnFormats.js"
import * as LoopStep from "./LoopStep.js"
import type * as StepEvents from "./StepEvents.js"

/** The rules a loop decides by. */
export interface Rules {
  readonly provider: string
  readonly tools: ReadonlyArray<Tool.Tool>
  readonly conditions: ReadonlyArray<StepEvents.StopWhen>
  readonly maxSteps: number
  readonly maxCallsPerStep: number
  /** The budget, when there is one: what is left of it after the answer's earlier requests (`spent`). */
  readonly limit: BigDecimal.BigDecimal | undefined
  readonly spent?: BigDecimal.BigDecimal | undefined
  /** What a call waiting for approval does: ends the loop (`runTools`), or waits inside it (the durable loop). */
  readonly approvals: "end" | "wait"
}

export type Handled = Tool.Handled<Tool.Tool, any, any>

/** What one call of a step needs. */
export type CallPlan =
  /**
   * Its handler runs, on its decoded input; `automatic`: `needsApproval` decided it (approved, or denied with a reason:
   * then it does not run, and the model reads the reason).
   */
  | {
    readonly _tag: "Run"
    readonly call: Tool.ToolCall
    readonly tool: Handled
    readonly input: unknown
    readonly automatic?: Automatic | undefined
  }
  /** It waits for the program's approval; `reason`: why `needsApproval` asks. */
  | {
    readonly _tag: "Ask"
    readonly call: Tool.ToolCall
    readonly tool: Handled
    readonly input: unknown
    readonly reason?: string | undefined
  }
  /**
   * The provider runs it once approved (an MCP server's call, `AssistantTurn.TurnBlocks.approvalAsked`): asked as any
   * approval (`input` its arguments parsed, `server` who runs it); its answer is the approval, no handler's.
   */
  | { readonly _tag: "AskProvider"; readonly call: Tool.ToolCall; readonly input: unknown; readonly server: string }
  /** The model is answered with an error result: an unknown tool, or arguments its Schema refuses. */
  | { readonly _tag: "Invalid"; readonly call: Tool.ToolCall; readonly error: Tool.ToolCallError }
  /** Past `maxCallsPerStep`: not run, answered with an error result `text` saying why. */
  | { readonly _tag: "NotRun"; readonly call: Tool.ToolCall; readonly text: string }
  /** A tool without a handler: the program answers it. */
  | { readonly _tag: "Leave"; readonly call: Tool.ToolCall }

/** What follows a step. */
export type Decision =
  /** The loop fails: the step failed, or a budget cannot be watched (`ConfigurationError`). */
  | { readonly _tag: "Fail"; readonly error: ProviderError.ProviderError }
  /** The loop stops; `turn`, when there is one, is the step's assistant turn, added to the conversation. */
  | { readonly _tag: "Stop"; readonly reason: StepEvents.DoneReason; readonly turn: Message.Message | undefined }
  /** The step's turn is added and its calls answered; then the loop stops with `then`, or takes another step. */
  | {
    readonly _tag: "Answer"
    readonly turn: Message.Message
    readonly calls: ReadonlyArray<CallPlan>
    readonly then: StepEvents.DoneReason | undefined
  }

/** A decision `needsApproval` made itself: the call approved, or denied with the reason the model reads. */
export interface Automatic {
  readonly approved: boolean
  readonly reason?: string | undefined
}

/** The plan of a decoded call of a handled tool, by what `needsApproval` decides. */
const planOf = (call: Tool.ToolCall, tool: Handled, input: unknown): CallPlan => {
  const decided = typeof tool.needsApproval === "function" ? tool.needsApproval(input) : tool.needsApproval
  if (decided === true || decided === "ask") return { _tag: "Ask", call, tool, input }
  if (decided === false) return { _tag: "Run", call, tool, input }
  if (decided === "approve") return { _tag: "Run", call, tool, input, automatic: { approved: true } }
  if ("deny" in decided) return { _tag: "Run", call, tool, input, automatic: { approved: false, reason: decided.deny } }
  return { _tag: "Ask", call, tool, input, reason: decided.ask }
}

/**
 * What one call needs: its arguments decoded with its tool's Schema, its handler run or asked for, or neither; a call
 * its provider runs once approved (`asked`, by id: `TurnFormats.approvalsAsked`), asked, whatever the tools' names.
 */
export const planCall = (
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  asked?: ReadonlyMap<string, AssistantTurn.ApprovalAsked>
): CallPlan => {
  const approval = asked?.get(call.id)
  if (approval !== undefined) {
    const input = CanonicalJson.argumentsValue(call.arguments)
    return { _tag: "AskProvider", call, input, server: approval.server }
  }
  const decoded = Tool.decodeCall(tools, call)
  // The model reads why (the tool does not exist, or the field its arguments got wrong) and tries again.
  if (Result.isFailure(decoded)) return { _tag: "Invalid", call, error: decoded.failure }
  const tool = tools.find((candidate) => candidate.name === call.name) as Handled
  if (tool._tag !== "Handled") return { _tag: "Leave", call }
  const input = decoded.success.input
  return planOf(call, tool, input)
}

/** The plans of a step's calls: each within `max` planned, those past it answered with an error result. */
export const planCalls = (
  tools: ReadonlyArray<Tool.Tool>,
  calls: ReadonlyArray<Tool.ToolCall>,
  max: number,
  asked?: ReadonlyMap<string, AssistantTurn.ApprovalAsked>
): ReadonlyArray<CallPlan> => {
  const text = `not run: this step made ${calls.length} tool calls, over the limit of ${max} per step; ` +
    "make fewer calls at a time"
  return calls.map((call, index) => index < max ? planCall(tools, call, asked) : { _tag: "NotRun", call, text })
}

/** Why the loop stops once a step's calls are answered, or `undefined` to take another step. */
const stopAfter = (
  rules: Rules,
  calls: ReadonlyArray<CallPlan>,
  steps: ReadonlyArray<CallEnding.Ending>
): StepEvents.DoneReason | undefined =>
  rules.approvals === "end" && calls.some((plan) => plan._tag === "Ask" || plan._tag === "AskProvider")
    ? "approval"
    : calls.some((plan) => plan._tag === "Leave")
    ? "tool-call"
    : LoopStep.stopReason(rules.conditions, steps) ?? (steps.length >= rules.maxSteps ? "step-count" : undefined)

/**
 * The text of a step that was cut, as the assistant turn that stays in the conversation (none without text), with
 * how the model ended it where that arrived before the cut (a budget cuts at the usage that follows the finish).
 */
const textTurn = (response: CallResponse.CallResponse): Message.Message | undefined =>
  response.content === ""
    ? undefined
    : Message.assistant(response.content, { finishReason: response.commonFinishReasons[0] })

/** The assistant turn a step leaves when the loop stops before its calls are answered (`CallResponse.unendedTurn`). */
const turnWithoutCalls = (response: CallResponse.CallResponse): Message.Message | undefined =>
  response.content === "" ? undefined : CallResponse.unendedTurn(response)

/** Whether a step's failure is the spend limit ending an answer under way (a first step refused fails the loop). */
const limitEnded = (ending: CallEnding.Ending, steps: number): boolean =>
  ending._tag === "Failed" && ending.error._tag === "SpendLimitExceeded" &&
  (steps > 1 || ending.response.content !== "" || ending.response.toolCalls.length > 0)

/** Decides after a step from its ending, the steps so far and what capped its output (`bound`), if anything did. */
export const decide = (
  rules: Rules,
  ending: CallEnding.Ending,
  steps: ReadonlyArray<CallEnding.Ending>,
  bound?: CallBasis.Bound | undefined
): Decision => {
  // Cut at the cap a budget set (a spend limit holds no more than that cap's worth): the budget's cut.
  if (limitEnded(ending, steps.length)) {
    return { _tag: "Stop", reason: bound ?? "spend-limit", turn: textTurn(ending.response) }
  }
  if (ending._tag === "Failed") return { _tag: "Fail", error: ending.error }
  const response = ending.response
  // Cut by the budget: nothing more is sent; the text that arrived stays in the conversation.
  if (ending._tag === "Interrupted") return { _tag: "Stop", reason: "budget", turn: textTurn(response) }
  // A step whose usage never arrived is priced by its estimate; only a rate the table lacks is not.
  const unpriced = rules.limit === undefined || Option.isSome(response.spend.cost) ? undefined : response.costResult
  if (unpriced !== undefined && unpriced._tag === "Failure") {
    // A budget that cannot be watched is the program's configuration: the loop stops before anything more is sent.
    const message = `a budget needs the cost of every step: ${unpriced.failure.message}`
    return { _tag: "Fail", error: new ProviderError.ConfigurationError({ provider: rules.provider, message }) }
  }
  // Stopped at the cap a bound set: its calls (their arguments may be cut mid-JSON) leave the conversation.
  if (bound !== undefined && response.commonFinishReasons.includes("length")) {
    return { _tag: "Stop", reason: bound, turn: turnWithoutCalls(response) }
  }
  // The stream completed: the turn ended, with its calls, even where a server sent no finish reason.
  const turn = CallResponse.endedTurn(response)
  // A turn its provider paused (Anthropic's `pause_turn`) goes back as the last message, and the model continues it.
  if (response.toolCalls.length === 0 && !ProviderProfiles.isPaused(rules.provider, response.finishReasons)) {
    return { _tag: "Stop", reason: "stop", turn }
  }
  const calls = planCalls(rules.tools, response.toolCalls, rules.maxCallsPerStep, TurnFormats.approvalsAsked(turn))
  return { _tag: "Answer", turn, calls, then: stopAfter(rules, calls, steps) }
}
