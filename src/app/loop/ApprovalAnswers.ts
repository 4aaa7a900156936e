/**
 * A loop's approvals and the last turn's pending calls, answered before its first step (step 0), each run once.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as Tool from "../../core/Tool.js"
import * as TurnFormats from "../../providers/TurnFormats.js"
import * as ApprovalGate from "./ApprovalGate.js"
import * as StepDecision from "./StepDecision.js"
import { ApprovalRefused } from "./StepEvents.js"
import type * as StepEvents from "./StepEvents.js"
import * as ToolEdit from "./ToolEdit.js"
import * as ToolInput from "./ToolInput.js"
import * as ToolRuns from "./ToolRuns.js"

/** An answer to a call of the turn at `turn` (its position in the request's messages). */
interface Answer<E, R> {
  readonly turn: number
  readonly answer: Effect.Effect<StepEvents.ToolResultEvent, E, R>
}

/** An approval's answer: refused, denied, or the call run (its arguments decoded first; as edited: `edited`). */
const answer = <E, R>(
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  gate: ApprovalGate.Gate,
  options: ToolRuns.RunOptions,
  edited: (call: Tool.ToolCall) => void
): Effect.Effect<StepEvents.ToolResultEvent, E, R> =>
  Effect.flatMap(
    Effect.zip(gate.admit(call, approval), ToolInput.answerOf(tools, call, approval, gate.owner, gate.editedCall)),
    ([refusal, input]): Effect.Effect<StepEvents.ToolResultEvent, E, R> => {
      if (refusal !== undefined) return Effect.succeed(ToolRuns.answered(0, call, refusal, refusal.message, true))
      // The answer to a tool's request for input edits nothing: the call goes on as approved (as a durable run's).
      const edit = input === undefined ? ToolEdit.editOf(tools, call, approval) : undefined
      if (edit instanceof ApprovalRefused) return Effect.succeed(ToolRuns.answered(0, call, edit, edit.message, true))
      // The call as an approval edited it: now, or before its tool asked for input (`InputEdit`).
      const asEdited = edit?.call ?? input?.call
      const plan = edit?.plan ?? StepDecision.planCall(tools, asEdited ?? call)
      const run = plan._tag === "Run" || plan._tag === "Ask"
        ? ToolRuns.answer<E, R>(0, { ...plan, _tag: "Run" }, options)
        : undefined
      if (run !== undefined && asEdited !== undefined) edited(asEdited)
      const ran = run === undefined || asEdited === undefined
        ? run
        : Effect.map(run, (event) => ToolEdit.ranEdited(event, call))
      // The answer to the tool's request for input: its handler goes on with it, approved or not.
      if (input !== undefined && ran !== undefined) return Effect.provideService(ran, ToolInput.Answer, input)
      if (edit !== undefined && ran !== undefined) return ran
      if (!approval.approved) {
        return Effect.succeed(ToolRuns.answered(0, call, approval, ToolRuns.deniedText(approval.reason), true))
      }
      if (plan._tag === "Invalid") return ToolRuns.answer(0, plan, options)
      return run ?? Effect.succeed(ToolRuns.answered(0, call, undefined, `tool ${call.name} has no handler`, true))
    }
  )

/** What an approved call its provider runs is answered with (the provider is sent the approval, not this text). */
const approvedText = "The user approved this call; the provider runs it."

/**
 * The answer at step `step` to an approval of a call its provider runs once approved (`StepDecision` plan
 * `AskProvider`): refused (by the gate, `refusal`; or an edited input, which the provider cannot take), denied or
 * approved; never a handler's run. The result is what the provider is sent (an error result a denial,
 * `Conversation.approvalSaid`). The plain loop and the durable loop answer with it.
 */
export const providerAnswered = (
  step: number,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  refusal?: ApprovalRefused | undefined
): StepEvents.ToolResultEvent => {
  const refused = refusal ?? (approval.input === undefined ? undefined : new ApprovalRefused({
    toolCallId: call.id,
    reason: "invalid",
    message: "not run: the provider runs this call with the arguments the model gave; an approval cannot edit them"
  }))
  if (refused !== undefined) return ToolRuns.answered(step, call, refused, refused.message, true)
  return approval.approved
    ? ToolRuns.answered(step, call, approval, approvedText, false)
    : ToolRuns.answered(step, call, approval, ToolRuns.deniedText(approval.reason), true)
}

