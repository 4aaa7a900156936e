/**
 * The calls of a conversation's last turn that nothing answers: a conversation kept right after the model called, or
 * while its tools ran (a program that stored it, then crashed or went on later). Every API refuses a turn's calls
 * unanswered; both loops (`runTools` and the durable loop) answer them before they ask the model, as they answer a
 * step's. A turn a user message follows is not one: its calls are left out instead (`UnansweredCalls`).
 *
 * @internal
 */
import type * as Message from "../../core/Message.js"
import type * as Tool from "../../core/Tool.js"

/** The last turn (its position) and its calls that no result after it answers, nor `answered` says are answered. */
export const pendingOf = (
  messages: ReadonlyArray<Message.Message | Tool.ToolApproval>,
  answered: (turn: number, call: Tool.ToolCall) => boolean = () => false
): { readonly turn: number; readonly calls: ReadonlyArray<Tool.ToolCall> } | undefined => {
  const results = new Set<string>()
  let turn = messages.length - 1
  for (; turn >= 0; turn--) {
    const message = messages[turn]!
    if (message._tag === "AssistantMessage") break
    if (message._tag === "UserMessage") return undefined
    if (message._tag === "ToolResultMessage") results.add(message.toolCallId)
  }
  const last = messages[turn]
  if (last?._tag !== "AssistantMessage") return undefined
  const calls = last.toolCalls.filter((call) => !results.has(call.id) && !answered(turn, call))
  return calls.length === 0 ? undefined : { turn, calls }
}
