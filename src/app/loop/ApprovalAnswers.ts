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

/** A call's key: the turn that made it and its id. */
const keyOf = (turn: number, toolCallId: string): string => `${turn}/${toolCallId}`

/** An approval's answer: refused, denied, or the call run (its arguments decoded first). */
const answer = <E, R>(
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  gate: ApprovalGate.Gate,
  options: ToolRuns.RunOptions
): Effect.Effect<StepEvents.ToolResultEvent, E, R> =>
  Effect.flatMap(
    Effect.zip(gate.admit(call, approval), ToolInput.answerOf(tools, call, approval)),
    ([refusal, input]): Effect.Effect<StepEvents.ToolResultEvent, E, R> => {
      if (refusal !== undefined) return Effect.succeed(ToolRuns.answered(0, call, refusal, refusal.message, true))
      // The answer to the tool's request for input: its handler goes on with it, approved or not.
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

/** The calls the request's results answer, by `keyOf` (`made`: `Conversation.callsAnswered`). */
const answeredCalls = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  made: ReadonlyArray<Conversation.Made | undefined>
): Set<string> =>
  new Set(messages.flatMap((message, index) => {
    const answered = made[index]
    return message._tag === "ToolResultMessage" && answered !== undefined
      ? [keyOf(answered.turn, answered.call.id)]
      : []
  }))

/**
 * The request's messages without its approvals, with a place for each answer right after the results that follow the
 * turn whose call it answers, before anything else (a question the user asked with the approval): every API takes a
 * call's result only right after its turn (Anthropic: the `tool_result` blocks first in the next message).
 */
const placed = (
  requested: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  byTurn: ReadonlyMap<number, ReadonlyArray<number>>,
  count: number
): { readonly messages: Array<Message.Message>; readonly positions: Array<number> } => {
  const messages: Array<Message.Message> = []
  const positions: Array<number> = new Array(count)
  let open: ReadonlyArray<number> | undefined
  const close = () => {
    for (const answer of open ?? []) positions[answer] = messages.push(undefined as unknown as Message.Message) - 1
    open = undefined
  }
  requested.forEach((message, index) => {
    if (message._tag === "ToolApproval") return
    if (message._tag !== "ToolResultMessage") close()
    messages.push(message)
    if (message._tag === "AssistantMessage") open = byTurn.get(index)
  })
  close()
  return { messages, positions }
}

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
): Array<{ readonly turn: number; readonly answer: Effect.Effect<StepEvents.ToolResultEvent, E, R> }> => {
  const pending = Conversation.pendingOf(messages, (turn, call) => answered.has(keyOf(turn, call.id)))
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
  const answered = answeredCalls(request.messages, made)
  const answers: Array<Effect.Effect<StepEvents.ToolResultEvent, E, R>> = []
  // The approvals each turn's calls have, by the turn's position: their results go right after the turn's results.
  const byTurn = new Map<number, Array<number>>()
  let problem: string | undefined
  request.messages.forEach((message, index) => {
    if (message._tag !== "ToolApproval") return
    const answering = made[index]
    if (answering === undefined) {
      problem ??= `a tool approval answers the call ${message.toolCallId}, which no assistant turn before it made`
      return
    }
    // Answered already: accepted, and nothing runs again.
    const key = keyOf(answering.turn, answering.call.id)
    if (answered.has(key)) return
    answered.add(key)
    byTurn.set(answering.turn, [...byTurn.get(answering.turn) ?? [], answers.length])
    answers.push(answer<E, R>(tools, answering.call, message, gate, options))
  })
  for (const pending of pendingAnswers<E, R>(request.messages, tools, answered, gate, options)) {
    byTurn.set(pending.turn, [...byTurn.get(pending.turn) ?? [], answers.length])
    answers.push(pending.answer)
  }
  const { messages, positions } = placed(request.messages, byTurn, answers.length)
  const results: Array<Message.ToolResultMessage | undefined> = []
  const stream = problem !== undefined
    ? Stream.fail(new ProviderError.InvalidRequestError({ provider, message: problem }))
    : answers.length === 0
    ? undefined
    : Stream.concat(
      ToolRuns.runAll(answers, concurrency, results),
      Stream.fromEffect(Effect.sync(() => {
        positions.forEach((at, index) => (messages[at] = results[index]!))
        // A call that asked for input again has no result: its place goes.
        for (let at = messages.length - 1; at >= 0; at--) if (messages[at] === undefined) messages.splice(at, 1)
      })).pipe(Stream.drain)
    )
  return { messages, answers: stream }
}
