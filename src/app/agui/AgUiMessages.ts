/**
 * Reads a run input's messages as the conversation to send a model, and the calls a resume may answer (those of the
 * last assistant turn still without a result): every message, its history checked (`AgUiHistory`), or the app's own
 * stored history and the input's new turn. Reasoning and activity messages are shown, not sent as they are.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Message from "../../core/Message.js"
import * as Payload from "../../core/payload/Payload.js"
import type * as ProviderError from "../../core/ProviderError.js"
import * as Conversation from "../../core/request/Conversation.js"
import type * as Tool from "../../core/Tool.js"
import type * as UIHistoryCheck from "../history/UIHistoryCheck.js"
import * as ToolEdit from "../loop/ToolEdit.js"
import * as UIDecodedMessage from "../protocol/UIDecodedMessage.js"
import * as AgUiContent from "./AgUiContent.js"
import * as AgUiHistory from "./AgUiHistory.js"
import type * as AgUiInputSchema from "./AgUiInputSchema.js"
import * as AgUiThreadOrder from "./AgUiThreadOrder.js"
import type * as AgUiTurn from "./AgUiTurn.js"

/** A call waiting for its answer, and where its assistant turn is in `messages`. */
export interface Waiting {
  readonly call: Tool.ToolCall
  readonly at: number
}

/**
 * The conversation, the calls a resume may answer, where what the client supplied starts, and the order of the
 * thread's steps read (none when its messages were not read: the app's own `history`).
 */
export interface Read {
  readonly messages: Array<Message.Message>
  readonly waiting: ReadonlyArray<Waiting>
  readonly clientFrom: number
  readonly order?: AgUiThreadOrder.ThreadOrder | undefined
}

/** How messages are taken: the history's trust, and whether a system message may come from the client. */
export interface Taking extends UIHistoryCheck.Trust {
  readonly allowSystem: boolean
}

type Decoded = AgUiInputSchema.Message

/** A message of a role a client may not write: a 400 naming it. */
const systemRefused = (index: number) =>
  UIDecodedMessage.invalid(
    `messages[${index}].role`,
    "a system message from the client (the server writes the system prompt; allowSystem: true takes it)"
  )

/** A user's (or, allowed, a system's) message. */
const ownMessage = (
  message: Decoded,
  index: number,
  taking: Taking
): Effect.Effect<Message.Message | undefined, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    if (message.role === "system" || message.role === "developer") {
      if (!taking.allowSystem) return yield* systemRefused(index)
      return Message.system(message.content)
    }
    if (message.role !== "user") return undefined
    const content = yield* AgUiContent.contentOf(message.content, ["messages", index, "content"])
    // No part at all is refused as on the UI message stream (`UIHistoryCheck.userTurn`): no model takes it.
    if (typeof content !== "string" && content.length === 0) {
      return yield* UIDecodedMessage.invalid(`messages[${index}].content`, "a user message without text or a file")
    }
    return AgUiContent.userMessage(content)
  })

/** The calls of the turn at `at` that no result answers (`Conversation.unansweredOf`). */
const waitingOf = (messages: ReadonlyArray<Message.Message>, at: number | undefined): ReadonlyArray<Waiting> =>
  at === undefined ? [] : Conversation.unansweredOf(messages, at).map((call) => ({ call, at }))

/** The input's reasoning messages, by id (two of one id are a 400 naming the second). */
const reasoningOf = (decoded: ReadonlyArray<Decoded>) =>
  Effect.gen(function*() {
    const reasoning = new Map<string, AgUiTurn.Reasoning>()
    for (const [index, message] of decoded.entries()) {
      if (message.role !== "reasoning") continue
      if (reasoning.has(message.id)) {
        return yield* UIDecodedMessage.invalid(`messages[${index}].id`, "a second message of this id")
      }
      reasoning.set(message.id, { index, content: message.content ?? "", encryptedValue: message.encryptedValue })
    }
    return reasoning
  })

/** The outputs the input's tool messages may hold, by call id, as JSON and as text (for `UITurnOutputs`). */
const toolOutputsOf = (decoded: ReadonlyArray<Decoded>) => {
  const contents = new Map<string, Array<string>>()
  for (const message of decoded) {
    if (message.role !== "tool" || typeof message.content !== "string") continue
    const list = contents.get(message.toolCallId)
    if (list === undefined) contents.set(message.toolCallId, [message.content])
    else list.push(message.content)
  }
  return (id: string): ReadonlyArray<unknown> =>
    (contents.get(id) ?? []).flatMap((content) => {
      const json = Payload.parseJson(content)
      return json === Payload.invalidJson ? [content] : [json, content]
    })
}

