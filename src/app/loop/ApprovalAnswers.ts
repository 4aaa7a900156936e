/**
 * The approvals of a loop's request, answered before its first step (step 0). Each answers the call of an earlier
 * assistant turn, in place: approved, the call's handler runs; denied, the model is told. A handler runs at most
 * once per call:
 *
 * - a call that already has a result in the conversation, or that an earlier approval of the request answers, is
 *   answered already: the approval is accepted and runs nothing (a browser keeps its answered approvals). A call
 *   is known by the assistant turn that made it and its id, so a call of another step with the same id is not;
 * - an approval with an `approvalId` runs only if the `ApprovalGate` admits it (served to a browser: the id was
 *   issued by this server's key for exactly that call, has not expired, and is used the first time, its use
 *   claimed in the `StreamStore`). Otherwise the call is answered with an `ApprovalRefused` error result.
 *
 * The calls of the conversation's last turn that nothing answers (a conversation the app kept right after the model
 * called) are run there too, as a step's are, where they need no approval: each at most once, its run claimed by the
 * gate (`Conversation.pendingOf`).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Message from "../../core/Message.js"
import * as ProviderError from "../../core/ProviderError.js"
import * as Conversation from "../../core/request/Conversation.js"
import * as Tool from "../../core/Tool.js"
import * as ApprovalGate from "./ApprovalGate.js"
import * as StepDecision from "./StepDecision.js"
import type * as StepEvents from "./StepEvents.js"
import * as ToolInput from "./ToolInput.js"
import * as ToolRuns from "./ToolRuns.js"

/** An answer to a call of the turn at `turn` (its position in the request's messages). */
interface Answer<E, R> {
  readonly turn: number
  readonly answer: Effect.Effect<StepEvents.ToolResultEvent, E, R>
}

/** An approval's answer: refused, denied, or the call run (its arguments decoded first). */
const answer = <E, R>(
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  gate: ApprovalGate.Gate,
  options: ToolRuns.RunOptions
): Effect.Effect<StepEvents.ToolResultEvent, E, R> =>
  Effect.flatMap(
    gate.admit(call, approval),
    (refusal): Effect.Effect<StepEvents.ToolResultEvent, E, R> => {
      if (refusal !== undefined) return Effect.succeed(ToolRuns.answered(0, call, refusal, refusal.message, true))
      // The answer to the tool's request for input: its handler goes on with it, approved or not.
      const input = ToolInput.answerOf(tools, call, approval)
      if (input !== undefined) {
        const plan = StepDecision.planCall(tools, call)
        if (plan._tag === "Run" || plan._tag === "Ask") {
          return Effect.provideService(ToolRuns.answer(0, { ...plan, _tag: "Run" }, options), ToolInput.Answer, input)
        }
      }
      if (!approval.approved) {
        return Effect.succeed(ToolRuns.answered(0, call, approval, ToolRuns.deniedText(approval.reason), true))
      }
      const plan = StepDecision.planCall(tools, call)
      switch (plan._tag) {
        case "Invalid":
          return ToolRuns.answer(0, plan, options)
        case "Run":
        case "Ask":
          return ToolRuns.answer(0, { ...plan, _tag: "Run" }, options)
        default:
          return Effect.succeed(ToolRuns.answered(0, call, undefined, `tool ${call.name} has no handler`, true))
      }
    }
  )

/**
 * The calls of the conversation's last turn that nothing answers (`Conversation.pendingOf`): those the loop can run (a
 * handler, no approval asked: `StepDecision.planCall`) or answer as invalid, answered as a step's are; the others as
 * they are.
 */
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
  return pending.calls.flatMap((call) => {
    const plan = StepDecision.planCall(tools, call)
    if (plan._tag === "Invalid") return [{ turn: pending.turn, answer: ToolRuns.answer<E, R>(0, plan, options) }]
    if (plan._tag !== "Run") return []
    // Each runs at most once, whoever sends the conversation again.
    const answer = ApprovalGate.runOnce(gate, 0, turn, call, ToolRuns.answer<E, R>(0, plan, options))
    return [{ turn: pending.turn, answer }]
  })
}

/**
 * The request's approvals answered in place, and the calls of its last turn nothing answers run (`pendingAnswers`):
 * the messages to send, and the answers' events (step 0), `undefined` when it answers none (most requests: the loop
 * then starts with its first step, no stage before it).
 */
export const answerApprovals = <E, R>(
  provider: string,
  request: StepEvents.RunRequest,
  gate: ApprovalGate.Gate,
  concurrency: number | "unbounded",
  options: ToolRuns.RunOptions
): {
  readonly messages: Array<Message.Message>
  readonly answers: Stream.Stream<StepEvents.ToolResultEvent, E | ProviderError.ProviderError, R> | undefined
} => {
  const tools: ReadonlyArray<Tool.Tool> = request.tools ?? []
  const made = Conversation.callsAnswered(request.messages)
  const answered = Conversation.answeredCalls(request.messages, made)
  const answers: Array<Answer<E, R>> = []
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
    answers.push({ turn: answering.turn, answer: answer<E, R>(tools, answering.call, message, gate, options) })
  })
  answers.push(...pendingAnswers<E, R>(request.messages, tools, answered, gate, options))
  const messages = Conversation.withResults(request.messages, [])
  const results: Array<Message.ToolResultMessage | undefined> = []
  const stream = problem !== undefined
    ? Stream.fail(new ProviderError.InvalidRequestError({ provider, message: problem }))
    : answers.length === 0
    ? undefined
    : Stream.concat(
      ToolRuns.runAll(answers.map(({ answer }) => answer), concurrency, results),
      Stream.fromEffect(Effect.sync(() => {
        // Each result right after its turn's (a call that asked for input again has none: `withResults`).
        const placed = answers.map(({ turn }, index) => ({ turn, result: results[index] }))
        messages.splice(0, messages.length, ...Conversation.withResults(request.messages, placed))
      })).pipe(Stream.drain)
    )
  return { messages, answers: stream }
}
