/**
 * The tool calls of a conversation that nothing answers, and the one rule for them: **a history a client supplies
 * never runs a tool by itself.**
 *
 * - From a client (a browser's `useChat` body, an AG-UI run input, trusted or not), a call with no result and no
 *   approval in the same input is left out before the loop sees it (`withoutUnanswered`): a client that sends its
 *   history back cut right after a call, or forges one, makes nothing run. `UIMessageStream.toMessages` and
 *   `AgUi.readRunInput` both apply it.
 * - From the app's own storage (`runTools({ messages })`, the `history` option, a durable run), the calls of the last
 *   turn that nothing answers (`pendingOf`: a conversation kept right after the model called, or while its tools
 *   ran) are run by both loops before they ask the model, as a step's are, since every API refuses a turn's calls
 *   unanswered. Each runs at most once: the loop's `ApprovalGate` claims the call (its turn's digest and its id) in
 *   the `StreamStore` first, so a request sent again, or a second durable run on the same stored conversation, tells
 *   the model the call ran before instead of running it again.
 *
 * A turn a user message follows is neither: its calls are left out when a request is made (`UnansweredCalls`).
 *
 * @internal
 */
import * as Message from "../../core/Message.js"
import * as ResultsAfterCalls from "../../core/request/ResultsAfterCalls.js"
import type * as Tool from "../../core/Tool.js"
import * as TurnCarry from "../../providers/TurnCarry.js"

/** The tool results among `messages`, by the id of the call each answers. */
const resultsById = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>
): Map<string, Array<Message.ToolResultMessage>> => {
  const results = new Map<string, Array<Message.ToolResultMessage>>()
  for (const message of messages) {
    if (message._tag !== "ToolResultMessage") continue
    const same = results.get(message.toolCallId)
    if (same === undefined) results.set(message.toolCallId, [message])
    else same.push(message)
  }
  return results
}

/** Whether one of `results` answers `call` (its id and its tool: `ResultsAfterCalls.answers`). */
const answeredBy = (results: ReadonlyMap<string, ReadonlyArray<Message.ToolResultMessage>>, call: Tool.ToolCall) =>
  (results.get(call.id) ?? []).some((result) => ResultsAfterCalls.answers(result, call.id, call.name))

/** The last turn (its position) and its calls that no result after it answers, nor `answered` says are answered. */
export const pendingOf = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  answered: (turn: number, call: Tool.ToolCall) => boolean = () => false
): { readonly turn: number; readonly calls: ReadonlyArray<Tool.ToolCall> } | undefined => {
  let turn = messages.length - 1
  for (; turn >= 0; turn--) {
    const message = messages[turn]!
    if (message._tag === "AssistantMessage") break
    if (message._tag === "UserMessage") return undefined
  }
  const last = messages[turn]
  if (last?._tag !== "AssistantMessage") return undefined
  const results = resultsById(messages.slice(turn + 1))
  const calls = last.toolCalls.filter((call) => !answeredBy(results, call) && !answered(turn, call))
  return calls.length === 0 ? undefined : { turn, calls }
}

/**
 * The conversation with the calls `leaving` names taken out of their turns, with what only they needed (the
 * provider's blocks of the turn go on, its state kept, without them); a turn left empty goes.
 */
export const withoutCalls = (
  messages: ReadonlyArray<Message.Message>,
  leaving: ReadonlySet<string>
): Array<Message.Message> =>
  messages.flatMap((message): Array<Message.Message> => {
    if (message._tag !== "AssistantMessage" || !message.toolCalls.some((call) => leaving.has(call.id))) {
      return [message]
    }
    const toolCalls = message.toolCalls.filter((call) => !leaving.has(call.id))
    const provided = message.content
    const content = provided === undefined ? undefined : TurnCarry.contentOf(TurnCarry.ofContent(provided), toolCalls)
    if (message.text === "" && toolCalls.length === 0 && (content?.blocks.length ?? 0) === 0) return []
    return [Message.assistant(message.text, { toolCalls, content: content?.blocks.length === 0 ? undefined : content })]
  })

/**
 * The ids of the calls of the turns at `from` and after (the part of `messages` a client supplied) that no result in
 * `messages` answers (of the same id and tool: `ResultsAfterCalls.answers`) and no approval of the same input
 * (`approved`, by call id) answers.
 */
export const unansweredFrom = (
  messages: ReadonlyArray<Message.Message>,
  from: number,
  approved: ReadonlySet<string>
): Set<string> => {
  // The results by call id (a client's input holds up to 100,000 parts: no scan of them all per call).
  const results = resultsById(messages)
  const answered = (call: Tool.ToolCall) => approved.has(call.id) || answeredBy(results, call)
  return new Set(
    messages.slice(from).flatMap((message) =>
      message._tag === "AssistantMessage" ? message.toolCalls.flatMap((call) => answered(call) ? [] : [call.id]) : []
    )
  )
}

/**
 * A client's conversation without its calls that nothing in the same input answers (the rule above); itself when
 * it has none.
 */
export const withoutUnanswered = (
  messages: Array<Message.Message>,
  approved: ReadonlySet<string>,
  from = 0
): Array<Message.Message> => {
  const leaving = unansweredFrom(messages, from, approved)
  return leaving.size === 0 ? messages : withoutCalls(messages, leaving)
}
