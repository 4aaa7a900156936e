/**
 * The approvals of a loop's request, answered before its first step (step 0). Each answers the call of an earlier
 * assistant turn, in place: approved, the call's handler runs; denied, the model is told. A handler runs at most
 * once per call:
 *
 * - a call that already has a result in the conversation, or that an earlier approval of the request answers, is
 *   answered already: the approval is accepted and runs nothing (a browser keeps its answered approvals);
 * - an approval with an `approvalId` runs only if the `ApprovalGate` admits it (served to a browser: the id was
 *   issued by this server's key for exactly that call, has not expired, and is used the first time, its use
 *   claimed in the `StreamStore`). Otherwise the call is answered with an `ApprovalRefused` error result.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type * as Message from "../Message.js"
import * as ProviderError from "../ProviderError.js"
import * as Tool from "../Tool.js"
import { ApprovalGate } from "./ApprovalGate.js"
import type * as StepEvents from "./StepEvents.js"
import * as ToolRuns from "./ToolRuns.js"

/** The call answered by an approval: the nearest earlier assistant turn that made it. */
const callOf = (messages: ReadonlyArray<Message.Message>, toolCallId: string): Tool.ToolCall | undefined => {
  for (let at = messages.length - 1; at >= 0; at--) {
    const turn = messages[at]
    if (turn?._tag !== "AssistantMessage") continue
    const call = turn.toolCalls.find((made) => made.id === toolCallId)
    if (call !== undefined) return call
  }
  return undefined
}

/** An approval's answer: refused, denied, or the call run (its arguments decoded first). */
const answer = <E, R>(
  tools: ReadonlyArray<Tool.Tool>,
  call: Tool.ToolCall,
  approval: Tool.ToolApproval,
  options: ToolRuns.RunOptions
): Effect.Effect<StepEvents.ToolResultEvent, E, R> =>
  Effect.flatMap(
    Effect.flatMap(ApprovalGate, (gate) => gate.admit(call, approval)),
    (refusal): Effect.Effect<StepEvents.ToolResultEvent, E, R> => {
      if (refusal !== undefined) return Effect.succeed(ToolRuns.answered(0, call, refusal, refusal.message, true))
      if (!approval.approved) {
        return Effect.succeed(ToolRuns.answered(0, call, approval, ToolRuns.deniedText(approval), true))
      }
      const decoded = Tool.decodeCall(tools, call)
      const tool = tools.find((candidate) => candidate.name === call.name) as Tool.Handled<Tool.Tool, E, R>
      return decoded._tag === "Failure"
        ? Effect.succeed(ToolRuns.answered(0, call, decoded.failure, decoded.failure.message, true))
        : tool._tag !== "Handled"
        ? Effect.succeed(ToolRuns.answered(0, call, undefined, `tool ${call.name} has no handler`, true))
        : ToolRuns.runHandler(0, tool, call, decoded.success.input, options)
    }
  )

/** The request's approvals answered in place: the messages to send, and the answers' events (step 0). */
export const answerApprovals = <E, R>(
  provider: string,
  request: StepEvents.RunRequest,
  concurrency: number | "unbounded",
  options: ToolRuns.RunOptions
): {
  readonly messages: Array<Message.Message>
  readonly answers: Stream.Stream<StepEvents.ToolResultEvent, E | ProviderError.ProviderError, R>
} => {
  const tools: ReadonlyArray<Tool.Tool> = request.tools ?? []
  const answeredCalls = new Set<string>()
  for (const message of request.messages) {
    if (message._tag === "ToolResultMessage") answeredCalls.add(message.toolCallId)
  }
  const messages: Array<Message.Message> = []
  const answers: Array<Effect.Effect<StepEvents.ToolResultEvent, E, R>> = []
  const positions: Array<number> = []
  let problem: string | undefined
  for (const message of request.messages) {
    if (message._tag !== "ToolApproval") {
      messages.push(message)
      continue
    }
    const call = callOf(messages, message.toolCallId)
    if (call === undefined) {
      problem ??= `a tool approval answers the call ${message.toolCallId}, which no assistant turn before it made`
      continue
    }
    // Answered already: accepted, and nothing runs again.
    if (answeredCalls.has(call.id)) continue
    answeredCalls.add(call.id)
    positions.push(messages.length)
    messages.push(undefined as unknown as Message.Message)
    answers.push(answer<E, R>(tools, call, message, options))
  }
  const results: Array<Message.ToolResultMessage | undefined> = []
  const stream = problem !== undefined
    ? Stream.fail(new ProviderError.InvalidRequestError({ provider, message: problem }))
    : answers.length === 0
    ? Stream.empty
    : Stream.concat(
      ToolRuns.runAll(answers, concurrency, results),
      Stream.fromEffect(Effect.sync(() => positions.forEach((at, index) => (messages[at] = results[index]!)))).pipe(
        Stream.drain
      )
    )
  return { messages, answers: stream }
}