/** The calls of the last turn that nothing answers (`Conversation.pendingOf`) that the loop runs or answers. */
const pendingAnswers = <E, R>(
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  tools: ReadonlyArray<Tool.Tool>,
  answered: ReadonlySet<string>,
  gate: ApprovalGate.Gate,
  options: ToolRuns.RunOptions
): Array<Answer<E, R>> => {
  const pending = Conversation.pendingOf(messages, answered)
  if (pending === undefined) return []
  const turn = messages[pending.turn] as Message.AssistantMessage
  const asked = TurnFormats.approvalsAsked(turn)
  return pending.calls.flatMap((call) => {
    // A call its provider runs waits for its approval: never answered without one.
    const plan = StepDecision.planCall(tools, call, asked)
    if (plan._tag === "Invalid") return [{ turn: pending.turn, answer: ToolRuns.answer<E, R>(0, plan, options) }]
    if (plan._tag !== "Run") return []
    // Each runs at most once, whoever sends the conversation again.
    const answer = ApprovalGate.runOnce(gate, 0, turn, call, ToolRuns.answer<E, R>(0, plan, options))
    return [{ turn: pending.turn, answer }]
  })
}

/** The request's approvals and pending calls answered: the messages to send, and the answers' events (if any). */
export const answerApprovals = <E, R>(
  provider: string,
  request: StepEvents.RunRequest,
  gate: ApprovalGate.Gate,
  concurrency: number | "unbounded",
  options: ToolRuns.RunOptions
): {
  readonly messages: Array<Message.Message>
  readonly answers:
    | Stream.Stream<StepEvents.ToolResultEvent | StepEvents.ToolProgressEvent, E | ProviderError.ProviderError, R>
    | undefined
} => {
  const tools: ReadonlyArray<Tool.Tool> = request.tools ?? []
  const made = Conversation.callsAnswered(request.messages)
  const answered = Conversation.answeredCalls(request.messages, made)
  const answers: Array<Answer<E, R>> = []
  const edits: Array<{ readonly turn: number; readonly call: Tool.ToolCall }> = []
  let problem: string | undefined
  request.messages.forEach((message, index) => {
    if (message._tag !== "ToolApproval") return
    const answering = made[index]
    if (answering === undefined) {
      problem ??= `a tool approval answers the call ${message.toolCallId}, which no assistant turn before it made`
      return
    }
    // Answered already: accepted, and nothing runs again.
    const key = Conversation.keyOf(answering.turn, answering.call.id)
    if (answered.has(key)) return
    answered.add(key)
    const edited = (call: Tool.ToolCall) => edits.push({ turn: answering.turn, call })
    const provider = TurnFormats.approvalsAsked(request.messages[answering.turn]).has(answering.call.id)
    answers.push({
      turn: answering.turn,
      answer: provider
        ? Effect.map(
          gate.admit(answering.call, message),
          (refusal) => providerAnswered(0, answering.call, message, refusal)
        )
        : answer<E, R>(tools, answering.call, message, gate, options, edited)
    })
  })
  answers.push(...pendingAnswers<E, R>(request.messages, tools, answered, gate, options))
  const messages = Conversation.withResults(request.messages, [])
  const results: Array<Message.ToolResultMessage | undefined> = []
  const stream = problem !== undefined
    ? Stream.fail(new ProviderError.InvalidRequestError({ provider, message: problem, parameter: "messages" }))
    : answers.length === 0
    ? undefined
    : Stream.concat(
      ToolRuns.runAll(answers.map(({ answer }) => answer), concurrency, results),
      Stream.fromEffect(Effect.sync(() => {
        // Each result right after its turn's (a call that asked for input again has none: `withResults`).
        const placed = answers.map(({ turn }, index) => ({ turn, result: results[index] }))
        // A call a person edited goes on as it ran (`ToolEdit.withEdits`).
        const asRan = ToolEdit.withEdits(request.messages, edits)
        messages.splice(0, messages.length, ...Conversation.withResults(asRan, placed))
      })).pipe(Stream.drain)
    )
  return { messages, answers: stream }
}