/** A tool message whose edited input is not the one the call ran with (changed since it was served): a 400. */
const editRefused = (index: number) =>
  UIDecodedMessage.invalid(
    `messages[${index}].metadata`,
    "the edited input of a tool result is not the one this server ran the call with (changed since it was served)"
  )

/** Every message of the input, its history checked. */
export const readAll = (
  decoded: ReadonlyArray<Decoded>,
  taking: Taking
): Effect.Effect<Read, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const reasoning = yield* reasoningOf(decoded)
    const outputs = toolOutputsOf(decoded)
    const messages: Array<Message.Message> = []
    const calls = new Map<string, Tool.ToolCall>()
    // Where each call's turn is in `messages`, for a call that ran as a person edited it.
    const turnOf = new Map<string, number>()
    // The provider's own calls, and those of turns not sent back: their results are not either.
    const skipped = new Set<string>()
    const answered = new Set<string>()
    // The thread's steps read so far: each comes once, in the order its runs served it.
    const order = AgUiThreadOrder.make()
    let last: number | undefined
    for (const [index, message] of decoded.entries()) {
      // A pause's message carries no turn: the calls of the turn before still wait after it.
      if (message.role === "assistant" && AgUiHistory.isPause(message)) continue
      if (message.role === "assistant") {
        const read = yield* AgUiHistory.readAssistant(message, index, taking, reasoning, outputs, order)
        for (const id of read.serverCalls) skipped.add(id)
        last = read.turn === undefined ? undefined : messages.push(read.turn) - 1
        for (const call of read.calls) {
          calls.set(call.id, call)
          if (last !== undefined) turnOf.set(call.id, last)
        }
      } else if (message.role === "tool") {
        if (skipped.has(message.toolCallId)) continue
        const call = calls.get(message.toolCallId)
        const field = `messages[${index}].toolCallId`
        if (call === undefined) {
          return yield* UIDecodedMessage.invalid(field, "a result of a call no assistant message before it made")
        }
        if (answered.has(call.id)) {
          return yield* UIDecodedMessage.invalid(field, "a second result of a call")
        }
        answered.add(call.id)
        const ran = yield* AgUiHistory.ranCall(message, index, call, taking)
        const read = AgUiHistory.readTool(message, index, ran, taking)
        // An edit the server did not sign is not what it ran: said so.
        messages.push(yield* (ran === call ? read : read.pipe(Effect.catch(() => editRefused(index)))))
        const turn = turnOf.get(call.id)
        if (ran !== call && turn !== undefined) {
          messages.splice(turn, 1, ...ToolEdit.withEdits([messages[turn]!], [{ turn: 0, call: ran }]))
        }
      } else {
        const own = yield* ownMessage(message, index, taking)
        if (own !== undefined) messages.push(own)
        // A user's message after an answer's steps: the run after it is a new answer's.
        if (message.role === "user") order.asked = true
      }
    }
    return { messages, waiting: waitingOf(messages, last), clientFrom: 0, order }
  })

/** The last assistant turn of `messages`, by position. */
const lastTurn = (messages: ReadonlyArray<Message.Message>): number | undefined => {
  for (let at = messages.length - 1; at >= 0; at--) if (messages[at]!._tag === "AssistantMessage") return at
  return undefined
}

/** The app's history, with the input's new turn. */
export const readTurn = (
  history: ReadonlyArray<Message.Message>,
  decoded: ReadonlyArray<Decoded>,
  taking: Taking
): Effect.Effect<Read, ProviderError.InvalidRequestError> =>
  Effect.gen(function*() {
    const messages = [...history]
    const turn = lastTurn(history)
    const waiting = waitingOf(messages, turn)
    const answered = new Set<string>()
    const unchecked = { signed: false, clientTools: new Set<string>(), binding: taking.binding }
    for (const [index, message] of decoded.entries()) {
      if (message.role !== "tool") continue
      const call = waiting.find((candidate) => candidate.call.id === message.toolCallId)?.call
      // Of the results, only those of tools that run in the client, for calls of the history, are the client's to say.
      if (call === undefined || (taking.signed && !taking.clientTools.has(call.name))) continue
      if (answered.has(call.id)) continue
      answered.add(call.id)
      messages.push(yield* AgUiHistory.readTool(message, index, call, unchecked))
    }
    const index = decoded.length - 1
    const own = index < 0 || decoded[index]!.role === "assistant" || decoded[index]!.role === "tool"
      ? undefined
      : yield* ownMessage(decoded[index]!, index, taking)
    if (own !== undefined) messages.push(own)
    return { messages, waiting: waitingOf(messages, turn), clientFrom: history.length }
  })
