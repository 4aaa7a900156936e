/**
 * An approval that carries an edited input (`Message.toolApproval({ approved: true, input })`): the call runs once
 * with it, under the approval id issued for the call as the model made it, checked first against the tool's Schema
 * and bounded in size as any answer (`ToolInput.maxAnswer` characters of JSON); a failing one runs nothing. The
 * conversation then holds the call as it ran (`withEdits`), so every later request shows the model the edited
 * arguments.
 *
 * @internal
 */
import type * as Message from "../../core/Message.js"
import * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"
import * as StepDecision from "./StepDecision.js"
import { ApprovalRefused, ToolResultEvent } from "./StepEvents.js"
import * as ToolInput from "./ToolInput.js"

/** An edit admitted: the call as it runs, and its plan (the handler, its decoded input). */
export interface Edit {
  readonly call: Tool.ToolCall
  readonly plan: StepDecision.CallPlan
}

/**
 * Why an edited input is refused before anything reads it (not JSON, or over an answer's size bound), or `undefined`.
 */
export const unfit = (input: unknown): string | undefined => {
  const json = argumentsOf(input)
  return "refusal" in json ? json.refusal : undefined
}

/** The edited input as JSON text, or why it is none (not JSON, or over the size bound of an answer). */
const argumentsOf = (input: unknown): { readonly text: string } | { readonly refusal: string } => {
  let text: string | undefined
  try {
    text = JSON.stringify(input)
  } catch {
    text = undefined
  }
  if (text === undefined) return { refusal: "it is not JSON" }
  return text.length > ToolInput.maxAnswer
    ? { refusal: `it is over ${ToolInput.maxAnswer} characters of JSON` }
    : { text }
}

const refused = (call: Tool.ToolCall, why: string): ApprovalRefused =>
  new ApprovalRefused({
    toolCallId: call.id,
    reason: "invalid",
    message: `not run: the edited input of ${call.name} was refused: ${why}`
  })

/**
 * What `approval`'s edited input makes of `call`: `undefined` when it carries none (or denies the call), the edit
 * when the tool's Schema takes it, else the refusal the model and the person read.
 */
export const editOf = (
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval
): Edit | ApprovalRefused | undefined => {
  if (!approval.approved || approval.input === undefined) return undefined
  const json = argumentsOf(approval.input)
  if ("refusal" in json) return refused(call, json.refusal)
  const edited = new Tool.ToolCall({ id: call.id, name: call.name, arguments: json.text })
  const plan = StepDecision.planCall(tools, edited)
  if (plan._tag === "Invalid") {
    const why = plan.error.reason === "invalid-arguments"
      ? "it does not fit the tool's parameters"
      : "the tool takes no such input"
    return refused(call, `${why} (${plan.error.message})`)
  }
  return { call: edited, plan }
}

/** The answer to a call that ran edited, marked so (`ToolResultEvent.asMade`: the call as the model made it). */
export const ranEdited = (event: ToolResultEvent, made: Tool.ToolCall): ToolResultEvent =>
  event.call.arguments === made.arguments ? event : new ToolResultEvent({ ...event, asMade: made })

/** The conversation with each edited call (at its turn's position) as it ran, in every later request. */
export const withEdits = <M extends Message.Message | Tool.ToolApproval>(
  messages: ReadonlyArray<M>,
  edits: ReadonlyArray<{ readonly turn: number; readonly call: Tool.ToolCall }>
): ReadonlyArray<M> => {
  if (edits.length === 0) return messages
  const out = [...messages]
  for (const { call, turn } of edits) {
    const message = out[turn]
    if (message?._tag === "AssistantMessage") out[turn] = TurnCarry.withEditedCall(message, call) as M
  }
  return out
}
